"""Ingest stage: report files → inventory (accepted / rejected) → cleaned text → units."""

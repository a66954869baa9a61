"""The review page: evidence highlighted in the text, fields beside it, and curation lines that
core.curation reads back exactly as the reviewer means them (tested by pasting them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.core import review
from pipelines.core.curation import apply_to_incidents, load_curation, mention_rejected

TEXT = ("Monitoring notes.\n\nOn 3 May 2021 police detained Aigul Nurova <b>in</b> Taraz and searched her flat. "
        "She was fined the next day.\n\nNothing else happened.")


def incident(iid: str, sentence: str, **over) -> dict:
    start = TEXT.index(sentence)
    row = {"incident_id": iid, "report_id": "0123456789abcdef", "event_type": "detention",
           "right": "expression", "event_date": dt.date(2021, 5, 3), "event_date_end": dt.date(2021, 5, 3),
           "date_precision": "day", "in_period": True, "country": "KZ", "location": "Taraz",
           "admin1": None, "geo_precision": "city", "legal_basis": [], "confidence": 0.8,
           "method": "rules-test", "summary": "Detained.", "evidence": sentence,
           "evidence_start": start, "evidence_end": start + len(sentence)}
    row.update(over)
    return row


SENTENCE = "On 3 May 2021 police detained Aigul Nurova <b>in</b> Taraz and searched her flat."
ROWS = [incident("I000000000001", SENTENCE),
        incident("I000000000002", SENTENCE, event_type="search"),
        incident("I000000000003", "She was fined the next day.", event_type="fine",
                 event_date=dt.date(2021, 5, 4), event_date_end=dt.date(2021, 5, 4))]
REPORT = {"report_id": "0123456789abcdef", "source_file": "sources/reports/notes.txt", "title": "Notes",
          "publisher": "Test"}
PERSONS = [{"person_id": "P0000000001", "name": "Aigul Nurova"}]
LINKS = [{"incident_id": i, "person_id": "P0000000001", "role": "target"} for i in ("I000000000001", "I000000000002")]


def page(rows=ROWS) -> str:
    return review.review_page(report=REPORT, text=TEXT, incidents=rows, links=LINKS, persons=PERSONS,
                              mentions=[{"surface": "Aigul Nurova", "person_id": "P0000000001"}], release="r1")


def test_segments_cover_the_paragraph_and_name_overlapping_incidents():
    (start, end), = [p for p in review.paragraphs(TEXT) if "police" in TEXT[p[0]:p[1]]]
    evidence = [(r["evidence_start"], r["evidence_end"], r["incident_id"]) for r in ROWS]
    pieces = review.segments(TEXT, start, end, evidence)
    assert "".join(p["text"] for p in pieces) == TEXT[start:end]
    shared = next(p for p in pieces if p["text"] == SENTENCE)
    assert shared["incidents"] == ["I000000000001", "I000000000002"]
    assert any(p["incidents"] == ["I000000000003"] for p in pieces)


def test_page_escapes_the_text_and_shows_fields():
    html = page()
    assert "&lt;b&gt;in&lt;/b&gt;" in html and "<b>in</b>" not in html
    assert html.count("<mark") == 2  # one shared sentence, one sentence of its own
    assert "2021-05-04 (day)" in html and "Aigul Nurova" in html and "Taraz, KZ (city)" in html
    assert "does not record the phrase" in html


def test_phrases_are_shown_when_the_release_has_them():
    rows = [dict(r, date_phrase="On 3 May 2021", location_phrase="in Taraz") for r in ROWS]
    html = page(rows)
    assert "from “On 3 May 2021”" in html and "from “in Taraz”" in html
    assert "does not record the phrase" not in html


def paste(tmp_path: Path, incidents: list[str], mentions: list[str] = ()) -> Path:
    path = tmp_path / "incidents.yaml"
    body = "incidents:\n" + "".join(f"  {line}\n" for line in incidents)
    body += "person_mentions:\n" + "".join(f"  {line}\n" for line in mentions) if mentions else ""
    path.write_text(body, encoding="utf-8")
    return path


def test_pasted_reject_and_fix_lines_do_what_they_say(tmp_path):
    reject = review.curation_lines(ROWS[0], "notes.txt")["reject"]
    fix = review.curation_lines(ROWS[2], "notes.txt")["fix"].replace("event_type: fine", "event_type: court_ruling")
    assert "\n" not in reject and reject.startswith("- {action: reject, incident_id: I000000000001")
    cur = load_curation(paste(tmp_path, [reject, fix]))
    assert cur.problems == []
    rows, applied, problems = apply_to_incidents(cur, [dict(r) for r in ROWS], {REPORT["report_id"]: TEXT},
                                                 {REPORT["report_id"]: REPORT["source_file"]})
    assert problems == [] and len(applied) == 2
    by_id = {r["incident_id"]: r for r in rows}
    assert "I000000000001" not in by_id
    fixed = by_id["I000000000003"]
    assert fixed["event_type"] == "court_ruling" and fixed["event_date"] == dt.date(2021, 5, 4)
    assert fixed["method"] == "curated"


def test_pasted_mention_line_rejects_the_name_in_that_report_only(tmp_path):
    line = review.mention_line("Aigul Nurova", "notes.txt")
    cur = load_curation(paste(tmp_path, [], [line]))
    assert cur.problems == []
    assert mention_rejected(cur, "sources/reports/notes.txt", "x", "Aigul Nurova", "Aigul Nurova")
    assert not mention_rejected(cur, "sources/reports/other.txt", "y", "Aigul Nurova", "Aigul Nurova")


def test_civic_review_writes_the_page_of_the_seed(seed_release, tmp_path, capsys):
    root, release = seed_release
    out = tmp_path / "seed.html"
    assert main(["review", "000_bf2cf6556fc1d8c3.txt", "--root", str(root), "--release", str(release),
                 "--out", str(out)]) == 0
    html = out.read_text()
    import pandas as pd

    incidents = pd.read_parquet(release / "incidents.parquet")
    assert all(f'id="{iid}"' in html for iid in incidents.incident_id)
    assert html.count("- {action: reject, incident_id:") == len(incidents)
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize("args, code", [(["nosuch.txt"], 2), (["000_bf2cf6556fc1d8c3.txt", "--release", "/nonexistent"], 2)])
def test_civic_review_names_what_is_missing(seed_release, args, code, capsys):
    root, release = seed_release
    argv = ["review", *args, "--root", str(root)]
    if "--release" not in args:
        argv += ["--release", str(release)]
    assert main(argv) == code
    assert "error:" in capsys.readouterr().err

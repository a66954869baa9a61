"""Which report partitions a build must materialise again; the others are read from the warehouse.

What belongs here: the fingerprint of one report partition's inputs, the record of the
fingerprints whose per-report assets the warehouse holds (`outputs/cache/partitions.json`), and
`stale_reports`. `civic build` runs the per-report assets only for stale partitions (a range
of them in the instance's partition order) and the cross-report assets over all of them.

Why: a run over every partition costs, per report, reading and cleaning its file again, four
Parquet writes and eight Dagster events (about 0.1 s per report, so 100 s of a 1,000-report
build) even when the extraction cache makes the parse free; adding one report must not.

A partition is stale when its file (path, bytes, provenance record), the code of the
per-report assets (`per_report_version`: every pipelines module they import, and the
extractor's data files) or the record differ, when one of its warehouse files is missing, or
when its last extraction timed out (the record leaves those out: a busy machine may have caused
it, as the extraction cache assumes too).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from pipelines.extract.work import code_files, extractor_version

PER_REPORT_ASSETS = ("report_texts", "report_units", "report_mentions", "report_incidents")
_ROOTS = ("pipelines.ingest.assets", "pipelines.extract.assets")


@functools.lru_cache(maxsize=1)
def per_report_version() -> str:
    """Digest of what the per-report assets compute with besides their file: their code (the
    pipelines modules they import, transitively) and the extractor version (its data files)."""
    digest = hashlib.sha256(extractor_version().encode() + b"\0")
    base = Path(__file__).resolve().parents[2]
    for path in code_files(_ROOTS, lambda name: name.startswith("pipelines.")):
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def fingerprint(source, version: str) -> str:
    """Of one accepted file (a pipelines.core.sources.SourceFile): everything report_texts reads
    of it, and the code version."""
    fields = [version, source.report_id, source.path, source.sha256, source.fmt, source.size,
              source.sidecar, source.supersedes]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:24]


def record_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / "partitions.json"


def load_record(cache_dir: Path) -> dict[str, str]:
    """{report_id: fingerprint} of the partitions the warehouse holds; {} when absent or broken."""
    try:
        data = json.loads(record_path(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_record(cache_dir: Path, record: dict[str, str]) -> None:
    path = record_path(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(dict(sorted(record.items())), indent=0), encoding="utf-8")
    os.replace(tmp, path)


def stale_reports(fingerprints: dict[str, str], record: dict[str, str], warehouse: Path) -> set[str]:
    """The report ids whose fingerprint is not the recorded one or whose warehouse files are not
    all there (a deleted warehouse, a run stopped half-way)."""
    return {rid for rid, fp in fingerprints.items()
            if record.get(rid) != fp
            or not all((Path(warehouse) / a / f"{rid}.parquet").exists() for a in PER_REPORT_ASSETS)}


def run_range(keys: list[str], stale: set[str]) -> list[str]:
    """The partitions a run covers: from the first stale key to the last, in the instance's order
    (a run covers a range; new reports are added at the end, so the range is usually just them).
    Fresh partitions inside it are materialised again, from the extraction cache."""
    at = [i for i, k in enumerate(keys) if k in stale]
    return keys[at[0]:at[-1] + 1] if at else []

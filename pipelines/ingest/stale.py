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

A whole build is skipped (`unchanged_build`) when no partition is stale and everything else
the cross-report assets read is what the last successful build read (`build_digest`: the
code and data files of pipelines/ and schemas/, the pinned dependency files, every file under
sources/ but the reports, the reports' fingerprints, the rejected files and the extraction
settings), and the release it published or confirmed is still the latest, byte for byte: that
build's answer stands (a rebuild with nothing changed took 44 s at 1,000 reports to find that
no table changed).
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


BUILD_RECORD = "last_build.json"
_PINS = ("requirements.lock", "requirements-model.txt", "pyproject.toml")
_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".txt", ".csv", ".json", ".j2", ".sql", ".bin"}


def build_digest(root: Path, fingerprints: dict[str, str], rejected: list, settings: dict) -> str:
    """Of everything a build reads besides the report files (see the module docstring)."""
    digest = hashlib.sha256()
    base = Path(__file__).resolve().parents[2]
    for folder in ("pipelines", "schemas"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _PINS:  # the pinned libraries and model write the files too
        path = base / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    sources = Path(root) / "sources"
    reports = sources / "reports"
    for path in sorted(sources.rglob("*")):
        if path.is_file() and reports not in path.parents:
            digest.update(str(path.relative_to(sources)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps([sorted(fingerprints.items()), sorted(map(list, rejected)), settings],
                             sort_keys=True, default=str).encode())
    return digest.hexdigest()


def save_build(cache_dir: Path, digest: str, summary: dict) -> None:
    """What a successful build answered, for `unchanged_build` to give again."""
    path = Path(cache_dir) / BUILD_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = {k: summary[k] for k in ("release", "datapackage_sha256", "rejected", "inventory_metadata")
            if k in summary}
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps({"digest": digest, **keep}, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def unchanged_build(cache_dir: Path, digest: str, latest: Path | None) -> dict | None:
    """The last build's answer when its digest is `digest` and `latest` (the release folder
    `latest` points to now) is the release it gave, unchanged; else None."""
    try:
        saved = json.loads((Path(cache_dir) / BUILD_RECORD).read_text(encoding="utf-8"))
        if saved["digest"] != digest or latest is None or Path(saved["release"]).resolve() != latest.resolve():
            return None
        package = (latest / "datapackage.json").read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if hashlib.sha256(package).hexdigest() != saved.get("datapackage_sha256"):
        return None
    return saved

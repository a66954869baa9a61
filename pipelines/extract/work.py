"""One report's extraction as a worker process runs it: cleaned text -> units -> person mentions
-> incidents, as plain rows. No Dagster import here, so that a worker starts light.

What belongs here: the calls of the per-report stages of pipelines.core in their order, turning
their dataclasses into rows, the incident ids and the rule that the same incident told twice
is one incident (`incident_rows`), and `extractor_version`, the version string a cached result
is keyed by. The process pool, the time limit and the cache are in pipelines.extract.runner.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import functools
import hashlib
import sys
import traceback
from pathlib import Path

from pipelines.core.events import extract_incidents, incident_key
from pipelines.core.metadata import ReportMeta
from pipelines.core.names import find_person_mentions
from pipelines.core.units import segment

UNIT_COLUMNS = ["report_id", "kind", "start", "end", "text", "section", "paragraph_index"]
MENTION_COLUMNS = ["report_id", "start", "end", "surface", "local_id", "canonical", "roles", "kind"]
ERROR_COLUMN = "extraction_error"

_CORE = Path(__file__).resolve().parents[1] / "core"
_PACKAGES = _CORE.parents[1]  # the folder holding the `pipelines` package
# Data the stages read besides their code: every non-Python file under pipelines/core (lexicons,
# rules, given names; kept whole because which file a stage opens is not visible statically)
# and the gazetteer, which lives beside the reports it serves.
_STAGE_DATA = (_CORE, _PACKAGES / "sources" / "gazetteer")


# The functions whose results are cached; their modules' version constants are part of the key.
STAGES = (segment, find_person_mentions, extract_incidents, incident_key)


def _declared_versions() -> list[str]:
    """`METHOD` / `VERSION` constants of the modules defining the stages (the incident
    extractor says `parse-1.0` and the pin of its parse weights)."""
    out = []
    for name in sorted({f.__module__ for f in STAGES}):
        for attr in ("METHOD", "VERSION"):
            value = getattr(sys.modules[name], attr, None)
            if isinstance(value, str):
                out.append(f"{name}.{attr}={value}")
    return out


def _module_file(name: str) -> Path | None:
    """The source file of a pipelines.core module (a package's __init__.py), else None."""
    base = _PACKAGES.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def code_files(roots, within) -> list[Path]:
    """The source files of the modules `roots` and of every module they import, transitively,
    among those `within(name)` accepts; read from the import statements of the source (those
    inside functions too, so a lazy import counts; a package counts with its __init__). Static
    rather than sys.modules, which holds whatever else the process imported."""
    seen: dict[str, Path] = {}
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in seen or not within(name):
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]  # its packages' __init__ run first
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package this module is in
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                # `from pkg import mod` imports a module when mod is one, else a name of pkg
                todo += [base] + [f"{base}.{a.name}" for a in node.names]
    return sorted(set(seen.values()))


def stage_code_files() -> list[Path]:
    """The source files the cached work runs: this module (it makes the rows), the modules
    defining STAGES and every pipelines.core module they import. Modules outside the closure
    (linking, release, ...) are no input of the cached work: editing them must not re-extract a
    corpus."""
    roots = {f.__module__ for f in STAGES} | {__name__}
    return code_files(roots, lambda name: name.startswith("pipelines.core") or name == __name__)


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """What a cached per-report result depends on besides its input: the declared versions of
    the stage modules, a digest of the code the stages run (`stage_code_files`) and of every
    data file under pipelines/core and sources/gazetteer. Any edit there (a rule, a lexicon, a
    model pin) re-extracts every report once; a version bump alone does too. Editing code the
    stages do not import (person linking, the release writer) keeps the cache."""
    digest = hashlib.sha256()
    declared = _declared_versions()
    for line in declared:
        digest.update(line.encode() + b"\n")
    files = [(p, _PACKAGES) for p in stage_code_files()]
    for folder in _STAGE_DATA:
        files += [(p, folder.parent) for p in sorted(folder.rglob("*"))
                  if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    for path, base in files:
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    label = ",".join(line.split("=", 1)[1] for line in declared) or "unversioned"
    return f"{label}+{digest.hexdigest()[:16]}"


def _date(value):
    if value is None or value != value:  # None or NaN
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def meta_of(row: dict) -> ReportMeta:
    return ReportMeta(
        title=row.get("title"), publisher=row.get("publisher"), country=row.get("country"),
        period_start=_date(row.get("period_start")), period_end=_date(row.get("period_end")),
        retrieved=_date(row.get("retrieved")),
        assumed_year=None if row.get("assumed_year") is None else int(row["assumed_year"]),
    )


def evidence_span(start: int, end: int) -> str:
    return f"{start}-{end}"


def incident_rows(report_id: str, found: list) -> list[dict]:
    """Rows of a report's incidents with their ids. The same incident told twice (a summary
    repeating the body, a quoted post, a digest repeating an item) gives the same id, since the
    id is made of type, evidence sentence, people, date, place and penalty: it is one row whose
    evidence is the first telling, and the offsets of the later tellings are kept in
    `evidence_more` ("start-end", in text order). Repetition used to fail the whole report."""
    rows: list[dict] = []
    by_id: dict[str, dict] = {}
    for inc in sorted(found, key=lambda i: i.evidence_start):  # stable: ties keep the extractor's order
        iid = incident_key(report_id, inc)
        first = by_id.get(iid)
        if first is not None:
            span = evidence_span(inc.evidence_start, inc.evidence_end)
            if span != evidence_span(first["evidence_start"], first["evidence_end"]) and span not in first["evidence_more"]:
                first["evidence_more"].append(span)
            continue
        values = dataclasses.asdict(inc)
        values.update(incident_id=iid, report_id=report_id, evidence_more=list(values.get("evidence_more") or []))
        by_id[iid] = values
        rows.append(values)
    return rows


class StageError(Exception):
    """A stage raised on a report; `message` names the stage, the error and where it happened."""


def _failed(stage: str, exc: Exception) -> StageError:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return StageError(f"{stage} failed: {type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})")


# A sentence every stage reads (a date, a place, a person, a trigger): extracting it once loads
# the parser's weights and compiles the rules (0.7 s of a fresh process's first report).
WARM_UP_TEXT = "On 1 May 2020 police in Almaty detained activist Ivan Petrov."


def warm_up() -> None:
    """Load what the stages load on first use, in the process that forks the workers: each
    worker then starts with it (copy-on-write) instead of loading it again, as every worker did,
    and every replacement worker after `max_tasks_per_child` reports."""
    try:
        extract_report("0" * 16, WARM_UP_TEXT, {})
    except Exception:  # noqa: S110 (a stage that fails here fails on the reports too, named there)
        pass


def extract_report(report_id: str, text: str, meta: dict) -> dict[str, list[dict]]:
    """Units, person mentions and incidents of one report's cleaned text, as rows (the frames of
    report_units, report_mentions and report_incidents). Raises StageError naming the stage."""
    try:
        units = segment(text) if text else []
    except Exception as exc:  # a bug meeting new text costs this report only
        raise _failed("segmentation", exc) from None
    try:
        mentions = find_person_mentions(text, units) if text else []
    except Exception as exc:
        raise _failed("person recognition", exc) from None
    try:
        found = extract_incidents(text, units, mentions, meta_of(meta)) if text else []
        incidents = incident_rows(report_id, found)
    except Exception as exc:
        raise _failed("incident extraction", exc) from None
    return {
        "units": [{"report_id": report_id, **dataclasses.asdict(u)} for u in units],
        "mentions": [{"report_id": report_id, **dataclasses.asdict(m)} for m in mentions],
        "incidents": incidents,
    }

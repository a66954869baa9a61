"""The last published release, read back for stable ids and the change log."""

from __future__ import annotations

import json
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.core import continuity
from schemas import TABLES


@dataclass
class PreviousRelease:
    folder: Path | None = None
    version: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())


# The last release read, by folder and the stat of its datapackage.json: four steps of a build
# read it (person ids, incident redirects, the two id-continuity checks), 0.8 s each at 1,000
# reports. A published folder is never rewritten (it is made read-only), so the key is enough.
_READ: dict[tuple, PreviousRelease] = {}


def previous_release_tables(releases_dir: Path) -> PreviousRelease:
    """Tables of the release `latest` points to; an empty PreviousRelease when there is none.
    The frames are shared by every caller in the process: read them, do not change them."""
    latest = releases_dir / "latest"
    if not latest.exists():
        return PreviousRelease()
    folder = latest.resolve()
    package = folder / "datapackage.json"
    if not package.exists():
        return PreviousRelease()
    stat = package.stat()
    key = (str(folder), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key in _READ:
        return _READ[key]
    version = json.loads(package.read_text(encoding="utf-8")).get("version")
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if path.exists():
            tables[name] = pd.read_parquet(path)
    _READ.clear()
    _READ[key] = PreviousRelease(folder=folder, version=version, tables=tables)
    return _READ[key]


def forget_previous_release() -> None:
    """Drop the kept tables of the last release (for the release step, which reads none of them)."""
    _READ.clear()


def release_date(report_rows: list[dict]) -> dt.date:
    """A release is dated by the newest of its sources' retrieval dates and covered periods.

    Never the clock: the same sources give the same date, so a rebuild gives the same version and
    byte-identical datapackage.json. Sources with neither date do not move it.
    """
    dates = []
    for row in report_rows:
        for key in ("retrieved", "period_end"):
            value = row.get(key)
            if value is None or (isinstance(value, float) and value != value):
                continue
            dates.append(dt.date.fromisoformat(str(value)[:10]))
    return max(dates) if dates else dt.date(1970, 1, 1)


def planned_version(releases_dir: Path, when: dt.date) -> str:
    """The version the next publish will take: YYYY.MM.DD of the release date, then .1, .2 ... if taken."""
    base = when.strftime("%Y.%m.%d")
    candidate, n = base, 0
    while (releases_dir / candidate).exists():
        n += 1
        candidate = f"{base}.{n}"
    return candidate


def report_successors(previous_reports: pd.DataFrame, report_ids: set[str],
                      source_inventory: pd.DataFrame) -> dict[str, str]:
    """{report id of the previous release: the report id carrying its text in this build}."""
    accepted = source_inventory[source_inventory.status == "accepted"]
    rejected = source_inventory[source_inventory.status == "rejected"]
    pairs = list(zip(previous_reports.report_id, previous_reports.source_file)) if len(previous_reports) else []
    supersedes = {old: path for path, old in zip(accepted.path, accepted.supersedes) if isinstance(old, str)}
    return continuity.report_successors(
        pairs, report_ids, dict(zip(accepted.path, accepted.report_id)),
        dict(zip(rejected.path, rejected.code.fillna(""))), supersedes)

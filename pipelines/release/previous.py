"""The last published release, read back for stable ids and the change log."""

from __future__ import annotations

import json
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd



@dataclass
class PreviousRelease:
    folder: Path | None = None
    version: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())


def previous_release_tables(releases_dir: Path) -> PreviousRelease:
    """Tables of the release `latest` points to; an empty PreviousRelease when there is none."""
    latest = releases_dir / "latest"
    if not latest.exists():
        return PreviousRelease()
    folder = latest.resolve()
    package = folder / "datapackage.json"
    if not package.exists():
        return PreviousRelease()
    version = json.loads(package.read_text(encoding="utf-8")).get("version")
    tables = {}
    for name in ("reports", "incidents", "persons", "person_mentions", "incident_persons", "person_redirects"):
        path = folder / f"{name}.parquet"
        if path.exists():
            tables[name] = pd.read_parquet(path)
    return PreviousRelease(folder=folder, version=version, tables=tables)


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

"""The last published release, read back for stable ids and the change log."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

VERSION = re.compile(r"^v(\d+)$")


@dataclass
class PreviousRelease:
    folder: Path | None = None
    version: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def next_version(self) -> str:
        n = int(VERSION.match(self.version).group(1)) if self.version and VERSION.match(self.version) else 0
        return f"v{n + 1}"

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

"""The release page (index.html): what a release holds, at a glance, readable offline.

Belongs here: the summary figures of a release (reports, incidents by type and right, persons,
date range, countries), the charts (core.charts), the quality scores with what they mean
(data/score_meanings.yaml), the change log (CHANGES.md rendered to HTML), every file with its size
and sha256, and the suggested citation; filled into data/templates/release_page.html.j2. No
script, no external resource: the page is one file that works from a downloaded folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

from pipelines.core import charts
from pipelines.core.templates import render
from schemas.vocab import EVENT_TYPE_MEANINGS, EVENT_TYPES, RIGHTS

PAGE = "index.html"
SCORE_MEANINGS = Path(__file__).parent / "data" / "score_meanings.yaml"
# The columns the page reads of each table (summary, charts); of the other tables it shows only
# the number of rows. A writer that hands the page these alone keeps 10,000 reports' other
# cells out of it.
READS = {
    "reports": None,  # every column: the list of reports
    "incidents": ("event_type", "right", "event_date", "event_date_end", "in_period", "country", "location"),
    "persons": ("name", "n_incidents"),
}


@cache
def score_meanings() -> dict[str, str]:
    return yaml.safe_load(SCORE_MEANINGS.read_text(encoding="utf-8"))


def summary(records: Mapping[str, Sequence[Mapping[str, Any]]],
            counts: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Headline figures of a release from its rows (typed values, as core.release renders them);
    `counts`: rows per table, for the tables whose rows are not given."""
    counts = counts or {}
    incidents = records.get("incidents", [])
    reports = records.get("reports", [])
    by_type = Counter(r["event_type"] for r in incidents)
    by_right = Counter(r["right"] for r in incidents)
    starts = [r["event_date"] for r in incidents if r.get("event_date")]
    ends = [r.get("event_date_end") or r["event_date"] for r in incidents if r.get("event_date")]
    countries = sorted({r["country"] for r in [*reports, *incidents] if r.get("country")})
    return {
        "reports": len(reports),
        "incidents": len(incidents),
        "persons": len(records.get("persons", [])),
        "mentions": counts.get("person_mentions", len(records.get("person_mentions", []))),
        "undated": len(incidents) - len(starts),
        "background": sum(1 for r in incidents if r.get("event_date") and r.get("in_period") is False),
        "first_date": min(starts).isoformat() if starts else None,
        "last_date": max(ends).isoformat() if ends else None,
        "countries": countries,
        "by_type": [(t, by_type[t], EVENT_TYPE_MEANINGS[t][0]) for t in EVENT_TYPES if by_type[t]],
        "by_right": [(r, by_right[r]) for r in RIGHTS if by_right[r]],
        "reports_list": [{"file": r.get("source_file"), "title": r.get("title"), "publisher": r.get("publisher"),
                          "period": _period(r)} for r in reports],
    }


def _period(report: Mapping[str, Any]) -> str:
    start, end = report.get("period_start"), report.get("period_end")
    if not start and not end:
        return "period not stated"
    return f"{start.isoformat() if start else '?'} to {end.isoformat() if end else '?'}"


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def release_page(*, version: str, release_date: str | None, records: Mapping[str, Sequence[Mapping[str, Any]]],
                 quality: Mapping[str, float] | None, changes_markdown: str,
                 files: Sequence[tuple[str, int, str]], citation: str, licence: Mapping[str, str],
                 n_rejected: int, counts: Mapping[str, int] | None = None) -> str:
    """The HTML of index.html. `files`: (name, bytes, sha256) of every other file of the folder;
    `records`: the rows of the tables in READS (those columns suffice); `counts`: rows per table."""
    meanings = score_meanings()
    scores = [(k, v, meanings.get(k, "")) for k, v in (quality or {}).items()]
    scores.sort(key=lambda s: (list(meanings).index(s[0]) if s[0] in meanings else len(meanings), s[0]))
    changelog = MarkdownIt("commonmark", {"html": False}).enable("table").render(changes_markdown)
    incidents = records.get("incidents", [])
    return render(
        "release_page.html.j2",
        version=version, release_date=release_date, summary=summary(records, counts),
        charts=[Markup(charts.incidents_per_month(incidents)),
                Markup(charts.incidents_per_place(incidents)),
                Markup(charts.top_persons(records.get("persons", [])))],
        scores=scores, changelog=Markup(changelog),
        files=[(name, size, human_size(size), sha) for name, size, sha in files],
        citation=citation, licence=licence, n_rejected=n_rejected,
    )

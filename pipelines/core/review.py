"""The review page of one report: its cleaned text with every incident's evidence highlighted,
the incident's fields beside the paragraph it comes from, and the exact line to paste into
sources/curation/incidents.yaml to reject or fix it (format: core.curation).

Belongs here: choosing a report's rows from release tables, cutting the text into paragraphs
and highlighted spans by the evidence offsets, writing the curation lines, and filling
data/templates/review_page.html.j2. Not here: finding the release or the report's text on
disk (cli.py). Columns a release may not have yet (date_phrase, location_phrase: the phrase of
the text a date or place was read from) are shown when present and left out when not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from pipelines.core.templates import render

CURATION_FILE = "sources/curation/incidents.yaml"
PHRASE_COLUMNS = ("date_phrase", "location_phrase")
# The values a reviewer most often corrects, pre-filled in the `fix` line with what the machine
# said (keys are curation.FIXABLE names).
FIX_PREFILL = ("event_type", "event_date", "event_date_end", "date_precision", "location")


def _value(value: Any) -> Any:
    """A cell of a pandas record as a plain Python value (None for every kind of missing)."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        value = value.tolist()  # numpy arrays (list columns) and numpy scalars
        if isinstance(value, list):
            return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "isoformat") and hasattr(value, "date") and callable(value.date):
        return value.date()  # a timestamp at midnight: the date it stands for
    return value


def yaml_line(entry: Mapping[str, Any]) -> str:
    """One YAML list item in flow style: a single line that load_curation reads back as `entry`."""
    text = yaml.safe_dump(dict(entry), default_flow_style=True, sort_keys=False, width=1 << 30,
                          allow_unicode=True)
    return "- " + text.strip()


def curation_lines(row: Mapping[str, Any], report_file: str) -> dict[str, str]:
    """The reject and fix lines of one incident, to paste under `incidents:`."""
    iid = row["incident_id"]
    fix = {k: _value(row.get(k)) for k in FIX_PREFILL if _value(row.get(k)) is not None}
    return {
        "reject": yaml_line({"action": "reject", "incident_id": iid, "reason": "TODO: why it is wrong"}),
        "fix": yaml_line({"action": "fix", "incident_id": iid, "set": fix,
                          "reason": "TODO: what was wrong (keep only the values you change)"}),
    }


def mention_line(surface: str, report_file: str) -> str:
    """The line that rejects a name the recogniser took for a person, in this report only."""
    return yaml_line({"action": "reject", "surface": surface, "report": report_file,
                      "reason": "TODO: not a person"})


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the cleaned text (paragraphs are separated by blank lines)."""
    spans, start = [], 0
    for match in re.finditer(r"\n\s*\n", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def segments(text: str, start: int, end: int, evidence: Sequence[tuple[int, int, str]]) -> list[dict]:
    """The paragraph text[start:end] cut where evidence spans begin or end; each piece names the
    incidents whose evidence covers it (several incidents often share one sentence)."""
    cuts = {start, end}
    for s, e, _ in evidence:
        if s < end and e > start:
            cuts |= {max(s, start), min(e, end)}
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        ids = [iid for s, e, iid in evidence if s <= a and e >= b]
        out.append({"text": text[a:b], "incidents": ids})
    return out


def _people(iid: str, links: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[dict]:
    return [{"name": names.get(link["person_id"], link["person_id"]), "person_id": link["person_id"],
             "role": link.get("role") or "target"}
            for link in links if link["incident_id"] == iid]


def _when(row: Mapping[str, Any]) -> str:
    start, end = _value(row.get("event_date")), _value(row.get("event_date_end"))
    if start is None:
        return "undated"
    span = start.isoformat() if end in (None, start) else f"{start.isoformat()} to {end.isoformat()}"
    return f"{span} ({row.get('date_precision') or '?'})"


def _where(row: Mapping[str, Any]) -> str:
    parts = [_value(row.get(k)) for k in ("location", "admin1", "country")]
    place = ", ".join(dict.fromkeys(str(p) for p in parts if p))
    precision = _value(row.get("geo_precision"))
    return (f"{place} ({precision})" if precision else place) or "no place"


def _penalty(row: Mapping[str, Any]) -> str | None:
    parts = []
    if _value(row.get("penalty_amount")) is not None:
        parts.append(f"{_value(row['penalty_amount'])} {_value(row.get('penalty_currency')) or ''}".strip())
    if _value(row.get("penalty_days")) is not None:
        parts.append(f"{_value(row['penalty_days'])} days")
    return ", ".join(parts) or None


def incident_card(row: Mapping[str, Any], links, names, report_file: str) -> dict:
    iid = row["incident_id"]
    legal = _value(row.get("legal_basis")) or []
    return {
        "id": iid, "type": row["event_type"], "right": row.get("right"), "when": _when(row),
        "date_phrase": _value(row.get("date_phrase")), "where": _where(row),
        "location_phrase": _value(row.get("location_phrase")),
        "people": _people(iid, links, names), "target_group": _value(row.get("target_group")),
        "participants": _value(row.get("participants")), "perpetrator": _value(row.get("perpetrator")),
        "legal_basis": ", ".join(legal), "penalty": _penalty(row), "summary": _value(row.get("summary")),
        "confidence": _value(row.get("confidence")), "method": _value(row.get("method")),
        "in_period": _value(row.get("in_period")), "lines": curation_lines(row, report_file),
    }


def review_page(*, report: Mapping[str, Any], text: str, incidents: Sequence[Mapping[str, Any]],
                links: Sequence[Mapping[str, Any]], persons: Sequence[Mapping[str, Any]],
                mentions: Sequence[Mapping[str, Any]], release: str) -> str:
    """The HTML of one report's review page. `incidents`, `links`, `mentions`: this report's rows."""
    report_file = str(report.get("source_file") or report["report_id"]).rsplit("/", 1)[-1]
    names = {p["person_id"]: p["name"] for p in persons}
    incidents = sorted(incidents, key=lambda r: (int(r["evidence_start"]), r["incident_id"]))
    evidence = [(int(r["evidence_start"]), int(r["evidence_end"]), r["incident_id"]) for r in incidents]
    cards = {r["incident_id"]: incident_card(r, links, names, report_file) for r in incidents}
    rows = []
    for start, end in paragraphs(text):
        here = [cards[iid] for s, _, iid in evidence if start <= s < end]
        rows.append({"start": start, "segments": segments(text, start, end, evidence), "incidents": here})
    surfaces = sorted({(m["surface"], names.get(m["person_id"], m["person_id"])) for m in mentions})
    return render(
        "review_page.html.j2", report=report, release=release, rows=rows, n_incidents=len(incidents),
        curation_file=CURATION_FILE, phrases_present=any(c in r for r in incidents for c in PHRASE_COLUMNS),
        mentions=[{"surface": s, "person": p, "line": mention_line(s, report_file)} for s, p in surfaces],
        types=sorted({r["event_type"] for r in incidents}),
    )

"""Reviewer corrections to the machine's extraction, replayed on every build.

The corrections are data: `sources/curation/incidents.yaml` (format in that file's header).
A reviewer can reject an incident by id, fix some of its values, add an incident the machine
missed (its evidence must be verbatim text of the report, so offsets are found, not typed), and
reject a person mention (a surface the name recogniser took for a person). A correction that
names an id or a report that does not exist is reported as a problem and skipped: a stale
correction never stops a build, and the release's CHANGES.md lists both applied and skipped ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.core.reviewed_yaml import load_reviewed

ACTIONS = {"reject", "fix", "add"}
FIXABLE = {
    "event_type", "right", "event_date", "event_date_end", "date_precision", "location", "admin1",
    "latitude", "longitude", "geo_precision", "perpetrator", "target_group", "participants",
    "legal_basis", "penalty_amount", "penalty_currency", "penalty_days", "summary", "country", "in_period",
}
ADD_KEYS = FIXABLE | {"action", "report", "evidence", "persons", "reason", "reviewer", "date", "occurrence"}


@dataclass
class Curation:
    incidents: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_curation(path: Path) -> Curation:
    """Read the curation file; structural mistakes become problems, not exceptions."""
    if not path.exists():
        return Curation()
    try:
        doc = load_reviewed(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return Curation(problems=[f"{path.name}: not valid YAML: {exc}"])
    if not isinstance(doc, dict):
        return Curation(problems=[f"{path.name}: top level must be a mapping"])
    cur = Curation()
    unknown = set(doc) - {"incidents", "person_mentions"}
    if unknown:
        cur.problems.append(f"{path.name}: unknown sections {sorted(unknown)}")
    for i, entry in enumerate(doc.get("incidents") or []):
        where = f"{path.name}: incidents[{i}]"
        if not isinstance(entry, dict) or entry.get("action") not in ACTIONS:
            cur.problems.append(f"{where}: needs action reject, fix or add")
        elif entry["action"] in {"reject", "fix"} and not isinstance(entry.get("incident_id"), str):
            cur.problems.append(f"{where}: {entry['action']} needs incident_id")
        elif entry["action"] == "fix" and (not isinstance(entry.get("set"), dict) or set(entry["set"]) - FIXABLE):
            cur.problems.append(f"{where}: fix needs `set` with keys among {sorted(FIXABLE)}")
        elif entry["action"] == "add" and (set(entry) - ADD_KEYS or not entry.get("evidence") or not entry.get("report")):
            cur.problems.append(f"{where}: add needs report, evidence, event_type; unknown keys {sorted(set(entry) - ADD_KEYS)}")
        else:
            cur.incidents.append(entry)
    for i, entry in enumerate(doc.get("person_mentions") or []):
        where = f"{path.name}: person_mentions[{i}]"
        if not isinstance(entry, dict) or entry.get("action") != "reject" or not entry.get("surface"):
            cur.problems.append(f"{where}: needs action reject and surface (optionally report)")
        else:
            cur.mentions.append(entry)
    return cur


def mention_rejected(cur: Curation, report_file: str, report_id: str, surface: str, canonical: str) -> dict | None:
    """The rejection that applies to a mention, if any (by surface or canonical name, in one report or all)."""
    for entry in cur.mentions:
        report = entry.get("report")
        if report and report not in {report_file, report_id, Path(report_file).name}:
            continue
        if entry["surface"] in {surface, canonical}:
            return entry
    return None


def curated_incident_id(report_id: str, event_type: str, evidence: str) -> str:
    digest = hashlib.sha256("\x1f".join(["curated", report_id, event_type, evidence]).encode()).hexdigest()
    return "I" + digest[:12]


def _parse_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def apply_to_incidents(
    cur: Curation, incidents: list[dict], texts: dict[str, str], report_files: dict[str, str]
) -> tuple[list[dict], list[str], list[str]]:
    """Apply reject / fix / add to incident rows (dicts with codebook columns and `persons`: names).

    `texts` maps report_id to cleaned text and `report_files` maps report_id to its source path.
    Returns the new rows, a log of what was applied, and the problems (stale ids, evidence not found).
    """
    by_id = {row["incident_id"]: row for row in incidents}
    applied, problems = [], list(cur.problems)
    by_file = {}
    for rid, path in report_files.items():
        by_file[path] = rid
        by_file[Path(path).name] = rid
        by_file[rid] = rid
    for entry in cur.incidents:
        action = entry["action"]
        reason = entry.get("reason", "")
        if action in {"reject", "fix"}:
            row = by_id.get(entry["incident_id"])
            if row is None:
                problems.append(f"curation {action} {entry['incident_id']}: no such incident in this build")
                continue
            if action == "reject":
                del by_id[entry["incident_id"]]
            else:
                for key, value in entry["set"].items():
                    row[key] = _parse_date(value) if key in {"event_date", "event_date_end"} else value
                row["method"] = "curated"
            applied.append(f"{action} {entry['incident_id']}: {reason}".rstrip(": "))
            continue
        rid = by_file.get(str(entry["report"]))
        if rid is None:
            problems.append(f"curation add: report {entry['report']!r} is not in this build")
            continue
        evidence = entry["evidence"]
        start = texts[rid].find(evidence)
        if start < 0:
            problems.append(f"curation add in {entry['report']}: evidence not found verbatim in the cleaned text")
            continue
        event_date = _parse_date(entry.get("event_date"))
        row = {
            "incident_id": curated_incident_id(rid, entry.get("event_type", ""), evidence),
            "report_id": rid,
            "event_type": entry.get("event_type"),
            "right": entry.get("right", "expression"),
            "event_date": event_date,
            "event_date_end": _parse_date(entry.get("event_date_end")) or event_date,
            "date_precision": entry.get("date_precision", "day" if event_date else "unknown"),
            "in_period": entry.get("in_period"),
            "country": entry.get("country"),
            "location": entry.get("location"),
            "admin1": entry.get("admin1"),
            "latitude": entry.get("latitude"),
            "longitude": entry.get("longitude"),
            "geo_precision": entry.get("geo_precision"),
            "perpetrator": entry.get("perpetrator"),
            "target_group": entry.get("target_group"),
            "participants": entry.get("participants"),
            "legal_basis": list(entry.get("legal_basis") or []),
            "penalty_amount": entry.get("penalty_amount"),
            "penalty_currency": entry.get("penalty_currency"),
            "penalty_days": entry.get("penalty_days"),
            "summary": entry.get("summary") or f"{entry.get('event_type')} (added by a reviewer)",
            "evidence": evidence,
            "evidence_start": start,
            "evidence_end": start + len(evidence),
            "evidence_more": [],
            "method": "curated",
            "confidence": 1.0,
            "persons": list(entry.get("persons") or []),
        }
        by_id[row["incident_id"]] = row
        applied.append(f"add {row['incident_id']} to {entry['report']}: {reason}".rstrip(": "))
    return [by_id[k] for k in sorted(by_id)], applied, problems

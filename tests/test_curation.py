"""Reviewer corrections: loading with clear problems, and reject / fix / add on incident rows."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipelines.core.curation import apply_to_incidents, load_curation, mention_rejected

TEXT = "On 3 May 2020 police detained the blogger Arman Suleimenov in Taraz. He was fined the next day."


def incident(iid: str, event_type: str = "detention") -> dict:
    evidence = TEXT.split(". ")[0] + "."
    return {"incident_id": iid, "report_id": "a" * 16, "event_type": event_type, "evidence": evidence,
            "evidence_start": 0, "evidence_end": len(evidence), "method": "rules", "location": "Taraz"}


def write(tmp_path: Path, doc) -> Path:
    path = tmp_path / "incidents.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_missing_file_is_no_curation(tmp_path):
    cur = load_curation(tmp_path / "absent.yaml")
    assert cur.incidents == [] and cur.problems == []


@pytest.mark.parametrize(
    "entry, fragment",
    [
        ({"action": "delete", "incident_id": "I000000000001"}, "needs action"),
        ({"action": "reject"}, "needs incident_id"),
        ({"action": "fix", "incident_id": "I000000000001", "set": {"colour": "red"}}, "fix needs `set`"),
        ({"action": "add", "report": "r.txt"}, "add needs report, evidence"),
    ],
)
def test_malformed_entries_become_problems(tmp_path, entry, fragment):
    cur = load_curation(write(tmp_path, {"incidents": [entry]}))
    assert cur.incidents == []
    assert any(fragment in p for p in cur.problems)


def test_reject_fix_add_and_stale_ids(tmp_path):
    doc = {"incidents": [
        {"action": "reject", "incident_id": "I000000000001", "reason": "not an arrest"},
        {"action": "fix", "incident_id": "I000000000002", "set": {"location": "Almaty", "event_date": "2020-05-03"}},
        {"action": "reject", "incident_id": "I0000000000ff", "reason": "stale"},
        {"action": "add", "report": "r.txt", "event_type": "fine", "event_date": "2020-05-04",
         "evidence": "He was fined the next day.", "persons": ["Arman Suleimenov"], "reason": "missed"},
        {"action": "add", "report": "r.txt", "event_type": "fine", "evidence": "not in the text"},
    ]}
    cur = load_curation(write(tmp_path, doc))
    rows, applied, problems = apply_to_incidents(
        cur, [incident("I000000000001"), incident("I000000000002")], {"a" * 16: TEXT}, {"a" * 16: "sources/reports/r.txt"}
    )
    ids = [r["incident_id"] for r in rows]
    assert "I000000000001" not in ids
    fixed = next(r for r in rows if r["incident_id"] == "I000000000002")
    assert fixed["location"] == "Almaty" and fixed["event_date"] == dt.date(2020, 5, 3) and fixed["method"] == "curated"
    added = next(r for r in rows if r["method"] == "curated" and r["event_type"] == "fine")
    assert TEXT[added["evidence_start"]:added["evidence_end"]] == added["evidence"]
    assert added["persons"] == ["Arman Suleimenov"]
    assert len(applied) == 3
    assert any("I0000000000ff" in p for p in problems)
    assert any("evidence not found" in p for p in problems)


def test_mention_rejection_scoped_to_report():
    cur = load_curation.__globals__["Curation"](mentions=[{"action": "reject", "surface": "Bez Brehni", "report": "a.txt"}])
    assert mention_rejected(cur, "sources/reports/a.txt", "x", "Bez Brehni", "Bez Brehni")
    assert mention_rejected(cur, "sources/reports/b.txt", "y", "Bez Brehni", "Bez Brehni") is None


def test_a_repeated_key_in_an_entry_is_reported(tmp_path):
    path = tmp_path / "incidents.yaml"
    path.write_text("incidents:\n  - action: reject\n    incident_id: I000000000001\n"
                    "    incident_id: I000000000002\n", encoding="utf-8")
    cur = load_curation(path)
    assert cur.incidents == [] and len(cur.problems) == 1
    assert "'incident_id' twice" in cur.problems[0]


def test_incident_tables_from_frames_with_curation(tmp_path):
    """The release's incidents from per-report frames: a rejected row gone, a fixed row changed,
    an added row linked to its named person, cells coerced, and a column one report lacks read as
    missing (pipelines.release.rows.incident_frames)."""
    import pandas as pd

    from pipelines.release.rows import incident_frames

    rid, other = "a" * 16, "b" * 16
    base = incident("I000000000001")
    frames = {
        rid: pd.DataFrame([
            {**base, "targets": ["P1"], "others": [], "legal_basis": ["AC-488", "AC-488"], "penalty_amount": float("nan"),
             "event_date": "2020-05-03", "evidence_more": ["50-60", "20-30"], "country": None},
            {**incident("I000000000002", "fine"), "targets": [], "others": [["P1", "witness"]], "legal_basis": [],
             "penalty_amount": 30000, "event_date": None, "evidence_more": [], "country": None},
            {**incident("I000000000003"), "targets": ["P1"], "others": [], "legal_basis": None,
             "penalty_amount": None, "event_date": None, "evidence_more": None, "country": None},
        ]),
        other: pd.DataFrame([{**incident("I000000000004"), "report_id": other, "targets": ["P9"]}]),
    }
    clusters = pd.DataFrame([
        {"report_id": rid, "local_id": "P1", "person_id": "PERS1", "name": "Arman Suleimenov", "aliases": ["Suleimenov"]},
        {"report_id": other, "local_id": "P9", "person_id": "PERS9", "name": "Dana Serikova", "aliases": []},
    ])
    cur = load_curation(write(tmp_path, {"incidents": [
        {"action": "reject", "incident_id": "I000000000003", "reason": "not an arrest"},
        {"action": "fix", "incident_id": "I000000000002", "set": {"location": "Almaty"}},
        {"action": "add", "report": "r.txt", "event_type": "fine", "evidence": "He was fined the next day.",
         "persons": ["Suleimenov"]},
    ]}))
    incidents, links, applied, problems = incident_frames(
        frames, {rid: TEXT, other: TEXT}, {rid: "sources/reports/r.txt", other: "sources/reports/o.txt"},
        {rid: "Kazakhstan", other: "Uzbekistan"}, clusters, cur)
    assert len(applied) == 3 and problems == []
    rows = {r["incident_id"]: r for r in incidents.to_dict("records")}
    assert "I000000000003" not in rows and list(incidents.incident_id) == sorted(incidents.incident_id)
    first = rows["I000000000001"]
    assert first["legal_basis"] == ["AC-488"] and first["evidence_more"] == ["20-30", "50-60"]
    assert first["event_date"] == dt.date(2020, 5, 3) and first["country"] == "Kazakhstan"
    assert pd.isna(first["penalty_amount"]) and rows["I000000000002"]["penalty_amount"] == 30000.0
    assert rows["I000000000002"]["location"] == "Almaty" and rows["I000000000002"]["method"] == "curated"
    assert rows["I000000000004"]["country"] == "Uzbekistan" and rows["I000000000004"]["evidence_more"] == []
    added = next(r for r in rows.values() if r["method"] == "curated" and r["event_type"] == "fine"
                 and r["incident_id"] != "I000000000002")
    assert TEXT[added["evidence_start"]:added["evidence_end"]] == added["evidence"]
    assert set(map(tuple, links[["incident_id", "person_id", "role"]].to_numpy())) == {
        ("I000000000001", "PERS1", "target"), ("I000000000002", "PERS1", "witness"),
        ("I000000000004", "PERS9", "target"), (added["incident_id"], "PERS1", "target")}

"""core.delta: what changed between two releases, named for people and typed for machines."""

from __future__ import annotations

import csv
import io
import json

from pipelines.core.delta import Table, compute_delta, csv_cells, quality_section
from schemas import TABLES


def tables(incidents=(), persons=(), links=(), mentions=(), reports=(), redirects=()) -> dict[str, Table]:
    def t(name, rows):
        header = TABLES[name].columns
        return Table.of(name, header, [{c: r.get(c, "") for c in header} for r in rows])
    return {"incidents": t("incidents", incidents), "persons": t("persons", persons),
            "incident_persons": t("incident_persons", links), "person_mentions": t("person_mentions", mentions),
            "reports": t("reports", reports), "person_redirects": t("person_redirects", redirects)}


INC = {"incident_id": "I1", "report_id": "r1", "event_type": "fine", "event_date": "2021-05-04",
       "event_date_end": "2021-05-04", "location": "Taraz", "country": "KZ", "penalty_amount": "100.00"}
ANNA = {"person_id": "Pa", "name": "Anna Bek"}
BOLAT = {"person_id": "Pb", "name": "Bolat Bek"}
R1 = {"report_id": "r1", "source_file": "sources/reports/a.txt", "title": "A"}
R2 = {"report_id": "r2", "source_file": "sources/reports/a-v2.txt", "title": "A, corrected"}


def test_changed_incident_is_named_and_listed_field_by_field():
    old = tables([INC], [ANNA], [{"incident_id": "I1", "person_id": "Pa", "role": "target"}])
    new = tables([dict(INC, penalty_amount="200.00")], [ANNA], [{"incident_id": "I1", "person_id": "Pa", "role": "target"}])
    (change,) = compute_delta("v1", old, new).changes
    assert (change.entity, change.change, change.label) == ("incident", "MOD", "fine, 2021-05-04, Taraz: Anna Bek")
    assert change.changed_fields == ("penalty_amount",)
    record = change.record()
    assert json.loads(record["before"]) == {"penalty_amount": "100.00"}
    assert json.loads(record["after"]) == {"penalty_amount": "200.00"}


def test_merge_is_a_merge_and_split_is_a_split():
    m = lambda mid, pid: {"mention_id": mid, "report_id": "r1", "person_id": pid}  # noqa: E731
    one = tables(persons=[ANNA], mentions=[m("M1", "Pa"), m("M2", "Pa")])
    two = tables(persons=[ANNA, BOLAT], mentions=[m("M1", "Pa"), m("M2", "Pb")])
    split = compute_delta("v1", one, two)
    (added,) = split.of("person", "ADD")
    assert (added.id, added.reason, added.related_id) == ("Pb", "split", "Pa")
    merged = compute_delta("v2", two, dict(one, person_redirects=tables(redirects=[
        {"old_person_id": "Pb", "person_id": "Pa", "release": "v3"}])["person_redirects"]))
    (gone,) = merged.of("person", "DEL")
    assert (gone.id, gone.reason, gone.related_id) == ("Pb", "merged", "Pa")
    assert not merged.of("person", "DEL", "removed")


def test_report_left_for_a_reason():
    old = tables(reports=[R1, {"report_id": "r3", "source_file": "sources/reports/c.txt"},
                          {"report_id": "r4", "source_file": "sources/reports/d.txt"}])
    new = tables(reports=[R2])
    rejected = [{"path": "sources/reports/a.txt", "reason": "superseded_by sources/reports/a-v2.txt: older"},
                {"path": "sources/reports/c.txt", "reason": "empty: no text"}]
    delta = compute_delta("v1", old, new, rejected)
    why = {c.id: (c.change, c.reason, c.related_id) for c in delta.of("report")}
    assert why == {"r1": ("DEL", "superseded", "r2"), "r2": ("ADD", "new", None),
                   "r3": ("DEL", "rejected", None), "r4": ("DEL", "removed", None)}


def test_nothing_changed_gives_no_rows_and_quality_shows_both_sides():
    same = tables([INC], [ANNA])
    assert compute_delta("v1", same, same).changes == []
    lines = "\n".join(quality_section({"incident_f1": 0.5, "extra": 1.0}, {"incident_f1": 0.75, "extra": 1.0}))
    assert "| incident_f1 | 0.5000 | 0.7500 | +0.2500 |" in lines
    assert lines.count("| incident_f1 |") == 1 and lines.count("| extra |") == 1  # each measure once


def test_redirects_say_where_a_vanished_id_went():
    """The release's redirects (issue 13) name the incident a vanished incident id now is, and why
    a person or incident id was retired; the delta and CHANGES.md carry both."""
    from pipelines.core.delta import changes_sections

    def t(name, rows):
        header = TABLES[name].columns
        return Table.of(name, header, [{c: r.get(c, "") for c in header} for r in rows])

    gone = dict(INC, incident_id="I2", event_type="detention")
    old = tables([INC, gone], [ANNA, BOLAT])
    new = dict(tables([dict(INC, incident_id="I3")], [ANNA]),
               incident_redirects=t("incident_redirects", [
                   {"old_incident_id": "I1", "incident_id": "I3", "release": "v2", "reason": "same_evidence"},
                   {"old_incident_id": "I2", "release": "v2", "reason": "rejected_by_reviewer"}]),
               person_redirects=t("person_redirects", [
                   {"old_person_id": "Pb", "release": "v2", "reason": "report_removed"}]))
    delta = compute_delta("v1", old, new)
    why = {c.id: (c.change, c.reason, c.related_id) for c in delta.changes if c.change == "DEL"}
    assert why == {"I1": ("DEL", "superseded", "I3"), "I2": ("DEL", "rejected", None),
                   "Pb": ("DEL", "removed", None)}
    text = "\n".join(changes_sections(delta))
    assert "is now `I3`" in text and "Rejected by a reviewer (1)" in text
    assert "Bolat Bek (`Pb`): report_removed" in text


def test_rows_read_from_csv_cells_compare_like_the_dicts_they_replace(tmp_path):
    header = TABLES["persons"].columns
    dicts = [{c: "" for c in header} | {"person_id": "Pa", "name": "Anna Bek"},
             {c: "" for c in header} | {"person_id": "Pb", "name": "Bolat Bek"}]
    by_dicts = Table.of("persons", header, dicts)
    cells = [[d[c] for c in header] for d in dicts]
    by_cells = Table.of_cells("persons", header, [cells[0], [], cells[1][:2]])  # a blank line, a short row
    assert list(by_cells.rows) == list(by_dicts.rows) == [("Pa",), ("Pb",)]
    assert all(by_cells.rows[k] == by_dicts.rows[k] and dict(by_cells.rows[k]) == by_dicts.rows[k] for k in by_dicts.rows)
    row = by_cells.rows[("Pa",)]
    assert row["name"] == "Anna Bek" and row.get("no such column", "-") == "-" and "name" in row
    # and the delta of a release with itself read either way is empty
    assert compute_delta("x", {"persons": by_cells}, {"persons": by_dicts}).changes == []


def test_unchanged_rows_compare_in_one_step_and_a_changed_cell_is_still_found():
    header = TABLES["persons"].columns
    cells = [["Pa" if c == "person_id" else "Anna Bek" if c == "name" else "" for c in header]]
    old, new = Table.of_cells("persons", header, cells), Table.of_cells("persons", header, cells)
    assert old.rows[("Pa",)].same_as(new.rows[("Pa",)])
    assert compute_delta("x", {"persons": old}, {"persons": new}).changes == []
    renamed = Table.of_cells("persons", header, [[("Anna Bekova" if c == "name" else v) for c, v in zip(header, cells[0])]])
    changes = compute_delta("x", {"persons": old}, {"persons": renamed}).changes
    assert [(c.change, c.changed_fields) for c in changes] == [("MOD", ("name",))]


def test_a_csv_file_is_read_by_arrow_as_the_csv_module_reads_it():
    rows = [["id", "note", "empty"], ["a1", 'he said "no", then left', ""], ["a2", "two\nlines\r\nand a CR", ""],
            ["a3", "", "x"], ["a1", "Алматы, ул. Абая", ""], ["a4", " spaced ", '""']]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    data = (buffer.getvalue() + "\n").encode()  # with a trailing blank line, which both skip
    header, cells = csv_cells(data)
    assert header == rows[0] and [list(c) for c in cells] == rows[1:]
    assert cells[0][0] is cells[3][0]  # one string object per distinct cell of a column
    # a short row, which Arrow refuses, is read by the csv module
    header, cells = csv_cells(b"id,note\na1,x\na2\n")
    assert header == ["id", "note"] and [list(c) for c in cells] == [["a1", "x"], ["a2"]]
    assert csv_cells(b"") == ([], [])

"""What changed between two releases, for people (CHANGES.md) and for machines (delta table).

Belongs here: comparing the rows of a new release with those of the previous one, naming each
incident by type, date, place and people and each person by name, telling merges and splits
of persons apart from additions and removals, telling why a report left (superseded, the same
report in another format, rejected, extraction failed), where a vanished person or incident id
went (the release's person_redirects / incident_redirects, core.continuity), and rendering all
of it as CHANGES.md and as the rows of the delta table (schemas.tables.DeltaSchema). Not here:
writing files (core.release does, with the same deterministic writer as the tables).

Both sides are compared as their CSV cells (strings), the form a published release keeps, so a
value compares equal exactly when its published text is equal.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from schemas import DELTA, TABLES

Rows = dict[tuple[str, ...], Mapping[str, str]]
LIST_LIMIT = 200  # entries listed per CHANGES.md section before "... and N more"
PEOPLE_SHOWN = 4  # names in an incident's label before "+N"
QUALITY_KEYS = ("incident_precision", "incident_recall", "incident_f1", "person_precision",
                "person_recall", "location_accuracy", "exact_day_accuracy")


@dataclass(frozen=True, slots=True)  # slots: a first release of 10,000 reports makes a million of them
class Change:
    entity: str  # incident, person, report
    id: str
    change: str  # ADD, MOD, DEL
    reason: str
    label: str
    related_id: str | None = None
    changed_fields: tuple[str, ...] = ()
    before: dict | None = None
    after: dict | None = None
    related_label: str | None = None  # for CHANGES.md only
    note: str | None = None  # for CHANGES.md only: why a redirect retired the id (core.continuity)

    def record(self) -> dict[str, Any]:
        def js(value):
            return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
        return {"entity": self.entity, "id": self.id, "change": self.change, "reason": self.reason,
                "label": self.label, "related_id": self.related_id,
                "changed_fields": list(self.changed_fields), "before": js(self.before),
                "after": js(self.after)}


class Row(Mapping):
    """One row's CSV cells by column name: the cells as a tuple and the table's column index,
    shared by its rows. A dict per row, for both releases compared, was half a gigabyte of a
    1,000-report build."""

    __slots__ = ("_index", "_cells")

    def __init__(self, index: dict[str, int], cells: tuple[str, ...]):
        self._index, self._cells = index, cells

    def __getitem__(self, column: str) -> str:
        return self._cells[self._index[column]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Row({dict(self)!r})"

    def same_as(self, other: Row) -> bool:
        """The same columns, in the same order, with the same cells."""
        return self._cells == other._cells and (self._index is other._index or self._index == other._index)


@dataclass
class Table:
    """One release table as CSV cells: its header and its rows keyed by the table's key."""

    header: list[str]
    rows: Rows

    @classmethod
    def of(cls, name: str, header: list[str], records: list[dict[str, str]]) -> Table:
        key = TABLES[name].key
        return cls(list(header), {tuple(r.get(c, "") for c in key): r for r in records})

    @classmethod
    def of_cells(cls, name: str, header: list[str], rows) -> Table:
        """From rows of cells in header order (a CSV file's rows); missing trailing cells are ""."""
        index = {c: i for i, c in enumerate(header)}
        width = len(header)
        key = [index.get(c) for c in TABLES[name].key]
        if len(key) == 1 and key[0] is not None:  # one id column: no generator per row
            only = key[0]

            def key_of(c):
                return (c[only],)
        else:
            def key_of(c):
                return tuple("" if i is None else c[i] for i in key)
        out = {}
        for cells in rows:
            if not cells:
                continue  # a blank line, which csv.DictReader skips too
            cells = tuple(cells) if len(cells) == width else tuple(cells[:width]) + ("",) * (width - len(cells))
            out[key_of(cells)] = Row(index, cells)
        return cls(list(header), out)


@dataclass
class Delta:
    previous: str | None
    changes: list[Change] = field(default_factory=list)

    def of(self, entity: str, change: str | None = None, reason: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.entity == entity and (change is None or c.change == change)
                and (reason is None or c.reason == reason)]

    def records(self) -> list[dict[str, Any]]:
        return [c.record() for c in self.changes]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.entity, {}).setdefault(c.change, 0)
            out[c.entity][c.change] += 1
        return out


# --------------------------------------------------------------------------- reading


def read_release(folder: Path | None) -> dict[str, Table]:
    """The tables of a published release folder, from its CSV files (empty when None)."""
    out: dict[str, Table] = {}
    if folder is None:
        return out
    for name in TABLES:
        path = Path(folder) / f"{name}.csv"
        if not path.exists():
            continue
        header, rows = csv_cells(path.read_bytes())
        out[name] = Table.of_cells(name, header, rows)
    return out


def csv_cells(data: bytes) -> tuple[list[str], list]:
    """The header and the rows of a CSV file as strings, read as Python's csv module reads them
    (blank lines skipped), with one string object per distinct cell of a column: ids, dates,
    types and countries recur in every table, and a fresh string per cell made the previous
    release 350 MB of a 1,000-report build. pyarrow parses and deduplicates the columns in C
    (3.5 s -> 1 s of every rebuild at 1,000 reports); a file it does not read as the csv module
    would (a short row) is read by the csv module."""
    text = data.decode("utf-8")
    header = next(csv.reader(io.StringIO(text[:text.find("\n") + 1 or None], newline="")), [])
    try:
        return header, _arrow_rows(data, header)
    except (pa.ArrowInvalid, ValueError):
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader, None)
        return header, [list(map(sys.intern, row)) for row in reader]


def _arrow_rows(data: bytes, header: list[str]) -> list[tuple[str, ...]]:
    if not header or len(set(header)) != len(header):
        raise ValueError("no header, or a repeated column name")
    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=False),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))
    columns = []
    for column in table.columns:
        encoded = pc.dictionary_encode(column.combine_chunks())
        distinct = np.array(encoded.dictionary.to_pylist(), dtype=object)
        columns.append(distinct[encoded.indices.to_numpy(zero_copy_only=False)] if len(encoded) else [])
    return list(zip(*columns)) if columns else []


def read_quality(folder: Path | None) -> dict[str, float] | None:
    """The headline scores a release was published with (None: not evaluated, or no release)."""
    if folder is None or not (Path(folder) / "datapackage.json").exists():
        return None
    pkg = json.loads((Path(folder) / "datapackage.json").read_bytes().decode("utf-8"))
    return quality_of(pkg)


def quality_of(meta: Mapping[str, Any]) -> dict[str, float] | None:
    scores = meta.get("evaluation_headline") or meta.get("evaluation") or {}
    flat = {k: v for k, v in scores.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return flat or None


# --------------------------------------------------------------------------- labels


class _Names:
    """Labels of incidents and persons from one side's tables."""

    def __init__(self, tables: Mapping[str, Table]):
        empty = Table([], {})
        self.persons = tables.get("persons", empty).rows
        self.people: dict[str, list[str]] = defaultdict(list)
        # in key order of the table; every reader of `people` sorts them
        for iid, pid, role in tables.get("incident_persons", empty).rows:
            if role == "target" or not role:
                self.people[iid].append(self.person(pid))

    def person(self, pid: str) -> str:
        row = self.persons.get((pid,))
        return row["name"] if row and row.get("name") else pid

    def incident(self, row: Mapping[str, str]) -> str:
        start, end = row.get("event_date") or "", row.get("event_date_end") or ""
        when = "undated" if not start else start if end in ("", start) else f"{start}..{end}"
        where = row.get("location") or row.get("country") or "place unknown"
        people = sorted(self.people.get(row.get("incident_id", ""), []))
        if len(people) > PEOPLE_SHOWN:
            people = people[:PEOPLE_SHOWN] + [f"+{len(people) - PEOPLE_SHOWN}"]
        who = ", ".join(people) or row.get("target_group") or "no named person"
        return f"{row.get('event_type') or '?'}, {when}, {where}: {who}"


def report_label(row: Mapping[str, str]) -> str:
    title = row.get("title") or ""
    return f"{row.get('source_file') or row.get('report_id')}" + (f" ({title})" if title else "")


# --------------------------------------------------------------------------- comparing


def _changed(old: Mapping[str, str], new: Mapping[str, str], header: list[str]) -> tuple[str, ...]:
    if isinstance(old, Row) and isinstance(new, Row) and old.same_as(new):
        return ()  # most rows of a release are those of the previous one: compared in one step
    return tuple(c for c in header if c in old and c in new and old[c] != new[c])


def _rejections(rejected: list[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """path -> (reason code, message) of the files this build rejected."""
    out = {}
    for item in rejected or []:
        path = str(item.get("path") or item.get("file") or "")
        text = str(item.get("reason") or item.get("code") or "")
        code, _, message = text.partition(": ")
        out[path] = (code.strip(), message.strip())
    return out


def _report_changes(old: Table, new: Table, rejected: list) -> list[Change]:
    why = _rejections(rejected)
    by_file = {r.get("source_file"): rid for (rid,), r in new.rows.items()}
    out = []
    for key in sorted(set(new.rows) - set(old.rows)):
        out.append(Change("report", key[0], "ADD", "new", report_label(new.rows[key])))
    for key in sorted(set(old.rows) - set(new.rows)):
        row = old.rows[key]
        code, _ = why.get(row.get("source_file", ""), ("", ""))
        related = None
        # the same report in another format: its text is read from the other file now
        if code.startswith(("superseded_by", "same_report_as")):
            reason = "superseded"
            by = code.split(" ", 1)[1] if " " in code else ""
            related = by_file.get(by) or next((rid for f, rid in by_file.items()
                                               if f and Path(f).name == Path(by).name), None)
        elif code == "extraction_failed":
            reason = "extraction_failed"
        elif code:
            reason = "rejected"
        else:
            reason = "removed"
        out.append(Change("report", key[0], "DEL", reason, report_label(row), related_id=related,
                          before=dict(row)))
    for key in sorted(set(old.rows) & set(new.rows)):
        cols = _changed(old.rows[key], new.rows[key], new.header)
        if cols:
            out.append(_mod("report", key[0], report_label(new.rows[key]), cols, old.rows[key], new.rows[key]))
    return out


def _mod(entity: str, id_: str, label: str, cols, old, new) -> Change:
    return Change(entity, id_, "MOD", "changed", label, changed_fields=tuple(cols),
                  before={c: old[c] for c in cols}, after={c: new[c] for c in cols})


def _incident_changes(old: Mapping[str, Table], new: Mapping[str, Table],
                      names: tuple[_Names, _Names] | None = None) -> list[Change]:
    empty = Table([], {})
    o, n = old.get("incidents", empty), new.get("incidents", empty)
    old_names, new_names = names or (_Names(old), _Names(new))
    old_people = old_names.people
    redirects = new.get("incident_redirects", empty).rows
    out = []
    for key in sorted(set(n.rows) - set(o.rows)):
        out.append(Change("incident", key[0], "ADD", "new", new_names.incident(n.rows[key])))
    for key in sorted(set(o.rows) - set(n.rows)):
        # where its id went (a release made before incident_redirects existed has no row: removed)
        redirect = redirects.get(key, {})
        target, why = redirect.get("incident_id") or None, redirect.get("reason") or None
        reason = "superseded" if target else "rejected" if why == "rejected_by_reviewer" else "removed"
        label = new_names.incident(n.rows[(target,)]) if target and (target,) in n.rows else None
        out.append(Change("incident", key[0], "DEL", reason, old_names.incident(o.rows[key]),
                          related_id=target, related_label=label, before=dict(o.rows[key]), note=why))
    for key in sorted(set(o.rows) & set(n.rows)):
        cols = list(_changed(o.rows[key], n.rows[key], n.header))
        before = {c: o.rows[key][c] for c in cols}
        after = {c: n.rows[key][c] for c in cols}
        # who the incident concerns is a field too, though it lives in incident_persons
        people_before = sorted(old_people.get(key[0], []))
        people_after = sorted(new_names.people.get(key[0], []))
        if people_before != people_after:
            cols.append("persons")
            before["persons"], after["persons"] = "|".join(people_before), "|".join(people_after)
        if cols:
            out.append(Change("incident", key[0], "MOD", "changed", new_names.incident(n.rows[key]),
                              changed_fields=tuple(cols), before=before, after=after))
    return out


def _owners(tables: Mapping[str, Table]) -> dict[str, str]:
    """mention_id -> person_id: mention ids are stable (report and offsets), so they show where
    a person's occurrences went between two releases."""
    mentions = tables.get("person_mentions", Table([], {})).rows
    return {row["mention_id"]: row["person_id"] for row in mentions.values()}


def _mentions_of(owner: dict[str, str]) -> dict[str, list[str]]:
    """person_id -> its mention ids, from mention_id -> person_id."""
    out: dict[str, list[str]] = defaultdict(list)
    for mention, pid in owner.items():
        out[pid].append(mention)
    return out


def _person_changes(old: Mapping[str, Table], new: Mapping[str, Table],
                    names: tuple[_Names, _Names] | None = None) -> list[Change]:
    empty = Table([], {})
    o, n = old.get("persons", empty), new.get("persons", empty)
    old_names, new_names = names or (_Names(old), _Names(new))
    redirect_rows = new.get("person_redirects", empty).rows
    redirects = {k[0]: r.get("person_id", "") for k, r in redirect_rows.items()}
    old_owner, new_owner = _owners(old), _owners(new)
    live_old = {k[0] for k in o.rows}
    live_new = {k[0] for k in n.rows}
    # each person's mentions, gathered once: a scan of every mention per person made this
    # quadratic (minutes on a first build of 1,000 reports, where every person is new)
    new_mentions, old_mentions = _mentions_of(new_owner), _mentions_of(old_owner)
    out = []
    for (pid,) in sorted(set(n.rows) - set(o.rows)):
        came_from = sorted({old_owner[m] for m in new_mentions.get(pid, ()) if m in old_owner} & live_new)
        if came_from:  # its occurrences belonged to a person who is still there: a split
            out.append(Change("person", pid, "ADD", "split", new_names.person(pid), related_id=came_from[0],
                              related_label=new_names.person(came_from[0])))
        else:
            out.append(Change("person", pid, "ADD", "new", new_names.person(pid)))
    for (pid,) in sorted(set(o.rows) - set(n.rows)):
        target = redirects.get(pid)
        why = redirect_rows.get((pid,), {}).get("reason") or None
        # no redirect row (a release made before retirements were recorded): a merge when its
        # occurrences all went to one person still there
        if pid not in redirects:
            went = {new_owner[m] for m in old_mentions.get(pid, ()) if m in new_owner}
            target = next(iter(went)) if len(went) == 1 and went <= live_new and went & live_old else None
        if target:
            out.append(Change("person", pid, "DEL", "merged", old_names.person(pid), related_id=target,
                              related_label=new_names.person(target), before=dict(o.rows[(pid,)])))
        else:
            out.append(Change("person", pid, "DEL", "removed", old_names.person(pid),
                              before=dict(o.rows[(pid,)]), note=why))
    for key in sorted(set(o.rows) & set(n.rows)):
        cols = _changed(o.rows[key], n.rows[key], n.header)
        if cols:
            out.append(_mod("person", key[0], new_names.person(key[0]), cols, o.rows[key], n.rows[key]))
    return out


def compute_delta(previous: str | None, old: Mapping[str, Table], new: Mapping[str, Table],
                  rejected: list[Mapping[str, Any]] | None = None) -> Delta:
    """Every ADD / MOD / DEL of a report, incident or person between two releases' tables."""
    empty = Table([], {})
    names = (_Names(old), _Names(new))  # labels of both sides, made once (half a second each at 1,000 reports)
    changes = [
        *_report_changes(old.get("reports", empty), new.get("reports", empty), rejected or []),
        *_incident_changes(old, new, names),
        *_person_changes(old, new, names),
    ]
    order = {name: i for i, name in enumerate(("report", "incident", "person"))}
    changes.sort(key=lambda c: (order[c.entity], c.id))
    return Delta(previous, changes)


def delta_columns() -> list[str]:
    return DELTA.columns


# --------------------------------------------------------------------------- CHANGES.md


def _bullets(lines: list[str]) -> list[str]:
    if not lines:
        return ["None."]
    shown = [f"- {line}" for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(f"- ... and {len(lines) - LIST_LIMIT} more")
    return shown


def _section(title: str, lines: list[str], level: str = "###") -> list[str]:
    return [f"{level} {title} ({len(lines)})", "", *_bullets(lines), ""]


def _field_lines(c: Change) -> str:
    parts = [f"  - `{f}`: {(c.before or {}).get(f) or '(empty)'} → {(c.after or {}).get(f) or '(empty)'}"
             for f in c.changed_fields]
    return "\n".join(parts)


def _named(c: Change) -> str:
    return f"{c.label} (`{c.id}`)"


def changes_sections(delta: Delta) -> list[str]:
    """The reports, incidents and persons sections of CHANGES.md."""
    reports = [
        "## Reports", "",
        *_section("Added", [_named(c) for c in delta.of("report", "ADD")]),
        *_section("Superseded", [_named(c) + (f", superseded by `{c.related_id}`" if c.related_id else "")
                                 for c in delta.of("report", "DEL", "superseded")]),
        *_section("Rejected or failed", [f"{_named(c)}: {c.reason}" for c in delta.changes
                                         if c.entity == "report" and c.reason in {"rejected", "extraction_failed"}]),
        *_section("Removed", [_named(c) for c in delta.of("report", "DEL", "removed")]),
        *_section("Changed", [f"{_named(c)}\n{_field_lines(c)}" for c in delta.of("report", "MOD")]),
    ]
    incidents = [
        "## Incidents", "",
        *_section("Added", [_named(c) for c in delta.of("incident", "ADD")]),
        *_section("Superseded", [f"{_named(c)} is now `{c.related_id}`"
                                 + (f" ({c.related_label})" if c.related_label else "") + ", read from the same evidence"
                                 for c in delta.of("incident", "DEL", "superseded")]),
        *_section("Rejected by a reviewer", [_named(c) for c in delta.of("incident", "DEL", "rejected")]),
        *_section("Removed", [_named(c) + (f": {c.note}" if c.note else "")
                              for c in delta.of("incident", "DEL", "removed")]),
        *_section("Changed", [f"{_named(c)}\n{_field_lines(c)}" for c in delta.of("incident", "MOD")]),
    ]
    persons = [
        "## Persons", "",
        *_section("Added", [_named(c) for c in delta.of("person", "ADD", "new")]),
        *_section("Merged", [f"{_named(c)} merged into {c.related_label} (`{c.related_id}`)"
                             for c in delta.of("person", "DEL", "merged")]),
        *_section("Split", [f"{_named(c)} split from {c.related_label} (`{c.related_id}`)"
                            for c in delta.of("person", "ADD", "split")]),
        *_section("Removed", [_named(c) + (f": {c.note}" if c.note else "")
                              for c in delta.of("person", "DEL", "removed")]),
        *_section("Changed", [f"{_named(c)}\n{_field_lines(c)}" for c in delta.of("person", "MOD")]),
    ]
    return reports + incidents + persons


def quality_section(before: Mapping[str, float] | None, after: Mapping[str, float] | None) -> list[str]:
    """Quality before (the previous release) and after (this build), with the change."""
    lines = ["## Quality", ""]
    if not before and not after:
        return lines + ["Not evaluated.", ""]
    keys = [k for k in QUALITY_KEYS if k in (before or {}) or k in (after or {})]
    keys += sorted((set(before or {}) | set(after or {})) - set(keys))
    lines += ["| measure | before | after | change |", "|---|---:|---:|---:|"]
    for k in keys:
        b, a = (before or {}).get(k), (after or {}).get(k)
        diff = f"{a - b:+.4f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) else ""
        lines.append(f"| {k} | {_num(b)} | {_num(a)} | {diff} |")
    return lines + [""]


def _num(value) -> str:
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)

"""Published ids never disappear: where a vanished incident id goes, and the check of the promise.

What belongs here: the rule that every person and incident id of any earlier release is, in every
later release, either a row of its table or a row of its redirects table (`person_redirects`,
`incident_redirects`: `old_id -> id`, or `old_id -> null` with the reason it was retired); the
choice of the incident a vanished incident id points to; the list of problems of a release
against an earlier one (used by `civic verify`, the blocking check before publishing and the
property tests). Person ids are chosen where persons are linked (core.linking), under the same
rule. No Dagster, no pandas: plain rows in, rows or messages out.

Incidents. An incident id is a hash of its report and of what was extracted (type, day, place,
people, penalty), so it changes when its report is replaced by a new version or by the same text
in another format, and when extraction reads the sentence differently. A vanished id then
redirects to the live incident read from the same evidence: same event type, same evidence text
(whitespace aside), in the same report or the one that replaced it (preferring the same first
day, then the smallest id). With none, it is retired with a reason:
`rejected_by_reviewer` (sources/curation rejects it by id), `report_removed` (its report and
any replacement left the sources) or `no_longer_extracted` (the report is there; nothing is
read from that evidence any more).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SAME_EVIDENCE = "same_evidence"
REJECTED_BY_REVIEWER = "rejected_by_reviewer"
REPORT_REMOVED = "report_removed"
NO_LONGER_EXTRACTED = "no_longer_extracted"
INCIDENT_REDIRECT_REASONS = (SAME_EVIDENCE, REJECTED_BY_REVIEWER, REPORT_REMOVED, NO_LONGER_EXTRACTED)

# Rejection codes of core.sources whose file is another accepted file's report under another name.
REPLACED_BY = ("superseded_by ", "same_report_as ", "duplicate_of ")


@dataclass(frozen=True)
class Redirect:
    old_id: str
    new_id: str | None  # None: retired
    release: str
    reason: str


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def resolve(old_id: str, live: set[str], rows: Mapping[str, str | None]) -> tuple[str | None, str]:
    """(the live id `old_id` stands for or None, how): 'live', 'redirected', 'retired',
    'vanished' (no row), 'dangling' (a chain ending in an id that is nowhere) or 'cycle'."""
    if old_id in live:
        return old_id, "live"
    seen = set()
    current = old_id
    while current not in live:
        if current in seen:
            return None, "cycle"
        seen.add(current)
        if current not in rows:
            return None, "vanished" if current == old_id else "dangling"
        current = rows[current]
        if current is None:
            return None, "retired"
    return current, "redirected"


def redirect_problems(kind: str, live: set[str], rows: Mapping[str, str | None]) -> list[str]:
    """Problems of one release's redirects: a row for an id that is live, a chain that does not
    end in a live id or a retirement."""
    problems = [f"{kind} {old}: redirected but still a live row" for old in sorted(rows) if old in live]
    for old in sorted(rows):
        if old in live:
            continue
        _, how = resolve(old, live, rows)
        if how in ("dangling", "cycle"):
            problems.append(f"{kind} {old}: redirect chain is {how} (-> {rows[old]})")
    return problems


def continuity_problems(kind: str, earlier: Iterable[str], live: set[str],
                        rows: Mapping[str, str | None]) -> list[str]:
    """Ids of an earlier release (its live ids and its redirected ones) that a later release
    lost: neither live nor redirected, or redirected into nothing."""
    problems = []
    for old in sorted(set(earlier)):
        _, how = resolve(old, live, rows)
        if how in ("vanished", "dangling", "cycle"):
            problems.append(f"{kind} {old}: published earlier, {how} now")
    return problems


def report_successors(previous_reports: Iterable[tuple[str, str]], current_report_ids: set[str],
                      accepted: Mapping[str, str], rejected: Mapping[str, str],
                      supersedes: Mapping[str, str]) -> dict[str, str]:
    """{previous report_id: the report_id that now carries its text}.

    previous_reports: (report_id, source_file) of the earlier release; accepted: path -> report_id
    of this build; rejected: path -> reason code (`same_report_as <path>`, `superseded_by <path>`,
    `duplicate_of <path>`); supersedes: older path -> path of the accepted file replacing it.
    """
    out = {}
    for rid, path in previous_reports:
        if rid in current_report_ids:
            out[rid] = rid
        elif path in accepted:  # the file was edited in place
            out[rid] = accepted[path]
        elif path in supersedes and supersedes[path] in accepted:
            out[rid] = accepted[supersedes[path]]
        else:
            code = rejected.get(path, "")
            for prefix in REPLACED_BY:
                if code.startswith(prefix) and code[len(prefix):] in accepted:
                    out[rid] = accepted[code[len(prefix):]]
    return out


def incident_redirects(previous: Iterable[Mapping], previous_rows: Iterable[Redirect],
                       current: Iterable[Mapping], successors: Mapping[str, str],
                       rejected_ids: set[str], release: str) -> list[Redirect]:
    """The incident_redirects rows of a release: the previous release's rows (dropped when their
    id is live again) and a row for each id of the previous release that is no longer live.

    previous / current rows need incident_id, report_id, event_type, evidence, event_date.
    Rows point straight at a live id (chains are flattened), or are retirements.
    """
    current = list(current)
    live = {r["incident_id"] for r in current}
    by_key: dict[tuple, list[Mapping]] = {}
    for r in current:
        by_key.setdefault((r["report_id"], r["event_type"], _norm(r["evidence"])), []).append(r)
    current_reports = {r["report_id"] for r in current}
    rows: dict[str, Redirect] = {}
    for r in sorted(previous, key=lambda r: r["incident_id"]):
        old = r["incident_id"]
        if old in live:
            continue
        report = successors.get(r["report_id"])
        candidates = by_key.get((report, r["event_type"], _norm(r["evidence"])), []) if report else []
        if old in rejected_ids:
            rows[old] = Redirect(old, None, release, REJECTED_BY_REVIEWER)
        elif candidates:
            best = min(candidates, key=lambda c: (str(c.get("event_date")) != str(r.get("event_date")),
                                                  c["incident_id"]))
            rows[old] = Redirect(old, best["incident_id"], release, SAME_EVIDENCE)
        else:
            gone = report is None and r["report_id"] not in current_reports
            rows[old] = Redirect(old, None, release, REPORT_REMOVED if gone else NO_LONGER_EXTRACTED)
    for r in previous_rows:
        if r.old_id not in live and r.old_id not in rows:
            rows[r.old_id] = r
    return flatten(list(rows.values()), live)


def flatten(rows: list[Redirect], live: set[str]) -> list[Redirect]:
    """Each row points straight at the live id its chain ends in; a chain ending in a retired id
    is retired with that id's reason. Sorted by old id."""
    by_old = {r.old_id: r for r in rows}
    out = []
    for r in rows:
        target, reason, seen = r.new_id, r.reason, {r.old_id}
        while target and target not in live and target in by_old and target not in seen:
            seen.add(target)
            nxt = by_old[target]
            target = nxt.new_id
            if target is None:
                reason = nxt.reason
        out.append(Redirect(r.old_id, target, r.release, reason))
    return sorted(out, key=lambda r: r.old_id)


# ----------------------------------------------------------------------------- published folders

KINDS = {"person": ("persons", "person_id", "person_redirects", "old_person_id"),
         "incident": ("incidents", "incident_id", "incident_redirects", "old_incident_id")}


@dataclass
class ReleaseIds:
    """The ids of one published release: live ones and redirect rows, per kind."""
    live: dict[str, set[str]]
    rows: dict[str, dict[str, str | None]]

    def published(self, kind: str) -> set[str]:
        return self.live[kind] | set(self.rows[kind])


def release_ids(folder: Path) -> ReleaseIds:
    """Read the id columns of a release folder (a table missing from an older release is empty)."""
    import pyarrow.parquet as pq

    live, rows = {}, {}
    for kind, (table, id_col, redirects, old_col) in KINDS.items():
        path = Path(folder) / f"{table}.parquet"
        live[kind] = set(pq.read_table(path, columns=[id_col]).column(0).to_pylist()) if path.exists() else set()
        path = Path(folder) / f"{redirects}.parquet"
        if path.exists():
            t = pq.read_table(path, columns=[old_col, id_col])
            rows[kind] = dict(zip(t.column(0).to_pylist(), t.column(1).to_pylist()))
        else:
            rows[kind] = {}
    return ReleaseIds(live, rows)


def release_problems(earlier: ReleaseIds, later: ReleaseIds, earlier_name: str = "") -> list[str]:
    """What a later release lost of an earlier one, and any broken redirect of the later one."""
    problems = []
    for kind in KINDS:
        problems += redirect_problems(kind, later.live[kind], later.rows[kind])
        lost = continuity_problems(kind, earlier.published(kind), later.live[kind], later.rows[kind])
        problems += [f"{p} (since {earlier_name})" if earlier_name else p for p in lost]
    return sorted(set(problems))

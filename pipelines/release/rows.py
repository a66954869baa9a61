"""Release rows from per-report frames: pure functions under the release assets (frames in,
table frames out), tested without Dagster.

Belongs here: the codebook table of a list of row dicts (`table_frame`), the cell coercions the
release tables share, and the incidents and incident_persons tables made from every report's
incident frame, the persons' ids and the reviewer's incident curation (`incident_frames`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from pipelines.core.curation import Curation, apply_to_incidents
from schemas import TABLES


def table_frame(name: str, rows) -> pd.DataFrame:
    """Rows (a list of dicts, or a dict of columns) in codebook column order, sorted by the
    table's key; validated dtypes are left to the checks."""
    spec = TABLES[name]
    frame = pd.DataFrame(rows, columns=spec.columns)
    return frame.sort_values(list(spec.key), ignore_index=True) if len(frame) else frame


def none(value):
    """None for every kind of missing cell: None, NaN, NaT, pd.NA."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NA:
        return None
    return value


def as_date(value):
    value = none(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def as_iso(value) -> str | None:
    """A date, datetime or ISO text as YYYY-MM-DD (one type for the column), None when missing."""
    value = none(value)
    return None if value is None else str(value.isoformat() if hasattr(value, "isoformat") else value)[:10]


def _float(value):
    return None if none(value) is None else float(value)


def _by_time(spans) -> list[str]:
    """Later tellings of an incident ("start-end" spans, pipelines.extract.work.incident_rows) in text order."""
    return sorted(set(spans or []), key=lambda s: int(s.split("-")[0]))


def _columns(frames: list[pd.DataFrame], names: list[str]) -> dict[str, list]:
    """The cells of `names` over every frame, column by column: the values `records` gives, a
    missing column read as None. A dict per row (30 columns of 100,000 incidents, then a frame
    made from the dicts again) was most of the asset's time at 1,000 reports."""
    out: dict[str, list] = {c: [] for c in names}
    for frame in frames:
        cells = frame.to_numpy(dtype=object)
        index = {c: i for i, c in enumerate(frame.columns)}
        for c in names:
            i = index.get(c)
            out[c].extend(cells[:, i].tolist() if i is not None else [None] * len(frame))
    return out


def _links(targets, others, person_of: Mapping[tuple[str, str], str], report_id: str) -> list[tuple[str, str]]:
    links = [(person_of.get((report_id, local)), "target") for local in list(targets if targets is not None else [])]
    links += [(person_of.get((report_id, local)), role) for local, role in list(others if others is not None else [])]
    return [(pid, role) for pid, role in links if pid]


def incident_frames(frames: Mapping[str, pd.DataFrame], texts: Mapping[str, str], files: Mapping[str, str],
                    country_of: Mapping[str, str | None], person_clusters: pd.DataFrame, cur: Curation):
    """The incidents and incident_persons tables, and the curation log (applied, problems).

    `frames`: each report's incident frame (reports with an error left out by the caller);
    `texts`, `files`, `country_of`: each report's cleaned text, source path and country.
    Rows a reviewer rejects, fixes or adds go through `apply_to_incidents` as dicts; the rest
    are taken column by column (the same cells, at a fraction of the cost)."""
    person_of = {(r.report_id, r.local_id): r.person_id for r in person_clusters.itertuples()}
    columns = TABLES["incidents"].columns  # made from the pandera model on each call: once here
    cols = _columns([frames[k] for k in sorted(frames)], [*columns, "targets", "others"])
    cols["links"] = [_links(t, o, person_of, rid) for t, o, rid in zip(cols.pop("targets"), cols.pop("others"),
                                                                          cols["report_id"])]
    # one row per incident id, the last telling winning (as the curation's dict by id did)
    last = {iid: i for i, iid in enumerate(cols["incident_id"])}
    named = {e["incident_id"] for e in cur.incidents if e.get("incident_id")}
    keep = sorted(i for iid, i in last.items() if iid not in named)
    touched = [{c: v[i] for c, v in cols.items()} for iid, i in last.items() if iid in named]
    curated, applied, problems = apply_to_incidents(cur, touched, dict(texts), dict(files))
    if curated:
        names_of: dict[tuple[str, str], str] = {}
        for r in person_clusters.itertuples():
            for name in [r.name, *list(r.aliases)]:
                names_of[(r.report_id, name)] = r.person_id
        for r in curated:
            if "persons" in r:  # added by a reviewer: persons named, resolved within the report
                r["links"] = [(names_of[(r["report_id"], n)], "target") for n in r["persons"]
                              if (r["report_id"], n) in names_of]
    table = {c: [v[i] for i in keep] + [r.get(c) for r in curated] for c, v in cols.items()}
    table["country"] = [none(c) or none(country_of.get(rid)) for c, rid in zip(table["country"], table["report_id"])]
    table["legal_basis"] = [sorted(set(v or [])) for v in table["legal_basis"]]
    table["evidence_more"] = [_by_time(v) for v in table["evidence_more"]]
    for c in ("event_date", "event_date_end"):
        table[c] = [as_date(v) for v in table[c]]
    for c in ("penalty_amount", "latitude", "longitude"):
        table[c] = [_float(v) for v in table[c]]
    link_rows = [{"incident_id": iid, "person_id": pid, "role": role}
                 for iid, links in zip(table["incident_id"], table.pop("links")) for pid, role in sorted(set(links))]
    incidents = table_frame("incidents", table)
    incident_persons = table_frame("incident_persons", link_rows).drop_duplicates(ignore_index=True)
    return incidents, incident_persons, applied, problems

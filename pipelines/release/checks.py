"""Blocking asset checks: every release table against its pandera model (schemas/), the
references between tables, and the promise that no published id disappears.

One check per table, made from the table's model, as PUDL does: the check fails with the
failure cases (column, check, value, row) in its metadata, and because it is blocking, the
published release is not written in that run.
"""


import dagster as dg
import pandas as pd
import pandera.pandas as pa

from pipelines.core import continuity
from pipelines.release.previous import PreviousRelease, previous_release_tables
from pipelines.resources import ProjectPaths
from schemas import TABLES, TableSpec


def failure_table(cases: pd.DataFrame, limit: int = 30) -> str:
    cols = [c for c in ("column", "check", "failure_case", "index") if c in cases.columns]
    head = cases[cols].head(limit).map(str)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(v.replace("|", "\\|")[:80] for v in row) + " |" for row in head.itertuples(index=False)]
    return "\n".join(lines)


def validate_table(spec: TableSpec, frame: pd.DataFrame) -> dg.AssetCheckResult:
    try:
        spec.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return dg.AssetCheckResult(
            passed=False,
            metadata={
                "failing_cases": len(cases),
                "failure_cases": dg.MetadataValue.md(failure_table(cases)),
            },
        )
    return dg.AssetCheckResult(passed=True, metadata={"rows": len(frame)})


def schema_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=spec.name,
        name=f"{spec.name}_matches_codebook",
        blocking=True,
        description=f"{spec.name} validates against schemas.{spec.model.__name__} (types, vocabularies, ids)",
    )
    def _check(frame: pd.DataFrame) -> dg.AssetCheckResult:
        return validate_table(spec, frame)

    return _check


schema_checks = [schema_check(spec) for spec in TABLES.values()]


@dg.asset_check(
    asset="incidents",
    blocking=True,
    additional_ins={"reports": dg.AssetIn("reports")},
    description="every incident's report_id is a report of this release",
)
def incidents_reports_resolve(incidents: pd.DataFrame, reports: pd.DataFrame) -> dg.AssetCheckResult:
    missing = sorted(set(incidents.report_id) - set(reports.report_id))
    return dg.AssetCheckResult(passed=not missing, metadata={"unknown_report_ids": ", ".join(missing[:20]) or "none"})


@dg.asset_check(
    asset="person_mentions",
    blocking=True,
    additional_ins={"persons": dg.AssetIn("persons"), "reports": dg.AssetIn("reports")},
    description="every mention's person_id and report_id resolve",
)
def mentions_resolve(person_mentions: pd.DataFrame, persons: pd.DataFrame, reports: pd.DataFrame) -> dg.AssetCheckResult:
    bad_p = sorted(set(person_mentions.person_id) - set(persons.person_id))
    bad_r = sorted(set(person_mentions.report_id) - set(reports.report_id))
    return dg.AssetCheckResult(
        passed=not bad_p and not bad_r,
        metadata={"unknown_person_ids": ", ".join(bad_p[:20]) or "none", "unknown_report_ids": ", ".join(bad_r[:20]) or "none"},
    )


def _targets(frame: pd.DataFrame, old: str, new: str) -> dict[str, str | None]:
    return {o: (n if isinstance(n, str) else None) for o, n in zip(frame[old], frame[new])}


def ids_continue(kind: str, table: pd.DataFrame, id_col: str, redirects: pd.DataFrame, old_col: str,
                 previous: PreviousRelease) -> dg.AssetCheckResult:
    """Every id of the last release is live or redirected here, and every redirect chain ends
    in a live id or a retirement (core.continuity)."""
    live = set(table[id_col])
    rows = _targets(redirects, old_col, id_col)
    problems = continuity.redirect_problems(kind, live, rows)
    earlier = previous.table(table_name(kind))
    earlier_rows = previous.table(f"{kind}_redirects")
    earlier_ids = set(earlier[id_col]) if len(earlier) else set()
    earlier_ids |= set(earlier_rows[old_col]) if len(earlier_rows) else set()
    problems += continuity.continuity_problems(kind, earlier_ids, live, rows)
    return dg.AssetCheckResult(passed=not problems, metadata={
        "previous_release": previous.version or "none", "ids_checked": len(earlier_ids | set(rows)),
        "problems": len(problems), "examples": dg.MetadataValue.md("\n".join(problems[:20]) or "none")})


def table_name(kind: str) -> str:
    return {"person": "persons", "incident": "incidents"}[kind]


@dg.asset_check(
    asset="person_redirects",
    blocking=True,
    additional_ins={"persons": dg.AssetIn("persons")},
    description="every person id of the last release is a person or a redirect here; redirects end in a person or a retirement",
)
def person_ids_continue(paths: ProjectPaths, person_redirects: pd.DataFrame, persons: pd.DataFrame) -> dg.AssetCheckResult:
    return ids_continue("person", persons, "person_id", person_redirects, "old_person_id",
                        previous_release_tables(paths.releases_dir))


@dg.asset_check(
    asset="incident_redirects",
    blocking=True,
    additional_ins={"incidents": dg.AssetIn("incidents")},
    description="every incident id of the last release is an incident or a redirect here; redirects end in an incident or a retirement",
)
def incident_ids_continue(paths: ProjectPaths, incident_redirects: pd.DataFrame, incidents: pd.DataFrame) -> dg.AssetCheckResult:
    return ids_continue("incident", incidents, "incident_id", incident_redirects, "old_incident_id",
                        previous_release_tables(paths.releases_dir))


integrity_checks = [incidents_reports_resolve, mentions_resolve, person_ids_continue, incident_ids_continue]

"""Blocking asset checks: every release table against its pandera model (schemas/).

One check per table, made from the table's model, as PUDL does: the check fails with the
failure cases (column, check, value, row) in its metadata, and because it is blocking, the
published release is not written in that run.
"""


import dagster as dg
import pandas as pd
import pandera.pandas as pa

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


@dg.asset_check(
    asset="person_redirects",
    blocking=True,
    additional_ins={"persons": dg.AssetIn("persons")},
    description="every redirect points to a person of this release and retires an id no person still has",
)
def redirects_resolve(person_redirects: pd.DataFrame, persons: pd.DataFrame) -> dg.AssetCheckResult:
    live = set(persons.person_id)
    dangling = sorted(set(person_redirects.person_id) - live)
    revived = sorted(set(person_redirects.old_person_id) & live)
    return dg.AssetCheckResult(
        passed=not dangling and not revived,
        metadata={"dangling": ", ".join(dangling[:20]) or "none", "retired_but_live": ", ".join(revived[:20]) or "none"},
    )


integrity_checks = [incidents_reports_resolve, mentions_resolve, redirects_resolve]

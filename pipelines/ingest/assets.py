"""Ingest: the inventory of `sources/reports/` (an asset) and the reading of each report's
cleaned text (read_report_texts, called by extract.assets.report_extraction, whose output
`report_texts` it is).

Per-report assets are partitioned by report id (a dynamic partition per accepted file) with a
single-run backfill policy, so a full rebuild is one run. The inventory keeps the partitions in
step with sources/reports/ on every run (as `sources_sensor` does between runs), so a backfill
of all partitions launched from the UI covers every accepted report. A file
that cannot be read never fails the run: it is listed, with its reason, in the inventory's
metadata and in the release's CHANGES.md, and the other reports go on.
"""


import dataclasses
import json
from collections.abc import Iterable

import dagster as dg
import pandas as pd

from pipelines.core.metadata import read_metadata
from pipelines.core.sources import RejectedSource, read_source, scan_sources
from pipelines.resources import ProjectPaths

report_partitions = dg.DynamicPartitionsDefinition(name="reports")

# Every per-report asset shares this: one partition per report, a rebuild of all reports is one run.

INVENTORY_COLUMNS = ["report_id", "path", "sha256", "fmt", "size", "status", "code", "message", "sidecar", "supersedes"]


def inventory_frame(paths: ProjectPaths) -> pd.DataFrame:
    """The scan of sources/reports as a frame: accepted rows carry a report id, rejected rows a reason."""
    inv = scan_sources(paths.reports_dir, paths.root_path)
    rows = [
        {
            "report_id": sf.report_id,
            "path": sf.path,
            "sha256": sf.sha256,
            "fmt": sf.fmt,
            "size": sf.size,
            "status": "accepted",
            "code": None,
            "message": None,
            "sidecar": json.dumps(sf.sidecar, sort_keys=True, default=str),
            "supersedes": sf.supersedes,
        }
        for sf in inv.accepted
    ]
    rows += [
        {"report_id": None, "path": r.path, "sha256": None, "fmt": None, "size": None, "status": "rejected",
         "code": r.code, "message": r.message, "sidecar": None, "supersedes": None}
        for r in inv.rejected
    ]
    return pd.DataFrame(rows, columns=INVENTORY_COLUMNS)


def sync_partitions(instance: dg.DagsterInstance, accepted: Iterable[str]) -> list[str]:
    """Make the `reports` partitions the accepted reports (new ones added, gone ones deleted);
    returns the partition keys in the instance's order (the order a partition range follows)."""
    accepted = set(accepted)
    existing = instance.get_dynamic_partitions(report_partitions.name)
    new = sorted(accepted - set(existing))
    if new:
        instance.add_dynamic_partitions(report_partitions.name, new)
    for key in sorted(set(existing) - accepted):
        instance.delete_dynamic_partition(report_partitions.name, key)
    return [k for k in instance.get_dynamic_partitions(report_partitions.name) if k in accepted]


def run_report_keys(context: dg.AssetExecutionContext) -> list[str]:
    """The reports a run of a per-report asset covers: its partition or partition range, or, in
    a run launched with no partition (the UI's plain *Launch run* of build_release), every
    report partition, which the run's own `source_inventory` has just synced with the accepted
    files. Such a run writes one file per report all the same (ParquetIOManager)."""
    if context.has_partition_key or context.has_partition_key_range:
        return sorted(context.partition_keys)
    return sorted(context.instance.get_dynamic_partitions(report_partitions.name))


def rejection_table(rows: pd.DataFrame) -> str:
    if rows.empty:
        return "none"
    lines = ["| file | reason |", "|---|---|"]
    lines += [f"| `{r.path}` | {r.code}: {r.message} |" for r in rows.itertuples()]
    return "\n".join(lines)


@dg.asset(group_name="ingest", kinds={"python"}, deps=["report_files"])
def source_inventory(context: dg.AssetExecutionContext, paths: ProjectPaths) -> pd.DataFrame:
    """Every file under sources/reports/, accepted with its report id or rejected with a reason."""
    frame = inventory_frame(paths)
    sync_partitions(context.instance, frame[frame.status == "accepted"].report_id)
    rejected = frame[frame.status == "rejected"]
    for r in rejected.itertuples():
        context.log.warning(f"rejected source {r.path}: {r.code}: {r.message}")
    context.add_output_metadata(
        {
            "accepted": int((frame.status == "accepted").sum()),
            "rejected": len(rejected),
            "rejected_sources": dg.MetadataValue.md(rejection_table(rejected)),
        }
    )
    return frame


def _sidecar(row) -> dict:
    return json.loads(row["sidecar"]) if isinstance(row.get("sidecar"), str) else {}


def _iso(value) -> str | None:
    return None if value is None else str(value)[:10]


def report_text_row(row: dict, paths: ProjectPaths) -> dict:
    """Read one accepted file: cleaned text plus metadata (sidecar values win over what the text says)."""
    from pipelines.core.sources import SourceFile

    sidecar = _sidecar(row)
    sf = SourceFile(
        report_id=row["report_id"], path=row["path"], sha256=row["sha256"], fmt=row["fmt"],
        size=int(row["size"]), sidecar=sidecar, supersedes=row.get("supersedes"),
    )
    base = {"report_id": sf.report_id, "source_file": sf.path, "sha256": sf.sha256, "fmt": sf.fmt}
    try:
        loaded = read_source(sf, paths.root_path)
    except RejectedSource as exc:
        return {**base, "status": "rejected", "code": exc.code, "message": exc.message, "text": "",
                "encoding": None, "notes": [], "title": None, "publisher": None, "country": None,
                "period_start": None, "period_end": None, "source_url": None, "retrieved": None}
    meta = read_metadata(loaded.text, sf.path.rsplit("/", 1)[-1])
    values = dataclasses.asdict(meta)
    for key in ("title", "publisher", "country", "period_start", "period_end"):
        if sidecar.get(key) is not None:
            values[key] = sidecar[key]
    return {**base, "status": "ok", "code": None, "message": None, "text": loaded.text,
            "encoding": loaded.encoding, "notes": list(loaded.notes), **values,
            "source_url": sidecar.get("url"), "retrieved": _iso(sidecar.get("retrieved"))}


def read_report_texts(log, paths: ProjectPaths, source_inventory: pd.DataFrame, keys: list[str]) -> dict[str, pd.DataFrame]:
    """The value of `report_texts` for the reports `keys`: each report's cleaned text (page chrome
    removed; all offsets downstream refer to it) and metadata, one frame of one row per report.
    Read in the step that extracts them (extract.assets.report_extraction), so that no
    per-report asset loads another across steps: a run launched with no partition could not."""
    accepted = source_inventory[source_inventory.status == "accepted"].set_index("report_id", drop=False)
    out = {}
    for key in keys:
        if key not in accepted.index:
            row = {"report_id": key, "source_file": None, "status": "rejected", "code": "missing",
                   "message": "no longer under sources/reports", "text": ""}
        else:
            row = report_text_row(accepted.loc[key].to_dict(), paths)
        if row["status"] != "ok":  # (a file read is told with its extraction: one line a report)
            log.warning(f"report {key} not read ({row.get('source_file')}): {row['code']}: {row['message']}")
        out[key] = pd.DataFrame([row])
    return out

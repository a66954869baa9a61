"""The sensor on sources/reports/: a new file becomes a report partition and a run for it.

On by default (`dagster dev` starts it): a report dropped into sources/reports/ is read and
extracted within a minute, and the partitions match the folder before anyone launches a run.
"""


import dagster as dg

from pipelines.ingest.assets import report_partitions
from pipelines.resources import ProjectPaths


def sync_requests(accepted: list[str], existing: list[str]) -> tuple[list[str], list[str]]:
    """Partitions to add (new accepted reports) and to delete (reports gone or rejected)."""
    return sorted(set(accepted) - set(existing)), sorted(set(existing) - set(accepted))


def build_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(job=job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
               description="Adds a report partition per accepted file under sources/reports/ and runs it.")
    def sources_sensor(context: dg.SensorEvaluationContext, paths: ProjectPaths):
        from pipelines.core.sources import scan_sources

        inventory = scan_sources(paths.reports_dir, paths.root_path)
        accepted = [sf.report_id for sf in inventory.accepted]
        existing = context.instance.get_dynamic_partitions(report_partitions.name)
        add, delete = sync_requests(accepted, existing)
        for r in inventory.rejected:
            context.log.warning(f"rejected source {r.path}: {r.code}: {r.message}")
        requests = []
        if add:
            # One run over the new partitions (a single-run backfill), not one run per file.
            requests.append(dg.RunRequest(
                run_key=f"reports-{'-'.join(add)[:200]}",
                tags={"dagster/asset_partition_range_start": add[0], "dagster/asset_partition_range_end": add[-1]}
                if len(add) > 1 else {},
                partition_key=add[0] if len(add) == 1 else None,
            ))
        return dg.SensorResult(
            run_requests=requests,
            dynamic_partitions_requests=[
                *( [report_partitions.build_add_request(add)] if add else []),
                *( [report_partitions.build_delete_request(delete)] if delete else []),
            ],
        )

    return sources_sensor

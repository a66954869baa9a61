"""Assets called directly (no run): each one's output from small inputs, partition by partition."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs
from pipelines.extract.assets import report_extraction
from pipelines.ingest.assets import source_inventory
from pipelines.ingest.sensors import build_sensor, sync_requests
from pipelines.definitions import report_job
from pipelines.resources import ExtractionSettings, ProjectPaths
from tests.conftest import make_project

STORY = (
    "This update covers developments in Kazakhstan from March to May 2021. It was prepared by "
    "Example Rights Group (ERG).\n\nOn 12 April 2021, police in Aktobe detained activist Dana Serikova. "
    "Serikova was fined 30 000 KZT the next day.\n"
)


def test_definitions_load():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"report_texts", "incidents", "persons", "published_release"} <= keys


def test_source_inventory_names_rejected_files(tmp_path):
    root = make_project(tmp_path / "p", {"story.txt": STORY.encode(), "empty.txt": b"", "notes.docx": b"x"})
    frame = source_inventory(dg.build_asset_context(), paths=ProjectPaths(root=str(root)))
    status = dict(zip(frame.path.str.rsplit("/", n=1).str[-1], frame.status))
    assert status["story.txt"] == "accepted" and status["000_bf2cf6556fc1d8c3.txt"] == "accepted"
    assert status["empty.txt"] == "rejected" and status["notes.docx"] == "rejected"
    assert frame[frame.status == "rejected"].code.notna().all()


def test_per_report_assets_by_direct_invocation(tmp_path):
    root = make_project(tmp_path / "p", {"story.txt": STORY.encode()}, with_seed=False)
    paths = ProjectPaths(root=str(root))
    inventory = source_inventory(dg.build_asset_context(), paths=paths)
    key = inventory[inventory.status == "accepted"].report_id.iloc[0]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("reports", [key])
    settings = ExtractionSettings(workers=1, cache=False)
    outs = {o.output_name: o.value[key] for o in report_extraction(
        dg.build_asset_context(partition_key=key, instance=instance), paths=paths, extraction=settings,
        source_inventory=inventory)}
    row = outs["report_texts"].iloc[0]
    assert row.status == "ok" and "Dana Serikova" in row.text
    assert row.country == "KZ" and str(row.period_start)[:10] == "2021-03-01"
    units = outs["report_units"]
    assert (units.kind == "sentence").sum() >= 3
    for u in units.itertuples():
        assert row.text[u.start:u.end] == u.text
    mentions = outs["report_mentions"]
    assert set(mentions.canonical) == {"Dana Serikova"}
    assert mentions.local_id.nunique() == 1 and len(mentions) == 2
    incidents = outs["report_incidents"]
    assert set(incidents.event_type) >= {"detention"} and incidents.incident_id.is_unique


def test_sensor_adds_new_reports_as_partitions(tmp_path):
    assert sync_requests(["a", "b"], ["b", "c"]) == (["a"], ["c"])
    root = make_project(tmp_path / "p", {"story.txt": STORY.encode()})
    instance = dg.DagsterInstance.ephemeral()
    sensor = build_sensor(report_job)
    ctx = dg.build_sensor_context(instance=instance, resources={"paths": ProjectPaths(root=str(root))})
    result = sensor(ctx)
    added = [k for req in result.dynamic_partitions_requests for k in req.partition_keys]
    assert len(added) == 2 and len(result.run_requests) == 1


def test_report_status_carries_what_the_release_step_needs_without_per_report_frames():
    import datetime as dt

    import pandas as pd

    from pipelines.release.assets import reports

    texts = {
        "a": pd.DataFrame([{"report_id": "a", "status": "ok", "source_file": "sources/reports/a.txt", "text": "x",
                            "sha256": "0" * 64, "retrieved": "2025-03-01", "period_end": dt.date(2025, 2, 28)}]),
        "b": pd.DataFrame([{"report_id": "b", "status": "ok", "source_file": "sources/reports/b.txt", "text": "y",
                            "sha256": "1" * 64, "retrieved": None, "period_end": None}]),
    }
    incidents = {"a": pd.DataFrame(columns=["incident_id"]),
                 "b": pd.DataFrame([{"report_id": "b", "extraction_error": "timeout: past 60 s"}])}
    out = {o.output_name: o.value for o in reports(report_texts=texts, report_incidents=incidents)}
    assert list(out["reports"].report_id) == ["a"]  # the failed report is no report of the release
    status = out["report_status"].set_index("report_id")
    assert status.loc["b", "extraction_error"] == "timeout: past 60 s" and status.loc["b", "source_file"].endswith("b.txt")
    assert pd.isna(status.loc["a", "extraction_error"])
    assert (status.loc["a", "retrieved"], status.loc["a", "period_end"]) == ("2025-03-01", "2025-02-28")


def test_evidence_problems_name_each_row_whose_offsets_miss_its_text():
    import pandas as pd

    from pipelines.release.assets import evidence_problems

    texts = {"r1": "Police detained A. Later police detained A again."}
    incidents = pd.DataFrame({"incident_id": ["I1", "I2"], "report_id": ["r1", "r1"],
                              "evidence": ["Police detained A.", "Police detained A."],
                              "evidence_start": [0, 1], "evidence_end": [18, 19],
                              "evidence_more": [["0-18"], []]})
    assert evidence_problems(incidents, texts, "evidence", "evidence_start", "evidence_end") == \
        ["I2: offsets 1..19 do not give 'Police detained A.'"]
    incidents.loc[0, "evidence_more"] = ["5-23"]  # a further telling that is not the same sentence
    assert [p.split(":")[0] for p in evidence_problems(incidents, texts, "evidence", "evidence_start",
                                                       "evidence_end")] == ["I1", "I2"]
    mentions = pd.DataFrame({"mention_id": ["M1"], "report_id": ["r1"], "surface": ["A"], "start": [16], "end": [17]})
    assert evidence_problems(mentions, texts, "surface", "start", "end") == []

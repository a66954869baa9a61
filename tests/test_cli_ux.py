"""What people see of the pipeline: every command's --help has examples that parse, the build's
progress and JSON logs, and the Dagster definitions' owners, lineage, schedule and metadata."""

from __future__ import annotations

import io
import json
import logging
import shlex

import dagster as dg
import pandas as pd
import pytest

from pipelines import cli
from pipelines.progress import Progress, Tracker
from tests.conftest import make_project

COMMANDS = sorted(cli.COMMAND_EXAMPLES)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_examples_that_parse(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    examples = [line.strip() for line in out.split("examples:")[1].splitlines() if line.strip().startswith("civic ")]
    assert examples, out
    for line in examples:
        argv = shlex.split(line.split("   ")[0])[1:]  # the command, without the comment beside it
        args = cli.parser().parse_args(argv)
        assert args.command == command


def test_progress_counts_reports_done_from_per_report_lines():
    progress = Progress(2)
    lines = [("report_extraction", "report fedcba9876543210 not read (y.txt): empty: no text"),  # not its end
             ("report_extraction", "report 0123456789abcdef (x.txt, 10 characters): 2 incidents, 3 mentions (0.41 s)"),
             ("report_extraction", "report 0123456789abcdef (x.txt, 10 characters): 2 incidents, 3 mentions (cached)"),  # once
             ("persons", "report 0123456789abcdef: not a per-report step"),
             ("report_extraction", "report fedcba9876543210 (y.txt, 0 characters): 0 incidents, 0 mentions (0.01 s)"),
             ("report_extraction", "published something")]
    counted = [progress.observe(step, message) for step, message in lines]
    assert counted == [False, True, False, False, True, False]
    assert progress.reports_done == 2 and progress.steps_total == 2


def test_json_lines_carry_step_report_and_message():
    stream = io.StringIO()
    tracker = Tracker(1, "json", stream)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "ignored", None, None)
    record.dagster_meta = {"step_key": "report_extraction", "orig_message": "report 0123456789abcdef: 4 incidents"}
    tracker.record(record)
    tracker.close()
    line = json.loads(stream.getvalue())
    assert (line["step"], line["report"], line["level"]) == ("report_extraction", "0123456789abcdef", "info")
    assert tracker.progress.reports_done == 1


@pytest.mark.slow
def test_build_with_json_logs(tmp_path, capsys):
    root = make_project(tmp_path / "p")
    assert cli.main(["build", "--root", str(root), "--log-format", "json"]) == 0
    err = capsys.readouterr().err
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert {r["step"] for r in records if r["report"]} >= {"report_extraction"}
    assert any(r["event"] == "ASSET_MATERIALIZATION" for r in records)


def test_definitions_show_owners_lineage_and_contract():
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    external = {"report_files", "reviewer_curation", "person_judgements", "gold_annotations", "previous_release"}
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert external <= keys
    for key in keys:
        node = graph.get(dg.AssetKey(key))
        assert node.owners, key
        assert node.description, key
    parents = lambda k: {p.to_user_string() for p in graph.get(dg.AssetKey(k)).parent_keys}  # noqa: E731
    assert "reviewer_curation" in parents("incidents") and "gold_annotations" in parents("evaluation")
    assert {"person_judgements", "previous_release"} <= parents("person_clusters")
    schema = graph.get(dg.AssetKey("incidents")).metadata["dagster/column_schema"]
    schema = getattr(schema, "schema", schema)  # a TableSchema, or its metadata value
    assert [c.name for c in schema.columns][:3] == ["incident_id", "report_id", "event_type"]
    assert all(c.description for c in schema.columns)


def test_weekly_schedule_requests_one_run_over_every_report(tmp_path):
    """The schedule first makes the partitions the folder's reports (the sensor may be off), then
    asks for one run over all of them; the range follows the instance's partition order (a
    persistent Dagster home keeps partitions in the order they were added, not sorted)."""
    from pipelines.definitions import weekly_release
    from pipelines.resources import ProjectPaths
    from tests.conftest import PROJECT

    empty = make_project(tmp_path / "empty", with_seed=False)
    second = (PROJECT / "tests" / "fixtures" / "persons" / "f1_2019q1.txt").read_bytes()
    root = make_project(tmp_path / "p", reports={"f1_2019q1.txt": second})

    def evaluate(project, instance):
        # entered, so that the instance the context opens is closed again: left open, it stays
        # Dagster's current defs-state storage and breaks later Definitions once collected
        with dg.build_schedule_context(instance=instance,
                                       resources={"paths": ProjectPaths(root=str(project))}) as context:
            return weekly_release(context)

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("reports", ["ffffffffffffffff"])  # a report gone from the folder
        assert isinstance(evaluate(empty, instance), dg.SkipReason)
        assert instance.get_dynamic_partitions("reports") == []
        request = evaluate(root, instance)
        keys = instance.get_dynamic_partitions("reports")
    assert len(keys) == 2
    assert request.tags["dagster/asset_partition_range_start"] == keys[0]
    assert request.tags["dagster/asset_partition_range_end"] == keys[-1]


def test_preview_cuts_long_cells_and_escapes_pipes():
    from pipelines.resources import PREVIEW_CELL, preview

    frame = pd.DataFrame({"a": ["x|y", "z" * 500], "b": [1, 2]})
    text = preview([frame]).value
    assert "x\\|y" in text and "z" * PREVIEW_CELL not in text and text.count("\n") == 3

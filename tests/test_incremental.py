"""A build materialises the per-report assets only for reports whose inputs changed
(pipelines.ingest.stale), and publishes what a build over every report would."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from pipelines.cli import build
from pipelines.core.sources import SourceFile
from pipelines.ingest import stale
from pipelines.resources import _snapshot_shards
from tests.conftest import load_script, make_project


def _tables(release: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(release).iterdir() if p.suffix in (".parquet", ".csv")}


def _both(a: Path, tmp_path: Path, step: str) -> tuple[dict, dict]:
    """Build `a` as it is, and a copy of it whose record of built partitions is deleted (so
    every report partition runs again, from the extraction cache); both must publish the same."""
    b = tmp_path / f"b-{step}"
    shutil.copytree(a, b, symlinks=True)
    stale.record_path(b / "outputs" / "cache").unlink()
    ok, fast = build(a, log_level="CRITICAL")
    assert ok, fast
    ok, full = build(b, log_level="CRITICAL")
    assert ok, {k: full.get(k) for k in ("errors", "error", "failed_steps", "failed_checks")}
    assert _tables(fast["release"]) == _tables(full["release"]), step
    assert Path(fast["release"]).name == Path(full["release"]).name
    return fast, full


def _planned(project: Path) -> dict[str, int]:
    """Planned-materialisation events of the per-report assets in the project's last run."""
    import collections

    import dagster as dg

    from pipelines.cli import dagster_home

    instance = dg.DagsterInstance.from_config(str(dagster_home(project)))
    run = instance.get_runs(limit=1)[0]
    keys = [r.dagster_event.asset_key.to_user_string() for r in
            instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)]
    return dict(collections.Counter(k for k in keys if k.startswith("report_") and k != "report_status"))


@pytest.mark.slow
def test_builds_run_only_changed_reports_and_publish_what_a_full_run_would(tmp_path):
    corpus = load_script("synthetic_corpus")
    a = make_project(tmp_path / "a", {"00001.txt": corpus.report(1).encode()})
    ok, first = build(a, log_level="CRITICAL")
    assert ok and first["reports_run"] == 2, first
    reports = a / "sources" / "reports"

    (reports / "00002.txt").write_text(corpus.report(2), encoding="utf-8")
    fast, full = _both(a, tmp_path, "add")
    assert (fast["reports_run"], full["reports_run"]) == (1, 3)
    # one "materialisation planned" event per per-report asset for the run's three reports, not
    # one per report (each is a SQLite write: 74 s of a 1,000-report build; cli.PLANNED_EVENTS_ENV)
    assert _planned(tmp_path / "b-add") == {"report_texts": 1, "report_units": 1, "report_mentions": 1,
                                            "report_incidents": 1}
    # the cross-report assets of a run over a range of reports load every partition through
    # the snapshot (the range is every partition to them), which then holds the added report
    snap = _snapshot_shards(str(a / "outputs" / "warehouse" / ".snapshots" / "report_texts")).load()
    assert sorted(Path(k[0]).name for k in snap) == sorted(p.name for p in (a / "outputs" / "warehouse" / "report_texts").glob("*.parquet"))
    assert len(snap) == 3

    meta = next(reports.glob("*.meta.yaml"))  # a provenance record changes; its report's bytes do not
    text = meta.read_text(encoding="utf-8")
    assert 'title: "' in text
    meta.write_text(text.replace('title: "', 'title: "Revised: ', 1), encoding="utf-8")
    fast, _ = _both(a, tmp_path, "sidecar")
    assert fast["reports_run"] == 1

    (reports / "00001.txt").unlink()
    fast, full = _both(a, tmp_path, "remove")
    assert (fast["reports_run"], full["reports_run"]) == (0, 2)
    assert fast["published"]


def test_stale_reports_follow_fingerprints_and_warehouse_files(tmp_path):
    warehouse = tmp_path / "warehouse"
    sf = SourceFile(report_id="a" * 16, path="sources/reports/x.txt", sha256="0" * 64, fmt="txt", size=3,
                    sidecar={}, supersedes=None)
    fp = {sf.report_id: stale.fingerprint(sf, "v1")}
    assert stale.stale_reports(fp, {}, warehouse) == {sf.report_id}
    for asset in stale.PER_REPORT_ASSETS:
        (warehouse / asset).mkdir(parents=True)
        (warehouse / asset / f"{sf.report_id}.parquet").write_bytes(b"")
    assert stale.stale_reports(fp, fp, warehouse) == set()
    assert stale.stale_reports({sf.report_id: stale.fingerprint(sf, "v2")}, fp, warehouse) == {sf.report_id}
    moved = dataclasses.replace(sf, path="sources/reports/y.txt")
    assert stale.fingerprint(moved, "v1") != fp[sf.report_id]  # report_texts keeps the file's path
    (warehouse / "report_units" / f"{sf.report_id}.parquet").unlink()
    assert stale.stale_reports(fp, fp, warehouse) == {sf.report_id}
    assert stale.run_range(["k1", "k2", "k3", "k4"], {"k2", "k4"}) == ["k2", "k3", "k4"]
    assert stale.run_range(["k1"], set()) == []


@pytest.mark.slow
def test_a_build_with_no_changed_input_is_skipped_and_any_change_runs_again(tmp_path):
    corpus = load_script("synthetic_corpus")
    a = make_project(tmp_path / "a", {"00001.txt": corpus.report(1).encode(), "empty.txt": b""})
    ok, first = build(a, log_level="CRITICAL")
    assert ok and not first.get("skipped") and first["run_id"], first
    ok, again = build(a, log_level="CRITICAL")
    assert ok and again.get("skipped") and again["run_id"] is None
    assert {k: again[k] for k in ("release", "datapackage_sha256", "rejected")} == \
        {k: first[k] for k in ("release", "datapackage_sha256", "rejected")}
    # a reviewer's file changes (a comment only): the cross-report assets run, publish nothing new
    curation = a / "sources" / "curation" / "incidents.yaml"
    curation.write_text(curation.read_text(encoding="utf-8") + "\n# read again\n", encoding="utf-8")
    ok, third = build(a, log_level="CRITICAL")
    assert ok and not third.get("skipped") and third["reports_run"] == 0 and not third["published"]
    # the release the record names is no longer the latest: run again
    ok, fifth = build(a, log_level="CRITICAL")
    assert ok and fifth.get("skipped")
    (a / "outputs" / "releases" / "latest").unlink()
    ok, fourth = build(a, log_level="CRITICAL")
    assert ok and not fourth.get("skipped") and fourth["release"] == first["release"]

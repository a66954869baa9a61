"""One materialisation of the whole graph in a temporary project, checked against the contract.

It builds the bundled sources, validates every published table with its pandera model, checks
evidence offsets against the cleaned texts, rebuilds in a second folder and compares every file
byte for byte, and checks that building unchanged sources again publishes nothing new.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from pipelines.cli import build, main
from pipelines.core.release import verify_release
from schemas import TABLES
from tests.conftest import load_script, make_project

pytestmark = pytest.mark.slow


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("first") / "project")
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    return root, Path(summary["release"])


def test_release_has_every_table_valid(built):
    _, release = built
    package = json.loads((release / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    for name, spec in TABLES.items():
        frame = pd.read_parquet(release / f"{name}.parquet")
        assert list(frame.columns) == spec.columns
        csv = pd.read_csv(release / f"{name}.csv", keep_default_na=False)
        assert len(csv) == len(frame)
        assert any(name in n for n in names)
    assert (release / "CHANGES.md").exists()
    assert verify_release(release) == []


def test_release_has_rows_and_evidence_holds(built):
    root, release = built
    incidents = pd.read_parquet(release / "incidents.parquet")
    persons = pd.read_parquet(release / "persons.parquet")
    reports = pd.read_parquet(release / "reports.parquet")
    assert len(reports) == 1 and reports.iloc[0]["sha256"].startswith("c2c274ab")
    assert len(incidents) >= 20 and len(persons) >= 15
    # Offsets refer to the cleaned text kept in the warehouse.
    texts = pd.read_parquet(next((root / "outputs" / "warehouse" / "report_texts").glob("*.parquet")))
    text = texts.iloc[0]["text"]
    for row in incidents.itertuples():
        assert text[row.evidence_start:row.evidence_end] == row.evidence
    mentions = pd.read_parquet(release / "person_mentions.parquet")
    for row in mentions.itertuples():
        assert text[row.start:row.end] == row.surface


def test_rebuild_is_byte_identical(built, tmp_path):
    _, first = built
    root = make_project(tmp_path / "again")
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    assert digests(first) == digests(Path(summary["release"]))


def test_unchanged_sources_publish_nothing_new(built):
    root, release = built
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    assert Path(summary["release"]).resolve() == release.resolve()
    assert sorted(p.name for p in (root / "outputs" / "releases").iterdir() if p.is_dir() and not p.is_symlink()) == [release.name]


def test_cli_query_and_verify(built, capsys, monkeypatch):
    root, release = built
    assert main(["query", "--release", str(release), "select count(*) as n from incidents"]) == 0
    assert "n" in capsys.readouterr().out
    assert main(["verify", str(release)]) == 0


@pytest.fixture
def served(built, tmp_path):
    """The built release served over HTTP from a copy (so a test may tamper with it)."""
    import functools
    import http.server
    import shutil
    import threading

    _, release = built
    folder = tmp_path / "www"
    shutil.copytree(release, folder)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    server.shutdown()


def test_cli_query_over_http_fetches_and_verifies(served, built, tmp_path, capsys, monkeypatch):
    url, folder = served
    monkeypatch.setenv("CIVIC_CACHE", str(tmp_path / "cache"))
    n = len(pd.read_parquet(folder / "incidents.parquet"))
    assert main(["query", "--release", url, "select count(*) as n from incidents"]) == 0
    assert str(n) in capsys.readouterr().out
    # a file changed on the server after publishing is refused, not queried
    (folder / "persons.parquet").write_bytes(b"PAR1 tampered")
    monkeypatch.setenv("CIVIC_CACHE", str(tmp_path / "cache2"))
    assert main(["query", "--release", url, "select count(*) from persons"]) == 1
    assert "persons.parquet" in capsys.readouterr().err


def test_help_examples_run_as_written(built, monkeypatch, capsys):
    """Every `civic ...` line of --help runs, from a folder inside the project, and succeeds."""
    import io
    import re
    import shlex

    from pipelines.cli import EXAMPLES

    root, _ = built
    monkeypatch.chdir(root / "sources")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    commands = [re.split(r"\s{2,}", line.strip())[0] for line in EXAMPLES.splitlines()
                if line.strip().startswith("civic ")]
    assert len(commands) >= 8
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
    assert (root / "sources" / "persons.csv").exists()
    out = capsys.readouterr().out
    assert "nothing changed" in out and "OK, every file matches" in out


def test_step_times_reads_the_steps_of_the_last_run(tmp_path, monkeypatch):
    # the measuring script behind the README's step breakdowns: every step of the run, each
    # with a duration inside the run's span, longest first (a home of its own: the last run of
    # the session's shared home may be another test's)
    import subprocess
    import sys

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    root = make_project(tmp_path / "project")
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    script = Path(__file__).resolve().parents[1] / "scripts" / "step_times.py"
    proc = subprocess.run([sys.executable, str(script), str(root), "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    names = [s["step"] for s in result["steps"]]
    assert {"report_extraction", "person_clusters", "published_release"} <= set(names)
    seconds = [s["seconds"] for s in result["steps"]]
    assert seconds == sorted(seconds, reverse=True)
    assert all(0 <= s["start_s"] and s["start_s"] + s["seconds"] <= result["span_s"] + 0.01 for s in result["steps"])
    # a rebuild with nothing changed starts no run: the last run is still the first build's, which
    # is how bench_build tells that its steps are not the rebuild's
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    again = subprocess.run([sys.executable, str(script), str(root), "--json"], capture_output=True, text=True)
    assert json.loads(again.stdout)["run_id"] == result["run_id"]
    monkeypatch.delenv("DAGSTER_HOME")
    missing = subprocess.run([sys.executable, str(script), str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode != 0 and "no Dagster home" in missing.stderr


def test_rss_by_step_pairs_memory_samples_with_the_steps_that_ran(tmp_path, monkeypatch):
    # scripts/rss_by_step.py: a step's peak is the highest sample while it ran, or the one just
    # before it when it fell between two samples
    rss = load_script("rss_by_step")
    steps = {"started_at": 100.0, "steps": [{"step": "a", "seconds": 2.0, "start_s": 0.0},
                                             {"step": "b", "seconds": 0.1, "start_s": 2.5}]}
    samples = [(99.5, 300, 0), (100.5, 900, 50), (101.5, 700, 40), (102.0, 400, 0), (103.0, 350, 0)]
    assert [(s["step"], s["main_mb"], s["workers_mb"]) for s in rss.peaks_by_step(samples, steps)] == \
        [("a", 900, 50), ("b", 400, 0)]
    # and on a real build: every step of the run, the run process's memory seen in each
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    root = make_project(tmp_path / "project")
    out = tmp_path / "rss.json"
    assert rss.main([str(root), "--every", "0.2", "--json", str(out)]) == 0
    table = json.loads(out.read_text())["steps"]
    assert {"report_extraction", "person_clusters", "published_release"} <= {s["step"] for s in table}
    assert all(s["main_mb"] > 50 for s in table)


def test_a_build_removes_the_single_file_caches_the_shards_replaced(tmp_path):
    root = make_project(tmp_path / "project")
    legacy = [root / "outputs" / "cache" / "converted.pickle", root / "outputs" / "cache" / "entities.pickle",
              root / "outputs" / "warehouse" / ".snapshots" / "report_texts.pickle",
              root / "outputs" / "cache" / "previous" / "00.pickle"]
    for path in legacy:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"a cache of an earlier build")
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    assert not any(p.exists() for p in legacy)
    assert any((root / "outputs" / "cache" / "entities").glob("*.pickle"))  # its successor


def test_a_build_leaves_no_spooled_rows(built):
    # each report's rows are spooled to the run's folder until the warehouse files are written
    root, _ = built
    spool = root / "outputs" / "cache" / "spool"
    assert not spool.exists() or not any(spool.iterdir())
    assert len(list((root / "outputs" / "warehouse" / "report_incidents").glob("*.parquet"))) == 1


def test_a_release_is_republished_byte_identical_from_its_own_tables(built):
    # scripts/bench_publish.py reads a release's Parquet tables and publishes them again (then the
    # next release, one incident fewer): every table file must come out byte for byte the same
    import subprocess
    import sys

    root, _ = built
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_publish.py"
    proc = subprocess.run([sys.executable, str(script), str(root / "outputs" / "releases" / "latest")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout)
    assert figures["table_files_differing"] == [] and figures["rows"]["incidents"] > 0
    assert figures["peak_rss_mb_with_next"] >= figures["peak_rss_mb"] >= figures["peak_rss_mb_after_load"] > 0

"""Per-report work in worker processes: the hard time limit, the content-hash cache, parallel runs.

The slow report is made slow by a patched stage (workers are forked from the test process, so
they run the patch): it sleeps far past a lowered limit, and the build must kill its worker,
name it with reason `timeout` and publish every other report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from pipelines.cli import build, main
from pipelines.core.release import verify_release
from pipelines.extract import runner, work
from pipelines.resources import ExtractionSettings
from tests.conftest import PROJECT, make_project

SLOW_MARK = "Quillon Vandermeer"
SLOW = (f"Police in Almaty detained the activist {SLOW_MARK} on 3 March 2019. "
        "He was fined 50 000 KZT the next day.\n").encode()
OTHER = ("This update covers developments in Kyrgyzstan in March 2020.\n\n"
         "On 4 March 2020, police in Osh detained journalist Aibek Toktorov outside the court.\n").encode()


def _slow_in_worker(monkeypatch):
    real = work.find_person_mentions

    def slow(text, units):
        if SLOW_MARK in text:
            time.sleep(600)  # far past any limit: only a kill ends it
        return real(text, units)

    monkeypatch.setattr(work, "find_person_mentions", slow)


@pytest.mark.slow
def test_report_past_the_time_limit_is_killed_named_and_the_rest_publish(tmp_path, monkeypatch, capsys):
    _slow_in_worker(monkeypatch)
    root = make_project(tmp_path / "p", {"zz_slow.txt": SLOW, "other.txt": OTHER})
    started = time.monotonic()
    code = main(["build", "--root", str(root), "-q", "--time-limit", "3", "--workers", "2"])
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 0, out
    assert elapsed < 120, "the slow worker was not killed at its limit"
    line = next(ln for ln in out.splitlines() if "zz_slow.txt" in ln)
    assert line.startswith("rejected source: sources/reports/zz_slow.txt: timeout: per-report time limit of 3.0 s")
    release = (root / "outputs" / "releases" / "latest").resolve()
    reports = pd.read_parquet(release / "reports.parquet")
    bundled = [f"sources/reports/{p.name}" for p in (PROJECT / "sources" / "reports").iterdir()
               if not p.name.endswith(".meta.yaml")]
    assert sorted(reports.source_file) == sorted(bundled + ["sources/reports/other.txt"])
    persons = pd.read_parquet(release / "persons.parquet")
    assert "Aibek Toktorov" in set(persons.name) and not persons.name.str.contains("Vandermeer").any()
    changes = (release / "CHANGES.md").read_text()
    assert "zz_slow.txt" in changes and "timeout" in changes
    assert verify_release(release) == []


@pytest.mark.slow
def test_timeout_is_in_the_asset_metadata(tmp_path, monkeypatch):
    _slow_in_worker(monkeypatch)
    root = make_project(tmp_path / "p", {"zz_slow.txt": SLOW}, with_seed=True)
    ok, summary = build(root, log_level="CRITICAL",
                        extraction=ExtractionSettings(time_limit_s=2, time_limit_per_100kb_s=0, workers=1))
    assert ok, summary
    assert [r for p, r in summary["rejected"] if p.endswith("zz_slow.txt")][0].startswith("timeout: ")


def test_time_limit_grows_with_size():
    limit = runner.TimeLimit(60, 10)
    assert limit.seconds("") == 60
    assert limit.seconds("x" * 250_000) == pytest.approx(85)


def test_runner_kills_only_the_slow_report_and_keeps_order(monkeypatch):
    _slow_in_worker(monkeypatch)
    jobs = [runner.Job(f"{i:016x}", f"On 3 May 2020 police in Osh detained Aibek Toktorov number {i}.", {})
            for i in range(5)]
    jobs[2] = runner.Job(jobs[2].report_id, f"{SLOW_MARK} was detained.", {})
    started = time.monotonic()
    out = runner.run_reports(jobs, workers=2, limit=runner.TimeLimit(1.5, 0), max_tasks_per_child=2)
    assert time.monotonic() - started < 60
    assert [o.code for o in (out[j.report_id] for j in jobs)] == [None, None, "timeout", None, None]
    assert all(out[j.report_id].rows["mentions"] for j in jobs if j is not jobs[2])


def test_stage_error_is_named_with_its_stage(monkeypatch):
    def broken(text, units):
        raise IndexError("list index out of range")

    monkeypatch.setattr(work, "find_person_mentions", broken)
    out = runner.run_reports([runner.Job("0" * 16, "Police detained Aibek Toktorov.", {})], workers=1)
    reason = out["0" * 16].reason
    assert reason.startswith("extraction_failed: person recognition failed: IndexError: list index out of range")


def test_cache_hits_and_extractor_version_invalidates(tmp_path, monkeypatch):
    calls = []
    real = work.extract_incidents

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(work, "extract_incidents", counting)
    jobs = [runner.Job(f"{i:016x}", f"On 3 May 2020 police in Osh detained Aibek Toktorov, case {i}.", {}) for i in range(3)]
    first = runner.run_reports(jobs, workers=1, cache_dir=tmp_path)
    second = runner.run_reports(jobs, workers=1, cache_dir=tmp_path)
    assert all(o.cached for o in second.values()) and not any(o.cached for o in first.values())
    assert {k: o.rows for k, o in first.items()} == {k: o.rows for k, o in second.items()}
    changed = [runner.Job(jobs[0].report_id, jobs[0].text + " He was fined.", {})] + jobs[1:]
    third = runner.run_reports(changed, workers=1, cache_dir=tmp_path)
    assert [third[j.report_id].cached for j in changed] == [False, True, True]
    monkeypatch.setattr(runner, "extractor_version", lambda: "rules-9.9+test")
    fourth = runner.run_reports(jobs, workers=1, cache_dir=tmp_path)
    assert not any(o.cached for o in fourth.values())
    assert [p.name for p in tmp_path.iterdir()] == ["rules-9.9_test"]  # the old version's entries are gone


def test_extractor_version_names_the_incident_method():
    from pipelines.core.events import METHOD

    assert METHOD in work.extractor_version().split("+")[0].split(",")


def test_extractor_version_digests_the_code_the_stages_import_and_not_the_rest():
    """Every pipelines.core module a worker imports to run the stages is in the digest (else an
    edit to it would serve stale cached rows); linking and the release writer are not (else an
    edit there would re-extract the whole corpus)."""
    import subprocess
    import sys

    probe = ("import sys, pipelines.extract.work as w;"
             "print('\\n'.join(sorted(m.__file__ for n, m in list(sys.modules.items())"
             " if n.startswith('pipelines.core') and getattr(m, '__file__', None))))")
    imported = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    digested = {str(p) for p in work.stage_code_files()}
    assert imported and set(imported) <= digested, set(imported) - digested
    assert str(Path(work.__file__).resolve()) in digested  # incident_rows makes the cached rows
    names = {Path(p).name for p in digested}
    assert "parse.py" in names and "linking.py" not in names and "release.py" not in names


@pytest.mark.slow
def test_cached_build_is_byte_identical(tmp_path):
    root = make_project(tmp_path / "p", {"other.txt": OTHER})
    ok, first = build(root, log_level="CRITICAL")
    assert ok, first
    release = Path(first["release"])
    files = {p.name: p.read_bytes() for p in release.iterdir() if p.suffix in (".parquet", ".csv")}
    assert any((root / "outputs" / "cache" / "extract").rglob("*.pkl"))
    # the same build again, from the cache: nothing new to publish, the same release
    ok, second = build(root, log_level="CRITICAL")
    assert ok and Path(second["release"]) == release
    # and without the cache (every report extracted again) into a fresh project: the same bytes
    fresh = make_project(tmp_path / "q", {"other.txt": OTHER})
    ok, third = build(fresh, log_level="CRITICAL", extraction=ExtractionSettings(cache=False))
    assert ok
    again = Path(third["release"])
    assert {p.name: p.read_bytes() for p in again.iterdir() if p.suffix in (".parquet", ".csv")} == files


def test_the_process_forking_the_workers_loads_the_stages_first(monkeypatch):
    # the workers start with the parser and rules loaded (copy-on-write), not each loading them
    warmed = []
    monkeypatch.setattr(runner, "warm_up", lambda: warmed.append(1))
    jobs = [runner.Job("0" * 16, "On 3 May 2020 police in Osh detained Aibek Toktorov.", {})]
    runner.run_reports(jobs, workers=1)
    assert warmed == [1]
    runner.run_reports([], workers=1)  # nothing to extract: nothing loaded
    assert warmed == [1]
    # and a stage that fails on the warm-up text does not stop the run (the reports name it)
    monkeypatch.setattr(work, "find_person_mentions", lambda text, units: 1 / 0)
    work.warm_up()

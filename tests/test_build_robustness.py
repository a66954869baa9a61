"""Whole builds with bad input: rejected files are named everywhere, good reports still publish.

Covers the build-level cases of the hostile-input issue: rejected files listed in the CLI output,
the Dagster asset metadata and CHANGES.md with exit status 0; a pipeline failure exits non-zero
and publishes nothing; a report with no incidents; stale curation ids; a crash in the middle of
publishing; two builds started at once. File-level cases are in test_bad_input.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipelines.cli import build, main
from pipelines.core.release import verify_release
from tests.conftest import PROJECT, make_project

pytestmark = pytest.mark.slow

QUIET = (
    "This update covers developments in Kyrgyzstan in March 2020. It was prepared by Example Monitor (EM).\n\n"
    "The month passed without any reported restrictions on civic freedoms.\n"
)


def bad_files(root: Path) -> dict[str, str]:
    """Writes a set of bad inputs next to the seed; returns file name -> expected reason code."""
    reports = root / "sources" / "reports"
    (reports / "empty.txt").write_bytes(b"")
    (reports / "noise.pdf").write_bytes(os.urandom(4096))
    (reports / "copy of seed.txt").write_bytes((reports / "000_bf2cf6556fc1d8c3.txt").read_bytes())
    (reports / "passwd.txt").symlink_to("/etc/passwd")
    return {"empty.txt": "empty", "noise.pdf": "pdf", "copy of seed.txt": "duplicate", "passwd.txt": "outside_sources"}


def test_rejected_files_named_in_cli_metadata_and_changes(tmp_path, capsys):
    root = make_project(tmp_path / "p", {"quiet.txt": QUIET.encode()})
    expected = bad_files(root)
    assert main(["build", "--root", str(root), "-q"]) == 0
    out = capsys.readouterr().out
    release = (root / "outputs" / "releases" / "latest").resolve()
    changes = (release / "CHANGES.md").read_text()
    for name, code in expected.items():
        line = next(l for l in out.splitlines() if l.startswith("rejected source:") and name in l)
        assert code in line
        assert name in changes
    assert "## Rejected sources (4)" in changes
    # The quiet report has no incidents but is a report of the release all the same.
    reports = pd.read_parquet(release / "reports.parquet")
    incidents = pd.read_parquet(release / "incidents.parquet")
    quiet = reports[reports.source_file.str.endswith("quiet.txt")]
    assert len(quiet) == 1 and quiet.iloc[0].country == "KG"
    assert (incidents.report_id == quiet.iloc[0].report_id).sum() == 0
    assert len(reports) == 2
    ok, summary = build(root, log_level="ERROR")
    table = summary["inventory_metadata"]["rejected_sources"]
    assert all(name in table for name in expected)


def test_pipeline_failure_exits_nonzero_and_publishes_nothing(tmp_path, capsys):
    root = make_project(tmp_path / "p")
    (root / "sources" / "gold" / "broken.yaml").write_text("report: x.txt\nincidents: [{type: teleportation}]\n")
    assert main(["build", "--root", str(root), "-q"]) == 1
    err = capsys.readouterr().err
    assert "evaluation" in err and "nothing was published" in err
    assert not (root / "outputs" / "releases" / "latest").exists()


def test_stale_curation_is_skipped_and_listed(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "sources" / "curation" / "incidents.yaml").write_text(yaml.safe_dump({
        "incidents": [{"action": "reject", "incident_id": "I000000000000", "reason": "stale"}],
        "person_mentions": [{"action": "reject", "surface": "Vincent Prado", "reason": "test"}],
    }))
    ok, summary = build(root, log_level="ERROR")
    assert ok, summary
    release = Path(summary["release"])
    changes = (release / "CHANGES.md").read_text()
    assert "I000000000000" in changes and "Curation skipped (1)" in changes
    persons = pd.read_parquet(release / "persons.parquet")
    assert "Vincent Prado" not in set(persons.name)


def _civic(root: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", "build", "--root", str(root), "-q"],
                          cwd=PROJECT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=600)


def test_crash_while_publishing_leaves_no_half_release(tmp_path):
    root = make_project(tmp_path / "p")
    crashed = _civic(root, {"CIVIC_CRASH_AFTER_FILES": "3"})
    assert crashed.returncode != 0
    releases = root / "outputs" / "releases"
    visible = [p for p in releases.iterdir() if not p.name.startswith(".")] if releases.exists() else []
    assert [p.name for p in visible if p.is_dir() and not p.is_symlink()] == []
    assert not (releases / "latest").exists()
    again = _civic(root)
    assert again.returncode == 0, again.stderr
    latest = (releases / "latest").resolve()
    assert verify_release(latest) == []
    assert not [p for p in releases.iterdir() if p.name.startswith(".staging")]


def test_two_builds_at_once_one_release(tmp_path):
    root = make_project(tmp_path / "p")
    procs = [subprocess.Popen([sys.executable, "-m", "pipelines.cli", "build", "--root", str(root), "-q"],
                              cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = [p.wait(timeout=600) for p in procs]
    assert codes == [0, 0], [p.stderr.read() for p in procs]
    releases = root / "outputs" / "releases"
    folders = [p for p in releases.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")]
    assert len(folders) == 1 and verify_release(folders[0]) == []


@pytest.mark.parametrize("function, stage", [("extract_incidents", "incident extraction"),
                                             ("find_person_mentions", "person recognition")])
def test_report_an_extractor_fails_on_is_left_out_and_named(tmp_path, monkeypatch, function, stage):
    """A bug that makes an extractor raise on one report costs that report, not the release."""
    import pipelines.extract.work as extract

    real = getattr(extract, function)

    def flaky(text, *args):
        if "Zebulon Quartermain" in text:
            raise IndexError("list index out of range")
        return real(text, *args)

    monkeypatch.setattr(extract, function, flaky)
    bad = ("Police in Almaty detained the activist Zebulon Quartermain on 3 March 2019. "
           "He was fined 50 000 KZT the next day.\n").encode()
    root = make_project(tmp_path / "p", {"zz_flaky.txt": bad})
    ok, summary = build(root, log_level="CRITICAL")
    assert ok, summary
    assert any(path.endswith("zz_flaky.txt") and reason.startswith(f"extraction_failed: {stage} failed: IndexError")
               for path, reason in summary["rejected"])
    release = Path(summary["release"])
    reports = pd.read_parquet(release / "reports.parquet")
    bundled = sorted(f"sources/reports/{p.name}" for p in (PROJECT / "sources" / "reports").iterdir()
                     if not p.name.endswith(".meta.yaml"))
    assert sorted(reports.source_file) == bundled  # every other report published, the failed one not
    persons = pd.read_parquet(release / "persons.parquet")
    assert not persons.name.str.contains("Quartermain").any()  # no person of the failed report leaks
    assert len(pd.read_parquet(release / "incidents.parquet")) > 0
    changes = (release / "CHANGES.md").read_text()
    assert "zz_flaky.txt" in changes and "extraction_failed" in changes
    assert verify_release(release) == []


def test_scores_below_the_floor_fail_the_gate_and_name_the_check(tmp_path, capsys):
    """A blocking check that fails (here the evaluation floor) is reported by name; nothing publishes."""
    root = make_project(tmp_path / "p")
    gold = sorted((root / "sources" / "gold").glob("*.yaml"))[0]
    data = yaml.safe_load(gold.read_text())
    # the same report, but a coder who saw people nobody else sees: person recall falls
    data["persons"] = data["persons"] + [{"name": f"Invented Personov{i}", "forms": [f"Invented Personov{i}"]}
                                         for i in range(40)]
    gold.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["build", "--root", str(root), "-q"]) == 1
    out = capsys.readouterr()
    assert "check failed: evaluation / scores_above_floor" in out.out + out.err
    assert not (root / "outputs" / "releases" / "latest").exists()

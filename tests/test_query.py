"""`civic query`: every statement's result, the prompt's commands fed on stdin, output formats,
and the project found from any folder."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import pipelines.core.release as rel
from pipelines.cli import find_root, main
from tests.test_release import META, VERSION, make_tables


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project root with one published release and a folder deep inside it; cwd is that folder."""
    root = tmp_path / "proj"
    (root / "sources" / "reports").mkdir(parents=True)
    rel.publish(make_tables(), META, root / "outputs" / "releases", VERSION)
    deep = root / "sources" / "reports"
    monkeypatch.chdir(deep)
    return root


def feed(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_every_statement_prints_its_result(project, capsys):
    assert main(["query", "select 1111 as first; select count(*) as n_persons from persons"]) == 0
    out = capsys.readouterr().out
    assert "1111" in out and "n_persons" in out and "3" in out


def test_box_shows_every_column(project, capsys):
    assert main(["query", "select * from incidents limit 1"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "incident_id" in line)
    for column in make_tables()["incidents"].columns:
        assert column in header, column


def test_prompt_runs_commands_and_a_last_statement_without_semicolon(project, capsys, monkeypatch):
    feed(monkeypatch, ".tables\n.schema person_redirects\n.mode csv\n"
                      "select person_id, name\n  from persons order by person_id;\n"
                      ".mode json\nselect count(*) as n from incidents\n")
    assert main(["query"]) == 0
    out = capsys.readouterr().out
    assert "person_redirects" in out.splitlines()[0] and "incident_redirects" in out.splitlines()[0]
    assert "person_redirects(\n  old_person_id VARCHAR,\n  person_id VARCHAR,\n  release VARCHAR,\n  reason VARCHAR\n)" in out
    assert "person_id,name\nper-1,Aigerim Testova\nper-2,Bolat Exampleuly\nper-3,A. Testova\n" in out
    assert json.loads(out[out.index("["):]) == [{"n": 3}]
    assert "civic>" not in out  # no prompts when stdin is not a terminal


def test_prompt_help_unknown_command_error_and_quit(project, capsys, monkeypatch):
    feed(monkeypatch, ".help\n.nonsense\nselect * from nowhere;\n.quit\nselect 42;\n")
    assert main(["query"]) == 0
    captured = capsys.readouterr()
    assert ".schema [TABLE]" in captured.out and "unknown command .nonsense" in captured.out
    assert "nowhere" in captured.err and "42" not in captured.out


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_output_file_in_each_format(project, tmp_path, capsys, fmt):
    target = tmp_path / f"persons.{fmt}"
    assert main(["query", "--format", fmt, "--output", str(target), "select * from persons order by person_id"]) == 0
    if fmt == "csv":
        frame = pd.read_csv(target, keep_default_na=False)
        assert frame.aliases.tolist() == ["Testova", "", "Testova A."]  # lists as the release CSVs write them
    elif fmt == "json":
        frame = pd.DataFrame(json.loads(target.read_text()))
        assert frame.aliases.tolist() == [["Testova"], [], ["Testova A."]]
    else:
        frame = pd.read_parquet(target)
    assert frame.person_id.tolist() == ["per-1", "per-2", "per-3"] and len(frame.columns) == 8
    assert main(["query", "--output", str(tmp_path / "x.txt"), "select 1"]) == 2
    assert main(["query", "--format", "parquet", "select 1"]) == 2


def test_csv_and_json_to_stdout(project, capsys):
    assert main(["query", "--format", "csv", "select 'a,b' as x, [1, 2] as l, null as z"]) == 0
    assert capsys.readouterr().out == 'x,l,z\n"a,b",1|2,\n'
    assert main(["query", "--format", "json", "select date '2024-01-02' as d"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"d": "2024-01-02"}]


def test_project_found_from_any_folder_or_given(project, tmp_path, monkeypatch, capsys):
    assert find_root() == project.resolve()
    monkeypatch.chdir(tmp_path)  # outside the project: --root names it
    assert main(["query", "--root", str(project), "select count(*) as n from reports"]) == 0
    assert "n" in capsys.readouterr().out
    assert main(["query", "--release", str(tmp_path / "nothing"), "select 1"]) == 2

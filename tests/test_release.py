"""Tests of pipelines.core.release: deterministic files, datapackage, CHANGES, atomic publish."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import filelock
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.core import codebook
from pipelines.core import release as rel

ROOT = Path(__file__).resolve().parents[1]
VERSION = "2024.03.01"
META = {
    "release_date": "2024-03-01",
    "evaluation": {"incident_f1": 0.625, "person_f1": 0.8},
    "rejected_sources": [{"file": "reports/empty.txt", "reason": "empty file"}],
    "curation": [{"action": "drop_incident", "incident_id": "inc-c"}],
}


def make_tables(variant: str = "base") -> dict[str, pd.DataFrame]:
    """Small release tables in codebook column order; 'changed' edits, adds, drops and merges."""
    reports = pd.DataFrame({
        "report_id": ["rep-b", "rep-a"],
        "title": ["Update, part two", "Update one"],
        "publisher": ["IPHR; KIBHR", "IPHR"],
        "country": ["KZ", "KG"],
        "period_start": [dt.date(2024, 1, 1), None],
        "period_end": [dt.date(2024, 2, 29), None],
        "source_file": ["reports/b.txt", "reports/a.html"],
        "source_url": ["https://example.org/b", None],
        "sha256": ["bb" * 32, "aa" * 32],
        "n_chars": [1200, 800],
    })
    inc = {
        "incident_id": ["inc-c", "inc-a", "inc-b"],
        "report_id": ["rep-b", "rep-a", "rep-b"],
        "event_type": ["fine", "detention", "criminal_charge"],
        "right": ["peaceful_assembly", "expression", "association"],
        "event_date": [dt.date(2024, 2, 3), dt.date(2024, 1, 20), None],
        "event_date_end": [dt.date(2024, 2, 3), dt.date(2024, 1, 20), None],
        "date_precision": ["day", "day", "unknown"],
        "in_period": [True, True, False],
        "country": ["KZ", "KZ", "KG"],
        "location": ["Almaty", None, "Bishkek"],
        "admin1": ["Almaty", None, None],
        "latitude": [43.25, None, 42.87],
        "longitude": [76.9167, None, 74.59],
        "geo_precision": ["city", "country", "city"],
        "perpetrator": ["court", "police", None],
        "target_group": [None, None, "housing shareholders"],
        "participants": pd.array([None, 2, None], dtype="Int64"),
        "legal_basis": [["AC-488"], [], ["CC-274", "CC-405"]],
        "penalty_amount": [decimal.Decimal("36920.5"), None, None],
        "penalty_currency": ["KZT", None, None],
        "penalty_days": pd.array([None, None, 365], dtype="Int64"),
        "summary": ["A blogger was fined.", 'Two "activists" were held,\novernight.',
                    "A case was opened."],
        "evidence": ["He was fined.", "They were held.", "A case was opened."],
        "evidence_start": [10, 20, 30],
        "evidence_end": [23, 35, 48],
        "evidence_more": [[], ["120-135"], []],
        "method": ["rules-0.1"] * 3,
        "confidence": [0.9, 0.1 + 0.2, 1.0],
    }
    persons = {
        "person_id": ["per-1", "per-2", "per-3"],
        "name": ["Aigerim Testova", "Bolat Exampleuly", "A. Testova"],
        "aliases": [["Testova"], [], ["Testova A."]],
        "roles": [["journalist", "activist"], ["lawyer"], []],
        "first_seen": [dt.date(2024, 1, 20)] * 3,
        "last_seen": [dt.date(2024, 2, 3)] * 3,
        "n_reports": [2, 1, 1],
        "n_incidents": [2, 1, 1],
    }
    mentions = {
        "mention_id": ["m-1", "m-2", "m-3"],
        "report_id": ["rep-a", "rep-b", "rep-b"],
        "person_id": ["per-1", "per-2", "per-3"],
        "surface": ["Testova", "Exampleuly", "A. Testova"],
        "start": [5, 50, 90],
        "end": [12, 60, 100],
    }
    links = {
        "incident_id": ["inc-a", "inc-a", "inc-b", "inc-c"],
        "person_id": ["per-2", "per-1", "per-3", "per-1"],
        "role": ["target"] * 4,
    }
    redirects = {"old_person_id": ["per-0"], "person_id": ["per-1"], "release": ["2024.01.01"],
                 "reason": ["merged"]}
    incident_redirects = {"old_incident_id": ["inc-0", "inc-9"], "incident_id": ["inc-a", None],
                          "release": ["2024.01.01"] * 2, "reason": ["same_evidence", "report_removed"]}
    if variant == "changed":
        inc["summary"][1] = "Two activists were held overnight."  # inc-a changed
        for col in inc:  # inc-c removed, inc-d added in its place
            inc[col] = list(inc[col])
        inc["incident_id"][0] = "inc-d"
        persons = {k: v[:2] for k, v in persons.items()}  # per-3 merged into per-1
        mentions["person_id"][2] = "per-1"
        links["person_id"][2] = "per-1"
        links["incident_id"][3] = "inc-d"
        redirects = {"old_person_id": ["per-0", "per-3"], "person_id": ["per-1", "per-1"],
                     "release": ["2024.01.01", VERSION], "reason": ["merged", "merged"]}
    elif variant != "base":
        raise ValueError(variant)
    return {
        "reports": reports,
        "incidents": pd.DataFrame(inc),
        "persons": pd.DataFrame(persons),
        "person_mentions": pd.DataFrame(mentions),
        "incident_persons": pd.DataFrame(links),
        "person_redirects": pd.DataFrame(redirects),
        "incident_redirects": pd.DataFrame(incident_redirects),
    }


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in sorted(folder.iterdir())}


def visible_releases(releases_dir: Path) -> list[str]:
    return sorted(p.name for p in releases_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def run_publish(releases_dir: Path, variant: str, env_extra: dict | None = None,
                wait: bool = True, go: Path | None = None):
    """publish() in a subprocess; with `go`, it starts only once that file exists."""
    code = (
        "import time; from pathlib import Path; "
        "from tests.test_release import make_tables, META, VERSION; "
        "from pipelines.core.release import publish\n"
        f"while {str(go)!r} != 'None' and not Path({str(go)!r}).exists(): time.sleep(0.002)\n"
        f"print(publish(make_tables({variant!r}), META, Path({str(releases_dir)!r}), VERSION))"
    )
    env = {k: v for k, v in os.environ.items() if k != rel.CRASH_ENV}
    env.update({"PYTHONPATH": str(ROOT), **(env_extra or {})})
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not wait:
        return proc
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


# ------------------------------------------------------------------ file bytes


@pytest.mark.parametrize("name", list(rel.TABLES))
def test_write_table_is_byte_identical_and_ignores_input_row_order(tmp_path, name):
    df = make_tables()[name]
    first = rel.write_table(df, name, tmp_path / "a")
    shuffled = df.iloc[::-1].reset_index(drop=True)
    second = rel.write_table(shuffled, name, tmp_path / "b")
    assert [p.name for p in first] == [f"{name}.parquet", f"{name}.csv"]
    assert [sha(p) for p in first] == [sha(p) for p in second]


def test_equivalent_input_dtypes_give_same_bytes():
    df = make_tables()["incidents"]
    alt = df.copy()
    alt["event_date"] = pd.to_datetime(alt["event_date"])  # datetime64 at midnight
    alt["legal_basis"] = [tuple(x) for x in alt["legal_basis"]]
    alt["penalty_amount"] = [36920.5, None, None]  # float instead of Decimal
    a, b = rel.render(df, "incidents"), rel.render(alt, "incidents")
    assert rel.render_files(a) == rel.render_files(b)


def test_rendering_is_identical_in_another_process():
    files = {}
    for table in rel._render_all(make_tables()):
        files.update(rel.render_files(table))
    code = (
        "import hashlib, json; from tests.test_release import make_tables; "
        "from pipelines.core import release as r; out = {}\n"
        "for t in r._render_all(make_tables()):\n"
        "    out.update({k: hashlib.sha256(v).hexdigest() for k, v in r.render_files(t).items()})\n"
        "print(json.dumps(out))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out) == {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}


def test_parquet_schema_and_values(tmp_path):
    rel.write_table(make_tables()["incidents"], "incidents", tmp_path)
    pf = pq.ParquetFile(tmp_path / "incidents.parquet")
    schema = pf.schema_arrow
    assert schema.field("legal_basis").type == pa.list_(pa.string())
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("penalty_amount").type == pa.decimal128(18, 2)
    assert schema.field("participants").type == pa.int64()
    assert schema.field("incident_id").type == pa.string()
    assert b"pandas" not in (schema.metadata or {})
    assert pf.metadata.row_group(0).column(0).compression == "ZSTD"
    rows = pf.read().to_pylist()
    assert [r["incident_id"] for r in rows] == ["inc-a", "inc-b", "inc-c"]
    assert rows[2]["penalty_amount"] == decimal.Decimal("36920.50")
    assert rows[1]["legal_basis"] == ["CC-274", "CC-405"]
    assert rows[1]["event_date"] is None and rows[0]["participants"] == 2


def test_csv_format(tmp_path):
    rel.write_table(make_tables()["incidents"], "incidents", tmp_path)
    text = (tmp_path / "incidents.csv").read_bytes().decode("utf-8")
    lines = text.split("\n")
    assert lines[0].startswith("incident_id,report_id,event_type,right,event_date,")
    assert lines[1].startswith("inc-a,rep-a,detention,expression,2024-01-20,2024-01-20,day,true,")
    assert ',"Two ""activists"" were held,\novernight.",' in text
    assert ",CC-274|CC-405," in text and ",36920.50,KZT," in text
    assert ",0.30000000000000004\n" in text  # floats print as their shortest round-trip repr
    assert ",true,KZ,,,,,country,police,,2,,,,," in lines[1]  # nulls and [] are empty strings
    assert text.endswith("\n") and "\r" not in text


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t["incidents"].assign(incident_id=["inc-a", "inc-a", "inc-b"]), "duplicate id"),
    (lambda t: t["incidents"].assign(legal_basis=[["a|b"], [], []]), "separator"),
    (lambda t: t["incidents"].assign(event_date=["2024-01-01", 5, None]), "not a date"),
    (lambda t: t["incidents"].drop(columns=["incident_id"]), "id columns missing"),
])
def test_render_fails_loudly(mutate, message):
    with pytest.raises(rel.ReleaseError, match=message):
        rel.render(mutate(make_tables()), "incidents")


def test_unknown_table_is_rejected(tmp_path):
    with pytest.raises(rel.ReleaseError, match="unknown release table"):
        rel.write_table(make_tables()["reports"], "report", tmp_path)


# ------------------------------------------------------------------ datapackage


def test_datapackage_contents(tmp_path):
    tables = make_tables()
    for name, df in tables.items():
        rel.write_table(df, name, tmp_path)
    pkg = rel.build_datapackage(tmp_path, tables, {**META, "version": VERSION})
    raw = (tmp_path / "datapackage.json").read_bytes()
    assert raw.endswith(b"}\n") and json.loads(raw) == pkg
    assert raw.decode() == json.dumps(pkg, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert pkg["version"] == VERSION and pkg["created"] == "2024-03-01T00:00:00Z"
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert pkg["evaluation"] == META["evaluation"]
    assert [s["path"] for s in pkg["sources"]] == ["reports/a.html", "reports/b.txt"]
    assert pkg["sources"][1]["url"] == "https://example.org/b"
    by_name = {r["name"]: r for r in pkg["resources"]}
    assert len(by_name) == 14
    inc = by_name["incidents-csv"]
    assert inc["rows"] == 3 and inc["encoding"] == "utf-8" and inc["mediatype"] == "text/csv"
    assert inc["hash"] == "sha256:" + sha(tmp_path / "incidents.csv")
    assert inc["bytes"] == (tmp_path / "incidents.csv").stat().st_size
    assert inc["schema"]["primaryKey"] == ["incident_id"]
    assert inc["schema"]["foreignKeys"] == [
        {"fields": "report_id", "reference": {"resource": "reports-csv", "fields": "report_id"}}]
    links = by_name["incident_persons-parquet"]["schema"]
    assert links["primaryKey"] == ["incident_id", "person_id", "role"]
    assert {fk["reference"]["resource"] for fk in links["foreignKeys"]} == {
        "incidents-parquet", "persons-parquet"}
    types = {f["name"]: f["type"] for f in by_name["persons-parquet"]["schema"]["fields"]}
    assert types["aliases"] == "array" and types["first_seen"] == "date"
    assert all(f["description"] for f in inc["schema"]["fields"])


# ------------------------------------------------------------------ publish


def test_rebuild_into_two_dirs_is_byte_identical(tmp_path):
    a = rel.publish(make_tables(), META, tmp_path / "one", VERSION)
    b = rel.publish(make_tables(), META, tmp_path / "two", VERSION)
    assert tree_hashes(a) == tree_hashes(b)
    tables = {f"{name}.{fmt}" for name in rel.TABLES for fmt in ("parquet", "csv")}
    documents = {"datapackage.json", "CHANGES.md", "delta.parquet", "delta.csv", "index.html",
                 "CODEBOOK.md", "CITATION.cff", "views.sql", *codebook.example_queries()}
    assert set(tree_hashes(a)) == tables | documents
    assert sha(tmp_path / "one" / "index.json") == sha(tmp_path / "two" / "index.json")


def test_publish_same_content_twice_gives_one_folder(tmp_path):
    first = rel.publish(make_tables(), META, tmp_path, VERSION)
    before = tree_hashes(first)
    second = rel.publish(make_tables(), META, tmp_path, VERSION)
    assert second == first and visible_releases(tmp_path) == [VERSION]
    assert tree_hashes(first) == before
    assert rel.verify_release(first) == []
    assert not stat.S_IMODE(first.stat().st_mode) & 0o222
    assert all(not stat.S_IMODE(p.stat().st_mode) & 0o222 for p in first.iterdir())


def test_publish_changed_content_bumps_version_and_keeps_old(tmp_path):
    old = rel.publish(make_tables(), META, tmp_path, VERSION)
    before = tree_hashes(old)
    new = rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    assert new.name == f"{VERSION}.1" and tree_hashes(old) == before
    assert visible_releases(tmp_path) == [VERSION, f"{VERSION}.1"]
    assert os.readlink(tmp_path / "latest") == f"{VERSION}.1"
    assert rel.previous_release(tmp_path) == new.resolve()
    index = json.loads((tmp_path / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [VERSION, f"{VERSION}.1"]
    assert index["releases"][1]["rows"]["persons"] == 2
    assert index["releases"][0]["datapackage_sha256"] == sha(old / "datapackage.json")
    # tables identical to the latest release publish nothing, whatever the meta says (issue 13)
    again = rel.publish(make_tables("changed"), {**META, "evaluation": {}, "curation_problems": ["x"]},
                        tmp_path, VERSION)
    assert again == new.resolve() and visible_releases(tmp_path) == [VERSION, f"{VERSION}.1"]
    # ... but a table that differs from the latest is published (here: the first release again)
    third = rel.publish(make_tables(), META, tmp_path, VERSION)
    assert third == old and os.readlink(tmp_path / "latest") == VERSION


def test_version_defaults_to_release_date(tmp_path):
    assert rel.publish(make_tables(), META, tmp_path).name == "2024.03.01"
    with pytest.raises(rel.ReleaseError, match="release_date"):
        rel.publish(make_tables(), {}, tmp_path / "x")
    with pytest.raises(rel.ReleaseError, match="invalid release version"):
        rel.publish(make_tables(), META, tmp_path / "y", "../evil")


def test_changes_md_against_previous_release(tmp_path):
    old = rel.publish(make_tables(), META, tmp_path, VERSION)
    first_text = (old / "CHANGES.md").read_text()
    assert "First release" in first_text and "### Added (3)" in first_text
    new = rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    text = (new / "CHANGES.md").read_text()
    assert text == rel.changes_md(old, make_tables("changed"), {**META, "version": new.name})
    assert f"# Changes in release {VERSION}.1" in text
    assert f"Compared with release {VERSION}." in text
    incidents = text.split("## Incidents")[1].split("## Persons")[0]
    # each incident is named by type, date, place and people, and changes are field by field
    assert "### Added (1)\n\n- fine, 2024-02-03, Almaty: Aigerim Testova (`inc-d`)" in incidents
    assert "### Removed (1)\n\n- fine, 2024-02-03, Almaty: Aigerim Testova (`inc-c`)" in incidents
    assert ("- detention, 2024-01-20, KZ: Aigerim Testova, Bolat Exampleuly (`inc-a`)\n"
            "  - `summary`: Two \"activists\" were held,\novernight. → Two activists were held overnight."
            ) in incidents
    assert "(`inc-b`)\n  - `persons`: A. Testova → Aigerim Testova" in incidents
    persons = text.split("## Persons")[1].split("## Rejected")[0]
    # a merge is a merge, not a removal
    assert "### Merged (1)\n\n- A. Testova (`per-3`) merged into Aigerim Testova (`per-1`)" in persons
    assert "### Removed (0)\n\nNone." in persons
    assert "| persons | 2 | -1 |" in text
    assert "- `reports/empty.txt`: empty file" in text
    assert "- action=drop_incident, incident_id=inc-c" in text
    assert "| incident_f1 | 0.6250 | 0.6250 | +0.0000 |" in text


@pytest.mark.parametrize("damage", ["flip", "delete", "extra", "truncate"])
def test_verify_detects_damage(tmp_path, damage):
    folder = rel.publish(make_tables(), META, tmp_path, VERSION)
    assert rel.verify_release(folder) == []
    folder.chmod(0o755)
    target = folder / "incidents.parquet"
    target.chmod(0o644)
    if damage == "flip":
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
    elif damage == "delete":
        target.unlink()
    elif damage == "extra":
        (folder / "notes.txt").write_text("x")
    else:
        target.write_bytes(target.read_bytes()[:-10])
    problems = rel.verify_release(folder)
    expected = {"flip": "sha256", "delete": "missing", "extra": "unexpected",
                "truncate": "bytes"}[damage]
    assert problems and any(expected in p for p in problems), problems


def test_recover_repairs_dangling_latest_and_removes_staging(tmp_path):
    rel.publish(make_tables(), META, tmp_path, VERSION)
    rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    (tmp_path / "latest").unlink()
    os.symlink("no-such-release", tmp_path / "latest")
    (tmp_path / ".staging-x-1").mkdir()
    (tmp_path / ".staging-x-1" / "a.csv").write_text("half")
    done = rel.recover(tmp_path)
    assert os.readlink(tmp_path / "latest") == f"{VERSION}.1"
    assert not (tmp_path / ".staging-x-1").exists() and len(done) == 2
    (tmp_path / "latest").unlink()
    rel.recover(tmp_path)
    assert os.readlink(tmp_path / "latest") == f"{VERSION}.1"


def test_lock_timeout_fails_cleanly(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    with filelock.FileLock(tmp_path / ".publish.lock"):
        with pytest.raises(rel.PublishLockTimeout, match="another build"):
            rel.publish(make_tables(), META, tmp_path, VERSION, lock_timeout=0.2)
    assert visible_releases(tmp_path) == []


@pytest.mark.parametrize("crash_after", [0, 3, 14])
def test_crash_leaves_previous_release_visible(tmp_path, crash_after):
    old = rel.publish(make_tables(), META, tmp_path, VERSION)
    index_before = sha(tmp_path / "index.json")
    rc, _, err = run_publish(tmp_path, "changed", {rel.CRASH_ENV: str(crash_after)})
    assert rc == 1, err
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(".staging-")]
    assert len(staging) == 1 and len(list(staging[0].iterdir())) == crash_after
    assert visible_releases(tmp_path) == [VERSION]
    assert rel.previous_release(tmp_path) == old.resolve()
    assert sha(tmp_path / "index.json") == index_before
    new = rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    assert new.name == f"{VERSION}.1" and rel.verify_release(new) == []
    assert not any(p.name.startswith(".staging-") for p in tmp_path.iterdir())
    assert "Compared with release 2024.03.01." in (new / "CHANGES.md").read_text()


@pytest.mark.parametrize("variants, n_folders", [(("base", "base"), 1),
                                                 (("base", "changed"), 2)])
def test_concurrent_publishes_serialise(tmp_path, variants, n_folders):
    go = tmp_path.parent / f"{tmp_path.name}.go"  # both start publishing at the same moment
    procs = [run_publish(tmp_path, v, wait=False, go=go) for v in variants]
    go.touch()
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [rc for rc, _ in results] == [0, 0], results
    folders = visible_releases(tmp_path)
    assert len(folders) == n_folders
    index = json.loads((tmp_path / "index.json").read_text())
    assert sorted(r["version"] for r in index["releases"]) == folders
    assert all(rel.verify_release(tmp_path / f) == [] for f in folders)
    assert not any(p.name.startswith(".staging-") for p in tmp_path.iterdir())


def test_empty_table_and_extra_columns(tmp_path):
    empty = make_tables()["persons"].iloc[0:0]
    files = rel.render_files(rel.render(empty, "persons"))
    assert files["persons.csv"] == (",".join(empty.columns) + "\n").encode()
    schema = pq.read_schema(pa.BufferReader(files["persons.parquet"]))
    assert schema.field("aliases").type == pa.list_(pa.string())
    extra = make_tables()["reports"].assign(score=[0.5, 0.25], note=["x", None])
    table = rel.render(extra, "reports")
    kinds = {c.name: c.kind for c in table.columns}
    assert kinds["score"] == "float" and kinds["note"] == "string"
    assert [c.name for c in table.columns][-2:] == ["score", "note"]


def test_index_reuses_entries_of_untouched_releases_and_drops_a_damaged_one(tmp_path, monkeypatch):
    old = rel.publish(make_tables(), META, tmp_path, VERSION)
    entry = json.loads((tmp_path / "index.json").read_text())["releases"][0]
    assert set(entry) == rel.INDEX_FIELDS and entry == rel.index_entry(old)
    # an old release whose table file changed size is checked again, fails, and leaves the index
    target = old / "persons.csv"
    os.chmod(old, 0o755)
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes() + b"extra,row\n")
    rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    index = json.loads((tmp_path / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [f"{VERSION}.1"]
    # an untouched release keeps the entry the index had for it, and is not hashed again
    checked = []
    verify = rel.verify_release
    monkeypatch.setattr(rel, "verify_release", lambda folder, **kw: checked.append(Path(folder).name) or verify(folder, **kw))
    newer = rel.publish(make_tables("base"), {**META, "evaluation": {}}, tmp_path, VERSION)
    assert f"{VERSION}.1" not in checked and newer.name in checked
    again = json.loads((tmp_path / "index.json").read_text())["releases"]
    assert again[0] == index["releases"][0] and again[-1]["version"] == newer.name


@pytest.mark.parametrize("name", list(rel.TABLES))
def test_column_fast_paths_give_what_normalising_each_cell_gives(name):
    df = make_tables()[name]
    known = rel.codebook_columns(name)
    for col in df.columns:
        kind = known[col][0]
        expected = [rel._normalise(v, kind) for v in df[col].tolist()]
        got = rel._normal_cells(df[col], kind)
        assert got == expected and [type(v) for v in got] == [type(v) for v in expected], col
    # numpy columns: NaN is a null, integers and booleans come back as Python values
    assert rel._normal_cells(pd.Series([1.5, float("nan")]), "float") == [1.5, None]
    assert [type(v) for v in rel._normal_cells(pd.Series([3, 4]), "int")] == [int, int]
    assert rel._normal_cells(pd.Series([True, False]), "bool") == [True, False]
    with pytest.raises(TypeError):
        rel._normal_cells(pd.Series([["a", 1]]), "list")


def test_previous_release_is_read_once_per_published_folder(tmp_path):
    """The steps of a build share one read of the last release; a new release is read afresh."""
    from pipelines.release.previous import forget_previous_release, previous_release_tables

    releases = tmp_path / "releases"

    def release(version: str, n: int) -> None:
        folder = releases / version
        folder.mkdir(parents=True)
        (folder / "datapackage.json").write_text(json.dumps({"version": version}), encoding="utf-8")
        pd.DataFrame({"report_id": [f"r{i}" for i in range(n)]}).to_parquet(folder / "reports.parquet")
        link = releases / "latest"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(version)

    assert previous_release_tables(releases).version is None  # no release yet
    release("2024.01.01", 2)
    first = previous_release_tables(releases)
    assert first.version == "2024.01.01" and len(first.table("reports")) == 2
    assert previous_release_tables(releases) is first
    release("2024.02.01", 3)
    second = previous_release_tables(releases)
    assert second is not first and second.version == "2024.02.01" and len(second.table("reports")) == 3
    forget_previous_release()
    assert previous_release_tables(releases) is not second


def test_csv_cells_of_each_kind():
    """The CSV text of each logical type, as the module docstring states it (nulls are "")."""
    import datetime as dt
    import decimal

    from pipelines.core.release import render

    frame = pd.DataFrame({"incident_id": ["a", "b"], "flag": [True, None], "share": [51.15, None],
                          "n": [12345678901, 0], "paid": [decimal.Decimal("36920"), None],
                          "day": [dt.date(2022, 1, 5), None], "tags": [["x", "y z"], []]})
    rows = render(frame, "incidents").csv_rows()
    assert rows[0] == ("a", "true", "51.15", "12345678901", "36920.00", "2022-01-05", "x|y z")
    assert rows[1] == ("b", "", "", "0", "", "", "")


def test_the_index_counts_the_change_log_as_its_csv_does(tmp_path):
    """The index reads the delta's counts from its Parquet file; they are the CSV file's."""
    rel.publish(make_tables("base"), META, tmp_path, VERSION)
    newer = rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    by_csv: dict[str, dict[str, int]] = {}
    for row in csv.DictReader(io.StringIO((newer / "delta.csv").read_text(encoding="utf-8"), newline="")):
        by_csv.setdefault(row["entity"], {}).setdefault(row["change"], 0)
        by_csv[row["entity"]][row["change"]] += 1
    assert by_csv and rel._delta_counts(newer) == by_csv
    assert json.loads((tmp_path / "index.json").read_text())["releases"][-1]["delta"] == by_csv


def test_a_release_whose_csv_lost_a_row_fails_verification_but_not_the_index_check(tmp_path):
    """civic verify counts rows; the index trusts the hashes (a changed file fails both)."""
    folder = rel.publish(make_tables(), META, tmp_path, VERSION)
    assert rel.verify_release(folder) == [] and rel.verify_release(folder, rows=False) == []
    os.chmod(folder, 0o755)
    target = folder / "persons.csv"
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes().rsplit(b"\n", 2)[0] + b"\n")
    assert any("rows" in p for p in rel.verify_release(folder))
    assert any("sha256" in p for p in rel.verify_release(folder, rows=False))


def test_table_files_are_spilled_and_the_spill_leaves_with_the_publish(tmp_path):
    """Table files go to disk as rendered; no spill folder is left, published or not."""
    first = rel.publish(make_tables(), META, tmp_path, VERSION)
    assert rel.publish(make_tables(), META, tmp_path, VERSION) == first  # nothing changed
    rel.publish(make_tables("changed"), META, tmp_path, VERSION)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(rel.SPILL_PREFIX)]


def test_recover_removes_a_dead_writers_spill_and_keeps_a_live_ones(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = tmp_path / f"{rel.SPILL_PREFIX}{dead.stdout.strip()}-0a0b"
    live = tmp_path / f"{rel.SPILL_PREFIX}{os.getpid()}-0c0d"
    for folder in (gone, live):
        folder.mkdir()
        (folder / "incidents.csv").write_text("half")
    done = rel.recover(tmp_path)
    assert not gone.exists() and live.exists() and done == [f"removed {gone.name}"]


def test_a_table_whose_values_were_let_go_refuses_to_give_rows():
    """After drop_values only the kept columns and the CSV cells are there; rows would be short."""
    table = rel.render(make_tables()["incidents"], "incidents")
    cells = list(table.csv_rows())
    rows = table.rows
    table.drop_values(["event_type"])
    assert table.csv_rows() == cells and table.column("event_type") == [r[[c.name for c in table.columns].index("event_type")] for r in rows]
    with pytest.raises(rel.ReleaseError, match="let go"):
        table.rows
    with pytest.raises(rel.ReleaseError, match="let go"):
        table.column("event_date")
    with pytest.raises(rel.ReleaseError, match="let go"):
        rel.parquet_bytes(table)  # its columns were emptied: a file of them would be short

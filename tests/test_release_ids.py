"""Person ids across releases: build N, add reports and a judgement, build N+1, then undo it.

Every id of a release is still there in the next one, as a person or as a redirect; a merge by
judgement keeps one id and redirects the other; a split by judgement restores both ids.
"""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipelines.cli import build
from tests.conftest import PROJECT, make_project

pytestmark = pytest.mark.slow
FIXTURES = PROJECT / "tests" / "fixtures" / "persons"


def publish(root: Path) -> Path:
    ok, summary = build(root, log_level="ERROR")
    assert ok, summary
    return Path(summary["release"])


def ids_by_name(release: Path) -> dict[str, str]:
    persons = pd.read_parquet(release / "persons.parquet")
    out = {}
    for row in persons.itertuples():
        for name in [row.name, *row.aliases]:
            out[name] = row.person_id
    return out


def judge(root: Path, entries: list[dict]) -> None:
    (root / "sources" / "judgements" / "persons.yaml").write_text(yaml.safe_dump({"judgements": entries}))


def test_ids_survive_releases_merges_and_splits(tmp_path):
    root = make_project(tmp_path / "p", {"f1_2019q1.txt": (FIXTURES / "f1_2019q1.txt").read_bytes()})
    first = publish(root)
    n1 = ids_by_name(first)
    # The same person spelled two ways in two reports is one person from the start.
    assert n1["Elena Semenova"] == n1["Yelena Semyonova"]
    a, b = n1["Talgat Ayan"], n1["Aset Nurzhaubai"]
    assert a != b

    (root / "sources" / "reports" / "f2_2019q2.txt").write_bytes((FIXTURES / "f2_2019q2.txt").read_bytes())
    judge(root, [{"kind": "same", "left": {"name": "Talgat Ayan", "report": "f1_2019q1.txt"},
                  "right": {"name": "Aset Nurzhaubai", "report": "000_bf2cf6556fc1d8c3.txt"},
                  "note": "test of the merge mechanics"}])
    second = publish(root)
    assert second != first and first.exists()
    n2 = ids_by_name(second)
    persons2 = set(pd.read_parquet(second / "persons.parquet").person_id)
    redirects2 = pd.read_parquet(second / "person_redirects.parquet")
    # Nobody's id is lost: each id of release N is a person or a redirect in N+1.
    assert set(n1.values()) <= persons2 | set(redirects2.old_person_id)
    merged = n2["Talgat Ayan"]
    assert merged == n2["Aset Nurzhaubai"] and merged in {a, b}
    retired = ({a, b} - {merged}).pop()
    assert redirects2.set_index("old_person_id").loc[retired, "person_id"] == merged
    assert redirects2.set_index("old_person_id").loc[retired, "release"] == second.name
    # Persons untouched by the judgement keep their ids, also when a new report names them.
    assert n2["Elena Semenova"] == n1["Elena Semenova"]

    judge(root, [{"kind": "not_same", "left": {"name": "Talgat Ayan", "report": "f1_2019q1.txt"},
                  "right": {"name": "Aset Nurzhaubai", "report": "000_bf2cf6556fc1d8c3.txt"},
                  "note": "undo"}])
    third = publish(root)
    n3 = ids_by_name(third)
    assert (n3["Talgat Ayan"], n3["Aset Nurzhaubai"]) == (a, b)
    redirects3 = pd.read_parquet(third / "person_redirects.parquet")
    assert retired not in set(redirects3.old_person_id)


def test_judgement_naming_nothing_is_reported_not_fatal(tmp_path):
    root = make_project(tmp_path / "p")
    judge(root, [{"kind": "same", "left": "P0000000000", "right": {"name": "Nobody Atall", "report": "nope.txt"}}])
    release = publish(root)
    changes = (release / "CHANGES.md").read_text()
    assert "Person judgements" in changes and "P0000000000" in changes


def test_merge_then_rebuild_with_a_mistyped_curation_id_loses_no_id(tmp_path, capsys):
    """Issue 13 as measured: seed; a report added; a judgement merging its new person into a seed
    person; a rebuild with the same judgement and one mistyped curation id. Every id of every
    release stays live or redirected, the rebuild publishes nothing, `civic verify` agrees."""
    from pipelines.cli import main
    from pipelines.core.continuity import release_ids, resolve

    root = make_project(tmp_path / "p")
    seed = publish(root)
    (root / "sources" / "reports" / "f1_2019q1.txt").write_bytes((FIXTURES / "f1_2019q1.txt").read_bytes())
    added = publish(root)
    ids = ids_by_name(added)
    new, old = ids["Talgat Ayan"], ids["Aset Nurzhaubai"]
    assert new not in set(pd.read_parquet(seed / "persons.parquet").person_id)
    judge(root, [{"kind": "same", "left": new, "right": old, "note": "measured in issue 13"}])
    merged = publish(root)
    assert ids_by_name(merged)["Talgat Ayan"] == ids_by_name(merged)["Aset Nurzhaubai"]
    curation = root / "sources" / "curation" / "incidents.yaml"
    curation.write_text(yaml.safe_dump({"incidents": [{"action": "reject", "incident_id": "I0000000000ff",
                                                       "reason": "a typo"}], "person_mentions": []}))
    assert main(["build", "--root", str(root), "-q"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    latest = (root / "outputs" / "releases" / "latest").resolve()
    assert latest == merged.resolve()
    now = release_ids(latest)
    for release in (seed, added, merged):
        before = release_ids(release)
        for kind in ("person", "incident"):
            for pid in before.published(kind):
                assert resolve(pid, now.live[kind], now.rows[kind])[1] in ("live", "redirected"), (kind, pid)
    assert main(["verify", str(latest)]) == 0
    assert "OK, all" in capsys.readouterr().out

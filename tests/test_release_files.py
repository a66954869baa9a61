"""The files that make a downloaded release understandable and queryable without the project:
the page (index.html), CODEBOOK.md, CITATION.cff, views.sql with the example queries, the
datapackage's sources and citation, and outputs/releases/index.json."""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from pipelines.core import citation, codebook
from schemas import DELTA, TABLES

ROOT = Path(__file__).resolve().parents[1]


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.sources, self.scripts, self.svgs = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("src") or (tag == "link" and attrs.get("href")):
            self.sources.append(attrs.get("src") or attrs.get("href"))
        self.scripts += tag == "script"
        self.svgs += tag == "svg"


def parsed(release: Path) -> tuple[str, Links]:
    text = (release / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(text)
    return text, links


def test_page_is_self_contained_and_links_every_file_with_its_sha256(seed_release):
    _, release = seed_release
    text, links = parsed(release)
    assert links.scripts == 0 and links.svgs == 3
    assert all(not s.startswith(("http:", "https:", "//")) for s in links.sources), links.sources
    local = {h for h in links.hrefs if "://" not in h and not h.startswith("#")}
    files = {p.name for p in release.iterdir()} - {"index.html"}
    assert files <= local, files - local  # every other file of the folder is linked
    assert all((release / h).is_file() for h in local)
    for name in files:
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() in text, name


def test_page_summary_matches_the_tables(seed_release):
    _, release = seed_release
    text, _ = parsed(release)
    incidents = pd.read_parquet(release / "incidents.parquet")
    persons = pd.read_parquet(release / "persons.parquet")
    assert f"<b>{len(incidents)}</b> incidents" in text and f"<b>{len(persons)}</b> persons" in text
    for event_type, n in incidents.event_type.value_counts().items():
        assert f'<td><code>{event_type}</code></td><td class="num">{n}</td>' in text
    dated = incidents.dropna(subset=["event_date"])
    assert f"<b>{min(dated.event_date).isoformat()}</b> to" in text
    top = persons.sort_values(["n_incidents", "name"], ascending=[False, True]).iloc[0]["name"]
    assert top in text  # in the persons chart
    package = json.loads((release / "datapackage.json").read_text())
    assert package["citation"] in text.replace("&#39;", "'")
    assert "incident f1" in text and "harmonic mean" in text  # a score with its meaning


def test_datapackage_cites_and_credits_every_source(seed_release):
    root, release = seed_release
    package = json.loads((release / "datapackage.json").read_text())
    assert release.name in package["citation"] and package["created"][:10] in package["citation"]
    sidecar = yaml.safe_load(next((root / "sources" / "reports").glob("*.meta.yaml")).read_text())
    (source,) = package["sources"]
    assert source["publisher"] == sidecar["publisher"] and source["license"] == sidecar["licence"]
    cff = yaml.safe_load((release / "CITATION.cff").read_text())
    assert cff["version"] == release.name and str(cff["date-released"]) == package["created"][:10]


def test_project_citation_file_says_what_the_releases_say():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("title", "authors", "license", "abstract", "keywords"):
        assert cff[key] == citation.PROJECT[key], key


def test_release_codebook_lists_event_types_and_every_column(seed_release):
    _, release = seed_release
    text = (release / "CODEBOOK.md").read_text()
    assert f"# Codebook of release {release.name}" in text
    assert "| `administrative_arrest` | a court sentences someone to days of administrative detention |" in text
    for spec in [*TABLES.values(), DELTA]:
        section = text.split(f"### {spec.name}\n")[1].split("###")[0]
        for f in spec.fields:
            assert f"| `{f.name}` | {f.kind} |" in section, (spec.name, f.name)


def query(folder: Path, sql_file: str | None = None, sql: str | None = None, setup: str = ""):
    """Run a query file in a release folder the way `duckdb -init views.sql` would: views first,
    relative paths resolved against the folder."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        con = duckdb.connect()
        con.execute((folder / "views.sql").read_text())
        if setup:
            con.execute(setup)
        return con.sql(sql or (folder / sql_file).read_text()).df()
    finally:
        os.chdir(cwd)


def test_views_open_every_table_by_relative_path(seed_release, tmp_path):
    import shutil

    _, release = seed_release
    moved = tmp_path / "downloaded"
    shutil.copytree(release, moved)  # elsewhere on disk: the views must not name the build's path
    assert str(release) not in (moved / "views.sql").read_text()
    for name in [*TABLES, DELTA.name]:
        n = query(moved, sql=f'select count(*) as n from "{name}"').n[0]
        assert n == len(pd.read_parquet(moved / f"{name}.parquet")), name


def test_example_queries_run_and_answer(seed_release):
    _, release = seed_release
    assert set(codebook.example_queries()) <= {p.name for p in release.iterdir()}
    incidents = pd.read_parquet(release / "incidents.parquet")
    per_year = query(release, "query_incidents_per_year_and_type.sql")
    assert per_year.incidents.sum() == len(incidents)
    top = query(release, "query_persons_with_most_incidents.sql")
    links = pd.read_parquet(release / "incident_persons.parquet")
    expected = links.groupby("person_id").incident_id.nunique().max()
    assert top.incidents.iloc[0] == expected and list(top.incidents) == sorted(top.incidents, reverse=True)
    name = top.name.iloc[0]
    one = query(release, "query_person_incidents_across_reports.sql", setup=f"SET VARIABLE person = '{name}'")
    assert len(one) == expected and set(one.name) == {name}
    assert all(e in set(incidents.evidence) for e in one.evidence)
    default = query(release, "query_person_incidents_across_reports.sql")
    assert len(default) >= 1 and default.name.nunique() == 1


def test_index_json_lists_every_release_with_checksums_quality_and_delta(seed_release):
    _, release = seed_release
    index = json.loads((release.parent / "index.json").read_text())
    (entry,) = [r for r in index["releases"] if r["version"] == release.name]
    assert index["latest"] == release.name
    assert set(entry["files"]) == {p.name for p in release.iterdir()}
    for name, info in entry["files"].items():
        assert info["sha256"] == hashlib.sha256((release / name).read_bytes()).hexdigest()
    assert entry["rows"]["incidents"] == len(pd.read_parquet(release / "incidents.parquet"))
    assert entry["quality"]["incident_f1"] > 0
    assert entry["delta"]["incident"]["ADD"] == entry["rows"]["incidents"]  # first release: all new
    assert entry["date"] == json.loads((release / "datapackage.json").read_text())["created"][:10]


@pytest.mark.parametrize("name", ["index.html", "CODEBOOK.md", "views.sql", "delta.csv"])
def test_fetch_release_brings_the_documents_too(seed_release, tmp_path, name):
    import functools
    import http.server
    import threading

    from pipelines.core.release import fetch_release

    _, release = seed_release
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(release))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert fetch_release(f"http://127.0.0.1:{server.server_address[1]}/", tmp_path / "copy") == []
    finally:
        server.shutdown()
    assert (tmp_path / "copy" / name).read_bytes() == (release / name).read_bytes()


def test_month_chart_draws_no_bars_for_empty_months():
    """Two incidents twenty years apart: two bars, not one per type per month between them."""
    import datetime as dt

    from pipelines.core import charts

    rows = [{"event_date": dt.date(2000, 1, 5), "event_type": "detention", "in_period": True},
            {"event_date": dt.date(2020, 12, 5), "event_type": "fine", "in_period": True}]
    svg = charts.incidents_per_month(rows)
    assert svg.count("<path") < 40  # the two bars, the axes, ticks and the legend's keys
    assert "2000-01" in svg and svg == charts.incidents_per_month(rows)

"""core.sources: scanning sources/reports/, sidecars, versions, and reading one file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipelines.core.sources import (
    SIDECAR_SUFFIX,
    Limits,
    RejectedSource,
    SourceFile,
    read_source,
    scan_sources,
)

REPORT = (
    "Kyrgyzstan: Pressure on independent media\n\n"
    "This update covers developments in Kyrgyzstan from March to May 2023. It was prepared by "
    "Alpha Rights Centre (ARC) for the CIVICUS Monitor.\n\n"
    "Expression\n\n"
    "On 5 April 2023, police in Bishkek searched the office of an online outlet and seized laptops. "
    "Two reporters were questioned for several hours and released without charge.\n"
)


def project(tmp_path: Path) -> tuple[Path, Path]:
    reports = tmp_path / "sources" / "reports"
    reports.mkdir(parents=True)
    return tmp_path, reports


def test_accepts_formats_in_path_order_with_ids(tmp_path):
    root, reports = project(tmp_path)
    (reports / "b.txt").write_text(REPORT, encoding="utf-8")
    (reports / "a.md").write_text("# Title of a markdown report\n\n" + REPORT.replace("\n\n", "\n\n"), encoding="utf-8")
    other = REPORT.replace("Kyrgyzstan: Pressure on independent media", "A different page").replace("searched", "raided")
    (reports / "c.htm").write_text(f"<html><body><article><p>{other.replace(chr(10), '</p><p>')}</p></article></body></html>")
    (reports / "notes.docx").write_bytes(b"PK\x03\x04")
    (reports / ".hidden.txt").write_text("x")
    inv = scan_sources(reports, root)
    assert [sf.path for sf in inv.accepted] == ["sources/reports/a.md", "sources/reports/b.txt", "sources/reports/c.htm"]
    assert [sf.fmt for sf in inv.accepted] == ["md", "txt", "html"]
    data = (reports / "b.txt").read_bytes()
    sf = inv.accepted[1]
    assert sf.sha256 == hashlib.sha256(data).hexdigest() and sf.report_id == sf.sha256[:16]
    assert sf.size == len(data)
    assert [(r.path, r.code) for r in inv.rejected] == [("sources/reports/notes.docx", "unsupported_format")]


def test_same_inventory_twice(tmp_path):
    root, reports = project(tmp_path)
    for name in ("z.txt", "m.txt", "a.txt"):
        (reports / name).write_text(REPORT + f"\nA closing line for {name} about a separate case of a fine.\n" * 20)
    assert scan_sources(reports, root) == scan_sources(reports, root)


def test_valid_sidecar_is_kept(tmp_path):
    root, reports = project(tmp_path)
    report = reports / "kg.txt"
    report.write_text(REPORT)
    sha = hashlib.sha256(report.read_bytes()).hexdigest()
    (reports / ("kg.txt" + SIDECAR_SUFFIX)).write_text(
        f"title: A title\npublisher: ARC\nurl: https://example.org/a\nlicence: CC BY 4.0\n"
        f"retrieved: 2024-01-02\nsha256: {sha}\ncountry: KG\nperiod_start: 2023-03-01\n"
        f"period_end: 2023-05-31\nsupersedes: null\n"
    )
    inv = scan_sources(reports, root)
    assert inv.rejected == []
    assert inv.accepted[0].sidecar == {
        "title": "A title", "publisher": "ARC", "url": "https://example.org/a", "licence": "CC BY 4.0",
        "retrieved": "2024-01-02", "sha256": sha, "country": "KG", "period_start": "2023-03-01",
        "period_end": "2023-05-31",
    }


@pytest.mark.parametrize(
    "body, code",
    [
        ("sha256: '" + "0" * 64 + "'", "sidecar_sha256_mismatch"),
        ("sha256: " + "0" * 64, "sidecar_wrong_type"),  # YAML reads unquoted digits as a number
        ("supersedes: ../../../etc/passwd", "sidecar_outside_sources"),
        ("supersedes: /etc/passwd", "sidecar_outside_sources"),
        ("country: Kazakhstan", "sidecar_bad_value"),
        ("url: file:///etc/passwd", "sidecar_bad_value"),
        ("period_start: 2023-05-01\nperiod_end: 2023-01-01", "sidecar_bad_value"),
        ("retrieved: yesterday", "sidecar_wrong_type"),
        ("title: [a, b]", "sidecar_wrong_type"),
        ("author: Somebody", "sidecar_unknown_key"),
        ("- just\n- a list", "sidecar_unparsable"),
        ("title: 'unclosed", "sidecar_unparsable"),
    ],
)
def test_bad_sidecar_rejected_report_still_read(tmp_path, body, code):
    root, reports = project(tmp_path)
    (reports / "kg.txt").write_text(REPORT)
    (reports / ("kg.txt" + SIDECAR_SUFFIX)).write_text(body + "\n")
    inv = scan_sources(reports, root)
    assert [sf.path for sf in inv.accepted] == ["sources/reports/kg.txt"]
    assert inv.accepted[0].sidecar == {}
    assert [(r.path, r.code) for r in inv.rejected] == [("sources/reports/kg.txt.meta.yaml", code)]


def test_read_source_cleans_and_records_encoding(tmp_path):
    root, reports = project(tmp_path)
    (reports / "r.txt").write_bytes(("Quick search\nLog in\n" + REPORT).encode("utf-16"))
    inv = scan_sources(reports, root)
    loaded = read_source(inv.accepted[0], root)
    assert loaded.encoding.startswith("utf-16") and loaded.fmt == "txt"
    assert loaded.text.startswith("Kyrgyzstan: Pressure on independent media\n\nThis update covers")
    assert any("utf-16" in n for n in loaded.notes)


def test_read_source_refuses_changed_file_and_escaping_path(tmp_path):
    root, reports = project(tmp_path)
    (reports / "r.txt").write_text(REPORT)
    sf = scan_sources(reports, root).accepted[0]
    (reports / "r.txt").write_text(REPORT + "An added line.\n")
    with pytest.raises(RejectedSource) as err:
        read_source(sf, root)
    assert err.value.code == "changed_since_scan"
    evil = SourceFile("x", "../../etc/passwd", "0" * 64, "txt", 10, {}, None)
    with pytest.raises(RejectedSource) as err:
        read_source(evil, root)
    assert err.value.code == "outside_sources"


def test_limits_are_configurable(tmp_path):
    root, reports = project(tmp_path)
    (reports / "r.txt").write_text(REPORT)
    inv = scan_sources(reports, root, Limits(max_bytes=100))
    assert [r.code for r in inv.rejected] == ["too_large"]


def test_missing_folder_is_an_empty_inventory(tmp_path):
    inv = scan_sources(tmp_path / "nope", tmp_path)
    assert inv.accepted == [] and inv.rejected == [] and inv.notes


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_one_report_in_several_formats_is_read_once(tmp_path):
    from tests import formats_render as R

    root, reports = project(tmp_path)
    (reports / "kg-2023q2.txt").write_text(REPORT, encoding="utf-8")
    (reports / "kg-2023q2.html").write_text(R.html_news(_paragraphs(REPORT)), encoding="utf-8")
    (reports / "kg-2023q2.md").write_text(R.markdown(_paragraphs(REPORT)), encoding="utf-8")
    inv = scan_sources(reports, root)
    assert [sf.path for sf in inv.accepted] == ["sources/reports/kg-2023q2.txt"]
    assert {r.path: r.code for r in inv.rejected} == {
        "sources/reports/kg-2023q2.html": "same_report_as sources/reports/kg-2023q2.txt",
        "sources/reports/kg-2023q2.md": "same_report_as sources/reports/kg-2023q2.txt"}
    assert all("another format" in r.message for r in inv.rejected)
    # the file that carries provenance is the one read
    (reports / ("kg-2023q2.html" + SIDECAR_SUFFIX)).write_text("url: https://example.org/kg\n")
    inv = scan_sources(reports, root)
    assert [sf.path for sf in inv.accepted] == ["sources/reports/kg-2023q2.html"]
    assert {r.code for r in inv.rejected} == {"same_report_as sources/reports/kg-2023q2.html"}


def test_a_new_version_in_another_format_is_still_a_version(tmp_path):
    from tests import formats_render as R

    root, reports = project(tmp_path)
    longer = REPORT + "".join(f"\nOn {d} May 2023, police questioned blogger number {d} about a post.\n"
                              for d in range(1, 12))
    (reports / "a-first.txt").write_text(longer, encoding="utf-8")
    edited = longer.replace("number 5", "number five").replace("laptops", "laptops and phones") + \
        "\nCorrection: an earlier version gave the wrong date for the search.\n"
    (reports / "b-corrected.html").write_text(R.html_blog(_paragraphs(edited)), encoding="utf-8")
    inv = scan_sources(reports, root)
    assert {r.path: r.code for r in inv.rejected} == {
        "sources/reports/a-first.txt": "superseded_by sources/reports/b-corrected.html"}


def test_the_same_bytes_are_converted_once_per_process_and_still_checked(tmp_path, monkeypatch):
    # a build scans, inventories and reads the same files: their cleaning runs once
    import pipelines.core.sources as sources

    root, reports = project(tmp_path)
    (reports / "r.txt").write_text(REPORT + "A line of this test only.\n")
    calls = []
    real = sources._convert
    monkeypatch.setattr(sources, "_convert", lambda raw, fmt: calls.append(fmt) or real(raw, fmt))
    sf = scan_sources(reports, root).accepted[0]
    first, second = read_source(sf, root), read_source(sf, root)
    assert calls == ["txt"] and first == second and first is not second
    # the bytes are still read and checked each time: a changed file is refused, not remembered
    (reports / "r.txt").write_text(REPORT + "Another line.\n")
    with pytest.raises(RejectedSource, match="changed_since_scan"):
        read_source(sf, root)


def test_the_conversion_memo_drops_the_least_recently_used_past_its_bound():
    from pipelines.core.sources import LoadedText, _Converted

    memo = _Converted(max_chars=10)
    memo.put("a", LoadedText("x" * 6, "utf-8", "txt"))
    memo.put("b", LoadedText("y" * 3, "utf-8", "txt"))
    assert memo.get("a") is not None  # "a" is now the most recently used
    memo.put("c", LoadedText("z" * 4, "utf-8", "txt"))
    assert memo.get("b") is None and memo.get("a") is not None and memo.get("c") is not None
    assert memo.chars == 10


def test_converted_texts_kept_for_the_next_build_are_used_only_by_the_same_code(tmp_path, monkeypatch):
    import pipelines.core.sources as sources

    root, reports = project(tmp_path)
    (reports / "r.txt").write_text(REPORT + "A line kept between builds.\n")
    kept = tmp_path / "cache" / "converted"
    monkeypatch.setattr(sources, "_CONVERTED", sources._Converted(max_chars=10_000))
    sf = scan_sources(reports, root).accepted[0]
    assert sources.keep_converted(kept, "v1", {(sf.sha256, sf.fmt)})
    assert not sources.keep_converted(kept, "v1", {(sf.sha256, sf.fmt)})  # nothing new: not rewritten
    # a new process (an empty memo): the kept text is used and the file not converted again
    calls = []
    real = sources._convert
    monkeypatch.setattr(sources, "_convert", lambda raw, fmt: calls.append(fmt) or real(raw, fmt))
    for version, converted in (("v1", []), ("v2", ["txt"])):  # other code: converted again
        monkeypatch.setattr(sources, "_CONVERTED", sources._Converted(max_chars=10_000))
        calls.clear()
        assert sources.load_converted(kept, version) == (1 if version == "v1" else 0)
        again = scan_sources(reports, root).accepted[0]
        assert calls == converted and read_source(again, root).text.endswith("A line kept between builds.")
    # a damaged file is only a slower scan
    for shard in kept.glob("*.pickle"):
        shard.write_bytes(b"not a pickle")
    assert sources.load_converted(kept, "v1") == 0

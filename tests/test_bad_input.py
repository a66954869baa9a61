"""Broken and hostile input: every bad file is made here, in a fake project under tmp_path.

Each test puts one bad file beside a good report and checks the bad one's reason code and that
the good one is still accepted.
"""

from __future__ import annotations

import builtins
import io
import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from pipelines.core.sources import SIDECAR_SUFFIX, read_source, scan_sources

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
GOOD = (
    "Tajikistan: Lawyers under pressure\n\n"
    "This update covers developments in Tajikistan from January to March 2022.\n\n"
    "On 14 February 2022, a court in Dushanbe sentenced a lawyer to five years in prison on fraud "
    "charges that his colleagues called retaliation for his work on torture cases.\n"
)
RUSSIAN = (
    "Таджикистан: давление на адвокатов\n"
    "Суд в Душанбе приговорил адвоката к пяти годам лишения свободы. Его коллеги считают, что "
    "приговор связан с его работой по делам о пытках. Полиция задержала ещё двоих юристов.\n"
)


@pytest.fixture
def proj(tmp_path):
    reports = tmp_path / "sources" / "reports"
    reports.mkdir(parents=True)
    (reports / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path, reports


def scan(proj):
    root, reports = proj
    inv = scan_sources(reports, root)
    assert "sources/reports/good.txt" in [sf.path for sf in inv.accepted], "the good report must survive"
    return inv


def code_of(inv, name: str) -> str:
    codes = [r.code for r in inv.rejected if r.path == f"sources/reports/{name}"]
    assert len(codes) == 1, inv.rejected
    return codes[0]


def accepted(inv, name: str):
    found = [sf for sf in inv.accepted if sf.path == f"sources/reports/{name}"]
    assert found, inv.rejected
    return found[0]


def text_pdf(text: str = "A court fined a blogger for a post about the floods.") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_empty_file(proj):
    (proj[1] / "empty.txt").write_bytes(b"")
    assert code_of(scan(proj), "empty.txt") == "empty"


def test_whitespace_only_file_has_empty_text(proj):
    (proj[1] / "blank.txt").write_bytes(b" \n\r\n\t \x00\n")
    assert code_of(scan(proj), "blank.txt") == "empty_text"


@pytest.mark.parametrize("name, code", [("noise.txt", "undecodable"), ("noise.pdf", "pdf_unreadable"),
                                        ("noise.html", "undecodable")])
def test_random_bytes(proj, name, code):
    (proj[1] / name).write_bytes(random.Random(7).randbytes(20_000))
    assert code_of(scan(proj), name) == code


def test_truncated_pdf(proj):
    data = text_pdf()
    (proj[1] / "cut.pdf").write_bytes(data[: len(data) * 2 // 3])
    assert code_of(scan(proj), "cut.pdf") == "pdf_truncated"


def test_encrypted_pdf(proj):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    (proj[1] / "locked.pdf").write_bytes(buf.getvalue())
    assert code_of(scan(proj), "locked.pdf") == "pdf_encrypted"


def test_pdf_with_owner_password_only_is_read(proj):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    (proj[1] / "printable.pdf").write_bytes(buf.getvalue())
    sf = accepted(scan(proj), "printable.pdf")
    assert "fined a blogger" in read_source(sf, proj[0]).text


def test_pdf_without_text_layer(proj):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    (proj[1] / "scan.pdf").write_bytes(bytes(pdf.output()))
    assert code_of(scan(proj), "scan.pdf") == "pdf_no_text"


@pytest.mark.parametrize("encoding, recorded", [("utf-16", "utf-16"), ("cp1251", "cp1251"), ("koi8_r", "koi8_r")])
def test_legacy_and_utf16_encodings(proj, encoding, recorded):
    (proj[1] / "ru.txt").write_bytes(RUSSIAN.encode(encoding))
    loaded = read_source(accepted(scan(proj), "ru.txt"), proj[0])
    assert loaded.encoding.startswith(recorded)
    assert loaded.text.split("\n\n")[0] == "Таджикистан: давление на адвокатов"
    assert "приговорил адвоката к пяти годам" in loaded.text


def test_mixed_line_endings_and_nuls(proj):
    (proj[1] / "mixed.txt").write_bytes(GOOD.replace("Lawyers", "Judges").encode().replace(b"\n\n", b"\r\n\r\n", 1)
                                        .replace(b"\n", b"\r", 1) + b"\x00A last\x00 line.\r\n")
    text = read_source(accepted(scan(proj), "mixed.txt"), proj[0]).text
    assert "\r" not in text and "\x00" not in text
    assert text.endswith("A last line.") and text.startswith("Tajikistan: Judges under pressure\n\n")


def test_hostile_html(proj):
    blob = "QUJD" * (1024 * 1024)  # 4 MB of base64
    page = ("<html><head><script>" + "var a=1;" * 10000 + "</script><style>" + "p{color:red}" * 5000
            + "</style></head><body><iframe src='https://example.org'>inside frame</iframe>"
            + "<p>Police in Khujand detained a reporter who filmed a queue at the border."
            + f"<img src=\"data:image/png;base64,{blob}\"></p>"
            + f"<div style=\"background:url(data:image/png;base64,{blob[:100000]})\">He was released the next day.</div>"
            + "<script>document.write('injected text')</script></body></html>")
    (proj[1] / "page.html").write_text(page)
    started = time.perf_counter()
    inv = scan(proj)
    text = read_source(accepted(inv, "page.html"), proj[0]).text
    assert time.perf_counter() - started < 10
    assert text == "Police in Khujand detained a reporter who filmed a queue at the border.\n\nHe was released the next day."


def test_sixty_megabyte_file_rejected_unread(proj):
    big = proj[1] / "huge.txt"
    with big.open("wb") as fh:
        line = b"A line of text about nothing in particular, repeated to fill space.\n" * 1000
        for _ in range(60 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > 60 * 1024 * 1024
    tracemalloc.start()
    try:
        inv = scan(proj)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code_of(inv, "huge.txt") == "too_large"
    assert peak < 5 * 1024 * 1024, peak


def test_name_with_spaces_and_cyrillic(proj):
    name = "Отчёт о Таджикистане 2022 (final).txt"
    (proj[1] / name).write_text(GOOD.replace("Lawyers", "Journalists"), encoding="utf-8")
    sf = accepted(scan(proj), name)
    assert sf.path == f"sources/reports/{name}"
    assert read_source(sf, proj[0]).text.startswith("Tajikistan: Journalists under pressure")


def test_symlink_outside_sources_is_never_opened(proj, monkeypatch):
    target = Path("/etc/passwd")
    if not target.exists():
        pytest.skip("no /etc/passwd here")
    os.symlink(target, proj[1] / "passwd.txt")
    real_open, real_read = builtins.open, Path.read_bytes
    real_path_open = Path.open

    def guard(path):
        if os.path.realpath(path) == str(target):
            raise AssertionError(f"opened {path}")

    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: (guard(f) if isinstance(f, (str, Path)) else None) or real_open(f, *a, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: guard(self) or real_read(self))
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: guard(self) or real_path_open(self, *a, **k))
    inv = scan(proj)
    assert code_of(inv, "passwd.txt") == "outside_sources"


def test_byte_identical_duplicate(proj):
    (proj[1] / "zz copy.txt").write_text(GOOD, encoding="utf-8")
    inv = scan(proj)
    assert code_of(inv, "zz copy.txt") == "duplicate_of sources/reports/good.txt"
    assert len(inv.accepted) == 1


def test_republished_with_small_edits_supersedes(proj):
    longer = GOOD + "".join(f"On {d} March 2022, police questioned activist number {d} about a post.\n" for d in range(1, 12))
    (proj[1] / "v1.txt").write_text(longer.replace("Lawyers", "Critics"), encoding="utf-8")
    edited = longer.replace("Lawyers", "Critics").replace("number 5", "number five").replace("a post", "a post online", 1)
    (proj[1] / "v2.txt").write_text(edited, encoding="utf-8")
    inv = scan(proj)
    assert code_of(inv, "v1.txt") == "superseded_by sources/reports/v2.txt"
    assert accepted(inv, "v2.txt").supersedes == "sources/reports/v1.txt"


def test_sidecar_supersedes_and_retrieved_date_decides(proj):
    reports = proj[1]
    (reports / "b-old.txt").write_text(GOOD.replace("Lawyers", "Old title"), encoding="utf-8")
    (reports / "a-new.txt").write_text(GOOD.replace("Lawyers", "New title"), encoding="utf-8")
    (reports / ("a-new.txt" + SIDECAR_SUFFIX)).write_text("supersedes: b-old.txt\nretrieved: 2024-05-01\n")
    inv = scan(proj)
    assert code_of(inv, "b-old.txt") == "superseded_by sources/reports/a-new.txt"


def test_sidecar_with_wrong_types_and_unknown_keys(proj):
    reports = proj[1]
    (reports / "r.txt").write_text(GOOD.replace("Lawyers", "Bloggers"), encoding="utf-8")
    (reports / ("r.txt" + SIDECAR_SUFFIX)).write_text("title: 42\nretrieved: soon\nrating: 5\n")
    inv = scan(proj)
    bad = [r for r in inv.rejected if r.path.endswith(SIDECAR_SUFFIX)]
    assert [r.code for r in bad] == ["sidecar_unknown_key"]
    assert "title" in bad[0].message and "retrieved" in bad[0].message and "rating" in bad[0].message
    assert accepted(inv, "r.txt").sidecar == {}


def test_fifo_is_not_read(proj):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(proj[1] / "pipe.txt")
    assert code_of(scan(proj), "pipe.txt") == "not_a_file"

"""core.text: decoding, HTML and PDF extraction, and the one cleaner they all end in.

The central property: the seed report as .txt, as a saved web page with menus, a cookie banner
and related links, and as a multi-page PDF with wrapped lines, running headers and page numbers
gives the same cleaned text.
"""

from __future__ import annotations

import html as htmlmod
import time
from pathlib import Path

import pytest

from pipelines.core.text import (
    RejectedSource,
    clean_text,
    decode_bytes,
    html_title,
    html_to_text,
    markdown_to_text,
    pdf_to_text,
)
from pipelines.core.units import _is_heading

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def seed_clean() -> str:
    text, _ = decode_bytes(SEED.read_bytes())
    return clean_text(text)


# ---------------------------------------------------------------------------------------------
# Rendering the seed into other formats

def render_html(paragraphs: list[str]) -> str:
    """A saved news page: header, nav, cookie banner, article, related links, footer."""
    esc = htmlmod.escape
    title, body = paragraphs[0], paragraphs[1:]
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>", esc(title), " | Monitor</title>",
        "<style>body{font-family:serif} .x::before{content:'Skip'}</style>",
        "<script>var tracking = 'Log in to see more. Subscribe now!';</script></head><body>",
        "<a class='skip-link' href='#main'>Skip to main content</a>",
        "<header><div class='logo'>The Monitor</div><nav><ul><li>Home</li><li>All news</li>",
        "<li>Quick search</li><li>Log in</li></ul></nav></header>",
        "<div id='cookie-consent'><p>We use cookies to improve your experience on our website.",
        " By browsing this website you agree to our use of cookies.</p><button>Accept all</button></div>",
        "<div class='breadcrumb'>Home / Europe &amp; Central Asia / News</div>",
        "<main id='main'><article><header><h1>", esc(title), "</h1>",
        "<div class='share-buttons'><a>Facebook</a> <a>Twitter</a></div></header>",
        "<figure><img src='data:image/png;base64,", "iVBORw0KGgo" * 20, "' alt='x'>",
        "<figcaption>© some photographer/CC BY-NC-ND 2.0/https://example.org/p/1</figcaption></figure>",
    ]
    for par in body:
        # headings as h2, paragraphs as p, with the source's whitespace and inline markup
        if _is_heading(par):
            parts.append(f"\n<h2>\n  {esc(par)}\n</h2>\n")
        else:
            words = esc(par).split(" ")
            mid = len(words) // 2
            parts.append("<p>" + " ".join(words[:mid]) + "\n    <em>" + " ".join(words[mid:mid + 2])
                         + "</em> " + " ".join(words[mid + 2:]) + "</p>\n")
    parts += [
        "</article>",
        "<aside class='related'><h3>Related articles</h3><ul>",
        "<li><a>Another country: a new law on foreign agents adopted</a></li>",
        "<li><a>Yet another update on peaceful assembly</a></li></ul></aside>",
        "<section class='newsletter-subscribe'><h3>Subscribe to our updates</h3>",
        "<form><input name='email'><button>Subscribe</button></form></section>",
        "</main><footer><p>© 2024 The Monitor. All rights reserved.</p><nav>Privacy policy</nav></footer>",
        "<iframe src='https://example.org/embed'></iframe><noscript>Please enable JavaScript.</noscript>",
        "</body></html>",
    ]
    return "".join(parts)


def render_pdf(paragraphs: list[str]) -> bytes:
    """An A4 PDF: big bold title, bold headings, justified wrapped paragraphs, running header
    and page-number footer on every page."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            self.set_font("DejaVu", size=8)
            self.cell(0, 6, "Civic space monitor - quarterly update", align="C")
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("DejaVu", size=8)
            self.cell(0, 10, f"{self.page_no()}", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, paragraphs[0])
    pdf.ln(4)
    for par in paragraphs[1:]:
        if _is_heading(par):
            pdf.set_font("DejaVu", "B", 12)
            pdf.multi_cell(0, 6, par)
        else:
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, par)
        pdf.ln(3)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    return seed_clean().split("\n\n")


def test_seed_cleaned_starts_at_title_and_ends_before_related_news():
    cleaned = seed_clean()
    paragraphs = cleaned.split("\n\n")
    assert paragraphs[0].startswith("Kazakhstan: ") and _is_heading(paragraphs[0])
    assert paragraphs[1].startswith("This update covers")
    assert "the latest news" not in cleaned and "More news" not in cleaned
    assert "Subscribe to our updates" not in cleaned and "Quick search" not in cleaned
    assert "CC BY" not in cleaned and "In partnership with" not in cleaned
    assert paragraphs.count(paragraphs[0]) == 1  # the twice-printed title once
    assert paragraphs[-1].endswith(".")
    assert "\u00a0" not in cleaned and "\n\n\n" not in cleaned and "  " not in cleaned


def test_html_rendering_of_seed_cleans_to_same_text(seed_paragraphs):
    page = render_html(seed_paragraphs)
    assert clean_text(html_to_text(page)) == "\n\n".join(seed_paragraphs)


@pytest.mark.skipif(not (FONT.exists() and FONT_BOLD.exists()), reason="DejaVu fonts not installed")
def test_pdf_rendering_of_seed_cleans_to_same_text(seed_paragraphs):
    data = render_pdf(seed_paragraphs)
    from pypdf import PdfReader
    import io

    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    assert clean_text(pdf_to_text(data)) == "\n\n".join(seed_paragraphs)


# ---------------------------------------------------------------------------------------------
# Decoding

RUSSIAN = (
    "Суд в Алматы оштрафовал журналиста за участие в несанкционированном митинге. "
    "Правозащитники считают, что это решение нарушает право на свободу мирных собраний и "
    "выражения мнений. Полиция задержала ещё двоих активистов возле здания акимата."
)


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1251", "cp1251"),
     ("koi8_r", "koi8_r")],
)
def test_decode_russian_in_each_encoding(encoding, expected):
    text, enc = decode_bytes(RUSSIAN.encode(encoding))
    assert text == RUSSIAN
    assert enc.replace("-le", "").replace("-be", "") == expected


def test_short_koi8_and_cp1251_lines_are_told_apart():
    line = "Активиста задержали в Бишкеке.\nЕго отпустили вечером."
    assert decode_bytes(line.encode("koi8_r")) == (line, "koi8_r")
    assert decode_bytes(line.encode("cp1251")) == (line, "cp1251")


def test_decode_western_legacy_encoding():
    text = "Café owner in Zürich said the naïve plan would fail. " * 3
    decoded, enc = decode_bytes(text.encode("cp1252"))
    assert decoded == text
    assert enc.lower().replace("_", "") in {"cp1252", "windows1252", "latin1", "iso88591"}


def test_decode_normalises_line_endings_and_nuls():
    text, _ = decode_bytes(b"one\r\ntwo\rthree\n\x00four\x00")
    assert text == "one\ntwo\nthree\nfour"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_undecodable(seed):
    import random

    data = random.Random(seed).randbytes(4096)
    with pytest.raises(RejectedSource) as err:
        decode_bytes(data)
    assert err.value.code == "undecodable"


# ---------------------------------------------------------------------------------------------
# HTML

def test_html_prefers_article_and_drops_chrome():
    page = """<html><body><nav>Home | News</nav>
    <div class="cookie-banner">We use cookies. <a>Accept</a></div>
    <article><h1>A court fined an activist</h1><p>On 3 May a court in Oral fined a blogger for a
    post.<br>He will appeal.</p><div class="related-posts"><p>Other story</p></div></article>
    <aside>Most read</aside><footer>Contacts</footer></body></html>"""
    text = html_to_text(page)
    assert text == ("A court fined an activist\n\nOn 3 May a court in Oral fined a blogger for a post."
                    "\nHe will appeal.")


def test_html_keeps_text_of_hostile_page_fast():
    blob = "A" * (4 * 1024 * 1024)
    page = ("<html><body>" + "<script>alert(1)</script>" * 500 + "<style>p{}</style>" * 500
            + "<iframe src='x'>frame text</iframe>" * 200
            + f"<p>Police detained a blogger in Khujand.<img src='data:image/png;base64,{blob}'></p>"
            + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</body></html>")
    started = time.perf_counter()
    text = html_to_text(page)
    assert time.perf_counter() - started < 5
    assert "Police detained a blogger in Khujand." in text and "deep text" in text
    assert "alert" not in text and "frame text" not in text and "AAAA" not in text


def test_html_title_and_title_outside_article():
    page = "<html><head><title>T</title></head><body><h1>Big news</h1><article><p>" + "word " * 60 + "</p></article></body></html>"
    assert html_title(page) == "Big news"
    assert html_to_text(page).startswith("Big news\n\nword word")


def test_markdown_to_text_joins_soft_wraps():
    md = "# Title here\n\nA first paragraph\nwrapped over lines with a [link](http://x).\n\n- item one\n"
    assert markdown_to_text(md) == "Title here\n\nA first paragraph wrapped over lines with a link.\n\nitem one"


# ---------------------------------------------------------------------------------------------
# PDF

@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_pdf_rejoins_hyphenated_words_and_keeps_compounds():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for line in ["The demonstration was dispersed and a politically-", "motivated case followed the demon-",
                 "stration in the capital."]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    text = pdf_to_text(bytes(pdf.output()))
    assert text == ("The demonstration was dispersed and a politically-motivated case followed the "
                    "demonstration in the capital.")


# ---------------------------------------------------------------------------------------------
# Cleaning

@pytest.mark.parametrize(
    "chrome",
    [
        "Skip to main content", "Log in", "Sign in", "Hot topics:", "Quick search", "Reset all",
        "In partnership with:", "Share this article", "Accept all cookies", "12 results arranged by date",
        "© Jane Doe/CC BY-NC-ND 2.0/https://example.org/p/abc", "Photo: A. Person/CC BY 2.0/www.example.org",
        "Protesters in a square/Some Agency/CC BY-SA 4.0/www.example.org", "0", "—",
        "Riot police outside a court. May 3, 2021. © 2021 John Smith",
        "A crowd gathers outside a court in the capital on a winter day. (Jane Roe/Agency Press)",
    ],
)
def test_chrome_lines_are_dropped(chrome):
    body = ("A court in Khujand sentenced a journalist to seven years in prison on charges he denied. "
            "His lawyer said the trial was closed to the public and the press.")
    assert clean_text(f"{body}\n{chrome}\n{body} Again.") == f"{body}\n\n{body} Again."


def test_site_head_is_cut_up_to_last_navigation_line():
    text = "Skip to main content\nSome Rights Group UK\nLog in\n\nA headline about a trial\n" \
           "Somebody Name\n0\ndays left to take action\n" + "The activist was detained in the capital on 4 May. " * 3
    cleaned = clean_text(text)
    assert cleaned.split("\n\n")[:2] == ["A headline about a trial", "Somebody Name"]
    assert "take action" not in cleaned and "Rights Group UK" not in cleaned


@pytest.mark.parametrize("stamp", ["date 2021-03-12 Accessibility links", "12.03.2021", "Posted on March 12, 2021"])
def test_publication_stamp_of_the_site_head_is_kept(stamp):
    # the stamp is all a page may say of its year: dropped with the menus (or as a counter, when
    # it has no letters), every yearless date of the page was read in the build's year
    text = f"{stamp}\nSearch\nA headline about a picket\n" + "Police detained the activist in Oral on 4 May. " * 3
    cleaned = clean_text(text)
    assert cleaned.split("\n\n")[:2] == [stamp, "A headline about a picket"]
    assert "Search" not in cleaned


def test_related_news_tail_is_cut_but_sources_lines_kept():
    body = "\n".join(f"Paragraph {i} tells how police detained protesters in the city centre on a Sunday." for i in range(8))
    text = f"{body}\nSources: Radio Azattyq, Vlast.kz\nUzbekistan: the latest news\nMore news\nOther headline\nSubscribe to our updates\nPick topics"
    cleaned = clean_text(text)
    assert cleaned.endswith("Sources: Radio Azattyq, Vlast.kz")
    assert "latest news" not in cleaned and "Other headline" not in cleaned


def test_tail_marker_early_in_page_only_drops_its_line():
    text = "More news\n" + "\n".join("Police fined a blogger for a post about the floods in the north." for _ in range(3))
    assert clean_text(text).count("Police fined") == 1  # repeated identical lines collapse
    assert "More news" not in clean_text(text)


def test_whitespace_normalisation():
    raw = "Title\u00a0line \r\n\r\n\r\n\tFirst\u00a0 paragraph\u200b text.  \n\n\n\nSecond\u00ad one.\r\n"
    assert clean_text(raw) == "Title line\n\nFirst paragraph text.\n\nSecond one."


def test_section_labels_dropped_only_outside_body():
    body = "Police detained three activists in the capital after a rally about land rights in spring."
    assert clean_text(f"Central Asia news\n{body}") == body
    assert clean_text(f"{body}\nCentral Asia news\n{body} Later.") == f"{body}\n\nCentral Asia news\n\n{body} Later."


SHARED = ROOT.parent / "shared"
DEV = ["003", "006", "014", "018", "021", "024", "030", "032", "038", "043"]


@pytest.mark.skipif(not (SHARED / "reports-dev").exists(), reason="shared/ not present")
@pytest.mark.parametrize("name", DEV)
def test_dev_excerpts_have_no_chrome_left(name):
    import re

    text, _ = decode_bytes((SHARED / "reports-dev" / f"{name}.txt").read_bytes())
    cleaned = clean_text(text)
    for line in cleaned.split("\n\n"):
        assert not re.fullmatch(r"(?i)hot topics:?|skip to main content|log in|quick search|reset all|"
                                r"in partnership with:?|\d+ results.*|\d+", line)
        assert not re.search(r"CC BY[-A-Z ]*\d\.\d/\S+$", line)
    assert "\n\n\n" not in cleaned


@pytest.mark.skipif(not (FONT.exists() and FONT_BOLD.exists()), reason="DejaVu fonts not installed")
def test_pdf_without_paragraph_spacing_keeps_words_and_order(seed_paragraphs):
    """Without space between paragraphs a paragraph ending on a full line is indistinguishable
    from a wrapped one; the words and their order must still survive intact."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for par in seed_paragraphs:
        pdf.multi_cell(0, 5, par, align="L", new_x="LMARGIN", new_y="NEXT")
    out = clean_text(pdf_to_text(bytes(pdf.output()))).split("\n\n")
    assert " ".join(out) == " ".join(seed_paragraphs)
    assert len(out) >= 0.8 * len(seed_paragraphs)

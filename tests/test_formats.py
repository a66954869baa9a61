"""Any format, same data: a report as .txt, as a saved web page (three CMS styles with menus,
cookie banners, related news, captions), as a justified multi-page PDF (running header and
footer, hyphenation, page breaks mid-sentence) and as Markdown gives the same incidents and the
same persons. Then one test per layout rule of core.text, on invented text.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipelines.core.events import extract_incidents
from pipelines.core.metadata import read_metadata
from pipelines.core.names import find_person_mentions
from pipelines.core.text import (
    _line_spacing,
    clean_text,
    decode_bytes,
    html_to_text,
    markdown_to_text,
    pdf_to_text,
)
from pipelines.core.units import segment
from tests import formats_render as R

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIX = ROOT / "tests" / "fixtures"
HAVE_FONTS = R.FONT.exists() and R.FONT_BOLD.exists() and R.FONT_ITALIC.exists()

# A representative subset: the seed (long, multi-page), dev excerpts of other families, and
# invented fixtures with monitoring lists, address blocks, datelines and all-caps headings.
INPUTS = [
    ROOT / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt",
    SHARED / "reports-dev" / "018.txt",
    SHARED / "reports-dev" / "032.txt",
    SHARED / "reports-dev" / "043.txt",
    FIX / "incidents" / "amnesty_tj_lawyer.txt",
    FIX / "incidents" / "fergana_uz_farmer.txt",
    FIX / "incidents" / "rferl_kg_blogger.txt",
    FIX / "persons" / "f1_2019q1.txt",
    FIX / "persons" / "g3_amnesty_uz2023.txt",
    FIX / "persons" / "g10_kz_trial2024.txt",
    FIX / "formats" / "invented_kz_update.txt",
]
FORMATS = ["html_blog", "html_portal", "html_news", "pdf", "md"]


def _cleaned_txt(path: Path) -> str:
    return clean_text(decode_bytes(path.read_bytes())[0])


def _result(text: str, name: str) -> tuple[set, set]:
    units = segment(text)
    persons = find_person_mentions(text, units)
    incidents = extract_incidents(text, units, persons, read_metadata(text, name))
    keys = {
        (i.event_type, i.event_date, i.location, tuple(sorted(i.target_names)),
         (i.penalty_amount, i.penalty_currency, i.penalty_days), tuple(i.legal_basis))
        for i in incidents
    }
    return keys, {p.canonical for p in persons}


def _render(fmt: str, paragraphs: list[str]) -> str:
    if fmt in R.HTML_STYLES:
        return clean_text(html_to_text(R.HTML_STYLES[fmt](paragraphs)))
    if fmt == "pdf":
        return clean_text(pdf_to_text(R.pdf_report(paragraphs)))
    return clean_text(markdown_to_text(R.markdown(paragraphs)))


@pytest.fixture(scope="module")
def rendered() -> dict:
    """Every input in every format, rendered and read back once for the module."""
    cache: dict = {}

    def get(path: Path, fmt: str):
        if (path, fmt) not in cache:
            base = _cleaned_txt(path)
            cache[(path, "txt")] = (base, _result(base, path.name))
            text = _render(fmt, base.split("\n\n"))
            cache[(path, fmt)] = (text, _result(text, path.name))
        return cache[(path, "txt")], cache[(path, fmt)]

    return get


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem[:20])
def test_same_incidents_and_persons_in_every_format(rendered, path, fmt):
    if not path.exists():
        pytest.skip(f"{path} not present")
    if fmt == "pdf" and not HAVE_FONTS:
        pytest.skip("DejaVu fonts not installed")
    (base, (incs, persons)), (text, (f_incs, f_persons)) = rendered(path, fmt)
    assert f_persons == persons, (sorted(persons - f_persons), sorted(f_persons - persons))
    assert f_incs == incs, (sorted(incs - f_incs, key=str), sorted(f_incs - incs, key=str))
    # the renderers keep every paragraph, so the cleaned texts agree too
    assert text == base


def test_chrome_headlines_would_change_the_result():
    """The related-news headlines are not inert: left in the text, they add persons."""
    paragraphs = _cleaned_txt(FIX / "formats" / "invented_kz_update.txt").split("\n\n")
    _, persons = _result("\n\n".join(paragraphs + R.RELATED), "x.txt")
    assert {"Daniyar Kemelov", "Aliya Nurmanova"} <= persons


# ---------------------------------------------------------------------------------------------
# HTML layout rules

BODY = ("On 4 March police in Taraz detained the farmer Bolat Ermekov after he complained about "
        "water shortages in a video. A court later fined him for spreading false information.")


def test_html_page_without_article_keeps_the_block_holding_the_paragraphs():
    page = (f"<html><body><div class='top'>Rights Portal</div><div>Home &raquo; News</div>"
            f"<table><tr><td><div>Latest</div><div><span>01.02</span> <a>Activist Ainur Bek arrested in Osh</a></div>"
            f"<div><span>02.02</span> <a>Blogger Nurlan Tas fined in Almaty</a></div></td>"
            f"<td><h1>Farmer fined</h1><div class='stamp'>14.11.2023 10:42</div><div class='txt'>"
            f"<p>{BODY}</p><p>{BODY} Again.</p></div><div>Tags: water, Taraz</div></td></tr></table>"
            f"<div>All rights reserved. Reprinting is allowed with a link to the site.</div></body></html>")
    assert html_to_text(page) == f"Farmer fined\n\n{BODY}\n\n{BODY} Again."


def test_html_lead_paragraph_before_the_body_is_kept():
    lead = ("Authorities in the west of the country keep prosecuting people who speak about water "
            "shortages, a rights group said on Friday, calling on prosecutors to drop the case.")
    page = (f"<html><body><main><h1>Farmer fined</h1><div class='lead'>{lead}</div>"
            f"<div class='body'><p>{BODY}</p><p>{BODY} Again.</p></div>"
            f"<div class='after'><p>Subscribe</p></div></main></body></html>")
    assert html_to_text(page) == f"Farmer fined\n\n{lead}\n\n{BODY}\n\n{BODY} Again."


def test_html_box_of_links_is_dropped_but_a_list_of_text_is_kept():
    page = (f"<html><body><article><h1>T</h1><p>{BODY}</p>"
            "<ul><li>Aigul Sarsenova, fined</li><li>Timur Ospan, arrested</li></ul>"
            "<div><b>Read also</b> <a>Journalist Dana Bek detained in Aktau</a></div>"
            "<div><a>Court jails Arman Ali</a> <a>Police beat Erlan Sadyk</a></div>"
            f"<p>{BODY} Again.</p></article></body></html>")
    assert html_to_text(page) == (f"T\n\n{BODY}\n\nAigul Sarsenova, fined\n\nTimur Ospan, arrested\n\n"
                                  f"{BODY} Again.")


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("police detained<br>a farmer in Taraz.", "police detained a farmer in Taraz."),
        ("police detained (on Monday)<br>a farmer.", "police detained (on Monday) a farmer."),
        ("He was fined.<br>he appealed.", "He was fined.\nhe appealed."),
        ("Prosecutor General<br>Office of the Prosecutor", "Prosecutor General\nOffice of the Prosecutor"),
        ("Those detained:<br>three farmers", "Those detained:\nthree farmers"),
    ],
)
def test_html_br_inside_a_sentence_is_a_space(markup, expected):
    assert html_to_text(f"<html><body><p>{markup}</p></body></html>") == expected


def test_html_captions_bylines_and_widgets_are_dropped():
    page = (f"<html><body><article><h1>T</h1><div class='entry-meta'>Posted on 3 May 2023 by Anna Li</div>"
            f"<figure><img src='x.jpg'><figcaption>Farmers in a field near Taraz in May.</figcaption></figure>"
            f"<p>{BODY}</p><section class='widget'><h2>Archive</h2><p>May 2023</p></section></article></body></html>")
    assert html_to_text(page) == f"T\n\n{BODY}"


# ---------------------------------------------------------------------------------------------
# Markdown layout rules

@pytest.mark.parametrize(
    "md, expected",
    [
        ("A *court* fined _the_ farmer.", "A court fined the farmer."),
        ("A ***court*** fined __the__ farmer `twice`.", "A court fined the farmer twice."),
        ("Article 1* and 2* apply to file_name_x.", "Article 1* and 2* apply to file_name_x."),
        ("# Heading\nFirst line of text\nwrapped.", "Heading\n\nFirst line of text wrapped."),
        ("Detained:\n\n- Ainur Bek\n- Timur Ospan,\n  a student\n1. Dana Li", "Detained:\n\nAinur Bek\n\nTimur Ospan, a student\n\nDana Li"),
        ("See [the report](http://x/y_z_1) and ![photo](a_b.jpg) here.", "See the report and here."),
    ],
)
def test_markdown_markup(md, expected):
    assert markdown_to_text(md) == expected


# ---------------------------------------------------------------------------------------------
# PDF layout rules

def _pdf(lines: list[tuple[str, int, float]], gap_after: dict[int, float] | None = None,
         header: str | None = None) -> bytes:
    """Lines placed one by one: (text, font size, line height mm); extra space after some."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(R.FONT))
    pdf.add_page()
    if header:
        pdf.set_font("DejaVu", size=7)
        pdf.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
    for k, (text, size, height) in enumerate(lines):
        pdf.set_font("DejaVu", size=size)
        pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln((gap_after or {}).get(k, 0))
    return bytes(pdf.output())


needs_font = pytest.mark.skipif(not R.FONT.exists(), reason="DejaVu font not installed")


@needs_font
def test_pdf_title_wrapped_in_a_large_font_stays_one_paragraph():
    data = _pdf([("Tajikistan: lawyer jailed after closed trial on charges", 16, 7),
                 ("Nobody Expected", 16, 7),
                 ("The court in Khujand sentenced the lawyer on Monday and his relatives", 10, 5),
                 ("were not allowed into the hall.", 10, 5)], gap_after={1: 4})
    assert pdf_to_text(data) == ("Tajikistan: lawyer jailed after closed trial on charges Nobody Expected\n\n"
                                 "The court in Khujand sentenced the lawyer on Monday and his relatives "
                                 "were not allowed into the hall.")


def test_line_spacing_is_the_smallest_recurring_gap():
    # one- and two-line paragraphs: more paragraph gaps than line gaps
    gaps = [1.4, 2.2, 2.2, 1.4, 2.2, 2.2, 2.2, 1.41, 2.2, 3.5]
    assert _line_spacing(gaps) == 1.4
    assert _line_spacing([]) is None


@needs_font
def test_pdf_short_paragraphs_spaced_apart_stay_apart():
    lines = [("Police detained Aigul Sarsenova in the capital on Monday morning near", 10, 5),
             ("the court.", 10, 5),
             ("Timur Ospan was fined the same day by a district court in Oral.", 10, 5),
             ("Dana Li was questioned for six hours by the investigators.", 10, 5),
             ("Erlan Sadyk was released on bail on the next day.", 10, 5)]
    data = _pdf(lines, gap_after={1: 3, 2: 3, 3: 3})
    assert pdf_to_text(data).split("\n\n") == [
        "Police detained Aigul Sarsenova in the capital on Monday morning near the court.",
        lines[2][0], lines[3][0], lines[4][0]]


@needs_font
def test_pdf_running_header_of_a_one_page_document_is_dropped():
    data = _pdf([("Police detained Aigul Sarsenova in the capital on Monday.", 10, 5)],
                header="Rights Monitor | Bulletin 12")
    assert pdf_to_text(data) == "Police detained Aigul Sarsenova in the capital on Monday."


@needs_font
@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("Police in Oral detain-", "ed the farmer on Monday.", "detained the farmer"),
        ("He spent a week in pre-", "trial detention in Oral.", "pre-trial detention"),
        ("The case was called politically-", "motivated by the lawyers.", "politically-motivated by"),
        ("A 65 year-", "old activist was fined.", "year-old activist"),
        ("She defends human-", "rights of farmers; human rights matter.", "human-rights of"),
        ("The prosecutors requested impri-", "sonment for the activist.", "imprisonment for"),
    ],
)
def test_pdf_line_end_hyphen(first, second, expected):
    data = _pdf([(first, 10, 5), (second, 10, 5)])
    assert expected in pdf_to_text(data)


@needs_font
@pytest.mark.parametrize("pages", [1, 2])
def test_pdf_paragraph_ending_on_a_full_line_is_not_merged_with_the_next(pages):
    """Justified text whose last line happens to fill the column; the next paragraph starts with
    a name after the usual paragraph space (or at the top of the next page)."""
    lines = [("On 12 May a district court in Oral fined the activist Timur Ospan for a post about", 10, 5),
             ("land sales, and the police had detained him at his home two days earlier on Monday.", 10, 5),
             ("Dana Li, his lawyer, said that the court had ignored the evidence of the defence and", 10, 5),
             ("would appeal.", 10, 5)]
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(R.FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for k, (text, _, height) in enumerate(lines):
        if k == 2 and pages == 2:
            pdf.add_page()
        elif k == 2:
            pdf.ln(3)
        pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    paragraphs = pdf_to_text(bytes(pdf.output())).split("\n\n")
    assert [p[:12] for p in paragraphs] == ["On 12 May a ", "Dana Li, his"]


@pytest.mark.skipif(not HAVE_FONTS, reason="DejaVu fonts not installed")
def test_rendered_pdf_has_the_layout_it_claims():
    """The equivalence above is only worth something if the PDF really is hard to read back."""
    from pypdf import PdfReader

    from pipelines.core.text import _page_lines

    paragraphs = _cleaned_txt(INPUTS[0]).split("\n\n")
    reader = PdfReader(io.BytesIO(R.pdf_report(paragraphs)))
    pages = [_page_lines(p) for p in reader.pages]
    assert len(pages) >= 3
    lines = [ln.text for page in pages for ln in page]
    assert sum(1 for t in lines if t.endswith("-")) >= 5  # hyphenated line ends
    assert sum(1 for t in lines if t.startswith("Page ") and " of " in t) == len(pages)
    # at least one page ends inside a sentence
    assert any(not page[-2].text.endswith((".", ":")) for page in pages[:-1])

"""Property tests: the ingest functions never crash on arbitrary text, HTML or bytes, and every
unit's offsets point at its own text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.metadata import read_metadata
from pipelines.core.text import RejectedSource, clean_text, decode_bytes, html_to_text
from pipelines.core.units import segment

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from([
    "Police", "detained", "Mr.", "No.", "Art.", "e.g.", "U.S.", "A.", "24.07.2018", "2.5", "“", "”", '"',
    "«", "»", ".", "!", "?", "…", "Kazakhstan", "from", "July", "to", "September", "2018", "prepared",
    "by", "(IPHR)", "and", "Quick search", "© x/CC BY 2.0/y", "More news", "\n", "\n\n", "\u00a0",
    "\r\n", "\t", "Суд", "оштрафовал", "In", "December", "2019", ":", "-", "\u00ad", "\x00",
])
REPORTISH = st.lists(WORDS, max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=400), REPORTISH)

TAGS = ["p", "div", "span", "br", "script", "style", "article", "main", "nav", "li", "ul", "h1", "h2",
        "iframe", "table", "td", "tr", "a", "em", "svg", "header", "footer", "form", "button", "noscript"]
ATTRS = st.sampled_from(["", " class='cookie-banner'", " id='main'", " hidden", " style='display:none'",
                         " class=\"share\"", " href='data:text/html;base64,AAAA'", " class", " id=\"x'"])


@st.composite
def html_docs(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(TEXT).replace("\x00", ""))
    return "".join(parts)


def check_units(text: str) -> None:
    for unit in segment(text):
        assert text[unit.start:unit.end] == unit.text
        assert unit.text and unit.text == unit.text.strip()
        assert unit.kind in ("heading", "paragraph", "sentence")


@SETTINGS
@given(TEXT)
def test_clean_segment_metadata_never_raise(text):
    cleaned = clean_text(text)
    assert "\n\n\n" not in cleaned and cleaned == cleaned.strip()
    assert clean_text(cleaned) == cleaned  # cleaning is idempotent
    check_units(cleaned)
    check_units(text)
    read_metadata(cleaned, "x.txt")
    read_metadata(text, "")


@SETTINGS
@given(html_docs())
def test_html_to_text_never_raises(doc):
    text = html_to_text(doc)
    cleaned = clean_text(text)
    check_units(cleaned)
    assert "<script" not in text


@SETTINGS
@given(st.one_of(st.binary(max_size=600), TEXT.map(lambda t: t.encode("utf-8")),
                 TEXT.map(lambda t: t.encode("cp1251", errors="ignore")),
                 TEXT.map(lambda t: t.encode("utf-16"))))
def test_decode_bytes_returns_text_or_rejects(data):
    try:
        text, encoding = decode_bytes(data)
    except RejectedSource as exc:
        assert exc.code == "undecodable"
        return
    assert isinstance(text, str) and encoding
    assert "\r" not in text and "\x00" not in text
    check_units(clean_text(text))

"""core.units: headings, paragraphs and sentences with exact offsets into the cleaned text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.text import clean_text, decode_bytes
from pipelines.core.units import segment

SEED = Path(__file__).resolve().parents[1] / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"


def sentences(text: str) -> list[str]:
    return [u.text for u in segment(text) if u.kind == "sentence"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("He was charged under Art. 174 and No. 5 of the list. Then released.",
         ["He was charged under Art. 174 and No. 5 of the list.", "Then released."]),
        ("Officials, e.g. the mayor, spoke. Others left.", ["Officials, e.g. the mayor, spoke.", "Others left."]),
        ("A. Ivanov and B. K. Petrov were fined. The U.S. Embassy reacted.",
         ["A. Ivanov and B. K. Petrov were fined.", "The U.S. Embassy reacted."]),
        ("The fine was 2.5 million tenge on 24.07.2018. It was paid.",
         ["The fine was 2.5 million tenge on 24.07.2018.", "It was paid."]),
        ("She said: “We will go. We will not stop.” Police came.",
         ["She said: “We will go. We will not stop.”", "Police came."]),
        ("The banner read “Freedom now”. Then police came.",
         ["The banner read “Freedom now”.", "Then police came."]),
        ("Is this legal? No! It is not.", ["Is this legal?", "No!", "It is not."]),
        # a title's own question mark, and its translation in parentheses
        ("The host of the channel Kim Bilet? (Who Knows?) Aset Nurov was detained. He denied it.",
         ["The host of the channel Kim Bilet? (Who Knows?) Aset Nurov was detained.", "He denied it."]),
        ("the cut-off end of a paragraph without a period", ["the cut-off end of a paragraph without a period"]),
        ("He arrived at approx. five. Nobody met him.", ["He arrived at approx. five.", "Nobody met him."]),
        ("Суд оштрафовал активиста. Он обжалует решение.", ["Суд оштрафовал активиста.", "Он обжалует решение."]),
    ],
)
def test_sentence_split(text, expected):
    assert sentences(text) == expected


def test_headings_sections_and_offsets():
    text = ("A report title: civic space\n\nThis update covers events. It ends.\n\nPeaceful Assembly\n\n"
            "Police detained two men. They were fined.\n\nDetention of journalists\n\nA reporter was held.")
    units = segment(text)
    for u in units:
        assert text[u.start:u.end] == u.text
    heads = [u.text for u in units if u.kind == "heading"]
    assert heads == ["A report title: civic space", "Peaceful Assembly", "Detention of journalists"]
    by_text = {u.text: u for u in units if u.kind == "sentence"}
    assert by_text["They were fined."].section == "Peaceful Assembly"
    assert by_text["A reporter was held."].section == "Detention of journalists"
    assert by_text["A reporter was held."].paragraph_index == 5
    paragraphs = [u for u in units if u.kind == "paragraph"]
    assert [p.paragraph_index for p in paragraphs] == [1, 3, 5]


@pytest.mark.parametrize("line", ["Sources: Radio Azattyq, Vlast", "The activists rejected the charges.",
                                  "They said:", "— A. Person (@handle) March 15, 2018", "12 345"])
def test_not_headings(line):
    assert segment(f"{line}\nA following paragraph.")[0].kind == "paragraph"
    assert segment("Peaceful Assembly\nA following paragraph.")[0].kind == "heading"


def test_last_line_is_never_a_heading():
    units = segment("Police fined a reporter.\nA text cut off in the midd")
    assert [u.kind for u in units] == ["paragraph", "sentence", "paragraph", "sentence"]


def test_seed_segments_with_sections_and_timing():
    import time

    raw = SEED.read_bytes()
    started = time.perf_counter()
    text = clean_text(decode_bytes(raw)[0])
    units = segment(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert all(text[u.start:u.end] == u.text for u in units)
    heads = [u.text for u in units if u.kind == "heading"]
    assert "Peaceful Assembly" in heads and "Detention of journalists" in heads
    sents = [u for u in units if u.kind == "sentence"]
    assert len(sents) > 80
    assert all(u.section is not None for u in sents)
    # no sentence starts with a lower-case letter (a split after an abbreviation would)
    assert all(not u.text[0].islower() for u in sents)

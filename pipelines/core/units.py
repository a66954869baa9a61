"""Headings, paragraphs and sentences of a cleaned report text, with character offsets.

What belongs here: the segmentation every later stage reads (`segment`). Each non-empty line of
the cleaned text is a paragraph (see core.text.clean_text); a short line without closing
punctuation is a heading and names the section of the sentences below it. Sentences split at
. ! ? followed by a capital, a digit or an opening quote, but not after abbreviations ("Mr.",
"No.", "Art.", "e.g."), initials ("A.", "U.S."), and not inside a quotation that closes later in
the paragraph. Invariant: for every unit, text[unit.start:unit.end] == unit.text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass
class Unit:
    kind: str  # 'heading' | 'paragraph' | 'sentence'
    start: int
    end: int
    text: str
    section: str | None
    paragraph_index: int


# Abbreviations after which a period does not end a sentence (compared case-sensitively
# after stripping the period; lower-case forms listed where they occur in legal citations).
ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Mx Dr Prof Sr Jr St Mt Rev Hon Gen Col Lt Maj Capt Sgt Cpl Adm Gov Sen Rep Pres
    Supt Insp Det Amb Messrs No Nos no nos Art Arts art arts Para para Sec sec Ch ch Vol vol Ed ed
    pp p cf vs Inc Ltd Co Corp Dept Univ Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec approx
    est fig Fig Figs ca incl resp Nr nr Abs abs Pt pt Ave Blvd Rd ul obl Obl reg Reg ст Ст ч п
    г гг им тыс млн млрд""".split()
)
_SPACE = re.compile(r"\s+")
_LAST_TOKEN = re.compile(r"(\S+)$")
_MAX_QUOTE = 2000          # characters: a longer "quotation" is an unclosed mark
_MAX_ABBREVIATION = 40     # characters of the token before a period that can be an abbreviation
_TERMINATOR = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»“"
_HEADING_END = re.compile(r"[.!?;:,][\"'”’»)\]]*$")


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 18 or len(line) > 160:
        return False
    if _HEADING_END.search(line):
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "“\"«'‘"):
        return False
    if re.match(r"(?i)sources?:", line):
        return False
    # a line of figures or a date alone is not a heading
    return sum(ch.isalpha() for ch in line) >= 3


def _quote_spans(par: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within the paragraph (curly or straight)."""
    spans = []
    i = 0
    while i < len(par):
        ch = par[i]
        if ch in _OPEN_QUOTES or ch == '"':
            closer = "»" if ch == "«" else ("“" if ch == "„" else ("”" if ch == "“" else '"'))
            # a quotation longer than _MAX_QUOTE is none: looking no further keeps this linear
            j = par.find(closer, i + 1, i + _MAX_QUOTE + 1)
            if ch == "“" and j < 0:
                j = par.find('"', i + 1, i + _MAX_QUOTE + 1)
            if 0 < j and j - i <= _MAX_QUOTE:
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


def _abbreviation_before(par: str, pos: int) -> bool:
    """True when the period at `pos` closes an abbreviation or an initial."""
    # the token before the period; one longer than _MAX_ABBREVIATION is no abbreviation
    m = _LAST_TOKEN.search(par, max(0, pos - _MAX_ABBREVIATION - 1), pos)
    if m and m.start() == max(0, pos - _MAX_ABBREVIATION - 1) and m.start() > 0 and not par[m.start() - 1].isspace():
        return False
    if not m:
        return False
    token = m.group(1).lstrip("([\"'“‘«")
    if not token:
        return False
    if token in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "A. Smith"
    parts = token.split(".")
    # "U.S", "e.g", "i.e", "a.m", "J.R": letters separated by periods
    return len(parts) > 1 and all(1 <= len(p) <= 2 and p.isalpha() for p in parts)


def _closes_quoted_name(par: str, m: re.Match, quotes: list[tuple[int, int]]) -> bool:
    """"the opposition party “Alga, Kazakhstan!” Aset Abishev ...": an exclamation or question mark
    that closes a short quoted name told in running prose (the word before the quote is lower
    case) ends the name, not the sentence."""
    if m.group(0)[:1] not in "!?":
        return False
    for a, b in quotes:
        if a < m.start() < b and b <= m.end() and b - a <= 40:
            before = par[:a].split()
            return bool(before) and before[-1][:1].islower()
    return False


def _in_titled_name(par: str, m: re.Match, nxt: int) -> bool:
    """"whose Ne Deidi? (What Do They Say?) YouTube channel": a question or exclamation mark
    before a parenthesis (a title and its translation), or closing a short parenthesis, is the
    title's own, not the sentence's end."""
    if m.group(0)[:1] not in "!?":
        return False
    if m.group(0) in ("!", "?") and par.startswith("(", nxt):
        return True
    return m.group(0).endswith(")") and par.rfind("(", max(0, m.start() - 40), m.start()) >= 0


def _sentence_spans(par: str) -> list[tuple[int, int]]:
    quotes = _quote_spans(par)  # in order and disjoint
    quote_starts = [a for a, _ in quotes]

    def inside_quote(pos: int) -> bool:
        i = bisect.bisect_left(quote_starts, pos) - 1
        return i >= 0 and pos < quotes[i][1]

    spans = []
    start = 0
    for m in _TERMINATOR.finditer(par):
        end = m.end()
        ws = _SPACE.match(par, end)  # matched in place: slicing off the rest was quadratic
        if not ws:
            continue
        nxt = par[ws.end():ws.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "“\"«‘'(["):
            continue
        if inside_quote(m.start()) and inside_quote(end - 1):
            continue
        if _closes_quoted_name(par, m, quotes) or _in_titled_name(par, m, ws.end()):
            continue
        if m.group(0).startswith(".") and len(m.group(0).rstrip("\"'”’»)]")) == 1:
            if _abbreviation_before(par, m.start()):
                continue
        spans.append((start, end))
        start = ws.end()
    if start < len(par):
        tail = par[start:].rstrip()
        if tail.strip():
            spans.append((start, start + len(tail)))
    return spans


def segment(text: str) -> list[Unit]:
    """Headings, paragraphs and sentences of `text`, in order, with offsets into `text`.

    Each non-blank line is a paragraph (paragraph_index counts them, headings included). A heading
    line yields one 'heading' unit and is the section of itself and of what follows; any other line yields
    a 'paragraph' unit followed by its 'sentence' units. Surrounding whitespace is never part of
    a unit.
    """
    units: list[Unit] = []
    section: str | None = None
    index = 0
    lines, offset = [], 0
    for raw in text.split("\n"):  # (a regex for non-blank lines backtracked over long blank ones)
        if raw.strip():
            lines.append((offset, raw))
        offset += len(raw) + 1
    for pos, (line_start, raw) in enumerate(lines):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        start = line_start + lead
        end = start + len(body)
        # a heading heads something: the last line of a text is never one
        if pos < len(lines) - 1 and _is_heading(body):
            section = body
            units.append(Unit("heading", start, end, body, section, index))
        else:
            units.append(Unit("paragraph", start, end, body, section, index))
            for a, b in _sentence_spans(body):
                piece = body[a:b]
                strip_lead = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                if piece:
                    s = start + a + strip_lead
                    units.append(Unit("sentence", s, s + len(piece), piece, section, index))
        index += 1
    return units

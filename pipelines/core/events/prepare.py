"""Each sentence of a report, ready for the rules: its parse, and the persons, dates, places,
articles, money and lengths of time found in it, each tied to the token that heads it.

Belongs here: quotation spans (nothing quoted is the report's own narration: a quote is a
statement or a charge label), the mapping of character mentions (core.names, core.places,
core.legal, events.timeline) onto parse tokens, and the choice of the sentences to parse (those
with a word that may inflect a trigger), and the cut of a sentence that never ends (over
LONG_SENTENCE_CHARS: a digest or a list whose full stops are missing) into pieces read as
sentences, so that every step comparing the items of one sentence stays bounded and the time
of such a text grows linearly; and the text the parser reads (`parser_text`: the same length as
the sentence, with the punctuation of a quoted name and the prefix of "re-arrested" blanked,
which spaCy mis-tokenises). Nothing here decides what is an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from spacy.tokens import Token

from pipelines.core import legal as _legal
from pipelines.core.places import PlaceMention
from pipelines.core.events.parse import MAX_CHUNK_CHARS, Candidates, Chunk, Parser, split_long
from pipelines.core.events.timeline import Dated, Timeline
from pipelines.core.units import ABBREVIATIONS

# Three parse chunks: real sentences are far shorter (a long one is 600 characters)
LONG_SENTENCE_CHARS = 3 * MAX_CHUNK_CHARS
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}


# A quoted name is at most this long: “Alga, Kazakhstan!”, “Ayt Ayt Dese” (longer quotes are speech)
QUOTED_NAME_CHARS = 60
TITLE_WORDS = 10  # a quoted title, not a quoted sentence: its marks are blanked for the parser
_NAME_STOPS = str.maketrans({c: " " for c in ",.!?;:"})
_RE_PREFIX = re.compile(r"(?<![\w-])[Rr]e-(?=[a-z]{4,}(?:ed|ing)\b)")
# an abbreviation's period inside a sentence ("approx. 4,000 people were detained"): spaCy ends
# its sentence there and the clause after it loses its head
# (lower-case ones only: "No. 2", "Art. 174" and titles parse well with their period, and the
# blank makes a space token that ends the parser's sentence there)
_MID_SENTENCE = sorted((a for a in ABBREVIATIONS if a.islower() and a not in ("no", "nos", "art", "arts", "p", "pp")),
                       key=len, reverse=True)
_ABBREVIATION_STOP = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _MID_SENTENCE)) + r")\.(?=\s+\S)")


# "On 7 May 2021 around 20 activists held a rally": with no comma after its date, spaCy's small
# model reads the subject into the date's phrase ("On ... activists") and the verb loses it; the
# same sentence without its "On" parses (11 of 14 such sentences right against 7 of 14)
# (before May only with its year: without "On", "6 May his detention was extended" reads "May" as
# a modal verb, "5 May 2021 his detention ..." does not)
_ON_DATE = re.compile(r"^\s*On(?=\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:(?!May\b)[A-Z][a-z]+(?:\s+\d{4})?|May\s+\d{4})|"
                      r"(?!May\b)[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s+\d{4})?)\s+[^\s,\d])")


def parser_text(piece: str) -> str:
    """The piece as the parser reads it, of the same length so that every offset into the piece
    still holds:
      - the punctuation inside a short quoted name turned into spaces ("arrested activist of the
        party “Alga, Kazakhstan!” Aset Abishev": the '!' ended spaCy's sentence and lost the object);
      - the period of an abbreviation inside the sentence blanked ("approx. 4,000 people were
        detained": spaCy ended its sentence at the period; core.units keeps the list);
      - a sentence's opening "On" before a date with no comma after it blanked ("On 7 May 2021
        around 20 activists held a rally": the parser took the subject into the date's phrase);
      - the prefix "re-" of a verb blanked ("was re-arrested" is tokenised 're - arrested' and
        parsed as nothing; "was    arrested" is the arrest it tells);
      - the marks of a quoted title blanked (the Law "On Mass Media", signed by the President on
        ...: with the marks the parser hung "signed" on the verb before the quotation). The
        quotation guard reads its spans from the text, not from this."""
    out = list(_ABBREVIATION_STOP.sub(lambda m: m.group(1) + " ",
                                      _RE_PREFIX.sub(lambda m: " " * len(m.group()), piece)))
    on = _ON_DATE.match(piece)
    if on is not None:
        out[on.end() - 2:on.end()] = "  "
    for a, b in quote_spans(piece, 0, len(piece)):
        inner = piece[a + 1:b - 1]
        if 0 < len(inner) <= QUOTED_NAME_CHARS and piece[b - 1:b] in "”»\"’" and _name_like(inner):
            out[a + 1:b - 1] = inner.translate(_NAME_STOPS)
        if 0 < len(inner) <= QUOTED_NAME_CHARS and piece[b - 1:b] in "”»\"" and inner[:1].isupper() and \
                inner.rstrip()[-1:] not in ".!?,;:" and len(inner.split()) <= TITLE_WORDS:
            out[a] = out[b - 1] = " "  # the marks of a title ("the Law “On Mass Media”, signed ...")
    return "".join(out)


_CONNECTORS = {"of", "and", "the", "for", "in", "on", "de", "al", "to"}


def _name_like(inner: str) -> bool:
    """Every word capitalised but the connectors of names ("Democratic Choice of Kazakhstan"); a
    quoted sentence ("We will not stop.") is speech, left as it is."""
    words = [w for w in inner.translate(_NAME_STOPS).split() if w[:1].isalpha()]
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w in _CONNECTORS for w in words)


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks (“…”, «…», "…", ‘…’) within text[start:end]; an opening mark
    never closed in the span quotes the rest of it (a paragraph-long quotation). A ’ followed by a
    letter is an apostrophe ("Kazakhstan’s"), not the closing mark of ‘…’."""
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "‘" and not (i > start and text[i - 1].isalnum()):
            j = i + 1
            while True:
                j = text.find("’", j, end)
                if j < 0 or j + 1 >= end or not text[j + 1].isalpha():
                    break
                j += 1
            if j > 0:
                spans.append((i, j + 1))
                i = j + 1
                continue
            i += 1
            continue
        close = _QUOTE_PAIRS.get(ch)
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1, end)
        if j < 0:
            if ch in "“«":
                spans.append((i, end))
            break
        spans.append((i, j + 1))
        i = j + 1
    return spans


@dataclass
class Anchored:
    """A mention of the text tied to the token that heads it in a parsed chunk."""

    item: Any  # PersonMention | Dated | PlaceMention | Article | Money | Duration
    start: int
    end: int
    chunk: int
    head: Token
    tokens: list[Token]


@dataclass
class Sentence:
    unit: Any
    index: int  # position in the report's sentence list
    chunks: list[Chunk]
    persons: list[Anchored] = field(default_factory=list)
    dates: list[Anchored] = field(default_factory=list)
    places: list[Anchored] = field(default_factory=list)
    articles: list[Any] = field(default_factory=list)
    money: list[Any] = field(default_factory=list)
    durations: list[Any] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    unparsed_dates: list[Dated] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.unit.start

    @property
    def end(self) -> int:
        return self.unit.end

    @property
    def paragraph(self) -> int:
        return self.unit.paragraph_index

    def quoted(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    def scare_quoted(self, pos: int, length: int) -> bool:
        """The word at pos is alone in quotation marks (the inspector "warned" me): the report's
        own narration keeping its distance from a word, not someone's speech."""
        return any(a == pos - 1 and b == pos + length + 1 for a, b in self.quotes)

    def offset(self, chunk: int, token: Token) -> int:
        return self.chunks[chunk].offset(token)


def _head_of(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def anchor(chunks: list[Chunk], item: Any, start: int, end: int) -> Anchored | None:
    """The mention text[start:end] as tokens of the chunk that holds it (spaCy's own char_span,
    so that the cost does not grow with the chunk)."""
    for ci, chunk in enumerate(chunks):
        if chunk.start <= start < chunk.end:
            span = chunk.doc.char_span(start - chunk.start, min(end, chunk.end) - chunk.start,
                                       alignment_mode="expand")
            toks = list(span) if span is not None else []
            if toks:
                return Anchored(item, start, end, ci, _head_of(toks), toks)
    return None


def sentences(text: str, units: Sequence[Any], persons: Sequence[Any], timeline: Timeline,
              gazetteer: Any, parser: Parser, candidate: Candidates,
              capital: tuple[Any, frozenset[str]] | None = None) -> list[Sentence]:
    """Every sentence of the report; those with a candidate trigger word are parsed. `capital`
    is the report country's capital (a core.places.Place) and the adjectives naming that country,
    for "the capital" told without its name."""
    units = sorted((piece for u in units if u.kind == "sentence" for piece in _bounded(text, u)),
                   key=lambda u: u.start)
    pieces: list[tuple[int, int, str]] = []
    wanted: list[int] = []
    first_of_paragraph = {}
    for i, u in enumerate(units):
        first_of_paragraph.setdefault(u.paragraph_index, i)
    for i, u in enumerate(units):
        # a paragraph's first sentence that names a place is parsed even without a trigger: it may
        # set the story's place ("On 18 September 2018 in Almaty, a delegation ...")
        if candidate(u.text) or (first_of_paragraph[u.paragraph_index] == i and
                                 gazetteer.find(text, u.start, u.end)):
            wanted.append(i)
            pieces += [(i, a, text[a:b]) for a, b in split_long(text, u.start, u.end)]
    docs = parser.parse([parser_text(p[2]) for p in pieces])
    chunks_of: dict[int, list[Chunk]] = {}
    for (i, a, _), doc in zip(pieces, docs, strict=True):
        chunks_of.setdefault(i, []).append(Chunk(a, doc))
    by_start = sorted(persons, key=lambda p: p.start)
    out = []
    for i, u in enumerate(units):
        s = Sentence(u, i, chunks_of.get(i, []), quotes=quote_spans(text, u.start, u.end))
        if s.chunks:
            _fill(s, text, by_start, timeline, gazetteer, capital)
        else:
            s.unparsed_dates = timeline.within(u.start, u.end)
        out.append(s)
    return out


def _bounded(text: str, unit: Any) -> list[Any]:
    """The unit, or the pieces of a sentence longer than LONG_SENTENCE_CHARS cut at clause
    punctuation ('; ', ': ', ', ')."""
    if unit.end - unit.start <= LONG_SENTENCE_CHARS:
        return [unit]
    return [replace(unit, start=a, end=b, text=text[a:b])
            for a, b in split_long(text, unit.start, unit.end, LONG_SENTENCE_CHARS)]


# "the capital", "the Kyrgyz capital", "the country's capital", not "the capital of X" nor "the
# capital, X" (which names it)
_CAPITAL = re.compile(r"\b[Tt]he\s+(?:(\S+)\s+)?capital\b(?!\s+(?:of|city\s+of)\b|,\s*[A-Z]|\s+[A-Z])")


def capital_mentions(text: str, start: int, end: int, capital: tuple[Any, frozenset[str]] | None) -> list[Any]:
    """Mentions of the report country's capital told as "the capital" in text[start:end]."""
    if capital is None:
        return []
    place, adjectives = capital
    return [PlaceMention(m.start(), m.end(), m.group(), place, False, True)
            for m in _CAPITAL.finditer(text, start, end)
            if m.group(1) is None or m.group(1).lower() in adjectives]


def _fill(s: Sentence, text: str, persons: Sequence[Any], timeline: Timeline, gazetteer: Any,
          capital: tuple[Any, frozenset[str]] | None = None) -> None:
    for p in persons:
        if p.start >= s.end:
            break
        if p.start >= s.start and (a := anchor(s.chunks, p, p.start, p.end)):
            s.persons.append(a)
    for d in timeline.within(s.start, s.end):
        if a := anchor(s.chunks, d, d.start, d.end):
            s.dates.append(a)
    for pm in sorted([*gazetteer.find(text, s.start, s.end), *capital_mentions(text, s.start, s.end, capital)],
                     key=lambda pm: pm.start):
        if a := anchor(s.chunks, pm, pm.start, pm.end):
            s.places.append(a)
    # articles, money and lengths of time per chunk: their finders look back within their input
    for chunk in s.chunks:
        piece = text[chunk.start:chunk.end]
        shift = lambda xs, at=chunk.start: [type(x)(**{**x.__dict__, "start": x.start + at,  # noqa: E731
                                                      "end": x.end + at}) for x in xs]
        s.articles += shift(_legal.find_articles(piece))
        s.money += shift(_legal.find_money(piece))
        s.durations += shift(_legal.find_durations(piece))

"""Legal details in report text: articles of codes, amounts of money, lengths of time.

Belongs here: recognising "Part 2 of Article 174 of the Criminal Code" (-> CC-174; parts and
paragraphs are dropped, sub-numbers kept: "Article 460-1" -> AC-460-1), "a fine of
42 087 KZT (around 100 EUR)" (-> 42087 KZT, and 100 EUR flagged approx and in parentheses),
"two and a half years" (-> 912 days). Which article, amount or length is the penalty of
which incident is the extractor's business.

Article codes: CC = Criminal Code, AC = Code of Administrative Offences (Administrative
Code), LC = Labour Code, CPC = Criminal Procedure Code, CIV = Civil Code, CONST =
Constitution. An article whose code the text does not name is CC when its sentence speaks of a
criminal matter (criminal, charged, case, accused, convicted, prosecuted, investigation), AC
when it speaks of an administrative offence, else "ART-<n>".

Money: ISO 4217 codes (KZT, KGS, TJS, UZS, TMT, RUB, USD, EUR, GBP); Kazakhstan's monthly
calculation index, in which fines are set by law, is kept as its own unit "MCI" rather than
converted (its tenge value changes every year).

Durations: 1 year = 365 days, 1 month = 30, 1 week = 7; halves are rounded down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Article:
    start: int
    end: int
    code: str  # "CC-274", "AC-488", "ART-174"


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    amount: Decimal
    currency: str
    approx: bool = False
    in_parentheses: bool = False


@dataclass(frozen=True)
class Duration:
    start: int
    end: int
    days: int
    unit: str  # 'day' | 'week' | 'month' | 'year'
    approx: bool = False


# ---- articles ---------------------------------------------------------------------------
_CODES = (
    (r"criminal[\s\-]+procedur(?:e|al)\s+code|code\s+of\s+criminal\s+procedure", "CPC"),
    (r"criminal\s+code|penal\s+code|code\s+on\s+criminal|\bCC\b", "CC"),
    # Kyrgyzstan's "Code of Offences" (2019) holds the administrative offences
    (r"(?:code\s+(?:of|on)\s+)?administrative\s+(?:offen[cs]es?|violations?)(?:\s+code)?|"
     r"administrative\s+code|code\s+(?:of|on)\s+(?:offen[cs]es|violations)|\bCAO\b|\bAOC\b", "AC"),
    (r"labou?r\s+code", "LC"),
    (r"civil\s+code", "CIV"),
    (r"constitution", "CONST"),
)
_CODE_RE = [(re.compile(p, re.I), c) for p, c in _CODES]
_CODE_NAME = (r"(?:criminal[\s\-]+procedur(?:e|al)\s+code|code\s+of\s+criminal\s+procedure|"
              r"criminal\s+code|penal\s+code|code\s+of\s+administrative\s+(?:offen[cs]es|"
              r"violations)|code\s+on\s+administrative\s+(?:offen[cs]es|violations)|"
              r"administrative\s+(?:offen[cs]es\s+)?code|code\s+(?:of|on)\s+(?:offen[cs]es|violations)|"
              r"labou?r\s+code|civil\s+code|"
              r"constitution|CC|CAO)")
_ART_NUM = r"\d{1,4}(?:[.\-]\d{1,3})*(?:-\d)?"
_ARTICLES = re.compile(
    rf"\b(?:(?:[Pp]art|[Pp]aragraph|[Cc]lause|[Ss]ection|[Ii]tem)s?\s+\d+(?:\s*\(\d+\))?"
    rf"(?:\s*(?:,|and)\s*\d+)*\s+(?:of\s+)?)?(?:[Aa]rticles?|[Aa]rts?\.?)\s+"
    rf"(?P<list>{_ART_NUM}(?:\s*(?:,|and|or|&)\s*(?:[Aa]rticles?\s+)?{_ART_NUM})*)")
_ONE_NUM = re.compile(r"(?<![\d.])(?P<n>\d{1,4}(?:[.\-]\d{1,3})*)")
_CODE_AFTER = re.compile(
    rf"^(?:\s*\([^()]{{0,80}}\))?\s*,?\s*(?:of|under|in)?\s*(?:the\s+)?(?:[A-Z][a-z]+(?:’s|'s)?"
    rf"\s+)?(?:Republic\s+of\s+Kazakhstan(?:’s|'s)?\s+)?(?P<code>{_CODE_NAME})", re.I)
_CODE_BEFORE = re.compile(rf"(?P<code>{_CODE_NAME})(?:’s|'s)?\s*,?\s*$", re.I)
_CRIMINAL_CONTEXT = re.compile(
    r"\b(?:criminal|charged?|charges|case|accused|convicted|prosecut\w*|indict\w*|"
    r"investigat\w*|suspect|sentenced\s+to\s+\S+\s+years?|prison|imprisonment)\b", re.I)
_ADMIN_CONTEXT = re.compile(r"\badministrative(?:ly)?\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"(])|\n")


def _code_of(name: str) -> str:
    for rx, code in _CODE_RE:
        if rx.search(name):
            return code
    return "ART"


# How far either side of an article its sentence is read for the code's context words: a
# sentence that never ends must not make every article read all of it (quadratic time)
_REACH = 600


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(0, pos - _REACH)
    for m in _SENTENCE_END.finditer(text, start, pos):
        start = m.end()
    stop = min(len(text), pos + _REACH)
    m = _SENTENCE_END.search(text, pos, stop)
    return start, (m.end() if m else stop)


def _article_code(text: str, list_start: int, list_end: int) -> str:
    s_start, s_end = _sentence_bounds(text, list_start)
    after = _CODE_AFTER.match(text[list_end:min(len(text), list_end + 160)])
    if after:
        return _code_of(after["code"])
    prefix = re.sub(r"(?:\s*(?:under|of|in)\s*)?(?:the\s*)?(?:[Aa]rticles?|[Aa]rts?\.?)?\s*$",
                    "", text[max(s_start, list_start - 80):list_start])
    before = _CODE_BEFORE.search(prefix)
    if before:
        return _code_of(before["code"])
    sentence = text[s_start:s_end]
    if _ADMIN_CONTEXT.search(sentence) and not re.search(r"\bcriminal\b", sentence, re.I):
        return "AC"
    if _CRIMINAL_CONTEXT.search(sentence):
        return "CC"
    return "ART"


def find_articles(text: str) -> list[Article]:
    """Every article number cited, one row each, with its normalised code."""
    out: list[Article] = []
    for m in _ARTICLES.finditer(text):
        code = _article_code(text, m.start("list"), m.end("list"))
        for n in _ONE_NUM.finditer(text, m.start("list"), m.end("list")):
            # The first number's span starts at "Part 2 of Article"; the others at the number.
            start = m.start() if n.start() == m.start("list") else n.start()
            # An article keeps its sub-numbers ("460-1", "137.1" -> 460-1, 137-1): CODEBOOK.md.
            number = "-".join(str(int(part)) for part in re.split(r"[.\-]", n["n"]))
            out.append(Article(start, n.end(), f"{code}-{number}"))
    return out


# ---- money ------------------------------------------------------------------------------
_CURRENCY_AFTER = (
    (r"(?:Kazakh(?:stani)?\s+)?tenge|KZT|₸", "KZT"),
    (r"(?:Kyrgyz\s+)?soms?|KGS", "KGS"),
    (r"(?:Tajik\s+)?somoni|TJS", "TJS"),
    (r"(?:Uzbek\s+)?(?:sum|soums?|so'm|so‘m)|UZS", "UZS"),
    (r"(?:Turkmen\s+)?manats?|TMT", "TMT"),
    (r"(?:Russian\s+)?(?:roubles?|rubles?)|RUB", "RUB"),
    (r"(?:US\s+|U\.S\.\s+|American\s+)?dollars?|USD|US\$", "USD"),
    (r"euros?|EUR|€", "EUR"),
    (r"(?:British\s+)?pounds?(?:\s+sterling)?|GBP", "GBP"),
    (r"MCIs?|MRPs?|monthly\s+calculat(?:ion|ed)\s+ind(?:ex|ices|icators?)", "MCI"),
)
_CURRENCY_BEFORE = ((r"US\$|\$|USD", "USD"), (r"€|EUR", "EUR"), (r"£|GBP", "GBP"),
                    (r"₸|KZT", "KZT"), (r"RUB", "RUB"), (r"KGS", "KGS"))
_AFTER_ALT = "|".join(f"(?:{p})" for p, _ in _CURRENCY_AFTER)
_BEFORE_ALT = "|".join(f"(?:{p})" for p, _ in _CURRENCY_BEFORE)
_NUMBER = (r"\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?")
_MULT = r"(?P<mult>thousand|million|billion|mln|bn|m|k)\b"
_MONEY_AFTER = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUMBER})(?:\s*{_MULT})?\s*(?P<cur>{_AFTER_ALT})(?![\w])")
_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{_BEFORE_ALT})\s?(?P<num>{_NUMBER})(?:\s*{_MULT})?(?![\d])")
_MULTIPLIERS = {"thousand": 1000, "k": 1000, "million": 10**6, "mln": 10**6, "m": 10**6,
                "billion": 10**9, "bn": 10**9}
_APPROX_BEFORE = re.compile(
    r"(?:approximately|approx\.?|about|around|some|nearly|almost|roughly|circa|ca\.|~|"
    r"over|more\s+than|up\s+to|at\s+least|less\s+than|under|an\s+estimated|equivalent\s+of|"
    r"equivalent\s+to)\s*$", re.I)


def _currency(surface: str, table: tuple[tuple[str, str], ...]) -> str:
    for pattern, code in table:
        if re.fullmatch(pattern, surface, re.I):
            return code
    return surface.upper()


def _amount(num: str, mult: str | None) -> Decimal:
    digits = re.sub(r"[ \u00a0\u202f]", "", num)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    value = Decimal(digits)
    if mult:
        value *= _MULTIPLIERS[mult.lower()]
    return value.normalize() if value == value.to_integral() else value


def _in_parentheses(text: str, start: int, end: int) -> bool:
    opened = text.rfind("(", max(0, start - 80), start)
    if opened < 0 or ")" in text[opened:start]:
        return False
    closed = text.find(")", end, end + 80)
    return closed >= 0 and "(" not in text[end:closed]


def _money(text: str, m: re.Match, cur: str) -> Money:
    amount = _amount(m["num"], m["mult"])
    if amount == amount.to_integral():
        amount = amount.quantize(Decimal(1))
    before = text[max(0, m.start() - 30):m.start()]
    approx = bool(_APPROX_BEFORE.search(before))
    return Money(m.start(), m.end(), amount, cur, approx, _in_parentheses(text, m.start(), m.end()))


def find_money(text: str) -> list[Money]:
    """Amounts with a currency, in text order; years and article numbers never match."""
    found: dict[tuple[int, int], Money] = {}
    for m in _MONEY_AFTER.finditer(text):
        if m["mult"] == "m" and not re.match(r"\s", text[m.end("mult"):m.end("mult") + 1] or " "):
            continue
        found[(m.start(), m.end())] = _money(text, m, _currency(m["cur"], _CURRENCY_AFTER))
    for m in _MONEY_BEFORE.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in found):
            continue
        found[(m.start(), m.end())] = _money(text, m, _currency(m["cur"], _CURRENCY_BEFORE))
    return [found[k] for k in sorted(found)]


# ---- durations --------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
    "a": 1, "an": 1,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUM_WORD = (r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
             r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
             r"forty|fifty|sixty|ninety|an?")
_UNIT = r"(?P<unit>years?|months?|weeks?|days?)"
_DURATION = re.compile(
    rf"(?<![\w\-.,])(?:(?P<half_a>half[\s\-]an?)|(?P<n>{_NUM_WORD})(?P<point>\.5)?(?P<half>[\s\-]+and[\s\-]+"
    rf"(?:a[\s\-]+)?half)?)[ \t\u00a0\-]+{_UNIT}(?P<half_after>\s+and\s+a\s+half)?(?![\w])", re.I)
_DURATION_LIST = re.compile(
    rf"(?<![\w\-.,])(?P<n>{_NUM_WORD})(?P<more>(?:\s*,\s*(?:{_NUM_WORD}))*\s*,?\s+(?:and|or)\s+"
    rf"(?:{_NUM_WORD}))[ \t\u00a0]+{_UNIT}(?![\w])", re.I)
_NOT_DURATION_AFTER = re.compile(r"[\s\-]*(?:old\b|ago\b|later\b|earlier\b)", re.I)
# "in the last two days", "over the past three weeks": when something happened, not a term
_NOT_DURATION_BEFORE = re.compile(r"\b(?:last|past|previous|recent|next|coming|following)\s+$", re.I)
# "just five days after he was sentenced to six years": how long after, not a term ("sentenced
# to 15 days after a closed trial" keeps its term: a penalty's preposition comes before it)
_COUNTED_FROM = re.compile(r"\s+(?:after|before)\b", re.I)
_PENALTY_BEFORE = re.compile(r"\b(?:to|for|of|with|serve[sd]?|serving|gets?|got|given|received?)\s+(?:another\s+|a\s+further\s+)?$", re.I)
_A_NEEDS_BEFORE = re.compile(
    r"(?:for|to|of|than|nearly|almost|about|over|another|up\s+to|at\s+least|within)\s+$", re.I)


def _not_a_term(text: str, m: re.Match) -> bool:
    """An age ("43-year-old"), a time back ("five years ago"), a span of when ("in the last two
    days") or a count from another event ("five days after he was sentenced"): no length of a term."""
    if _NOT_DURATION_AFTER.match(text, m.end()) or _NOT_DURATION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return True
    return bool(_COUNTED_FROM.match(text, m.end())) and not _PENALTY_BEFORE.search(text, max(0, m.start() - 24), m.start())


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_NUMBERS[word.lower()]


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


def _duration(text: str, start: int, end: int, n: float, unit: str) -> Duration:
    before = text[max(0, start - 30):start]
    approx = bool(_APPROX_BEFORE.search(before))
    return Duration(start, end, int(n * _UNIT_DAYS[unit]), unit, approx)


def find_durations(text: str) -> list[Duration]:
    """Lengths of time ("three years", "15 days", "16-year prison term"), not ages."""
    out: dict[int, Duration] = {}
    for m in _DURATION_LIST.finditer(text):
        if _not_a_term(text, m):
            continue
        unit = _unit(m["unit"])
        numbers = list(re.finditer(rf"\b(?:{_NUM_WORD})\b", m.group(), re.I))
        for i, x in enumerate(numbers):
            s = m.start() + x.start()
            e = m.end() if i == len(numbers) - 1 else m.start() + x.end()
            out[s] = _duration(text, s, e, _number(x.group()), unit)
    covered = [(d.start, d.end) for d in out.values()]
    for m in _DURATION.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        if _not_a_term(text, m):
            continue
        unit = _unit(m["unit"])
        if m["half_a"]:
            n = 0.5
        else:
            word = m["n"]
            if word.lower() in ("a", "an") and not m["half_after"] and not _A_NEEDS_BEFORE.search(
                    text[max(0, m.start() - 20):m.start()]):
                continue
            # "two and a half years", "one and half years", "10.5 years"
            n = _number(word) + (0.5 if m["half"] or m["half_after"] or m["point"] else 0)
        if n > 0:
            out[m.start()] = _duration(text, m.start(), m.end(), n, unit)
    return [out[k] for k in sorted(out)]

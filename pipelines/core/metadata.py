"""Report-level metadata read from the cleaned text: title, publisher, country, reporting period.

What belongs here: `read_metadata`, which looks at the opening of a report, where updates say
what they cover ("This update covers developments ... in Kazakhstan from July to September
2018. It was prepared by X (XX) and Y (YY) ..."). A sidecar's values override these (the caller
does that). Everything is optional: a value the text does not state is None, never a guess from
the first date that happens to appear.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from pipelines.core.units import _is_heading


@dataclass
class ReportMeta:
    title: str | None
    publisher: str | None
    country: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    # the day the file was saved (its sidecar's `retrieved`): the latest a report can tell of, and
    # the year of its dates when the text states none
    retrieved: dt.date | None = None
    # the year of a text that states none and has no `retrieved` of its own: the newest retrieval
    # year of the build's sources (ExtractionSettings.assumed_year when none has one); its dates
    # keep day and month and say in their basis that the year is assumed
    assumed_year: int | None = None


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_D = r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?"
_RANGE = re.compile(
    rf"\b(?:from|between)\s+{_D}{_M}(?:\s+(\d{{4}}))?\s+(?:to|until|till|through|and|-|–|—)\s+{_D}{_M},?\s+(\d{{4}})",
    re.I,
)
_DASH_RANGE = re.compile(rf"\b{_M}\s*(?:-|–|—|to)\s*{_M},?\s+(\d{{4}})", re.I)
_ONE_MONTH = re.compile(rf"\b{_M},?\s+(\d{{4}})\b", re.I)
_ONE_YEAR = re.compile(r"\b(?:in|during|for)\s+((?:19|20)\d{2})\b(?!\s*[-–])")
# "covers" only with the report as its subject (or opening the sentence): a reporter "covering
# the unrest" in January 2022 is background, not the period of the update.
_PERIOD_CUE = re.compile(
    r"(?i)(?:\b(?:update|report|briefing|overview|review|digest|bulletin|it)\b[^.]{0,40}?\b(?:covers|covering|covered)\b|"
    r"^\W*(?:covers|covering)\b|"
    r"\b(?:update on|updates? (?:from|for)|reporting period|the period|period from|this (?:update|report|briefing|overview)|"
    r"monthly report)\b|(?<!while covering )(?<!after covering )\bdevelopments\b)"
)

COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "KZ": ("Kazakhstan", "Qazaqstan", "Kazakh", "Kazakhstani"),
    "KG": ("Kyrgyzstan", "Kyrgyz Republic", "Kirghizia", "Kyrgyz", "Kyrgyzstani"),
    "TJ": ("Tajikistan", "Tajik", "Tajikistani"),
    "UZ": ("Uzbekistan", "Uzbek", "Uzbekistani"),
    "TM": ("Turkmenistan", "Turkmen"),
    "RU": ("Russian Federation", "Russia", "Russian"),
    "BY": ("Belarus", "Belarusian", "Belarusan"),
    "AZ": ("Azerbaijan", "Azerbaijani"),
    "AM": ("Armenia", "Armenian"),
    "GE": ("Georgia", "Georgian"),
    "MN": ("Mongolia", "Mongolian"),
    "CN": ("China", "Chinese", "People's Republic of China"),
}
# the countries whose civic space the dataset reports on (the first five of COUNTRY_WORDS)
MONITORED = ("KZ", "KG", "TJ", "UZ", "TM")
_COUNTRY_RE = {
    code: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for code, words in COUNTRY_WORDS.items()
}
_COUNTRY_NAME_RE = {code: re.compile(rf"\b{re.escape(words[0])}\b") for code, words in COUNTRY_WORDS.items()}

_ORG_WORD = re.compile(
    r"\b(?:Watch|Committee|International|Amnesty|Foundation|Partnership|Bureau|Federation|Association|"
    r"Centre|Center|Union|Organi[sz]ation|Network|Institute|Coalition|Project|Freedom House|Reporters|"
    r"Monitor|Helsinki|Rights|Council|Society|Agency|Office)\b"
)
_PREPARED = [
    re.compile(r"(?i)\bprepared\s+(?:it\s+|this (?:update|report)\s+)?(?:[^.]{0,60}?\s)?by\s+(?P<orgs>[^;]{3,400}?)(?:[.;](?:\s|$)|$)"),
    re.compile(r"(?P<orgs>(?:the\s+)?[A-Z][^.;]{3,300}?)\s+(?:have|has|had|jointly)\s+(?:jointly\s+)?prepared\s+(?:it|this)\b"),
    re.compile(r"(?P<orgs>(?:the\s+)?[A-Z][^.;]{3,300}?)\s+prepared\s+(?:it|this (?:update|report))\b"),
]
# Where the list of authors ends in a "prepared by ..." clause.
_ORGS_END = re.compile(
    r"\s+(?:for the|for CIVICUS|based on|on the basis|as part|in (?:cooperation|partnership|the framework)|"
    r"within|with the support|thanks to)\b"
)
_SAID_TODAY = re.compile(
    r"((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|of|for|to|and|the|on)){0,8})\s+said\s+(?:today|in a statement)"
)


def _month_last(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int | None, last: bool) -> dt.date | None:
    try:
        if day:
            return dt.date(year, month, day)
        return _month_last(year, month) if last else dt.date(year, month, 1)
    except ValueError:
        return None


def _period_in(sentence: str) -> tuple[dt.date | None, dt.date | None] | None:
    m = _RANGE.search(sentence)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        mon1, mon2, year2 = _MONTHS[m1.lower().rstrip(".")], _MONTHS[m2.lower().rstrip(".")], int(y2)
        year1 = int(y1) if y1 else (year2 - 1 if mon1 > mon2 else year2)
        return _safe_date(year1, mon1, int(d1) if d1 else None, False), _safe_date(
            year2, mon2, int(d2) if d2 else None, True
        )
    m = _DASH_RANGE.search(sentence)
    if m:
        m1, m2, y = m.groups()
        mon1, mon2, year = _MONTHS[m1.lower().rstrip(".")], _MONTHS[m2.lower().rstrip(".")], int(y)
        return _safe_date(year - 1 if mon1 > mon2 else year, mon1, None, False), _month_last(year, mon2)
    m = _ONE_MONTH.search(sentence)
    if m:
        mon, year = _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
        return dt.date(year, mon, 1), _month_last(year, mon)
    m = _ONE_YEAR.search(sentence)
    if m:
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", paragraph) if s]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _period_sentence(paragraphs: list[str]) -> str | None:
    for par in paragraphs[:8]:
        for sentence in _sentences(par)[:3]:
            if _PERIOD_CUE.search(sentence) and (_RANGE.search(sentence) or _DASH_RANGE.search(sentence)
                                                 or _ONE_MONTH.search(sentence)):
                return sentence
    return None


def read_period(text: str, title: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """Reporting period stated by the report ("covers ... from July to September 2018")."""
    paragraphs = _paragraphs(text)
    sentence = _period_sentence(paragraphs)
    found = _period_in(sentence) if sentence else None
    if found is None and title:
        # "January to December 2016", "July-September 2018" before a month alone (the range's last month)
        m = _RANGE.search(title) or _DASH_RANGE.search(title) or _ONE_MONTH.search(title)
        if m:
            found = _period_in(m.group(0))
    if not found:
        return None, None
    start, end = found
    if start and end and start > end:
        return None, None
    return start, end


def _split_orgs(orgs: str) -> list[str]:
    cut = _ORGS_END.search(orgs)
    if cut:
        orgs = orgs[:cut.start()]
    acronyms = re.findall(r"\(([A-Z][A-Za-z&]{1,11})\)", orgs)
    if acronyms:
        return list(dict.fromkeys(acronyms))
    orgs = re.sub(r"\([^)]*\)", "", orgs)
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])", orgs)
    names = []
    for part in parts:
        part = re.sub(r"^(?:the|its|our)\s+", "", part.strip(), flags=re.I).strip(" ,")
        if part and part[0].isupper():
            names.append(part)
    return names


def read_publisher(text: str) -> str | None:
    """Who wrote the report: "prepared by X (XX) and Y (YY)" -> "XX; YY"; else "<Org> said today"."""
    head = "\n".join(_paragraphs(text)[:10])
    for pattern in _PREPARED:
        for m in pattern.finditer(head):
            names = _split_orgs(m.group("orgs"))
            names = [n for n in names if n.isupper() or _ORG_WORD.search(n) or len(n.split()) >= 2]
            if names:
                return "; ".join(names)
    for m in _SAID_TODAY.finditer(head):
        name = re.sub(r"^(?:The|the)\s+", "", m.group(1))
        words = name.split()
        # keep the organisation at the end of the capitalised run ("... rights, Human Rights Watch")
        for i in range(len(words)):
            cand = " ".join(words[i:])
            if _ORG_WORD.search(cand) and cand[0].isupper():
                acronym = re.search(re.escape(cand) + r"\s*\(([A-Z]{2,10})\)", text)
                return acronym.group(1) if acronym else cand
    return None


def read_country(text: str, period_sentence: str | None = None, title: str | None = None) -> str | None:
    """ISO2 of the country the report is about: the period sentence, the title, else the most named."""
    for source in (period_sentence, title):
        if not source:
            continue
        hits = [(m.start(), code) for code, rx in _COUNTRY_NAME_RE.items() for m in rx.finditer(source)]
        if hits:
            return min(hits)[1]
    counts: Counter[str] = Counter()
    for code, rx in _COUNTRY_RE.items():
        names = len(_COUNTRY_NAME_RE[code].findall(text))
        counts[code] = 2 * names + (len(rx.findall(text)) - names)
    if not counts or counts.most_common(1)[0][1] == 0:
        return None
    if any(counts[code] for code in MONITORED):
        # a report naming a monitored country is about it, however often it names a neighbour
        # ("Kazakhstan to drop charges against activists who protested near the border with
        # China ... detained in China": Kazakhstan)
        counts = Counter({code: counts[code] for code in MONITORED})
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


# lines of a saved page's navigation, not its title ("Skip to main content", "Log in", "Share this")
_PAGE_CHROME = re.compile(r"(?i)\s*(?:skip to|jump to|log ?in|sign ?in|sign up|subscribe|menu|search|share this|"
                          r"cookie|accept|toggle|main navigation|you are here|home\s*[›>|/])")


def read_title(text: str) -> str | None:
    """The first substantial heading-like line among the report's opening paragraphs."""
    for par in _paragraphs(text)[:5]:
        words = par.split()
        if len(words) < 3 or re.match(r"(?i)updated?\b", par) or _PAGE_CHROME.match(par):
            continue
        parts = re.split(r"\s[|›>»/]\s", par)
        if len(parts) > 1 and all(len(p.split()) <= 3 for p in parts):
            continue  # a breadcrumb ("News | Kazakhstan"), not a title
        if re.fullmatch(rf"(?i)\W*(?:\d{{1,2}}\s+)?{_M}\s*(?:\d{{1,2}},?\s*)?\d{{4}}\W*", par):
            continue  # a date stamp of the page ("25 september 2020"), not a title: nor a period
        if _is_heading(par):
            return par
    return None


def read_metadata(text: str, file_name: str) -> ReportMeta:
    """Title, publisher, country and period that the cleaned text itself states (any may be None).

    `file_name` is only used when the text names no country: a file name like
    "kyrgyzstan-update.txt" then decides.
    """
    title = read_title(text)
    paragraphs = _paragraphs(text)
    sentence = _period_sentence(paragraphs)
    start, end = read_period(text, title)
    country = read_country(text, sentence, title)
    if country is None and file_name:
        stem = re.sub(r"[_\-.]+", " ", file_name)
        country = read_country(stem.title())
    return ReportMeta(title=title, publisher=read_publisher(text), country=country,
                      period_start=start, period_end=end)

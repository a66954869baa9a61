"""Date expressions in English report text -> spans of days with a precision.

Belongs here: finding absolute dates ("24th July 2018", "16.05.2017", "July 24, 2018"), day
and month ranges ("on 4 and 5 January", "from July to September 2018"), parts of months
("late July 2018"), years with a cue ("in 2012", "since 2016"), dates relative to the
publication day ("on Tuesday", "last week"; not the "Today" that ends an outlet's name, "Kazakhstan
Today") or to the previous date ("the next day", "hours later"), filling a missing year from the
context; and reading a report's period. Which date
belongs to which event is the extractor's business.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import yaml

PRECISIONS = ("day", "month", "part_of_month", "year")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    surface: str
    first: date
    last: date
    precision: str  # one of PRECISIONS
    year_stated: bool
    relative: bool


@dataclass
class DateContext:
    default_year: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    previous: DateMention | None = None
    publication: date | None = None
    session: DateMention | None = None  # the last day told as a court session's (before `start`)
    # the last day told in the paragraph of `previous` when `previous` is a month or part of one:
    # "the same day", "two days later" count from it, not from the month ("The verdict was handed
    # down on May 13. X, arrested in December, ... On the same day, ...")
    previous_day: DateMention | None = None
    country: str | None = None  # ISO code of the report's country: the day of a holiday told as a date


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3,
                "a few": 2, "few": 2, "couple of": 2, "a couple of": 2}

# Months are matched capitalised only: lower-case "may" and "march" are a verb and a noun. In
# capitals too, as datelines and headings write them ("JANUARY 23, 2017"), but not alone (a
# headline's "MARCH" is a march: see _bare_months).
_MON = (r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December)|(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|"
        r"DECEMBER)(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?)")
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"(?:-|–|—)"
# A day number is not a day when it counts things: "May 20 activists", "June 5 years".
_NOT_A_DAY_AFTER = re.compile(
    r"\s*(?:%|-?\s*(?:years?|days?|months?|weeks?|hours?|minutes?|people|persons|activists|"
    r"journalists|of\s+(?:them|the|whom)|percent|per\s+cent|thousand|million)\b)", re.I)

# the days of each part of a month ("early May" 1-10, "mid-May" 11-20, "late May" 21-end)
PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "first_half": (1, 15), "second_half": (16, 31)}
_PART_WORDS = {
    "early": "early", "mid": "mid", "late": "late", "end of": "late", "the end of": "late",
    "beginning of": "early", "the beginning of": "early", "start of": "early",
    "the start of": "early", "middle of": "mid", "the middle of": "mid",
    "the first half of": "first_half", "first half of": "first_half",
    "the second half of": "second_half", "second half of": "second_half",
}
_PART = (r"(?P<part>[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of|"
         r"(?:[Tt]he\s+)?(?:first|second)\s+half\s+of)")

_P_NUMERIC = re.compile(
    rf"(?<![\d.,/\-])(?P<d>[0-3]?\d)(?P<sep>[./-])(?P<m>[01]?\d)(?P=sep)(?P<y>{_YEAR})"
    rf"(?!\.?\d|-\d)")
# a digest item's head "14.03 - Police detained ...", "05.11: The court ...": a day and month
# without a year only at the start of a line, before a dash or a colon (elsewhere "20.1" is an
# article number)
_P_HEAD_NUMERIC = re.compile(r"(?m)^[ \t]*(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.?(?=[ \t]*(?:-|–|—|:)[ \t])")
_P_ISO = re.compile(rf"(?<![\d\-])(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d\-])")
_P_DAY_RANGE = re.compile(
    rf"(?:(?P<pre>[Ff]rom|[Bb]etween)\s+(?:the\s+)?)?(?<![\d.,])(?P<d1>[0-3]?\d){_ORD}"
    rf"\s*(?:{_DASH}|to|and|until|till|through)\s*(?:the\s+)?(?P<d2>[0-3]?\d){_ORD}\s+"
    rf"(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?(?!\d)")
_P_CROSS_RANGE = re.compile(
    rf"(?:(?P<pre>[Ff]rom|[Bb]etween)\s+(?:the\s+)?)?(?<![\d.,])(?P<d1>[0-3]?\d){_ORD}\s+"
    rf"(?:of\s+)?(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR}))?\s*(?P<conn>{_DASH}|to|until|till|"
    rf"through|and)\s*(?:the\s+)?(?P<d2>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m2>{_MON})"
    rf"(?:,?\s+(?P<y2>{_YEAR}))?(?!\d)")
_P_US_RANGE = re.compile(
    rf"(?P<m>{_MON})\s+(?P<d1>[0-3]?\d){_ORD}\s*(?:{_DASH}|to|and)\s*(?P<d2>[0-3]?\d){_ORD}"
    rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\d])")
_P_DMY = re.compile(
    rf"(?<![\d.,])(?:the\s+)?(?P<d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m>{_MON})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?(?!\d)")
_P_MDY = re.compile(rf"(?P<m>{_MON})\s+(?P<d>[0-3]?\d)(?P<ord>st|nd|rd|th)?"
                    rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\d.,]\d|\d)")
_P_PART = re.compile(rf"{_PART}[\s\-]+(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?(?!\d)")
_P_PART_YEAR = re.compile(rf"{_PART}[\s\-]+(?P<y>{_YEAR})(?!\d)")
_P_MONTH_RANGE = re.compile(
    rf"(?:(?P<pre>[Ff]rom|[Bb]etween)\s+)?(?P<m1>{_MON})(?:\s+(?P<y1>{_YEAR}))?\s*"
    rf"(?P<conn>{_DASH}|to|until|till|through|and)\s*(?P<m2>{_MON})\s+(?P<y2>{_YEAR})(?!\d)")
_P_MONTH_YEAR = re.compile(rf"(?P<m>{_MON})(?:\s+of)?,?\s+(?P<y>{_YEAR})(?!\d)")
_P_MONTH_ALONE = re.compile(rf"\b(?P<m>{_MON})(?![\w\-])")
_MONTH_CUE_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|during|from|through|throughout|before|after|early|late|"
    r"mid|of|last|this|next|on|for)\s+(?:the\s+month\s+of\s+)?$|\bmid-$", re.I)
_MONTH_LIST_BEFORE = re.compile(rf"{_MON}(?:\s+{_YEAR})?\s*(?:,|,?\s+and|,?\s+or)\s+$")
_P_YEAR_RANGE = re.compile(
    rf"\b(?P<pre>[Ff]rom|[Bb]etween)\s+(?P<y1>{_YEAR})\s+(?:to|and|until|till)\s+"
    rf"(?P<y2>{_YEAR})(?!\d)")
_P_YEAR = re.compile(
    rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter|"
    rf"[Tt]hroughout|(?:[Ss]ince\s+)?[Ee]arly|[Ll]ate|of|[Aa]s\s+of|[Ss]pring|[Ss]ummer|"
    rf"[Aa]utumn|[Ff]all|[Ww]inter)\s+(?P<y>{_YEAR})(?![\d\-–]|\s*(?:{_DASH}|to)\s*\d)")
_P_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>[Ll]ast|[Tt]his|[Oo]n|[Pp]ast)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\b(?!\s*,?\s*(?:\d|the\s+\d|" + _MON + r"))")
_P_PUBREL = re.compile(
    r"\b(?P<what>the\s+day\s+before\s+yesterday|yesterday|today|"
    r"this\s+(?:morning|afternoon|evening)|tonight|"
    r"(?:(?:over|at|during)\s+the|last|this|past)\s+weekend|"
    r"(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|mid|late)[\s-])?"
    r"(?:last|this)\s+month|"
    r"(?:earlier\s+)?this\s+(?:week|month|year)|"
    r"(?:last|past)\s+(?:week|month|year)|the\s+(?:previous|past)\s+(?:week|month))\b", re.I)
# a capitalised word right before a capitalised "Today": the two are a name ("Kazakhstan Today")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w’'\-]*\s$")
# "two days ago", "a week ago", "seven months ago": counted back from the publication day
_P_AGO = re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+"
                    r"(?P<unit>days?|weeks?|months?)\s+ago\b", re.I)
_N = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|few)"
_P_PREVREL = re.compile(
    r"\b(?:(?P<sameday>(?:(?:later|earlier)\s+(?:that|the\s+same)|(?:on\s+)?(?:that|the)\s+"
    r"(?:very\s+)?same|(?:on\s+)?that)\s+(?:day|date|morning|afternoon|evening|night))|"
    r"(?P<nextday>(?:on\s+)?the\s+(?:next|following)\s+(?:day|morning|evening|night)|the\s+day\s+after)|"
    r"(?P<nextweek>(?:(?:in|during)\s+)?the\s+(?:next|following)\s+week)|(?P<prevday>the\s+(?:previous|preceding)\s+day|"
    r"the\s+day\s+before|the\s+eve\s+of\s+(?:the|that|this)\s+(?:rally|protest|picket|march|demonstration|strike|"
    r"gathering|vote|election|referendum))|(?P<hours>(?:(?:a\s+)?(?:few|several|two|three|four|five|six|24|"
    r"\d{1,2})\s+)?hours\s+(?:later|earlier|afterwards))|" + _N +
    r"\s+(?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|after|before|afterwards))\b(?!\s+(?:of|in)\b)",
    re.I)

# a part of the month of the date told before: "at the end of the month", "later that month",
# "the following month" (never of the publication month: that is "this month", _P_PUBREL)
_P_PREVMONTH = re.compile(
    r"\b(?:(?:at|by|towards?|around|in)\s+)?the\s+(?P<part>end|beginning|start|middle)\s+of\s+(?:the|that)\s+month\b|"
    r"\b(?P<part2>early|late|later|earlier|mid)[\s-](?:in\s+)?(?:that|the)\s+month\b|"
    r"\b(?:in\s+|during\s+)?(?P<same>that|the\s+same)\s+month\b|"
    r"\b(?:in\s+)?the\s+(?P<next>following|next)\s+month\b|\ba\s+month\s+(?P<later>later)\b", re.I)
_PREVMONTH_PART = {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}
# holidays told as a day ("on Nauryz", "on the eve of Independence Day"): data/holidays.yaml
_HOLIDAYS: dict[str, dict[str, tuple[int, int]]] = {}
for _h in yaml.safe_load((Path(__file__).parent / "data" / "holidays.yaml").read_text(encoding="utf-8"))["holidays"]:
    for _name in _h["names"]:
        _HOLIDAYS[_name.lower().replace("’", "'")] = {c: (int(v[:2]), int(v[3:])) for c, v in _h["day"].items()}
_P_HOLIDAY = re.compile(
    r"\b[Oo]n\s+(?P<day>(?:the\s+(?P<eve>eve)\s+of\s+)?(?:(?:the|this\s+year's|last\s+year's)\s+)?(?P<name>"
    + "|".join(re.escape(n).replace("'", "['’]") for n in sorted(_HOLIDAYS, key=len, reverse=True))
    + r")(?:\s+[Dd]ay)?)(?![\w'’-])", re.I)
# a day of the month of the date told before: "In May ... she was detained again on the 12th",
# "on the morning of the 23rd"
# (never an ordinal of something else: "on the 5th floor", "on the 12th of May" is a date of its own)
_P_PREVDAY = re.compile(
    r"\bon\s+(?:the\s+(?:morning|evening|afternoon|night)\s+of\s+)?the\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s*-|\s+(?:of|floor|century|anniversary|"
    r"time|times|day|year|grade|session|convocation|congress|place|article|round|edition|birthday|minute|"
    r"attempt|occasion|hearing|week|month)\b)", re.I)

# a count of years from the date told before, or from the publication day when none is: "Two years
# earlier, in July, thousands had taken to the streets" (a feature that goes back in time), "the
# following year"; its year is the context of the yearless dates after it
_P_YEARS_REL = re.compile(
    r"\b(?:(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+"
    r"(?P<dir>earlier|later|afterwards)|the\s+(?P<rel>previous|preceding|following|next)\s+year)\b(?!['’]s)", re.I)

# a weekday with a day number and no month ("Monday 15 (Atyrau). Police detained ...", a chronicle
# whose heading alone gives the month): that day of the month of the date told before, or of the
# month after it, whichever falls on that weekday
_P_WEEKDAY_DAY = re.compile(
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?"
    r"(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?!\s*(?:" + _MON + r"|of\b|[-–./:]\s*\d|,?\s*(?:19|20)\d{2}))")

# "on the morning of the verdict", "the day of his trial": the day of the court session told before
_P_SESSION = re.compile(r"\b(?:on\s+)?the\s+(?:day|morning|evening|afternoon|eve|night)\s+of\s+"
                        r"(?:the|his|her|their)\s+(?:verdict|sentencing|trial|hearing|ruling)\b", re.I)
# words of the sentence around a date that make it a court session's day
_SESSION_WORDS = re.compile(r"\b(?:verdict|sentenced|sentencing|convicted|trial|hearing|court|judge)\b", re.I)


@dataclass(frozen=True)
class _Raw:
    """A matched expression before its year and relative anchor are resolved."""

    start: int
    end: int
    kind: str  # 'abs' | 'weekday' | 'pub' | 'prev' | 'prevmonth' | 'prevday' | 'prevyear' | 'session' | 'holiday'
    precision: str = "day"
    y1: int | None = None
    m1: int | None = None
    d1: int | None = None
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    part: str | None = None
    arg: str | None = None  # weekday name / publication-relative phrase
    offset: int = 0  # days from the previous date
    year_inherited: bool = False


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _month(value: str | None) -> int | None:
    return MONTHS.get(value.rstrip(".").lower()) if value else None


def _valid_day(d: int | None, m: int | None) -> bool:
    return d is not None and m is not None and 1 <= m <= 12 and 1 <= d <= 31 and (
        d <= calendar.monthrange(2000, m)[1])


_TERM_WORD_BEFORE = re.compile(r"\b(?:for|lasted|lasting|over|to|of)\s+$", re.I)


def _after_a_term_word(text: str, at: int) -> bool:
    """A count of time told after "for", "to", "lasted" ... is a length, not a date counted."""
    return bool(_TERM_WORD_BEFORE.search(text[max(0, at - 8):at]))


def _candidates(text: str, start: int, end: int) -> list[_Raw]:
    out: list[_Raw] = []
    for m in _P_NUMERIC.finditer(text, start, end):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if _valid_day(d, mo):
            out.append(_Raw(m.start(), m.end(), "abs", "day", y, mo, d))
    for m in _P_HEAD_NUMERIC.finditer(text, start, end):
        d, mo = int(m["d"]), int(m["m"])
        if _valid_day(d, mo):
            out.append(_Raw(m.start("d"), m.end(), "abs", "day", None, mo, d))
    for m in _P_ISO.finditer(text, start, end):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if _valid_day(d, mo):
            out.append(_Raw(m.start(), m.end(), "abs", "day", y, mo, d))
    for m in _P_DAY_RANGE.finditer(text, start, end):
        mo, d1, d2 = _month(m["m"]), int(m["d1"]), int(m["d2"])
        if _valid_day(d1, mo) and _valid_day(d2, mo) and d1 < d2:
            y = _int(m["y"])
            out.append(_Raw(m.start(), m.end(), "abs", "day", y, mo, d1, y, mo, d2))
    for m in _P_CROSS_RANGE.finditer(text, start, end):
        if m["conn"].lower() == "and" and not m["pre"]:
            continue  # "24 July and 3 August": two dates, not a span
        m1, m2, d1, d2 = _month(m["m1"]), _month(m["m2"]), int(m["d1"]), int(m["d2"])
        if _valid_day(d1, m1) and _valid_day(d2, m2):
            y2 = _int(m["y2"])
            y1 = _int(m["y1"]) or (None if y2 is None else y2 - (1 if m1 > m2 else 0))
            out.append(_Raw(m.start(), m.end(), "abs", "day", y1, m1, d1, y2, m2, d2))
    for m in _P_US_RANGE.finditer(text, start, end):
        mo, d1, d2 = _month(m["m"]), int(m["d1"]), int(m["d2"])
        if _valid_day(d1, mo) and _valid_day(d2, mo) and d1 < d2:
            y = _int(m["y"])
            out.append(_Raw(m.start(), m.end(), "abs", "day", y, mo, d1, y, mo, d2))
    for m in _P_DMY.finditer(text, start, end):
        mo, d = _month(m["m"]), int(m["d"])
        if _valid_day(d, mo):
            out.append(_Raw(m.start("d"), m.end(), "abs", "day", _int(m["y"]), mo, d))
    for m in _P_MDY.finditer(text, start, end):
        mo, d = _month(m["m"]), int(m["d"])
        if not _valid_day(d, mo):
            continue
        if not m["y"] and not m["ord"] and _NOT_A_DAY_AFTER.match(text, m.end(), end):
            continue
        out.append(_Raw(m.start(), m.end(), "abs", "day", _int(m["y"]), mo, d))
    for m in _P_PART.finditer(text, start, end):
        part = _PART_WORDS[re.sub(r"\s+", " ", m["part"].lower())]
        mo, y = _month(m["m"]), _int(m["y"])
        out.append(_Raw(m.start(), m.end(), "abs", "part_of_month", y, mo, part=part))
    for m in _P_PART_YEAR.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "abs", "year", int(m["y"])))
    for m in _P_MONTH_RANGE.finditer(text, start, end):
        if m["conn"].lower() == "and" and not m["pre"]:
            continue
        m1, m2, y2 = _month(m["m1"]), _month(m["m2"]), int(m["y2"])
        y1 = _int(m["y1"]) or (y2 - 1 if m1 > m2 else y2)
        out.append(_Raw(m.start(), m.end(), "abs", "month", y1, m1, None, y2, m2, None))
    for m in _P_MONTH_YEAR.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "abs", "month", int(m["y"]), _month(m["m"])))
    out.extend(_bare_months(text, start, end))
    for m in _P_YEAR_RANGE.finditer(text, start, end):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2:
            out.append(_Raw(m.start("y1"), m.end(), "abs", "year", y1, y2=y2))
    for m in _P_YEAR.finditer(text, start, end):
        out.append(_Raw(m.start("y"), m.end(), "abs", "year", int(m["y"])))
    for m in _P_WEEKDAY.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "weekday", "day",
                        arg=f"{(m['mod'] or '').lower()} {m['wd'].lower()}".strip()))
    for m in _P_PUBREL.finditer(text, start, end):
        if m.group()[0].isupper() and _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "the outlet Adyrna Today", "Kazakhstan Today": a name, no day
        out.append(_Raw(m.start(), m.end(), "pub", arg=re.sub(r"[\s-]+", " ", m["what"].lower())))
    for m in _P_AGO.finditer(text, start, end):
        word = re.sub(r"\s+", " ", m["n"].lower())
        n = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)
        if m["unit"].lower().startswith("month"):
            out.append(_Raw(m.start(), m.end(), "pub", "month", arg=f"ago-months {n}"))
            continue
        days = n * (7 if m["unit"].lower().startswith("week") else 1)
        out.append(_Raw(m.start(), m.end(), "pub", arg=f"ago {days}"))
    for m in _P_PREVMONTH.finditer(text, start, end):
        what = (_PREVMONTH_PART.get((m["part"] or "").lower()) or (m["part2"] or "").lower()
                or ("same" if m["same"] else "next"))
        out.append(_Raw(m.start(), m.end(), "prevmonth", "part_of_month", arg=what))
    for m in _P_SESSION.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "session"))
    for m in _P_PREVDAY.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "prevday", d1=int(m["d"])))
    for m in _P_YEARS_REL.finditer(text, start, end):
        if m["n"] and _after_a_term_word(text, m.start()):
            continue  # "sentenced to two years later reduced": a term, not a date
        if m["n"]:
            word = m["n"].lower()
            n = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)
            n = -n if m["dir"].lower() == "earlier" else n
        else:
            n = -1 if m["rel"].lower() in ("previous", "preceding") else 1
        out.append(_Raw(m.start(), m.end(), "prevyear", "year", offset=n))
    for m in _P_WEEKDAY_DAY.finditer(text, start, end):
        out.append(_Raw(m.start(), m.end(), "prevday", d1=int(m["d"]), arg=m["wd"].lower()))
    for m in _P_HOLIDAY.finditer(text, start, end):
        if not m["name"][0].isupper():
            continue  # "on women's day" written small is rarely the holiday's name
        out.append(_Raw(m.start("day"), m.end(), "holiday", arg=m["name"].lower().replace("’", "'"),
                        offset=-1 if m["eve"] else 0))
    for m in _P_PREVREL.finditer(text, start, end):
        if m["unit"] and _after_a_term_word(text, m.start()):
            # "blocked the road for three days before ...", "sentenced Z to 15 days after finding
            # them guilty": a duration or a term, not a date
            continue
        out.append(_Raw(m.start(), m.end(), "prev", offset=_prev_offset(m)))
    return out


def _bare_months(text: str, start: int, end: int) -> list[_Raw]:
    """'in June', 'since March', and the first members of 'August, September and October'."""
    out = []
    for m in _P_MONTH_ALONE.finditer(text, start, end):
        before = text[max(0, m.start() - 40):m.start()]
        cue = _MONTH_CUE_BEFORE.search(before) or _MONTH_LIST_BEFORE.search(before)
        if m["m"] == "May" and not _MONTH_CUE_BEFORE.search(before):
            continue  # the modal verb at a sentence start
        if m["m"].isupper():
            continue  # a word of a headline in capitals ("WOMEN'S MARCH")
        after = text[m.end():m.end() + 12]
        if cue or re.match(r"\s*(?:,\s*[A-Z][a-z]+\s*)*,?\s*(?:and|or)\s+[A-Z]", after):
            out.append(_Raw(m.start(), m.end(), "abs", "month", None, _month(m["m"])))
    return out


def counted_days(phrase: str) -> int | None:
    """The days a relative phrase counts from the date it follows ("three days after" -> 3, "a
    week before" -> -7); None for a phrase that counts no days and weeks ("the next day" counts one:
    1; "later that month": None)."""
    m = _P_PREVREL.search(phrase)
    return _prev_offset(m) if m is not None and not m["hours"] and not m["sameday"] else None


def _prev_offset(m: re.Match) -> int:
    if m["nextday"]:
        return 1
    if m["nextweek"]:
        return 7  # read as "a week later", the day the reports' own "a week later" gives
    if m["prevday"]:
        return -1
    if m["sameday"] or m["hours"]:
        return 0
    n = NUMBER_WORDS.get(re.sub(r"\s+", " ", m["n"].lower())) if not m["n"].isdigit() \
        else int(m["n"])
    days = (n or 1) * (7 if m["unit"].lower().startswith("week") else 1)
    return -days if m["dir"].lower() in ("earlier", "before") else days


def _select(cands: list[_Raw]) -> list[_Raw]:
    """Longest first, then leftmost; no two chosen spans overlap."""
    chosen: list[_Raw] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_LIST_GAP = re.compile(r"^[\s,]*(?:and|or|to|until|till|-|–)?[\s,]*$")


def _share_trailing_years(text: str, raws: list[_Raw]) -> list[_Raw]:
    """'24 July and 3 August 2018', 'August, September and October 2018': one year for all."""
    out = list(raws)
    for i in range(len(out) - 2, -1, -1):
        r, nxt = out[i], out[i + 1]
        if r.kind != "abs" or r.y1 is not None or r.m1 is None or nxt.kind != "abs":
            continue
        if nxt.y1 is None or not _LIST_GAP.match(text[r.end:nxt.start]):
            continue
        year = nxt.y1 - (1 if nxt.m1 is not None and r.m1 > nxt.m1 else 0)
        out[i] = replace(r, y1=year, y2=year if r.m2 is not None else r.y2,
                         year_inherited=True)
    return out


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _span(r: _Raw, y1: int, y2: int) -> tuple[date, date]:
    if r.precision == "year":
        return date(y1, 1, 1), date(r.y2 or y1, 12, 31)
    if r.precision == "month":
        m2 = r.m2 or r.m1
        return date(y1, r.m1, 1), date(y2, m2, _last_day(y2, m2))
    if r.precision == "part_of_month":
        lo, hi = PART_DAYS[r.part or "mid"]
        return date(y1, r.m1, lo), date(y1, r.m1, min(hi, _last_day(y1, r.m1)))
    m2, d2 = r.m2 or r.m1, r.d2 or r.d1
    return date(y1, r.m1, r.d1), date(y2, m2, d2)


def _infer_year(r: _Raw, ctx: DateContext, context_year: int | None,
                next_year: int | None, prev: DateMention | None = None, inherited: bool = False) -> int | None:
    """The year of a date written without one: the nearest earlier dated context, checked
    against the report period, else a year that puts the date inside the period, else the
    next stated year in the same text, else the default year. A context inherited from an
    earlier paragraph of a dated text without a period gives way to the publication year when
    that puts the date in the weeks before publication (news: "New York, January 14, 2025 - ...
    released in June 2024. [new paragraph] On January 12, border guards ..." is 2025)."""
    def inside(y: int) -> bool:
        try:
            first, last = _span(r, y, y + (1 if r.m2 and r.m2 < r.m1 else 0))
        except ValueError:
            return False
        return not (last < ctx.period_start or first > ctx.period_end)

    has_period = ctx.period_start is not None and ctx.period_end is not None
    if inherited and not has_period and context_year is not None and ctx.publication is not None and \
            context_year < ctx.publication.year and r.m2 is None:
        try:
            first = _span(r, ctx.publication.year, ctx.publication.year)[0]
        except ValueError:
            first = None
        if first is not None and in_weeks_before(first, ctx.publication):
            return ctx.publication.year
    if context_year is not None and (not has_period or inside(context_year)):
        if _turns_the_year(r, ctx, context_year, prev) and (not has_period or inside(context_year + 1)):
            return context_year + 1
        return context_year
    if has_period:
        for y in range(ctx.period_start.year, ctx.period_end.year + 1):
            if inside(y):
                return y
    if context_year is not None:
        return context_year
    if next_year is not None:
        return next_year
    if ctx.default_year is not None:
        return ctx.default_year
    return ctx.publication.year if ctx.publication else None


TURN_OF_YEAR_DAYS = 92
RECENT_DAYS = 92  # "the weeks before publication" of _infer_year


def in_weeks_before(day: date, publication: date) -> bool:
    """`day` falls in the RECENT_DAYS before the publication day (news of that publication)."""
    return 0 <= (publication - day).days <= RECENT_DAYS


def _turns_the_year(r: _Raw, ctx: DateContext, year: int, prev: DateMention | None) -> bool:
    """A story told forward across New Year: "On 3 December [2016] ... On 15 January" is 43 days
    on, in the next year, not eleven months back. Only when the next year's day is at most three
    months after the date told before and no later than the publication day (a flashback, "he
    had been arrested on 12 March", stays in the year: eight months back, not four on)."""
    bound = ctx.publication or ctx.period_end
    if prev is None or bound is None or r.m2 is not None or prev.precision not in ("day", "part_of_month"):
        return False
    try:
        this, later = _span(r, year, year)[0], _span(r, year + 1, year + 1)[0]
    except ValueError:
        return False
    return this < prev.first and 0 <= (later - prev.last).days <= TURN_OF_YEAR_DAYS and later <= bound


def _resolve_abs(text: str, r: _Raw, ctx: DateContext, context_year: int | None,
                 next_year: int | None, prev: DateMention | None = None, inherited: bool = False) -> DateMention | None:
    stated = r.y1 is not None or r.y2 is not None
    if stated:
        y1 = r.y1 if r.y1 is not None else r.y2
        y2 = r.y2 if r.y2 is not None else y1
    else:
        y1 = _infer_year(r, ctx, context_year, next_year, prev, inherited)
        if y1 is None:
            return None
        y2 = y1 + (1 if r.m2 is not None and r.m1 is not None and r.m2 < r.m1 else 0)
    try:
        first, last = _span(r, y1, y2)
    except ValueError:
        return None
    if last < first:
        return None
    return DateMention(r.start, r.end, text[r.start:r.end], first, last, r.precision,
                       stated, False)


def _resolve_weekday(text: str, r: _Raw, pub: date) -> DateMention:
    mod, _, name = r.arg.rpartition(" ")
    back = (pub.weekday() - WEEKDAYS[name]) % 7
    if mod in ("last", "past") and back == 0:
        back = 7
    day = pub - timedelta(days=back)
    return DateMention(r.start, r.end, text[r.start:r.end], day, day, "day", False, True)


def _resolve_weekday_after(text: str, r: _Raw, prev: DateMention) -> DateMention | None:
    """The first such weekday after a day (within six days); None for "last"/"this" weekdays
    (they count from a publication day), a day that is that weekday itself, or a span."""
    mod, _, name = r.arg.rpartition(" ")
    if mod not in ("", "on") or prev.precision != "day" or prev.first != prev.last:
        return None
    ahead = (WEEKDAYS[name] - prev.last.weekday()) % 7
    if ahead == 0:
        return None
    day = prev.last + timedelta(days=ahead)
    return DateMention(r.start, r.end, text[r.start:r.end], day, day, "day", prev.year_stated, True)


def _resolve_pub(text: str, r: _Raw, pub: date) -> DateMention | None:
    what = r.arg
    if what.startswith("ago-months "):
        # "first charged seven months ago" of an item of 20 February 2025: July 2024
        back = pub.year * 12 + pub.month - 1 - int(what.split()[1])
        first = date(back // 12, back % 12 + 1, 1)
        last = first.replace(day=_last_day(first.year, first.month))
        return DateMention(r.start, r.end, text[r.start:r.end], first, last, "month", False, True)
    if what.startswith("ago "):
        first = last = pub - timedelta(days=int(what.split()[1]))
        return DateMention(r.start, r.end, text[r.start:r.end], first, last, "day", False, True)
    if what.endswith("weekend"):
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if saturday >= pub:
            saturday -= timedelta(days=7)
        sunday = saturday + timedelta(days=1)
        return DateMention(r.start, r.end, text[r.start:r.end], saturday, sunday, "part_of_month",
                           False, True)
    plain = ("last", "past", "this", "the previous", "the past", "earlier")
    if what.endswith("month") and not what.startswith(plain):
        return _part_of_pub_month(text, r, pub, what)
    if what == "the day before yesterday":
        first = last = pub - timedelta(days=2)
        precision = "day"
    elif what in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        first = last = pub
        precision = "day"
    elif what == "today":
        first = last = pub
        precision = "day"
    elif what == "yesterday":
        first = last = pub - timedelta(days=1)
        precision = "day"
    elif what.endswith("week"):
        monday = pub - timedelta(days=pub.weekday())
        if what.startswith(("last", "past", "the")):
            first, last = monday - timedelta(days=7), monday - timedelta(days=1)
        else:
            first, last = monday, pub
        precision = "part_of_month"
    elif what.endswith("month"):
        if what.startswith(("last", "past", "the")):
            last = pub.replace(day=1) - timedelta(days=1)
            first = last.replace(day=1)
        else:
            first, last = pub.replace(day=1), pub
        precision = "month"
    else:
        y = pub.year - (1 if what.startswith(("last", "past")) else 0)
        first, last = date(y, 1, 1), (date(y, 12, 31) if y < pub.year else pub)
        precision = "year"
    return DateMention(r.start, r.end, text[r.start:r.end], first, last, precision, False, True)


def _part_of_pub_month(text: str, r: _Raw, pub: date, what: str) -> DateMention:
    """"At the end of last month", "early this month": a part of the month before or of the
    publication month (never after the publication day)."""
    month_start = pub.replace(day=1)
    if "last" in what.split():
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    part = "early"
    if re.search(r"\b(?:end|late)\b", what):
        part = "late"
    elif re.search(r"\b(?:middle|mid)\b", what):
        part = "mid"
    lo, hi = PART_DAYS[part]
    y, m = month_start.year, month_start.month
    first, last = date(y, m, lo), date(y, m, min(hi, _last_day(y, m)))
    last = min(last, pub)
    return DateMention(r.start, r.end, text[r.start:r.end], first, max(first, last),
                       "part_of_month", False, True)


def _resolve_prev(text: str, r: _Raw, prev: DateMention) -> DateMention:
    shift = timedelta(days=r.offset)
    return DateMention(r.start, r.end, text[r.start:r.end], prev.first + shift,
                       prev.last + shift, prev.precision, prev.year_stated, True)


def _resolve_prev_month(text: str, r: _Raw, prev: DateMention) -> DateMention:
    """"At the end of the month", "later that month", "the following month": a part of the month
    of the date told before, or the month after it."""
    y, m = prev.first.year, prev.first.month
    if r.arg == "next":
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    month_end = date(y, m, _last_day(y, m))
    first, last, precision = date(y, m, 1), month_end, "part_of_month"
    if r.arg in ("same", "next"):
        precision = "month"
    elif r.arg in ("early", "mid", "late"):
        lo, hi = PART_DAYS[r.arg]
        first, last = date(y, m, lo), date(y, m, min(hi, month_end.day))
    elif r.arg == "later":
        first = min(prev.last + timedelta(days=1), month_end) if prev.last.month == m else first
    elif r.arg == "earlier":
        last = max(prev.first - timedelta(days=1), first)
    return DateMention(r.start, r.end, text[r.start:r.end], first, last, precision, prev.year_stated, True)


def _resolve_weekday_day(text: str, r: _Raw, prev: DateMention) -> DateMention | None:
    """"Monday 15", "Tuesday 16": the day of the month of the date told before, or of the month
    after it, that falls on the weekday; none when neither does. (find_dates tries the last day
    told first: "Friday 19 ... imposed in September ... Saturday 20" goes on from the 19th.)"""
    y, m = prev.first.year, prev.first.month
    for _ in range(2):
        if r.d1 <= _last_day(y, m) and date(y, m, r.d1).weekday() == WEEKDAYS[r.arg]:
            day = date(y, m, r.d1)
            return DateMention(r.start, r.end, text[r.start:r.end], day, day, "day", prev.year_stated, True)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


def _resolve_holiday(text: str, r: _Raw, ctx: DateContext, context_year: int | None,
                     prev: DateMention | None) -> DateMention | None:
    """"On Nauryz", "on the eve of Independence Day": the holiday's day in the report's country
    (data/holidays.yaml), its year a yearless date's; the eve is the day before."""
    days = _HOLIDAYS.get(r.arg or "", {})
    month_day = days.get(ctx.country or "") or days.get("any")
    if month_day is None:
        return None
    abs_raw = replace(r, kind="abs", m1=month_day[0], d1=month_day[1])
    mention = _resolve_abs(text, abs_raw, ctx, context_year, None, prev)
    if mention is None or not r.offset:
        return mention
    day = mention.first + timedelta(days=r.offset)
    return replace(mention, first=day, last=day)


def _eve_of_dated(text: str, r: _Raw, after: list[_Raw], ctx: DateContext, context_year: int | None,
                  prev: DateMention | None) -> DateMention | None:
    """The day told of the event whose eve `r` is, right after it in the same sentence ("the eve
    of the rally planned for 16 April", "the eve of the 20 May vote"), else None."""
    if not text[r.start:r.end].lower().startswith("the eve of"):
        return None
    nxt = next((o for o in after if o.kind == "abs"), None)
    if nxt is None or nxt.start - r.end > 60 or re.search(r"[.;]\s", text[r.end:nxt.start]):
        return None
    told = _resolve_abs(text, nxt, ctx, context_year, None, prev)
    return told if told is not None and told.precision == "day" else None


def _session_day(text: str, mention: DateMention) -> bool:
    """The sentence of a day tells a court session ("the verdict was announced on 14 March")."""
    lo = max(text.rfind(". ", max(0, mention.start - 300), mention.start), text.rfind("\n", max(0, mention.start - 300), mention.start))
    hi = text.find(". ", mention.end, mention.end + 300)
    return bool(_SESSION_WORDS.search(text, lo + 1, hi if hi >= 0 else min(len(text), mention.end + 300)))


def find_dates(text: str, ctx: DateContext | None = None, start: int = 0,
               end: int | None = None) -> list[DateMention]:
    """Date mentions in text[start:end], offsets into text, in text order.

    Each mention resolved becomes the anchor of the relative ones after it ("the next day");
    ctx.previous anchors those before any. Relative weekdays and weeks need ctx.publication
    and are skipped without it.
    """
    ctx = ctx or DateContext()
    end = len(text) if end is None else end
    raws = _share_trailing_years(text, _select(_candidates(text, start, end)))
    prev = ctx.previous
    prev_day = ctx.previous_day
    context_year = prev.first.year if prev is not None and prev.precision != "year" else None
    # (the context is the earlier paragraph's until a date of this one is told)
    inherited = context_year is not None
    out: list[DateMention] = []
    for i, r in enumerate(raws):
        mention: DateMention | None = None
        if r.kind == "abs":
            next_year = next((o.y1 for o in raws[i + 1:] if o.kind == "abs" and o.y1), None)
            mention = _resolve_abs(text, r, ctx, context_year, next_year, prev, inherited)
            if mention is not None and r.year_inherited:
                mention = replace(mention, year_stated=True)
        elif r.kind == "weekday" and ctx.publication is not None:
            mention = _resolve_weekday(text, r, ctx.publication)
        elif r.kind == "weekday" and prev is not None and prev is not ctx.previous:
            # no publication day to count back from: "On 7 June police detained X. On Wednesday a
            # court fined her": the weekday after the day told before it in the paragraph
            mention = _resolve_weekday_after(text, r, prev)
        elif r.kind == "pub" and ctx.publication is not None:
            mention = _resolve_pub(text, r, ctx.publication)
        elif r.kind == "pub" and r.arg.startswith("ago") and prev is not None and prev.precision == "day":
            # a news text with no publication day: "seven months ago" counts back from the latest
            # day told before it (the day the item reports), not left to take that day itself
            mention = _resolve_pub(text, r, prev.first)
        elif r.kind == "prev" and (eve := _eve_of_dated(text, r, raws[i + 1:], ctx, context_year, prev)) is not None:
            # "on the eve of the rally planned for 16 April": the day before the day told of it
            mention = _resolve_prev(text, r, eve)
        elif r.kind == "prev" and prev is not None:
            # a count of days from a month told after a day of the same paragraph counts from that day
            by = prev_day if prev.precision in ("month", "part_of_month") and prev_day is not None else prev
            mention = _resolve_prev(text, r, by)
        elif r.kind == "prevmonth" and prev is not None:
            mention = _resolve_prev_month(text, r, prev)
        elif r.kind == "prevday" and r.arg and prev is not None and prev.precision != "year":
            mention = _resolve_weekday_day(text, r, prev_day) if prev_day is not None else None
            mention = mention or _resolve_weekday_day(text, r, prev)
        elif r.kind == "prevday" and prev is not None and prev.precision != "year" and \
                r.d1 <= _last_day(prev.first.year, prev.first.month):
            day = prev.first.replace(day=r.d1)
            mention = DateMention(r.start, r.end, text[r.start:r.end], day, day, "day", prev.year_stated, True)
        elif r.kind == "prevyear" and (prev is not None or ctx.publication is not None):
            y = (prev.first.year if prev is not None else ctx.publication.year) + r.offset
            mention = DateMention(r.start, r.end, text[r.start:r.end], date(y, 1, 1), date(y, 12, 31), "year",
                                  True, True)
            context_year = y
        elif r.kind == "holiday":
            mention = _resolve_holiday(text, r, ctx, context_year, prev)
        elif r.kind == "session" and ctx.session is not None:
            mention = replace(_resolve_prev(text, r, ctx.session), precision=ctx.session.precision)
        if mention is None:
            continue
        if r.kind in ("abs", "weekday", "pub") and mention.precision == "day" and _session_day(text, mention):
            ctx.session = mention
        out.append(mention)
        if mention.precision == "day":
            prev_day = mention
        if mention.precision != "year":
            prev = mention
            inherited = False
            if mention.year_stated:
                context_year = mention.first.year
    return out


# ---- report periods ---------------------------------------------------------------------
_PERIOD_MONTHS = re.compile(
    rf"(?:(?:[Ff]rom|[Bb]etween)\s+)?(?P<m1>{_MON})(?:\s+(?P<y1>{_YEAR}))?\s*"
    rf"(?:{_DASH}|to|until|till|through|and)\s*(?P<m2>{_MON})\s+(?P<y2>{_YEAR})(?!\d)")
_PERIOD_MONTH = re.compile(rf"(?P<m>{_MON})(?:\s+of)?,?\s+(?P<y>{_YEAR})(?!\d)")
_PERIOD_YEAR = re.compile(rf"\b(?:[Ii]n|[Dd]uring|[Ff]or|[Tt]hroughout)\s+(?P<y>{_YEAR})(?!\d)")


def parse_period(text: str) -> tuple[date | None, date | None]:
    """The period a report covers, read from a phrase such as 'from July to September 2018',
    'in December 2019' or 'for the period from July 2021 to July 2022'."""
    m = _PERIOD_MONTHS.search(text)
    if m:
        m1, m2, y2 = _month(m["m1"]), _month(m["m2"]), int(m["y2"])
        y1 = int(m["y1"]) if m["y1"] else (y2 - 1 if m1 > m2 else y2)
        return date(y1, m1, 1), date(y2, m2, _last_day(y2, m2))
    m = _PERIOD_MONTH.search(text)
    if m:
        mo, y = _month(m["m"]), int(m["y"])
        return date(y, mo, 1), date(y, mo, _last_day(y, mo))
    m = _PERIOD_YEAR.search(text)
    if m:
        y = int(m["y"])
        return date(y, 1, 1), date(y, 12, 31)
    return None, None

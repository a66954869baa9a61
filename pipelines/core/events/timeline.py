"""The document timeline: when a report was published, what period it covers, and every date
it states, each with the year it is read in and why.

Belongs here: the publication day (a byline or date line in the first lines, a dateline
"Almaty, March 3, 2023 —" (or "Almaty, 3 March 2023. Police ..."), a time stamp without its year
"16 March, 12:40" read in the year in force), the report's period (from core.metadata or the sidecar), and the
resolution of every date mention of the text in reading order:
  - a date with its year is read as stated;
  - a relative date ("the next day", "a week later") counts from the date told before it, in its
    paragraph or the one before; "on Tuesday", "last month" count from the publication day;
  - a day or month without a year takes the year of the nearest dated context before it in its
    paragraph (the next year when that puts it at most three months after that date and not after
    the publication day: "On 3 December ... On 15 January" told forward across New Year), else a
    year that puts it inside the report's period, else the year in force (the last stated year of the earlier paragraphs, else the publication year, else the latest
    year the text names, else the year of the day the file was retrieved, from its provenance
    sidecar), and a date that would then fall after the publication day is the year before (news
    tells what has happened); in a text with a publication day and no period, a paragraph's first
    date that falls in the three months before that day in its year is of that year, not of the
    year an earlier paragraph left in force ("New York, January 14, 2025 - ... released in June
    2024. / On January 12, border guards ...": 2025). A text with no year anywhere and no sidecar date of its own is read
    in the assumed year of its build (the newest retrieval year of the sources, see
    ReportMeta.assumed_year): its dates keep the day and month the text states, and their basis
    says "year 2026 assumed", so a reviewer or a query can tell them apart (`date_basis LIKE
    'year % assumed%'`). Without an assumed year they stay undated.
  - a day told with its weekday ("On Wednesday, March 1") takes the year that weekday fits;
  - "on the morning of the verdict", "the day of his trial" is the last day told in a sentence
    about a court session (verdict, trial, hearing, sentenced) before it.
A date in a news photo's caption ("People are seen in Dushanbe on November 3, 2015.") is the
day the photo was taken and is left out. Each resolved mention keeps its surface and the basis of its year, so that an incident can say
why "September 3" became 2021-09-03. Which date belongs to which event is events.dating.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Sequence

from pipelines.core import dates as _dates

HEAD_CHARS = 1500  # the publication day is looked for in the first lines only (a saved page: after its menus)

_FULL_DATE_ALT = (r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Z](?:[a-z]+|[A-Z]+))\.?,?\s+(?P<y1>(?:19|20)\d{2})|"
                  r"(?P<m2>[A-Z](?:[a-z]+|[A-Z]+))\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{2})|"
                  r"(?P<d3>\d{1,2})[./](?P<m3>\d{1,2})[./](?P<y3>(?:19|20)\d{2})|"
                  r"(?P<y4>(?:19|20)\d{2})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d))")
_FULL_DATE = re.compile(r"\b" + _FULL_DATE_ALT + r"\b")
# "March 14, 2023 12:40 GMT" or "16.05.2017 20:19 msk" alone on a line, or a dateline
# "Almaty, March 3, 2023 —"; "Update, January 23, 2017" says when a page changed, not its news.
_PUBLISHED_LINE = re.compile(
    # (a list item's bullet may open it: "• New York, January 14, 2025—")
    r"^(?:[•·▪*]\s+)?(?P<place>[A-Z][\w ]{0,20},\s+)?" + _FULL_DATE_ALT +
    r"(?P<tail>[ \t]*(?:[|,/-]?[ \t]*\d{1,2}:\d{2}(?:[ \t]*[A-Za-z+]{2,5})?)?[ \t]*$|[ \t]*(?:–|—|--)|[ \t]+-[ \t]|"
    r"\.[ \t]+(?=[A-Z]))",
    re.MULTILINE)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# words of a byline that say what the page is ("News release | March 12, 2021"), not prose
LABEL_WORDS = {"published", "posted", "by", "release", "news", "press", "statement", "story", "report", "article",
               "analysis", "commentary", "briefing", "update", "alert", "feature", "opinion", "interview"}
# a line that says when the page was published, whatever follows the date ("by admin")
_STAMP = re.compile(r"(?i)\s*(?:published|posted|date|dated|first published)\b")
# relative dates that count from the publication day, not from the date told before them
_PUBLICATION_RELATIVE = re.compile(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
                                   r"yesterday|tonight|this|last|past|ago|earlier this)\b")


def _date_of(m: re.Match[str]) -> date | None:
    if m.group("y3"):
        d, mo, y = int(m.group("d3")), int(m.group("m3")), int(m.group("y3"))
    elif m.group("y4"):
        d, mo, y = int(m.group("d4")), int(m.group("m4")), int(m.group("y4"))
    else:
        name = (m.group("m1") or m.group("m2")).lower()
        mo = _dates.MONTHS.get(name, _dates.MONTHS.get(name[:3], 0))
        d, y = int(m.group("d1") or m.group("d2")), int(m.group("y1") or m.group("y2"))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _byline_date(text: str) -> date | None:
    """A short line of the head that is a date plus a time, a source or an author ("17 January
    2024, 14:20 | Kloop", "Vlast.kz, 7 June 2024"): no prose, so it says when the page was
    published, not when something happened."""
    for line in text[:HEAD_CHARS].split("\n"):
        line = line.strip()
        m = _FULL_DATE.search(line)
        if not m or len(line) > 90 or re.match(r"(?i)\s*(?:updated?|last\s+updated|modified)\b", line):
            continue
        rest = re.sub(r"\d{1,2}:\d{2}(?:\s*[A-Za-z+]{2,5})?|[|,/()•·–—:-]", " ",
                      line[:m.start()] + " " + line[m.end():])
        words = rest.split()
        if _STAMP.match(line) and len(words) <= 8:
            return _date_of(m)  # "Posted on March 12, 2021 by admin", "Published: 12 March 2021"
        if len(words) <= 6 and not any(w[:1].islower() and len(w) > 3 and "." not in w and
                                       w.lower() not in LABEL_WORDS for w in words):
            return _date_of(m)
    return None


_YEARLESS_STAMP = re.compile(r"^\s*(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]+)|(?P<m2>[A-Z][a-z]+)\s+(?P<d2>\d{1,2}))"
                             r",?\s+\d{1,2}:\d{2}\s*$", re.MULTILINE)


def _yearless_stamp(text: str, year: int | None) -> date | None:
    """"16 March, 12:40" alone on a line of the head: a news page's time stamp without its year,
    read in the year in force (the text's, its sidecar's or the build's assumed one)."""
    if year is None:
        return None
    for m in _YEARLESS_STAMP.finditer(text, 0, min(len(text), HEAD_CHARS)):
        name = (m.group("m1") or m.group("m2")).lower()
        month = _dates.MONTHS.get(name, _dates.MONTHS.get(name[:3], 0))
        try:
            return date(year, month, int(m.group("d1") or m.group("d2")))
        except ValueError:
            continue
    return None


def publication_date(text: str) -> date | None:
    """The publication day a text states in its first lines (a date line or a dateline)."""
    byline = _byline_date(text)
    if byline is not None:
        return byline
    for m in _PUBLISHED_LINE.finditer(text, 0, min(len(text), HEAD_CHARS)):
        if m.group("place") and (not _is_dateline(m) or m.group("tail").lstrip().startswith(".")):
            # ("Almaty, 3 March 2023. Police ..." may be a digest's item as well as a press
            # release's dateline: it dates its own paragraph's weekdays, not the whole text)
            continue
        if not m.group("place") and _is_dateline(m) and _timeline_item(text, m):
            continue
        day = _date_of(m)
        if day is not None:
            return day
    return None


def _timeline_item(text: str, m: re.Match[str]) -> bool:
    """A line that opens with a date and a dash ("12 March 2021 - X was summoned ...") is an item
    of a dated timeline, not a dateline, when another line of the text opens the same way: a case
    history lists its events so, and its first item is no publication day (its later items would
    then all fall "after publication" and be read a year back)."""
    return any(o.start() != m.start() and not o.group("place") and _is_dateline(o)
               for o in _PUBLISHED_LINE.finditer(text))


def _dateline(text: str, start: int) -> re.Match[str] | None:
    """The dateline a paragraph opens with ("Stockholm, April 9, 2024—CPJ said ..."): a page of
    several news items publishes each on its own day, and the weekdays of an item ("the court on
    Tuesday released ...") count from it, not from the page's first item."""
    m = _PUBLISHED_LINE.match(text, start)
    return m if m is not None and m.group("place") and _is_dateline(m) else None


def _is_dateline(m: re.Match[str]) -> bool:
    """A place and a date count as a dateline when a dash follows them: "Almaty, March 3, 2023 —"."""
    return bool(re.match(r"\s*(?:–|—|-)|\.\s", m.group("tail")))


@dataclass(frozen=True)
class Dated:
    """A date mention placed on the timeline, with the basis of its year."""

    mention: _dates.DateMention
    basis: str  # "stated", "counted from <phrase>", "year <y> from <where>"
    paragraph: int
    heading: bool = False  # told in a heading (a digest's "March 2023" or "5 March, Taraz")
    dateline: bool = False  # the date of a dateline ("Almaty, March 3, 2023 —"): when the item was published

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


@dataclass
class Timeline:
    publication: date | None
    period: tuple[date | None, date | None]
    dated: list[Dated]

    def __post_init__(self) -> None:
        self._starts = [d.start for d in self.dated]

    def within(self, start: int, end: int) -> list[Dated]:
        """The dates whose mention lies inside [start, end), in text order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.dated) and self.dated[i].start < end:
            if self.dated[i].end <= end:
                out.append(self.dated[i])
            i += 1
        return out

    def before(self, pos: int, paragraph: int | None = None, story: bool = False) -> Dated | None:
        """The last date before `pos` (of a day or month), optionally within a paragraph.
        `story`: a day of the story, not when it was published or said ("Human Rights Watch said
        today": the dateline's day counted as "today", a dateline, a heading)."""
        i = bisect_left(self._starts, pos) - 1
        while i >= 0:
            d = self.dated[i]
            if paragraph is not None and d.paragraph != paragraph:
                return None
            if d.mention.precision != "year" and not (story and (
                    d.dateline or d.heading or (d.mention.relative and d.mention.first == self.publication))):
                return d
            i -= 1
        return None


def _stated(d: Dated) -> bool:
    return d.mention.year_stated and d.mention.precision != "year"


def _flashback(year: int, latest: int | None) -> bool:
    """A day or month more than a year before the latest one stated earlier (`latest`: "the
    alleged fraud occurred in July 2010" in an item about September 2015) tells background: the
    next paragraph's "on September 16" is back in the story's year, not in 2010."""
    return latest is not None and year < latest - 1


def _last_stated_year(dated: Sequence[Dated], latest: int | None) -> int | None:
    """The year of the last day or month stated with its year, passing over flashbacks (a scan
    back that stops at the first, as before flashbacks were known: `latest` is itself one)."""
    for d in reversed(dated):
        if _stated(d) and not _flashback(d.mention.first.year, latest):
            return d.mention.first.year
    return None


def _before_publication(dm: _dates.DateMention, published: date | None) -> _dates.DateMention:
    if published is None or dm.year_stated or dm.relative or dm.first <= published:
        return dm
    try:
        return replace(dm, first=dm.first.replace(year=dm.first.year - 1),
                       last=dm.last.replace(year=dm.last.year - 1))
    except ValueError:  # 29 February
        return dm


def _latest_before(dm: _dates.DateMention, published: date | None) -> _dates.DateMention:
    """A news item's day without a year, read after a date whose year was itself inferred ("arrested
    in December" of a May item: the December before): the latest year that puts it at or before the
    publication day ("on May 12" of an item of May 14, 2025 is 2025), not the inferred date's year."""
    if published is None or dm.year_stated or dm.relative or dm.first.year >= published.year:
        return dm
    try:
        later = replace(dm, first=dm.first.replace(year=published.year), last=dm.last.replace(year=published.year))
    except ValueError:  # 29 February
        return dm
    if later.last > published:
        try:
            later = replace(dm, first=dm.first.replace(year=published.year - 1),
                            last=dm.last.replace(year=published.year - 1))
        except ValueError:
            return dm
    return later if later.first > dm.first else dm


_WEEKDAY_BEFORE = re.compile(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s*(?:the\s+)?$")


def _weekday_year(text: str, dm: _dates.DateMention) -> _dates.DateMention | None:
    """"On Wednesday, March 1": a day and month told with their weekday fix the year (the one
    nearest the year inferred, within three years either side)."""
    if dm.year_stated or dm.relative or dm.precision != "day" or dm.first != dm.last:
        return None
    m = _WEEKDAY_BEFORE.search(text, max(0, dm.start - 14), dm.start)
    if not m:
        return None
    want = _dates.WEEKDAYS[m.group(1).lower()]
    for delta in (0, -1, 1, -2, 2, -3, 3):
        try:
            day = dm.first.replace(year=dm.first.year + delta)
        except ValueError:
            continue
        if day.weekday() == want:
            return replace(dm, first=day, last=day)
    return None


# a news photo's caption ("People are seen in Dushanbe, Tajikistan, on November 3, 2015."): the
# day the photo was taken, which dates none of the events the text tells
_CAPTION = re.compile(r"\b(?:is|are)\s+(?:seen|pictured|shown|photographed)\b")


def _photo_date(text: str, dm: _dates.DateMention) -> bool:
    lo = max(0, dm.start - 200)
    lo = max(text.rfind(". ", lo, dm.start), text.rfind("\n", lo, dm.start), lo)
    return bool(_CAPTION.search(text, lo, dm.start))


def _basis(dm: _dates.DateMention, ctx: _dates.DateContext, in_force: int | None,
           previous: _dates.DateMention | None, origin: str | None = None) -> str:
    if dm.relative:
        if ctx.publication is not None and _PUBLICATION_RELATIVE.search(dm.surface):
            return f"counted from the publication day {ctx.publication.isoformat()}"
        if dm.surface.lower().startswith("the eve of") and previous is not None and previous.first is not None and \
                dm.first is not None and (previous.first - dm.first).days != 1:
            return "the day before the day told of that event"  # dates._eve_of_dated
        return f"counted from “{previous.surface}”" if previous is not None else "relative"
    if dm.year_stated:
        return "stated"
    year = dm.first.year
    if ctx.publication is not None and year == ctx.publication.year and ctx.period_start is None and \
            previous is not None and previous.first.year < year and \
            _dates.in_weeks_before(dm.first, ctx.publication):
        return f"year {year}: in the weeks before the publication day {ctx.publication.isoformat()}"
    if previous is not None and year == previous.first.year + 1 and dm.first > previous.last:
        return f"year {year}: the story turned the year after “{previous.surface}”"
    if ctx.period_start and ctx.period_start.year <= year <= (ctx.period_end or ctx.period_start).year:
        return f"year {year} from the report's period"
    if origin and year == in_force:
        return f"year {year} {origin}"
    if year == in_force:
        return f"year {year} from the nearest dated context"
    if ctx.publication and year in (ctx.publication.year, ctx.publication.year - 1):
        return f"year {year} from the publication day {ctx.publication.isoformat()}"
    return f"year {year} from the text"


def build(text: str, units: Sequence[Any], meta: Any) -> Timeline:
    """The timeline of one report: every date mention of its paragraphs and headings, resolved."""
    published = publication_date(text)
    retrieved = getattr(meta, "retrieved", None)
    period = (getattr(meta, "period_start", None), getattr(meta, "period_end", None))
    years = [int(y) for y in _YEAR.findall(text)]
    latest = max(years) if years else None
    assumed = getattr(meta, "assumed_year", None) if retrieved is None else None
    # where the year in force comes from when the text states none at all
    origin = (None if published or latest else
              f"from the file's retrieval date {retrieved.isoformat()}" if retrieved else
              "assumed: the report states no year (the newest retrieval year of the sources)" if assumed else None)
    if published is None:
        published = _yearless_stamp(text, latest or (retrieved.year if retrieved else None) or assumed)
        if published is not None and retrieved is not None and published > retrieved:
            published = published.replace(year=published.year - 1)
    blocks = sorted((u for u in units if u.kind in ("paragraph", "heading")), key=lambda u: u.start)
    dated: list[Dated] = []
    latest_stated: int | None = None  # the latest year of a day or month stated so far (flashbacks)
    previous: _dates.DateMention | None = None
    session: _dates.DateMention | None = None  # the last court session's day, for "the day of the verdict"
    told: _dates.DateMention | None = None  # the last day or month told by itself (not counted from another)
    previous_paragraph = -1  # the paragraph of `previous`
    issued = published  # the day the item being read was published: "said Tuesday" counts from it
    for index, unit in enumerate(blocks):
        in_force = _last_stated_year(dated, latest_stated) or (published.year if published else None) or latest or (
            retrieved.year if retrieved else None) or assumed
        head = _dateline(text, unit.start)
        issued = (_date_of(head) if head is not None else None) or issued
        head_end = head.end() if head is not None else -1
        # the last day of the paragraph that told `previous`, when that is a month (DateContext.previous_day)
        previous_day = next((d.mention for d in reversed(dated) if previous is not None
                             and d.paragraph == previous_paragraph and d.mention.precision == "day"
                             and d.start < previous.start), None) \
            if previous is not None and previous.precision in ("month", "part_of_month") else None
        # a new paragraph reads no date in the year of a flashback told before it (nor counts "the
        # next day" from it, which a new paragraph after background rarely does)
        carried = previous
        if previous is not None and not previous.relative and _flashback(previous.first.year, latest_stated):
            carried = None
        ctx = _dates.DateContext(default_year=in_force, period_start=period[0], period_end=period[1],
                                 previous=carried, publication=issued, session=session, previous_day=previous_day,
                                 country=getattr(meta, "country", None))
        anchor = previous
        for dm in _dates.find_dates(text, ctx=ctx, start=unit.start, end=unit.end):
            if _photo_date(text, dm):
                continue
            dm = _before_publication(dm, published or retrieved)
            if period[0] is None and told is not None and not told.year_stated:
                dm = _latest_before(dm, published)
            if not dm.relative and dm.precision != "year":
                told = dm
            by_weekday = _weekday_year(text, dm)
            basis = (f"year {by_weekday.first.year} from its weekday" if by_weekday
                     else f"the day of the court session told before (“{session.surface}”)"
                     if dm.relative and session is not None and _dates._P_SESSION.match(dm.surface)
                     else _basis(dm, ctx, in_force, previous_day if dm.relative and anchor is previous
                                 and previous_day is not None else anchor, origin))
            if not dm.relative and dm.precision == "day" and _dates._session_day(text, dm):
                session = dm
            dated.append(Dated(by_weekday or dm, basis, unit.paragraph_index, unit.kind == "heading",
                               dm.end <= head_end))
            if _stated(dated[-1]):
                latest_stated = max(latest_stated or 0, dated[-1].mention.first.year)
            if dm.precision != "year":
                anchor = dm
        if dated and dated[-1].paragraph == unit.paragraph_index:
            last = next((d.mention for d in reversed(dated) if d.mention.precision != "year"
                         and d.paragraph == unit.paragraph_index), None)
            if last is not None:
                previous, previous_paragraph = last, unit.paragraph_index
    dated.sort(key=lambda d: d.start)
    return Timeline(published, period, dated)

"""The date of each event, and the phrase it came from.

Belongs here, in the order tried:
  1. the date a clause of "when" is about ("until 30 September, when he was released"); a date
     phrase of the trigger's own clause (events.attach: on the trigger, else on the verb it
     is coordinated with or governed by, else on the sentence's main clause), the most precise
     first ("in May 2021, on 5 May" -> 5 May); the date of a dateline only when the sentence
     tells none of its own ("New York, March 12, 2021—Police detained X on Tuesday": Tuesday); the
     date of a clause of "as", "when" or "while" that the event's clause hangs on ("As his trial
     started on 12 February, he complained of being beaten": 12 February); a
     day counted from a date of the story's sentence that was not its event's ("fined on 12 May for a
     rally on 1 May. She was released the next day") counts from the story's day instead;
  2. an event told as following a dated one ("given administrative detention after police broke
     up the march on 23 September"): the day it counts ("a week after her release on 5 May"),
     else the story's day when it falls in the month after that day, else that day's month; the
     event of a clause that a count opens ("his death came five days after X was sentenced") is
     that many days before the day counted from;
  2b. an event told as following another named by its noun, with no date of its own ("Following
     the verdict, she was taken into custody"): the day of the story's last event of that noun's
     types (lexicon `counted_from_nouns`);
  3. a date of a clause of the sentence before the trigger's (split off at a semicolon: "X was
     detained on 5 May; she was later fined");
  4. the date of the story: the last dated event of the paragraph, or of the previous paragraph
     when the event concerns the same people ("He was released two days later" is resolved by the
     timeline against the date told before it);
  5. the date of the section: the last date of a heading above ("5 March, Taraz" items of a
     digest under "March 2023");
  5b. in a news item (a report with no period), for an event told in the simple past: the story's
     last day told before it, in any paragraph ("Police detained ten people on June 23 in Almaty. /
     There was a similar scene in Astana, where police also detained ..."); not a day of saying
     ("said today"), a dateline or a heading, and not for a protest or what a court decided;
  6. the report's span: its period when it is a month or shorter, else the month before its
     publication day, with precision `unknown`;
  7. none.
The years of dates without one are the timeline's (events.timeline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipelines.core.dates import NUMBER_WORDS, counted_days
from pipelines.core.legal import _UNIT_DAYS as UNIT_DAYS
from pipelines.core.events.arguments import Story
from pipelines.core.events.attach import attachment, choose
from pipelines.core.events.prepare import Sentence
from pipelines.core.events.model import COURT_ROW_TYPES
from pipelines.core.events.timeline import Dated, Timeline
from pipelines.core.events.triggers import Trigger, lost_object, lost_verb

RANK = {"day": 0, "part_of_month": 1, "month": 2, "year": 3}
SHORT_PERIOD_DAYS = 45
NEWS_WINDOW_DAYS = 30
AFTER = {"after", "following"}


@dataclass
class EventDate:
    first: date | None
    last: date | None
    precision: str  # day, month, part_of_month, year, unknown
    phrase: str | None  # the words of the text the date came from
    basis: str  # how: "stated", "year 2021 from the report's period", "carried from ...", ...
    source: Dated | None = None
    own: bool = False  # stated in the event's own sentence


DATELINE_BASIS = "the item's dateline"
REPORTED_BASIS = "the day it was reported"
NEWS_BASIS = "the last date told before it, in a news item"
NOT_CARRIED = COURT_ROW_TYPES | {"protest", "by_penalty"}


def _opens(a) -> bool:
    """The date phrase is the first words of its sentence (after the blank left for its "On")."""
    doc = a.head.doc
    first = min(x.i for x in a.tokens)
    return all(doc[i].is_space or doc[i].lower_ == "on" for i in range(first))


def _of(d: Dated, basis_prefix: str = "", own: bool = True) -> EventDate:
    m = d.mention
    basis = d.basis if not basis_prefix else f"{basis_prefix}: {d.basis}"
    return EventDate(m.first, m.last, m.precision, m.surface, basis, d, own)


def date_of(s: Sentence, t: Trigger, anchors: set[int], speech: frozenset[str], story: Story,
            timeline: Timeline, carry_ok: bool, counted_nouns: dict | None = None) -> EventDate:
    # a date inside quotation marks is part of a name or a slogan ("a banner reading 'Justice for
    # January'"), not the day of an event told outside them
    inside = s.quoted(s.offset(t.chunk, t.token))
    found = [a for a in s.dates if a.chunk == t.chunk and (inside or not s.quoted(a.start))]
    # "held there until 30 September, when he was discharged": a clause of "when" about a date
    # tells what happened on it (the date hangs on the clause's head, not on the clause)
    when = [a for a in found if t.token.dep_ == "relcl" and t.token.head.i in {x.i for x in a.tokens}
            and any(c.lower_ == "when" for c in t.token.children)]
    if when:
        return _of(when[0].item)
    later = [a for a in found if _after(a.head, t.token)]
    # a dateline ("New York, March 12, 2021—") says when the item was published: the event's own
    # date, when the sentence tells one ("on Tuesday"), comes first; else the dateline's day
    told = [a for a in found if a not in later and not a.item.dateline]
    picked = choose(t, told, anchors, speech, reported=True) or choose(
        t, [a for a in found if a.item.dateline], anchors, speech, reported=True)
    if lost_verb(t.token):
        # "On 7 June 2021 a court sentenced journalist X ...", read as "a court-sentenced
        # journalist" with the date on the noun: the date told before the lost verb is its own
        picked = picked + [a for a in told if a.tokens[-1].i < t.token.i and a.head.i not in anchors
                           and a not in picked]
        if not picked:
            # "... sentenced activist X and journalist Y to five years in the early hours of 7
            # June", the phrase hung on the name the parser made the root: the verb's own
            name = lost_object(t.token)
            picked = [a for a in told if a.head.i > t.token.i and attachment(a.head, anchors)[0].i == name.i]
    if picked:
        # a day stated outright before one counted from another ("On 7 June a court sentenced X,
        # a week after she criticised the governor": 7 June)
        best = min(picked, key=lambda a: (RANK.get(a.item.mention.precision, 4),
                                          a.item.mention.surface.lower().startswith("since"),
                                          a.item.mention.relative and a.item.mention.surface.lower().rstrip().endswith(
                                              ("after", "before")),
                                          abs(a.head.i - t.token.i)))
        if best.item.dateline:
            # no date of its own: the item's dateline (merging knows a lead's summary by it)
            return _of(best.item, DATELINE_BASIS)
        said = attachment(best.head, anchors)[0]
        if said.i != t.token.i and said.lemma_ in speech and said.pos_ in ("VERB", "AUX"):
            # "On 28 July reports confirmed the arrest of X": the day it was made known, which
            # merging gives way to the event's own day told elsewhere (codebook: else that day)
            return _of(best.item, REPORTED_BASIS)
        return _clause_counted(best, t.token) or _from_named_event(best, story, counted_nouns) or \
            _recounted(best.item, story, timeline) or _of(best.item)
    meanwhile = _while_clause(t.token, told)
    if meanwhile is not None:
        return _of(meanwhile.item)
    opening = [a for a in told if a.chunk == 0 and a.item.mention.precision == "day" and _opens(a)
               and not a.item.mention.surface.lower().startswith(("since", "until", "till", "by", "before"))]
    if opening and not later:
        # "On 5 April police in Aktobe flogged X", parsed as "5 April police" with the verb an
        # adjective: a day that opens the sentence dates what the sentence tells when nothing
        # else of it is attached to the event
        return _of(opening[0].item)
    if later:
        # "given administrative detention after police broke up the march on 23 September": the
        # event follows that day; the story's day stands when it falls in the month after, else
        # that day's month
        since = later[0].item
        if since.mention.relative and since.mention.first is not None and \
                since.mention.surface.lower().rstrip().endswith((*sorted(AFTER), "before")):
            # "Four days after the protest, X was beaten", "Two days after the rally, police
            # summoned ...": the phrase is the count itself, already made by the timeline from the
            # day told before; counting it again went that many days too far
            return _from_named_event(later[0], story, counted_nouns) or _of(since)
        if story.date is not None and carry_ok and story.date.mention.first is not None and \
                since.mention.first is not None and \
                0 <= (story.date.mention.first - since.mention.first).days <= NEWS_WINDOW_DAYS:
            return _of(story.date, "carried from the story", own=False)
        return _month_after(since, _offset_of(later[0].head, t.token))
    followed = _followed_event(t.token, story, counted_nouns)
    if followed is not None:
        return followed
    # "X was detained on 5 May; she was later fined": a clause of the same sentence told before
    # (a chunk split off at a semicolon) dates the clause that goes on from it
    earlier = [a for a in s.dates if a.item.mention.precision != "year" and not a.item.dateline and (
        a.chunk < t.chunk or (a.chunk == t.chunk and a.tokens[-1].i < t.token.i and any(
            x.text == ";" for x in t.token.doc[a.tokens[-1].i:t.token.i])))]
    if earlier:
        return _of(earlier[-1].item, "the date of the sentence's clause before", own=False)
    if story.date is not None and carry_ok:
        return _of(story.date, "carried from the story", own=False)
    told = story.frame if story.frame is not None and story.frame.paragraph == s.paragraph else None
    if told is None:
        told = timeline.before(s.start, paragraph=s.paragraph)
    if told is not None:
        return _of(told, "the last date told in the paragraph", own=False)
    heading = _heading_date(s, timeline)
    if heading is not None:
        return _of(heading, "from the heading above", own=False)
    if timeline.period == (None, None) and t.type not in NOT_CARRIED and _told_in_past(t.token):
        # a news item, which tells one story: a paragraph that states no date goes on with the
        # story's last day ("Police detained ten people on June 23 in Almaty. / There was a similar
        # scene in Astana, where police also detained ..."); not a protest told again without its
        # day ("the protest was dispersed"), which is the one told before, or background, nor what
        # a court decided, which takes the day of the court's session (events.__init__)
        told = timeline.before(s.start, story=True)
        if told is not None:
            return _of(told, NEWS_BASIS, own=False)
    return report_span(timeline)


def _told_in_past(token) -> bool:
    """The event is told in the simple past, the tense of a news story's narrative ("police also
    detained", "was detained", "Detentions also occurred"), not as background or a state ("has
    been repeatedly fined", "had been held", "is detained solely for ...")."""
    verb = token
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("before", "after") and verb.head.head.pos_ in ("VERB", "AUX") \
            and verb.head.head.i != verb.i:
        # "was held at a police station for four hours before being released": the clause's tense is its verb's
        return _told_in_past(verb.head.head)
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" or a.tag_ in ("MD", "VBZ", "VBP") for a in auxes):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in auxes))


# the words that open a clause told at the same time as the one it hangs on
_MEANWHILE = {"as", "when", "while"}
# the links from an event up to a verb whose clause it belongs to ("complained of being beaten",
# "tried to detain"); not a clause of saying (ccomp), which may tell an earlier day
_WITHIN_CLAUSE = {"xcomp", "pcomp", "pobj", "prep"}


def _while_clause(token, told: list):
    """"As X's trial started on 12 February, he complained of being beaten": a clause of "as",
    "when" or "while" dates the clause it hangs on, and so the event told inside that clause
    when nothing of the event's own dates it."""
    x = token
    for _ in range(6):
        for clause in (c for c in x.children if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in _MEANWHILE for m in c.children)):
            inside = [a for a in told if clause.left_edge.i <= a.head.i <= clause.right_edge.i
                      and a.item.mention.precision in ("day", "month")]
            if inside:
                return inside[0]
        if x.dep_ not in _WITHIN_CLAUSE or x.head.i == x.i:
            return None
        x = x.head
    return None


def _from_named_event(a, story: Story, nouns: dict | None) -> EventDate | None:
    """"Three days after the detention, X was fined": a count after an event named by its noun
    counts from the day of the story's last dated event of that noun's types (lexicon
    `counted_from_nouns`), not from the last date told, which may be another's ("On 12 April his
    lawyer complained")."""
    m = a.item.mention
    days = counted_days(m.surface or "")
    if not nouns or not m.relative or days is None or not (m.surface or "").lower().rstrip().endswith(("after", "before")):
        return None
    noun = next((c for c in a.tokens[-1].children if c.dep_ == "pobj"), None)
    base = _last_of_noun(noun, story, nouns)
    if base is None:
        return None
    day = base.first + timedelta(days=days)
    return EventDate(day, day, "day", m.surface,
                     f"counted {days} days from the {noun.lower_} of {base.first.isoformat()}", a.item, True)


def _clause_counted(a, trigger) -> EventDate | None:
    """"His death came five days after X was sentenced", "released on 5 February, two weeks after
    he was sentenced": the count dates the clause it opens from the day told outside it, so the
    event inside the clause is that many days before that day (after a "before", after it). The
    timeline counted the phrase forward from the day told before it."""
    m = a.item.mention
    days = counted_days(m.surface or "")
    if not m.relative or not days or m.first is None or m.precision != "day" or \
            not a.item.basis.startswith("counted from") or a.head.head.i != trigger.i or a.head.dep_ != "npadvmod":
        return None
    if not any(c.dep_ == "mark" and c.lower_ in (*AFTER, "before") for c in trigger.children):
        return None
    day = m.first - timedelta(days=2 * days)
    return EventDate(day, day, "day", m.surface, f"the day {abs(days)} days {'before' if days > 0 else 'after'} "
                     f"the one it was counted from ({a.item.basis})", a.item, True)


def _followed_event(token, story: Story, nouns: dict | None) -> EventDate | None:
    """"Following the verdict, she was taken into custody": an event told as following another,
    named by its noun (lexicon `counted_from_nouns`), with no date of its own, is on the day of
    the story's last dated event of that noun's types, not on the last date told."""
    for c in token.children:
        if not nouns or c.dep_ != "prep" or c.lower_ not in AFTER:
            continue
        noun = next((g for g in c.children if g.dep_ == "pobj"), None)
        if noun is None or not any(g.dep_ in ("det", "poss") for g in noun.children):
            continue
        base = _last_of_noun(noun, story, nouns)
        if base is not None:
            return EventDate(base.first, base.last, "day", f"{c.text} the {noun.text}",
                             f"the day of the {noun.lower_} it followed ({base.first.isoformat()})", None, False)
    return None


def _last_of_noun(noun, story: Story, nouns: dict):
    """The story's last event dated to a day of the types an event noun may be (lexicon
    `counted_from_nouns`: "the verdict" -> prison_sentence, fine, ...), or None."""
    types = (nouns.get(noun.lemma_.lower()) or nouns.get(noun.lower_)) if noun is not None else None
    told = [story.dated_types[k] for k in types or () if k in story.dated_types]
    told = [v for v in told if v.draft.first is not None and v.draft.precision == "day"]
    return max(told, key=lambda v: v.draft.start).draft if told else None


def _recounted(d: Dated, story: Story, timeline: Timeline) -> EventDate | None:
    """"X was fined on 12 May for a rally on 1 May. She was released the next day": a day counted
    from the date told before it counts from the story's event when that date was another of the
    event's sentence (the rally's, not the fine's): the next day is 13 May."""
    m = d.mention
    if not m.relative or not d.basis.startswith("counted from “") or story.date is None or m.first is None:
        return None
    draft = getattr(story.date, "draft", None)
    told = story.date.mention
    anchor = timeline.before(m.start)
    if draft is None or anchor is None or told.first is None or told.precision != "day" or \
            anchor.mention.first == told.first or anchor.mention.precision != "day":
        return None
    # the anchor is another date of the event's sentence, or a day counted back from it that no event
    # took ("gathered on 11 March ... bulldozers had arrived two days earlier. She was released six
    # hours later": 11 March)
    if not (draft.start <= anchor.start < draft.end or (
            anchor.mention.relative and anchor.start >= draft.end and anchor.paragraph == draft.paragraph
            and anchor.mention.first < told.first)):
        return None
    shift = m.first - anchor.mention.first
    day = told.first + shift
    return EventDate(day, day, "day", m.surface, f"counted from the story's day {told.first.isoformat()} "
                     f"(“{m.surface}” after “{told.surface}”)", d, True)


def _after(head, trigger) -> bool:
    """Is a date headed by `head` inside a clause or phrase of the trigger that tells what it
    followed ("after police broke up the march on 23 September", "following the rally on 5 May")?"""
    x = head
    for _ in range(40):
        if x.head.i == x.i or x.i == trigger.i:
            return False
        if x.head.i == trigger.i:
            if x.dep_ == "prep":
                return x.lower_ in AFTER
            return x.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in AFTER for c in x.children)
        x = x.head
    return False


def _offset_of(head, trigger) -> int | None:
    """The days an "after" phrase counts ("a week after her release on 5 May", "two days after"),
    None when it counts none."""
    x = head
    while x.head.i != x.i and x.head.i != trigger.i:
        x = x.head
    marker = x if x.dep_ == "prep" else next((c for c in x.children if c.dep_ == "mark"), None)
    if marker is None:
        return None
    for c in marker.children:
        unit = UNIT_DAYS.get(c.lemma_)
        if c.dep_ == "npadvmod" and c.lemma_ in ("day", "week") and unit:
            count = next((g for g in c.children if g.dep_ in ("nummod", "det")), None)
            if count is None:
                return None
            n = 1 if count.lower_ in ("a", "an", "one") else NUMBER_WORDS.get(count.lower_) or (
                int(count.text) if count.text.isdigit() else None)
            return n * unit if n else None
    return None


def _month_after(d: Dated, offset: int | None = None) -> EventDate:
    m = d.mention
    if offset is not None and m.first is not None and m.precision == "day":
        # "a week after her release on 5 May": counted from that day
        day = m.first + timedelta(days=offset)
        return EventDate(day, day, "day", m.surface, f"counted {offset} days after “{m.surface}”", d, False)
    if m.first is None or m.precision not in ("day", "part_of_month"):
        return _of(d, "the date of what it followed", own=False)
    first = m.first.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return EventDate(first, last, "month", m.surface, f"the month of what it followed: {d.basis}", d, False)


def _heading_date(s: Sentence, timeline: Timeline) -> Dated | None:
    d = timeline.before(s.start)
    if d is not None and d.paragraph != s.paragraph and getattr(d, "heading", False):
        return d
    return None


def report_span(timeline: Timeline) -> EventDate:
    first, last = timeline.period
    if first and last and (last - first).days <= SHORT_PERIOD_DAYS:
        return EventDate(first, last, "unknown", None, "the report's period (no date in the text)")
    if timeline.publication is not None:
        pub = timeline.publication
        return EventDate(pub - timedelta(days=NEWS_WINDOW_DAYS), pub, "unknown", None,
                         "the month before publication (no date in the text)")
    return EventDate(None, None, "unknown", None, "no date in the text")

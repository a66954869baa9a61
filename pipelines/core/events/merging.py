"""One row per incident: the same event told twice, or told once and summarised, is one row.

Belongs here (rows of one report, in text order):
  - a repeated telling (the same type, people, day and place: a summary repeating the body, a
    quoted tweet, a digest repeating an item) is the first row; the later telling is kept as
    further evidence, so the ids stay unique and stable;
  - the same type and named people on compatible dates (the same day; or one undated, vaguer or
    carried from the story while the other is stated) and places (the same, one unknown, or a city
    and its region) is one incident: the more precise date, place, penalty and articles of the two
    are kept;
  - a verdict or court ruling of people whose sentence, fine or acquittal of the same day is a row
    already says nothing more ("found guilty and sentenced to four years" is the sentence); nor
    does a charge told beside its penalty ("prosecuted and imprisoned in 2020"), nor an
    administrative charge beside the arrest or fine of the same people in its paragraph;
  - a travel ban told with a non-custodial sentence of the same people in the sentence is part of it;
  - a row told by a noun and again by a verb is as well attested as the verb;
  - a custody's length told after its detention ("He was held for ten days") is that detention;
  - an unnamed protest told twice in a paragraph (the gathering, then its dispersal) on the same
    day and place is one protest;
  - people named as members of a group counted just before ("Police in Bishkek detained nine students ...
    Those detained included X and Y") are that group's row, with its count;
  - an unnamed row that only summarises named rows of the same type and day ("Two other persons
    were also detained", "the arrests of the activists") is dropped, unless it counts more people;
  - a news lead's row dated by its dateline alone, whose people the body tells in rows of the
    same type with dates of their own, is those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pipelines.core.events.dating import DATELINE_BASIS, REPORTED_BASIS

# How directly a row's people were read (arguments.Args.via): the slot of the trigger is best
VIA_RANK = {"none": 0, "window": 1, "clause": 2, "story": 3, "slot": 4}
COURT_OUTCOMES = {"prison_sentence", "restricted_freedom", "administrative_arrest", "fine", "charges_dropped",
                  "psychiatric_detention"}


@dataclass
class Draft:
    etype: str
    sentence: int
    paragraph: int
    start: int
    end: int
    persons: list[Any]  # PersonMention targets
    group: str | None
    participants: int | None
    first: date | None
    last: date | None
    precision: str
    own_date: bool
    date_phrase: str | None
    date_basis: str
    place: Any | None
    place_phrase: str | None
    place_basis: str
    perpetrator: str | None
    doers: list[Any]
    legal: list[str]
    amount: Decimal | None
    currency: str | None
    days: int | None
    strength: str
    via: str
    rule: str
    also: bool = False  # the sentence says "also" / "too" next to the trigger
    member: bool = False  # its people are named as members of a group (arguments.Args.member)
    more_evidence: list[tuple[int, int]] = field(default_factory=list)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(p.local_id for p in self.persons)

    @property
    def place_name(self) -> str | None:
        return self.place.name if self.place is not None else None


# the rows a charge read beside a custody takes its day from
CUSTODY_ROWS = frozenset({"detention", "administrative_arrest", "psychiatric_detention"})


def _places_ok(a: Draft, b: Draft) -> bool:
    """Places that can be one event's: the same, one unknown, or a city and the region it lies in
    ("a court in Khujand has sentenced X", "the Sughd regional court found X guilty")."""
    if a.place is None or b.place is None or a.place.name == b.place.name:
        return True
    return _within(a.place, b.place) or _within(b.place, a.place)


def _within(city: Any, region: Any) -> bool:
    """A city inside a region, or inside a country ("Police in Uzbekistan have detained X" and "X
    was detained in Kokand" tell one detention)."""
    if city.kind != "city" or city.country != region.country:
        return False
    return region.kind == "country" or (region.kind == "region" and city.admin1 == region.name)


def _span_ok(a: Draft, b: Draft) -> bool:
    """Dates that can be one event's: the same day, or one inside the other's span, or one unknown."""
    if a.first is None or b.first is None:
        return True
    if a.precision == "unknown" or b.precision == "unknown":
        return True
    if (a.first, a.last) == (b.first, b.last):
        return True
    if not a.own_date or not b.own_date:
        return a.first <= b.last and b.first <= a.last
    vaguer, sharper = (a, b) if (a.last - a.first) > (b.last - b.first) else (b, a)
    return (vaguer.last - vaguer.first).days > 0 and vaguer.first <= sharper.first and sharper.last <= vaguer.last


def _one_verdict(a: Draft, b: Draft) -> bool:
    """Two non-custodial penalties of the same people on the same day ("sentenced to one year of
    restricted freedom ... The court also banned her on 29 April from public activities for three
    years"): one verdict, its ban part of the sentence (codebook: bans as a sentence are
    restricted_freedom), whatever lengths each states."""
    return a.etype == "restricted_freedom" and a.precision == b.precision == "day" and \
        a.first is not None and (a.first, a.last) == (b.first, b.last)


def _better_date(keep: Draft, other: Draft) -> None:
    def width(d: Draft) -> int:
        if d.first is None:
            return 10**6
        return (d.last - d.first).days + (10**5 if d.precision == "unknown" else 0) + (0 if d.own_date else 1)
    if width(other) < width(keep):
        keep.first, keep.last, keep.precision = other.first, other.last, other.precision
        keep.own_date, keep.date_phrase, keep.date_basis = other.own_date, other.date_phrase, other.date_basis


def _absorb(keep: Draft, other: Draft) -> None:
    _better_date(keep, other)
    if keep.place is None and other.place is not None:
        keep.place, keep.place_phrase, keep.place_basis = other.place, other.place_phrase, other.place_basis
    elif (keep.place_basis != "stated" and other.place_basis == "stated") or (
            other.place is not None and keep.place is not None and _within(other.place, keep.place)):
        # a stated place over a carried one; the city over the region it lies in
        keep.place, keep.place_phrase, keep.place_basis = other.place, other.place_phrase, other.place_basis
    keep.legal = keep.legal or other.legal
    if keep.amount is None and other.amount is not None:
        keep.amount, keep.currency = other.amount, other.currency
    keep.days = keep.days or other.days
    keep.perpetrator = keep.perpetrator or other.perpetrator
    keep.participants = keep.participants or other.participants
    # the same event told by a noun and then by a verb ("foretelling her arrest. She was detained
    # shortly afterwards"), or first through the last-resort window and then through its slot: the
    # row is as well attested as its best telling
    if keep.strength == "noun" and other.strength == "verb":
        keep.strength = "verb"
    if VIA_RANK.get(other.via, 0) > VIA_RANK.get(keep.via, 0):
        keep.via = other.via
    keep.more_evidence.append((other.start, other.end))


def merge(drafts: list[Draft], added_charges: frozenset[str] = frozenset()) -> list[Draft]:
    """One row per event told; `added_charges` are the ids of the rules that add a charge to a
    custody (rules/<lang>/triggers.yaml, `additional`), whose rows take the custody's day (as does
    an undated charge of the same people told in the sentence after the custody)."""
    out: list[Draft] = []
    for d in drafts:
        twin = next((k for k in out if k.etype == d.etype and k.ids == d.ids and
                     ((d.ids and _span_ok(k, d) and _places_ok(k, d)
                       and (k.days == d.days or None in (k.days, d.days) or _one_verdict(k, d)))
                      or (not d.ids and k.first == d.first and k.place_name == d.place_name and
                          (k.group == d.group or d.also or k.participants == d.participants))
                      or (not d.ids and k.sentence == d.sentence and k.first == d.first and
                          (k.place_name == d.place_name or None in (k.place_name, d.place_name))))), None)
        if twin is not None:
            _absorb(twin, d)
            continue
        # "Two people detained together are one incident": more people told of the same type, day
        # and place in the same paragraph (with the same penalty) join the row
        partner = next((k for k in out if d.ids and k.ids and k.etype == d.etype and k.paragraph == d.paragraph
                        and k.first is not None and (k.first, k.last) == (d.first, d.last)
                        and k.precision == "day" and (k.place_name == d.place_name or d.place is None)
                        and k.days == d.days and k.amount == d.amount and (d.also or k.sentence == d.sentence)),
                       None)
        if partner is not None:
            partner.persons = partner.persons + [p for p in d.persons if p.local_id not in partner.ids]
            partner.more_evidence.append((d.start, d.end))
            continue
        out.append(d)
    # "Police in Bishkek detained nine students on 16 January ... Those detained included X and Y": the
    # people named as members of a group counted just before, of the same type, day and place, are
    # that group's named members: one row with its count
    for d in [d for d in out if d.member and d.ids and not d.participants]:
        group = next((o for o in out if not o.ids and o.participants and o.participants > len(d.ids)
                      and o.etype == d.etype and o.sentence < d.sentence and d.paragraph - 1 <= o.paragraph <= d.paragraph
                      and o.first is not None and (o.first, o.last) == (d.first, d.last) and _places_ok(o, d)), None)
        if group is not None:
            group.persons = list(d.persons)
            _absorb(group, d)
            out.remove(d)
    # "X was arrested on 3 August ... He was held incommunicado for ten days", "taken to a psychiatric
    # hospital, where she was held for 16 days": a custody's length told after (or with) its custody
    # (rule held-for-a-time) is that custody, whatever day the later sentence carries
    out = [d for d in out if not (d.rule == "held-for-a-time" and d.ids and any(
        o is not d and o.etype in ("detention", "psychiatric_detention", "administrative_arrest") and o.ids >= d.ids
        and o.start <= d.start
        and d.paragraph - 1 <= o.paragraph <= d.paragraph for o in out))]
    # "about 30 residents gathered outside the akimat ... Police dispersed the rally": one protest
    # of the paragraph's day and place, however many times it is told
    told: list[Draft] = []
    for d in out:
        same = next((k for k in told if d.etype == k.etype == "protest" and not d.ids and not k.ids
                     and k.paragraph == d.paragraph and k.first is not None and k.first == d.first
                     and (k.place_name == d.place_name or None in (k.place_name, d.place_name))), None)
        if same is not None:
            same.group = same.group or d.group
            _absorb(same, d)
            continue
        told.append(d)
    out = told
    # "detained X on charges of extortion": the charge an additional rule read beside the custody is
    # of the custody's day, which the custody may have had only from its telling again later; so is
    # an undated charge told of the same people in the sentence after the custody ("GKNB agents have
    # detained X and Y. Both are suspected of inciting mass unrest ... detained on May 28")
    for d in out:
        if d.first is None and d.ids and (d.rule in added_charges or d.etype == "criminal_charge"):
            custody = next((o for o in out if o.etype in CUSTODY_ROWS and o.ids == d.ids and o.first is not None and (
                o.sentence == d.sentence if d.rule in added_charges else
                (o.paragraph == d.paragraph and o.sentence == d.sentence - 1))), None)
            if custody is not None:
                d.first, d.last, d.precision = custody.first, custody.last, custody.precision
                d.date_phrase, d.own_date = custody.date_phrase, False
                d.date_basis = "the day of the custody told with it"
    # a verdict beside the sentence it led to
    # (the people of the verdict may be split among rows of different penalties: "sentenced X and
    # Y to 10 days each, and Z to 15 days after finding them guilty")
    outcomes = [d for d in out if d.etype in COURT_OUTCOMES]

    def covered(d: Draft, fits) -> bool:
        told = frozenset().union(*[o.ids for o in outcomes if o.ids and fits(o)])
        return bool(told) and d.ids <= told

    out = [d for d in out if not (d.etype == "court_ruling" and d.rule.startswith(("convict", "sentence")) and
                                  covered(d, lambda o, d=d: _span_ok(o, d)))]
    # ("the court decided to extend her detention", "ordered his release": the custody or the
    # release the ruling decided is the row, codebook: "court_ruling acceptable")
    outcomes += [d for d in out if d.etype in ("detention", "release")]
    out = [d for d in out if not (d.etype == "court_ruling" and d.ids and
                                  covered(d, lambda o, d=d: o.sentence == d.sentence and o.first == d.first))]
    # "detained and questioned for several hours": the questioning is part of the detention (and
    # "beaten and interrogated", of the violence: the codebook's questioning is without being held); "fined
    # 60,000 KZT and prohibited from filming", "kicked him and threatened to ...": the pressure told
    # beside a more specific event of the same people in the same sentence is part of it
    # "police used force to detain X", "used force when they detained X": the force is the manner of
    # the detention the sentence tells
    # ("stopped at the border and detained", "taken off a plane and detained": the stop is where the
    # detention began, not a travel ban of its own)
    out = [d for d in out if not (d.rule in ("force-used", "stopped-at-border") and any(
        o.etype == "detention" and o.ids >= d.ids and o.sentence == d.sentence for o in out))]
    out = [d for d in out if not (d.ids and d.etype == "interrogation" and any(
        o.etype in ("detention", "physical_attack") and o.ids >= d.ids and o.first == d.first and o.sentence == d.sentence for o in out))]
    # (but for a threat of what the person would lose, "summoned and told that he would lose his
    # job": the pressure on their livelihood is its own, not the manner of the questioning)
    out = [d for d in out if not (d.etype == "harassment" and d.rule != "told-of-a-loss" and any(
        o is not d and o.etype != "harassment" and o.sentence == d.sentence and (
            (d.ids and o.ids >= d.ids) or (not d.ids and not o.ids and d.group and o.group == d.group))
        for o in out))]
    # "sentenced to two years of restricted freedom and banned from leaving the city": a ban told with
    # a non-custodial sentence of the same people in the same sentence is part of it (codebook: bans
    # as a sentence are restricted_freedom)
    out = [d for d in out if not (d.ids and d.etype == "travel_restriction" and any(
        o.etype == "restricted_freedom" and o.ids >= d.ids and o.sentence == d.sentence for o in out))]
    # "brought to administrative responsibility and arrested for 20 days", "prosecuted and
    # imprisoned in 2020": a charge told beside the penalty it led to, for the same people in the
    # same sentence, is that penalty's (its articles go with it)
    penalties = [d for d in out if d.etype in COURT_OUTCOMES - {"charges_dropped", "psychiatric_detention"}]
    for d in [d for d in out if d.ids and d.etype == "criminal_charge"]:
        outcome = next((o for o in penalties if o.ids >= d.ids and o.sentence == d.sentence), None)
        if outcome is not None:
            outcome.legal = outcome.legal or d.legal
            out.remove(d)
    # "arrested X for 15 days. They were charged under Article 434 of the Administrative Code": an
    # administrative charge is a row only while no penalty is stated (codebook, coding conventions);
    # beside the arrest or fine of the same people in the paragraph it is that penalty's articles
    for d in [d for d in out if d.ids and d.etype == "criminal_charge" and d.legal
              and all(a.startswith("AC-") for a in d.legal)]:
        outcome = next((o for o in penalties if o.etype in ("administrative_arrest", "fine") and o.ids >= d.ids
                        and o.paragraph == d.paragraph and _span_ok(o, d)), None)
        if outcome is not None:
            outcome.legal = outcome.legal or d.legal
            out.remove(d)
    # "police drew up administrative protocols against them ... On 6 June the court fined them": a
    # protocol is a row only while no penalty of its people follows (codebook, coding conventions)
    for d in [d for d in out if d.ids and d.rule == "administrative-protocol"]:
        if any(o.etype in ("administrative_arrest", "fine") and o.ids & d.ids and o.sentence > d.sentence for o in out):
            out.remove(d)
    # a news lead's summary ("condemns the decision upholding convictions against four journalists,
    # two of whom were sentenced to lengthy prison terms"), dated by the item's dateline alone, whose
    # people all have rows of its type told with dates of their own in the body: those rows
    for d in [d for d in out if d.ids and d.date_basis.startswith(DATELINE_BASIS)]:
        told = [o for o in out if o is not d and o.etype == d.etype and o.own_date and o.ids
                and not o.date_basis.startswith(DATELINE_BASIS) and o.sentence > d.sentence]
        if told and d.ids <= frozenset().union(*[o.ids for o in told]):
            out.remove(d)
    # "On 28 July reports confirmed the arrest of X ... X is said to have been arrested on 7 July": a
    # row dated by the day it was reported gives way to a row of its type and people told with an
    # earlier day of its own
    for d in [d for d in out if d.ids and d.date_basis.startswith(REPORTED_BASIS) and d.first is not None]:
        if any(o is not d and o.etype == d.etype and o.ids >= d.ids and o.own_date and o.first is not None
               and not o.date_basis.startswith(REPORTED_BASIS) and o.first < d.first for o in out):
            out.remove(d)
    # a count named only by the report's people ("Two activists were fined in early August", given
    # the two by members.GroupMembers), whose people all have rows of its type and span
    # told after it in its paragraph: those rows
    for d in [d for d in out if d.ids and d.via == "story" and d.participants]:
        told = [o for o in out if o is not d and o.etype == d.etype and o.ids and o.via != "story"
                and o.paragraph == d.paragraph and o.sentence > d.sentence and _span_ok(o, d)]
        if told and d.ids <= frozenset().union(*[o.ids for o in told]):
            out.remove(d)
    # "law enforcement officers detained about 700 protesters ... Detentions took place in A, B and C":
    # an unnamed row with no place beside the placed unnamed rows of the same type, day and paragraph
    placed = [d for d in out if not d.ids and d.place is not None]
    out = [d for d in out if not (not d.ids and d.place is None and any(
        p.etype == d.etype and p.paragraph == d.paragraph and p.first == d.first for p in placed))]
    # an unnamed summary of named rows ("the detention of activists", "Two other persons were also
    # detained"), or of the particular events of its month ("In July there were two protests")
    named = [d for d in out if d.ids]
    lead = min((d.paragraph for d in out), default=None)
    keep = []
    for d in out:
        # a count that opens what it sums up ("Two activists were fined in early April. On 5 April X
        # was fined ...; on 6 April Y ...", a news lead's "detained three journalists and fined two
        # activists this week" in the first paragraph that tells events) is the named rows of its
        # type and span told after it, in its paragraph (a lead's: in the report), when they name at
        # least that many people
        if not d.ids and d.participants and sum(
                len(n.ids) for n in named if n.etype == d.etype and _span_ok(n, d) and (
                    (n.paragraph == d.paragraph and n.sentence > d.sentence) or
                    (d.paragraph == lead and n.paragraph > d.paragraph))) >= d.participants:
            continue
        if not d.ids and any(n.etype == d.etype and _span_ok(n, d) and n.paragraph == d.paragraph and
                             (d.also or n.sentence == d.sentence or d.participants is None) and
                             (d.participants is None or d.participants <= len(n.ids) or d.also)
                             for n in named):
            continue
        if not d.ids and d.precision == "month" and any(
                o is not d and o.etype == d.etype and o.precision == "day" and o.first is not None and
                d.first <= o.first <= d.last and o.paragraph in (d.paragraph, d.paragraph + 1) for o in out):
            continue
        keep.append(d)
    return keep

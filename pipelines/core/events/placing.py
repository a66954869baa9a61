"""The place of each event, and the phrase it came from.

Belongs here, in the order tried:
  1. a place phrase of the trigger's own clause (events.attach), a city before the region that
     holds it ("in the city of Gokdepe, Akhal province" -> Gokdepe); an unnamed event told in
     several coordinated places ("detentions took place in A, B and C") is one event per place;
  1b. "there" on the trigger, with no place of its own: the last place the sentence before named
     in its paragraph ("She travelled to Aktau ... She was detained there");
  1c. the sentence's one city, when the parse hung no place on the trigger or only the country that
     city lies in ("X, a reporter in Turkmenistan, was stopped from boarding a plane at Ashgabat airport"),
     and the city hangs on no other event of the sentence;
  2. a district named after another city ("the Alma-Ata district court of Astana") only when no
     other place is told; a place inside the active subject ("officers of the ministry in Bishkek
     detained him at his home in Osh") only when the event has none of its own; never a place
     that is part of an organisation's name ("an Almaty TV employee", the outlet "Uralsk Week":
     lexicon `organisation_heads`), nor one that says where someone lives or comes
     from ("a resident of East Kazakhstan Oblast", "an activist from Osh", "Oral-based": lexicon
     `residence`), nor whom a statement was made to ("his relatives told Fergana"); a site named
     after its place is in it ("Ashgabat International Airport": lexicon `site_heads`); a court's or a police station's place is the event's place ("the Leninsky
     District Court in Bishkek sentenced ..." happened in Bishkek);
  3. a court event (or what a court did besides) with no place of its own takes the place of the
     court of its sentence ("the Dushanbe City Court rejected his appeal"), else of the court last
     named with a place in the paragraph ("A court in Astana arrested X ... The court also fined Y"),
     or in the paragraph before when the sentence names only a bare "the court" (`bare_the_court`:
     "A court in Atyrau has upheld ... [new paragraph] The court ruled to ...");
  4. the place of the paragraph's story when the sentence goes on with its episode: no date of
     its own, the story's day, a day counted from it ("two days later"), a day inside the story's
     month, or a day up to a week after it for the story's people; never a story place abroad
     (Extractor._goes_on: the rule of the earlier regex layer, which placed better: measured on
     the train excerpts, location on matched incidents 0.76 -> 0.78). Carrying the paragraph's
     place to every sentence (0.70) and a capitals dateline as the report's setting (0.75) were
     tried and kept out;
     The story's place is one stated for an event, or the sentence's one city the parse did not
     hang on it ("searched the Bishkek office of X": the detentions "after the searches" were there);
  4b. the paragraph's setting, told by its first sentence ("On 18 September 2018 in Almaty, ..."),
     for an event with no date of its own when no event of the paragraph was placed before it; a
     digest item's head ("17 April, Semey.") for every event of its item; never a setting abroad;
  5. the place of the same person's event a few days apart, told anywhere before ("The Oral
     court on Wednesday jailed X" ... "X was detained on Monday"), in the report's country;
  5b. where the report's one trial was held ("The trial, held in the city of Bukhara, began on
     28 November"), for court rows of named people with no place, dated from the trial's day to
     two months after it or undated, placed only in the country or not at all (Extractor._place_from_trial,
     after every sentence is read: the trial is often told after its verdicts; `trial_places_in`
     gives a court's district named after another city to its city); never two trial places,
     never one abroad;
  6. a region stated for a named person's event that holds the story's city ("a court in the
     Mangystau region" after "in Aktau") is that city;
  7. none. A country is no location (geo_precision `country`, location null).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Token

from pipelines.core import places as _places
from pipelines.core.events.arguments import Story
from pipelines.core.events.attach import _adverbial, attachment, choose
from pipelines.core.events.prepare import Anchored, Sentence
from pipelines.core.events.triggers import Trigger
from pipelines.core.rules import Rules

DATELINE = re.compile(r"\)?\s*(?:\([^)]{1,30}\))?,?\s*(?:[A-Z][A-Za-z]+,?\s*)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|"
                      r"\d{1,2}\.\d{1,2}\.\d{4})?\s*(?:—|–|--|-\s)")
COURT_TYPES = {"administrative_arrest", "prison_sentence", "restricted_freedom", "court_ruling",
               "charges_dropped", "fine", "psychiatric_detention"}
KIND_RANK = {"city": 0, "region": 1, "country": 2}


@dataclass
class EventPlace:
    place: Any | None  # core.places.Place
    phrase: str | None
    basis: str  # "stated", "the court named before", "carried from the story", "none"


class PlaceReader:
    def __init__(self, rules: Rules):
        self.org_heads = rules.words("organisation_heads")
        self.residence = rules.words("residence")
        self.districts = rules.words("district_words")
        self.sites = rules.words("site_heads")
        self.speech = rules.words("guards", "speech")
        self.biography = rules.words("biography_verbs")
        self.custody_sites = rules.words("custody_site_words")

    def usable(self, a: Anchored, text: str = "", sentence_start: int = -1) -> bool:
        pm, head = a.item, a.head
        if pm.in_name and not self._names_a_site(head):
            return False
        # a dateline ("New York, December 18, 2024 — A court ...") names where the text was written
        if text and text[sentence_start:a.start].strip(" \t\n•·▪*") in ("", "(") and DATELINE.match(text, a.end):
            return False
        # the place word modifies an organisation noun: "Almaty TV", "the Uralsk Week website"
        x = head
        for _ in range(3):
            if x.dep_ in ("compound", "amod", "nmod", "npadvmod") and x.head.i != x.i:
                if (x.head.lemma_ in self.org_heads or x.head.lower_ in self.org_heads) and not any(
                        c.lemma_ in self.custody_sites or c.lower_ in self.custody_sites for c in x.head.children):
                    return False
                x = x.head
            else:
                break
        if any(t.lower_.endswith("-based") or t.lower_ == "based" for t in [*a.tokens, *head.children]):
            return False
        nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if nxt is not None and nxt.lower_ in ("-", "–") and head.i + 2 < len(head.doc) and \
                head.doc[head.i + 2].lower_ == "based":
            return False
        # "his relatives told Fergana", "said to Azattyq": whom a statement was made to is an
        # outlet or a person, not where anything happened
        told = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "to" else head.head
        if (head.dep_ in ("dobj", "dative") or head.dep_ == "pobj" and head.head.lower_ == "to") and \
                (told.lemma_ in self.speech or told.lower_ in self.speech):
            return False
        # "a resident of X", "an activist from X", "born in X"
        prep = head.head if head.dep_ == "pobj" else None
        if prep is not None and prep.dep_ == "prep":
            gov = prep.head
            if prep.lower_ == "from" and gov.pos_ in ("NOUN", "PROPN"):
                return False
            if prep.lower_ in ("of", "in") and (gov.lemma_ in self.residence or gov.lower_ in self.residence):
                return False
        return True

    def _names_a_site(self, head: Token) -> bool:
        """The place word begins the name of a site in it ("Ashgabat International Airport")."""
        x = head
        for _ in range(3):
            if x.dep_ not in ("compound", "amod", "nmod") or x.head.i <= x.i:
                return False
            x = x.head
            if x.lemma_ in self.sites or x.lower_ in self.sites:
                return True
        return False

    def places(self, s: Sentence, t: Trigger, anchors: set[int], speech: frozenset[str], text: str = "") -> list[Anchored]:
        found = [a for a in s.places if a.chunk == t.chunk and self.usable(a, text, s.start)
                 and not self._in_biography(a.head, t.token)]
        return choose(t, found, anchors, speech)

    def _in_biography(self, head: Token, trigger: Token) -> bool:
        """The place is in a relative clause of a person's life ("who moved to Almaty from Aktobe",
        "who lives in Taraz": lexicon `biography_verbs`) that is not the trigger's own clause."""
        x = head
        for _ in range(6):
            if x.i == trigger.i or x.head.i == x.i:
                return False
            if x.dep_ == "relcl":
                return x.lemma_ in self.biography and trigger not in list(x.subtree)
            x = x.head
        return False

    def place_of(self, s: Sentence, t: Trigger, etype: str, anchors: set[int], speech: frozenset[str],
                 story: Story, carry_ok: bool, court_place: Any, text: str = "",
                 person_place: Any = None, named: bool = True, setting_ok: bool = False) -> list[EventPlace]:
        # "put on the next flight to Almaty", "stopped as she boarded a plane to Istanbul": where
        # a journey went is no place of the ban or expulsion, which happened where they were, nor of
        # anything else the sentence tells ("extradited to Dushanbe" tells where it ended: kept)
        own = [a for a in self.places(s, t, anchors, speech, text) if not _destination(a.head)]
        if etype == "travel_restriction":
            # "prevented from boarding a flight from Ashgabat to Istanbul": where the journey was
            # to start is where they were stopped
            own += [a for a in s.places if a.chunk == t.chunk and _origin(a.head) and a not in own]
        located = [a for a in own if a.item.kind != "country"]
        # "officers of the ministry in Bishkek detained him at his home in Osh", "the embassy in
        # Almaty criticised the detention of X in Taraz": where the doer sits gives way to a place
        # of the event itself
        doer_free = [a for a in located if not _in_subject(a.head, t.token)]
        if doer_free:
            located = doer_free
        # "the Alma-Ata district court No. 2 of Astana": a city district named after another city
        # is no place of its own beside the city that holds it
        not_districts = [a for a in located if not _names_a_district(a.head, self.districts)]
        if not_districts:
            located = not_districts
        if located:
            best = self._best(located)
            city = story.place.place if story.place is not None else None
            if named and len(best) == 1 and best[0].item.kind == "region" and city is not None and city.kind == "city" and \
                    city.admin1 == best[0].item.place.name and story.place_paragraph() >= s.paragraph - 1:
                # "a court in the Mangystau region" after "in Aktau": the story's city, which it holds
                # (an unnamed event of a region, "internet cut in Karakalpakstan", keeps the region)
                return [EventPlace(city, story.place.surface, "the story's city in the region stated")]
            return [EventPlace(_court_seat(a) or a.item.place, a.item.surface, "stated") for a in best]
        there = [b for b in story.places_before if not b.item.in_name] \
            if any(c.lower_ == "there" and c.dep_ == "advmod" for c in t.token.children) else []
        if there and not own:
            # "She travelled to Aktau to cover the strike. She was detained there": the place the
            # sentence before named (its last), where that one ended
            return [EventPlace(there[-1].item.place, there[-1].item.surface, "“there”: the place told before")]
        # (not where a journey told in the sentence went: "a flight to Istanbul")
        cities = {a.item.place.name: a for a in s.places if a.chunk == t.chunk and a.item.kind == "city"
                  and self.usable(a, text, s.start) and not _destination(a.head)
                  and not self._in_biography(a.head, t.token)}
        one = next(iter(cities.values())) if len(cities) == 1 else None
        if one is not None and (not own or all(a.item.kind == "country" and a.item.country == one.item.country
                                               for a in own) and _not_anothers(one, t, anchors)):
            # a parse that lost the place's attachment: the sentence's one city (which refines a
            # country told in the clause: "X, a reporter in Turkmenistan, was stopped from boarding
            # at Ashgabat airport")
            return [EventPlace(one.item.place, one.item.surface, "the sentence's one place")]
        if etype in COURT_TYPES and court_place is not None:
            return [EventPlace(court_place.place, court_place.surface, "the court named before")]
        if carry_ok and story.place is not None and story.place_paragraph() == s.paragraph:
            return [EventPlace(story.place.place, story.place.surface, "carried from the story")]
        if (carry_ok or setting_ok) and story.setting is not None:
            return [EventPlace(story.setting.place, story.setting.surface, "the paragraph's setting")]
        if person_place is not None and not own:
            return [EventPlace(person_place.place, person_place.surface, "the person's place a few days apart")]
        if own:
            return [EventPlace(own[0].item.place, own[0].item.surface, "stated")]
        # last: where the person is from ("a police officer from Atyrau Region was sentenced")
        home = [a for a in s.places if a.chunk == t.chunk and a.item.kind != "country" and not a.item.in_name
                and self.residence_of(a) and not self._in_biography(a.head, t.token)]
        if len(home) == 1:
            return [EventPlace(home[0].item.place, home[0].item.surface, "where the person is from")]
        return [EventPlace(None, None, "none")]

    def residence_of(self, a: Anchored) -> bool:
        head = a.head
        prep = head.head if head.dep_ == "pobj" else None
        return prep is not None and prep.dep_ == "prep" and not _origin(head) and (
            prep.lower_ == "from" or (prep.lower_ == "of" and prep.head.lemma_ in self.residence))

    def setting(self, s: Sentence, text: str) -> tuple[Any | None, bool]:
        """The city a paragraph's first sentence sets its story in ("On 18 September 2018 in
        Almaty, ..."), an adverbial place of the main clause, not of an organisation; or the one
        city of a head that is nothing but a date and a place ("17 April, Semey."), however parsed;
        and whether it was such a head."""
        cities = [a for a in s.places if a.item.kind == "city"]
        if len(cities) == 1:
            rest = list(text[s.start:s.end])
            for a in [*s.places, *s.dates]:
                rest[a.start - s.start:a.end - s.start] = " " * (a.end - a.start)
            if not any(c.isalnum() for c in rest):
                return cities[0].item, True
        for a in s.places:
            if a.item.kind == "city" and self.usable(a, text, s.start) and _adverbial(a.head):
                return a.item, False
        return None, False

    def _best(self, located: list[Anchored]) -> list[Anchored]:
        """One place, or one per coordinated place of the same rank (A, B and C)."""
        ranked = sorted(located, key=lambda a: (KIND_RANK.get(a.item.kind, 3), a.start))
        best = ranked[0]
        coordinated = [a for a in ranked if a.item.kind == best.item.kind and _coordinated(a.head, best.head)]
        names, out = set(), []
        for a in sorted(coordinated or [best], key=lambda a: a.start):
            if a.item.place.name not in names:
                names.add(a.item.place.name)
                out.append(a)
        return out


def _not_anothers(a: Anchored, t: Trigger, anchors: set[int]) -> bool:
    """The phrase hangs on no other event of the sentence ("deported to Tajikistan ... and arrested
    at Dushanbe airport": Dushanbe is the arrest's)."""
    verb = attachment(a.head, anchors)[0]
    return verb.i == t.token.i or verb.i not in anchors


def _names_a_district(head: Token, districts: frozenset[str]) -> bool:
    """Is the place word the name of a district ("Alma-Ata district", "Yesil raion")?"""
    if head.i + 1 < len(head.doc) and head.doc[head.i + 1].lower_ in districts:
        return True
    x = head
    for _ in range(3):
        if x.head.i == x.i:
            return False
        if x.dep_ in ("compound", "amod", "nmod") and x.head.lower_ in districts:
            return True
        if x.dep_ not in ("compound", "amod", "nmod", "punct"):
            return False
        x = x.head
    return False


def _in_subject(head: Token, trigger: Token) -> bool:
    """Is the phrase headed by `head` inside the active subject of the trigger or of a verb above it?"""
    above = {x.i for x in trigger.ancestors} | {trigger.i}
    x = head
    while x.head.i != x.i:
        if x.dep_ == "nsubj" and x.head.i in above:
            return True
        if x.i in above:
            return False
        x = x.head
    return False


def _coordinated(a: Token, b: Token) -> bool:
    if a.i == b.i:
        return True

    def chain(x: Token) -> Token:
        # "in A and B", "in A (B)", "in A and other cities, including B, C and D"
        while x.head.i != x.i and (x.dep_ in ("conj", "appos") or (
                x.dep_ == "pobj" and x.head.lower_ == "including") or (x.dep_ == "prep" and x.lower_ == "including")):
            x = x.head
        return x
    return chain(a).i == chain(b).i


def court_place_in(s: Sentence, reader: PlaceReader) -> Any | None:
    """A place named with a court in this sentence ("a court in Astana", "the Bishkek City Court").
    A district named after another place ("the Esil District Court of Astana", "the Alma-Ata
    district court of Astana") gives way to the city the court is of, as in PlaceReader.place_of."""
    found = [a for a in s.places if a.item.kind != "country" and _with_court(a.head)]
    if not found:
        return None
    cities = [a for a in found if not _names_a_district(a.head, reader.districts)]
    first = (cities or found)[0]
    seat = _court_seat(first)
    return replace(first.item, place=seat) if seat is not None else first.item


def bare_the_court(s: Sentence) -> bool:
    """The sentence names a court only as "the court": no name, kind or place of its own, so it
    is the court told just before ("the appeal court", "the Supreme Court", "the court of appeal"
    are others; "the court on 20 January", a date the parse hung on it, is no other court)."""
    courts = [t for c in s.chunks for t in c.doc if t.lower_ == "court" or t.lemma_ == "court"]
    return bool(courts) and all(
        any(x.dep_ == "det" and x.lower_ == "the" for x in t.children)
        and not any(x.dep_ in ("compound", "amod", "nmod", "poss") or (x.dep_ == "prep" and x.lower_ != "on")
                    for x in t.children)
        for t in courts)


def trial_places_in(s: Sentence, reader: PlaceReader) -> list[tuple[Any, Any]]:
    """(place, the sentence's one day or None) of each trial this sentence places: a city or
    region hung on the word "trial" or on the verb it is the subject of ("The trial, held in the
    city of Bukhara, began ...", "His trial started on 2 May in District Court No. 2 of Astana").
    A district named after another city gives way to the city, as in court_place_in."""
    found = []
    for a in s.places:
        if a.item.kind == "country":
            continue
        x = a.head
        for _ in range(7):  # "the trial, held in the city of Bukhara": six steps up
            if x.lemma_ == "trial" or any(c.lemma_ == "trial" and c.dep_ in ("nsubj", "nsubjpass") for c in x.children):
                found.append(a)
                break
            if x.head.i == x.i:
                break
            x = x.head
    cities = [a for a in found if not _names_a_district(a.head, reader.districts)] or found
    days = [d.item.mention.first for d in s.dates if d.item.mention.precision == "day"]
    return [(a.item, days[0] if len(days) == 1 else None) for a in cities]


def _court_seat(a: Anchored) -> Any | None:
    """A region's court ("the West Kazakhstan Regional Court", "the Sughd Oblast Court") sits in
    the region's seat (Uralsk, Khujand): the region word is part of the court's name, hung on
    "Court" by compounds only ("a court in the Mangystau region" may be any court of the region)."""
    if a.item.kind != "region":
        return None
    x = a.head
    for _ in range(4):
        if x.dep_ not in ("compound", "amod", "nmod") or x.head.i == x.i:
            return None
        x = x.head
        if x.lemma_ == "court" or x.lower_ == "court":
            return _places.Gazetteer.default().seat_of(a.item.place)
    return None


def _with_court(head: Token) -> bool:
    """Is the place word part of a court's name or phrase ("a court in Astana", "the Bishkek City Court")?"""
    x = head
    for _ in range(4):
        if x.lemma_ == "court" or x.lower_ == "court":
            return True
        if x.head.i == x.i:
            break
        x = x.head
    return any(c.lemma_ == "court" for c in head.children)


def _origin(head: Any) -> bool:
    """A place told as where a journey starts: "a flight from Ashgabat"."""
    prep = head.head if head.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and prep.lower_ == "from" and prep.head.lemma_ in JOURNEYS


def _destination(head: Any) -> bool:
    """A place told as where a journey goes: "a flight to Almaty", "the train for Moscow"."""
    prep = head.head if head.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and prep.lower_ in ("to", "towards", "toward", "for") and \
        prep.head.lemma_ in JOURNEYS


# nouns of a journey, whose "to X" is where it goes
JOURNEYS = frozenset({"flight", "plane", "aircraft", "train", "bus", "trip", "journey", "visit", "ticket",
                      "board", "fly", "travel", "depart"})

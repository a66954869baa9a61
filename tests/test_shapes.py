"""A grid of sentence shapes the reports use, filled with invented people and places: every
opening (a date with or without its comma, "Later,"), frame (reported speech, a source tag, a
trailing clause, a second clause after a semicolon), voice and doer of six event types. The small
parser model reads some of these shapes wrongly ("a court sentenced activist X" as "a
court-sentenced activist", a clause before a semicolon as the complement of the one after it);
the extractor's parse repairs are measured here as the share of sentences whose event comes out
with its type, its one named target and, where the opening states it, its day.

Measured 2026-12-05: 0.825 before the semicolon and lost-verb repairs, 0.988 after (1,872
sentences). The floor sits under the measurement."""

from __future__ import annotations

import datetime as dt
import itertools

from pipelines.core.events import extract_incidents
from pipelines.core.metadata import ReportMeta
from pipelines.core.names import find_person_mentions
from pipelines.core.units import segment

META = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2021, 6, 1),
                  period_end=dt.date(2021, 6, 30))
DAY = dt.date(2021, 6, 7)
OPENERS = ["On 7 June 2021 ", "On 7 June 2021, ", "On June 7, ", "Later, "]
FRAMES = ["{X}", "Radio Azattyq reported that {x}", "According to her lawyer, {x}", "{X}, the group said.",
          "{X}, a week after she criticised the governor.", "{X}; she denies the charges."]
BODIES = [
    ("detention", ["{S} detained {R} Dana Serikova, 34, at her home in Almaty",
                   "{R} Dana Serikova was detained by {S} at her home in Almaty",
                   "{S} detained {R} Dana Serikova and took her to a police station in Almaty"], ["police", "officers"]),
    ("fine", ["{S} fined {R} Dana Serikova 50 MCI for a Facebook post",
              "{R} Dana Serikova was fined 50 MCI by {S} for a Facebook post"], ["a court", "the court"]),
    ("administrative_arrest", ["{S} sentenced {R} Dana Serikova to 10 days of administrative arrest for a picket",
                               "{R} Dana Serikova was sentenced by {S} to 10 days of administrative arrest"],
     ["a court", "the court in Almaty"]),
    ("prison_sentence", ["{S} sentenced {R} Dana Serikova to five years in prison on charges of extremism",
                         "{R} Dana Serikova was jailed for five years by {S}"], ["a court", "the court"]),
    ("search", ["{S} searched the flat of {R} Dana Serikova and seized her laptop",
                "the home of {R} Dana Serikova was searched by {S}"], ["police", "officers"]),
    ("physical_attack", ["{S} beat {R} Dana Serikova near her home in Almaty",
                         "{R} Dana Serikova was beaten by {S} near her home"], ["unknown men", "two men"]),
]
ROLES = ["activist", "journalist", "human rights defender"]
FLOOR = 0.97


def _read(text: str) -> list:
    """The incidents the extractor reads in one invented sentence or paragraph."""
    units = segment(text)
    return extract_incidents(text, units, find_person_mentions(text, units), META)


def _sentences():
    for (etype, templates, doers), opener, frame, role in itertools.product(BODIES, OPENERS, FRAMES, ROLES):
        for template, doer in itertools.product(templates, doers):
            body = template.format(S=doer, R=role)
            core = frame.format(X=body[0].upper() + body[1:], x=body)
            if core[0].isupper() and not core.startswith(("Radio", "According")):
                core = core[0].lower() + core[1:]
            text = opener + core
            yield etype, text if text.endswith(".") else text + "."


def _right(etype: str, text: str) -> bool:
    for inc in _read(text):
        if inc.event_type == etype and inc.target_names == ["Dana Serikova"] and (
                "7" not in text.split(" a week")[0] or inc.event_date == DAY):
            return True
    return False


def test_the_shapes_of_report_sentences_keep_their_event_target_and_day() -> None:
    results = [(etype, text, _right(etype, text)) for etype, text in _sentences()]
    share = sum(ok for *_, ok in results) / len(results)
    wrong = [text for _, text, ok in results if not ok][:5]
    assert len(results) > 1500 and share >= FLOOR, (round(share, 3), wrong)


# A second grid: two named people (a plain list, a role before each name, a counted plural with
# the names in apposition), date phrases before or after the clause in their report forms, and
# place phrases, over the same types in other words ("took into custody", "ordered to pay a fine",
# "received prison sentences"). Measured 2026-12-05: 0.943 before three parse repairs (the
# names in apposition to "two activists" hung on the verb; the conjunct of a lost verb's object;
# a phrase on the verb a trigger takes as complement, "ordered to pay ... in the early hours of
# 7 June"), 0.990 after (2,880 sentences).
DATES = [("On 7 June, ", ""), ("", " on 7 June"), ("", " on 7 June 2021"), ("On Monday, 7 June, ", ""),
         ("On the evening of 7 June, ", ""), ("", " in the early hours of 7 June"), ("", " on 7 June at about 9 am"),
         ("On 7 June, ", " at about 9 am"), ("Early on 7 June, ", "")]
PLACES = [" in Almaty", " in the city of Almaty", " in Almaty's Medeu district", " at her home in Almaty",
          " outside the akimat in Almaty"]
PAIRS = ["activists Dana Serikova and Erlan Tokbergenov", "Dana Serikova and Erlan Tokbergenov",
         "activist Dana Serikova and journalist Erlan Tokbergenov", "two activists, Dana Serikova and Erlan Tokbergenov,"]
PAIR_BODIES = [
    ("detention", ["police detained {T}{P}{D}", "{T} were detained by police{P}{D}", "police took {T} into custody{P}{D}",
                   "{T} were taken to a police station{P}{D}", "officers of the National Security Committee detained {T}{P}{D}"]),
    ("fine", ["a court fined {T} 100 MCI each{P}{D}", "{T} were each fined 100 MCI by a court{P}{D}",
              "{T} were ordered to pay a fine of 100 MCI{P}{D}"]),
    ("administrative_arrest", ["a court sentenced {T} to 15 days of administrative arrest{P}{D}",
                               "{T} were each given 15 days of administrative detention{P}{D}"]),
    ("prison_sentence", ["a court sentenced {T} to five years in prison{P}{D}", "{T} received five-year prison sentences{P}{D}"]),
    ("search", ["police searched the homes of {T}{P}{D}", "the homes of {T} were searched{P}{D}"]),
    ("physical_attack", ["unknown men attacked {T}{P}{D}", "{T} were beaten by police{P}{D}"]),
]


def _pair_sentences():
    for (etype, templates), (before, after), place, pair in itertools.product(PAIR_BODIES, DATES, PLACES, PAIRS):
        for template in templates:
            text = before + template.format(T=pair, P=place, D=after).replace(",,", ",").rstrip(",")
            yield etype, (text[0].upper() + text[1:] + ".").replace(",.", ".")


def _pair_right(etype: str, text: str) -> bool:
    return any(inc.event_type == etype and set(inc.target_names) == {"Dana Serikova", "Erlan Tokbergenov"}
               and inc.event_date == DAY and inc.location == "Almaty"
               for inc in _read(text))


def test_two_named_people_with_their_date_and_place_phrases() -> None:
    results = [(text, _pair_right(etype, text)) for etype, text in _pair_sentences()]
    share = sum(ok for _, ok in results) / len(results)
    assert len(results) == 2880 and share >= FLOOR, (round(share, 3), [t for t, ok in results if not ok][:5])


# A third grid: the event told inside something else (a relative clause, a participle set off by
# commas, an event noun with "of" or a named possessor, "following the ...", reported speech), with
# its day and place. Measured 2026-12-05: 0.892 before three repairs (a named possessor stands
# where a rule accepts "her": "Serikova's interrogation"; a word with a possessor is a noun,
# "Serikova's beating"; a past form set off by commas after a name is a reduced relative, "X,
# searched on 7 June, ..."), 0.977 after (213 sentences).
INSIDE = [("detention", "detained", "detention", "police detained"), ("detention", "arrested", "arrest", "police arrested"),
          ("search", "searched", "search", "police searched the home of"), ("fine", "fined 100 MCI", "fine", "a court fined"),
          ("physical_attack", "attacked", "beating", "unknown men beat"),
          ("interrogation", "questioned", "interrogation", "investigators questioned")]
INSIDE_SHAPES = [
    "{R} Dana Serikova, who was {V} on 7 June in Almaty, has complained to the prosecutor.",
    "{R} Dana Serikova, {V} on 7 June in Almaty, has complained to the prosecutor.",
    "The {N} of {r} Dana Serikova on 7 June in Almaty drew criticism.",
    "Dana Serikova's {N} on 7 June in Almaty drew criticism.",
    "Following the {N} of {r} Dana Serikova on 7 June in Almaty, her supporters gathered outside.",
    "On 7 June in Almaty, {S} {r} Dana Serikova, her lawyer said.",
    "Her lawyer said that on 7 June {S} {r} Dana Serikova in Almaty.",
    "{R} Dana Serikova said that on 7 June {S} her in Almaty.",
    "It was reported that {r} Dana Serikova had been {V} in Almaty on 7 June.",
    "{R} Dana Serikova was reportedly {V} in Almaty on 7 June.",
    "{R} Dana Serikova was {V} in Almaty on 7 June, according to her lawyer.",
    "Two days after her post, on 7 June, {r} Dana Serikova was {V} in Almaty.",
]


def test_events_told_inside_clauses_nouns_and_speech() -> None:
    results = []
    for (etype, verb, noun, doer), shape, role in itertools.product(INSIDE, INSIDE_SHAPES, ROLES):
        if "{S}" in shape and doer.endswith(" of") and "her in" in shape:
            continue  # "police searched the home of her"
        text = shape.format(R=role.capitalize(), r=role, V=verb, N=noun, S=doer)
        text = text[0].upper() + text[1:]
        results.append((text, any(
            inc.event_type == etype and inc.target_names == ["Dana Serikova"] and inc.event_date == DAY
            and inc.location == "Almaty" for inc in _read(text))))
    share = sum(ok for _, ok in results) / len(results)
    assert len(results) == 213 and share >= 0.96, (round(share, 3), [t for t, ok in results if not ok][:5])


# A fourth grid: the same events in other words and in the telegraphic forms of headlines and
# digest items. Measured 2026-12-05: 0.843 before (a headline's "Activist X detained in Almaty"
# read with X as the doer; a date on a "when" clause not given to the event it times, "was
# injured when police dispersed the rally on 7 June"; no rule for "held at a police station",
# "taken away by police"), 0.961 after (102 sentences; house arrest before a verdict is detention,
# codebook). Not read yet: "spent the night in a police cell".
WORDS = [
    ("detention", ["{R} Dana Serikova detained in Almaty on 7 June", "{R} Dana Serikova was placed in pre-trial detention on 7 June",
                   "On 7 June a court remanded {r} Dana Serikova in custody for two months",
                   "{R} Dana Serikova was remanded in custody on 7 June",
                   "On 7 June {r} Dana Serikova was transferred to a pre-trial detention centre",
                   "{R} Dana Serikova was held at a police station for six hours on 7 June",
                   "On 7 June {r} Dana Serikova was taken away by police",
                   "{R} Dana Serikova spent the night of 7 June in a police cell",
                   "On 7 June {r} Dana Serikova was escorted to a police station",
                   "On 7 June {r} Dana Serikova was placed under house arrest", "{R} Dana Serikova was put under house arrest on 7 June"]),
    ("restricted_freedom", ["On 7 June a court sentenced {r} Dana Serikova to two years of restricted freedom"]),
    ("travel_restriction", ["{R} Dana Serikova was denied entry to Kazakhstan on 7 June",
                            "On 7 June {r} Dana Serikova was refused entry at the border",
                            "On 7 June border guards prevented {r} Dana Serikova from leaving the country",
                            "{R} Dana Serikova was banned from travelling abroad on 7 June"]),
    ("criminal_charge", ["On 7 June {r} Dana Serikova was accused of inciting social hatred",
                         "On 7 June {r} Dana Serikova was charged with disseminating false information",
                         "On 7 June a criminal case was opened against {r} Dana Serikova",
                         "On 7 June {r} Dana Serikova was named a suspect in a criminal case",
                         "On 7 June investigators brought charges against {r} Dana Serikova"]),
    ("physical_attack", ["On 7 June {r} Dana Serikova was assaulted by unknown men", "On 7 June unknown assailants attacked {r} Dana Serikova",
                         "{R} Dana Serikova was injured when police dispersed the rally on 7 June",
                         "On 7 June police officers kicked and punched {r} Dana Serikova"]),
    ("interrogation", ["On 7 June {r} Dana Serikova was summoned to the police for questioning",
                       "On 7 June {r} Dana Serikova was called in for questioning", "On 7 June {r} Dana Serikova was interrogated for five hours"]),
    ("protest", ["On 7 June {r} Dana Serikova held a one-person picket in Almaty",
                 "On 7 June {r} Dana Serikova staged a solo protest outside the akimat", "On 7 June {r} Dana Serikova went on hunger strike"]),
    ("release", ["On 7 June {r} Dana Serikova was released from custody", "On 7 June {r} Dana Serikova was freed",
                 "{R} Dana Serikova walked free on 7 June"]),
]


def test_events_in_other_words_and_headline_forms() -> None:
    results = []
    for (etype, templates), role in itertools.product(WORDS, ["activist", "journalist", "blogger"]):
        for template in templates:
            text = template.format(R=role.capitalize(), r=role) + "."
            results.append((text, any(
                inc.event_type == etype and inc.target_names == ["Dana Serikova"] and inc.event_date == DAY
                for inc in _read(text))))
    share = sum(ok for _, ok in results) / len(results)
    assert len(results) == 102 and share >= 0.94, (round(share, 3), [t for t, ok in results if not ok][:5])


# A fifth grid: a second event dated from the first across sentences (counted days, "the same
# day", "that evening", a weekday, a day stated again), with a sentence between them or not.
# Measured 2026-12-05: 0.933 before a weekday counted from the day told before it when the text
# has no publication day ("On Wednesday" after Monday 7 June), 1.000 after (135 paragraphs).
FIRSTS = ["On 7 June, police detained activist Dana Serikova in Almaty.",
          "Activist Dana Serikova was detained in Almaty on 7 June 2021.",
          "On Monday, 7 June, police detained activist Dana Serikova in Almaty."]
SECONDS = [("Two days later, a court fined her 100 MCI.", "fine", 2), ("The next day, a court fined her 100 MCI.", "fine", 1),
           ("The following day, a court fined her 100 MCI.", "fine", 1), ("On the same day, police searched her flat.", "search", 0),
           ("That evening, police searched her flat.", "search", 0),
           ("A week later, a court sentenced her to 10 days of administrative arrest.", "administrative_arrest", 7),
           ("On Wednesday, a court fined her 100 MCI.", "fine", 2), ("On 9 June, a court fined her 100 MCI.", "fine", 2),
           ("She was released on 10 June.", "release", 3), ("She was released three days later.", "release", 3),
           ("Later that day, she was released.", "release", 0), ("A court fined her 100 MCI the following day.", "fine", 1),
           ("On 8 June, she was fined 100 MCI.", "fine", 1), ("She was fined 100 MCI by a court on 8 June.", "fine", 1),
           ("Her lawyer said that she was fined 100 MCI on 8 June.", "fine", 1)]
BETWEEN = ["", " Her supporters gathered outside the police station.", " She denies any wrongdoing."]


def test_a_second_event_dated_from_the_first() -> None:
    results = []
    for first, (second, etype, days), between in itertools.product(FIRSTS, SECONDS, BETWEEN):
        text = first + between + " " + second
        found = {(inc.event_type, inc.event_date) for inc in _read(text)
                 if inc.target_names == ["Dana Serikova"]}
        results.append((text, {("detention", DAY), (etype, DAY + dt.timedelta(days=days))} <= found))
    share = sum(ok for _, ok in results) / len(results)
    assert len(results) == 135 and share >= 0.97, (round(share, 3), [t for t, ok in results if not ok][:5])


# A sixth grid: two events of one person in one sentence (coordinated verbs, a clause after "and",
# "after" and "as" clauses). Measured 2026-12-05: 0.844 before two parse repairs (a verb after
# "and" read as an adjective of the name after it, "dispersed the rally and detained journalist
# X"; a participle after "and" hung on the gerund of a charge, "was charged with spreading ... and
# placed under house arrest"), 1.000 after (45 sentences). Left out as the codebook leaves them
# open: whether "detained during a picket" names her as the picket's participant, and whether
# "detained, questioned and released" is one detention or also an interrogation.
TWO = "Dana Serikova"
TWO_EVENTS = [
    ("police beat and detained {r} Dana Serikova in Almaty", {("physical_attack", TWO), ("detention", TWO)}),
    ("police detained and beat {r} Dana Serikova in Almaty", {("physical_attack", TWO), ("detention", TWO)}),
    ("{r} Dana Serikova was beaten and detained by police in Almaty", {("physical_attack", TWO), ("detention", TWO)}),
    ("{r} Dana Serikova was detained and fined 100 MCI in Almaty", {("fine", TWO), ("detention", TWO)}),
    ("{r} Dana Serikova was detained and sentenced to 10 days of administrative arrest",
     {("administrative_arrest", TWO), ("detention", TWO)}),
    ("police detained {r} Dana Serikova and searched her flat in Almaty", {("search", TWO), ("detention", TWO)}),
    ("police searched the flat of {r} Dana Serikova and detained her", {("search", TWO), ("detention", TWO)}),
    ("police detained {r} Dana Serikova, searched her flat and seized her laptop", {("search", TWO), ("detention", TWO)}),
    ("{r} Dana Serikova was detained after she held a picket in Almaty", {("protest", TWO), ("detention", TWO)}),
    ("{r} Dana Serikova held a picket in Almaty and was detained by police", {("protest", TWO), ("detention", TWO)}),
    ("police detained {r} Dana Serikova as she staged a one-person protest in Almaty", {("protest", TWO), ("detention", TWO)}),
    ("police dispersed a rally in Almaty and detained {r} Dana Serikova", {("protest", None), ("detention", TWO)}),
    ("{r} Dana Serikova was detained and later released", {("detention", TWO), ("release", TWO)}),
    ("{r} Dana Serikova was charged with spreading false information and placed under house arrest",
     {("criminal_charge", TWO), ("detention", TWO)}),
    ("unknown men attacked {r} Dana Serikova and broke her camera", {("physical_attack", TWO)}),
]


def test_two_events_of_one_person_in_one_sentence() -> None:
    results = []
    for (template, wanted), role in itertools.product(TWO_EVENTS, ["activist", "journalist", "blogger"]):
        text = "On 7 June " + template.format(r=role) + "."
        got = {(inc.event_type, inc.target_names[0] if inc.target_names == [TWO] else None)
               for inc in _read(text)
               if inc.event_date == DAY and inc.target_names in ([TWO], [])}
        results.append((text, wanted <= got))
    share = sum(ok for _, ok in results) / len(results)
    assert len(results) == 45 and share >= 0.97, (round(share, 3), [t for t, ok in results if not ok][:5])


# The words reports use for each type, one invented sentence each (tests/fixtures/shapes/
# phrasings.txt). Measured 2026-12-05: 0.878 before (a subject that "became a suspect"; a fine
# "of 100 MCI" read with the sum as its owner, so "penalised with a fine of 100 MCI" had no one),
# 0.927 after (82 sentences; "placed under administrative arrest", "granted amnesty" added
# later). With 28 sentences of court rulings, sentences, laws and protests added: 0.918 before a
# ruling's "that" clause was read as what it judged ("ruled that the arrest of X was lawful" is a
# ruling, not an arrest) and "returned the case", "overturned the acquittal" were rulings, 0.945
# after (110 sentences). The misses left are listed by the assertion. "Drew up an administrative protocol" is
# left out on purpose: with the fine told in the next paragraph it is no row of its own (codebook).
def test_the_words_reports_use_for_each_type() -> None:
    from pathlib import Path

    lines = (Path(__file__).parent / "fixtures" / "shapes" / "phrasings.txt").read_text(encoding="utf-8").splitlines()
    cases = [line.split(" | ", 1) for line in lines if line.strip() and not line.startswith("#")]
    missed = []
    for etype, text in cases:
        if etype not in {inc.event_type for inc in _read(text)}:
            missed.append(text)
    share = 1 - len(missed) / len(cases)
    assert len(cases) == 110 and share >= 0.93, (round(share, 3), missed)

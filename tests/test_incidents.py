"""Incident extraction: sentence-level rules on invented sentences, and the seed against its gold.

The sentences below are our own wording in the style of the reports (names and events invented).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.core.incidents import (
    Incident,
    classify_sentence,
    extract_incidents,
    find_triggers,
    incident_key,
    publication_date,
    split_clauses,
)
from pipelines.core.metadata import ReportMeta, read_metadata
from pipelines.core.names import find_person_mentions
from pipelines.core.units import segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = ROOT / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"
SEED_GOLD = SHARED / "gold" / "000_bf2cf6556fc1d8c3.yaml"
# Excerpts we may read; 005, 015, 025, 035 and 040 are held out and never opened here.
DEV_EXCERPTS = ("003", "006", "014", "018", "021", "024", "030", "032", "038", "043")
# Measured 0.98 on the seed with rules-0.1; the floor leaves room for upstream modules to move.
SEED_F1_FLOOR = 0.93
SEED_LOCATION_FLOOR = 0.95

PERIOD = ReportMeta(title=None, publisher=None, country="KZ",
                    period_start=dt.date(2018, 7, 1), period_end=dt.date(2018, 9, 30))


def run(text: str, meta: ReportMeta = PERIOD) -> list[Incident]:
    units = segment(text)
    incs = extract_incidents(text, units, find_person_mentions(text, units), meta)
    for inc in incs:
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
    return incs


def types_of(incs: list[Incident]) -> list[str]:
    return sorted(i.event_type for i in incs)


def only(incs: list[Incident], etype: str) -> Incident:
    found = [i for i in incs if i.event_type == etype]
    assert len(found) == 1, [(i.event_type, i.target_names) for i in incs]
    return found[0]


# ------------------------------------------------------------------------------------------
# One event type per sentence: type, target, date, place, perpetrator
# ------------------------------------------------------------------------------------------

SINGLE = [
    ("On 5th August 2018, police in Almaty detained activist Arman Seitkali.",
     "detention", "Arman Seitkali", dt.date(2018, 8, 5), "Almaty", "police"),
    ("On 3rd August 2018, a court in Shymkent sentenced blogger Dana Ermekova to ten days of "
     "administrative arrest.", "administrative_arrest", "Dana Ermekova", dt.date(2018, 8, 3), "Shymkent", "court"),
    ("On 12th August 2018, Ruslan Abenov was sentenced to five years in prison.",
     "prison_sentence", "Ruslan Abenov", dt.date(2018, 8, 12), None, "court"),
    ("On 15th August 2018, Saltanat Iskakova was sentenced to two years of restricted freedom.",
     "restricted_freedom", "Saltanat Iskakova", dt.date(2018, 8, 15), None, "court"),
    ("On 9th July 2018, journalist Marat Serikov was fined 50 000 KZT (around 120 EUR).",
     "fine", "Marat Serikov", dt.date(2018, 7, 9), None, None),
    ("On 14th July 2018, activist Aliya Nurlanova was charged with spreading false information "
     "under Article 274 of the Criminal Code.",
     "criminal_charge", "Aliya Nurlanova", dt.date(2018, 7, 14), None, None),
    ("On 2nd September 2018, lawyer Timur Akhmetov was released from prison on parole.",
     "release", "Timur Akhmetov", dt.date(2018, 9, 2), None, None),
    ("On 11th July 2018, blogger Saule Kenzhebaeva was summoned to the prosecutor's office.",
     "interrogation", "Saule Kenzhebaeva", dt.date(2018, 7, 11), None, "prosecutors"),
    ("On 4th August 2018, journalist Daniyar Omarov was beaten by unknown assailants in Karaganda.",
     "physical_attack", "Daniyar Omarov", dt.date(2018, 8, 4), "Karaganda", "unknown_assailants"),
    ("On 6th August 2018, the home of blogger Erlan Kasymov in Aktobe was searched by police.",
     "search", "Erlan Kasymov", dt.date(2018, 8, 6), "Aktobe", "police"),
    ("On 1st August 2018, activist Nurlan Ospanov held a picket in front of the akimat in Taraz.",
     "protest", "Nurlan Ospanov", dt.date(2018, 8, 1), "Taraz", None),
    ("On 21st August 2018, the appeal court in Pavlodar upheld the sentence of Kanat Zhunusov.",
     "court_ruling", "Kanat Zhunusov", dt.date(2018, 8, 21), "Pavlodar", "court"),
    ("On 28th August 2018, the criminal case against Asel Baimukhanova was closed.",
     "charges_dropped", "Asel Baimukhanova", dt.date(2018, 8, 28), None, None),
    ("On 17th July 2018, police interrupted a seminar led by Gulnara Tulegenova in Kostanay.",
     "harassment", "Gulnara Tulegenova", dt.date(2018, 7, 17), "Kostanay", "police"),
    ("On 19th July 2018, journalist Berik Sadykov was banned from leaving the country.",
     "travel_restriction", "Berik Sadykov", dt.date(2018, 7, 19), None, None),
    ("On 7th August 2018, poet Aigerim Tleuova was sent to forced psychiatric treatment.",
     "psychiatric_detention", "Aigerim Tleuova", dt.date(2018, 8, 7), None, None),
    ("On 2nd August 2018, activist Madina Aliyeva was put under police surveillance.",
     "surveillance", "Madina Aliyeva", dt.date(2018, 8, 2), None, "police"),
]


@pytest.mark.parametrize("text,etype,target,day,place,perpetrator", SINGLE,
                         ids=[s[1] for s in SINGLE])
def test_single_event(text, etype, target, day, place, perpetrator):
    inc = only(run(text), etype)
    assert inc.target_names == [target]
    assert (inc.event_date, inc.date_precision, inc.in_period) == (day, "day", True)
    assert inc.location == place
    assert inc.perpetrator == perpetrator
    assert inc.country == "KZ"
    assert 0.0 < inc.confidence <= 1.0


def test_unnamed_censorship_and_legislation():
    incs = run("On 23rd July 2018, the authorities blocked the website of an independent newspaper. "
               "On 30th July 2018, parliament adopted a new law restricting the activities of NGOs.")
    assert types_of(incs) == ["censorship", "legislation"]
    assert all(not i.targets for i in incs)
    assert only(incs, "legislation").right == "association"
    assert only(incs, "censorship").right == "expression"


# ------------------------------------------------------------------------------------------
# Penalties, articles and the sentencing classifier
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("window,expected", [
    ("sentenced to 15 days of administrative detention", "administrative_arrest"),
    ("sentenced to 10 days in jail for an unsanctioned rally", "administrative_arrest"),
    ("sentenced to three years of imprisonment", "prison_sentence"),
    ("sentenced to one year's deprivation of freedom", "prison_sentence"),
    ("sentenced to one year of probation", "restricted_freedom"),
    ("given a three-year sentence with probation", "restricted_freedom"),
    ("sentenced to a fine", "fine"),
])
def test_classify_sentence(window, expected):
    assert classify_sentence(window) == expected


def test_penalties_and_articles():
    incs = run("On 20th September 2018, Daulet Myrzakhmetov was sentenced to three years of imprisonment "
               "in Aktau under Article 174 of the Criminal Code. On 22nd September 2018, Kairat Abishev "
               "was fined 42 000 KZT (around 100 EUR).")
    prison = only(incs, "prison_sentence")
    assert prison.penalty_days == 1095 and prison.legal_basis == ["CC-174"] and prison.location == "Aktau"
    fine = only(incs, "fine")
    assert (fine.penalty_amount, fine.penalty_currency) == (Decimal("42000"), "KZT")


def test_respectively_splits_penalties():
    incs = run("On 20th August 2018, activists Bolat Kurmanov and Sanzhar Ibraev were sentenced to "
               "10 and 15 days of administrative arrest respectively.")
    rows = sorted((i.penalty_days, i.target_names) for i in incs)
    assert rows == [(10, ["Bolat Kurmanov"]), (15, ["Sanzhar Ibraev"])]


# ------------------------------------------------------------------------------------------
# Several events in one sentence; interrogation inside a detention
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("On 10th August 2018, activist Zhanna Baitenova was detained and fined 20 000 KZT.",
     ["detention", "fine"]),
    ("On 11th August 2018, Roza Temirova was detained and questioned for several hours; "
     "her home was searched.", ["detention", "search"]),
    ("On 12th August 2018, Aidar Kaliev was detained in Almaty and accused of organising "
     "a demonstration.", ["criminal_charge", "detention"]),
    ("On 13th August 2018, Marlen Dosov was detained for participating in an unsanctioned rally.",
     ["detention"]),
])
def test_several_events_in_one_sentence(text, expected):
    assert types_of(run(text)) == expected


# ------------------------------------------------------------------------------------------
# Negation, hypotheticals, quotations, attributes: no incident
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "On 3rd August 2018, Aidos Kemelov denied taking part in the rally.",
    "Human rights groups urge the immediate release of Ainur Bekova.",
    "On 4th August 2018, the court ruled that Serik Zhakupov could potentially be released next month.",
    "“We call on the authorities to release Dina Amirova immediately,” the statement said.",
    "Freedom of association is still affected by the ban on the banned movement's members.",
    "On 5th August 2018, Olzhas Beisenov demanded that the surveillance should be lifted.",
])
def test_no_incident(text):
    assert [i.event_type for i in run(text) if i.event_type != "court_ruling"] == []


# ------------------------------------------------------------------------------------------
# Unnamed groups and their counts (mapping in the module docstring)
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,group,count", [
    ("On 3rd July 2018, at least four women were detained by police in Astana.", "women", 4),
    ("On 25th July 2018, about 50 people gathered outside the akimat in Almaty.", "people", 50),
    ("On 4th July 2018, 22 persons were detained in Semey.", "persons", 22),
    ("On 5th July 2018, several activists were detained in Taraz.", "activists", None),
    ("On 6th July 2018, dozens of protesters were detained in Oral.", "protesters", None),
    ("On 7th July 2018, 11 current and former staff were questioned in Atyrau.",
     "current and former staff", 11),
])
def test_group_counts(text, group, count):
    incs = run(text)
    assert len(incs) == 1
    inc = incs[0]
    assert inc.targets == [] and inc.target_group == group and inc.participants == count


def test_unnamed_event_over_several_cities_is_split():
    incs = run("Since 19th August 2018, dozens of activists have been on hunger strike in Almaty "
               "and Shymkent.")
    assert sorted((i.event_type, i.location) for i in incs) == [("protest", "Almaty"), ("protest", "Shymkent")]


# ------------------------------------------------------------------------------------------
# Stories over sentences: pairs, pronouns, dates and places carried
# ------------------------------------------------------------------------------------------

def test_also_joins_the_previous_incident():
    text = ("On 9th September 2018, journalist Ivan Petrov was detained in Atyrau. "
            "His cameraman Oleg Sidorov was also detained.")
    inc = only(run(text), "detention")
    assert inc.target_names == ["Ivan Petrov", "Oleg Sidorov"]
    assert inc.evidence == text and inc.location == "Atyrau"


def test_pronoun_date_and_place_carried():
    incs = run("On 14th September 2018, police in Kyzylorda detained lawyer Galym Nurpeisov. "
               "He was accused of insulting a judge.")
    charge = only(incs, "criminal_charge")
    assert charge.target_names == ["Galym Nurpeisov"]
    assert charge.event_date == dt.date(2018, 9, 14) and charge.location == "Kyzylorda"
    assert charge.evidence == "He was accused of insulting a judge."


def test_later_that_day_carries_the_date():
    incs = run("On 3rd July 2018, police detained activist Akmaral Nurgali in Astana. Later that day, "
               "she was fined 30 000 KZT.")
    assert only(incs, "fine").event_date == dt.date(2018, 7, 3)


def test_region_keeps_the_story_city():
    incs = run("On 27th September 2018, journalist Pavel Orlov was detained in Aktau. "
               "He was subsequently fined 30 000 KZT and prohibited from filming in Mangystau Region.")
    assert only(incs, "fine").location == "Aktau"


def test_origin_place_and_probation():
    inc = only(run("On 3rd September 2018, Gulmira Sarsenova, an activist from Uralsk, was sentenced to "
                   "one year of probation."), "restricted_freedom")
    assert (inc.location, inc.geo_precision, inc.penalty_days) == ("Uralsk", "city", 365)


def test_official_is_not_a_target_and_relative_clause_takes_its_antecedent():
    incs = run("On 16th August 2018, deputy akim Yerlan Sadvakasov met Aigul Utepova, the sister of "
               "Nurbol Utepov, who is currently on trial.")
    charge = only(incs, "criminal_charge")
    assert charge.target_names == ["Nurbol Utepov"]


def test_background_is_out_of_period():
    inc = only(run("Bauyrzhan Mukhtarov was first arrested in 2012."), "detention")
    assert (inc.event_date, inc.date_precision, inc.in_period) == (dt.date(2012, 1, 1), "year", False)


def test_protest_reported_on_has_no_named_participant():
    incs = run("On 17th September 2018, journalist Asem Zhaksybekova was reporting on a gathering in "
               "support of political prisoners in Astana.")
    protest = only(incs, "protest")
    assert protest.targets == [] and protest.location == "Astana"


# ------------------------------------------------------------------------------------------
# Helpers: clauses, triggers, keys, ordering
# ------------------------------------------------------------------------------------------

def test_clauses_cut_before_relative_and_attribution():
    text = "X met Y, who was detained, according to Z."
    parts = [text[a:b] for a, b in split_clauses(text, 0, len(text))]
    assert parts == ["X met Y", ", who was detained", ", according to Z."]


def test_quoted_triggers_are_ignored():
    text = "He was charged with “organising an unsanctioned picket”."
    assert [t.event_type for t in find_triggers(text, 0, len(text), [(20, len(text) - 1)])] == [
        "criminal_charge"]


def test_incident_key_is_stable_and_sensitive():
    inc = only(run("On 5th August 2018, police in Almaty detained activist Arman Seitkali."), "detention")
    key = incident_key("r1", inc)
    assert key == incident_key("r1", inc) and key.startswith("I") and len(key) == 13
    assert key != incident_key("r2", inc)
    inc.evidence = inc.evidence + " "
    assert key != incident_key("r1", inc)


def test_output_is_sorted_and_deterministic():
    text = ("On 10th August 2018, activist Zhanna Baitenova was detained and fined 20 000 KZT. "
            "On 11th August 2018, Roza Temirova was detained and her home was searched.")
    a, b = run(text), run(text)
    assert [(i.evidence_start, i.event_type) for i in a] == sorted((i.evidence_start, i.event_type) for i in a)
    assert a == b


# ------------------------------------------------------------------------------------------
# The seed and the development excerpts (skipped without ../shared)
# ------------------------------------------------------------------------------------------

def _chain(path: Path) -> tuple[str, list, list[Incident]]:
    from pipelines.core.text import clean_text

    text = clean_text(path.read_text(encoding="utf-8"))
    units = segment(text)
    persons = find_person_mentions(text, units)
    return text, persons, extract_incidents(text, units, persons, read_metadata(text, path.name))


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not available")
@pytest.mark.parametrize("name", DEV_EXCERPTS)
def test_dev_excerpt_offsets(name):
    text, _, incs = _chain(SHARED / "reports-dev" / f"{name}.txt")
    for inc in incs:
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence


def _score(gold_path: Path, persons: list, incs: list[Incident]):
    pd = pytest.importorskip("pandas")
    from pipelines.core.evaluate import load_gold, score_report

    rows, links = [], []
    for inc in incs:
        iid = incident_key("r", inc)
        rows.append({"incident_id": iid, "event_type": inc.event_type, "event_date": inc.event_date,
                     "event_date_end": inc.event_date_end, "location": inc.location,
                     "legal_basis": inc.legal_basis, "participants": inc.participants,
                     "penalty_amount": None if inc.penalty_amount is None else float(inc.penalty_amount),
                     "penalty_currency": inc.penalty_currency, "penalty_days": inc.penalty_days})
        links += [{"incident_id": iid, "person_id": lid, "role": "target"} for lid in inc.targets]
    people: dict[str, dict] = {}
    for p in persons:
        people.setdefault(p.local_id, {"person_id": p.local_id, "name": p.canonical, "aliases": []})
        people[p.local_id]["aliases"].append(p.surface)
    return score_report(load_gold(gold_path), pd.DataFrame(rows, columns=INCIDENT_COLUMNS),
                        pd.DataFrame(links, columns=["incident_id", "person_id", "role"]),
                        pd.DataFrame(list(people.values()), columns=["person_id", "name", "aliases"]))


INCIDENT_COLUMNS = ["incident_id", "event_type", "event_date", "event_date_end", "location", "legal_basis",
                    "participants", "penalty_amount", "penalty_currency", "penalty_days"]


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="../shared gold is not available")
def test_seed_against_gold():
    text, persons, incs = _chain(SEED)
    assert incs
    for inc in incs:
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
    score = _score(SEED_GOLD, persons, incs)
    f1 = _f1(score.tp, score.fp, score.fn)
    assert f1 >= SEED_F1_FLOOR, (f1, score.missed, score.false_positives)
    located = [p.location_ok for p in score.pairs if not p.optional]
    assert sum(located) / len(located) >= SEED_LOCATION_FLOOR


# ------------------------------------------------------------------------------------------
# Invented reports of the families the dataset meets (tests/fixtures/incidents, gold written
# before the extractor ran on them): a floor on the whole chain
# ------------------------------------------------------------------------------------------

FIXTURES = ROOT / "tests" / "fixtures" / "incidents"
# Measured with rules-0.2: 47 tp, 0 fp, 1 fn (F1 0.989), location 40/47
# (0.851) over 11 fixtures; before them F1 0.58 and location 17/23 on the first nine.
# Round 3 (rules-0.3): six new fixtures (civicus_kz_quarterly, civicus_kg_media, iphr_uz_psychiatry,
# iphr_tj_abroad, hrw_kz_womens_march, rferl_kz_picket) scored 48 tp, 9 fp, 12 fn (F1 0.821,
# location 43/48) untouched and 60/0/0 (location 59/60) after; two fresh ones written after the
# rules were final (amnesty_kz_unions, rferl_kg_pasture) scored 7 tp, 4 fp, 6 fn (F1 0.583,
# location 7/7) untouched, 8/3/5 after one fix. All 19: 115 tp, 3 fp, 6 fn (F1 0.962), location
# 108/115 (0.939). Round 4 (vocabulary per type, not per text): 120 tp, 0 fp, 1 fn (F1 0.996),
# location 113/120 (0.942). The floors leave room for names.py and dates.py to move.
FIXTURE_F1_FLOOR = 0.93
FIXTURE_LOCATION_FLOOR = 0.88


def test_invented_reports_against_their_gold():
    tp = fp = fn = 0
    located: list[bool] = []
    names = sorted(p.stem for p in FIXTURES.glob("*.txt"))
    assert len(names) >= 6
    for name in names:
        text, persons, incs = _chain(FIXTURES / f"{name}.txt")
        for inc in incs:
            assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
        score = _score(FIXTURES / "gold" / f"{name}.yaml", persons, incs)
        tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
        located += [bool(p.location_ok) for p in score.pairs if not p.optional]
    f1 = _f1(tp, fp, fn)
    assert f1 >= FIXTURE_F1_FLOOR, (tp, fp, fn)
    assert sum(located) / len(located) >= FIXTURE_LOCATION_FLOOR


# ------------------------------------------------------------------------------------------
# Places: courts referred back to, trial places, affiliations, "there"
# ------------------------------------------------------------------------------------------

NO_PERIOD = ReportMeta(title=None, publisher=None, country="KZ", period_start=None, period_end=None)


def test_definite_court_takes_the_court_named_in_the_previous_paragraph():
    incs = run("A court in Aktobe, western Kazakhstan, has upheld the prison terms of two trade unionists.\n\n"
               "The court on March 3, 2019 ruled to keep Erlan Baimagambetov and Olga Ten in prison.",
               NO_PERIOD)
    ruling = [i for i in incs if i.target_names]
    assert [(i.event_type, i.location) for i in ruling] == [("court_ruling", "Aktobe")]


def test_the_court_also_takes_the_place_and_day_of_that_court():
    incs = run("BISHKEK -- A court in Naryn on 4 May 2021 sentenced blogger Timur Osmonov to three years in "
               "prison.\n\nHis lawyer said he would appeal.\n\nOsmonov was arrested in March.\n\n"
               "The court also sentenced a second defendant, Asel Toktosunova, to two years of probation.",
               NO_PERIOD)
    probation = only(incs, "restricted_freedom")
    assert (probation.location, probation.event_date) == ("Naryn", dt.date(2021, 5, 4))


def test_a_court_without_a_place_stays_without_one():
    incs = run("On 4 May 2021, the court sentenced blogger Timur Osmonov to three years in prison.", NO_PERIOD)
    assert only(incs, "prison_sentence").location is None


def test_one_trial_place_of_the_report_reaches_its_sentences():
    incs = run("Blogger Rustam Aliev was given a five-year prison term.\n\n"
               "Journalist Dilya Karimova was given a two-year sentence with probation and released in the "
               "courtroom.\n\nThe region is the poorest of the country.\n\n"
               "The trial, held in the city of Nukus, began on 2 June 2022.", NO_PERIOD)
    placed = {(i.event_type, i.location) for i in incs if i.target_names}
    assert placed == {("prison_sentence", "Nukus"), ("restricted_freedom", "Nukus"), ("release", "Nukus")}


def test_two_trial_places_give_none():
    incs = run("Blogger Rustam Aliev was given a five-year prison term.\n\n"
               "A court in Nukus heard one case; a court in Termez heard another on 2 June 2022.", NO_PERIOD)
    assert only(incs, "prison_sentence").location is None


@pytest.mark.parametrize("text,place", [
    ("On 9 March 2022, an attack on a convoy killed one Almaty TV employee.", None),
    ("On 9 March 2022, police blocked the website of the outlet Semey Times.", None),
    ("On 9 March 2022, an Oral-based blogger was detained.", None),
    ("On 9 March 2022, police interrupted a seminar organised by the outlet Kostanay Week.", "Kostanay"),
    ("On 9 March 2022, police interrupted a seminar in Kostanay.", "Kostanay"),
])
def test_place_inside_an_organisation_name_is_no_event_place(text, place):
    incs = run(text, NO_PERIOD)
    assert len(incs) == 1 and incs[0].location == place


def test_there_and_a_day_within_the_story_carry_the_place():
    incs = run("On 14 September 2018, blogger Saule Nurpeisova was detained in Semey and taken to a "
               "psychiatric hospital. She was held there for 10 days and released on 24 September.")
    assert only(incs, "psychiatric_detention").location == "Semey"
    assert only(incs, "release").location == "Semey"
    incs = run("Workers went on strike in Zhanaozen in January 2021. On January 19, police detained "
               "two organisers, Berik Seitov and Daulet Ermekov.", NO_PERIOD)
    assert only(incs, "detention").location == "Zhanaozen"


# ------------------------------------------------------------------------------------------
# Dates: datelines, publication day, year-less months
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("head,day", [
    ("Title\n\nMarch 14, 2023 12:40 GMT\n\nBISHKEK -- text", dt.date(2023, 3, 14)),
    ("Title\n\n16.05.2017 20:19 msk\n\ntext", dt.date(2017, 5, 16)),
    ("Almaty, March 3, 2023—Kazakh authorities must act.", dt.date(2023, 3, 3)),
    ("Update, January 23, 2017\n\nA court ruled.", None),
    ("On 5 May 2020, police detained a man.", None),
])
def test_publication_date(head, day):
    assert publication_date(head) == day


def test_dateline_place_and_weekday_from_the_publication_day():
    incs = run("Almaty, March 3, 2023—On Wednesday, police in Shymkent detained journalist Erzhan Kaliev.\n\n"
               "He had been detained once before, in October.", NO_PERIOD)
    rows = sorted((i.event_date, i.location) for i in incs)
    # "On Wednesday" is 1 March; "in October" of a March text is last year's October
    assert rows == [(dt.date(2022, 10, 1), None), (dt.date(2023, 3, 1), "Shymkent")]


# ------------------------------------------------------------------------------------------
# Targets: pronouns across paragraphs and their gender, relatives, parts of groups
# ------------------------------------------------------------------------------------------

def test_pronoun_in_a_paragraph_that_names_nobody_takes_the_previous_paragraph_person():
    incs = run("Gulnara Seitova, a teacher from Taraz, shared posts on Facebook.\n\n"
               "On 6 April 2020, police came to her home, searched it and seized her phone.")
    assert only(incs, "search").target_names == ["Gulnara Seitova"]


def test_pronoun_agrees_in_gender_and_denied_access_targets_the_detainee():
    incs = run("On 14 May 2019, lawyer Bakhtiyor Nazarov was detained in Dushanbe. His lawyer, Malika "
               "Rakhimova, was denied access to him until 25 May.\n\n"
               "On 29 May 2019, a court rejected his appeal.", NO_PERIOD)
    assert only(incs, "court_ruling").target_names == ["Bakhtiyor Nazarov"]
    assert [i.target_names for i in incs if i.event_type == "harassment"] in ([], [["Bakhtiyor Nazarov"]])


def test_relative_as_subject_is_the_named_relative():
    incs = run("On 14 May 2019, activist Bakhtiyor Nazarov was detained. On 17 May 2019, police told his "
               "wife, Zarina Nazarova, where he was held. His wife has been summoned twice for questioning.",
               NO_PERIOD)
    assert only(incs, "interrogation").target_names == ["Zarina Nazarova"]


def test_part_of_a_group_is_not_the_person_named_beside_it():
    incs = run("In October 2022, Timur Osmonov was arrested along with 20 activists. Most of them have "
               "since been released, but Osmonov remained in custody.", NO_PERIOD)
    assert [i.target_names for i in incs if i.event_type == "release"] in ([], [[]])


@pytest.mark.parametrize("text,group,count", [
    ("On 3 August 2022, Aidos Kenzhebaev was questioned for four hours without a lawyer.", None, None),
    ("On 3 August 2022, around 15 relatives of members of the banned opposition movement were summoned.",
     "relatives", 15),
])
def test_group_phrases_that_are_not_groups(text, group, count):
    inc = run(text, NO_PERIOD)[0]
    assert (inc.target_group, inc.participants) == (group, count)


# ------------------------------------------------------------------------------------------
# Trigger wording met in news releases and alerts
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("On 11 February 2021, investigators charged Aigerim Sadykova, head of a union, with inciting discord.",
     ["criminal_charge"]),
    ("On 24 February 2021, a court placed Aigerim Sadykova under house arrest.", ["detention"]),
    ("On 2 November 2021, border guards prevented Gulshat Amanova, the sister of a critic, from boarding a "
     "flight.", ["travel_restriction"]),
    ("On 14 September 2021, blogger Dilnoza Yuldasheva was taken to a psychiatric hospital against her will.",
     ["psychiatric_detention"]),
    ("In mid-October 2021, users reported that VPN services and the messenger Signal had been blocked.",
     ["censorship"]),
    ("On 5 February 2024, the court extended the pre-trial detention of Aibek Usenov.", ["detention"]),
    ("On 2 March 2024, around 25 residents of Osh held a peaceful rally.", ["protest"]),
    ("On 9 January 2021, about 300 oil workers in Zhanaozen stopped work.", ["protest"]),
    ("On 22 June 2020, the court found Gulzhan Abenova guilty and sentenced her to two years of restricted "
     "freedom.", ["restricted_freedom"]),
    ("On 22 June 2020, a court found Gulzhan Abenova guilty of slander. In addition to the prison term, "
     "she was banned from journalism.", ["prison_sentence"]),
    ("On 22 June 2020, a court found Gulzhan Abenova guilty of slander.", ["court_ruling"]),
])
def test_news_release_wording(text, expected):
    assert [t for t in types_of(run(text, NO_PERIOD)) if t != "harassment"] == expected


@pytest.mark.parametrize("text", [
    "If convicted, Aigerim Sadykova could face up to seven years in prison.",
    "Officials denied that Aigerim Sadykova had been detained for her journalism.",
    "Prosecutors had asked for eight years for Timur Osmonov.",
])
def test_hypotheticals_and_denials_in_releases(text):
    assert run(text, NO_PERIOD) == []


def test_unnamed_summary_lends_its_term_to_the_named_verdict():
    # the lead states the term for "three journalists", the next paragraph names them without it
    text = ("The four-year prison sentences on 12 August 2018 for three journalists are an attack on "
            "the press, the group said.\n\n"
            "A court in Shymkent found Arman Serikov, Dana Omarova and Ilyas Nurlanov guilty of "
            "spreading false information. Besides the prison terms, they were barred from journalism.")
    incs = run(text)
    prison = only(incs, "prison_sentence")
    assert prison.penalty_days == 4 * 365
    assert len(prison.targets) == 3
    assert prison.location == "Shymkent"


def test_sentence_for_crimes_is_not_a_nominal_sentencing():
    text = "Lawmakers proposed ten-year sentences for crimes against the state on 3 August 2018."
    assert "prison_sentence" not in types_of(run(text))


# ------------------------------------------------------------------------------------------
# Round 3: wording met in quarterly updates, media-raid and transnational-repression reports
# (each rule with its own invented sentence)
# ------------------------------------------------------------------------------------------

def _meta(country: str) -> ReportMeta:
    return ReportMeta(title=None, publisher=None, country=country, period_start=None, period_end=None)


@pytest.mark.parametrize("text,expected", [
    ("On 4 May 2020, the Ministry of Justice refused for the third time to register the Green Steppe party.",
     ["harassment"]),
    ("On 4 May 2020, the authorities blocked access to the news portal Kok Tube.", ["censorship"]),
    ("On 4 May 2020, a criminal case for spreading false information was opened against blogger Azat Bekov.",
     ["criminal_charge"]),
    ("On 12 May 2020, the Mazhilis approved the draft in the second reading.", ["legislation"]),
    ("On 5 May 2020, about 30 reporters held a picket in Almaty against the draft law on media.", ["protest"]),
    ("On 5 December 2022, blogger Dilfuza Karimova was committed to the Samarkand Regional Psychiatric Hospital.",
     ["psychiatric_detention"]),
    ("On 2 November 2022, a court in Namangan ordered compulsory psychiatric treatment for blogger Olim Sharipov.",
     ["psychiatric_detention"]),
    ("On 18 October 2021, Serik Ospanov unfurled a banner in front of the akimat in Taraz.", ["protest"]),
    ("On 9 March 2022, the court fined seven of the detained women 30 000 KZT each.", ["fine"]),
    ("On 2 February 2023, relatives of the prisoners who gathered outside the prosecutor's office in Nukus "
     "were dispersed.", ["protest"]),
])
def test_round3_trigger_wording(text, expected):
    assert types_of(run(text, NO_PERIOD)) == expected


def test_remanded_with_the_people_between_verb_and_custody_takes_the_pair():
    incs = run("On 13 February 2023, editor Aida Kasymova and presenter Bolot Usenov were detained. "
               "On 14 February 2023, the Leninsky District Court of Bishkek remanded both of them in custody.",
               _meta("KG"))
    remand = [i for i in incs if i.event_date == dt.date(2023, 2, 14)]
    assert [(i.event_type, sorted(i.target_names), i.location) for i in remand] == [
        ("detention", ["Aida Kasymova", "Bolot Usenov"], "Bishkek")]


def test_placed_him_under_house_arrest_takes_the_story_person():
    incs = run("On 10 September 2019, journalist Yerzhan Dosov was charged in Atyrau with spreading false "
               "information. On 19 September, the court placed him under house arrest.")
    assert only(incs, "detention").target_names == ["Yerzhan Dosov"]


def test_relative_clause_is_closed_by_the_main_verb():
    text = ("The Samarkand Regional Court, which has heard the case of 12 defendants accused of the unrest in "
            "Nukus since late May 2022, sentenced journalist Bekzod Aliev to 9 years in prison on 3 August 2022.")
    inc = only(run(text, _meta("UZ")), "prison_sentence")
    assert (inc.event_date, inc.location, inc.penalty_days) == (dt.date(2022, 8, 3), "Samarkand", 9 * 365)


def test_a_date_in_a_which_clause_is_its_antecedents():
    incs = run("The Ministry of Justice again refused to register the group Adolat, which has applied "
               "seven times since 2016.", PERIOD)
    assert all(i.event_date != dt.date(2016, 1, 1) for i in incs)


@pytest.mark.parametrize("text,group", [
    ("On 19 April 2021, security officers in Kulob summoned his parents and two brothers.", "parents and two brothers"),
    ("On 9 June 2021, police in Khujand questioned the mother and the sister of exiled blogger Anvar Sharipov.",
     "mother and the sister"),
])
def test_unnamed_relatives_as_object_are_the_targets(text, group):
    inc = only(run(text, _meta("TJ")), "interrogation")
    assert inc.targets == [] and inc.target_group == group


@pytest.mark.parametrize("text,target", [
    ("On 9 June 2021, police questioned his brother Jamshed Rakhimov.", "Jamshed Rakhimov"),
    ("On 17 May 2019, officers searched the family's flat of activist Umed Saidov.", "Umed Saidov"),
])
def test_named_relative_and_family_property_keep_their_person(text, target):
    assert [i.target_names for i in run(text, _meta("TJ"))] == [[target]]


@pytest.mark.parametrize("text,amount", [
    ("On 7 July 2019, activist Zarina Amanova was fined 50 monthly calculation indices (126,250 KZT).", "126250"),
    ("On 9 March 2022, activist Zarina Amanova was fined 30 MRP, about 92,000 tenge (US$210).", "92000"),
])
def test_fine_in_indices_takes_the_tenge_the_text_gives(text, amount):
    inc = only(run(text), "fine")
    assert (inc.penalty_amount, inc.penalty_currency) == (Decimal(amount), "KZT")


def test_fine_in_indices_alone_stays_in_indices():
    inc = only(run("On 9 March 2022, activist Zarina Amanova was fined 20 MRP."), "fine")
    assert inc.penalty_currency == "MCI"


def test_news_release_lead_gives_way_to_the_detailed_rows():
    text = ("(Berlin) – Police in Kazakhstan detained at least 12 women who took part in a march in Almaty on "
            "March 8, 2022, and courts later fined five of them, Human Rights Watch said today.\n\n"
            "About 200 people marched in Almaty on March 8.\n\n"
            "On March 10, a court in Almaty fined five women 40 000 KZT each.")
    rows = sorted((i.event_type, i.event_date, i.participants) for i in run(text, NO_PERIOD))
    assert rows == [("detention", dt.date(2022, 3, 8), 12), ("fine", dt.date(2022, 3, 10), 5),
                    ("protest", dt.date(2022, 3, 8), 200)]


def test_counted_part_of_the_group_after_the_verb_and_its_place():
    inc = only(run("On 8 March 2022, about 20 women held a picket in Shymkent. On 10 March 2022, police "
                   "summoned three of them for a conversation."), "interrogation")
    assert (inc.participants, inc.location) == (3, "Shymkent")


def test_day_of_a_date_is_no_count():
    inc = only(run("A court in Aktobe on October 15, 2021 fined civic activist Nurlan Sadykov 146,000 tenge."), "fine")
    assert inc.participants is None


@pytest.mark.parametrize("text,place", [
    # a day within a week for the same person (pronoun) or a relative keeps the story's city
    ("On 21 March 2023, police in Osh detained journalist Aizat Toktogulova. She was released on bail on "
     "24 March.", "Osh"),
    ("On 19 April 2021, officers in Kulob summoned his parents. On 22 April 2021, his brother Jamshed Rakhimov "
     "was detained for a day.", "Kulob"),
    # a new person a week later is a new episode
    ("On 2 March 2023, police in Osh detained journalist Aizat Toktogulova. On 20 March 2023, blogger Nurbek "
     "Asanov was detained.", None),
])
def test_story_place_within_a_week(text, place):
    incs = run(text, _meta("KG") if "Osh" in text else _meta("TJ"))
    assert incs[-1].location == place


def test_a_persons_place_carries_across_paragraphs_within_a_week():
    text = ("The Oral City Court on 20 October 2021 sentenced Askhat Zhanuzakov to 20 days in jail.\n\n"
            "Zhanuzakov was detained on 18 October 2021 after a picket.\n\n"
            "On 19 October 2021, police searched the flat of Zhanuzakov's associate, Dana Omarova.\n\n"
            "On 1 December 2021, Zhanuzakov was detained again.")
    rows = [(i.event_type, i.event_date, i.location) for i in run(text, NO_PERIOD)]
    assert ("detention", dt.date(2021, 10, 18), "Uralsk") in rows
    assert ("search", dt.date(2021, 10, 19), "Uralsk") in rows
    assert ("detention", dt.date(2021, 12, 1), None) in rows


def test_relative_date_after_a_second_verb_dates_that_verb():
    incs = run("On 3 June 2021, activist Sitora Nabieva was deported to Dushanbe. She was detained at the "
               "airport and charged the next day under Article 307 of the Criminal Code.", _meta("TJ"))
    assert only(incs, "detention").event_date == dt.date(2021, 6, 3)
    assert only(incs, "criminal_charge").event_date == dt.date(2021, 6, 4)


def test_labelling_them_extremist_takes_no_person():
    incs = run("On 4 May 2019, activist Marat Bekov was detained. The authorities banned the party Koshe, "
               "labelling them as extremist.")
    assert [i.target_names for i in incs if i.event_type == "censorship"] in ([], [[]])


def test_counted_part_including_a_named_person_targets_that_person():
    inc = only(run("On 25 October 2022, about 15 activists held a picket in Astana. Police detained three of them, "
                   "including Daulet Seitkaliev."), "detention")
    assert inc.target_names == ["Daulet Seitkaliev"]


# ------------------------------------------------------------------------------------------
# Round 4: the vocabulary of each event type (table in incidents.py above _VOCABULARY), one
# invented sentence per added pattern, and the guards that keep look-alikes out
# ------------------------------------------------------------------------------------------

VOCABULARY = [
    # detention
    ("On 3 May 2021, activist Bakyt Ormonov was whisked away by men in plain clothes.", "detention"),
    ("On 3 May 2021, blogger Bakyt Ormonov was bundled into an unmarked car outside his home.", "detention"),
    ("On 3 May 2021, journalist Bakyt Ormonov was picked up by police near the market.", "detention"),
    ("On 3 May 2021, Bakyt Ormonov was taken to the Oktyabrsky district police department.", "detention"),
    ("On 3 May 2021, activist Bakyt Ormonov was abducted from a street in the capital.", "detention"),
    ("On 3 May 2021, officers placed Bakyt Ormonov under arrest at the airport.", "detention"),
    ("Colleagues protested on 3 May 2021 against the arrest of Bakyt Ormonov.", "detention"),
    # sentencing phrases
    ("On 3 May 2021, blogger Bakyt Ormonov got 10 days for an unsanctioned picket.", "administrative_arrest"),
    ("On 3 May 2021, a court handed Bakyt Ormonov a five-year prison sentence.", "prison_sentence"),
    ("On 3 May 2021, Bakyt Ormonov received a suspended sentence of two years.", "restricted_freedom"),
    ("On 3 May 2021, poet Bakyt Ormonov was jailed for insulting the president.", "prison_sentence"),
    # fine
    ("On 3 May 2021, activist Bakyt Ormonov was slapped with a heavy fine.", "fine"),
    ("On 3 May 2021, the two picketers were released after paying fines of 5,000 soms each.", "fine"),
    # criminal charge
    ("On 3 May 2021, exiled blogger Bakyt Ormonov was put on the international wanted list.", "criminal_charge"),
    ("On 3 May 2021, the case against Bakyt Ormonov was sent to court.", "criminal_charge"),
    ("On 3 May 2021, prosecutors brought charges against Bakyt Ormonov.", "criminal_charge"),
    # psychiatric detention
    ("On 3 May 2021, Bakyt Ormonov was forcibly hospitalised in Namangan.", "psychiatric_detention"),
    ("On 3 May 2021, Bakyt Ormonov was sent for a forensic psychiatric examination.", "psychiatric_detention"),
    # search
    ("On 3 May 2021, security officers stormed the office of the newspaper run by Bakyt Ormonov.", "search"),
    ("On 3 May 2021, police carried out a search at the flat of Bakyt Ormonov.", "search"),
    # interrogation
    ("On 3 May 2021, Bakyt Ormonov was invited to the police for a preventive conversation.", "interrogation"),
    ("On 3 May 2021, blogger Bakyt Ormonov received a summons from the prosecutor's office.", "interrogation"),
    # surveillance
    ("On 3 May 2021, Bakyt Ormonov was followed by two men in a grey car.", "surveillance"),
    ("On 3 May 2021, Bakyt Ormonov learned that his phone had been wiretapped.", "surveillance"),
    # physical attack
    ("On 3 May 2021, unknown people set fire to the car of journalist Bakyt Ormonov.", "physical_attack"),
    ("On 3 May 2021, journalist Bakyt Ormonov was punched and kicked by two men.", "physical_attack"),
    ("On 3 May 2021, riot police used tear gas against protesters in Zhanaozen.", "physical_attack"),
    # harassment
    ("On 3 May 2021, the court suspended the activities of the union led by Bakyt Ormonov.", "harassment"),
    ("On 3 May 2021, tax officers began an unscheduled audit of the NGO headed by Bakyt Ormonov.", "harassment"),
    ("On 3 May 2021, the licence of lawyer Bakyt Ormonov was revoked.", "harassment"),
    ("On 3 May 2021, teacher Bakyt Ormonov was fired from his job for a Facebook post.", "harassment"),
    ("On 3 May 2021, the ministry refused registration to the association led by Bakyt Ormonov.", "harassment"),
    ("On 3 May 2021, activist Bakyt Ormonov received threatening phone calls.", "harassment"),
    # travel restriction
    ("On 3 May 2021, Bakyt Ormonov was forcibly returned to his home country.", "travel_restriction"),
    ("On 3 May 2021, border guards took Bakyt Ormonov off a flight to Istanbul.", "travel_restriction"),
    ("On 3 May 2021, officers confiscated the passport of activist Bakyt Ormonov.", "travel_restriction"),
    # censorship
    ("On 3 May 2021, access to the news site Vlast was restricted nationwide.", "censorship"),
    ("On 3 May 2021, the authorities shut down the mobile internet in Nukus.", "censorship"),
    ("On 3 May 2021, the talk show of Bakyt Ormonov was taken off the air.", "censorship"),
    ("On 3 May 2021, police confiscated the print run of the weekly edited by Bakyt Ormonov.", "censorship"),
    # legislation
    ("On 3 May 2021, the president signed the amendments on public assemblies into law.", "legislation"),
    ("On 3 May 2021, the new rules on foreign funding came into force.", "legislation"),
    # court ruling
    ("On 3 May 2021, the judge rejected the motion of Bakyt Ormonov's defence.", "court_ruling"),
    ("On 3 May 2021, journalist Bakyt Ormonov lost his appeal.", "court_ruling"),
    ("On 3 May 2021, newspaper editor Bakyt Ormonov was ordered to pay damages of 2 million tenge.", "court_ruling"),
    # charges dropped
    ("On 3 May 2021, the court found Bakyt Ormonov not guilty of extortion.", "charges_dropped"),
    ("On 3 May 2021, Bakyt Ormonov was cleared of all charges.", "charges_dropped"),
    ("On 3 May 2021, investigators dropped the case against Bakyt Ormonov.", "charges_dropped"),
    # release
    ("On 3 May 2021, activist Bakyt Ormonov walked free after serving his term.", "release"),
    ("On 3 May 2021, Bakyt Ormonov left the penal colony.", "release"),
    ("On 3 May 2021, Bakyt Ormonov was granted early release.", "release"),
    # protest
    ("On 3 May 2021, police broke up a protest by residents in Osh.", "protest"),
    ("On 3 May 2021, the rally in Osh was dispersed by police.", "protest"),
    ("On 3 May 2021, activist Bakyt Ormonov staged a one-man picket in Osh.", "protest"),
    ("On 3 May 2021, about 200 residents took to the streets in Osh.", "protest"),
    ("On 3 May 2021, about 100 villagers blocked the highway to Osh.", "protest"),
]


@pytest.mark.parametrize("text,etype", VOCABULARY, ids=[f"{t}-{i}" for i, (_, t) in enumerate(VOCABULARY)])
def test_round4_vocabulary(text, etype):
    assert etype in types_of(run(text, _meta("KG"))), types_of(run(text, _meta("KG")))


GUARDS = [
    # a road is no medium, a cordon no protest
    ("On 3 May 2021, residents blocked the road to the construction site.", "censorship"),
    ("On 3 May 2021, police blocked the road to the square in Osh.", "protest"),
    # a verdict of not guilty is no conviction
    ("On 3 May 2021, the court found Bakyt Ormonov not guilty of extortion.", "court_ruling"),
    ("On 3 May 2021, the court found Bakyt Ormonov not guilty of extortion.", "prison_sentence"),
    # a state that looks back is no new detention, a meeting no interrogation
    ("Bakyt Ormonov has been held incommunicado since his arrest.", "detention"),
    ("On 3 May 2021, the residents were invited to talk to officials of the akimat.", "interrogation"),
    # self-immolation is a protest, not an attack; a passport taken is no search
    ("On 3 May 2021, Bakyt Ormonov set himself on fire outside the akimat in Osh.", "physical_attack"),
    ("On 3 May 2021, officers confiscated the passport of activist Bakyt Ormonov.", "search"),
    # a sum-up of terms is no sentencing of the person named beside it
    ("Despite the defendants receiving severe terms, lawyer Bakyt Ormonov said nothing.", "prison_sentence"),
    # "fired" without a job is no dismissal
    ("On 3 May 2021, police fired rubber bullets into the air in Osh.", "harassment"),
]


@pytest.mark.parametrize("text,etype", GUARDS, ids=[f"{t}-{i}" for i, (_, t) in enumerate(GUARDS)])
def test_round4_guards(text, etype):
    assert etype not in types_of(run(text, _meta("KG")))


def test_other_detainees_are_a_group_not_the_people_named_before():
    incs = run("On 13 April 2024, a court in Suzak sentenced Nurbek Asanov and Timur Alymov to 10 days in jail. "
               "The other detainees were released the same day.", _meta("KG"))
    release = [i for i in incs if i.event_type == "release"]
    assert all(not i.targets for i in release)


def test_capitalised_dateline_with_country_is_no_event_place():
    text = ("April 18, 2024 09:05 GMT\n\nNARYN, Kyrgyzstan -- Police in the southern Osh region broke up a rally "
            "of farmers on Friday.")
    inc = only(run(text, _meta("KG")), "protest")
    assert inc.location == "Osh Region" and inc.event_date == dt.date(2024, 4, 12)


def test_pronoun_in_a_later_paragraph_takes_the_last_person_of_its_gender():
    # a dated chronology: the paragraph before is about his wife, "he" is still the blogger
    text = ("03.05.2021 – Police detained the blogger Marat Seitkaliyev in Taraz.\n\n"
            "05.05.2021 – His wife, Aliya Seitkaliyeva, was questioned by investigators.\n\n"
            "09.06.2021 – He was released under house arrest.")
    release = only(run(text, NO_PERIOD), "release")
    assert release.target_names == ["Marat Seitkaliyev"]


def test_a_ruling_on_the_verdict_concerns_the_people_followed():
    text = ("On 2 March 2021, a court in Taraz sentenced the blogger Marat Seitkaliyev to two years of "
            "restricted freedom.\n\nThe ministry revoked the licence of his outlet on 4 April 2021.\n\n"
            "On 20 May 2021, the regional court upheld the verdict on appeal.")
    ruling = only(run(text, NO_PERIOD), "court_ruling")
    assert ruling.target_names == ["Marat Seitkaliyev"]


def test_object_pronoun_beats_a_group_phrase_later_in_the_clause():
    text = ("Farmer Timur Abenov held a one-man picket in Taraz on 3 May 2022. The next day a court "
            "sentenced him to 10 days of administrative arrest for insulting a police officer.")
    arrest = only(run(text, NO_PERIOD), "administrative_arrest")
    assert arrest.target_names == ["Timur Abenov"] and arrest.target_group is None


@pytest.mark.parametrize("sentence", [
    "On 4 May 2022, officers forced Aidos Serikov into a car outside his home.",
    "On 4 May 2022, police led Aidos Serikov away from the square.",
])
def test_active_removal_by_police_is_a_detention(sentence):
    det = only(run(sentence, NO_PERIOD), "detention")
    assert det.target_names == ["Aidos Serikov"]


def test_taking_a_thing_away_is_no_detention():
    assert "detention" not in types_of(run("On 6 May 2022, the ministry took the case away from the regional "
                                           "office.", NO_PERIOD))


@pytest.mark.parametrize("sentence", [
    "On 28 June 2022, the website of the Alga Dala movement, which campaigns for land rights, was blocked.",
    "On 26 July 2022, the ministry blocked the Zhana.kz website for a month.",
    "Mobile internet in the region was cut off on 3 July 2022.",
])
def test_blocking_a_medium_or_the_internet_is_censorship(sentence):
    assert types_of(run(sentence, NO_PERIOD)) == ["censorship"]


def test_custody_and_suspect_with_the_person_between():
    text = ("Blogger Ruslan Ospanov was detained in Taraz on 2 June 2022 and informed that he was a suspect. "
            "On 4 June 2022, the court placed him in custody for two months.")
    incs = run(text, NO_PERIOD)
    assert {i.event_type for i in incs} >= {"detention", "criminal_charge"}
    assert all(i.target_names == ["Ruslan Ospanov"] for i in incs)


def test_protest_pronoun_subject_takes_its_antecedent():
    text = ("Journalist Aliya Nurova is serving a prison term in Zhezkazgan. On 5 August 2022 she began a "
            "hunger strike after her lawyer, Daniyar Kasymov, was refused a visit.")
    protest = only(run(text, NO_PERIOD), "protest")
    assert protest.target_names == ["Aliya Nurova"]


# ------------------------------------------------------------------------------------------
# Rules found on the first blind set (own sentences; each with a reading that must not fire)
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "On 15 May 2022, relatives of people detained in connection with the border dispute held a vigil in Osh.",
    "On 2 May 2022, the minister said that the activists arrested in the case were provocateurs.",
    "On 2 May 2022, the minister told journalists that those detained had wanted to seize power.",
])
def test_a_participle_after_a_noun_is_an_attribute(sentence):
    assert "detention" not in types_of(run(sentence, NO_PERIOD))


def test_among_those_detained_is_an_event():
    incs = run("On 2 May 2022, police in Osh broke up a rally; among those detained was Aibek Tokonov, an activist.",
               NO_PERIOD)
    assert only(incs, "detention").target_names == ["Aibek Tokonov"]


def test_a_case_opened_after_an_attack_is_its_investigation():
    text = ("Journalist Gulnara Abenova was beaten by unknown men in Taraz on 19 May 2022. Police opened a case "
            "for hooliganism, but no suspect has been found.")
    assert types_of(run(text, NO_PERIOD)) == ["physical_attack"]
    charged = ("Journalist Gulnara Abenova was beaten by unknown men in Taraz on 19 May 2022. On 25 May 2022, police "
               "opened a case against her for hooliganism.")
    assert "criminal_charge" in types_of(run(charged, NO_PERIOD))


@pytest.mark.parametrize("sentence, group", [
    ("Relatives of the exiled blogger Timur Nazarov were summoned to the security service in Kulob on 20 August 2022.",
     "Relatives"),
    ("Activist Gulya Saidova, who lives in Turkey, said on 14 March 2022 that her sister in Mary had been summoned "
     "to the police and questioned about her videos.", "sister"),
])
def test_unnamed_relatives_as_passive_subject_are_the_targets(sentence, group):
    inc = only(run(sentence, NO_PERIOD), "interrogation")
    assert inc.target_names == [] and inc.target_group == group


def test_a_named_relative_as_subject_stays_a_person():
    inc = only(run("On 3 May 2022, his brother Alisher Karimov was summoned to the police.", NO_PERIOD),
               "interrogation")
    assert inc.target_names == ["Alisher Karimov"]


def test_a_pronoun_in_reported_speech_is_its_speaker():
    text = ("On 3 May 2022, activists Dias Serikov and Kanat Beisov were detained in Astana. Serikov said that "
            "officers kicked him in the stomach.")
    assert only(run(text, NO_PERIOD), "physical_attack").target_names == ["Dias Serikov"]


@pytest.mark.parametrize("sentence, etype", [
    ("The Ruh movement said on 4 August 2022 that the ministry had rejected its application for registration.",
     "harassment"),
    ("On 9 August 2022, several founders of the party living in Samarkand were visited at home by police officers.",
     "harassment"),
    ("On 2 October 2022, the colony administration refused to let her lawyer visit activist Zarina Odilova.",
     "harassment"),
    ("On 7 October 2022, the prisoner Zarina Odilova was placed in a punishment cell for 15 days.", "harassment"),
    ("On 20 December 2022, dozens of supporters outside the court were pushed back by police.", "harassment"),
    ("On 11 November 2022, the ministry revoked the registration certificate of the outlet Aina Info.", "censorship"),
    ("On 11 November 2022, the ministry revoked the registration certificate of the charity Umit.", "harassment"),
    ("On 28 February 2021, police in Almaty surrounded about 50 protesters and held them for seven hours.",
     "detention"),
    ("On 28 February 2021, police stopped activist Aigul Serikova and drove her to a police station.", "detention"),
    ("On 1 July 2022, security forces used stun grenades and tear gas to disperse the crowds in Nukus.",
     "physical_attack"),
    ("On 16 March 2022, a judge ordered him to pay 200 manats for disobeying the police.", "fine"),
])
def test_harassment_crowd_and_fine_wording(sentence, etype):
    assert etype in types_of(run(sentence, NO_PERIOD))


def test_a_judges_order_to_pay_a_sum_is_the_fine_not_a_second_ruling():
    incs = run("On 16 March 2022, Rustam Orazov was released after a judge ordered him to pay 200 manats.", NO_PERIOD)
    assert "fine" in types_of(incs) and "court_ruling" not in types_of(incs)


def test_a_lawyer_kept_out_is_no_target():
    text = "On 2 October 2022, the prison refused to let her lawyer, Firuz Saidov, visit journalist Malika Nurova."
    assert only(run(text, NO_PERIOD), "harassment").target_names == ["Malika Nurova"]


@pytest.mark.parametrize("sentence, absent", [
    ("Journalist Malika Nurova, who is serving a seven-year sentence, went on hunger strike on 5 October 2022.",
     "prison_sentence"),
    ("On 2 May 2022, Olim Rahimov was questioned as a suspect in the case.", "criminal_charge"),
    ("State media, where Rahim Aliev was declared the winner of the March 12 election, never report it.",
     "protest"),
])
def test_states_capacities_and_months_are_no_events(sentence, absent):
    assert absent not in types_of(run(sentence, NO_PERIOD))


def test_a_serving_prisoner_who_goes_on_hunger_strike_is_its_target():
    text = "Journalist Malika Nurova, who is serving a seven-year sentence, went on hunger strike on 5 October 2022."
    assert only(run(text, NO_PERIOD), "protest").target_names == ["Malika Nurova"]


def test_suspended_sentence_after_a_quoted_charge():
    text = ('On 28 February 2023, the court found reporter Aida Sultanova guilty of "calls for mass riots" and '
            "handed her a five-year suspended sentence.")
    assert "restricted_freedom" in types_of(run(text, NO_PERIOD))


def test_an_elided_number_is_the_count_of_its_verb():
    text = "On 1 July 2022, 21 people died in Nukus and 516 were detained."
    assert only(run(text, NO_PERIOD), "detention").participants == 516


def test_thousands_of_people_taking_to_the_streets_is_a_protest():
    inc = only(run("On 1 July 2022, thousands of people took to the streets of Nukus.", NO_PERIOD), "protest")
    assert inc.location == "Nukus"


@pytest.mark.parametrize("head, day", [
    ("Editor detained after search\n\n17 January 2024, 14:20 | Kloop\n\nText.", dt.date(2024, 1, 17)),
    ("Leader handed restricted freedom\n\nMarch 15, 2024 | RFE/RL's Kazakh Service (Azattyq)\n\nText.",
     dt.date(2024, 3, 15)),
    ("Blogger detained in Aktau\n\nVlast.kz, 7 June 2024\n\nText.", dt.date(2024, 6, 7)),
    ("Blogger detained\n\nOn 7 June 2024 police detained a blogger in Aktau.\n\nText.", None),
])
def test_publication_date_from_a_byline(head, day):
    assert publication_date(head) == day


def test_a_year_in_a_relative_clause_does_not_date_the_event():
    text = ("Police in Aktau detained Timur Nurbayev, a blogger who has lived in the city since 2019 and "
            "runs a channel about local politics, on the evening of 3 June 2024.")
    det = only(run(text, NO_PERIOD), "detention")
    assert det.event_date == dt.date(2024, 6, 3)


def test_a_day_in_a_relative_clause_still_dates_the_event_of_its_people():
    text = "Police detained at least 12 women who marched in Almaty on 8 March 2022."
    det = only(run(text, NO_PERIOD), "detention")
    assert det.event_date == dt.date(2022, 3, 8)


# --- second blind set: machinery of date choice, speakers and clause borders ---------------------

@pytest.mark.parametrize("text, day", [
    # a relative clause closed before the main verb dates the person, not the arrest
    ("Reporter Timur Aliyev, who had quit the paper in 2021, was arrested in Taraz on 9 March 2023.",
     dt.date(2023, 3, 9)),
    # negative: a date of the main clause before the verb still dates it
    ("On 9 March 2023, reporter Timur Aliyev was arrested in Taraz.", dt.date(2023, 3, 9)),
])
def test_relative_clause_year_before_the_verb(text, day):
    assert only(run(text), "detention").event_date == day


def test_day_of_the_hearing_takes_the_court_session_date():
    text = ("On 5 March 2023 the Taraz city court sentenced blogger Timur Aliyev to five years in prison.\n\n"
            "On the morning of the verdict, about 20 supporters gathered outside the court building. "
            "Police detained four of them.")
    incs = run(text)
    assert only(incs, "protest").event_date == dt.date(2023, 3, 5)
    assert only(incs, "detention").event_date == dt.date(2023, 3, 5)
    assert only(incs, "protest").location == "Taraz"


def test_day_of_hearing_needs_a_dated_session():
    # negative: a year named beside a court in another clause is no session day
    text = ("Activist Timur Aliyev applied for asylum in 2021 but was refused; his appeal is pending before "
            "the Supreme Court.\n\nOn the day of the hearing, about 20 supporters gathered in Taraz.")
    assert all(i.event_date != dt.date(2021, 1, 1) for i in run(text) if i.event_type == "protest")


@pytest.mark.parametrize("text, target", [
    # the speaker named after her relation to the story's person is no target
    ("Police detained blogger Timur Aliyev in Taraz on 3 March 2023. On 4 March 2023, police searched the flat "
     "that the family rents in Taraz and seized two laptops, said his wife, Aigul Alieva.", "Timur Aliyev"),
])
def test_inverted_speaker_is_not_the_target(text, target):
    assert only(run(text), "search").target_names == [target]


def test_semicolon_closes_the_clause_for_targets():
    text = ("On 4 March 2023, a court in Taraz ordered the liquidation of the rights group Adal Jol; "
            "its director, Timur Aliyev, was also fined 100,000 tenge in April.")
    incs = run(text)
    assert all("Timur Aliyev" not in i.target_names for i in incs if i.event_type in ("court_ruling", "harassment"))
    assert only(incs, "fine").target_names == ["Timur Aliyev"]


@pytest.mark.parametrize("text, etype", [
    ("On 12 August 2018, blogger Timur Aliyev was handed over to Uzbekistan on a flight from Almaty.",
     "travel_restriction"),
    ("On 3 August 2018 the Taraz city court sanctioned the arrest of blogger Timur Aliyev for 30 days.", "detention"),
    ("On 3 August 2018 the Taraz city court sanctioned Aliyev's extradition arrest for 30 days.", "detention"),
    ("The criminal case against a local activist, Timur Aliyev, was closed on 3 August 2018.", "charges_dropped"),
    ("On 3 August 2018 reporter Timur Aliyev was not allowed into the courtroom in Taraz.", "harassment"),
    ("On 3 August 2018 about 20 people came to the Taraz court with placards reading \"Free Aliyev\".", "protest"),
    ("On 3 August 2018 police in Taraz stopped students on the street and checked their phones for banned apps.",
     "search"),
])
def test_vocabulary_of_the_last_round(text, etype):
    assert etype in types_of(run(text))


@pytest.mark.parametrize("text, etype", [
    # negatives: a plot handed over to a person, a sanctioned rally, one's own phone, documents brought
    ("On 3 August 2018 farmer Timur Aliyev complained that his plot was handed over to a relative of the akim.",
     "travel_restriction"),
    ("On 3 August 2018 activist Timur Aliyev held a sanctioned rally in Taraz; no detention followed.", "detention"),
    ("On 3 August 2018 journalist Timur Aliyev came to the Taraz court with documents for the hearing.", "protest"),
    ("On 3 August 2018 Timur Aliyev stopped by the office and checked his phone.", "search"),
])
def test_vocabulary_of_the_last_round_negatives(text, etype):
    assert etype not in types_of(run(text))


def test_hours_after_the_day_of_the_verdict_count_from_the_session():
    text = ("On 5 March 2023 the Taraz city court sentenced blogger Timur Aliyev to five years in prison. "
            "Aliyev had given his final statement on 2 March 2023.\n\n"
            "On the morning of the verdict, supporters gathered outside the court. Police detained three men, who "
            "were released a few hours later. Reporter Aigul Sadykova was not allowed into the courtroom.")
    incs = run(text)
    assert only(incs, "harassment").event_date == dt.date(2023, 3, 5)


def test_undated_lead_takes_the_day_and_city_of_the_later_session():
    text = ("A court in the Zhambyl region has sentenced trade unionist Timur Aliyev to three years of restricted "
            "freedom.\n\n"
            "The judge pronounced the verdict in Taraz on 14 August 2018, finding Aliyev guilty under Article 402 "
            "of the Criminal Code.")
    row = only(run(text), "restricted_freedom")
    assert (row.event_date, row.location) == (dt.date(2018, 8, 14), "Taraz")
    assert row.legal_basis == ["CC-402"]


def test_undated_lead_ignores_a_later_statement_day():
    # negative: a later day of something else (a statement) names no session
    text = ("A court in the Zhambyl region has sentenced trade unionist Timur Aliyev to three years of restricted "
            "freedom.\n\nAliyev said on 14 August 2018 that he would appeal.")
    assert only(run(text), "restricted_freedom").event_date != dt.date(2018, 8, 14)


@pytest.mark.parametrize("link, day", [
    ("He was tried together with Aigul Sadykova, who was given one year of probation on the same charge.",
     dt.date(2018, 8, 14)),
    # negative: without a word tying the two, the story's background month dates the sentence
    ("Aigul Sadykova, another member of the union, was given one year of probation.", dt.date(2018, 7, 1)),
])
def test_co_defendant_takes_the_day_of_the_trial(link, day):
    text = ("On 14 August 2018 a court in Taraz sentenced trade unionist Timur Aliyev to three years of restricted "
            "freedom.\n\n"
            "Aliyev was arrested in July 2018 and spent a month under house arrest. " + link)
    rows = [i for i in run(text) if i.event_type == "restricted_freedom" and i.target_names == ["Aigul Sadykova"]]
    assert len(rows) == 1 and rows[0].event_date == day


def test_each_news_item_dateline_anchors_its_own_weekdays():
    text = ("New York, May 22, 2024—A press group condemned a court decision. On Wednesday, a court in "
            "Osh upheld a May 2 decision sentencing blogger Adilet Mamatov to four years in prison.\n\n"
            "New York, May 2, 2024—The group condemned Thursday’s sentencing of blogger Adilet Mamatov "
            "to four years in prison.")
    incs = run(text, NO_PERIOD)
    ruling = only(incs, "court_ruling")
    assert ruling.event_date == dt.date(2024, 5, 22)  # Wednesday of the first item, not "May 2"
    prison = [i for i in incs if i.event_type == "prison_sentence" and i.target_names]
    assert prison and prison[0].event_date == dt.date(2024, 5, 2)


@pytest.mark.parametrize("sentence", [
    "On 26 September 2024, prosecutors requested six-year prison sentences for the 11 journalists.",
    "The blogger Adilet Mamatov faces a five-year prison term under the charges.",
])
def test_a_requested_or_possible_term_is_no_sentence(sentence):
    assert "prison_sentence" not in types_of(run(sentence, NO_PERIOD))


def test_a_district_named_after_a_city_is_not_the_court_place():
    text = "On 2 May 2017, the trial of Berik Alimov started in the Almaty district court No. 2 of Astana."
    charge = only(run(text, NO_PERIOD), "criminal_charge")
    assert charge.location == "Astana"


# ------------------------------------------------------------------------------------------
# Blind sets (tests/fixtures/blind*/README.md): gold written without reading the code. Their
# first, untouched scores were F1 0.646, 0.526 and 0.723; the floors below sit under what the
# chain measures on them now, so that a change that loses incidents on them fails here.
# ------------------------------------------------------------------------------------------

BLIND_FLOORS = {"blind": 0.85, "blind2": 0.68, "blind3": 0.66}


@pytest.mark.parametrize("folder", sorted(BLIND_FLOORS))
def test_blind_sets_keep_their_floor(folder):
    tp = fp = fn = 0
    texts = sorted((ROOT / "tests" / "fixtures" / folder).glob("*.txt"))
    assert len(texts) >= 8
    for path in texts:
        text, persons, incs = _chain(path)
        score = _score(path.parent / "gold" / f"{path.stem}.yaml", persons, incs)
        tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
    assert _f1(tp, fp, fn) >= BLIND_FLOORS[folder], (folder, tp, fp, fn, round(_f1(tp, fp, fn), 3))


# ------------------------------------------------------------------------------------------
# Nominal events: the people of "the arrest of X" are the noun phrase's own complement
# ------------------------------------------------------------------------------------------

def test_raid_and_staff_detention_do_not_take_the_editor_named_later():
    incs = run("Following a police raid on the offices of the Steppe Voice newspaper and the detention "
               "of its staff on 4 August 2018, its editor-in-chief Bolat Kairov was placed under house arrest.")
    search = only(incs, "search")
    assert search.target_names == [] and search.event_date == dt.date(2018, 8, 4)
    detentions = sorted((i.target_names, i.target_group) for i in incs if i.event_type == "detention")
    assert detentions == [([], "staff"), (["Bolat Kairov"], None)]


@pytest.mark.parametrize("text, etype, names, group, count", [
    ("The arrest of three activists in Semey on 20 August 2018 was condemned by rights groups.",
     "detention", [], "activists", 3),
    ("The beating of journalist Asel Tokaeva by unknown men in Almaty on 7 July 2018 remains unpunished.",
     "physical_attack", ["Asel Tokaeva"], None, None),
    ("After the detention of blogger Kanat Orazov on 9 August 2018, lawyer Dina Serikova filed a complaint.",
     "detention", ["Kanat Orazov"], None, None),
    ("Searches of the homes of two journalists in Taraz on 3 August 2018 were followed by questioning.",
     "search", [], "journalists", 2),
    ("The blocking of the Kazakh Times website on 9 August 2018 was condemned by Marat Zhunusov.",
     "censorship", [], None, None),
])
def test_nominal_event_targets_come_from_its_complement(text, etype, names, group, count):
    inc = only(run(text), etype)
    assert inc.target_names == names
    assert (inc.target_group, inc.participants) == (group, count)
    assert inc.confidence < 0.9 or names  # a noun trigger is weaker evidence than a verb


@pytest.mark.parametrize("text", [
    "On 12 August 2018, the violent crackdown on protesters by security forces in Aktobe left dozens detained.",
    "The violent crackdown on protesters by police in Aktobe on 12 August 2018, with dozens detained, drew criticism.",
])
def test_dozens_detained_after_a_crackdown_is_an_unnamed_vague_group(text):
    incs = run(text)
    det = only(incs, "detention")
    assert det.target_names == [] and det.target_group == "dozens of protesters"
    assert det.participants is None  # a vague word is never turned into a number
    assert only(incs, "protest").target_group == "protesters"


def test_a_bare_number_before_the_verb_counts_the_detained():
    det = only(run("During the dispersal of the rally in Taraz on 12 August 2018, 14 were detained."), "detention")
    assert (det.target_group, det.participants) == ("14", 14)


@pytest.mark.parametrize("text, etype", [
    ("After the dispersal of the rally in Oral on 3 September 2018, activist Nurlan Baimukhanov was fined.", "protest"),
    ("Renewed clashes broke out in Zhanaozen on 16 September 2018.", "physical_attack"),
    ("The liquidation of the Free Word foundation on 15 August 2018 was ordered by a court in Astana.", "harassment"),
])
def test_nominal_events_without_people(text, etype):
    inc = only(run(text), etype)
    assert inc.target_names == []


@pytest.mark.parametrize("text, expected", [
    ("The court issued an arrest warrant for blogger Dauren Omarov on 5 August 2018.", []),
    ("Activist Gulnara Zhaksybekova was held in the detention centre in Almaty on 5 August 2018.", []),
    ("On 5 August 2018, police raided the home of activist Erlan Sadykov. The raid was condemned.", ["search"]),
    ("A tax raid on the offices of the company in Almaty on 5 August 2018 lasted all day.", ["harassment"]),
    ("The blocking of the road to the village on 5 August 2018 angered residents.", []),
])
def test_nominal_guards_add_no_row(text, expected):
    assert types_of(run(text)) == expected


@pytest.mark.parametrize("text, names", [
    ("On 3 August 2018, rights groups condemned the arrest of two activists, Kanat Orazov and Dina Serikova, "
     "in Almaty.", ["Kanat Orazov", "Dina Serikova"]),
    ("Erlan Sadykov said the attack on him on 5 August 2018 was planned.", ["Erlan Sadykov"]),
])
def test_nominal_complement_by_apposition_or_pronoun(text, names):
    assert [i.target_names for i in run(text)] == [names]


# ------------------------------------------------------------------------------------------
# Definite descriptions: "the blogger", "the 43-year-old activist" stand for a named person
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, etype, names", [
    ("Blogger Timur Yesenov met lawyer Aliya Nurlanova on 3 August 2018. On 5 August 2018, the blogger "
     "was detained.", "detention", ["Timur Yesenov"]),
    ("Lawyer Timur Yesenov met activist Aliya Nurlanova on 3 August 2018. On 5 August 2018, the activist "
     "was detained.", "detention", ["Aliya Nurlanova"]),
    ("Timur Yesenov, a blogger, met activist Aliya Nurlanova on 3 August 2018. On 5 August 2018, the "
     "blogger was detained.", "detention", ["Timur Yesenov"]),
    ("Journalist Marat Serikov and activist Aliya Nurlanova were fined on 3 August 2018. The reporter's "
     "flat was searched on 5 August 2018.", "search", ["Marat Serikov"]),
    ("Activist Dana Sarsenova spoke at a rally on 2 August 2018.\n\nThe 43-year-old activist was "
     "detained again on 5 August 2018.", "detention", ["Dana Sarsenova"]),
    ("On 16 August 2018, the leader of the union of a drilling company, Amin Yeleusinov, was sentenced to "
     "five years in prison. The chair of the union from the city of Aktau was detained by the police on "
     "20 July 2018.", "detention", ["Amin Yeleusinov"]),
    ("Blogger Timur Yesenov was fined on 3 August 2018. On 5 August 2018, police detained the blogger in "
     "Almaty.", "detention", ["Timur Yesenov"]),
])
def test_definite_description_takes_the_person_of_its_role(text, etype, names):
    assert only(run(text), etype).target_names == names


@pytest.mark.parametrize("text, etype, group", [
    ("Activist Aliya Nurlanova was fined on 3 August 2018. On 5 August 2018, the lawyer of Nurlanova was "
     "detained.", "detention", "lawyer of Aliya Nurlanova"),
    ("Blogger Timur Yesenov was fined on 3 August 2018. On 5 August 2018, the blogger's lawyer was "
     "detained.", "detention", "lawyer of Timur Yesenov"),
    ("Activist Aliya Nurlanova was fined on 3 August 2018. On 5 August 2018, the activists were "
     "detained.", "detention", "activists"),
    ("Activist Aliya Nurlanova was fined on 3 August 2018. On 5 August 2018, a journalist was "
     "detained.", "detention", "journalist"),
])
def test_description_of_someone_else_is_not_the_story_person(text, etype, group):
    inc = only(run(text), etype)
    assert inc.target_names == [] and inc.target_group == group


def test_head_of_a_state_body_is_an_official_not_the_story_person():
    inc = only(run("Blogger Timur Yesenov was fined on 3 August 2018. On 5 August 2018, the head of the "
                   "district police department was beaten."), "physical_attack")
    assert inc.target_names == []

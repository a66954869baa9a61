"""The parse-based extractor (pipelines/core/events): each stage on sentences of our own, the
invented blind sets as regression floors, and the validation split of ../shared as the honest one.

The sentences are our own wording in the style of the reports (names and events invented).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.core.events import Incident, extract_incidents, incident_key
from pipelines.core.events.parse import split_long
from pipelines.core.events.timeline import build, publication_date
from pipelines.core.metadata import ReportMeta
from pipelines.core.names import find_person_mentions
from pipelines.core.units import segment

ROOT = Path(__file__).resolve().parents[1]
PERIOD = ReportMeta(title=None, publisher=None, country="KZ",
                    period_start=dt.date(2018, 7, 1), period_end=dt.date(2018, 9, 30))
NO_PERIOD = ReportMeta(title=None, publisher=None, country="KZ", period_start=None, period_end=None)
PERIOD_JUNE = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2021, 6, 1),
                         period_end=dt.date(2021, 6, 30))


def run(text: str, meta: ReportMeta = PERIOD) -> list[Incident]:
    units = segment(text)
    incs = extract_incidents(text, units, find_person_mentions(text, units), meta)
    for inc in incs:
        assert text[inc.evidence_start:inc.evidence_end] == inc.evidence
    return incs


def only(incs: list[Incident], etype: str) -> Incident:
    found = [i for i in incs if i.event_type == etype]
    assert len(found) == 1, [(i.event_type, i.target_names, i.event_date) for i in incs]
    return found[0]


# ----------------------------------------------------------------------------- timeline

@pytest.mark.parametrize("head,day", [
    ("March 14, 2023 12:40 GMT\nA court in Almaty ...", dt.date(2023, 3, 14)),
    ("Almaty, March 3, 2023 — Police detained ...", dt.date(2023, 3, 3)),
    ("16.05.2017 20:19 msk\nThe activist ...", dt.date(2017, 5, 16)),
    ("Update, January 23, 2017\nThe court ...", None),
    ("In 2016 the activist was detained on 5 May 2016.", None),
    ("March 3, 2023 - Police detained the blogger Aidos Kenzhebayev in Taraz.\n\nHe was fined ...", dt.date(2023, 3, 3)),
    # a case history's dated items are no date line: the first one is no publication day
    ("Case history\n\n4 May 2020 - Aigul Temirova was summoned to the police in Taraz and questioned about her posts.\n\n"
     "9 June 2021 - Police officers searched the home of Aigul Temirova and seized her laptop and phone.", None),
])
def test_publication_day_from_the_first_lines(head: str, day) -> None:
    assert publication_date(head) == day


def test_a_date_without_its_year_takes_the_reports_period() -> None:
    text = "On 5th August, police detained activist Arman Seitkali in Almaty."
    inc = only(run(text), "detention")
    assert inc.event_date == dt.date(2018, 8, 5)
    assert inc.date_phrase == "5th August" and "period" in inc.date_basis


def test_a_time_stamp_without_its_year_is_the_publication_day_of_the_year_in_force() -> None:
    text = ("Blogger fined in Tashkent\n\n16 March, 12:40\n\nA court in Tashkent fined blogger Dana Serikova on 2 March "
            "2023. Activist Aidos Nurlanov was released earlier this month after being pardoned.")
    tl = build(text, segment(text), NO_PERIOD)
    assert tl.publication == dt.date(2023, 3, 16)
    release = only(run(text, NO_PERIOD), "release")
    assert (release.event_date, release.date_precision) == (dt.date(2023, 3, 1), "month")


def test_a_count_after_an_event_is_counted_once() -> None:
    text = ("On 28 September 2024 about twenty migrants held a protest in Almaty. Four days after the protest, "
            "its organiser Aigul Temirova was beaten by unknown men.")
    assert only(run(text, NO_PERIOD), "physical_attack").event_date == dt.date(2024, 10, 2)


def test_a_clause_of_when_is_dated_by_the_date_it_is_about() -> None:
    text = ("On 2 March 2023 activist Aidos Serikov was forcibly placed in a psychiatric hospital in Taraz. "
            "He was kept there until 14 April, when he was released.")
    assert only(run(text, NO_PERIOD), "release").event_date == dt.date(2023, 4, 14)


def test_a_yearless_item_of_a_dated_timeline_is_read_in_the_year_told_before_it() -> None:
    text = ("Case history\n\n15 December 2021 - Police searched the home of Aigul Temirova in Taraz.\n\n"
            "10 January 2022 - A criminal case was opened against Aigul Temirova.\n\n"
            "3 February - A court in Taraz sentenced Aigul Temirova to two years of restricted freedom.")
    inc = only(run(text, NO_PERIOD), "restricted_freedom")
    assert inc.event_date == dt.date(2022, 2, 3)


def test_a_flashback_year_does_not_date_the_next_paragraph() -> None:
    # the fraud of 2012 is background: the yearless day of the next paragraph is in the story's year
    text = ("Police detained lawyer Dana Serikova on 3 October 2019 in Taraz. Investigators said the "
            "alleged fraud took place in June 2012, when she was a notary.\n\n"
            "On 20 September police searched the office of Aigul Temirova, her partner.")
    assert only(run(text, NO_PERIOD), "search").event_date == dt.date(2019, 9, 20)


def test_a_day_after_the_publication_day_is_last_years() -> None:
    text = ("March 14, 2023 12:40 GMT\n\nOn 5 November, police detained blogger Aidos Serikov "
            "in Taraz.")
    inc = only(run(text, NO_PERIOD), "detention")
    assert inc.event_date == dt.date(2022, 11, 5)


def test_a_text_with_no_year_anywhere_takes_the_assumed_year_and_says_so() -> None:
    text = "Police detained activist Rauan Temirov on 12 April outside the akimat of Taraz."
    assert only(run(text, NO_PERIOD), "detention").event_date is None  # nothing to read it in
    meta = ReportMeta(title=None, publisher=None, country="KZ", period_start=None, period_end=None,
                      assumed_year=2026)
    inc = only(run(text, meta), "detention")
    assert inc.event_date == dt.date(2026, 4, 12) and inc.date_phrase == "12 April"
    assert "assumed" in inc.date_basis
    stated = only(run(text.replace("12 April", "12 April 2019"), meta), "detention")
    assert stated.event_date == dt.date(2019, 4, 12) and "assumed" not in stated.date_basis
    assert stated.confidence > inc.confidence


def test_the_assumed_year_is_the_newest_retrieval_year_of_the_sources() -> None:
    import json

    import pandas as pd

    from pipelines.extract.assets import assumed_year
    inventory = pd.DataFrame({"status": ["accepted", "accepted", "rejected", "accepted"], "sidecar": [
        json.dumps({"retrieved": "2024-03-01"}), json.dumps({"retrieved": "2025-11-30"}),
        json.dumps({"retrieved": "2031-01-01"}), None]})
    assert assumed_year(inventory, 2026) == 2025
    assert assumed_year(inventory.iloc[3:], 2026) == 2026


def test_the_day_of_the_verdict_is_the_court_sessions_day() -> None:
    text = ("The Oral city court sentenced activist Yerbol Dauletov to two years of restricted freedom "
            "on 14 March 2024. He pleaded not guilty.\n\nAbout 20 supporters gathered outside the court on "
            "the morning of the verdict. Police detained two of them, who were released a few hours later.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "protest").event_date == dt.date(2024, 3, 14)
    detention = only(incs, "detention")
    assert detention.event_date == dt.date(2024, 3, 14) and "court session" in detention.date_basis


@pytest.mark.parametrize("text,day,phrase,basis", [
    ("On 3 May 2021, police detained activist Nurlan Bekov in Oral. The next day, a court fined Nurlan "
     "Bekov 100 MCI.", dt.date(2021, 5, 4), "The next day", "counted from"),
    # a count after an event named by its noun counts from that event's day, not from the last date
    # told, which is another event's (lexicon counted_from_nouns)
    ("The activist Nurlan Bekov was detained on 4 May 2021 at a rally in Oral. On 12 May 2021 his lawyer "
     "filed a complaint. Three days after the detention, Bekov was fined 100 MCI.",
     dt.date(2021, 5, 7), "Three days after", "detention"),
])
def test_relative_days_count_from_the_date_before(text: str, day, phrase: str, basis: str) -> None:
    fine = only(run(text, NO_PERIOD), "fine")
    assert fine.event_date == day
    assert fine.date_phrase == phrase and basis in fine.date_basis


def test_the_weekdays_of_a_later_news_item_count_from_its_own_dateline() -> None:
    text = ("Almaty, March 3, 2023—Rights groups condemned the sentence of Monday against two bloggers.\n\n"
            "Bishkek, May 10, 2022—A court in Osh on Tuesday fined journalist Aibek Tokoev 20,000 soms, "
            "the Committee said.")
    assert only(run(text, NO_PERIOD), "fine").event_date == dt.date(2022, 5, 10)


def test_every_date_of_a_report_is_on_the_timeline_with_its_basis() -> None:
    text = "Report on May 2021.\n\nOn 3 May 2021 X happened. On 5 May Y happened. Two days later Z."
    tl = build(text, segment(text), NO_PERIOD)
    got = [(d.mention.surface, d.mention.first, d.basis.split(" ")[0]) for d in tl.dated if d.mention.precision == "day"]
    assert got[0] == ("3 May 2021", dt.date(2021, 5, 3), "stated")
    assert got[1][:2] == ("5 May", dt.date(2021, 5, 5))
    assert got[2][:2] == ("Two days later", dt.date(2021, 5, 7))


# ----------------------------------------------------------------------------- dates and places

def test_an_attributive_date_does_not_date_the_event() -> None:
    text = ("On 5 June 2021, the city court upheld an October 10 decision that fined activist "
            "Erlan Toktarov.")
    ruling = only(run(text, NO_PERIOD), "court_ruling")
    assert ruling.event_date == dt.date(2021, 6, 5)
    # a participle modifying the noun is a reduced relative clause: its date is the noun's
    text = ("Digest, 1 to 7 June 2021.\n\nFriday 4 (Oral). The regional court upheld the sentence of two years "
            "of restricted freedom imposed in March on activist Erlan Toktarov.")
    assert only(run(text, NO_PERIOD), "court_ruling").event_date == dt.date(2021, 6, 4)


def test_a_statement_date_dates_the_event_it_reports_but_not_a_later_one() -> None:
    text = "On 12 July 2018, blogger Yuri Dolgov stated on Facebook that his home was searched by police."
    search = only(run(text), "search")
    assert search.event_date == dt.date(2018, 7, 12) and search.target_names == ["Yuri Dolgov"]


def test_one_event_told_by_a_noun_and_a_verb_keeps_the_day_not_the_month_after_it() -> None:
    # the noun's own day and the verb's "month after what it followed" are two readings of one
    # date phrase: the day, not the month's first day as the earlier one
    text = "Following her arrest on 6 August 2018, the activist Dina Ospanova was taken to the Uralsk police station."
    event = only(run(text), "detention")
    assert (event.event_date, event.date_precision) == (dt.date(2018, 8, 6), "day")


def test_a_date_in_a_relative_clause_describes_the_person() -> None:
    text = "Activist Bolat Isayev, who was first arrested in 2012, was detained in Aktobe on 4 August 2018."
    det = [i for i in run(text) if i.event_type == "detention" and i.event_date == dt.date(2018, 8, 4)]
    assert len(det) == 1 and det[0].location == "Aktobe"


@pytest.mark.parametrize("text,etype,day", [
    ("In a trial that ended on 12 August 2018, the court sentenced Aidos Serikov to three years.",
     "prison_sentence", dt.date(2018, 8, 12)),
    ("During a raid which took place on 5 August 2018, police detained Aidos Serikov.", "detention",
     dt.date(2018, 8, 5)),
    # a relative clause about a person, not about the frame: its date is not the event's
    ("Police detained Aidos Serikov together with the driver, who had called him on 2 August 2018.",
     "detention", None),
])
def test_a_date_in_a_relative_clause_about_the_events_frame_dates_it(text: str, etype: str, day) -> None:
    event = only(run(text), etype)
    assert (event.event_date if event.date_precision == "day" else None) == day


@pytest.mark.parametrize("text,place", [
    ("On 9 March 2022, police detained an employee of the Almaty TV channel.", None),
    ("On 9 March 2022, a resident of Taraz, Aliya Sultanova, was fined 50 MCI.", "Taraz"),
    ("Stockholm, 10 January 2022 – police in Uralsk detained journalist Lukpan Serikov.", "Uralsk"),
])
def test_places_of_organisations_datelines_and_homes(text: str, place) -> None:
    inc = run(text, NO_PERIOD)[0]
    assert inc.location == place


def test_a_court_places_the_rows_of_its_sentence() -> None:
    text = ("On 3 May 2018, police in Taraz detained activist Ruslan Omarov outside the akimat. On 5 May "
            "2018, the Taraz City Court sentenced him to ten days of administrative arrest.\n\nOn 2 June "
            "2018 the Supreme Court rejected his appeal.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "administrative_arrest").location == "Taraz"
    assert only(incs, "court_ruling").location is None  # a new paragraph, a court with no city


@pytest.mark.parametrize("text,place", [
    # a relative clause of the person's life says where they live or came from, not where it happened
    ("On 7 August 2018 blogger Aset Nurov, who moved to Almaty from Aktobe last year, was detained at his home.", None),
    ("On 7 August 2018 blogger Aset Nurov, who lives in Taraz, was detained in Shymkent.", "Shymkent"),
    # a relative clause of what the person was doing is where the police came
    ("On 7 August 2018 police detained blogger Aset Nurov, who was picketing in Taraz.", "Taraz"),
])
def test_a_place_of_a_persons_life_is_not_the_events(text: str, place) -> None:
    assert only(run(text), "detention").location == place


@pytest.mark.parametrize("text,place", [
    # a place of custody named after its city locates what happened there
    ("On 5 August 2018 blogger Aset Nurov was beaten in the Taraz pre-trial detention centre.", "Taraz"),
    # an organisation named after its city does not ("the Taraz Press Centre")
    ("On 5 August 2018 blogger Aset Nurov was beaten by unknown men outside the Taraz Press Centre.", None),
])
def test_a_place_of_custody_named_after_its_city_is_in_it(text: str, place) -> None:
    assert only(run(text), "physical_attack").location == place


def test_a_sentence_that_goes_on_with_the_episode_keeps_its_place_but_not_one_abroad() -> None:
    text = ("On 3 May 2018 police in Taraz detained activist Ruslan Omarov. Two days later Aigul "
            "Bekova was summoned for questioning.\n\nOn 2 June 2018 blogger Timur Sadykov spoke at a "
            "conference in Vilnius. On 9 June 2018 officers questioned Timur Sadykov.")
    incs = run(text, NO_PERIOD)
    assert [i.location for i in incs if "Aigul Bekova" in i.target_names] == ["Taraz"]
    assert [i.location for i in incs if "Timur Sadykov" in i.target_names] == [None]


def test_an_item_head_of_a_digest_places_the_items_first_events() -> None:
    text = ("Civic space in Kazakhstan, April 2019\n\n9 April, Kostanay. Officers detained blogger "
            "Rinat Zhumabekov as he filmed a queue outside the akimat.\n\n17 April, Semey. The city "
            "court fined activist Bota Kairatova 80 MCI.\n\n22 April, Geneva. A UN body heard the "
            "case of Marat Ospanov. He was banned from leaving the country.")
    incs = run(text, NO_PERIOD)
    assert (only(incs, "detention").location, only(incs, "fine").location) == ("Kostanay", "Semey")
    assert only(incs, "travel_restriction").location is None  # a head abroad sets no place


def test_a_persons_place_a_few_days_apart_places_their_next_event() -> None:
    text = ("On 5 May 2021 the Oral City Court jailed activist Askar Nurmanov for ten days.\n\n"
            "Nurmanov had been detained on 3 May 2021 after a picket.")
    assert only(run(text, NO_PERIOD), "detention").location == "Uralsk"


def test_an_unnamed_event_in_several_cities_is_one_row_per_city() -> None:
    text = "On 6 July 2019, detentions took place in Almaty, Aktobe and Shymkent."
    rows = [i for i in run(text, NO_PERIOD) if i.event_type == "detention"]
    assert sorted(i.location for i in rows) == ["Aktobe", "Almaty", "Shymkent"]


def test_a_court_named_in_the_paragraph_places_the_courts_later_rows() -> None:
    text = ("On 3 August 2018, a court in Shymkent sentenced blogger Dana Ermekova to ten days of "
            "administrative arrest. The court also fined activist Timur Aliyev 50 MCI.")
    assert only(run(text), "fine").location == "Shymkent"


@pytest.mark.parametrize("court,place", [
    ("The court ruled on 10 March 2019", "Taraz"),   # the court of the paragraph before
    ("The court on 10 March 2019 ruled", "Taraz"),   # a date the parse may hang on "court"
    ("The appeal court ruled on 10 March 2019", None),  # another court: no place carried
    ("The Supreme Court ruled on 10 March 2019", None),
])
def test_a_bare_the_court_opening_the_next_paragraph_is_the_court_told_before(court, place) -> None:
    text = ("A court in Taraz, in the south of Kazakhstan, has upheld the prison term of a local "
            f"blogger.\n\n{court} to keep Aidos Serikov in prison.")
    named = [i for i in run(text, NO_PERIOD) if i.target_names == ["Aidos Serikov"]]
    assert [i.location for i in named] == [place]


@pytest.mark.parametrize("trial,place", [
    ("The trial, held in the city of Taraz, began on 28 November 2022.", "Taraz"),
    ("Their trial opened on 28 November 2022 in a district court of Shymkent.", "Shymkent"),
    # two trial places: which verdict was given where is not told
    ("The trial opened on 28 November 2022 in Taraz and moved to Shymkent.", None),
    # a trial months before the verdicts is another stage of the case
    ("The trial, held in the city of Taraz, began on 2 June 2022.", None),
    # a trial abroad (the report is about Kazakhstan) is no trial of these verdicts
    ("The trial, held in the city of Bukhara, began on 28 November 2022.", None),
])
def test_the_reports_one_trial_place_places_its_verdicts(trial, place) -> None:
    text = ("On 20 December 2022 a court sentenced sixteen people over the summer unrest. Lawyer "
            "Dauren Tursunov was given 16 years in prison. Journalist Aigul Nurova was given three "
            f"years of probation. {trial}")
    rows = [i for i in run(text, NO_PERIOD) if i.event_type in ("prison_sentence", "restricted_freedom")]
    assert len(rows) == 2 and {i.location for i in rows} == {place}


def test_a_trial_told_after_a_verdict_placed_only_in_the_country_places_it() -> None:
    # the country is no place; the court's district, named after another city, gives way to its city
    text = ("On 16 May 2017 in Kazakhstan, union leader Aidar Sarsenov was sentenced to two years in "
            "prison. His trial had started on 2 May 2017 in the Alma-Ata district court No. 2 of Astana.")
    assert only(run(text, NO_PERIOD), "prison_sentence").location == "Astana"


def test_the_story_goes_on_from_the_latest_day_of_a_sentence_not_a_recalled_one() -> None:
    # the picket of the relative clause was the day before; the hearing's day goes on
    text = ("On 12 July 2018 a court in Taraz heard the cases of three residents who had held a picket "
            "outside the akimat the previous day. Aliya Serikova was fined 50 MCI.")
    incs = run(text, NO_PERIOD)
    assert (only(incs, "protest").event_date, only(incs, "fine").event_date) == (
        dt.date(2018, 7, 11), dt.date(2018, 7, 12))


def test_a_court_of_a_district_named_after_a_town_places_its_rows_in_its_city() -> None:
    # "Esil" (a district of Astana, and a town elsewhere) names the court, the court is of Astana
    text = ("On 4 June 2018 the trial of blogger Serik Dauletov opened at the Yesil District Court of "
            "Astana. On 9 June 2018 the court sentenced him to two years of restricted freedom.")
    assert only(run(text), "restricted_freedom").location == "Astana"


@pytest.mark.parametrize("text,etype,place", [
    # a region's court sits in the region's seat: its rows happened there
    ("On 9 June 2018 the Kostanay Regional Court rejected the appeal of blogger Serik Dauletov.", "court_ruling",
     "Kostanay"),
    ("On 9 June 2018 the Sughd Regional Court sentenced Firuz Nazarov to six years in prison. The court also "
     "sentenced Anvar Saidov to five years in prison.", "prison_sentence", "Khujand"),
    # "a court in the X region" may be any court of the region: the region stays
    ("On 9 June 2018 a court in the Mangystau region fined activist Serik Dauletov 100,000 tenge.", "fine",
     "Mangystau Region"),
])
def test_a_regional_court_sits_in_its_regions_seat(text: str, etype: str, place: str) -> None:
    assert {i.location for i in run(text) if i.event_type == etype} == {place}


# ----------------------------------------------------------------------------- who

@pytest.mark.parametrize("text", [
    "On 8 August 2018 the activist Erlan Abenov was one of 14 people detained in Aktobe.",
    "The activist Erlan Abenov was among 14 people detained in Aktobe on 8 August 2018.",
])
def test_one_of_a_counted_group_given_a_participle_is_its_target(text: str) -> None:
    # the participle on the group tells the event (it is no attribute: "journalists arrested in
    # the case"), and the one said to be of the group is its target
    assert only(run(text), "detention").target_names == ["Erlan Abenov"]


def test_a_name_in_apposition_to_a_colleagues_workplace_is_the_colleague() -> None:
    text = ("Serikova's colleague at Vlast Media, Timur Aliyev, was summoned to the police in Almaty on 3 May 2022 "
            "and questioned for five hours.")
    assert only(run(text), "interrogation").target_names == ["Timur Aliyev"]


def test_the_narrator_of_a_first_person_account_is_its_me() -> None:
    text = ("Post by Gulmira Abenova, Aktobe, 12 March 2022.\n\n"
            "Friends, I want to tell you what happened. On 10 March 2022 police detained me at the bus stop "
            "in Aktobe and kept me for six hours. My phone was taken.")
    inc = only(run(text, NO_PERIOD), "detention")
    assert inc.target_names == ["Gulmira Abenova"]


def test_a_quoted_me_has_no_narrator() -> None:
    text = ("Report by Gulmira Abenova, Aktobe, 12 March 2022.\n\n"
            "\"They detained me and my brother and I could not call my lawyer,\" said Dana Serikova. On 10 March "
            "2022 police detained Dana Serikova in Aktobe.")
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Dana Serikova"]



@pytest.mark.parametrize("text,etype,names", [
    # a participle after a name is done to that person (the parser made it the clause's verb)
    ("Activist Nurlan Abenov, detained on 5 May 2018 in Aktobe, remains in custody.", "detention", ["Nurlan Abenov"]),
    ("Blogger Dana Ermekova, fined on 2 August 2018 for a post, has appealed.", "fine", ["Dana Ermekova"]),
    # a list of names after "of" belongs to the plural kin noun above it
    ("On 8 August 2018, police in Taraz detained two relatives of the journalist, Arman Seitkali and "
     "Nurzhan Zhaksylyk.", "detention", ["Arman Seitkali", "Nurzhan Zhaksylyk"]),
    # "the following" are the names after the colon
    ("The following were detained in Taraz on 5 August 2018: Aliya Sarsenova and Marat Omarov.", "detention",
     ["Aliya Sarsenova", "Marat Omarov"]),
    # ... and not the names of a clause after the list
    ("The following were fined in Taraz on 5 August 2018: Aliya Sarsenova and Marat Omarov, while Dana "
     "Serikova was sentenced to five days of administrative arrest.", "fine", ["Aliya Sarsenova", "Marat Omarov"]),
    # a case of a counted group is the group's, not the paragraph's named person's
    ("On 12 July 2018 a court in Taraz fined activist Aliya Serikova 50 MCI. The cases against the two "
     "remaining participants were closed on 13 July 2018.", "charges_dropped", []),
    # an ordered extradition is done to its owner
    ("On 2 August 2018 police in Moscow detained activist Ruslan Omarov. A Moscow court ordered his "
     "extradition on 30 August 2018.", "travel_restriction", ["Ruslan Omarov"]),
])
def test_who_an_event_is_done_to(text: str, etype: str, names: list[str]) -> None:
    assert only(run(text), etype).target_names == names


def test_a_sentence_told_with_an_irregular_verb_form_is_parsed() -> None:
    from pipelines.core.events.parse import candidate_forms

    # the forms come from the pinned model's lemmatizer exceptions, not a hand-made list
    assert {"upheld", "froze", "struck"} <= candidate_forms(frozenset({"uphold", "freeze", "strike"}))
    text = "On 3 August 2018 the authorities froze the bank accounts of activist Aliya Sarsenova."
    assert only(run(text), "harassment").target_names == ["Aliya Sarsenova"]


def test_an_event_of_last_years_is_recalled_not_told() -> None:
    text = ("On 4 May 2018 the court fined Ruslan Omarov, who organised last summer's picket in Taraz, "
            "50 MCI. Since last year's protests, police have watched the square.")
    assert [i.event_type for i in run(text)] == ["fine"]


def test_a_list_entrys_subjectless_participles_are_about_the_name_that_heads_it() -> None:
    text = ("Prisoners of conscience, 2022.\n\nDilbar Yusupova, 52, teacher from Andijan. Detained in Andijan "
            "on 3 March 2022. Sentenced on 9 May 2022 to six years in prison.\n\nThe authorities deny the "
            "charges.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "detention").target_names == ["Dilbar Yusupova"]
    assert only(incs, "prison_sentence").target_names == ["Dilbar Yusupova"]


def test_the_people_named_as_all_of_n_of_them_are_the_counted_groups_before() -> None:
    text = ("On 3 March 2021 police in Taraz detained five activists outside the akimat. Three of them, Aliya "
            "Omarova, Bolat Serikov and Dana Abenova, were held overnight; the rest were let go.")
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Aliya Omarova", "Bolat Serikov", "Dana Abenova"]
    # "two of them" naming one person does not name the group
    text = ("On 3 March 2021 police in Taraz detained five activists outside the akimat. Two of them, among "
            "them Aliya Omarova, were held overnight.")
    assert [] in [i.target_names for i in run(text, NO_PERIOD) if i.event_type == "detention"]


def test_pronoun_takes_the_last_person_of_its_gender() -> None:
    text = ("Activist Aliya Nurlanova met journalist Timur Aliyev in Almaty on 3 August 2018. "
            "He was detained the same day.")
    assert only(run(text), "detention").target_names == ["Timur Aliyev"]


def test_the_first_of_two_coordinated_verbs_takes_the_object_of_the_second() -> None:
    # not the object of the clause the pair hangs on ("filming the march")
    text = ("On 2 April 2019 blogger Dana Serikova was filming the march in Nukus when officers detained and "
            "kicked her.")
    assert only(run(text), "detention").target_names == ["Dana Serikova"]
    assert only(run(text), "physical_attack").target_names == ["Dana Serikova"]


def test_a_name_set_off_by_an_apposition_after_its_verb_is_its_object_and_the_next_verbs_target() -> None:
    # the parser reads the name as a second subject of "detained", or as the subject of "searched"
    text = ("On 9 October 2023 police in Taraz detained Bolat Sarsenov, a retired teacher from the Zhambyl district, "
            "and charged him with inciting discord.")
    assert only(run(text), "criminal_charge").target_names == ["Bolat Sarsenov"]
    text = ("On 9 October 2023 officers detained Aliya Mukhanova, the editor of a local channel, in Taraz, "
            "searched her flat and seized her phone.")
    assert only(run(text), "search").target_names == ["Aliya Mukhanova"]
    # a subject after its verb with no apposition stays what the parser read
    text = "On 9 October 2023 in Taraz were detained Bolat Sarsenov and Aliya Mukhanova."
    assert only(run(text), "detention").target_names == ["Bolat Sarsenov", "Aliya Mukhanova"]


def test_each_of_them_is_every_person_of_the_story() -> None:
    text = ("On 8 June 2021 police in Taraz detained Aliya Mukhanova and Bolat Sarsenov. Two days later a court "
            "fined each of them 30 MCI.")
    assert only(run(text), "fine").target_names == ["Aliya Mukhanova", "Bolat Sarsenov"]
    # "each of the" counted noun stays a group of its own
    text = "On 8 June 2021 a court in Taraz fined each of the four protesters 30 MCI."
    assert only(run(text), "fine").target_names == []


def test_what_a_person_was_told_with_a_dated_verb_is_dated_by_that_verb() -> None:
    text = ("On 9 March 2023 the court closed the union. Three days earlier its chair, Aliya Mukhanova, was stopped "
            "at the airport of Taraz and told that she was banned from leaving the country.")
    rows = [i for i in run(text) if i.event_type == "travel_restriction"]
    assert [i.event_date for i in rows] == [dt.date(2023, 3, 6)]
    text = ("On 2 May 2023 activist Aliya Mukhanova was fined in Taraz. When she tried to fly to Istanbul in June, "
            "border guards took her off the plane and told her that she was barred from leaving the country.")
    rows = [i for i in run(text) if i.event_type == "travel_restriction"]
    assert [(i.event_date, i.date_precision) for i in rows] == [(dt.date(2023, 6, 1), "month")]


def test_an_event_noun_keeps_its_of_phrase_after_a_phrase_set_off_by_commas() -> None:
    text = "Rights groups condemned the search, on 3 May 2021, of the home of journalist Dana Serikova in Taraz."
    assert only(run(text), "search").target_names == ["Dana Serikova"]
    text = ("On 1 July 2022 hundreds rallied in Nukus. The rally followed the arrest, on the eve of the rally, of "
            "blogger Aziz Tajimuratov.")
    row = only(run(text), "detention")
    assert (row.target_names, row.event_date) == (["Aziz Tajimuratov"], dt.date(2022, 6, 30))


def test_days_after_an_event_told_before_are_counted_once() -> None:
    text = ("On 12 March 2022 about 30 residents of Taraz gathered outside the akimat. Two days after the rally, police "
            "summoned its organiser, Aliya Mukhanova, to the city police department.")
    assert only(run(text), "interrogation").event_date == dt.date(2022, 3, 14)


def test_a_penalty_appealed_against_told_with_its_handing_down_is_a_sentence_of_that_day() -> None:
    text = ("On 9 June 2021 the Taraz regional court rejected the appeal of activist Aliya Mukhanova against her "
            "sentence of three years of restricted freedom, handed down on 2 April by the city court.")
    row = only(run(text), "restricted_freedom")
    assert (row.target_names, row.event_date, row.penalty_days) == (["Aliya Mukhanova"], dt.date(2021, 4, 2), 1095)
    assert only(run(text), "court_ruling").event_date == dt.date(2021, 6, 9)
    # an appeal against a sentence told without its own handing down refers to one told elsewhere
    text = "On 9 June 2021 the Taraz regional court rejected the appeal of activist Aliya Mukhanova against her sentence."
    assert [i.event_type for i in run(text)] == ["court_ruling"]


def test_a_date_inside_a_quoted_slogan_does_not_date_the_event() -> None:
    text = ("In Taraz, on 4 June 2023, police detained Aliya Mukhanova and Bolat Sarsenov as they unfurled a banner "
            "reading \"Justice for January\" near the akimat.")
    assert {i.event_date for i in run(text)} == {dt.date(2023, 6, 4)}


def test_a_relative_pronoun_stands_for_its_antecedent_in_every_coordinated_verb() -> None:
    text = "The raid on 2 May 2021 in Taraz was filmed by a neighbour, Dana Serikova, who was also detained and later fined."
    assert only(run(text), "fine").target_names == ["Dana Serikova"]


def test_every_verb_of_a_relative_list_takes_its_antecedent_and_its_date() -> None:
    # the parser hangs "prosecuted and imprisoned in 2020" on the name beside "who was arrested"
    text = "Among them is blogger Dana Serikova, who was arrested, prosecuted and imprisoned in 2020 after a post."
    rows = {i.event_type: i for i in run(text)}
    assert {k: (v.target_names, v.event_date) for k, v in rows.items()} == {
        "detention": (["Dana Serikova"], dt.date(2020, 1, 1)), "prison_sentence": (["Dana Serikova"], dt.date(2020, 1, 1))}


def test_the_owner_of_an_extended_psychiatric_treatment_is_its_target() -> None:
    text = ("Blogger Olim Saidov has been held in a psychiatric hospital in Nukus since May 2021. On 2 June 2022 "
            "a court extended his compulsory treatment in the psychiatric clinic for six months.")
    row = only([i for i in run(text) if i.event_date is not None and i.event_date.year == 2022], "psychiatric_detention")
    assert row.target_names == ["Olim Saidov"]


def test_the_teller_of_a_sentence_is_no_target_and_the_flat_is_the_storys() -> None:
    text = ("Police detained journalist Arman Kairov in Aktau on 3 June 2018. The next day police searched "
            "the flat that the family rents and seized two phones, said his wife, Saule Nurova.")
    assert only(run(text), "search").target_names == ["Arman Kairov"]


def test_a_wish_in_the_bare_infinitive_is_no_event_but_a_decision_carried_out_is() -> None:
    assert not run("On 3 July 2018 the authorities should ensure a fair trial and release blogger Aida Sapar.")
    decided = run("On 3 July 2018 activist Nurbek Ermekov decided to hold a picket outside the akimat of Taraz.")
    assert only(decided, "protest").target_names == ["Nurbek Ermekov"]


def test_what_a_court_also_ordered_takes_the_day_of_its_session() -> None:
    text = ("A blogger from Namangan has been sentenced to six years in prison for extortion. Anvar Rakhimov "
            "was arrested in March 2023 after criticising the governor. The court also ordered all of "
            "Rakhimov's social media accounts to be blocked. The verdict of the Namangan city court was "
            "announced on 4 December 2023.")
    assert only(run(text), "censorship").event_date == dt.date(2023, 12, 4)


def test_a_verdict_whose_people_got_different_penalties_is_those_penalties() -> None:
    text = ("On 12 May 2021 a court in Taraz sentenced activists Timur Abenov and Dana Serikova to 10 days in jail "
            "each, and Aibek Tokoev to 15 days after finding them guilty of joining a rally.")
    found = run(text)
    assert sorted(i.event_type for i in found) == ["administrative_arrest", "administrative_arrest"]


def test_a_verdict_split_among_penalty_rows_of_its_sentence_is_dropped_by_the_merge() -> None:
    from types import SimpleNamespace

    from pipelines.core.events.merging import Draft, merge

    day = dt.date(2021, 5, 12)

    def draft(etype: str, people: list[str], days: int | None, rule: str) -> Draft:
        return Draft(etype=etype, sentence=3, paragraph=1, start=0, end=90, persons=[SimpleNamespace(local_id=p) for p in people],
                     group=None, participants=None, first=day, last=day, precision="day", own_date=True,
                     date_phrase="12 May 2021", date_basis="stated", place=None, place_phrase=None, place_basis="none",
                     perpetrator="court", doers=[], legal=[], amount=None, currency=None, days=days, strength="verb",
                     via="slot", rule=rule)

    rows = merge([draft("administrative_arrest", ["p1", "p2"], 10, "sentence"),
                  draft("administrative_arrest", ["p3"], 15, "sentence"),
                  draft("court_ruling", ["p1", "p2", "p3"], None, "convict")])
    assert [(r.etype, sorted(r.ids)) for r in rows] == [("administrative_arrest", ["p1", "p2"]),
                                                       ("administrative_arrest", ["p3"])]


def test_a_person_named_again_before_a_later_penalty_has_that_penalty_once() -> None:
    text = ("On 12 May 2021 a court in Taraz found Timur Abenov, Dana Serikova and Aibek Tokoev guilty of joining "
            "a rally and sentenced Timur Abenov and Dana Serikova to 10 days in jail each, and Aibek Tokoev to 15 days.")
    rows = sorted((i.penalty_days, i.target_names) for i in run(text))
    assert rows == [(10, ["Timur Abenov", "Dana Serikova"]), (15, ["Aibek Tokoev"])]


def test_the_people_of_a_trial_that_started_on_a_day_are_its_targets() -> None:
    # "on 4 May": a month after "on" is a day, not a person the trial started on
    text = "The trial of Nurzhan Aliyev started on 4 May 2021 in Taraz."
    assert only(run(text), "criminal_charge").target_names == ["Nurzhan Aliyev"]


def test_what_a_ruling_says_will_be_done_is_no_event_yet() -> None:
    # the causative "will have X confiscated" keeps its modal
    text = ("On 25 July 2014 a judge in Shymkent ruled that Saule Amanova will have property confiscated "
            "and be barred from heading organisations for five years.")
    assert "search" not in {i.event_type for i in run(text)}


def test_a_case_opened_against_someone_in_the_passive_is_against_them() -> None:
    text = "Blogger Timur Abenov spoke at a rally in Taraz. On 3 May 2021 a criminal case was opened against him."
    assert only(run(text), "criminal_charge").target_names == ["Timur Abenov"]


def test_the_owners_of_an_event_noun_are_all_its_coordinated_people() -> None:
    text = "On 5 February 2024 a court in Osh extended the detention of Timur Abenov and Dana Serikova until April."
    assert only(run(text), "detention").target_names == ["Timur Abenov", "Dana Serikova"]


def test_the_person_an_approved_request_acts_on_is_the_target() -> None:
    text = ("Blogger Dana Serikova was placed in a psychiatric hospital in Nukus on 2 May 2020. On 6 May 2020 a "
            "court approved the prosecutor's request to transfer her to the psychiatric hospital for two months.")
    rows = [i for i in run(text) if i.event_date == dt.date(2020, 5, 6)]
    assert [(i.event_type, i.target_names) for i in rows] == [("psychiatric_detention", ["Dana Serikova"])]


def test_a_charge_told_beside_its_penalty_is_the_penalty() -> None:
    incs = run("On 3 August 2018 activist Aset Bekov was brought to administrative responsibility under "
               "Article 488 of the Administrative Code and arrested for 20 days.")
    assert [i.event_type for i in incs] == ["administrative_arrest"]
    assert incs[0].legal_basis == ["AC-488"] and incs[0].penalty_days == 20


def test_a_penalty_takes_the_article_told_for_its_person_in_another_sentence() -> None:
    text = ("On 5 August 2018, the Taraz City Court sentenced blogger Daulet Ismailov to two years in prison. "
            "Ismailov's lawyer said Article 174 of the Criminal Code had been misapplied to a satirical "
            "post. On 9 August 2018 his brother Nurlan Ismailov was fined under Article 488 of the "
            "Administrative Code.")
    incs = run(text)
    assert only(incs, "prison_sentence").legal_basis == ["CC-174"]
    assert only(incs, "fine").legal_basis == ["AC-488"]


def test_an_official_is_never_a_target() -> None:
    text = "On 4 August 2018, judge Marat Seitkaliyev sentenced activist Nurlan Bekov to five years in prison."
    inc = only(run(text), "prison_sentence")
    assert inc.target_names == ["Nurlan Bekov"] and inc.penalty_days == 1825


def test_the_spouse_of_a_person_is_not_that_person() -> None:
    text = "On 18 September 2018, police blocked Asel Kopbayeva, the spouse of Almas Zhumabekov, in her apartment."
    assert only(run(text), "harassment").target_names == ["Asel Kopbayeva"]


@pytest.mark.parametrize("text,group,count", [
    ("On 3rd July 2018, at least four women were detained by police in Astana.", "women", 4),
    ("On 25th July 2018, about 50 people gathered outside the akimat in Almaty.", "people", 50),
    ("On 5th July 2018, several activists were detained in Taraz.", "activists", None),
])
def test_unnamed_groups_keep_their_noun_and_stated_number(text: str, group: str, count) -> None:
    inc = run(text)[0]
    assert (inc.target_names, inc.target_group, inc.participants) == ([], group, count)


# ----------------------------------------------------------------------------- what happened

@pytest.mark.parametrize("text", [
    "Rights groups urged the authorities to release activist Nurlan Bekov on 3 May 2021.",
    "Activist Nurlan Bekov could be arrested on 3 May 2021 if he returns.",
    "Police did not detain Nurlan Bekov on 3 May 2021.",
    "Nurlan Bekov faces up to seven years in prison.",
    "On 3 May 2021 Nurlan Bekov was due to be released.",
])
def test_demands_possibilities_and_negations_are_no_incidents(text: str) -> None:
    assert run(text, NO_PERIOD) == []


def test_a_protest_named_as_a_charge_is_no_protest() -> None:
    text = "On 6 July 2019 a court fined activist Aigul Temirova 100 MCI for taking part in an unsanctioned rally."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["fine"]


@pytest.mark.parametrize("phrase,etype,days", [
    ("to six years in prison", "prison_sentence", 2190),
    ("to three years of restricted freedom", "restricted_freedom", 1095),
    ("to 15 days of administrative arrest", "administrative_arrest", 15),
    ("to 120 hours of community service", "restricted_freedom", None),
])
def test_a_sentence_is_typed_by_its_penalty(phrase: str, etype: str, days) -> None:
    text = f"On 3 May 2021 a court in Taraz sentenced activist Nurlan Bekov {phrase}."
    inc = only(run(text, NO_PERIOD), etype)
    assert inc.penalty_days == days and inc.perpetrator == "court"


def test_an_arrest_for_days_is_an_administrative_arrest() -> None:
    text = "On 7 December 2023, a court in Astana arrested activist Aset Temirov for 15 days."
    assert only(run(text, NO_PERIOD), "administrative_arrest").penalty_days == 15


def test_a_fine_in_indices_with_its_tenge_is_recorded_in_tenge() -> None:
    text = "On 9 July 2018, journalist Marat Serikov was fined 50 MCI (126,250 KZT)."
    inc = only(run(text), "fine")
    assert (inc.penalty_amount, inc.penalty_currency) == (Decimal("126250"), "KZT")


# ----------------------------------------------------------------------------- one row per incident

def test_a_news_leads_counts_sum_up_the_named_rows_told_after_it() -> None:
    text = ("Kazakhstan: journalists detained, activists fined\n\n"
            "Almaty, 8 April 2022 - Kazakh authorities detained three journalists and fined two activists this week.\n\n"
            "On Monday, police in Almaty detained the journalists Aset Nurov, Bolat Ermekov and Timur Dauletov "
            "as they filmed a protest outside the akimat.\n\n"
            "On Wednesday, a court in Almaty fined the activists Dina Ospanova and Saule Karimova 50 MCI each.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "fine").target_names == ["Dina Ospanova", "Saule Karimova"]
    assert only(incs, "detention").target_names == ["Aset Nurov", "Bolat Ermekov", "Timur Dauletov"]


def test_a_count_that_opens_its_paragraph_is_the_named_rows_told_after_it() -> None:
    text = ("Two activists were fined in Uralsk in early August 2018. On 5 August 2018 Aset Nurov was fined "
            "100 MCI; on 6 August 2018 Bolat Ermekov was fined 50 MCI.")
    fines = [i for i in run(text) if i.event_type == "fine"]
    assert sorted(n for i in fines for n in i.target_names) == ["Aset Nurov", "Bolat Ermekov"]
    assert all(i.target_names for i in fines)


def test_the_members_a_sentence_names_among_a_counted_group_are_its_targets() -> None:
    text = ("Police detained five activists in Almaty on 8 August 2018. Among them were Dina Ospanova and "
            "Saule Karimova.")
    det = only(run(text), "detention")
    assert det.target_names == ["Dina Ospanova", "Saule Karimova"]


def test_people_detained_together_are_one_incident() -> None:
    text = ("The journalist Vincent Moreau was detained on 27 September 2018 in Aktau. "
            "His interpreter Dana Ismailova was also detained.")
    inc = only(run(text), "detention")
    assert inc.target_names == ["Vincent Moreau", "Dana Ismailova"]


def test_a_repeated_telling_is_one_incident_with_one_id() -> None:
    sentence = "On 3 May 2021 police detained activist Nurlan Bekov in Oral."
    text = f"{sentence}\n\nThe rest of the update.\n\n{sentence}"
    incs = run(text, NO_PERIOD)
    assert len(incs) == 1
    assert len({incident_key("r", i) for i in incs}) == 1


def test_a_verdict_beside_its_sentence_is_no_second_row() -> None:
    text = ("On 12 March 2021 the court found Daniyar Zhakenov guilty and sentenced him to four "
            "years in prison.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["prison_sentence"]


# ----------------------------------------------------------------------------- cost and determinism

def test_a_sentence_longer_than_the_cap_is_cut_at_clause_punctuation() -> None:
    text = ", ".join(f"activist number {i} was seen" for i in range(400)) + "."
    pieces = split_long(text, 0, len(text), cap=500)
    assert all(b - a <= 500 for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces) == text
    assert all(text[b - 2:b] == ", " for _, b in pieces[:-1])


def test_the_same_text_gives_the_same_rows() -> None:
    text = ("On 5th August 2018, police in Almaty detained activist Arman Seitkali. He was fined "
            "50 000 KZT the next day.")
    assert run(text) == run(text)


# ----------------------------------------------------------------------------- whole reports against gold

def _score_folder(folder: Path) -> tuple[int, int, int]:
    """Micro counts of the whole chain (text -> units -> names -> events) on DIR/*.txt against
    DIR/gold/*.yaml, scored as `civic evaluate` scores a release."""
    import dataclasses

    import pandas as pd

    from pipelines.core import evaluate
    from pipelines.core.metadata import read_metadata
    from pipelines.core.text import clean_text, decode_bytes

    tp = fp = fn = 0
    for path in sorted(folder.glob("*.txt")):
        text = clean_text(decode_bytes(path.read_bytes())[0])
        units = segment(text)
        mentions = find_person_mentions(text, units)
        incs = extract_incidents(text, units, mentions, read_metadata(text, path.name))
        persons: dict[str, dict] = {}
        for m in mentions:
            persons.setdefault(m.local_id, {"person_id": m.local_id, "name": m.canonical, "aliases": []})
            persons[m.local_id]["aliases"].append(m.surface)
        rows = [{**dataclasses.asdict(i), "incident_id": f"I{k}"} for k, i in enumerate(incs)]
        links = [{"incident_id": f"I{k}", "person_id": t, "role": "target"} for k, i in enumerate(incs) for t in i.targets]
        score = evaluate.score_report(
            evaluate.load_gold(folder / "gold" / f"{path.stem}.yaml"), pd.DataFrame(rows),
            pd.DataFrame(links, columns=["incident_id", "person_id", "role"]), pd.DataFrame(list(persons.values())))
        tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
    return tp, fp, fn


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# Invented reports with gold written without reading the code (tests/fixtures/*/README.md). The
# regex extractor was tuned on `incidents`, `blind` and `blind2`; the parse-based one is scored on
# them as on any train material. Floors sit under the measurement so that a change that loses
# incidents on them fails here (measured 2026-12-05 by this scorer, the extractor alone: incidents
# 0.902, blind 0.768, blind2 0.824, blind3 0.819; the false protests of all three blind sets were
# read for one fix that day, so they are no longer blind for that class).
# Raised 2026-12-05 (tenth session) to about 0.03 under that day's measurement (incidents 0.943, blind
# 0.808, blind2 0.857, blind3 0.867, blind4 0.900, blind5 0.957, blind6 0.863): a merge had left two
# definitions of this dict, so blind6's floor was not run.
FIXTURE_FLOORS = {"incidents": 0.91, "blind": 0.78, "blind2": 0.83, "blind3": 0.84, "blind4": 0.87, "blind5": 0.93,
                  "blind6": 0.83, "blind7": 0.89, "blind8": 0.68}


@pytest.mark.parametrize("folder", sorted(FIXTURE_FLOORS))
def test_invented_report_sets_keep_their_floor(folder: str) -> None:
    tp, fp, fn = _score_folder(ROOT / "tests" / "fixtures" / folder)
    assert tp + fn >= 40
    assert _f1(tp, fp, fn) >= FIXTURE_FLOORS[folder], (folder, tp, fp, fn, round(_f1(tp, fp, fn), 3))


def test_a_weekday_fixes_the_year_of_a_day_without_one() -> None:
    # 1 March was a Wednesday in 2023, not in 2022 (the year the period would give)
    meta = ReportMeta(title=None, publisher=None, country="KG",
                      period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31))
    text = "On Wednesday, March 1, officers summoned camera operator Ulan Dzhumakov for questioning."
    assert only(run(text, meta), "interrogation").event_date == dt.date(2023, 3, 1)


@pytest.mark.parametrize("text,expected", [
    ("On 10 October 2024 the court sentenced Aizhan Temirova to six years in prison, Nurbek "
     "Sadyrov to five years and Gulnara Asanova to three years of probation.",
     [("prison_sentence", ["Aizhan Temirova"], 2190), ("prison_sentence", ["Nurbek Sadyrov"], 1825),
      ("restricted_freedom", ["Gulnara Asanova"], 1095)]),
    # a fine among the terms is a penalty of its own
    ("On 5 April 2022 the court sentenced Aset Nurov to five years in prison, Bolat Ermekov to three years "
     "of restricted freedom and Dina Ospanova to a fine of 500 MCI.",
     [("prison_sentence", ["Aset Nurov"], 1825), ("restricted_freedom", ["Bolat Ermekov"], 1095),
      ("fine", ["Dina Ospanova"], None)]),
    # a fine of another clause before the term: the term is typed by its length (the fine has none)
    ("On 3 March 2020 a court fined Dana Serikova 50 000 KZT, and Marat Omarov was sentenced to 15 days.",
     [("fine", ["Dana Serikova"], None), ("administrative_arrest", ["Marat Omarov"], 15)]),
    ("On 28 June 2021 Marat Musayev and Kairat Nurgaliyev were sentenced to 20 and 15 days in jail respectively.",
     [("administrative_arrest", ["Marat Musayev"], 20), ("administrative_arrest", ["Kairat Nurgaliyev"], 15)]),
    # the people named before another trigger whose subject the sentencing verb shares
    ("On 5 April 2022, two of the supporters, Aidos Serikov and Marat Zhunusov, were detained and later "
     "sentenced to 20 and 10 days in jail, respectively.",
     [("detention", ["Aidos Serikov", "Marat Zhunusov"], None), ("administrative_arrest", ["Aidos Serikov"], 20),
      ("administrative_arrest", ["Marat Zhunusov"], 10)]),
    # a person after the last fine who is another clause's ("while X was sentenced ...")
    ("On 2 June 2021 the court fined Marat Musayev 40 MCI and Kairat Nurgaliyev 20 MCI, while Aigul "
     "Sadykova was sentenced to seven days of administrative arrest.",
     [("fine", ["Marat Musayev"], None), ("fine", ["Kairat Nurgaliyev"], None),
      ("administrative_arrest", ["Aigul Sadykova"], 7)]),
])
def test_different_penalties_of_one_sentence_are_one_row_each(text: str, expected: list) -> None:
    rows = sorted((i.event_type, i.target_names, i.penalty_days) for i in run(text, NO_PERIOD))
    assert rows == sorted(expected)


# ----------------------------------------------------------------------------- the figure of merit

SHARED = ROOT.parent / "shared"


def _shared_split(part: str) -> Path:
    """A folder of the excerpts of one split with their gold, as _score_folder reads them."""
    import shutil
    import tempfile

    from tests.devsplit import stems_of

    folder = Path(tempfile.mkdtemp(prefix=f"civic-{part}-"))
    (folder / "gold").mkdir()
    for stem in stems_of(SHARED, part):
        shutil.copy(SHARED / "reports-dev" / f"{stem}.txt", folder / f"{stem}.txt")
        shutil.copy(SHARED / "gold" / f"{stem}.yaml", folder / "gold" / f"{stem}.yaml")
    return folder


# Measured 2026-12-05 by this scorer (the extractor alone, without the pipeline's cross-report
# persons): validation 17 tp / 32 fp / 48 fn, F1 0.298; train 124 / 23 / 36, F1 0.808 (0.62 on
# 2026-12-04). Floors sit under the measurement: a change that loses what was gained fails here.
# Validation is scored, never tuned on (tests/devsplit.py).
SPLIT_FLOORS = {"validation": 0.28, "train": 0.78}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not available")
@pytest.mark.parametrize("part", sorted(SPLIT_FLOORS))
def test_the_development_splits_keep_their_floor(part: str) -> None:
    import shutil

    folder = _shared_split(part)
    try:
        tp, fp, fn = _score_folder(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert _f1(tp, fp, fn) >= SPLIT_FLOORS[part], (part, tp, fp, fn, round(_f1(tp, fp, fn), 3))


@pytest.mark.parametrize("piece,parsed", [
    ("a court jailed a member of the party “Alga, Kazakhstan!” Timur Abenov",
     "a court jailed a member of the party “Alga  Kazakhstan ” Timur Abenov"),
    ('the channel "Uzbek, Free!" was blocked', 'the channel "Uzbek  Free " was blocked'),
    ("He said: “We will not stop. Never.” Then he left.", "He said: “We will not stop. Never.” Then he left."),
    ("but was instead re-arrested.", "but was instead    arrested."),
    # an abbreviation's period inside the sentence (spaCy ended the sentence there)
    ("in May, approx. 300 people were detained.", "in May, approx  300 people were detained."),
    # a sentence's "On" before a date with no comma (the parser read the subject into its phrase)
    ("On 7 June 2021 about 20 activists held a rally.", "   7 June 2021 about 20 activists held a rally."),
    ("On 7 June 2021, police detained him.", "On 7 June 2021, police detained him."),
    ("On 6 May his detention was extended.", "On 6 May his detention was extended."),
    ("On 6 May 2022 the brother of X was detained.", "   6 May 2022 the brother of X was detained."),
    # (a title-case one parses well with its period: "court No. 2 of Astana")
    ("the district court No. 2 of Astana", "the district court No. 2 of Astana"),
    ("denied re-registration", "denied re-registration"),
    # the marks of a quoted title (the parser hung "signed" on the verb before the quotation)
    ('the Law "On Mass Media", signed by the President', 'the Law  On Mass Media , signed by the President'),
])
def test_the_parser_reads_a_quoted_name_without_its_inner_punctuation(piece: str, parsed: str) -> None:
    from pipelines.core.events.prepare import parser_text

    assert parser_text(piece) == parsed and len(parsed) == len(piece)


def test_a_quoted_party_name_does_not_cut_the_sentence_for_the_parser() -> None:
    text = ("On 7 May 2023 a court in Taraz arrested activist of the party “Alga, Kazakhstan!” Timur Abenov and "
            "lawyer Dana Serikova for 15 days.")
    assert only(run(text), "administrative_arrest").penalty_days == 15


def test_the_member_of_a_named_party_is_the_target_not_the_party() -> None:
    # the parser hangs "Timur Abenov" on the party behind "of"; the lawyer of a named person stays a lawyer
    text = ("On 7 May 2023 a court in Taraz arrested activist of the party “Alga, Kazakhstan!” Timur Abenov and "
            "lawyer Dana Serikova for 15 days.")
    assert only(run(text), "administrative_arrest").target_names == ["Timur Abenov", "Dana Serikova"]
    lawyer = only(run("On 3 May 2018 police detained the lawyer of the journalist Timur Abenov in Taraz."), "detention")
    assert lawyer.target_names == [] and lawyer.target_group == "lawyer"


@pytest.mark.parametrize("text", [
    # the date phrase swallows the subject in the parse ("On [5 May 2022 the brother]")
    "On 5 May 2022 the brother of blogger Nurlan Abdrakhmanov was detained in Shymkent.",
    "On 5 May 2022 Nurlan Abdrakhmanov's brother was detained in Shymkent.",
    # the name in apposition to a person's role noun is that person, not the relative
    "In May 2022 the brother of the jailed blogger Nurlan Abdrakhmanov was detained in Shymkent.",
])
def test_a_relative_of_a_named_person_is_the_target_not_that_person(text: str) -> None:
    brother = only(run(text), "detention")
    assert brother.target_names == [] and brother.target_group == "brother"


def test_a_penalty_told_with_the_trial_is_the_trial_sessions_not_the_arrests() -> None:
    # "who" is the member, not the committee the parser hangs the clause on; the probation was
    # given at the verdict told before, not on the arrest's month the story carries
    text = ("The verdict against union leader Arman Dosov was pronounced in Atyrau on 20 May 2023.\n\n"
            "Dosov was arrested in January 2023. He was tried together with Nurlan Esimov, another member of the "
            "union council, who was given one year of probation.")
    probation = only(run(text), "restricted_freedom")
    assert probation.target_names == ["Nurlan Esimov"] and probation.event_date == dt.date(2023, 5, 20)


def test_a_law_adopted_in_a_stated_year_is_a_row() -> None:
    law = only(run("In 2021 parliament adopted amendments to the law on mass media.", NO_PERIOD), "legislation")
    assert law.event_date == dt.date(2021, 1, 1) and law.date_precision == "year"


def test_an_administrative_protocol_is_a_row_only_until_its_penalty_is_told() -> None:
    told = "On 3 April 2023 police in Aktau detained activist Marat Zhumabayev and drew up a protocol against him."
    assert "criminal_charge" in [i.event_type for i in run(told)]
    fined = told + "\n\nOn 6 April 2023 a court in Aktau fined Marat Zhumabayev 50 MCI."
    assert "criminal_charge" not in [i.event_type for i in run(fined)]


def test_his_wife_is_the_wife_named_before_in_the_story() -> None:
    text = ("Lawyer Bakhtiyor Rahimov was detained in Khujand on 4 March 2022. On 6 March 2022 police told his "
            "wife, Mahina Rahimova, that he was held in the detention centre.\n\n"
            "On 20 March 2022 his wife was summoned for questioning.")
    summoned = only(run(text), "interrogation")
    assert summoned.target_names == ["Mahina Rahimova"]


def test_a_verb_after_a_subordinate_clause_goes_on_with_the_main_clauses_subject() -> None:
    # parsed with "was arrested" coordinated with "was rejected", whose subject is the claim
    text = ("Blogger Farrukh Nazarov had lived in Poland since 2017. Farrukh Nazarov was deported to Tajikistan on "
            "3 April 2022, after his asylum claim was rejected, and was arrested at Dushanbe airport on arrival.")
    assert only(run(text), "detention").target_names == ["Farrukh Nazarov"]


def test_the_person_of_a_trial_split_off_by_the_parser_is_its_target_not_its_doer() -> None:
    # parsed "the trial of activist" + "Zhanar Kenzhebayeva" as a second subject of "began"
    trial = only(run("On 5 March 2021 the trial of activist Zhanar Kenzhebayeva began in Taraz."), "criminal_charge")
    assert trial.target_names == ["Zhanar Kenzhebayeva"]


def test_an_administrative_charge_beside_its_arrest_is_the_arrests_article() -> None:
    text = ("On 7 May 2023 a court in Taraz arrested activist Timur Abenov for 15 days. He was charged under "
            "Article 434 of the Administrative Code. On 8 May 2023 Dana Serikova was charged under Article 174 "
            "of the Criminal Code.")
    incs = run(text)
    arrest = only(incs, "administrative_arrest")
    assert arrest.legal_basis == ["AC-434"] and arrest.target_names == ["Timur Abenov"]
    assert only(incs, "criminal_charge").target_names == ["Dana Serikova"]


def test_an_event_told_by_a_noun_and_then_by_a_verb_is_kept() -> None:
    # the noun alone, with no date of its own, only refers to an arrest and is dropped; the verb
    # that follows attests it, and the row keeps the noun's first telling as its evidence
    told = "On 21 July 2018 activist Timur Abenov held a picket in Taraz. His placard foretold his arrest."
    assert [i.event_type for i in run(told)] == ["protest"]
    detention = only(run(told + " He was detained an hour later."), "detention")
    assert detention.target_names == ["Timur Abenov"] and detention.event_date == dt.date(2018, 7, 21)


def test_an_unnamed_search_of_an_organisation_with_its_own_month_is_kept() -> None:
    text = "Following a police raid on the offices of the newspaper Aq Zhol in early August 2018, its staff left."
    search = only(run(text), "search")
    assert search.event_date == dt.date(2018, 8, 1) and search.target_group


def test_a_count_after_an_abbreviation_keeps_its_date() -> None:
    text = "The ministry said that between 9 June 2019 and 13 June 2019, approx. 300 people were detained in Taraz."
    detention = only(run(text), "detention")
    assert (detention.event_date, detention.event_date_end, detention.participants) == (
        dt.date(2019, 6, 9), dt.date(2019, 6, 13), 300)


def test_an_event_after_a_dated_one_takes_that_month_not_the_storys_later_day() -> None:
    text = ("Activist Timur Abenov was released on 28 December 2019. He was one of 12 people given administrative "
            "detention after police broke up a march in Taraz on 23 September 2019.")
    arrest = only(run(text, NO_PERIOD), "administrative_arrest")
    assert (arrest.event_date, arrest.event_date_end, arrest.date_precision) == (
        dt.date(2019, 9, 1), dt.date(2019, 9, 30), "month")
    assert arrest.date_phrase == "23 September 2019"
    # the story's day stands when it follows the day told in the clause
    text = ("On 25 September 2019 activist Timur Abenov was detained in Taraz. He was fined after police broke up "
            "a march on 23 September 2019.")
    assert only(run(text, NO_PERIOD), "fine").event_date == dt.date(2019, 9, 25)


def test_a_court_decision_acts_on_the_object_of_the_verb_it_governs() -> None:
    # one row: the custody the court extended (codebook: court_ruling acceptable, not both)
    text = ("Activist Dana Serikova was detained in Urgench on 26 September 2019. On 28 November 2019, the court "
            "in Urgench decided to extend her detention until 27 December.")
    rows = [(i.event_type, i.event_date, i.target_names) for i in run(text, NO_PERIOD)]
    assert rows == [("detention", dt.date(2019, 9, 26), ["Dana Serikova"]),
                    ("detention", dt.date(2019, 11, 28), ["Dana Serikova"])]


def test_a_monitor_watching_a_march_is_not_under_surveillance() -> None:
    text = "On 3 May 2021 blogger Dana Serikova was monitoring the march in Nukus when police detained her."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["detention"]


def test_a_term_of_stated_length_with_no_owner_is_the_story_persons() -> None:
    text = ("On 5 January 2021 a court in Tashkent jailed activist Rustam Aliev for five years. The jail sentence "
            "followed an October 2019 three-year suspended prison term for a picket in Tashkent.")
    term = only(run(text, NO_PERIOD), "restricted_freedom")
    assert term.target_names == ["Rustam Aliev"] and term.event_date == dt.date(2019, 10, 1)
    # no length, no owner: a mention of sentences in general
    assert not [i for i in run("Courts handed down suspended terms in October 2019.", NO_PERIOD) if i.target_names]


def test_a_court_ruling_on_a_law_with_its_own_day_is_kept_unnamed() -> None:
    ruling = only(run("On 20 January 2025 the Constitutional Court found the law on assemblies constitutional.",
                      NO_PERIOD), "court_ruling")
    assert ruling.event_date == dt.date(2025, 1, 20) and ruling.target_names == []
    assert only(run("A Constitutional Court ruling on 21 January 2025 disappointed the petitioners.", NO_PERIOD),
                "court_ruling").event_date == dt.date(2025, 1, 21)
    # no day of its own: a ruling recalled in general
    assert not run("Court rulings in such cases rarely favour the petitioners.", NO_PERIOD)


@pytest.mark.parametrize("dateline", ["New York, March 12, 2021—", "Almaty, 12 March 2021 – "])
def test_a_datelines_day_gives_way_to_the_sentences_own_weekday(dateline: str) -> None:
    text = dateline + "Police detained activist Marat Omarov in Almaty on Tuesday, the group said today."
    detention = only(run(text, NO_PERIOD), "detention")
    assert (detention.event_date, detention.date_phrase) == (dt.date(2021, 3, 9), "on Tuesday")
    # with no date of its own the event is the dateline's news of the day
    alone = only(run(dateline + "Police detained activist Marat Omarov in Almaty.", NO_PERIOD), "detention")
    assert alone.event_date == dt.date(2021, 3, 12)


def test_the_appeal_ruling_on_the_sentence_is_the_sentenced_persons() -> None:
    text = ("On 14 March 2024, a court in Bishkek sentenced Aibek Nurov to five years. On 2 June the appeal court "
            "upheld the sentence.")
    ruling = only(run(text, NO_PERIOD), "court_ruling")
    assert (ruling.event_date, ruling.target_names) == (dt.date(2024, 6, 2), ["Aibek Nurov"])


def test_a_name_right_after_its_role_noun_is_the_target_whatever_the_parse() -> None:
    # the parser hung "Dana Serikova" on "police" as an apposition
    text = "On 14 July 2018 police detained activist Dana Serikova in Almaty."
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Dana Serikova"]
    text = "On 14 July 2018 police detained journalists Dana Serikova, Aibek Nurov and Aida Bekova in Almaty."
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Dana Serikova", "Aibek Nurov", "Aida Bekova"]


def test_the_owner_of_a_fined_sum_is_the_one_fined() -> None:
    # "fined her 50 MCI" parsed as "her 50 MCI"
    text = "On 14 July 2018 police detained activist Dana Serikova in Almaty. The following day a court fined her 50 MCI."
    fine = only(run(text, NO_PERIOD), "fine")
    assert (fine.target_names, fine.event_date) == (["Dana Serikova"], dt.date(2018, 7, 15))


def test_a_rally_announced_is_no_protest_but_a_hunger_strike_declared_is() -> None:
    assert run("On 14 July 2018 activist Dana Serikova announced a rally in Almaty.", NO_PERIOD) == []
    strike = only(run("On 14 July 2018 activist Dana Serikova announced a hunger strike in Almaty.", NO_PERIOD),
                  "protest")
    assert strike.target_names == ["Dana Serikova"]


def test_where_the_doer_sits_gives_way_to_the_events_own_place() -> None:
    text = "The US embassy in Almaty criticised the detention of activist Dana Serikova on 5 May 2021 in Taraz."
    assert only(run(text, NO_PERIOD), "detention").location == "Taraz"
    # with no place of its own, the police's place is where it happened
    text = "On 5 May 2021 police in Aktobe detained activist Dana Serikova."
    assert only(run(text, NO_PERIOD), "detention").location == "Aktobe"


def test_a_habit_is_no_particular_event_but_a_dated_repetition_is() -> None:
    text = "Activist Dana Serikova, who has been fined repeatedly for her posts, was detained again on 5 May 2021."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["detention"]
    beaten = only(run("On 5 May 2021 activist Dana Serikova was repeatedly beaten in custody in Taraz.", NO_PERIOD),
                  "physical_attack")
    assert beaten.target_names == ["Dana Serikova"]


def test_a_history_in_the_past_is_no_particular_event() -> None:
    text = ("On 5 May 2021 activist Dana Serikova was stopped at the airport in Almaty. She has in the past been "
            "detained by police and beaten by unknown men.")
    assert {i.event_type for i in run(text, NO_PERIOD)} & {"detention", "physical_attack"} == set()


def test_a_verb_coordinated_with_a_denial_is_told_not_denied() -> None:
    text = ("Activist Dana Serikova was denied access to a lawyer, and on 30 June 2021 she was transferred to the "
            "pretrial detention centre in Almaty.")
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Dana Serikova"]
    # the one kept from a lawyer is the target, not the lawyer
    denied = only(run("On 30 June 2021 activist Aidos Nurlanov was denied access to a lawyer.", NO_PERIOD), "harassment")
    assert denied.target_names == ["Aidos Nurlanov"] and denied.target_group is None


def test_also_goes_on_with_the_last_event_of_its_type() -> None:
    text = ("Police detained activist Dana Serikova in Almaty on 5 June 2021. A court fined her on 6 June 2021.\n\n"
            "The arrest was filmed by two friends, Aidos Nurlanov and Marat Ospanov, who were also arrested.")
    friends = [i for i in run(text, NO_PERIOD) if i.event_type == "detention" and "Aidos Nurlanov" in i.target_names]
    assert len(friends) == 1 and friends[0].event_date == dt.date(2021, 6, 5)


def test_also_of_the_storys_own_person_adds_to_her_story() -> None:
    text = ("On 12 July 2021 police searched the home of blogger Aidos Nurlanov in Aktau.\n\n"
            "On 20 July 2021 activist Dana Serikova was detained and questioned for several hours. "
            "Serikova's home was also searched by the police.")
    search = [i for i in run(text, NO_PERIOD) if i.event_type == "search" and "Dana Serikova" in i.target_names]
    assert len(search) == 1 and search[0].event_date == dt.date(2021, 7, 20)


def test_questioning_during_a_beating_is_part_of_it() -> None:
    text = "On 7 June 2021 activist Dana Serikova was beaten and interrogated by police officers in Taraz."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["physical_attack"]


def test_a_term_before_the_verdict_is_a_detention_and_hours_of_work_no_arrest() -> None:
    for text in ("On 7 June 2021 a court in Almaty sentenced activist Dana Serikova to two months of pre-trial detention.",
                 "On 7 June 2021 activist Dana Serikova was jailed for two months pending trial.",
                 # jailed on a charge with no term nor verdict told, thrown in jail: custody, not a prison term
                 "On 7 June 2021 activist Dana Serikova was jailed on charges of extremism.",
                 "On 7 June 2021 activist Dana Serikova was thrown in jail in Taraz."):
        assert [i.event_type for i in run(text, NO_PERIOD)] == ["detention"], text
    # the custody's place is no penalty: the verdict after a trial held there is the prison term told next
    text = ("On 7 June 2021 a court convicted activist Dana Serikova of extremism after a trial held in the pre-trial "
            "detention centre. She was sentenced to seven years in prison.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["prison_sentence"]
    text = "On 7 June 2021 activist Dana Serikova was sentenced to one year of restricted movement and banned from leaving Almaty."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["restricted_freedom"]


def test_force_used_to_detain_is_the_manner_of_the_detention() -> None:
    for text in ("On 7 June 2021 police in Almaty used force to detain the activist Dana Serikova.",
                 "On 7 June 2021 police used force when they detained activist Dana Serikova in Almaty.",
                 # the stop at a border or a plane is where the detention began
                 "On 7 June 2021 activist Dana Serikova was stopped at the border and detained by border guards.",
                 "On 7 June 2021 activist Dana Serikova was taken off a plane in Almaty and detained."):
        assert [i.event_type for i in run(text, NO_PERIOD)] == ["detention"], text
    text = "On 7 June 2021 police used force against activist Dana Serikova in Almaty."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["physical_attack"]


def test_an_event_told_as_the_time_of_a_penalty_is_one_of_its_own() -> None:
    incs = run("After her detention on 7 June 2021, activist Dana Serikova was fined 50 MCI.", NO_PERIOD)
    assert only(incs, "detention").event_date == dt.date(2021, 6, 7)
    assert only(incs, "fine").target_names == ["Dana Serikova"]


def test_a_clause_after_a_semicolon_goes_on_from_the_date_before_it() -> None:
    text = "On 7 June 2021 activist Dana Serikova was detained in Almaty; she was later fined 50 MCI."
    assert only(run(text, PERIOD_JUNE), "fine").event_date == dt.date(2021, 6, 7)


def test_the_next_day_counts_from_the_story_not_from_the_reason_of_a_penalty() -> None:
    text = ("On 12 May 2021 a court in Almaty fined activist Dana Serikova 50 MCI for taking part in a rally on 1 May."
            "\n\nShe was released the next day. Her husband, Marat Serikov, was detained on the same day.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "release").event_date == dt.date(2021, 5, 13)
    assert only(incs, "detention").event_date == dt.date(2021, 5, 13)


def test_the_organisers_of_a_protest_are_people_not_a_protest_told() -> None:
    for text in ("On 14 March 2024 police detained the organisers of the protest in Bishkek.",
                 "On 14 March 2024 police summoned Dana Serikova, an organiser of the march in Bishkek."):
        assert "protest" not in [i.event_type for i in run(text, NO_PERIOD)], text


def test_held_for_a_time_is_a_detention_unless_it_is_the_length_of_one_told() -> None:
    text = ("In the early hours of 14 February 2023, police raided the studio of Ala TV. Editor-in-chief Aida Bekova "
            "and presenter Marat Ospanov were taken to the GKNB building for questioning and held overnight.")
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Aida Bekova", "Marat Ospanov"]
    text = ("Activist Dana Serikova was arrested in Taraz on 3 August 2023.\n\n"
            "According to her family, she was held incommunicado for ten days after her arrest.")
    assert only(run(text, NO_PERIOD), "detention").event_date == dt.date(2023, 8, 3)
    text = ("On 2 September 2024 police took teacher Dana Serikova to the regional psychiatric hospital, where she "
            "was held for 16 days.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["psychiatric_detention"]


def test_without_a_noun_tells_what_did_not_happen_and_dates_nothing() -> None:
    text = ("On the morning of 11 March 2023 about 20 residents gathered in front of the hokimiyat in Tashkent. "
            "According to them, bulldozers had arrived in the street two days earlier, without warning. "
            "Blogger Dana Serikova streamed the protest live and was taken to the district police department. "
            "She was released six hours later.")
    incs = run(text, NO_PERIOD)
    assert "harassment" not in [i.event_type for i in incs]
    assert only(incs, "detention").event_date == dt.date(2023, 3, 11)
    assert only(incs, "release").event_date == dt.date(2023, 3, 11)


def test_a_picket_told_by_its_poster_is_its_holders_and_coming_out_to_a_square_no_release() -> None:
    text = "On 16 December 2019 activist Aidos Nurlanov stood alone in the central square of Aktobe holding a poster."
    assert only(run(text, NO_PERIOD), "protest").target_names == ["Aidos Nurlanov"]
    text = "On 16 December 2019 activist Dana Serikova came out to the central square of Aktobe with a poster."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["protest"]


def test_the_reason_hung_on_a_penalty_noun_is_a_label_and_release_from_punishment_no_release() -> None:
    text = ("On 5 May 2021 a court in Almaty sentenced activist Dana Serikova to two years of restricted freedom "
            "for insulting an official.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["restricted_freedom"]
    text = "On 5 May 2021 a court in Almaty found activist Dana Serikova guilty but released her from punishment."
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["court_ruling"]


def test_an_arrest_followed_by_another_event_is_no_surveillance() -> None:
    text = "The arrest of activist Dana Serikova on 5 May 2021 was followed by a search of her flat."
    assert "surveillance" not in [i.event_type for i in run(text, NO_PERIOD)]


def test_the_trial_told_paragraphs_later_is_the_defendants() -> None:
    text = ("Lawyer Dauren Tazhibaev was sentenced to 16 years in prison. Journalist Lola Kalieva was given a "
            "three-year suspended sentence.\nThe trial, held in the city of Bukhara, began on 28 November 2022.")
    trial = only(run(text, NO_PERIOD), "criminal_charge")
    assert trial.target_names == ["Dauren Tazhibaev", "Lola Kalieva"] and trial.location == "Bukhara"


def test_a_counted_group_far_from_the_named_rows_stays_a_group() -> None:
    named = "Activists Dana Serikova and Aibek Nurov were detained in Almaty on 5 May 2021.\n"
    far = "\n".join(["The government adopted a new budget."] * 3)
    text = named + far + "\nOn 14 June 2021 police in Naryn detained two activists at a rally."
    rows = [i for i in run(text, NO_PERIOD) if i.event_date == dt.date(2021, 6, 14)]
    assert [(i.event_type, i.target_names, i.participants) for i in rows] == [("detention", [], 2)]


def test_an_after_phrase_that_counts_days_gives_the_day() -> None:
    text = "A week after her release on 5 May 2021, activist Dana Serikova was detained again."
    detention = only(run(text, NO_PERIOD), "detention")
    assert (detention.event_date, detention.date_precision) == (dt.date(2021, 5, 12), "day")


def test_a_group_description_keeps_no_month_of_the_date_before_it() -> None:
    text = "On 5 May 2021 several activists were detained in Almaty ahead of the planned rally."
    assert only(run(text, NO_PERIOD), "detention").target_group == "activists"


def test_registration_denied_to_a_party_is_harassment_of_the_party() -> None:
    row = only(run("On 5 May 2021 the authorities denied registration to the Democratic Party.", NO_PERIOD),
               "harassment")
    assert row.target_group == "Democratic Party"


@pytest.mark.parametrize("text, etype", [
    # "a court sentenced activist X" is parsed as "a court-sentenced activist X": the lost verb's object and penalty
    ("On 5 May 2021 a court sentenced activist Dana Serikova to a fine of 500,000 tenge.", "fine"),
    ("On 5 May 2021 a court sentenced activist Dana Serikova to two years in prison.", "prison_sentence"),
    # (with a comma the parser hangs "court" on the verb as an adverbial noun, not as its subject)
    ("On 5 May 2021, a court sentenced activist Dana Serikova to a fine of 500,000 tenge.", "fine"),
])
def test_a_verb_the_parser_read_as_an_adjective_keeps_its_object_and_penalty(text: str, etype: str) -> None:
    rows = run(text, NO_PERIOD)
    assert [(i.event_type, i.target_names) for i in rows] == [(etype, ["Dana Serikova"])]


def test_a_suspended_sentence_is_no_suspension_from_work() -> None:
    text = "On 5 May 2021 a court handed activist Dana Serikova a three-year suspended prison sentence."
    assert "harassment" not in [i.event_type for i in run(text, NO_PERIOD)]


@pytest.mark.parametrize("head", ["Posted on March 12, 2021 by admin", "2021-03-12", "Published: 12 March 2021",
                                  "News release | March 12, 2021", "12/03/2021", "March 12th, 2021", "12th March 2021",
                                  "MARCH 12, 2021"])
def test_a_publication_stamp_dates_the_weekdays_of_the_news(head: str) -> None:
    text = f"Kazakh activist detained\n{head}\n\nPolice detained activist Marat Omarov in Almaty on Tuesday."
    assert publication_date(text) == dt.date(2021, 3, 12)
    assert only(run(text, NO_PERIOD), "detention").event_date == dt.date(2021, 3, 9)


def test_a_gathering_and_its_dispersal_are_one_protest_and_the_detained_are_not_protesters() -> None:
    text = ("On 13 March 2023 about 40 traders gathered in front of the market administration in Dushanbe to "
            "protest against a rent increase. Police dispersed the gathering within an hour and detained four "
            "traders, including Dana Serikova.")
    rows = run(text, NO_PERIOD)
    protest = only(rows, "protest")
    assert (protest.target_names, protest.participants, protest.location) == ([], 40, "Dushanbe")
    assert only(rows, "detention").target_names == ["Dana Serikova"]


def test_a_name_in_apposition_to_the_organisation_of_a_role_is_its_holder() -> None:
    text = "Police detained a correspondent of the Turkmen Service, Nurgeldy Orazov, in Turkmenabat on 5 May 2021."
    assert only(run(text, NO_PERIOD), "detention").target_names == ["Nurgeldy Orazov"]


@pytest.mark.parametrize("text, etype, who", [
    ("On 5 May 2021 police forced journalist Aida Bekova to delete photos from her phone in Ashgabat.", "harassment",
     ["Aida Bekova"]),
    ("On 5 May 2021 activist Dana Serikova received threats from unknown people in Almaty.", "harassment",
     ["Dana Serikova"]),
    ("On 5 May 2021 activist Dana Serikova was put under administrative supervision in Almaty.", "surveillance",
     ["Dana Serikova"]),
])
def test_pressure_told_in_other_words(text: str, etype: str, who: list[str]) -> None:
    assert only(run(text, NO_PERIOD), etype).target_names == who


def test_the_activities_of_an_ngo_suspended_target_the_ngo() -> None:
    text = "On 5 May 2021 the Ministry of Justice suspended the activities of the NGO Adal Zhol for three months."
    assert only(run(text, NO_PERIOD), "harassment").target_group == "NGO Adal Zhol"


def test_questioning_relatives_and_making_them_record_a_video_is_one_row() -> None:
    text = ("On 9 June 2021 police in Khujand questioned the mother and the sister of the blogger and made them "
            "record a video.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["interrogation"]


def test_a_dateline_closed_by_a_full_stop_dates_its_paragraphs_weekdays_only() -> None:
    text = "Kazakh activist detained\n\nAlmaty, 12 March 2021. Police detained activist Marat Omarov on Tuesday."
    assert publication_date(text) is None  # (a digest's item looks the same)
    assert only(run(text, NO_PERIOD), "detention").event_date == dt.date(2021, 3, 9)


def test_the_publication_stamp_after_a_long_menu_is_found() -> None:
    menu = "\n".join(f"Section {i} | Topics | Regions | Multimedia" for i in range(30))
    text = f"{menu}\nKazakh activist detained\nMarch 12, 2021\n\nPolice detained activist Marat Omarov on Tuesday."
    assert 800 < text.index("March 12") < 1500 and publication_date(text) == dt.date(2021, 3, 12)


def test_a_district_named_after_another_city_is_no_place_beside_its_city() -> None:
    text = "On 5 May 2021 the Almaty district court of Astana fined activist Dana Serikova 50 MCI."
    assert only(run(text, NO_PERIOD), "fine").location == "Astana"


def test_counted_social_media_users_are_a_group() -> None:
    text = "On 6 June 2017 the security service launched investigations into at least six social media users."
    charge = only(run(text, NO_PERIOD), "criminal_charge")
    assert (charge.target_group, charge.participants) == ("social media users", 6)


def test_the_human_rights_advocate_of_the_paragraph_is_its_one_person() -> None:
    text = ("In July 2018 in Strasbourg, Dana Serikova told deputies about torture in prisons. Upon her return, a "
            "criminal case was initiated against the human rights advocate for spreading false information.")
    assert only(run(text, NO_PERIOD), "criminal_charge").target_names == ["Dana Serikova"]


def test_a_plural_relative_clause_after_a_list_is_about_the_whole_list() -> None:
    text = ("On 21 April 2019 police detained two activists in Almaty. The arrest was filmed by three friends, "
            "Dana Serikova, Aibek Nurov, and Aida Bekova, who were later fined 50 MCI.")
    assert only(run(text, NO_PERIOD), "fine").target_names == ["Dana Serikova", "Aibek Nurov", "Aida Bekova"]


def test_the_subject_after_an_opening_date_is_the_protests() -> None:
    text = "On 6 July 2019 supporters of the movement held a rally in Almaty."
    assert only(run(text, NO_PERIOD), "protest").target_group == "supporters"


def test_the_attribute_rules_found_by_lookup_are_the_matchers_matches() -> None:
    """events.ruler replaces the Matcher of the model's attribute_ruler: on sentences that reach
    its special rules (pronouns, determiners used alone, auxiliaries, "ai n't", "nothin'",
    "y'all", white space inside a sentence, subordinators) it finds the same matches in the same
    order, and the parse's part-of-speech tags and lemmas are the unpatched model's."""
    import importlib

    from pipelines.core.events import parse, ruler

    sentences = [
        "She said that they ain't going to release him, and nothin' will change that for y'all.",
        "Those who were detained on 3 May 2023 could not see anyone; that was what the lawyer said.",
        "The   court  in Almaty fined him   because he had posted something while abroad in 2021.",
        "This is hers, not mine: the police took it and they have not returned it since.",
        "Activists were being questioned  \n about a picket, although none of them had attended.",
        "I'd have gone, but we weren't allowed; which of these can you say was planned?",
    ]
    pipeline = parse.nlp()
    patched = pipeline.get_pipe("attribute_ruler")
    assert isinstance(patched.match, ruler._Lookup)  # the lookup is in use, not the Matcher
    plain = importlib.import_module(parse.MODEL).load(exclude=["ner"])
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        bare = list(plain.pipe(sentences))
    lookup = ruler.indexed_matches(plain.get_pipe("attribute_ruler"))
    for doc in bare:
        assert lookup(doc) == plain.get_pipe("attribute_ruler").match(doc)
    kinds = {(a, e - s) for doc in bare for a, _, s, e in lookup(doc)}
    assert len({a for a, _ in kinds}) > 40 and any(n == 2 for _, n in kinds)  # many rules, two-token ones too
    for ours, theirs in zip(pipeline.pipe(sentences), plain.pipe(sentences), strict=True):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in ours] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in theirs]


def test_a_pattern_the_lookup_cannot_read_keeps_the_matcher() -> None:
    from spacy.lang.en import English

    from pipelines.core.events.ruler import indexed_matches, use_indexed_matches

    nlp = English()
    rules = nlp.add_pipe("attribute_ruler")
    rules.add([[{"LOWER": "held"}]], {"LEMMA": "hold"})
    assert indexed_matches(rules) is not None
    rules.add([[{"LENGTH": {">=": 12}}]], {"POS": "NOUN"})  # an attribute it does not read
    assert indexed_matches(rules) is None and use_indexed_matches(nlp) is False


@pytest.mark.parametrize("text,day", [
    # the custody's own dates are not the release's: it was made by the verdict
    ("On 11 December 2019 the Bostandyk District Court of Almaty sentenced blogger Arman Tulegenov to two years "
     "of restricted freedom. Tulegenov had been held in pre-trial detention since his arrest in August 2019 and "
     "was released from the courtroom after the verdict.", dt.date(2019, 12, 11)),
    ("The Leninsky District Court in Bishkek sentenced Aibek Toktosunov on 13 May 2025 to five years of "
     "probation. Toktosunov, who was arrested in December over his posts, had spent five months in custody. "
     "He was released in the courtroom after the verdict was read.", dt.date(2025, 5, 13)),
    # a release with a later day of its own keeps it; one with no courtroom keeps the story's date
    ("On 13 May 2025 a court in Bishkek sentenced Aibek Toktosunov to five years of probation. He was "
     "released from the courtroom on 15 May 2025 after the prosecutors' appeal was withdrawn.", dt.date(2025, 5, 15)),
    ("On 13 May 2025 a court in Bishkek sentenced Aibek Toktosunov to five years of probation. Toktosunov "
     "had been arrested on 2 December 2024 and was released on 20 December 2024.", dt.date(2024, 12, 20)),
])
def test_a_release_in_the_courtroom_is_on_the_day_of_the_verdict(text: str, day: dt.date) -> None:
    assert only(run(text, NO_PERIOD), "release").event_date == day


@pytest.mark.parametrize("text,names", [
    # "the apartment" coordinated with the detention of a named person is that person's; the seizure
    # told beside the search is the same search (one row)
    ("Officers of the GKNB detained Farid Umarov on 11 October 2019 at his home in Vahdat, a town east of "
     "the capital, and searched the apartment, seizing two laptops and a camera, his lawyer said.", ["Farid Umarov"]),
    # "the flat" searched at the start of the next paragraph is the story's person's
    ("Police in Aktau detained blogger Merdan Geldiyev on the evening of 3 June 2024.\n\nA day later, on 4 June "
     "2024, police searched the flat that the family rents in Aktau and seized two phones and a laptop.",
     ["Merdan Geldiyev"]),
])
def test_a_search_of_the_home_is_the_story_persons_and_its_seizure_one_row(text: str, names: list) -> None:
    searches = [i for i in run(text, NO_PERIOD) if i.event_type == "search"]
    assert [i.target_names for i in searches] == [names], [(i.target_names, i.location) for i in searches]


def test_a_digest_item_dated_by_its_head_starts_its_own_story() -> None:
    # the day of the earlier item (told of other people) is not carried into the next item
    text = ("Monitoring of peaceful assembly: March 2025\n\n"
            "18 March, Almaty. The Medeu District Court fined activist Aigul Sarsenova, detained the day before "
            "during a flash mob, 70,000 tenge.\n\n"
            "27 March, Semey. Police removed pensioner Viktor Kravchenko from the central square, where he stood "
            "alone with a placard. He was taken to the police department and released after a protocol was drawn up.")
    meta = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2025, 3, 1),
                      period_end=dt.date(2025, 3, 31))
    found = [i for i in run(text, meta) if i.target_names == ["Viktor Kravchenko"]]
    assert found and {i.event_date for i in found} == {dt.date(2025, 3, 27)}, [(i.event_type, i.event_date) for i in found]


def test_where_a_flight_goes_is_no_place_of_the_expulsion() -> None:
    # refused entry and put on a flight: one expulsion, at the airport, not at the flight's destination
    text = ("On 12 August 2024, documentary filmmaker Aidar Bekov was refused entry at Manas airport in Bishkek "
            "and put on the next flight to Almaty.")
    inc = only(run(text, NO_PERIOD), "travel_restriction")
    assert inc.location == "Bishkek"


@pytest.mark.parametrize("text,names,day", [
    ("On 5 March 2025 a court in Almaty sentenced Berik Omarov to 15 days of arrest for a picket he held on "
     "1 March 2025 outside the consulate.", ["Berik Omarov"], dt.date(2025, 3, 1)),
    ("After single-person pickets held in Almaty on 28 October 2023, activists Dana Ospanova (50 MCI) and Erlan "
     "Zhumabayev (30 MCI) were fined.", ["Dana Ospanova", "Erlan Zhumabayev"], dt.date(2023, 10, 28)),
])
def test_a_protest_held_on_its_day_and_punished_was_held_by_the_people_punished(text: str, names: list,
                                                                                day: dt.date) -> None:
    inc = only(run(text, NO_PERIOD), "protest")
    assert (sorted(inc.target_names), inc.event_date) == (names, day)


def test_a_day_after_an_inferred_year_takes_the_latest_year_before_publication() -> None:
    # "December" of a May item is last December; it lends its inferred year to no later day
    text = ("Blogger handed suspended sentence\nMay 14, 2025 10:42 GMT\n\n"
            "Aibek Toktosunov, who was arrested in December over his posts, was released on Tuesday.\n\n"
            "Meanwhile, police in Jalal-Abad on May 12 detained blogger Gulnara Abdieva.")
    det = [i for i in run(text, NO_PERIOD) if i.event_type == "detention"]
    by_name = {i.target_names[0]: i.event_date for i in det}
    assert by_name.get("Gulnara Abdieva") == dt.date(2025, 5, 12), by_name
    assert by_name.get("Aibek Toktosunov", dt.date(2024, 12, 1)) == dt.date(2024, 12, 1), by_name


def test_the_four_are_the_four_the_story_named() -> None:
    text = ("Four employees, Elnura Kadyrbekova, Bakyt Mamyrov, Chyngyz Asanaliev and Meerim Usubalieva, were "
            "detained on 15 January 2024 after searches of their homes in Bishkek. Two days later, the Sverdlovsky "
            "District Court placed the four in pre-trial detention until 15 March.")
    found = [i for i in run(text, NO_PERIOD) if i.event_type == "detention" and i.event_date == dt.date(2024, 1, 17)]
    assert found and len(found[0].target_names) == 4, [(i.event_date, i.target_names) for i in run(text, NO_PERIOD)]


def test_a_date_of_a_relative_clause_about_the_target_does_not_date_the_event() -> None:
    # "in February" tells when the accused assembly was, inside the clause about Lazarev
    text = ("Monitoring of peaceful assembly: March 2025\n\n31 March, Karaganda. A court acquitted activist Dmitry "
            "Lazarenko, whom police had accused of organising an unauthorised assembly in February.")
    meta = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2025, 3, 1),
                      period_end=dt.date(2025, 3, 31))
    assert only(run(text, meta), "charges_dropped").event_date == dt.date(2025, 3, 31)


def test_the_same_day_after_a_month_told_in_passing_counts_from_the_day_before_it() -> None:
    text = ("Blogger handed suspended sentence\nMay 14, 2025 10:42 GMT\n\n"
            "The Leninsky District Court in Bishkek sentenced blogger Aibek Toktosunov to five years of probation "
            "on May 13. Toktosunov, who was arrested in December over his posts, had spent five months in custody.\n\n"
            "On the same day, the Sverdlovsky District Court in Bishkek fined another blogger, Talant Osmonaliev, "
            "100,000 soms.")
    fine = only(run(text, NO_PERIOD), "fine")
    assert fine.event_date == dt.date(2025, 5, 13) and "May 13" in fine.date_basis, (fine.event_date, fine.date_basis)


def test_two_verbs_of_one_event_dated_by_one_phrase_are_one_row() -> None:
    text = ("New York, October 17, 2019 — Officers detained journalist Anvar Sadullaev on October 11 at his home "
            "in Vahdat.\n\nTwo days after the arrest, editor Farrukh Nazarbekov was summoned to the GKNB and "
            "questioned for five hours about the outlet's sources, the editor told CPJ.")
    inc = only(run(text, NO_PERIOD), "interrogation")
    assert inc.event_date == dt.date(2019, 10, 13), (inc.event_date, inc.date_basis)


@pytest.mark.parametrize("text,etype,place", [
    # a site named after its place (lexicon site_heads): the event happened in that place
    ("On 11 March 2023 border guards stopped the journalist Aigul Temirova at passport control in "
     "Almaty International Airport and told her she could not leave the country.", "travel_restriction", "Almaty"),
    ("On 2 May 2023 police detained the activist Serik Amanov at the Shymkent Railway Station.", "detention", "Shymkent"),
    # an organisation's name is no place of the event
    ("On 2 May 2023 police detained Serik Amanov, a reporter of the Shymkent Review.", "detention", None),
])
def test_a_site_named_after_a_place_places_the_event(text: str, etype: str, place: str | None) -> None:
    assert only(run(text), etype).location == place


def test_a_digest_items_head_places_every_event_of_its_item() -> None:
    # the head "12 April, Taraz." sets the item; the detention told with a day of its own
    # ("two days earlier") happened there too
    text = ("Monitoring digest, April 2022.\n\n"
            "12 April, Taraz. A district court fined the blogger Nurlan Sadvakasov 30 MCI; he had been "
            "detained two days earlier while filming a queue outside the akimat.\n\n"
            "20 April, Oral. Police summoned the activist Zhanna Kairova for questioning.")
    incs = run(text, ReportMeta(title=None, publisher=None, country="KZ",
                                period_start=dt.date(2022, 4, 1), period_end=dt.date(2022, 4, 30)))
    assert only(incs, "detention").location == "Taraz"
    assert only(incs, "fine").location == "Taraz"
    assert only(incs, "interrogation").location == "Uralsk"  # the gazetteer's name of Oral


def test_a_place_read_as_the_sentences_one_place_goes_on_in_its_story() -> None:
    # "the Taraz office of ..." is no adverbial, yet the search's place; the detentions that
    # follow the search, with no place of their own, happened there too
    text = ("On 4 February 2024 police searched the Taraz office of the news site Jana Dala. "
            "Two of its reporters, Marat Esenov and Dana Zhumabekova, were detained after the search.")
    incs = run(text)
    assert only(incs, "search").location == "Taraz"
    assert only(incs, "detention").location == "Taraz"


def test_an_event_abroad_keeps_the_reports_country_and_its_own_place() -> None:
    # the codebook: an event abroad done by or at the request of the reported state's
    # authorities has that state as its country and the place where it happened
    meta = ReportMeta(title=None, publisher=None, country="TJ",
                      period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31))
    text = ("On 12 March 2024 Turkish police detained the exiled blogger Said Nazarov in Istanbul at the "
            "request of the Tajik authorities.")
    row = only(run(text, meta), "detention")
    assert (row.location, row.country) == ("Istanbul", "TJ")
    home = only(run("On 12 March 2024 police detained the blogger Said Nazarov in Almaty.", meta), "detention")
    assert home.country == "KZ"  # a place in another monitored country is that country's


def test_a_clause_closed_by_a_semicolon_keeps_its_own_date() -> None:
    # the parser makes the clause before ";" the complement of the verb after it, which would
    # lend the fine the detention's "two days earlier"
    text = ("Monitoring digest, April 2022.\n\n12 April, Taraz. A district court fined the blogger Nurlan "
            "Sadvakasov 30 MCI; he had been detained two days earlier while filming a queue outside the akimat.")
    incs = run(text, ReportMeta(title=None, publisher=None, country="KZ",
                                period_start=dt.date(2022, 4, 1), period_end=dt.date(2022, 4, 30)))
    assert only(incs, "fine").event_date == dt.date(2022, 4, 12)
    assert only(incs, "detention").event_date == dt.date(2022, 4, 10)


def test_whom_a_statement_was_made_to_is_no_place() -> None:
    # "told Fergana": the outlet named after a city heard the relatives; the detention has no place
    text = "On 3 May 2023 police detained the farmer Bakhtiyor Saidov, his relatives told Fergana."
    assert only(run(text), "detention").location is None
    text = "On 3 May 2023 police detained the farmer Bakhtiyor Saidov in Fergana, his relatives said."
    assert only(run(text), "detention").location == "Fergana"


@pytest.mark.parametrize("text,etype,place", [
    # stopped where the journey began; where it was going is no place of anything the sentence tells
    ("On 22 March 2022 border guards prevented the activist Dovran Nazarov from boarding a flight from "
     "Ashgabat to Istanbul.", "travel_restriction", "Ashgabat"),
    ("In March 2022 the teacher Aina Nazarova was dismissed from her school, and on 22 March 2022 her "
     "brother Dovran Nazarov was stopped as he boarded a flight from Ashgabat to Istanbul.", "harassment", None),
])
def test_a_journeys_start_places_the_ban_and_its_end_places_nothing(text: str, etype: str, place: str | None) -> None:
    assert only(run(text), etype).location == place


@pytest.mark.parametrize("text,names", [
    ("On 3 March 2018 police searched an office in Shymkent used by a foundation. The premises belong to its "
     "director, Marat Zhaksylykov, who said the officers took two laptops.", ["Marat Zhaksylykov"]),
    # the editor told after a newsroom raid is not said to own it: the search stays the outlet's
    ("On 3 March 2018 police raided the newsroom of the outlet Ayna in Bishkek. Its editor, Marat Zhaksylykov, "
     "was taken for questioning.", []),
])
def test_an_unnamed_search_takes_the_owner_the_next_sentence_names(text: str, names: list[str]) -> None:
    assert only(run(text), "search").target_names == names


def test_a_court_named_before_the_verb_fines_the_indirect_object() -> None:
    # "Court" is a proper noun before "fined": the doer, not the one fined (the pronoun is)
    text = ("On 20 March 2018 police detained Dauren Sarsenbayev. On 27 March 2018, the Almaty Administrative "
            "Court fined him 196,600 tenge.")
    assert only(run(text), "fine").target_names == ["Dauren Sarsenbayev"]


def test_a_news_leads_verdict_is_dated_by_the_session_told_after_it() -> None:
    text = ("November 19, 2025\n\nDUSHANBE -- A court in the northern city of Khujand has sentenced lawyer Manuchehr "
            "Kholov to 10 years in prison.\n\nThe Sughd regional court on November 18 found Manuchehr Kholov guilty "
            "of public calls for extremist activity, his wife told RFE/RL.")
    incs = run(text, NO_PERIOD)
    assert only(incs, "prison_sentence").event_date == dt.date(2025, 11, 18)
    assert "court_ruling" not in [i.event_type for i in incs]


def test_her_colleagues_sentenced_are_the_co_defendants_named_in_the_paragraph() -> None:
    text = ("On 17 November 2018 the Bishkek City Court upheld the sentences of Aizada Toktosunova and her colleagues "
            "Nurbek Abdykadyrov and Elmira Sultanbekova. In September 2018 a district court had found the three "
            "guilty: Toktosunova received five years in prison, while her colleagues were given three-year "
            "suspended sentences.")
    incs = run(text)
    assert only(incs, "restricted_freedom").target_names == ["Nurbek Abdykadyrov", "Elmira Sultanbekova"]
    assert only(incs, "prison_sentence").target_names == ["Aizada Toktosunova"]


@pytest.mark.parametrize("who", ["two of Kholov's former clients", "two of Manuchehr Kholov's supporters"])
def test_people_counted_of_someones_entourage_are_not_that_someone(who: str) -> None:
    text = (f"On 10 November 2018 a court sentenced Manuchehr Kholov to ten years. His wife Zarina Kholova was "
            f"barred from the courtroom. On 12 November 2018 police in Dushanbe detained {who}.")
    detention = only(run(text), "detention")
    assert detention.target_names == [] and detention.participants == 2


def test_the_day_of_a_date_hung_on_a_group_is_no_count() -> None:
    text = "On 11 June 2018 relatives of blogger Aziz Durdyev were summoned to the police in Mary."
    assert only(run(text), "interrogation").participants is None


def test_the_fine_replaced_by_arrest_is_the_paragraphs_persons() -> None:
    text = ("On 27 February 2018 blogger Asel Dzhumagulova was fined 369,200 tenge in Taraz. After she refused to pay, "
            "the Taraz city court replaced the fine with 15 days of administrative arrest on 4 March 2018.")
    arrest = only(run(text), "administrative_arrest")
    assert arrest.target_names == ["Asel Dzhumagulova"] and arrest.penalty_days == 15


def test_a_news_leads_summary_dated_by_its_dateline_is_the_rows_the_body_dates():
    no_meta = ReportMeta(title=None, publisher=None, country="KG", period_start=None, period_end=None)
    text = ("Vienna, March 4, 2025—The Union condemns an appeal court's decision upholding the verdicts against "
            "reporters Nurlan Asanov and Aibek Tursunov, who were sentenced to long prison terms. On January 14, "
            "a court in Osh sentenced Asanov to seven years in prison and Tursunov to six years in prison.")
    sentences = [i for i in run(text, no_meta) if i.event_type == "prison_sentence"]
    assert sorted(n for i in sentences for n in i.target_names) == ["Aibek Tursunov", "Nurlan Asanov"]
    assert all(i.event_date == dt.date(2025, 1, 14) for i in sentences), \
        [(i.target_names, i.event_date, i.date_basis) for i in sentences]
    # a lead whose event the body does not date again keeps its dateline's day, and says so
    alone = run("Vienna, March 4, 2025—A court in Osh sentenced reporter Nurlan Asanov to seven years in prison. "
                "His lawyer said he would appeal.", no_meta)
    assert only(alone, "prison_sentence").event_date == dt.date(2025, 3, 4)
    assert only(alone, "prison_sentence").date_basis.startswith("the item's dateline")


def test_participles_after_a_passive_share_its_subject() -> None:
    # the parser leaves the second participle of "was detained in X, beaten ..." unlabelled
    # (dep); it is one more verb of the one detained, not an event without a person
    incs = run("On 5 April 2021 the activist Gulmira Serikova was detained in Taraz, beaten at the police "
               "station and later released.")
    assert {(i.event_type, tuple(i.target_names)) for i in incs} == {
        ("detention", ("Gulmira Serikova",)), ("physical_attack", ("Gulmira Serikova",)), ("release", ("Gulmira Serikova",))}


def test_a_second_passive_with_its_own_auxiliary_has_its_own_subject() -> None:
    # parsed with the second name as a conjunct of the fine's sum and "sentenced" without a subject
    incs = run("On 5 August 2018, the activist Gulnar Bekova was fined 50 MCI and Serik Amanov was "
               "sentenced to 10 days of administrative arrest.")
    assert only(incs, "fine").target_names == ["Gulnar Bekova"]
    assert only(incs, "administrative_arrest").target_names == ["Serik Amanov"]


def test_a_day_that_opens_the_sentence_dates_an_event_the_parse_left_without_it() -> None:
    # "On 5 August police in Taraz manhandled X" is parsed as "5 August police" with the verb an
    # adjective; the opening day is the event's, not the report's period
    april = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2022, 4, 1),
                       period_end=dt.date(2022, 4, 30))
    inc = only(run("On 5 April police in Aktobe flogged journalist Aigerim Nurlanova.", april), "physical_attack")
    assert (inc.event_date, inc.date_phrase) == (dt.date(2022, 4, 5), "5 April")


def test_a_clause_of_as_dates_the_event_told_inside_the_clause_it_hangs_on():
    # "beaten" hangs on "complained of"; the day is on "started", in the clause of "as" (it was the
    # story's date, or the report's month, before)
    april = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2022, 4, 1),
                       period_end=dt.date(2022, 4, 30))
    text = ("As journalist Aidos Serikov's trial started on 12 April 2022, he complained of being beaten "
            "by prison guards.")
    inc = only(run(text, april), "physical_attack")
    assert (inc.event_date, inc.date_phrase) == (dt.date(2022, 4, 12), "12 April 2022")


@pytest.mark.parametrize("text,named", [
    ("On 7 July 2022, Murat Dushemov, his friend Juma Jumakaev and Leyli Nurmetova drove to Dashoguz. "
     "All three were arrested.", ["Murat Dushemov", "Juma Jumakaev", "Leyli Nurmetova"]),
    # two named, "all three" counts someone else too: a group, no names
    ("On 7 July 2022, Murat Dushemov and Juma Jumakaev drove to Dashoguz with a friend. All three were arrested.", []),
])
def test_a_definite_number_names_as_many_people_told_before_in_the_paragraph(text: str, named: list) -> None:
    assert only(run(text, NO_PERIOD), "detention").target_names == named


def test_the_partner_of_a_passive_read_as_an_active_past_keeps_the_shared_subject() -> None:
    # "fined" parsed as an active past tense with "100 manats" its object: no one was fined
    text = ("Police detained activist Murat Dushemov on 5 May 2022. On 16 June 2022 he was found guilty "
            "of hooliganism and fined 100 manats.")
    assert only(run(text, NO_PERIOD), "fine").target_names == ["Murat Dushemov"]


def test_a_verdict_with_its_own_penalty_does_not_take_a_term_told_elsewhere() -> None:
    text = ("Activist Murat Dushemov was sentenced to four years in prison on 16 August 2022.\n\n"
            "On 16 June 2022 he was found guilty of hooliganism and fined 100 manats.")
    rows = sorted((i.event_type, str(i.event_date)) for i in run(text, NO_PERIOD))
    assert rows == [("fine", "2022-06-16"), ("prison_sentence", "2022-08-16")]


def test_a_paragraph_that_opens_on_one_unnamed_person_is_that_persons_story() -> None:
    # the accountant is a person of the lexicon's roles (an unnamed target, so a row of its own);
    # "She" is the accountant, not the journalist of the paragraph before
    text = ("After the searches, journalist Aidai Erkebaeva was taken in for questioning on 20 May 2025.\n\n"
            "On 30 May 2025, the media outlet's accountant was detained. She was stopped on the street in "
            "the capital near one of the banks and taken to the State Committee for National Security.")
    rows = sorted((i.event_type, str(i.event_date), tuple(i.target_names)) for i in run(text, NO_PERIOD))
    assert rows == [("detention", "2025-05-20", ("Aidai Erkebaeva",)), ("detention", "2025-05-30", ())]


def test_a_photo_captions_day_dates_no_event() -> None:
    # the day the photo was taken ("is seen ... on November 3, 2015"), not the detention's
    text = ("People are seen in Dushanbe on November 3, 2015. Tajik authorities recently detained journalist "
            "Farrukh Salimov.")
    assert [i.event_date for i in run(text, NO_PERIOD) if i.event_date == dt.date(2015, 11, 3)] == []


def test_the_protesters_of_an_adjunct_are_the_subject_not_the_people_supported() -> None:
    text = ("On 25 October 2016, activist Zhanar Tolegenova and human rights defender Elena Semenova were "
            "detained and fined after holding up placards in support of Max Bokayev and Talgat Ayan outside "
            "the court building in Atyrau.")
    assert only(run(text, NO_PERIOD), "protest").target_names == ["Zhanar Tolegenova", "Elena Semenova"]


def test_a_bulleted_dateline_is_the_items_publication_day_and_no_place() -> None:
    text = ("Category: alerts\n\n• New York, January 14, 2025—The Committee condemns the travel ban on "
            "journalist Berdi Atayev, who was released from prison in June 2024.\n\n"
            "On January 12, border guards at Ashgabat airport prevented Atayev from boarding a flight to Dubai.")
    incs = run(text, NO_PERIOD)
    assert dt.date(2025, 1, 12) in [i.event_date for i in incs if i.event_type == "travel_restriction"]
    assert "New York City" not in [i.location for i in incs]


def test_an_undated_penalty_takes_no_court_session_of_other_people() -> None:
    text = ("Two supporters, Abzal Dostyar and Bekzat Maqsutkhan, were later sentenced to 20 and 10 days in jail, "
            "respectively.\n\nThe trial of journalist Daniyar Serikov started on 12 February 2024.")
    assert [i.event_date for i in run(text, NO_PERIOD) if i.event_type == "administrative_arrest"
            and i.event_date == dt.date(2024, 2, 12)] == []


def test_a_leads_undated_verdict_is_the_one_told_with_its_day() -> None:
    # not the day of the first court session told after it, which was another case's (a fine)
    text = ("Activist Berdi Atayev has been sentenced to four years in prison.\n\nOn 15 June 2021 a court in "
            "Ashgabat found Atayev guilty of hooliganism and fined him 100 manats.\n\nAtayev received his "
            "four-year term on 16 August 2021.")
    sentences = [i.event_date for i in run(text, NO_PERIOD) if i.event_type == "prison_sentence"]
    assert sentences == [dt.date(2021, 8, 16)]


GROUP_NAMED_LATER = """On 16 January 2024, during a large police operation, 11 journalists and media workers of the outlet Kel Kel were detained for questioning and taken to the Ministry of Internal Affairs. On 30 January all 11 were transferred to the pre-trial detention centre in Bishkek.

All 11 were charged under Article 278 of the Criminal Code.

On 10 October 2024 the Pervomaisky District Court in Bishkek convicted four journalists: Aijan Mamatova was sentenced to six years in prison, Bakyt Osmonov was sentenced to five years in prison, while Nurgul Sydykova and Emil Tashiev were sentenced to three years of probation. Seven other defendants were acquitted."""


def test_members_counted_and_named_later_are_the_groups_people() -> None:
    # "convicted four journalists: A ..., B ..., C and D ..." names four of the 11 journalists
    # detained paragraphs before: the group's unnamed rows (its noun's and its count's, "all 11")
    # are theirs; the charge with no date of its own takes the detention's day
    year = ReportMeta(title=None, publisher=None, country="KG", period_start=dt.date(2024, 1, 1),
                      period_end=dt.date(2024, 12, 31))
    incs = run(GROUP_NAMED_LATER, year)
    four = ["Aijan Mamatova", "Bakyt Osmonov", "Nurgul Sydykova", "Emil Tashiev"]
    custody = sorted((i.event_date, sorted(i.target_names)) for i in incs if i.event_type == "detention")
    assert custody == [(dt.date(2024, 1, 16), sorted(four)), (dt.date(2024, 1, 30), sorted(four))]
    charge = only(incs, "criminal_charge")
    assert (sorted(charge.target_names), charge.event_date) == (sorted(four), dt.date(2024, 1, 16))


def test_members_counted_as_others_are_not_the_groups_people() -> None:
    text = ("On 4 August officers raided a prayer meeting in Taraz and took fifteen church members to the police "
            "station, where they were held for five hours. On 8 August the court fined the pastor, Ruslan Ermekov, "
            "100 MCI. Two other church members, Dana Sultanova and Ilyas Nurov, were fined 50 MCI each.")
    custody = only(run(text), "detention")
    assert custody.target_names == [] and custody.participants == 15


def test_there_is_the_place_the_sentence_before_named() -> None:
    text = ("On 5 August the activist Gulnar Bekova travelled to Aktau to cover the strike. "
            "She was detained there by police the same evening.")
    inc = only(run(text), "detention")
    assert (inc.location, inc.location_phrase) == ("Aktau", "Aktau")


def test_a_name_set_off_after_the_roles_of_phrase_is_the_roles() -> None:
    # the parser hangs "Serik Amanov" on "Azattyk", the last noun before it
    inc = only(run("On 5 August, a correspondent of the Osh bureau of Radio Azattyk, Serik Amanov, was detained "
                   "in Bishkek."), "detention")
    assert inc.target_names == ["Serik Amanov"]


@pytest.mark.parametrize("text,second", [
    ("On 5 August, police detained the journalist Gulnar Bekova in Aktobe and the reporter Serik Amanov in Atyrau.",
     (dt.date(2018, 8, 5), "Atyrau")),
    ("On 5 August, police detained the journalist Gulnar Bekova, and on 6 August the reporter Serik Amanov.",
     (dt.date(2018, 8, 6), None)),
])
def test_a_gapped_clause_is_the_verbs_event_of_its_own_person(text: str, second) -> None:
    # the parser hangs "the reporter Serik Amanov" on "detained" as a conjunct: one more detention
    incs = {i.target_names[0]: i for i in run(text) if i.event_type == "detention"}
    assert set(incs) == {"Gulnar Bekova", "Serik Amanov"}
    assert (incs["Serik Amanov"].event_date, incs["Serik Amanov"].location) == second


def test_those_detained_included_names_the_detained() -> None:
    inc = only(run("On 5 August, those detained included the activists Gulnar Bekova, Serik Amanov and Dana Omarova."),
               "detention")
    assert inc.target_names == ["Gulnar Bekova", "Serik Amanov", "Dana Omarova"]
    assert inc.event_date == dt.date(2018, 8, 5)


def test_a_date_after_for_and_a_gerund_is_the_verbs() -> None:
    # "the next day" hangs on "questioning" (as its object): the summons is the next day
    incs = run("On 5 August, Gulnar Bekova was detained in Aktobe. Her husband, Serik Amanov, was summoned for "
               "questioning the next day.")
    assert only(incs, "interrogation").event_date == dt.date(2018, 8, 6)


def test_a_penalty_in_the_form_of_a_fine_is_the_subjects() -> None:
    inc = only(run("On 5 August, the activist Gulnar Bekova was subjected to administrative punishment in the form "
                   "of a fine of 50 MCI."), "fine")
    assert inc.target_names == ["Gulnar Bekova"]


def test_each_as_the_subject_is_every_person_named_before() -> None:
    incs = run("On 5 August, police detained Gulnar Bekova and Serik Amanov in Aktobe. Each was fined 50 MCI.")
    assert only(incs, "fine").target_names == ["Gulnar Bekova", "Serik Amanov"]


def test_a_title_in_an_of_phrase_of_the_apposition_makes_no_official() -> None:
    # "president of Karakalpakstan" is the father's office: the son was no official, so he was
    # dropped as a target (a place excluded there too cost a held-out row: the place stays)
    uz = ReportMeta(title=None, publisher=None, country="UZ", period_start=None, period_end=None)
    text = ("On 3 February 2023, Polat Shamshetov, the son of the first president of Karakalpakstan, "
            "died in a pre-trial detention center.")
    assert only(run(text, uz), "physical_attack").target_names == ["Polat Shamshetov"]


def test_a_region_named_with_its_word_places_the_event() -> None:
    # "Sughd" is a compound of "region": the place's own word, not a noun the place describes
    tj = ReportMeta(title=None, publisher=None, country="TJ", period_start=dt.date(2022, 4, 1),
                    period_end=dt.date(2022, 4, 30))
    inc = only(run("On 5 April, police detained the activist Gulnar Bekova in the Sughd region.", tj), "detention")
    assert inc.location == "Sughd Region"


def test_a_clause_closed_by_a_semicolon_keeps_its_own_verb() -> None:
    # parsed with "protested" a participle of "dozens", the subject of "dispersed" after the semicolon
    april = ReportMeta(title=None, publisher=None, country="KZ", period_start=dt.date(2022, 4, 1),
                       period_end=dt.date(2022, 4, 30))
    incs = run("On 5 April, dozens of people protested in Aktobe; police dispersed them and detained 12.", april)
    assert only(incs, "protest").location == "Aktobe"
    assert only(incs, "detention").participants == 12


@pytest.mark.parametrize("text,place", [
    ("On 5 May 2021 police detained activist Dana Serikova in the capital.", "Astana"),
    ("On 5 May 2021 activist Dana Serikova was detained in the Kazakh capital.", "Astana"),
    # another country's capital is not the report country's
    ("On 5 May 2021 activist Dana Serikova was detained in the Russian capital.", None),
])
def test_the_capital_is_the_report_countrys_capital(text: str, place) -> None:
    assert only(run(text, NO_PERIOD), "detention").location == place


def test_a_seizure_while_searching_takes_the_searchs_day() -> None:
    text = ("Blogger Sardor Tursunov was detained on 14 March 2022 in Namangan.\n"
            "Officers seized two laptops while searching his flat.")
    assert only(run(text, NO_PERIOD), "search").event_date == dt.date(2022, 3, 14)


def test_a_lead_in_the_country_and_its_telling_in_a_city_are_one_custody_with_its_charge() -> None:
    # the lead's charge is of the custody's day, which only the later telling states
    text = ("Police in Kyrgyzstan have arrested poet Nurlan Beishenov on charges of inciting hatred.\n"
            "Beishenov was detained on 2 April 2024 in Osh.")
    incs = run(text, NO_PERIOD)
    det = only(incs, "detention")
    assert (det.event_date, det.location) == (dt.date(2024, 4, 2), "Osh")
    assert only(incs, "criminal_charge").event_date == dt.date(2024, 4, 2)


def test_a_charge_told_after_an_undated_custody_lead_takes_the_custodys_day() -> None:
    # the lead tells the custody and, in its next sentence, the suspicion; only the body dates it
    text = ("Security officers have detained blogger Ermek Toktogulov and editor Aibek Sydykov. "
            "Both are suspected of calling for mass riots, their lawyer said.\n"
            "Toktogulov and Sydykov were detained on 3 June 2024 for 48 hours.")
    assert only(run(text, NO_PERIOD), "criminal_charge").event_date == dt.date(2024, 6, 3)


def test_a_news_items_later_paragraph_goes_on_with_the_storys_day() -> None:
    # no period: one story, whose day the later paragraphs do not repeat
    text = ("Police in Karaganda detained seven miners on 9 April 2024 outside the company's office.\n"
            "There was a similar scene in Temirtau, where police also detained four journalists.\n"
            "In Zhezkazgan, trade unionist Bolat Seitkali was detained as well.")
    incs = run(text, NO_PERIOD)
    days = {(i.location, i.event_date) for i in incs if i.event_type == "detention"}
    assert days == {("Karaganda", dt.date(2024, 4, 9)), ("Temirtau", dt.date(2024, 4, 9)),
                    ("Zhezkazgan", dt.date(2024, 4, 9))}


@pytest.mark.parametrize("later", [
    # background or a state, not the story's narrative
    "Bolat Seitkali has been detained several times before.",
    # a day of saying, counted from the dateline, is not the story's
    "Earlier, Bolat Seitkali was detained in Zhezkazgan.",
])
def test_a_news_items_day_does_not_date_background_or_the_day_it_was_said(later: str) -> None:
    text = ("Almaty, 12 April 2024 - Police in Karaganda detained seven miners on 9 April 2024, rights "
            "defenders said today.\n" + later)
    dates = {i.event_date for i in run(text, NO_PERIOD) if i.target_names}
    assert dt.date(2024, 4, 12) not in dates
    assert later.startswith("Earlier") or dt.date(2024, 4, 9) not in dates


@pytest.mark.parametrize("text,day", [
    ("On 9 March 2022 blogger Farid Nurov died in a pre-trial detention centre. His death came four days "
     "after Nurov was sentenced to seven years in prison.", dt.date(2022, 3, 5)),
    ("Blogger Farid Nurov was released on 9 March 2022, two weeks after he was sentenced to seven years "
     "in prison.", dt.date(2022, 2, 23)),
])
def test_an_event_in_a_clause_of_after_comes_that_many_days_before(text: str, day) -> None:
    assert only(run(text, NO_PERIOD), "prison_sentence").event_date == day


def test_the_place_of_the_verb_an_event_noun_is_subject_of_beats_a_place_of_a_noun_inside_it() -> None:
    text = "On 3 March 2021 the trial of nine farmers from Shymkent ended in Turkistan."
    assert only(run(text, NO_PERIOD), "criminal_charge").location == "Turkistan"
    text = "On 3 March 2021 the trial of nine farmers in Shymkent ended in Turkistan."
    assert only(run(text, NO_PERIOD), "criminal_charge").location == "Turkistan"


def test_they_opening_a_paragraph_are_the_people_named_together_at_the_end_of_the_one_before() -> None:
    text = ("Prosecutors asked for long terms in 2022. The editors Rustam Saidov and Nigina Bakhtiyorova "
            "deny every charge.\nThey were arrested on 18 May 2022 in Khorog.")
    det = only(run(text, NO_PERIOD), "detention")
    assert set(det.target_names) == {"Rustam Saidov", "Nigina Bakhtiyorova"}


def test_a_participle_the_parser_made_the_complement_of_was_is_a_passive() -> None:
    text = ("Reporter Gulnara Amanova was stopped at Ashgabat airport on 4 May 2023 and barred from "
            "leaving. The journalist was strip-searched and questioned by border guards.")
    assert only(run(text, NO_PERIOD), "search").target_names == ["Gulnara Amanova"]


def test_the_day_of_an_event_named_in_a_since_phrase_is_no_day_of_what_followed_it() -> None:
    text = "Since his arrest in early February 2021, blogger Umid Karimov has been tried for slander."
    incs = run(text, NO_PERIOD)
    assert only(incs, "detention").date_phrase == "early February 2021"
    assert all(i.date_phrase != "early February 2021" for i in incs if i.event_type == "criminal_charge")


def test_an_event_told_following_another_by_its_noun_is_on_that_events_day() -> None:
    text = ("On 12 March 2024 a court in Khujand sentenced lawyer Dilrabo Nazarova to five years in prison. "
            "She had been charged in October. Following the verdict, she was taken into custody.")
    assert only(run(text, NO_PERIOD), "detention").event_date == dt.date(2024, 3, 12)


def test_people_a_wished_act_is_done_to_are_no_event_of_their_own() -> None:
    text = ("Blogger Farhod Nazarov was detained on 27 September 2017 in Tashkent.\n"
            "Tajik authorities should at once release Nazarov and other activists detained on similar charges, "
            "the organisations said.")
    assert [i.event_type for i in run(text, NO_PERIOD)] == ["detention"]


def test_a_leads_role_is_the_one_person_of_that_role_when_the_main_person_has_another() -> None:
    # the editor is told most; the lead's "an activist" is the one activist, whose verdict the body
    # tells again with its day ("jailed on libel charges on ...": that verdict, not custody)
    text = ("Two harsh sentences were handed down this week.\n\n"
            "In one case, an editor in Taraz was sentenced to six years in prison. In the other, an activist "
            "was jailed for two and a half years on libel charges.\n\n"
            "Marat Ospanov, editor of the weekly Kerey, denies the charges. Ospanov will appeal, and Ospanov "
            "says the governor was behind the case.\n\n"
            "Serik Dauletov, an activist from Kentau, was jailed on libel charges on 11 May 2016.")
    incs = [i for i in run(text, NO_PERIOD) if i.event_type == "prison_sentence"]
    by_person = {tuple(i.target_names): i for i in incs}
    assert set(by_person) == {("Marat Ospanov",), ("Serik Dauletov",)}
    assert by_person[("Serik Dauletov",)].event_date == dt.date(2016, 5, 11)


def test_counted_people_are_the_object_of_a_verb_tagged_as_a_participle() -> None:
    # read as a headline's "X detained in Y" (a participle with its subject), the ministry had been
    # the one detained and the row was dropped for want of a target
    inc = only(run("The Interior Ministry detained eleven journalists on 16 January 2024.", NO_PERIOD), "detention")
    assert (inc.event_date, inc.participants) == (dt.date(2024, 1, 16), 11)


def test_the_people_a_relative_clause_is_said_to_include_are_its_targets() -> None:
    text = ("A lawyer said on 3 March 2023 that the activists who were detained in Osh included Aibek "
            "Toktogulov and Nurlan Sydykov.")
    inc = only(run(text, NO_PERIOD), "detention")
    assert sorted(inc.target_names) == ["Aibek Toktogulov", "Nurlan Sydykov"]


def test_an_arrest_told_in_a_since_phrase_is_dated_by_its_own_phrase() -> None:
    # "has been tried" is a court's, not an attempt that would make the arrest a wish
    text = "Since his arrest in late March 2022, reporter Dilshod Yusupov has been tried twice."
    inc = only(run(text, NO_PERIOD), "detention")
    assert (inc.event_date, inc.target_names) == (dt.date(2022, 3, 21), ["Dilshod Yusupov"])


def test_a_verdict_followed_by_its_fine_is_not_given_a_term_told_elsewhere() -> None:
    text = ("On 10 May 2021 a court sentenced blogger Dilshod Yusupov to six years in prison.\n\n"
            "In March 2021 Yusupov was found guilty of defamation in a separate case. He was ordered to pay a fine.")
    terms = [i for i in run(text, NO_PERIOD) if i.event_type == "prison_sentence"]
    assert [i.event_date for i in terms] == [dt.date(2021, 5, 10)]


def test_a_clause_of_saying_the_parser_hung_on_a_date_is_no_relative_clause() -> None:
    # ("that" read as a relative pronoun of "May 9, 2019" made the beating a description)
    text = ("Reporter Dilshod Yusupov was detained on 2 October 2018 in Namangan. His relatives told "
            "representatives of several rights groups on May 9, 2019 that he had been beaten and otherwise "
            "ill-treated since his detention.")
    inc = only(run(text, NO_PERIOD), "physical_attack")
    assert (inc.event_date, inc.target_names) == (dt.date(2019, 5, 9), ["Dilshod Yusupov"])


def test_an_active_verb_after_a_subordinate_clause_goes_on_with_its_subject_and_a_dated_noun_is_the_nouns() -> None:
    # "and charged him" is the authorities' (not the main clause's subject's, who would be the doer),
    # and "a since-deleted March 2021 post" dates the post, not the charge
    text = ("Aidos Kenzhebekov has been in custody since police in Taraz detained him on 3 June 2022, and "
            "charged him over a since-deleted March 2021 post about the governor.")
    inc = only(run(text, NO_PERIOD), "criminal_charge")
    assert (inc.event_date, inc.target_names) == (dt.date(2022, 6, 3), ["Aidos Kenzhebekov"])


def test_months_ago_in_a_news_text_without_a_dateline_count_back_from_the_day_it_reports() -> None:
    text = ("A court in Khujand sentenced reporter Nodira Saidova to seven years in prison on 12 March 2024. "
            "Saidova was first charged five months ago but remained free until the verdict.")
    inc = only(run(text, NO_PERIOD), "criminal_charge")
    assert (inc.event_date, inc.event_date_end) == (dt.date(2023, 10, 1), dt.date(2023, 10, 31))


def test_a_state_found_and_a_trial_expected_are_no_events() -> None:
    # "jailed" beside "alive" tells how he was found; "expected to be tried and sent to prison" is
    # to come (a court's "tried" is no attempt, but "expected" governs both verbs)
    text = ("Reporter Batyr Orazov was arrested on 7 July 2015 in Balkanabat. On 20 July 2015 his brother "
            "found him alive and jailed in the village of Gazanjyk. He is expected to be tried and sent to prison soon.")
    incs = run(text, NO_PERIOD)
    assert [(i.event_type, i.event_date) for i in incs] == [("detention", dt.date(2015, 7, 7))]


def test_a_long_list_of_names_before_a_passive_is_all_its_targets() -> None:
    # (a list of 21 names without "and", which the parser breaks into pieces: the verb kept the last)
    names = ["Aibek Sydykov", "Nurlan Asanov", "Gulnara Bekova", "Erlan Tashiev", "Rita Osmonova",
             "Bakyt Kadyrov", "Zhenish Mamatov", "Ulan Abdiev", "Asel Toktosunova", "Kanat Ermekov",
             "Timur Sadykov", "Bolot Akmatov", "Aizada Orozova", "Marat Dzhumaliev", "Nazira Imanova",
             "Adilet Baktybek uulu", "Chyngyz Kasymov", "Salima Ibraeva", "Kubat Tilek uulu",
             "Azamat Berdibekov", "Tilek Zhumabaev"]
    text = f"According to the latest data, {', '.join(names)} were detained for 48 hours on 23 October 2022."
    inc = only(run(text, NO_PERIOD), "detention")
    assert sorted(inc.target_names) == sorted(names)


def test_the_people_a_next_paragraph_identifies_are_the_counted_group() -> None:
    text = ("On 14 September 2022 police in Almaty detained the three activists at the request of Tashkent.\n\n"
            "The three were identified as Bakhtiyar Saparov, Aigul Rakhimova and Dauren Kassymov.")
    inc = only(run(text, NO_PERIOD), "detention")
    assert sorted(inc.target_names) == ["Aigul Rakhimova", "Bakhtiyar Saparov", "Dauren Kassymov"]


def test_a_row_dated_by_the_day_it_was_reported_gives_way_to_its_own_earlier_day() -> None:
    text = ("On 28 July 2015, reports from a local news site confirmed the arrest of reporter Batyr Orazov. "
            "Orazov is said to have been arrested on 7 July 2015 in Turkmenbashi.")
    incs = run(text, NO_PERIOD)
    assert [(i.event_type, i.event_date) for i in incs] == [("detention", dt.date(2015, 7, 7))]
    # alone, the day it was reported dates it (and says so)
    inc = only(run("On 28 July 2015, reports confirmed the arrest of reporter Batyr Orazov.", NO_PERIOD), "detention")
    assert inc.event_date == dt.date(2015, 7, 28) and inc.date_basis.startswith("the day it was reported")


def test_a_ban_told_after_a_non_custodial_sentence_of_the_same_day_is_part_of_it() -> None:
    text = ("A court in Astana sentenced blogger Saule Nurlanova to one year of restricted freedom on 12 May 2021. "
            "The court also banned Saule Nurlanova on 12 May 2021 from journalism for three years.")
    inc = only(run(text, NO_PERIOD), "restricted_freedom")
    assert inc.event_date == dt.date(2021, 5, 12)


def test_the_sentences_one_city_refines_a_country_told_in_the_clause_but_not_another_events_city() -> None:
    # the country is in an apposition on the person; the city, on a verb the trigger governs
    stopped = run("Aina Begova, a reporter in Turkmenistan, was stopped from boarding a plane at Ashgabat "
                  "airport on 18 November 2023.",
                  ReportMeta(title=None, publisher=None, country="TM", period_start=None, period_end=None))
    assert only(stopped, "travel_restriction").location == "Ashgabat"
    # the city is where the arrest happened, not the deportation
    deported = run("Aziz Olimov was deported to Tajikistan on 2 February 2023 after his asylum claim was "
                   "rejected, and was arrested at Dushanbe airport on arrival.",
                   ReportMeta(title=None, publisher=None, country="TJ", period_start=None, period_end=None))
    assert only(deported, "travel_restriction").location is None
    assert only(deported, "detention").location == "Dushanbe"


def test_people_named_as_members_of_a_group_counted_before_are_that_groups_row() -> None:
    meta = ReportMeta(title=None, publisher=None, country="KG", period_start=None, period_end=None)
    incs = run("On 16 January 2024 police in Bishkek detained nine students outside the university. Those "
               "detained included Aigul Saparova and Dina Omurova.", meta)
    row = only(incs, "detention")
    assert sorted(row.target_names) == ["Aigul Saparova", "Dina Omurova"] and row.participants == 9
    # people told without saying they belong to the group keep a row of their own
    incs = run("On 16 January 2024 police in Bishkek detained nine students outside the university. Police "
               "also detained Aigul Saparova in Osh on 16 January 2024.", meta)
    assert len([i for i in incs if i.event_type == "detention"]) == 2


def test_an_event_told_in_a_clause_of_before_takes_the_tense_and_the_story_day_of_its_verb() -> None:
    # a news item (no period): the undated later paragraph goes on with the story's day, and so
    # does the release told as the end of that custody ("before being freed")
    incs = run("On 23 June 2009 police dispersed a picket in Aktobe and detained six pensioners.\n\nIn Taraz, the "
               "blogger Aset Nurov was held at a police station for four hours before being released.", NO_PERIOD)
    assert only(incs, "release").event_date == dt.date(2009, 6, 23)

"""Date expressions: absolute, partial, ranges, relative; year inference; report periods."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.core.dates import DateContext, DateMention, find_dates, parse_period

Q3_2018 = dict(default_year=2018, period_start=date(2018, 7, 1), period_end=date(2018, 9, 30))


def _simple(text: str, **ctx) -> list[tuple[str, str, str, str]]:
    return [(m.surface, m.first.isoformat(), m.last.isoformat(), m.precision)
            for m in find_dates(text, DateContext(**ctx))]


CASES = [
    ("On 24th July 2018, officers in Astana questioned a blogger.", {},
     [("24th July 2018", "2018-07-24", "2018-07-24", "day")]),
    ("The hearing took place on 3 October 2019.", {},
     [("3 October 2019", "2019-10-03", "2019-10-03", "day")]),
    ("Police raided the office on March 2, 2021, witnesses said.", {},
     [("March 2, 2021", "2021-03-02", "2021-03-02", "day")]),
    ("The decree dated 24.07.2018 replaced the order of 16.05.2017.", {},
     [("24.07.2018", "2018-07-24", "2018-07-24", "day"),
      ("16.05.2017", "2017-05-16", "2017-05-16", "day")]),
    ("The ruling was published on 2021-11-05.", {},
     [("2021-11-05", "2021-11-05", "2021-11-05", "day")]),
    # a dateline or heading in capitals
    ("NEW YORK, JANUARY 23, 2017 - Police detained a reporter.", {},
     [("JANUARY 23, 2017", "2017-01-23", "2017-01-23", "day")]),
    ("The picket was dispersed on 30th August.", Q3_2018,
     [("30th August", "2018-08-30", "2018-08-30", "day")]),
    ("In late July 2018, the blogger described the conditions.", {},
     [("late July 2018", "2018-07-21", "2018-07-31", "part_of_month")]),
    ("She was detained in early March 2018 and released later.", {},
     [("early March 2018", "2018-03-01", "2018-03-10", "part_of_month")]),
    ("The court met in mid-February 2020.", {},
     [("mid-February 2020", "2020-02-11", "2020-02-20", "part_of_month")]),
    ("By the end of April 2019 the site was blocked.", {},
     [("the end of April 2019", "2019-04-21", "2019-04-30", "part_of_month")]),
    ("In September 2018 the journalists were barred.", {},
     [("September 2018", "2018-09-01", "2018-09-30", "month")]),
    ("The petition, signed in December 2017, was ignored.", {},
     [("December 2017", "2017-12-01", "2017-12-31", "month")]),
    ("He was first detained in 2012.", {},
     [("2012", "2012-01-01", "2012-12-31", "year")]),
    ("She has been under forced treatment since 2016.", {},
     [("2016", "2016-01-01", "2016-12-31", "year")]),
    ("Crowds gathered in the capital on 4 and 5 January.", {"default_year": 2022},
     [("4 and 5 January", "2022-01-04", "2022-01-05", "day")]),
    ("The hunger strike lasted from 2 to 5 May.", {"default_year": 2020},
     [("from 2 to 5 May", "2020-05-02", "2020-05-05", "day")]),
    ("The trial was held between 10 and 14 June 2019.", {},
     [("between 10 and 14 June 2019", "2019-06-10", "2019-06-14", "day")]),
    ("The camp ran from 28 December 2020 to 3 January 2021.", {},
     [("from 28 December 2020 to 3 January 2021", "2020-12-28", "2021-01-03", "day")]),
    ("Protests broke out on January 4-5, 2022 in several cities.", {},
     [("January 4-5, 2022", "2022-01-04", "2022-01-05", "day")]),
    ("A second picket was held in June.", {"default_year": 2021},
     [("June", "2021-06-01", "2021-06-30", "month")]),
    ("On January 7, the minister spoke to reporters.", {"default_year": 2022},
     [("January 7", "2022-01-07", "2022-01-07", "day")]),
    ("In March, April and May 2019, rallies were banned.", {},
     [("March", "2019-03-01", "2019-03-31", "month"),
      ("April", "2019-04-01", "2019-04-30", "month"),
      ("May 2019", "2019-05-01", "2019-05-31", "month")]),
    ("He was arrested on 24 July and charged on 3 August 2018.", {},
     [("24 July", "2018-07-24", "2018-07-24", "day"),
      ("3 August 2018", "2018-08-03", "2018-08-03", "day")]),
    ("The monitoring covered the months from July to September 2018.", {},
     [("from July to September 2018", "2018-07-01", "2018-09-30", "month")]),
    ("Police detained him on June 30. Hours later, a judge fined him.", {"default_year": 2021},
     [("June 30", "2021-06-30", "2021-06-30", "day"),
      ("Hours later", "2021-06-30", "2021-06-30", "day")]),
    ("On 9 May 2019 she was stopped. The next day, her flat was searched.", {},
     [("9 May 2019", "2019-05-09", "2019-05-09", "day"),
      ("The next day", "2019-05-10", "2019-05-10", "day")]),
    # a part of the day told before is that day; of the next, the next
    ("On 9 May 2019 she was stopped. The same night her flat was searched; the next evening she was charged.", {},
     [("9 May 2019", "2019-05-09", "2019-05-09", "day"),
      ("The same night", "2019-05-09", "2019-05-09", "day"),
      ("the next evening", "2019-05-10", "2019-05-10", "day")]),
    # "the following week" as "a week later" (not the publication's "next week")
    ("On 9 May 2019 she was questioned. The following week her flat was searched.", {},
     [("9 May 2019", "2019-05-09", "2019-05-09", "day"),
      ("The following week", "2019-05-16", "2019-05-16", "day")]),
    ("On 9 May 2019 she was stopped. A day earlier, her phone was seized.", {},
     [("9 May 2019", "2019-05-09", "2019-05-09", "day"),
      ("A day earlier", "2019-05-08", "2019-05-08", "day")]),
    ("On 9 May 2019 he was beaten. Three days later he filed a complaint.", {},
     [("9 May 2019", "2019-05-09", "2019-05-09", "day"),
      ("Three days later", "2019-05-12", "2019-05-12", "day")]),
    ("He was detained on 12 April 2020 and subsequently fined.", {},
     [("12 April 2020", "2020-04-12", "2020-04-12", "day")]),
    # a bare ordinal day is a day of the month told before; an ordinal of something else is none
    ("In May 2020 she was fined. She was detained again on the 12th.", {},
     [("May 2020", "2020-05-01", "2020-05-31", "month"),
      ("on the 12th", "2020-05-12", "2020-05-12", "day")]),
    ("On 3 May 2020 she was questioned on the 5th floor of the akimat.", {},
     [("3 May 2020", "2020-05-03", "2020-05-03", "day")]),
    # a weekday with a day number and no month: that day of the month told before (or the next
    # month) that falls on the weekday, going on from the last day told
    ("Chronicle, 28 March to 3 April 2022. Wednesday 30 (Aktau). Police detained X. Friday 1 (Oral). A "
     "court fined Y for a post of January. Saturday 2. She was questioned.", {},
     [("28 March to 3 April 2022", "2022-03-28", "2022-04-03", "day"),
      ("Wednesday 30", "2022-03-30", "2022-03-30", "day"), ("Friday 1", "2022-04-01", "2022-04-01", "day"),
      ("January", "2022-01-01", "2022-01-31", "month"), ("Saturday 2", "2022-04-02", "2022-04-02", "day")]),
    # a count of years from the date told before is the year of the yearless dates after it
    ("On 3 May 2015 he was arrested. Two years later, in March, he was freed. The previous year's budget "
     "was cut.", {},
     [("3 May 2015", "2015-05-03", "2015-05-03", "day"), ("Two years later", "2017-01-01", "2017-12-31", "year"),
      ("March", "2017-03-01", "2017-03-31", "month")]),
]

NOT_DATES = [
    "He was charged under Article 274 of the Criminal Code.",
    "She was fined 42 087 KZT for the picket.",
    "The 65 year-old activist is in poor health.",
    "A seven-year-old girl was questioned by 7-8th graders' teachers.",
    "He spent five years in prison and 10 days in a detention centre.",
    "Under Resolution No. 2 the rally was banned.",
    "Officials May refuse permits; May 20 activists were warned.",
    "WOMEN'S MARCH IN ALMATY DRAWS A CROWD IN MAY",
    "The fine was raised to 2.5 million tenge by Order 16.05 of the ministry.",
]


@pytest.mark.parametrize("text,ctx,expected", CASES)
def test_find_dates(text: str, ctx: dict, expected: list) -> None:
    assert _simple(text, **ctx) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert _simple(text, default_year=2020) == []


def test_year_stated_and_relative_flags() -> None:
    ctx = DateContext(**Q3_2018)
    stated, inferred = find_dates("On 2 July 2018 and on 30th August he was warned.", ctx)
    assert (stated.year_stated, stated.relative) == (True, False)
    assert (inferred.year_stated, inferred.relative) == (False, False)


def test_year_from_period_when_it_crosses_new_year() -> None:
    ctx = DateContext(default_year=2021, period_start=date(2020, 10, 1),
                      period_end=date(2021, 1, 31))
    got = find_dates("The rally on 12 November and the trial on 15 January.", ctx)
    assert [m.first for m in got] == [date(2020, 11, 12), date(2021, 1, 15)]


def test_year_from_nearest_dated_context_before_period() -> None:
    ctx = DateContext(default_year=2018, period_start=date(2018, 7, 1),
                      period_end=date(2018, 9, 30))
    got = find_dates("A court convicted him on 3 May 2017. On 8 June he appealed.", ctx)
    assert got[1].first == date(2017, 6, 8)


@pytest.mark.parametrize("text,publication,second", [
    # told forward across New Year, published after: the next year
    ("The court fined him on 3 December 2016. On 15 January he was questioned.", date(2017, 1, 20), date(2017, 1, 15)),
    # the next year's day would be after the publication day: the same year
    ("The court fined him on 3 December 2016. On 15 January he was questioned.", date(2016, 12, 20), date(2016, 1, 15)),
    # a flashback eight months back, not four months on
    ("The court jailed him on 3 November 2016. He had been detained on 12 March.", date(2017, 6, 1), date(2016, 3, 12)),
    # no publication day to bound it: the same year
    ("The court fined him on 3 December 2016. On 15 January he was questioned.", None, date(2016, 1, 15)),
])
def test_a_yearless_date_after_the_turn_of_the_year(text: str, publication, second: date) -> None:
    got = find_dates(text, DateContext(publication=publication))
    assert got[1].first == second


@pytest.mark.parametrize("publication,period,expected", [
    # a dated news text: the weeks before publication, not the year the paragraph before left
    (date(2025, 1, 14), None, date(2025, 1, 12)),
    # too long before the publication day to be its news: the year in force
    (date(2025, 6, 14), None, date(2024, 1, 12)),
    # a report with a period keeps the period's reading
    (date(2025, 1, 14), (date(2024, 1, 1), date(2024, 12, 31)), date(2024, 1, 12)),
])
def test_a_paragraphs_first_yearless_date_of_a_dated_news_text(publication, period, expected) -> None:
    previous = find_dates("He was released in June 2024.")[0]
    ctx = DateContext(publication=publication, previous=previous, period_start=period and period[0],
                      period_end=period and period[1])
    assert find_dates("On January 12, border guards stopped him.", ctx)[0].first == expected


def test_a_day_and_month_in_figures_heads_a_digest_item_only() -> None:
    ctx = DateContext(default_year=2023)
    got = find_dates("Monitoring, March 2023\n\n14.03 - Police detained a blogger in Semey.\n"
                     "05.3: The court fined him under Article 20.1 - a petty offence.", ctx)
    assert [(m.surface, m.first) for m in got if m.precision == "day"] == [
        ("14.03", date(2023, 3, 14)), ("05.3", date(2023, 3, 5))]


def test_previous_from_context_anchors_relative_expression() -> None:
    prev = DateMention(0, 5, "x", date(2019, 3, 4), date(2019, 3, 4), "day", True, False)
    got = find_dates("The following day she was released.", DateContext(previous=prev))
    assert [(m.first, m.relative) for m in got] == [(date(2019, 3, 5), True)]


def test_the_eve_of_a_protest_is_the_day_before_the_date_told_before() -> None:
    prev = DateMention(0, 5, "x", date(2019, 3, 4), date(2019, 3, 4), "day", True, False)
    got = find_dates("On the eve of the rally police detained two activists.", DateContext(previous=prev))
    assert [(m.first, m.relative) for m in got] == [(date(2019, 3, 3), True)]
    # the eve of anything but an assembly or a vote is no date told (a holiday's eve is the holiday's,
    # data/holidays.yaml)
    got = find_dates("On the eve of the trip police detained two activists.", DateContext(previous=prev))
    assert got == []


def test_the_eve_of_an_event_dated_right_after_is_the_day_before_that_date() -> None:
    prev = DateMention(0, 5, "x", date(2019, 3, 4), date(2019, 3, 4), "day", True, False)
    got = find_dates("On the eve of the rally planned for 16 March 2019, police detained the organiser.",
                     DateContext(previous=prev))
    assert [(m.surface, m.first) for m in got] == [("the eve of the rally", date(2019, 3, 15)),
                                                   ("16 March 2019", date(2019, 3, 16))]


@pytest.mark.parametrize("text", ["On Wednesday police detained him.", "It happened last week.",
                                  "Later that day he was freed.", "A day earlier it rained."])
def test_relative_skipped_without_anchor(text: str) -> None:
    assert find_dates(text, DateContext(default_year=2020)) == []


@pytest.mark.parametrize("text,first,last", [
    ("On Wednesday police detained him.", date(2022, 1, 5), date(2022, 1, 5)),
    ("on Tuesday a court fined her", date(2022, 1, 4), date(2022, 1, 4)),
    ("Clashes last week left dozens dead.", date(2022, 1, 3), date(2022, 1, 9)),
    ("The editor was summoned yesterday.", date(2022, 1, 9), date(2022, 1, 9)),
])
def test_publication_relative(text: str, first: date, last: date) -> None:
    # 10 January 2022 was a Monday.
    got = find_dates(text, DateContext(publication=date(2022, 1, 10)))
    assert [(m.first, m.last, m.relative) for m in got] == [(first, last, True)]


def test_offsets_are_into_the_whole_text() -> None:
    text = "Intro on 1 May 2019. Body on 2 June 2019."
    got = find_dates(text, DateContext(), start=20)
    assert [(text[m.start:m.end], m.first) for m in got] == [("2 June 2019", date(2019, 6, 2))]


@pytest.mark.parametrize("text,expected", [
    ("This update covers developments from July to September 2018.",
     (date(2018, 7, 1), date(2018, 9, 30))),
    ("covering developments in December 2019, prepared by", (date(2019, 12, 1), date(2019, 12, 31))),
    ("for the period from June 2025 to January 2026", (date(2025, 6, 1), date(2026, 1, 31))),
    ("for the period from July 2021 to July 2022", (date(2021, 7, 1), date(2022, 7, 31))),
    ("in Kyrgyzstan from October 2020 to January 2021.", (date(2020, 10, 1), date(2021, 1, 31))),
    ("from November to January 2021", (date(2020, 11, 1), date(2021, 1, 31))),
    ("an overview of events in 2023", (date(2023, 1, 1), date(2023, 12, 31))),
    ("no period stated here", (None, None)),
])
def test_parse_period(text: str, expected: tuple) -> None:
    assert parse_period(text) == expected


# Round 4: dates counted from the publication day, numeric forms, durations that are no dates
PUB = date(2024, 4, 18)  # a Thursday


@pytest.mark.parametrize("text,first,last,precision", [
    ("two days ago", date(2024, 4, 16), date(2024, 4, 16), "day"),
    ("a week ago", date(2024, 4, 11), date(2024, 4, 11), "day"),
    ("seven months ago", date(2023, 9, 1), date(2023, 9, 30), "month"),
    ("the day before yesterday", date(2024, 4, 16), date(2024, 4, 16), "day"),
    ("over the weekend", date(2024, 4, 13), date(2024, 4, 14), "part_of_month"),
    ("at the end of last month", date(2024, 3, 21), date(2024, 3, 31), "part_of_month"),
    ("early this month", date(2024, 4, 1), date(2024, 4, 10), "part_of_month"),
    ("this morning", PUB, PUB, "day"),
    ("on Friday", date(2024, 4, 12), date(2024, 4, 12), "day"),
    ("earlier this month", date(2024, 4, 1), PUB, "month"),
    ("24-07-2021", date(2021, 7, 24), date(2021, 7, 24), "day"),
    ("24.07.2021", date(2021, 7, 24), date(2021, 7, 24), "day"),
    ("in late May", date(2024, 5, 21), date(2024, 5, 31), "part_of_month"),
])
def test_round4_publication_relative_and_numeric(text, first, last, precision):
    found = find_dates(text, DateContext(default_year=2024, publication=PUB))
    assert [(d.first, d.last, d.precision) for d in found] == [(first, last, precision)]


def test_for_n_days_before_is_a_duration():
    ctx = DateContext(previous=find_dates("on 12 April 2024")[0])
    assert find_dates("Residents had blocked the road for three days before the police came.", ctx) == []
    assert [d.first for d in find_dates("Three days before, he was warned.", ctx)] == [date(2024, 4, 9)]


@pytest.mark.parametrize("later, first, last, precision", [
    ("At the end of the month", date(2018, 7, 21), date(2018, 7, 31), "part_of_month"),
    ("At the beginning of the month", date(2018, 7, 1), date(2018, 7, 10), "part_of_month"),
    ("Later that month", date(2018, 7, 15), date(2018, 7, 31), "part_of_month"),
    ("The following month", date(2018, 8, 1), date(2018, 8, 31), "month"),
    ("In the same month", date(2018, 7, 1), date(2018, 7, 31), "month"),
])
def test_a_part_of_the_month_told_before(later, first, last, precision):
    text = f"On 14 July 2018 the activist was detained. {later} she was fined."
    told = find_dates(text)[-1]
    assert (told.surface, told.first, told.last, told.precision, told.relative) == (later, first, last, precision, True)


def test_a_weekday_with_no_publication_day_counts_from_the_day_told_before_it():

    text = "On 7 June 2021 police detained X. On Wednesday a court fined her. Last Friday it rained."
    got = {d.surface: (d.first, d.relative) for d in find_dates(text, DateContext(default_year=2021))}
    assert got["On Wednesday"] == (date(2021, 6, 9), True)  # 7 June 2021 was a Monday
    assert not any("Friday" in s for s in got)  # "last Friday" counts from a publication day only
    # nothing told before it, or the same weekday as that day: not guessed
    assert [d.surface for d in find_dates("On Wednesday a court fined her.", DateContext(default_year=2021))] == []
    same = find_dates("On 9 June 2021 police detained X. On Wednesday a court fined her.", DateContext(default_year=2021))
    assert [d.surface for d in same] == ["9 June 2021"]


@pytest.mark.parametrize("text,country,day", [
    ("On Nauryz, activists tried to hold a rally in Almaty.", "KZ", date(2026, 3, 22)),
    ("On Nowruz, police detained two men in Osh.", "KG", date(2026, 3, 21)),
    ("The blogger was detained in Samarkand on Independence Day.", "UZ", date(2026, 9, 1)),
    ("The blogger was detained in Aktobe on Independence Day.", "KZ", date(2026, 12, 16)),
    ("On the eve of International Women's Day, police detained five women.", "KZ", date(2026, 3, 7)),
])
def test_a_holiday_told_as_a_day_is_its_date_in_the_reports_country(text: str, country: str, day: date) -> None:
    found = find_dates(text, DateContext(default_year=2026, country=country))
    assert [(m.first, m.last, m.precision) for m in found] == [(day, day, "day")]


@pytest.mark.parametrize("text", [
    "Ahead of Independence Day, the authorities pardoned 300 prisoners.",
    "Independence Day celebrations cost the city millions.",
])
def test_a_holiday_not_told_as_a_day_dates_nothing(text: str) -> None:
    assert find_dates(text, DateContext(default_year=2026, country="KZ")) == []


def test_a_bare_ordinal_after_a_part_of_the_day_is_a_day_of_the_month_told_before() -> None:
    text = "Throughout October 2025 residents protested. On the morning of the 23rd, police dispersed them."
    found = find_dates(text, DateContext(default_year=2025))
    assert [(m.first, m.precision) for m in found][-1] == (date(2025, 10, 23), "day")


@pytest.mark.parametrize("text,expected", [
    ("Today police detained three activists.", [("Today", "2023-01-27")]),
    ("Police detained three activists today.", [("today", "2023-01-27")]),
    # a capitalised "Today" after a capitalised word is the end of a name: no day
    ("The reporter Dana Omarova of Adyrna Today filmed the dispersal.", []),
    ("He writes for Kazakhstan Today and for Vlast.", []),
])
def test_a_day_word_ending_a_name_is_no_day(text: str, expected: list) -> None:
    found = find_dates(text, DateContext(publication=date(2023, 1, 27)))
    assert [(m.surface, m.first.isoformat()) for m in found] == expected

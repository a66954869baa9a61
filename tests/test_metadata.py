"""core.metadata: title, publisher, country and reporting period stated by a report's opening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.core.metadata import read_metadata, read_period, read_publisher
from pipelines.core.text import clean_text, decode_bytes

D = dt.date
SEED = Path(__file__).resolve().parents[1] / "sources" / "reports" / "000_bf2cf6556fc1d8c3.txt"


@pytest.mark.parametrize(
    "sentence, start, end",
    [
        ("This update covers developments on civic freedoms in Tajikistan from July to September 2018.",
         D(2018, 7, 1), D(2018, 9, 30)),
        ("This update covers developments on freedoms of expression in Uzbekistan in December 2019.",
         D(2019, 12, 1), D(2019, 12, 31)),
        ("This update covers the situation for the period from July 2021 to July 2022.",
         D(2021, 7, 1), D(2022, 7, 31)),
        ("This update covers developments in Kyrgyzstan from June 2025 to January 2026.",
         D(2025, 6, 1), D(2026, 1, 31)),
        ("This is an update on the freedoms of expression in Kyrgyzstan from October 2020 to January 2021.",
         D(2020, 10, 1), D(2021, 1, 31)),
        ("This update covers developments from November to February 2024 in Turkmenistan.",
         D(2023, 11, 1), D(2024, 2, 29)),
        ("This briefing covers events between 3 March and 20 April 2023.", D(2023, 3, 3), D(2023, 4, 20)),
        ("Covering October to December 2022, this update looks at Uzbekistan.", D(2022, 10, 1), D(2022, 12, 31)),
    ],
)
def test_period_phrases(sentence, start, end):
    assert read_period(sentence) == (start, end)


def test_no_period_without_a_covering_sentence():
    assert read_period("Police detained an activist on 5 May 2021. He was released in June 2021.") == (None, None)


def test_a_reporter_covering_events_is_not_the_period():
    # a closing background paragraph of a press release: the journalist "covered" something
    text = ("Reporter detained in Karaganda\n\nPolice detained reporter Aida Sultan on 4 May 2023.\n\n"
            "In February 2021, Sultan was fined while covering a rally, the group said.")
    assert read_period(text) == (None, None)


@pytest.mark.parametrize(
    "text, publisher",
    [
        ("This update was prepared by Alpha Rights Centre (ARC) and Beta Legal Bureau of Human Rights "
         "and Rule of Law (BLB) for the CIVICUS Monitor.", "ARC; BLB"),
        ("This update covers June 2020 and was prepared for the CIVICUS Monitor by the Gamma Helsinki "
         "Committee (GHC) based on its monitoring.", "GHC"),
        ("Gamma Helsinki Committee (GHC) and Delta Foundation (DF) have prepared it as part of their work.",
         "GHC; DF"),
        ("It was prepared by the Gamma Helsinki Committee and the Delta Foundation for the CIVICUS Monitor.",
         "Gamma Helsinki Committee; Delta Foundation"),
        ("Officials must release the journalist, the Committee to Protect Journalists said today.",
         "Committee to Protect Journalists"),
        ("Police detained a blogger on Monday.", None),
    ],
)
def test_publisher(text, publisher):
    assert read_publisher(text) == publisher


@pytest.mark.parametrize(
    "text, country",
    [
        ("Tajikistan: Lawyers jailed\nThis update covers developments in Tajikistan in May 2022.", "TJ"),
        ("Turkmen authorities blocked websites. In Turkmenistan, critics were harassed. Russian media reported it.", "TM"),
        ("A court in Bishkek fined a blogger. Kyrgyz police searched his home.", "KG"),
        ("Nothing about any country here at all.", None),
        # a monitored country named less often than a neighbour is still the report's
        ("Rights groups urged Uzbekistan to free the bloggers who criticised China. Chinese diplomats had "
         "complained; China asked for the case; Chinese media praised it.", "UZ"),
    ],
)
def test_country(text, country):
    assert read_metadata(text, "report.txt").country == country


def test_country_from_file_name_when_text_is_silent():
    assert read_metadata("Police fined a blogger.", "mongolia-2021-update.txt").country == "MN"


def test_seed_metadata():
    meta = read_metadata(clean_text(decode_bytes(SEED.read_bytes())[0]), SEED.name)
    assert meta.title.startswith("Kazakhstan: ")
    assert meta.publisher == "IPHR; KIBHR"
    assert meta.country == "KZ"
    assert (meta.period_start, meta.period_end) == (D(2018, 7, 1), D(2018, 9, 30))


def test_title_skips_long_captions_and_update_stamps():
    text = ("Update, March 3, 2020\n\nA protester is carried away by police officers during a rally in the "
            "capital on a cold winter morning last year, witnesses said.\n\nActivists detained after rally "
            "in the capital\n\nPolice detained five activists.")
    assert read_metadata(text, "x.txt").title == "Activists detained after rally in the capital"


def test_a_date_stamp_line_is_neither_title_nor_period():
    text = ("25 september 2020\n\nRegional news\n\nUnion leader jailed in Kazakhstan\n\n"
            "16.05.2017 20:19 msk\n\nOn 16 May a court sentenced the union leader to two years.")
    meta = read_metadata(text, "x.txt")
    assert meta.title == "Union leader jailed in Kazakhstan"
    assert (meta.period_start, meta.period_end) == (None, None)


@pytest.mark.parametrize("title, period", [
    ("Kazakhstan: civic space update, January to December 2016", (dt.date(2016, 1, 1), dt.date(2016, 12, 31))),
    ("Civic space in Kyrgyzstan, July-September 2018", (dt.date(2018, 7, 1), dt.date(2018, 9, 30))),
    ("Kazakhstan: monthly digest, March 2023", (dt.date(2023, 3, 1), dt.date(2023, 3, 31))),
])
def test_a_titles_range_of_months_is_the_period_not_its_last_month(title, period):
    assert read_period("Police detained an activist in Almaty.", title=title) == period


def test_a_saved_pages_navigation_is_no_title():
    text = "Skip to main content\nLog in to your account\nNews | Kazakhstan\nKazakhstan: Activist Jailed for Criticising Governor\n\n" \
           "A court in Taraz sentenced activist Dana Serikova to two years of restricted freedom."
    assert read_metadata(text, "x.txt").title == "Kazakhstan: Activist Jailed for Criticising Governor"

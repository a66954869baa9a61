"""Articles of codes, money amounts and durations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.core.legal import find_articles, find_durations, find_money


# Sub-numbers are kept and join with a hyphen, dotted or not (CODEBOOK.md, "Legal basis").
@pytest.mark.parametrize("text,codes", [
    ("The blogger was accused under Article 274 of the Criminal Code.", ["CC-274"]),
    ("She faces charges under Part 2 of Article 174 of the Criminal Code.", ["CC-174"]),
    ("charges of calling for mass riots (Article 272.3, Criminal Code)", ["CC-272-3"]),
    ("for an unsanctioned meeting (Article 488.11, Code of Administrative Offences)",
     ["AC-488-11"]),
    ("He is a suspect under Articles 378.2 and 274.2 of the Criminal Code.",
     ["CC-378-2", "CC-274-2"]),
    ("He was convicted under articles 174 and 179 of the Criminal Code.", ["CC-174", "CC-179"]),
    ("The president proposed to decriminalise Article 130 of the Criminal Code.", ["CC-130"]),
    ("A case was opened under Article 174 (inciting discord) against the poet.", ["CC-174"]),
    ("The minister promised to review Article 174 (incitement to hatred) soon.", ["ART-174"]),
    ("She was fined under Article 488 for an administrative offence.", ["AC-488"]),
    ("The court cited Article 28 of the Labour Code.", ["LC-28"]),
    ("prosecuted under the Criminal Code's Article 405", ["CC-405"]),
    ("under Article 405 of Kazakhstan’s Criminal Code", ["CC-405"]),
    ("fined under Article 400 of the Administrative Code", ["AC-400"]),
    ("The law amends the Civil Code and the tax rules.", []),
])
def test_find_articles(text: str, codes: list[str]) -> None:
    assert [a.code for a in find_articles(text)] == codes


def test_article_span_starts_at_part() -> None:
    text = "under Part 1 of Article 405 of the Criminal Code"
    (art,) = find_articles(text)
    assert text[art.start:art.end] == "Part 1 of Article 405"


@pytest.mark.parametrize("text,expected", [
    ("The trainer received a fine of 42 087 KZT (around 100 EUR) for it.",
     [("42087", "KZT", False, False), ("100", "EUR", True, True)]),
    ("He was fined 60 000 KZT.", [("60000", "KZT", False, False)]),
    ("The court fined them approximately US$1,500.", [("1500", "USD", True, False)]),
    ("damage estimated at 8,212 million Kazakh tenge", [("8212000000", "KZT", False, False)]),
    ("a bribe of 25 thousand US dollars", [("25000", "USD", False, False)]),
    ("a fine of 100 MCI", [("100", "MCI", False, False)]),
    ("fined 50 monthly calculation indices", [("50", "MCI", False, False)]),
    ("a fine of 5,000 som for the post", [("5000", "KGS", False, False)]),
    ("ordered to pay 3 000 somoni", [("3000", "TJS", False, False)]),
    ("a penalty of 1.2 million sum", [("1200000", "UZS", False, False)]),
    ("compensation of 10,000 roubles", [("10000", "RUB", False, False)]),
    ("a grant of €500 was frozen", [("500", "EUR", False, False)]),
    ("fined 200 000 tenge (about $400)",
     [("200000", "KZT", False, False), ("400", "USD", True, True)]),
    ("Under Article 274, in 2018, the 65 year-old got 3 days.", []),
])
def test_find_money(text: str, expected: list) -> None:
    got = [(str(m.amount), m.currency, m.approx, m.in_parentheses) for m in find_money(text)]
    assert got == expected


def test_money_amount_is_decimal() -> None:
    (m,) = find_money("a fine of 2.5 million tenge")
    assert m.amount == Decimal(2500000) and isinstance(m.amount, Decimal)


@pytest.mark.parametrize("text,expected", [
    ("He was sentenced to three years in a penal colony.", [(1095, "year")]),
    ("She got 15 days of administrative detention.", [(15, "day")]),
    ("one year of probation", [(365, "year")]),
    ("a sentence of two and a half years", [(912, "year")]),
    ("He was jailed for one and half years.", [(547, "year")]),
    ("Two of them received 10.5 years, the third 1.5 years.", [(3832, "year"), (547, "year")]),
    ("He was given a 16-year prison term.", [(5840, "year")]),
    ("sentenced to 10 days’ detention", [(10, "day")]),
    ("six years of restricted freedom", [(2190, "year")]),
    ("two months of pre-trial detention", [(60, "month")]),
    ("The two were jailed for 20 and 15 days respectively.", [(20, "day"), (15, "day")]),
    ("a three-year sentence with probation", [(1095, "year")]),
    ("held for a week in custody", [(7, "week")]),
    ("half a year of house arrest", [(182, "year")]),
    ("The 43-year-old activist, aged 43, was released.", []),
    ("A 65 year-old pensioner and a seven-year-old boy", []),
    ("Two days later the court met; five years ago he fled.", []),
    ("Activists were sentenced to weeks of detention.", []),
    # when something happened, not how long a term is
    ("In the last two days courts fined them; over the past three weeks police detained 40.", []),
    # how long after, not a term; a term told before "after" keeps its penalty's preposition
    ("He died just five days after he was sentenced to six years.", [(2190, "year")]),
    ("He was sentenced to 15 days after a closed trial.", [(15, "day")]),
])
def test_find_durations(text: str, expected: list) -> None:
    assert [(d.days, d.unit) for d in find_durations(text)] == expected


def test_duration_approx_flag() -> None:
    (d,) = find_durations("He faces up to seven years in jail.")
    assert d.approx and d.days == 2555


@pytest.mark.parametrize("text,code", [
    ("under Article 330 of the Code of Offences", "AC-330"),
    ("Article 66 of the Code on Violations", "AC-66"),
    ("Article 460-1 of the Administrative Offences Code", "AC-460-1"),
    ("charged under Article 137.1 of the Criminal Code", "CC-137-1"),
    ("Part 2 of Art. 174 of the Criminal Code", "CC-174"),
])
def test_round4_code_names(text, code):
    assert [a.code for a in find_articles(text)] == [code]

"""Tests of pipelines.core.evaluate on hand-made gold and prediction fixtures with known answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipelines.core.evaluate import (
    Counts,
    Gold,
    GoldFormatError,
    GoldIncident,
    LinkScore,
    ReportScore,
    Scores,
    cross_report_links,
    dates_match,
    format_scores,
    load_gold,
    name_key,
    parse_gold,
    score_release,
    score_report,
    scores_to_dict,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "evaluate"
SHARED = Path(__file__).resolve().parents[2] / "shared"
D = dt.date


# ---------------------------------------------------------------------------------- helpers


def inc(iid, etype, first=None, last=None, loc=None, targets=(), report_id="r", **extra) -> dict:
    row = {
        "incident_id": iid,
        "report_id": report_id,
        "event_type": etype,
        "event_date": first,
        "event_date_end": last or first,
        "location": loc,
        "legal_basis": [],
        "penalty_amount": None,
        "penalty_currency": None,
        "penalty_days": None,
        "participants": None,
        "_targets": list(targets),
    }
    row.update(extra)
    return row


def frames(
    incidents: list[dict], persons: list[tuple]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    links = [
        {"incident_id": r["incident_id"], "person_id": pid, "role": "target"}
        for r in incidents
        for pid in r["_targets"]
    ]
    inc_df = pd.DataFrame([{k: v for k, v in r.items() if k != "_targets"} for r in incidents])
    ip_df = pd.DataFrame(links, columns=["incident_id", "person_id", "role"])
    p_df = pd.DataFrame(
        [{"person_id": p, "name": n, "aliases": a} for p, n, a in persons],
        columns=["person_id", "name", "aliases"],
    )
    return inc_df, ip_df, p_df


def score(gold: Gold, incidents: list[dict], persons: list[tuple] = None) -> ReportScore:
    persons = PERSONS if persons is None else persons
    return score_report(gold, *frames(incidents, persons))


PERSONS = [("P1", "Arman Seitkali", ["Seitkali"]), ("P2", "Dina Omarova", [])]


def perfect() -> list[dict]:
    """A correct prediction of every required row of alpha.yaml."""
    return [
        inc("I0", "detention", D(2020, 3, 10), loc="Almaty", targets=["P1"]),
        inc(
            "I1",
            "fine",
            D(2020, 3, 10),
            loc="Almaty",
            targets=["P1"],
            penalty_amount=50000.0,
            penalty_currency="KZT",
        ),
        inc(
            "I2",
            "criminal_charge",
            D(2020, 3, 1),
            D(2020, 3, 31),
            targets=["P2"],
            legal_basis=["CC-274"],
        ),
        inc("I3", "search", D(2020, 3, 15), loc="Shymkent", targets=["P2"]),
        inc("I4", "protest", D(2020, 3, 20), loc="Aktobe", participants=30),
        inc("I7", "administrative_arrest", None, targets=["P1"], penalty_days=10),
    ]


def with_row(rows: list[dict], iid: str, **changes) -> list[dict]:
    return [{**r, **changes} if r["incident_id"] == iid else r for r in rows]


@pytest.fixture(scope="module")
def alpha() -> Gold:
    return load_gold(FIXTURES / "alpha.yaml")


@pytest.fixture(scope="module")
def beta() -> Gold:
    return load_gold(FIXTURES / "beta_no_year.yaml")


# ------------------------------------------------------------------------------ gold files


def test_load_gold_reads_every_variant(alpha, beta):
    assert alpha.report == "alpha.txt" and alpha.country == "KZ" and alpha.year_stated
    assert alpha.period == (D(2020, 3, 1), D(2020, 3, 31))
    charge, search = alpha.incidents[2], alpha.incidents[3]
    assert (charge.first, charge.last, charge.precision) == (D(2020, 3, 1), D(2020, 3, 31), "month")
    assert charge.legal_basis == ("CC-274",)
    assert search.types == ("search", "interrogation")
    assert (
        alpha.incidents[1].penalty.amount == 50000 and alpha.incidents[1].penalty.currency == "KZT"
    )
    assert alpha.incidents[4].participants == 30 and alpha.incidents[4].persons == ()
    assert alpha.incidents[5].optional and not alpha.incidents[4].optional
    assert (alpha.incidents[6].first, alpha.incidents[6].last) == (D(2019, 1, 1), D(2019, 12, 31))
    assert alpha.incidents[7].first is None and alpha.incidents[7].penalty.days == 10
    assert alpha.person("Yerlan Bekov").optional
    assert alpha.person("Arman Seitkali").forms == ("Arman Seitkali", "Seitkali")
    assert not beta.year_stated and beta.period is None


BAD_ROWS = [
    ({"type": "arrest", "date": None, "location": None, "persons": []}, "type"),
    ({"type": ["detention", "jailed"], "date": None, "location": None, "persons": []}, "type"),
    ({"type": "detention", "date": "March 2020", "location": None, "persons": []}, "date"),
    ({"type": "detention", "date": "2020-13", "location": None, "persons": []}, "date"),
    (
        {"type": "detention", "date": None, "location": None, "persons": [], "where": "x"},
        "unknown keys",
    ),
    (
        {"type": "detention", "date": None, "location": None, "persons": ["Nobody Known"]},
        "not listed",
    ),
    ({"type": "detention", "date": None, "location": None}, "persons"),
    (
        {"type": "fine", "date": None, "location": None, "persons": [], "penalty": {"sum": 3}},
        "penalty",
    ),
    (
        {
            "type": "fine",
            "date": None,
            "location": None,
            "persons": [],
            "legal_basis": ["art. 274"],
        },
        "legal_basis",
    ),
    (
        {"type": "fine", "date": None, "location": None, "persons": [], "optional": "yes"},
        "optional",
    ),
]


@pytest.mark.parametrize("row, message", BAD_ROWS)
def test_malformed_gold_rows_are_rejected_with_the_row_named(row, message):
    doc = {"report": "x.txt", "incidents": [row], "persons": [{"name": "Arman Seitkali"}]}
    with pytest.raises(GoldFormatError, match=message) as err:
        parse_gold(doc, source="x.yaml")
    assert "x.yaml: incidents[0]" in str(err.value)


def test_gold_without_report_or_with_unknown_top_key_is_rejected():
    with pytest.raises(GoldFormatError, match="report"):
        parse_gold({"incidents": [], "persons": []})
    with pytest.raises(GoldFormatError, match="unknown keys"):
        parse_gold({"report": "x.txt", "incidents": [], "persons": [], "region": "Almaty"})


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="no shared gold folder")
def test_every_shared_gold_file_loads():
    paths = sorted((SHARED / "gold").glob("*.yaml"))
    assert paths
    for path in paths:
        gold = load_gold(path)
        assert gold.report and gold.incidents


# ---------------------------------------------------------------------------- incident scores


def test_perfect_prediction_scores_one(alpha):
    s = score(alpha, perfect())
    assert (s.tp, s.fp, s.fn) == (6, 0, 0)
    assert s.incidents.precision == s.incidents.recall == s.incidents.f1 == 1.0
    assert (s.person_tp, s.person_fp, s.person_fn) == (2, 0, 0)  # the optional person is not needed
    assert (s.location.correct, s.location.total) == (6, 6)
    assert (s.exact_day.correct, s.exact_day.total) == (4, 4)
    assert (s.legal_basis.value, s.penalty.value, s.participants.value) == (1.0, 1.0, 1.0)
    assert s.penalty.total == 2 and not s.missed and not s.false_positives


def test_wrong_type_is_a_miss_and_a_false_positive(alpha):
    s = score(alpha, with_row(perfect(), "I0", event_type="search"))
    assert (s.tp, s.fp, s.fn) == (5, 1, 1)
    assert s.missed[0].types == ("detention",)
    assert s.false_positives[0]["incident_id"] == "I0"
    assert s.false_positives[0]["targets"] == ["Arman Seitkali"]


def test_explain_names_causes_and_the_types_confused(alpha):
    from pipelines.core.evaluate import format_explain

    s = score(alpha, with_row(perfect(), "I0", event_type="search"))  # the detention typed as a search
    assert s.missed_causes == ["wrong type"] and s.false_causes == ["wrong type"]
    assert s.type_confusions == [("detention", "search", "miss", False), ("detention", "search", "false", False)]
    text = format_explain(Scores(reports=[s]))
    assert "wrong type                 1       1" in text
    assert "detention                        search                 false  no                 1" in text


def test_explain_tells_how_the_dates_of_wrong_day_misses_differ(alpha):
    from pipelines.core.evaluate import format_explain

    # the 10 March detention dated as the whole month before (a month that holds the day matches)
    # then twenty days late
    month = score(alpha, with_row(perfect(), "I0", event_date=D(2020, 2, 1), event_date_end=D(2020, 2, 29)))
    late = score(alpha, with_row(perfect(), "I0", event_date=D(2020, 3, 30), event_date_end=D(2020, 3, 30)))
    # (the cause of each miss is "wrong type": the fine of that day is the first near row)
    assert month.day_misses == [("predicted a span of 28+ days", "day", False, "-")]
    late = score(alpha, with_row(perfect(), "I0", event_date=D(2020, 3, 30), event_date_end=D(2020, 3, 30),
                                 date_basis="the last date told in the paragraph: counted from “two days later”"))
    assert late.day_misses == [("predicted 4-31 days later", "day", False,
                                "the last date told in the paragraph: counted from “…”")]
    text = format_explain(Scores(reports=[month, late]))
    assert "predicted a span of 28+ days       day             no        -" in text


def test_any_acceptable_type_of_a_list_matches(alpha):
    s = score(alpha, with_row(perfect(), "I3", event_type="interrogation"))
    assert (s.tp, s.fp, s.fn) == (6, 0, 0)


def test_optional_rows_count_neither_way(alpha):
    extra = [
        inc("I5", "detention", D(2020, 3, 20), loc="Aktobe"),
        inc("I6", "harassment", D(2019, 5, 1), targets=["P2"]),
    ]
    s = score(alpha, perfect() + extra)
    assert (s.tp, s.fp, s.fn) == (6, 0, 0)
    assert s.optional_matched == 2
    assert {p.incident_id for p in s.pairs if p.optional} == {"I5", "I6"}


def test_required_rows_are_preferred_over_optional_ones():
    doc = {
        "report": "x.txt",
        "persons": [],
        "incidents": [
            {
                "type": "detention",
                "date": D(2020, 3, 20),
                "location": "Aktobe",
                "persons": [],
                "optional": True,
            },
            {"type": "detention", "date": D(2020, 3, 20), "location": "Aktobe", "persons": []},
        ],
    }
    gold = parse_gold(doc)
    one = score(gold, [inc("I1", "detention", D(2020, 3, 20), loc="Aktobe")], [])
    assert (one.tp, one.fp, one.fn, one.optional_matched) == (1, 0, 0, 0)
    two = score(
        gold,
        [
            inc("I1", "detention", D(2020, 3, 20), loc="Aktobe"),
            inc("I2", "detention", D(2020, 3, 21), loc="Aktobe"),
        ],
        [],
    )
    assert (two.tp, two.fp, two.fn, two.optional_matched) == (1, 0, 0, 1)


def test_two_predictions_for_one_gold_row_give_one_tp_and_one_fp(alpha):
    dup = inc("I0b", "detention", D(2020, 3, 10), loc="Almaty", targets=["P1"])
    s = score(alpha, perfect() + [dup])
    assert (s.tp, s.fp, s.fn) == (6, 1, 0)


def test_matching_is_maximal_not_first_come():
    # The first prediction fits both gold rows, the second only the first row: a greedy
    # assignment in order would leave the second row unmatched.
    doc = {
        "report": "x.txt",
        "persons": [{"name": "Arman Seitkali"}],
        "incidents": [
            {
                "type": "detention",
                "date": "2020-03",
                "location": None,
                "persons": ["Arman Seitkali"],
            },
            {
                "type": "detention",
                "date": D(2020, 3, 10),
                "location": None,
                "persons": ["Arman Seitkali"],
            },
        ],
    }
    preds = [
        inc("I1", "detention", D(2020, 3, 10), targets=["P1"]),
        inc("I2", "detention", D(2020, 3, 25), targets=["P1"]),
    ]
    s = score(parse_gold(doc), preds)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


@pytest.mark.parametrize(
    "shift, matches", [(-5, False), (-4, False), (-3, True), (0, True), (3, True), (5, False)]
)
def test_date_tolerance_is_three_days(alpha, shift, matches):
    day = D(2020, 3, 10) + dt.timedelta(days=shift)
    s = score(alpha, with_row(perfect(), "I0", event_date=day, event_date_end=day))
    assert (s.tp, s.fp, s.fn) == ((6, 0, 0) if matches else (5, 1, 1))


@pytest.mark.parametrize(
    "first, last, matches",
    [
        (D(2020, 3, 1), D(2020, 3, 31), True),  # month for a day
        (D(2020, 3, 1), D(2020, 3, 10), True),  # early March
        (D(2020, 2, 1), D(2020, 2, 29), False),  # the wrong month
        (D(2020, 1, 1), D(2020, 12, 31), False),  # year for a day: too vague
        (None, None, False),  # undated for a day
    ],
)
def test_vaguer_predictions_against_a_day(alpha, first, last, matches):
    s = score(alpha, with_row(perfect(), "I0", event_date=first, event_date_end=last))
    assert (s.tp, s.fn) == ((6, 0) if matches else (5, 1))
    if matches:
        assert (s.exact_day.correct, s.exact_day.total) == (3, 4)


def _gold_row(date) -> GoldIncident:
    doc = {
        "report": "x.txt",
        "persons": [],
        "incidents": [{"type": "protest", "date": date, "location": None, "persons": []}],
    }
    return parse_gold(doc).incidents[0]


@pytest.mark.parametrize(
    "gold_date, first, last, matches",
    [
        (None, D(2020, 3, 10), None, True),  # undated gold: any date
        (None, None, None, True),  # undated gold: or none
        (2020, None, None, True),  # undated prediction: fits a year
        ("2020-03", None, None, False),  # ... but not a month
        (D(2020, 3, 10), None, None, False),  # ... nor a day
        (2020, D(2020, 1, 1), D(2020, 12, 31), True),  # year for year
        ("2020-03", D(2020, 1, 1), D(2020, 12, 31), False),  # year for month: too vague
        ("2020-03", D(2020, 3, 31), None, True),  # a day inside the month
        ("2020-03", D(2020, 4, 3), None, True),  # three days after it
        ("2020-03", D(2020, 4, 5), None, False),
    ],
)
def test_dates_match_rules(gold_date, first, last, matches):
    assert dates_match(_gold_row(gold_date), first, last) is matches


@pytest.mark.parametrize(
    "first, year_stated, matches",
    [
        (D(2023, 3, 10), False, True),
        (D(2023, 3, 12), False, True),
        (D(2023, 3, 15), False, False),
        (D(2023, 3, 10), True, False),
        (D(2020, 3, 10), True, True),
    ],
)
def test_year_stated_false_compares_month_and_day(beta, first, year_stated, matches):
    gold = dataclasses.replace(beta, year_stated=year_stated)
    preds = [
        inc("I1", "detention", first, loc="Bishkek", targets=["P9"]),
        inc("I2", "protest", D(2020, 6, 1), D(2020, 6, 30), loc="Osh"),
    ]
    s = score(gold, preds, [("P9", "Aida Tursunova", [])])
    assert (s.tp, s.fn) == ((2, 0) if matches else (1, 1))
    assert s.exact_day.correct == int(first.month == 3 and first.day == 10 and matches)


def test_year_stated_false_wraps_around_new_year():
    row = _gold_row(D(2020, 1, 1))
    assert dates_match(row, D(2024, 12, 30), None, year_stated=False)
    assert not dates_match(row, D(2024, 12, 30), None, year_stated=True)


@pytest.mark.parametrize(
    "loc, targets, matches",
    [
        ("Aktobe", [], True),
        ("aktobe", [], True),  # places compare case-insensitively
        (None, [], True),  # a place on one side only does not block
        ("Almaty", [], False),
        ("Aktobe", ["P1"], False),  # a named target never fits an unnamed gold row
    ],
)
def test_unnamed_gold_rows_match_by_place(alpha, loc, targets, matches):
    s = score(alpha, with_row(perfect(), "I4", location=loc, _targets=targets))
    assert (s.tp, s.fn) == ((6, 0) if matches else (5, 1))
    if matches:
        assert s.location.correct == 6 - (loc is None)


def test_named_gold_row_needs_a_shared_target(alpha):
    s = score(alpha, with_row(perfect(), "I0", _targets=["P2"]))
    assert (s.tp, s.fp, s.fn) == (5, 1, 1)
    s = score(alpha, with_row(perfect(), "I0", _targets=["P2", "P1"]))
    assert (s.tp, s.fp, s.fn) == (6, 0, 0)


def test_only_target_role_counts_as_target(alpha):
    inc_df, ip_df, p_df = frames(perfect(), PERSONS)
    ip_df.loc[ip_df["incident_id"] == "I0", "role"] = "other"
    s = score_report(alpha, inc_df, ip_df, p_df)
    assert (s.tp, s.fn) == (5, 1)


@pytest.mark.parametrize(
    "changes, field, ok",
    [
        ({"location": "Astana"}, "location", False),
        ({"legal_basis": ["CC-274", "CC-174"]}, "legal_basis", False),
        ({"penalty_amount": 5000.0}, "penalty", False),
        ({"penalty_currency": None}, "penalty", False),
    ],
)
def test_attribute_accuracies_on_matched_rows(alpha, changes, field, ok):
    iid = {"location": "I0", "legal_basis": "I2", "penalty": "I1"}[field]
    s = score(alpha, with_row(perfect(), iid, **changes))
    assert s.tp == 6
    ratio = getattr(s, field)
    assert ratio.correct == ratio.total - 1


# ------------------------------------------------------------------------------- persons


@pytest.mark.parametrize(
    "name, aliases, matches",
    [
        ("Seitkali", [], True),  # a gold form
        ("A. Seitkali", ["Arman Seitkali"], True),  # an alias
        ("A. Seitkali", "X. Y.|Seitkali", True),  # aliases as a CSV cell
        ("arman   SEITKALI", [], True),  # case and spaces
        ("Árman Seitkalí", [], True),  # diacritics
        ("Арман Сеиткали", [], True),  # Cyrillic, romanised
        ("Arman Seitqali", [], False),  # another romanisation is not a form
        ("Arman Seitkaliev", [], False),
    ],
)
def test_person_matching_by_forms_and_aliases(alpha, name, aliases, matches):
    s = score(alpha, perfect(), [("P1", name, aliases), ("P2", "Dina Omarova", [])])
    assert (s.person_tp, s.person_fp, s.person_fn) == ((2, 0, 0) if matches else (1, 1, 1))
    assert (s.tp == 6) is matches  # the targets of Arman Seitkali's incidents follow the person
    assert ("Arman Seitkali" in s.person_matches) is matches


def test_curly_quotes_normalise():
    assert name_key("Nurlan Sa\u2019dullaev") == name_key("nurlan sa'dullaev")
    assert name_key("  Dina\tOmarova ") == "dina omarova"


def test_duplicate_predicted_person_is_spurious_but_still_a_target(alpha):
    persons = PERSONS + [("P3", "Seitkali", [])]
    s = score(alpha, with_row(perfect(), "I0", _targets=["P3"]), persons)
    assert (s.person_tp, s.person_fp, s.person_fn) == (2, 1, 0)
    assert s.spurious_persons == ["Seitkali"]
    assert s.tp == 6


def test_optional_gold_person_counts_neither_way(alpha):
    s = score(alpha, perfect(), PERSONS + [("P4", "Yerlan Bekov", [])])
    assert (s.person_tp, s.person_fp, s.person_fn) == (2, 0, 0)
    assert s.person_matches["Yerlan Bekov"] == "P4"


# ------------------------------------------------------------------------------- releases


def _release() -> dict[str, pd.DataFrame]:
    """Three reports of the links fixtures plus one with no gold; Arman Seitkali split in r3."""
    reports = pd.DataFrame(
        {
            "report_id": ["a" * 16, "b" * 16, "c" * 16, "d" * 16],
            "source_file": [
                "sources/reports/r1.txt",
                "sources/reports/r2.txt",
                "sources/reports/r3.txt",
                "sources/reports/r4.txt",
            ],
            "sha256": ["a" * 64, "b" * 64, "c" * 64, "d" * 64],
        }
    )
    rows = [
        inc(
            "I1", "detention", D(2021, 5, 4), loc="Almaty", targets=["P1", "P2"], report_id="a" * 16
        ),
        inc("I2", "fine", D(2021, 5, 6), loc="Almaty", targets=["P1"], report_id="b" * 16),
        inc(
            "I3",
            "criminal_charge",
            D(2021, 6, 1),
            D(2021, 6, 30),
            targets=["P3"],
            report_id="c" * 16,
        ),
        inc("I4", "protest", D(2021, 7, 1), loc="Almaty", report_id="d" * 16),
    ]
    persons = [
        ("P1", "Arman Seitkali", ["Arman Seitqali", "Seitqali"]),
        ("P2", "Dina Omarova", []),
        ("P3", "Arman Seitkali", []),
    ]
    incidents, incident_persons, persons_df = frames(rows, persons)
    mentions = pd.DataFrame(
        {
            "report_id": ["a" * 16, "a" * 16, "b" * 16, "b" * 16, "c" * 16],
            "person_id": ["P1", "P2", "P1", "P2", "P3"],
        }
    )
    return {
        "reports": reports,
        "incidents": incidents,
        "incident_persons": incident_persons,
        "persons": persons_df,
        "person_mentions": mentions,
    }


LINK_GOLD = [FIXTURES / f"links_r{i}.yaml" for i in (1, 2, 3)]


def test_score_release_micro_averages_and_links():
    scores = score_release(_release(), LINK_GOLD + [FIXTURES / "alpha.yaml"])
    assert [r.report for r in scores.reports] == ["r1.txt", "r2.txt", "r3.txt"]
    assert scores.unmatched_gold == ["alpha.txt"]
    assert (scores.incidents.tp, scores.incidents.fp, scores.incidents.fn) == (3, 0, 0)
    # Dina Omarova is named in r2 but nowhere a target there: found as a person, not an incident.
    assert (scores.persons.tp, scores.persons.fp, scores.persons.fn) == (5, 0, 0)
    assert scores.reports[1].person_matches == {"Arman Seitkali": "P1", "Dina Omarova": "P2"}
    # links: r1-r2 for both people are found; r3's split Seitkali misses two links.
    assert (scores.links.counts.tp, scores.links.counts.fp, scores.links.counts.fn) == (2, 0, 2)
    assert scores.links.precision == 1.0 and scores.links.recall == 0.5


def test_cross_report_links_precision_and_recall():
    golds = [load_gold(p) for p in LINK_GOLD]
    mapping = {
        ("r1.txt", "Arman Seitkali"): "P1",
        ("r1.txt", "Dina Omarova"): "P2",
        ("r2.txt", "Arman Seitkali"): "P1",
        ("r2.txt", "Dina Omarova"): "P1",  # wrong merge
        ("r3.txt", "Arman Seitkali"): "P3",
    }  # missed link
    links = cross_report_links(golds, mapping)
    assert links.entities == 5
    assert (links.counts.tp, links.counts.fp, links.counts.fn) == (1, 1, 3)
    assert links.precision == 0.5 and links.recall == 0.25


@pytest.mark.parametrize(
    "source_file, gold_report",
    [
        ("sources/reports/r1.txt", "r1.txt"),
        ("sources/reports/r1.html", "r1.txt"),  # same stem, another format
        ("sources/reports/renamed.pdf", "000_" + "e" * 16 + ".txt"),  # by the digest in the name
    ],
)
def test_gold_is_mapped_to_its_report(source_file, gold_report):
    release = _release()
    release["reports"].loc[0, ["source_file", "sha256"]] = [source_file, "e" * 64]
    doc = yaml.safe_load((FIXTURES / "links_r1.yaml").read_text())
    gold = parse_gold({**doc, "report": gold_report})
    scores = score_release(release, [gold])
    assert [r.report_id for r in scores.reports] == ["a" * 16]
    assert scores.incidents.tp == 1 and not scores.unmatched_gold


def test_release_folder_scores_like_tables(tmp_path):
    tables = _release()
    for name, df in tables.items():
        df.to_parquet(tmp_path / f"{name}.parquet", index=False)
    from_dir = scores_to_dict(score_release(tmp_path, FIXTURES))
    from_tables = scores_to_dict(score_release(tables, FIXTURES))
    assert from_dir == from_tables
    assert from_dir["unmatched_gold"] == ["alpha.txt", "beta.html"]


def test_scores_to_dict_rounds_and_orders_keys():
    report = ReportScore(report="x.txt", incidents=Counts(tp=1, fp=2, fn=0))
    d = scores_to_dict(Scores(reports=[report], links=LinkScore()))
    assert list(d) == [
        "n_reports",
        "incidents",
        "persons",
        "location_accuracy",
        "exact_day_accuracy",
        "legal_basis_accuracy",
        "penalty_accuracy",
        "participants_accuracy",
        "cross_report_links",
        "reports",
        "unmatched_gold",
    ]
    assert d["incidents"]["precision"] == 0.3333 and d["incidents"]["f1"] == 0.5
    assert d["persons"]["precision"] is None
    assert json.dumps(d) == json.dumps(scores_to_dict(Scores(reports=[report])))


def test_format_scores_lists_reports_totals_and_details(alpha):
    report = score(alpha, with_row(perfect(), "I0", event_type="search"))
    text = format_scores(Scores(reports=[report]), details=True)
    assert "alpha.txt" in text and "all (micro)" in text
    assert "missed: detention 2020-03-10 Almaty Arman Seitkali" in text
    assert "spurious: I0 search 2020-03-10" in text


# ------------------------------------------------------------ round trip over the shared gold


def _prediction_from_gold(gold: Gold) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    pid = {p.name: f"P{i}" for i, p in enumerate(gold.persons)}
    rows = [
        inc(
            f"I{i}",
            row.types[0],
            row.first,
            row.last,
            loc=row.location,
            targets=[pid[n] for n in row.persons],
        )
        for i, row in enumerate(gold.incidents)
        if not row.optional
    ]
    persons = [(pid[p.name], p.name, list(p.forms)) for p in gold.persons if not p.optional]
    return frames(rows, persons)


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="no shared gold folder")
@pytest.mark.parametrize(
    "path",
    sorted((SHARED / "gold").glob("*.yaml")) if (SHARED / "gold").exists() else [],
    ids=lambda p: p.stem,
)
def test_prediction_copied_from_gold_scores_one(path):
    gold = load_gold(path)
    s = score_report(gold, *_prediction_from_gold(gold))
    required = sum(not r.optional for r in gold.incidents)
    assert (s.tp, s.fp, s.fn) == (required, 0, 0)
    assert s.person_fp == s.person_fn == 0


def test_documented_example_is_a_valid_gold_file():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "GOLD_FORMAT.md").read_text()
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    gold = parse_gold(yaml.safe_load(block), source="GOLD_FORMAT.md")
    assert gold.incidents[1].types == ("search", "interrogation") and not gold.year_stated


def test_explain_lists_matched_rows_placed_wrongly(alpha):
    from pipelines.core.evaluate import format_explain

    # with no person the place must agree to match; a named row matches on its people and
    # date, and its wrong place counts only against location accuracy: --explain must show it
    s = score(alpha, with_row(perfect(), "I0", location=None))
    assert (s.tp, s.fp, s.fn) == (6, 0, 0)
    assert [(row.types, place) for row, place in s.place_misses] == [(("detention",), None)]
    assert "  place  matched, placed at -: detention 2020-03-10 Almaty Arman Seitkali" in format_explain(Scores(reports=[s]))
    assert score(alpha, perfect()).place_misses == []

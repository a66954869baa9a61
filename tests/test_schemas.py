"""The pandera models say what the codebook says: good rows pass, each kind of bad row fails."""

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pytest

from pipelines.release.checks import validate_table
from schemas import TABLES


def good_incident(**over) -> dict:
    row = {
        "incident_id": "I0123456789ab", "report_id": "0123456789abcdef", "event_type": "detention",
        "right": "peaceful_assembly", "event_date": dt.date(2019, 6, 12), "event_date_end": dt.date(2019, 6, 12),
        "date_precision": "day", "in_period": True, "country": "KZ", "location": "Almaty", "admin1": "Almaty",
        "latitude": 43.25, "longitude": 76.92, "geo_precision": "city", "perpetrator": "police",
        "target_group": None, "participants": None, "legal_basis": ["AC-488"], "penalty_amount": None,
        "penalty_currency": None, "penalty_days": None, "summary": "Activist detained in Almaty.",
        "evidence": "Police detained her.", "evidence_start": 10, "evidence_end": 30, "evidence_more": ["50-70"],
        "method": "rules-0.1",
        "confidence": 0.8,
    }
    row.update(over)
    return row


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLES["incidents"].columns)


def test_good_incident_passes():
    assert validate_table(TABLES["incidents"], frame([good_incident()])).passed


@pytest.mark.parametrize(
    "change",
    [
        {"event_type": "arrested"},
        {"right": "speech"},
        {"date_precision": "week"},
        {"legal_basis": ["Article 274"]},
        {"evidence_more": ["50..70"]},
        {"evidence_more": None},
        {"evidence_end": 31},
        {"event_date_end": dt.date(2019, 6, 1)},
        {"incident_id": "X1"},
        {"country": "Kazakhstan"},
        {"confidence": 1.5},
        {"geo_precision": "street"},
        {"event_date": dt.datetime(2019, 6, 12, 10, 0)},
    ],
)
def test_each_violation_fails_with_failure_cases(change):
    second = good_incident(incident_id="I0123456789ac")
    second.update(change)
    result = validate_table(TABLES["incidents"], frame([good_incident(), second]))
    assert not result.passed
    assert result.metadata["failing_cases"].value >= 1


def test_extra_column_is_refused():
    df = frame([good_incident()]).assign(extra=1)
    with pytest.raises(pa.errors.SchemaErrors):
        TABLES["incidents"].model.validate(df, lazy=True)


def test_person_lists_must_be_lists_of_strings():
    spec = TABLES["persons"]
    row = {"person_id": "P0123456789", "name": "Aigul Nurova", "aliases": ["Nurova"], "roles": ["activist"],
           "first_seen": dt.date(2020, 1, 1), "last_seen": dt.date(2020, 2, 1), "n_reports": 1, "n_incidents": 0}
    assert validate_table(spec, pd.DataFrame([row], columns=spec.columns)).passed
    bad = dict(row, person_id="P0123456780", aliases="Nurova")
    assert not validate_table(spec, pd.DataFrame([row, bad], columns=spec.columns)).passed


def test_every_table_has_its_key_columns():
    for spec in TABLES.values():
        assert set(spec.key) <= set(spec.columns)


@pytest.mark.parametrize("rows", [
    [],  # a release whose reports hold no incident at all
    [{"event_date": None, "event_date_end": None, "date_precision": "unknown"}],  # only undated rows
])
def test_incidents_without_any_two_ended_span_pass(rows):
    built = [good_incident(incident_id=f"I0123456789{i:02x}", **r) for i, r in enumerate(rows)]
    assert validate_table(TABLES["incidents"], frame(built)).passed

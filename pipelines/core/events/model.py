"""The row an extractor hands over: one incident of the codebook, before ids and persons are global.

Belongs here: the Incident dataclass (fields of the codebook's incidents table, plus the local
person ids of its targets and the phrases its date and place came from) and the stable id of an
incident. Nothing here reads text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from schemas.vocab import EVENT_TYPES  # noqa: F401  (re-exported: the codebook's types)

METHOD = "parse-1.0"
# the rows a court decides (their dates are the court session's when the text tells no other)
COURT_ROW_TYPES = frozenset({"prison_sentence", "restricted_freedom", "administrative_arrest", "fine", "court_ruling",
                             "charges_dropped"})


@dataclass
class Incident:
    event_type: str
    right: str | None
    event_date: date | None
    event_date_end: date | None
    date_precision: str
    in_period: bool | None
    country: str | None
    location: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    perpetrator: str | None
    target_group: str | None
    participants: int | None
    legal_basis: list[str]
    penalty_amount: Decimal | None
    penalty_currency: str | None
    penalty_days: int | None
    summary: str
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    targets: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)
    others: list[tuple[str, str]] = field(default_factory=list)
    date_phrase: str | None = None  # the words the date came from ("On 5 March")
    date_basis: str | None = None  # why it is that day ("year 2021 from the report's period")
    location_phrase: str | None = None  # the words the place came from
    evidence_more: list[str] = field(default_factory=list)  # "start-end" of later tellings of the same text
    method: str = METHOD


def incident_key(report_id: str, inc: Incident) -> str:
    """Stable id: the same evidence, type, people, date, place and penalty give the same id in
    every build (one sentence can hold one incident per place or per penalty)."""
    parts = [
        report_id,
        inc.event_type,
        inc.evidence,
        "|".join(sorted(inc.target_names)),
        inc.event_date.isoformat() if inc.event_date else "",
        inc.location or "",
        str(inc.penalty_days or ""),
    ]
    return "I" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]

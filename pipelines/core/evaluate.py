"""Scoring a release against hand-coded gold annotation files.

Belongs here: reading and validating gold YAML files (format: docs/GOLD_FORMAT.md), matching
predicted incidents and persons one-to-one to gold rows, the metrics (incident precision /
recall / F1, person precision / recall, attribute accuracies on matched rows, cross-report person
link precision / recall), and their renderings as a text table and as a dict for datapackage.json.
Not here: building or writing the release (core.release) and the command line (cli.py).

The frames handed in are release tables as CODEBOOK.md defines them; Parquet and CSV encodings of
the same table (list columns as arrays or '|'-joined strings, dates as dates, timestamps or ISO
strings) score the same.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from anyascii import anyascii

from schemas.vocab import EVENT_TYPES

# A predicted span may start or end this many days beside the gold span and still overlap it:
# reports date the same event by its day or by the day it was reported.
DATE_TOLERANCE_DAYS = 3
# A predicted span may be at most this many days longer than the gold span: a month for a day
# is an acceptable guess, a year for a day is not.
MAX_EXTRA_SPAN_DAYS = 31
PRECISIONS = ("day", "month", "year")
TABLE_NAMES = ("reports", "incidents", "persons", "incident_persons", "person_mentions")
# The release columns the scorer reads, per table. They are the contract's names (schemas/;
# tests/test_contract.py checks them), and a release lacking one is refused with its name
# rather than scored as if every value were missing.
COLUMNS_USED: dict[str, tuple[str, ...]] = {
    "reports": ("report_id", "source_file", "sha256"),
    "incidents": ("incident_id", "report_id", "event_type", "event_date", "event_date_end",
                  "location", "legal_basis", "penalty_amount", "penalty_currency", "penalty_days",
                  "participants"),
    "incident_persons": ("incident_id", "person_id"),  # `role` is read when present
    "persons": ("person_id", "name", "aliases"),
    "person_mentions": ("report_id", "person_id"),
}

TOP_KEYS = {"report", "country", "period", "year_stated", "incidents", "persons", "sha256"}
INCIDENT_KEYS = {
    "type",
    "date",
    "location",
    "persons",
    "optional",
    "legal_basis",
    "penalty",
    "participants",
    "note",
    "year_stated",
}
PERSON_KEYS = {"name", "forms", "roles", "optional", "note"}
PENALTY_KEYS = {"amount", "currency", "days"}
# An article keeps its sub-numbers, joined by hyphens: CC-274, AC-460-1, CC-137-1 (CODEBOOK.md).
LEGAL_CODE = re.compile(r"[A-Z]{2,4}-[0-9]+(?:-[0-9]+)*")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u02bc": "'",
        "`": "'",
    }
)


class GoldFormatError(ValueError):
    """A gold file that does not follow the documented format (the message names file and row)."""


# --------------------------------------------------------------------------------------------
# Gold files


@dataclass(frozen=True)
class Penalty:
    amount: float | None = None
    currency: str | None = None
    days: int | None = None


@dataclass(frozen=True)
class GoldPerson:
    name: str
    forms: tuple[str, ...]
    roles: tuple[str, ...] = ()
    optional: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(name_key(f) for f in (self.name, *self.forms))


@dataclass(frozen=True)
class GoldIncident:
    types: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None
    precision: str | None
    location: str | None
    persons: tuple[str, ...]
    optional: bool = False
    legal_basis: tuple[str, ...] | None = None
    penalty: Penalty | None = None
    participants: int | None = None
    note: str | None = None
    # None: the file's `year_stated` holds for this row; False: the text gives no year for it.
    year_stated: bool | None = None

    def describe(self) -> str:
        when = (
            "undated" if self.first is None else _span_label(self.first, self.last, self.precision)
        )
        who = ", ".join(self.persons) or "(unnamed)"
        where = self.location or "-"
        return f"{'/'.join(self.types)} {when} {where} {who}" + (
            f" -- {self.note}" if self.note else ""
        )


@dataclass(frozen=True)
class Gold:
    report: str
    country: str | None
    period: tuple[dt.date | None, dt.date | None] | None
    year_stated: bool
    incidents: tuple[GoldIncident, ...]
    persons: tuple[GoldPerson, ...]
    path: str | None = None
    sha256: str | None = None

    def person(self, name: str) -> GoldPerson:
        for p in self.persons:
            if p.name == name:
                return p
        raise KeyError(name)


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold file; raises GoldFormatError on any structural surprise."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldFormatError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_gold(doc, source=path.name, path=str(path))


def parse_gold(doc: object, source: str = "<gold>", path: str | None = None) -> Gold:
    """Validate an already-parsed gold document (the YAML mapping)."""
    if not isinstance(doc, dict):
        raise GoldFormatError(f"{source}: top level must be a mapping")
    _no_unknown(doc, TOP_KEYS, source)
    report = doc.get("report")
    if not isinstance(report, str) or not report.strip():
        raise GoldFormatError(f"{source}: `report` (the report's file name) is required")
    country = doc.get("country")
    if country is not None and not (
        isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)
    ):
        raise GoldFormatError(f"{source}: country must be an ISO 3166-1 alpha-2 code or null")
    year_stated = doc.get("year_stated", True)
    if not isinstance(year_stated, bool):
        raise GoldFormatError(f"{source}: year_stated must be true or false")
    sha = doc.get("sha256")
    if sha is not None and not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{16,64}", sha)):
        raise GoldFormatError(f"{source}: sha256 must be a lowercase hex digest (or its prefix)")
    persons = tuple(
        _parse_person(p, f"{source}: persons[{i}]")
        for i, p in enumerate(_list(doc.get("persons"), f"{source}: persons"))
    )
    names = [p.name for p in persons]
    if len(set(names)) != len(names):
        raise GoldFormatError(f"{source}: a person name is listed twice in persons")
    incidents = tuple(
        _parse_incident(r, f"{source}: incidents[{i}]", set(names))
        for i, r in enumerate(_list(doc.get("incidents"), f"{source}: incidents"))
    )
    return Gold(
        report=report.strip(),
        country=country,
        period=_parse_period(doc.get("period"), source),
        year_stated=year_stated,
        incidents=incidents,
        persons=persons,
        path=path,
        sha256=sha,
    )


def parse_gold_date(value: object) -> tuple[dt.date | None, dt.date | None, str | None]:
    """A gold `date` (YYYY-MM-DD, YYYY-MM, YYYY or null) -> (first day, last day, precision)."""
    if value is None:
        return None, None, None
    if isinstance(value, dt.datetime):
        raise ValueError("a date, not a timestamp")
    if isinstance(value, dt.date):
        return value, value, "day"
    text = (
        str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    )
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "day"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        first = dt.date(year, month, 1)
        return first, _month_end(year, month), "month"
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31), "year"
    raise ValueError(f"date must be YYYY-MM-DD, YYYY-MM, YYYY or null, not {value!r}")


def _parse_person(entry: object, where: str) -> GoldPerson:
    if not isinstance(entry, dict):
        raise GoldFormatError(f"{where}: must be a mapping")
    _no_unknown(entry, PERSON_KEYS, where)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GoldFormatError(f"{where}: name is required")
    forms = _strings(entry.get("forms", [name]), f"{where}: forms")
    roles = _strings(entry.get("roles", []), f"{where}: roles")
    return GoldPerson(
        name=name.strip(),
        forms=forms or (name.strip(),),
        roles=roles,
        optional=_bool(entry.get("optional", False), f"{where}: optional"),
    )


def _parse_incident(entry: object, where: str, person_names: set[str]) -> GoldIncident:
    if not isinstance(entry, dict):
        raise GoldFormatError(f"{where}: must be a mapping")
    _no_unknown(entry, INCIDENT_KEYS, where)
    for key in ("type", "date", "location", "persons"):
        if key not in entry:
            raise GoldFormatError(
                f"{where}: `{key}` is required (null or [] when the text gives none)"
            )
    raw_types = entry["type"]
    types = (raw_types,) if isinstance(raw_types, str) else _strings(raw_types, f"{where}: type")
    if not types or any(t not in EVENT_TYPES for t in types):
        raise GoldFormatError(
            f"{where}: type must be one or more of the codebook types, not {raw_types!r}"
        )
    try:
        first, last, precision = parse_gold_date(entry["date"])
    except ValueError as exc:
        raise GoldFormatError(f"{where}: bad date {entry['date']!r}: {exc}") from exc
    location = entry["location"]
    if location is not None and (not isinstance(location, str) or not location.strip()):
        raise GoldFormatError(f"{where}: location must be a place name or null")
    persons = _strings(entry["persons"], f"{where}: persons")
    unknown = [p for p in persons if p not in person_names]
    if unknown:
        raise GoldFormatError(f"{where}: persons {unknown} are not listed under persons by `name`")
    legal = entry.get("legal_basis")
    if legal is not None:
        legal = _strings(legal, f"{where}: legal_basis")
        if not all(LEGAL_CODE.fullmatch(code) for code in legal):
            raise GoldFormatError(f"{where}: legal_basis codes look like CC-274, AC-488 or CC-137-1")
    participants = entry.get("participants")
    if participants is not None and (
        isinstance(participants, bool) or not isinstance(participants, int) or participants < 1
    ):
        raise GoldFormatError(f"{where}: participants must be a positive whole number")
    note = entry.get("note")
    return GoldIncident(
        types=types,
        first=first,
        last=last,
        precision=precision,
        location=location.strip() if location else None,
        persons=persons,
        optional=_bool(entry.get("optional", False), f"{where}: optional"),
        legal_basis=legal,
        penalty=_parse_penalty(entry.get("penalty"), where),
        participants=participants,
        note=None if note is None else str(note),
        year_stated=(None if entry.get("year_stated") is None
                     else _bool(entry.get("year_stated"), f"{where}: year_stated")),
    )


def _parse_penalty(value: object, where: str) -> Penalty | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not value or set(value) - PENALTY_KEYS:
        raise GoldFormatError(f"{where}: penalty is a mapping of amount, currency, days")
    amount, currency, days = value.get("amount"), value.get("currency"), value.get("days")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float))):
        raise GoldFormatError(f"{where}: penalty amount must be a number")
    if currency is not None and not (
        isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)
    ):
        raise GoldFormatError(f"{where}: penalty currency must be an ISO 4217 code")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        raise GoldFormatError(f"{where}: penalty days must be a positive whole number")
    return Penalty(amount=None if amount is None else float(amount), currency=currency, days=days)


def _parse_period(value: object, source: str) -> tuple[dt.date | None, dt.date | None] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise GoldFormatError(f"{source}: period is [first day, last day] or null")
    days = []
    for v in value:
        if v is not None and (not isinstance(v, dt.date) or isinstance(v, dt.datetime)):
            raise GoldFormatError(f"{source}: period bounds must be YYYY-MM-DD dates or null")
        days.append(v)
    return days[0], days[1]


def _no_unknown(entry: dict, allowed: set[str], where: str) -> None:
    unknown = set(map(str, entry)) - allowed
    if unknown:
        raise GoldFormatError(
            f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})"
        )


def _list(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise GoldFormatError(f"{where}: must be a list")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GoldFormatError(f"{where}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise GoldFormatError(f"{where}: must be true or false")
    return value


# --------------------------------------------------------------------------------------------
# Normalisation of predicted values


def name_key(text: str) -> str:
    """The comparison key of a person or place name: ASCII, casefolded, single-spaced."""
    ascii_text = anyascii(str(text).translate(_QUOTES))
    return " ".join(ascii_text.casefold().split())


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bytes)) or not pd.api.types.is_scalar(value):
        return False
    return bool(pd.isna(value))


def _to_date(value: object) -> dt.date | None:
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10]) if value.strip() else None
    return pd.Timestamp(value).date()  # numpy.datetime64 and the like


def _as_list(value: object) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    return [str(v).strip() for v in value if not _missing(v) and str(v).strip()]


def _opt_str(value: object) -> str | None:
    return None if _missing(value) or not str(value).strip() else str(value).strip()


def _opt_num(value: object) -> float | None:
    return None if _missing(value) else float(value)


@dataclass(frozen=True)
class _Pred:
    incident_id: str
    event_type: str
    first: dt.date | None
    last: dt.date | None
    location: str | None
    targets: tuple[str, ...]  # person ids
    legal_basis: tuple[str, ...]
    penalty: Penalty
    participants: int | None
    date_basis: str | None = None  # how the extractor dated it (incidents.date_basis)


def _predictions(incidents: pd.DataFrame, incident_persons: pd.DataFrame) -> list[_Pred]:
    targets: dict[str, list[str]] = {}
    if incident_persons is not None and len(incident_persons):
        roles = (
            incident_persons["role"]
            if "role" in incident_persons
            else pd.Series("target", index=incident_persons.index)
        )
        for iid, pid, role in zip(
            incident_persons["incident_id"], incident_persons["person_id"], roles, strict=True
        ):
            if _missing(role) or str(role) == "target":
                targets.setdefault(str(iid), []).append(str(pid))
    preds = []
    for row in incidents.to_dict("records"):
        first, last = _to_date(row.get("event_date")), _to_date(row.get("event_date_end"))
        first, last = first or last, last or first
        if first and last and last < first:
            first, last = last, first
        iid = str(row.get("incident_id"))
        participants = _opt_num(row.get("participants"))
        preds.append(
            _Pred(
                incident_id=iid,
                event_type=str(row.get("event_type")),
                first=first,
                last=last,
                location=_opt_str(row.get("location")),
                targets=tuple(sorted(set(targets.get(iid, ())))),
                legal_basis=tuple(_as_list(row.get("legal_basis"))),
                penalty=Penalty(
                    amount=_opt_num(row.get("penalty_amount")),
                    currency=_opt_str(row.get("penalty_currency")),
                    days=None
                    if _missing(row.get("penalty_days"))
                    else int(row.get("penalty_days")),
                ),
                participants=None if participants is None else int(participants),
                date_basis=_opt_str(row.get("date_basis")),
            )
        )
    return preds


def _predicted_persons(persons: pd.DataFrame) -> list[tuple[str, str, frozenset[str]]]:
    """(person_id, display name, name keys) of every row of the persons frame."""
    out = []
    if persons is None:
        return out
    for row in persons.to_dict("records"):
        name = _opt_str(row.get("name")) or ""
        keys = {name_key(n) for n in [name, *_as_list(row.get("aliases"))] if n}
        out.append((str(row.get("person_id")), name, frozenset(keys)))
    return out


# --------------------------------------------------------------------------------------------
# Matching rules


def dates_match(
    gold: GoldIncident, first: dt.date | None, last: dt.date | None, year_stated: bool = True
) -> bool:
    """Does a predicted span (first, last) fit the gold row's date? Rules in docs/GOLD_FORMAT.md."""
    if gold.first is None:
        return True  # the text gives no date: any predicted date (or none) is acceptable
    if first is None:
        return (
            gold.precision == "year"
        )  # an undated prediction only fits a gold row vague to the year
    last = last or first
    if (last - first).days - (gold.last - gold.first).days > MAX_EXTRA_SPAN_DAYS:
        return False
    if year_stated:
        return _overlaps(first, last, gold.first, gold.last)
    base = gold.first.year - first.year
    return any(
        _overlaps(_shift_years(first, k), _shift_years(last, k), gold.first, gold.last)
        for k in (base - 1, base, base + 1)
    )


def _overlaps(first: dt.date, last: dt.date, gold_first: dt.date, gold_last: dt.date) -> bool:
    tol = dt.timedelta(days=DATE_TOLERANCE_DAYS)
    return first <= gold_last + tol and last >= gold_first - tol


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _who_where_match(gold: GoldIncident, pred: _Pred, pred_gold_names: set[str]) -> bool:
    if gold.persons:
        return bool(pred_gold_names & set(gold.persons))
    if pred.targets:
        return False
    return (
        gold.location is None
        or pred.location is None
        or name_key(gold.location) == name_key(pred.location)
    )


def _bipartite(candidates: dict[int, list[int]], order: Iterable[int]) -> dict[int, int]:
    """Maximum one-to-one matching by augmenting paths (Kuhn), left vertices taken in `order`.

    A left vertex once matched stays matched, so taking required gold rows first matches as many
    of them as possible and the optional rows only take what is left; candidate lists are tried
    best-first, so an uncontested row gets its best prediction.
    """
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in candidates.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in order:
        augment(left, set())
    return {left: right for right, left in owner.items()}


def _required_first(rows: Sequence[GoldIncident | GoldPerson]) -> list[int]:
    return sorted(range(len(rows)), key=lambda i: (rows[i].optional, i))


# --------------------------------------------------------------------------------------------
# Scores


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass
class Ratio:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return _ratio(self.correct, self.total)

    def add(self, ok: bool | None) -> None:
        if ok is not None:
            self.total += 1
            self.correct += bool(ok)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.correct + other.correct, self.total + other.total)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class MatchedPair:
    gold_index: int
    incident_id: str
    optional: bool
    location_ok: bool | None = None
    exact_day_ok: bool | None = None
    legal_basis_ok: bool | None = None
    penalty_ok: bool | None = None
    participants_ok: bool | None = None


@dataclass
class ReportScore:
    report: str
    report_id: str | None = None
    incidents: Counts = field(default_factory=Counts)
    optional_matched: int = 0
    pairs: list[MatchedPair] = field(default_factory=list)
    persons: Counts = field(default_factory=Counts)
    person_matches: dict[str, str] = field(default_factory=dict)  # gold name -> person_id
    location: Ratio = field(default_factory=Ratio)
    exact_day: Ratio = field(default_factory=Ratio)
    legal_basis: Ratio = field(default_factory=Ratio)
    penalty: Ratio = field(default_factory=Ratio)
    participants: Ratio = field(default_factory=Ratio)
    missed: list[GoldIncident] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    missed_persons: list[str] = field(default_factory=list)
    spurious_persons: list[str] = field(default_factory=list)
    # the cause class of each miss and of each false row, in the order of missed / false_positives
    missed_causes: list[str] = field(default_factory=list)
    false_causes: list[str] = field(default_factory=list)
    # (gold types, predicted type, "miss" | "false", whether the other side was matched elsewhere)
    # of every "wrong type" row: which types the extractor confuses, as counts (format_explain)
    type_confusions: list[tuple[str, str, str, bool]] = field(default_factory=list)
    day_misses: list[tuple[str, str, bool, str]] = field(default_factory=list)
    # (gold row, predicted place) of every matched row whose place is wrong: location accuracy
    # counts them, and no miss or false row shows them
    place_misses: list[tuple[GoldIncident, str | None]] = field(default_factory=list)

    @property
    def tp(self) -> int:
        return self.incidents.tp

    @property
    def fp(self) -> int:
        return self.incidents.fp

    @property
    def fn(self) -> int:
        return self.incidents.fn

    @property
    def person_tp(self) -> int:
        return self.persons.tp

    @property
    def person_fp(self) -> int:
        return self.persons.fp

    @property
    def person_fn(self) -> int:
        return self.persons.fn


@dataclass
class LinkScore:
    entities: int = 0
    counts: Counts = field(default_factory=Counts)

    @property
    def precision(self) -> float | None:
        return self.counts.precision

    @property
    def recall(self) -> float | None:
        return self.counts.recall


@dataclass
class Scores:
    reports: list[ReportScore]
    unmatched_gold: list[str] = field(default_factory=list)
    links: LinkScore = field(default_factory=LinkScore)

    def _sum(self, attr: str, zero):
        total = zero
        for r in self.reports:
            total = total + getattr(r, attr)
        return total

    @property
    def incidents(self) -> Counts:
        return self._sum("incidents", Counts())

    @property
    def persons(self) -> Counts:
        return self._sum("persons", Counts())

    @property
    def location(self) -> Ratio:
        return self._sum("location", Ratio())

    @property
    def exact_day(self) -> Ratio:
        return self._sum("exact_day", Ratio())

    @property
    def legal_basis(self) -> Ratio:
        return self._sum("legal_basis", Ratio())

    @property
    def penalty(self) -> Ratio:
        return self._sum("penalty", Ratio())

    @property
    def participants(self) -> Ratio:
        return self._sum("participants", Ratio())


def score_report(
    gold: Gold,
    incidents: pd.DataFrame,
    incident_persons: pd.DataFrame,
    persons: pd.DataFrame,
    report_id: str | None = None,
) -> ReportScore:
    """Score one report's predicted rows against its gold file.

    `persons` are the predicted persons of this report (every row counts for person precision);
    targets of an incident are the incident_persons rows with role 'target'.
    """
    score = ReportScore(report=gold.report, report_id=report_id)
    pred_persons = _predicted_persons(persons)
    _score_persons(gold, pred_persons, score)
    gold_names_of = _gold_names_by_person(gold, pred_persons)
    names_by_id = {pid: name for pid, name, _ in pred_persons}
    preds = _predictions(incidents, incident_persons)

    candidates: dict[int, list[int]] = {}
    for g, row in enumerate(gold.incidents):
        ranked = []
        year_stated = row.year_stated if row.year_stated is not None else gold.year_stated
        for p, pred in enumerate(preds):
            named = set().union(*(gold_names_of.get(pid, set()) for pid in pred.targets))
            if (
                pred.event_type in row.types
                and dates_match(row, pred.first, pred.last, year_stated)
                and _who_where_match(row, pred, named)
            ):
                ranked.append((_closeness(row, pred, named, year_stated), p))
        candidates[g] = [
            p for _, p in sorted(ranked, key=lambda t: (tuple(-x for x in t[0]), t[1]))
        ]
    matching = _bipartite(candidates, _required_first(gold.incidents))

    for g, row in enumerate(gold.incidents):
        if g not in matching:
            if not row.optional:
                score.incidents.fn += 1
                score.missed.append(row)
                score.missed_causes.append(_miss_cause(row, preds, gold_names_of, gold.year_stated))
            continue
        pred = preds[matching[g]]
        if row.optional:
            score.optional_matched += 1
            score.pairs.append(MatchedPair(g, pred.incident_id, optional=True))
            continue
        score.incidents.tp += 1
        year_stated = row.year_stated if row.year_stated is not None else gold.year_stated
        pair = _judge_pair(g, row, pred, year_stated)
        score.pairs.append(pair)
        score.location.add(pair.location_ok)
        if pair.location_ok is False:
            score.place_misses.append((row, pred.location))
        score.exact_day.add(pair.exact_day_ok)
        score.legal_basis.add(pair.legal_basis_ok)
        score.penalty.add(pair.penalty_ok)
        score.participants.add(pair.participants_ok)

    used = set(matching.values())
    for p, pred in enumerate(preds):
        if p not in used:
            score.incidents.fp += 1
            score.false_positives.append(_describe_pred(pred, names_by_id))
            score.false_causes.append(_false_cause(pred, gold, gold_names_of, set(matching)))
    _confusions(score, gold, preds, gold_names_of, matching)
    return score


def _confusions(score: "ReportScore", gold: Gold, preds: Sequence[_Pred], gold_names_of: Mapping[str, set[str]],
                matching: Mapping[int, int]) -> None:
    """The type pairs behind the "wrong type" misses and false rows (the first pairing found)."""
    used = set(matching.values())

    def wrong_type(row: GoldIncident, pred: _Pred) -> bool:
        return _why(row, pred, _named(pred, gold_names_of), _row_year_stated(row, gold.year_stated)) == "wrong type"

    for g, row in enumerate(gold.incidents):
        if g not in matching and not row.optional:
            hit = next((p for p, pred in enumerate(preds) if wrong_type(row, pred)), None)
            if hit is not None:
                score.type_confusions.append(("/".join(row.types), preds[hit].event_type, "miss", hit in used))
    for p, pred in enumerate(preds):
        if p not in used:
            hit = next((g for g, row in enumerate(gold.incidents) if wrong_type(row, pred)), None)
            if hit is not None:
                score.type_confusions.append(("/".join(gold.incidents[hit].types), pred.event_type, "false",
                                              hit in matching))
    for g, row in enumerate(gold.incidents):
        if g in matching or row.optional:
            continue
        year_stated = _row_year_stated(row, gold.year_stated)
        hit = next((p for p, pred in enumerate(preds)
                    if _why(row, pred, _named(pred, gold_names_of), year_stated) == "wrong day"), None)
        if hit is not None:
            score.day_misses.append((_date_gap(row, preds[hit]), row.precision or "?", hit in used,
                                     _basis_kind(preds[hit].date_basis)))


def _basis_kind(basis: str | None) -> str:
    """The kind of a row's date basis, its particulars masked: "year 2019 from the nearest dated
    context" -> "year N from the nearest dated context", "counted from “5 May”" -> "counted from “…”"."""
    if not basis:
        return "-"
    kind = re.sub(r"\d+", "N", re.sub(r"“[^”]*”", "“…”", basis))
    return kind if len(kind) <= 60 else kind[:59] + "…"


def _date_gap(row: GoldIncident, pred: _Pred) -> str:
    """How the date of the nearest predicted row differs from the gold one: no date on one side,
    a span of a month or more, or the distance of the first days (earlier / later)."""
    if pred.first is None or row.first is None:
        return "predicted undated" if pred.first is None else "gold undated"
    if pred.last is not None and (pred.last - pred.first).days >= 27:
        return "predicted a span of 28+ days"
    gap = (pred.first - row.first).days
    where = "later" if gap > 0 else "earlier"
    if abs(gap) <= 31:
        return f"predicted 4-31 days {where}"
    return f"predicted 32-365 days {where}" if abs(gap) <= 365 else f"predicted a year or more {where}"


# --------------------------------------------------------------------------------------------
# Why a row was missed or is false: the cause classes of `--explain`

CAUSES = ("no trigger", "wrong type", "wrong year", "wrong day", "wrong place", "wrong target",
          "duplicate", "demand/background")


def _row_year_stated(row: GoldIncident, file_year_stated: bool) -> bool:
    return row.year_stated if row.year_stated is not None else file_year_stated


def _named(pred: _Pred, gold_names_of: Mapping[str, set[str]]) -> set[str]:
    return set().union(*(gold_names_of.get(pid, set()) for pid in pred.targets))


def _why(row: GoldIncident, pred: _Pred, named: set[str], year_stated: bool) -> str | None:
    """The one thing that keeps `pred` from matching `row`, or None when more than one does."""
    who = _who_where_match(row, pred, named)
    typed = pred.event_type in row.types
    dated = dates_match(row, pred.first, pred.last, year_stated)
    if who and typed and not dated:
        return "wrong year" if dates_match(row, pred.first, pred.last, False) else "wrong day"
    if who and dated and not typed:
        return "wrong type"
    if typed and dated and not who:
        if not row.persons and not pred.targets:
            return "wrong place"
        return "wrong target"
    return None


def _miss_cause(row: GoldIncident, preds: Sequence[_Pred], gold_names_of: Mapping[str, set[str]],
                file_year_stated: bool) -> str:
    year_stated = _row_year_stated(row, file_year_stated)
    causes = [_why(row, p, _named(p, gold_names_of), year_stated) for p in preds]
    for cause in CAUSES:
        if cause in causes:
            return cause
    return "no trigger"


def _false_cause(pred: _Pred, gold: Gold, gold_names_of: Mapping[str, set[str]], matched: set[int]) -> str:
    named = _named(pred, gold_names_of)
    causes = []
    for g, row in enumerate(gold.incidents):
        year_stated = _row_year_stated(row, gold.year_stated)
        if g in matched and (pred.event_type in row.types and _who_where_match(row, pred, named)
                             and dates_match(row, pred.first, pred.last, year_stated)):
            causes.append("duplicate")
        causes.append(_why(row, pred, named, year_stated))
    for cause in CAUSES:
        if cause in causes:
            return cause
    return "demand/background"


def format_explain(scores: "Scores") -> str:
    """Every miss and false row with its cause class, then a table of counts per class."""
    lines, counts = [], {c: [0, 0] for c in CAUSES}
    for r in sorted(scores.reports, key=lambda r: r.report):
        if not (r.missed or r.false_positives or r.place_misses):
            continue
        lines.append(f"== {r.report}")
        for row, cause in zip(r.missed, r.missed_causes, strict=True):
            counts[cause][0] += 1
            lines.append(f"  miss   [{cause}] {row.describe()}")
        for fp, cause in zip(r.false_positives, r.false_causes, strict=True):
            counts[cause][1] += 1
            when = fp["event_date"] or "undated"
            if fp["event_date_end"] and fp["event_date_end"] != fp["event_date"]:
                when += f"..{fp['event_date_end']}"
            lines.append(f"  false  [{cause}] {fp['event_type']} {when} {fp['location'] or '-'} "
                         f"{', '.join(fp['targets']) or '(unnamed)'}")
        for row, place in r.place_misses:
            lines.append(f"  place  matched, placed at {place or '-'}: {row.describe()}")
    lines += ["", f"{'cause':<20} {'missed':>7} {'false':>7}", "-" * 36]
    for cause in CAUSES:
        lines.append(f"{cause:<20} {counts[cause][0]:>7} {counts[cause][1]:>7}")
    lines.append(f"{'all':<20} {sum(c[0] for c in counts.values()):>7} {sum(c[1] for c in counts.values()):>7}")
    pairs = Counter((gold, pred, side, other) for r in scores.reports for gold, pred, side, other in r.type_confusions)
    if pairs:
        # "false, gold told": an extra row of another type beside a matched one (the same event
        # told twice); "miss, row used": the predicted row matched another gold row
        lines += ["", f"{'wrong type: gold':<32} {'predicted':<22} {'side':<6} {'other side matched':<18} n", "-" * 84]
        for (gold, pred, side, other), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{gold:<32} {pred:<22} {side:<6} {'yes' if other else 'no':<18} {n}")
    gaps = Counter(m for r in scores.reports for m in r.day_misses)
    if gaps:
        # "row used: yes": the predicted row matched another gold incident of the same people and
        # type (two events told, one row made); "no": a row with only its date wrong
        lines += ["", f"{'wrong day: predicted date':<34} {'gold precision':<15} {'row used':<9} "
                      f"{'predicted date from':<60} n", "-" * 125]
        for (gap, precision, used, basis), n in sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{gap:<34} {precision:<15} {'yes' if used else 'no':<9} {basis:<60} {n}")
    return "\n".join(lines)


def _gold_names_by_person(
    gold: Gold, pred_persons: list[tuple[str, str, frozenset[str]]]
) -> dict[str, set[str]]:
    # Many-to-many on purpose: a predicted duplicate ("Kuramshin" beside the full name) still
    # names the same target of an incident, although the person table counts it as spurious.
    gold_keys = [(gp.name, gp.keys) for gp in gold.persons]
    return {pid: {name for name, gk in gold_keys if gk & keys} for pid, _, keys in pred_persons}


def _score_persons(
    gold: Gold, pred_persons: list[tuple[str, str, frozenset[str]]], score: ReportScore
) -> None:
    candidates = {
        g: [p for p, (_, _, keys) in enumerate(pred_persons) if gp.keys & keys]
        for g, gp in enumerate(gold.persons)
    }
    matching = _bipartite(candidates, _required_first(gold.persons))
    for g, gp in enumerate(gold.persons):
        if g in matching:
            score.person_matches[gp.name] = pred_persons[matching[g]][0]
            score.persons.tp += not gp.optional
        elif not gp.optional:
            score.persons.fn += 1
            score.missed_persons.append(gp.name)
    used = set(matching.values())
    for p, (_, name, _) in enumerate(pred_persons):
        if p not in used:
            score.persons.fp += 1
            score.spurious_persons.append(name)


def _closeness(
    row: GoldIncident, pred: _Pred, named: set[str], year_stated: bool
) -> tuple[int, ...]:
    same_place = (row.location is None and pred.location is None) or (
        row.location is not None
        and pred.location is not None
        and name_key(row.location) == name_key(pred.location)
    )
    return (
        len(named & set(row.persons)),
        int(same_place),
        int(_same_span(row, pred, year_stated)),
        int(pred.event_type == row.types[0]),
    )


def _same_span(row: GoldIncident, pred: _Pred, year_stated: bool) -> bool:
    if row.first is None or pred.first is None:
        return row.first is None and pred.first is None
    if year_stated:
        return (pred.first, pred.last) == (row.first, row.last)
    return (pred.first.month, pred.first.day, pred.last.month, pred.last.day) == (
        row.first.month,
        row.first.day,
        row.last.month,
        row.last.day,
    )


def _judge_pair(g: int, row: GoldIncident, pred: _Pred, year_stated: bool) -> MatchedPair:
    location_ok = (row.location is None and pred.location is None) or (
        row.location is not None
        and pred.location is not None
        and name_key(row.location) == name_key(pred.location)
    )
    exact_day_ok = _same_span(row, pred, year_stated) if row.precision == "day" else None
    legal_ok = (
        None
        if row.legal_basis is None
        else ({c.upper() for c in row.legal_basis} == {c.upper() for c in pred.legal_basis})
    )
    return MatchedPair(
        g,
        pred.incident_id,
        optional=False,
        location_ok=location_ok,
        exact_day_ok=exact_day_ok,
        legal_basis_ok=legal_ok,
        penalty_ok=None if row.penalty is None else _penalty_ok(row.penalty, pred.penalty),
        participants_ok=None if row.participants is None else pred.participants == row.participants,
    )


def _penalty_ok(gold: Penalty, pred: Penalty) -> bool:
    if gold.amount is not None and (
        pred.amount is None
        or not math.isclose(gold.amount, pred.amount, rel_tol=1e-9, abs_tol=0.01)
    ):
        return False
    if gold.currency is not None and (pred.currency or "").upper() != gold.currency:
        return False
    return gold.days is None or pred.days == gold.days


def _describe_pred(pred: _Pred, names_by_id: Mapping[str, str]) -> dict:
    return {
        "incident_id": pred.incident_id,
        "event_type": pred.event_type,
        "event_date": None if pred.first is None else pred.first.isoformat(),
        "event_date_end": None if pred.last is None else pred.last.isoformat(),
        "location": pred.location,
        "targets": [names_by_id.get(pid, pid) for pid in pred.targets],
    }


# --------------------------------------------------------------------------------------------
# Whole releases


def read_release_tables(
    release: str | Path | Mapping[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """The release tables as frames: a dict passes through, a folder is read (Parquet, else CSV)."""
    if isinstance(release, Mapping):
        return dict(release)
    folder = Path(release)
    if not folder.is_dir():
        raise FileNotFoundError(f"no release folder at {folder}")
    tables = {}
    for name in TABLE_NAMES:
        for suffix, reader in ((".parquet", pd.read_parquet), (".csv", _read_csv)):
            found = sorted(folder.rglob(f"{name}{suffix}"))
            if found:
                tables[name] = reader(found[0])
                break
    return tables


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def score_release(
    release: str | Path | Mapping[str, pd.DataFrame],
    gold_paths: Iterable[str | Path | Gold] | str | Path,
) -> Scores:
    """Score every report of the release that has a gold file; see docs/GOLD_FORMAT.md."""
    tables = read_release_tables(release)
    for name in ("reports", "incidents", "persons", "incident_persons"):
        if name not in tables:
            raise ValueError(f"the release has no {name} table")
    for name, frame in tables.items():
        missing = [c for c in COLUMNS_USED.get(name, ()) if c not in frame.columns]
        if missing and len(frame.columns):
            raise ValueError(f"the release's {name} table lacks the column(s) {missing}")
    golds = _load_golds(gold_paths)
    reports = tables["reports"]
    incidents, ip, persons = tables["incidents"], tables["incident_persons"], tables["persons"]
    mentions = tables.get("person_mentions")
    scores, unmatched = [], []
    for gold in golds:
        report_id = _find_report(gold, reports)
        if report_id is None:
            unmatched.append(gold.report)
            continue
        inc = incidents[incidents["report_id"].astype(str) == report_id]
        links = ip[ip["incident_id"].astype(str).isin(set(inc["incident_id"].astype(str)))]
        pids = set(links["person_id"].astype(str))
        if mentions is not None and len(mentions):
            pids |= set(
                mentions.loc[mentions["report_id"].astype(str) == report_id, "person_id"].astype(
                    str
                )
            )
        who = persons[persons["person_id"].astype(str).isin(pids)]
        scores.append(score_report(gold, inc, links, who, report_id=report_id))
    mapping = {(s.report, name): pid for s in scores for name, pid in s.person_matches.items()}
    matched = [g for g in golds if g.report not in set(unmatched)]
    return Scores(
        reports=scores, unmatched_gold=sorted(unmatched), links=cross_report_links(matched, mapping)
    )


def _load_golds(gold_paths: Iterable[str | Path | Gold] | str | Path) -> list[Gold]:
    if isinstance(gold_paths, (str, Path)):
        gold_paths = (
            sorted(Path(gold_paths).glob("*.yaml")) if Path(gold_paths).is_dir() else [gold_paths]
        )
    return [g if isinstance(g, Gold) else load_gold(g) for g in gold_paths]


def _find_report(gold: Gold, reports: pd.DataFrame) -> str | None:
    """report_id of the release report a gold file describes (file name, then stem, then digest)."""
    rows = reports.to_dict("records")
    base, stem = gold.report, Path(gold.report).stem
    tiers = [
        lambda r: Path(str(r.get("source_file", ""))).name == base,
        lambda r: Path(str(r.get("source_file", ""))).stem == stem,
        lambda r: _digest_match(
            gold, stem, str(r.get("sha256") or ""), str(r.get("report_id") or "")
        ),
    ]
    for tier in tiers:
        hits = sorted(str(r["report_id"]) for r in rows if tier(r))
        if hits:
            return hits[0]
    return None


def _digest_match(gold: Gold, stem: str, sha: str, report_id: str) -> bool:
    if gold.sha256 and sha.startswith(gold.sha256):
        return True
    token = stem.rsplit("_", 1)[-1].lower()
    return (
        len(token) >= 16
        and re.fullmatch(r"[0-9a-f]+", token) is not None
        and (sha.startswith(token) or token == report_id)
    )


def cross_report_links(golds: Sequence[Gold], mapping: Mapping[tuple[str, str], str]) -> LinkScore:
    """Pairwise precision / recall of cross-report person links.

    `mapping` sends (gold report file name, gold person name) to the predicted person_id it was
    matched to; entities are the gold persons found in the prediction. A predicted link is two
    entities of different reports with one person_id, a gold link two with one gold `name`.
    """
    known = {(g.report, p.name) for g in golds for p in g.persons}
    entities = sorted((key, pid) for key, pid in mapping.items() if key in known)
    counts = Counts()
    for i, ((report_a, name_a), pid_a) in enumerate(entities):
        for (report_b, name_b), pid_b in entities[i + 1 :]:
            if report_a == report_b:
                continue
            predicted, actual = pid_a == pid_b, name_key(name_a) == name_key(name_b)
            counts.tp += predicted and actual
            counts.fp += predicted and not actual
            counts.fn += actual and not predicted
    return LinkScore(entities=len(entities), counts=counts)


# --------------------------------------------------------------------------------------------
# Renderings


def scores_to_dict(scores: Scores) -> dict:
    """Scores as plain data for datapackage.json: fixed key order, floats rounded to 4 places."""
    return {
        "n_reports": len(scores.reports),
        "incidents": _counts_dict(scores.incidents),
        "persons": _counts_dict(scores.persons),
        "location_accuracy": _ratio_dict(scores.location),
        "exact_day_accuracy": _ratio_dict(scores.exact_day),
        "legal_basis_accuracy": _ratio_dict(scores.legal_basis),
        "penalty_accuracy": _ratio_dict(scores.penalty),
        "participants_accuracy": _ratio_dict(scores.participants),
        "cross_report_links": {
            "entities": scores.links.entities,
            **_counts_dict(scores.links.counts),
        },
        "reports": [_report_dict(r) for r in sorted(scores.reports, key=lambda r: r.report)],
        "unmatched_gold": sorted(scores.unmatched_gold),
    }


def _report_dict(r: ReportScore) -> dict:
    return {
        "report": r.report,
        "report_id": r.report_id,
        "incidents": _counts_dict(r.incidents),
        "optional_matched": r.optional_matched,
        "persons": _counts_dict(r.persons),
        "location_accuracy": _round(r.location.value),
        "exact_day_accuracy": _round(r.exact_day.value),
    }


def _counts_dict(c: Counts) -> dict:
    return {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "precision": _round(c.precision),
        "recall": _round(c.recall),
        "f1": _round(c.f1),
    }


def _ratio_dict(r: Ratio) -> dict:
    return {"correct": r.correct, "total": r.total, "accuracy": _round(r.value)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def format_scores(scores: Scores, details: bool = False) -> str:
    """A readable table for the command line; `details` adds the missed and spurious rows."""
    head = (
        f"{'report':<28} {'tp':>4} {'fp':>4} {'fn':>4} {'opt':>4} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'persP':>6} {'persR':>6} {'loc':>6} {'day':>6}"
    )
    lines = [head, "-" * len(head)]
    rows = sorted(scores.reports, key=lambda r: r.report)
    for r in rows:
        lines.append(
            _table_row(
                r.report, r.incidents, r.optional_matched, r.persons, r.location, r.exact_day
            )
        )
    lines.append("-" * len(head))
    lines.append(
        _table_row(
            "all (micro)",
            scores.incidents,
            sum(r.optional_matched for r in rows),
            scores.persons,
            scores.location,
            scores.exact_day,
        )
    )
    lines.append("")
    for label, ratio in (
        ("legal basis accuracy", scores.legal_basis),
        ("penalty accuracy", scores.penalty),
        ("participants accuracy", scores.participants),
    ):
        lines.append(f"{label}: {_fmt(ratio.value)} ({ratio.correct}/{ratio.total})")
    links = scores.links
    lines.append(
        f"cross-report person links: precision {_fmt(links.precision)} recall {_fmt(links.recall)}"
        f" (tp {links.counts.tp}, fp {links.counts.fp}, fn {links.counts.fn};"
        f" {links.entities} gold persons found)"
    )
    if scores.unmatched_gold:
        lines.append(
            "gold files with no report in the release: " + ", ".join(scores.unmatched_gold)
        )
    if details:
        for r in rows:
            lines.extend(_details(r))
    return "\n".join(lines)


def _table_row(label: str, inc: Counts, optional: int, per: Counts, loc: Ratio, day: Ratio) -> str:
    return (
        f"{label[:28]:<28} {inc.tp:>4} {inc.fp:>4} {inc.fn:>4} {optional:>4}"
        f" {_fmt(inc.precision):>6} {_fmt(inc.recall):>6} {_fmt(inc.f1):>6}"
        f" {_fmt(per.precision):>6} {_fmt(per.recall):>6}"
        f" {_fmt(loc.value):>6} {_fmt(day.value):>6}"
    )


def _details(r: ReportScore) -> list[str]:
    out = ["", f"== {r.report}"]
    out += [f"  missed: {row.describe()}" for row in r.missed]
    for fp in r.false_positives:
        when = fp["event_date"] or "undated"
        if fp["event_date_end"] and fp["event_date_end"] != fp["event_date"]:
            when += f"..{fp['event_date_end']}"
        out.append(
            f"  spurious: {fp['incident_id']} {fp['event_type']} {when} {fp['location'] or '-'}"
            f" {', '.join(fp['targets']) or '(unnamed)'}"
        )
    out += [f"  person missed: {name}" for name in r.missed_persons]
    out += [f"  person spurious: {name}" for name in r.spurious_persons]
    return out if len(out) > 2 else []


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _span_label(first: dt.date, last: dt.date | None, precision: str | None) -> str:
    if precision == "year":
        return f"{first.year}"
    if precision == "month":
        return f"{first.year}-{first.month:02d}"
    return (
        first.isoformat() if last in (None, first) else f"{first.isoformat()}..{last.isoformat()}"
    )

"""Deterministic release writing: Parquet/CSV tables, datapackage.json, CHANGES.md, atomic publish.

What belongs here: turning the validated release tables (pandas DataFrames in codebook column
order) into files whose bytes depend only on the data, describing them as a Frictionless Data
Package, comparing a release with the previous one, publishing a release folder atomically under a
file lock, verifying a published folder, and fetching a published release from a web server into
a local folder (checked file by file against its datapackage.json). No Dagster import; the
release assets and the CLI call these.

Determinism rules (a rebuild of the same data gives byte-identical files):
- rows are sorted by the table's id columns (then by the rendered row, so duplicates of a
  non-unique key could not depend on input order; keys are in fact checked to be unique);
- the Arrow schema is explicit: codebook columns get their codebook type whatever pandas dtype
  they arrive in, other columns are typed from their dtype / values; no pandas index or pandas
  metadata is stored, only the Arrow schema; Parquet `created_by` is the fixed pyarrow version
  string (pinned in requirements.lock), there is no timestamp anywhere;
- decimals (penalty_amount) are decimal128(18, 2), rounded half-even to cents; in CSV they print
  with two decimals ("36920.00"); floats print as Python's shortest round-trip repr ("51.15");
- CSV: UTF-8, header, comma, minimal "" quoting, "\\n" line ends, ISO dates, true/false,
  lists joined with "|" (an item containing "|" is an error), nulls and empty lists as "";
- datapackage.json has sorted keys and no wall-clock time: `created` is the release date given in
  meta (the caller derives it from the newest source), never "now".

Memory (a release of 10,000 reports has a million incidents): `publish` renders one table at a time,
writes its Parquet and CSV at once to a spill folder beside the releases (`.spill-<pid>-*`, moved
into the staging folder on publish, removed by `recover` once its writer is dead), then keeps only
its CSV cells (the change log compares them) and the columns the page reads (`page.READS`).

Test hook: when the environment variable CIVIC_CRASH_AFTER_FILES=N is set, the file writer calls
os._exit(1) right after writing its N-th file, to simulate a crash in the middle of a publish.
It is read when a writer is created, never at import time; a file moved in from the spill counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import hashlib
import io
import json
import os
import re
import shutil
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core import citation, codebook, delta, page
from schemas import DELTA, FOREIGN_KEYS, TableSpec
from schemas import TABLES as SCHEMA_TABLES

# Table name -> id columns (primary key, sort order), in publishing order: from the contract.
TABLES: dict[str, tuple[str, ...]] = {name: spec.key for name, spec in SCHEMA_TABLES.items()}
# Tables the writer renders: the release tables and the delta against the previous release.
WRITABLE: dict[str, TableSpec] = {**SCHEMA_TABLES, DELTA.name: DELTA}

DATAPACKAGE = "datapackage.json"
CHANGES = "CHANGES.md"
README = "README.md"
INDEX = "index.json"
PAGE = page.PAGE
CITATION = "CITATION.cff"
DELTA_FILES = (f"{DELTA.name}.parquet", f"{DELTA.name}.csv")
# Files that depend on the previous release as well as on this one's content: two builds of the
# same content are the same release whatever these say (see _same_content).
AGAINST_PREVIOUS = {CHANGES, README, PAGE, *DELTA_FILES}
LATEST = "latest"
LOCK = ".publish.lock"
STAGING_PREFIX = ".staging-"
SPILL_PREFIX = ".spill-"  # table files written as rendered, before the lock: ".spill-<pid>-<token>"
CRASH_ENV = "CIVIC_CRASH_AFTER_FILES"
DEFAULT_LOCK_TIMEOUT = 600.0
MAX_BUMPS = 999
PACKAGE_NAME = "civic-space-incidents"
PACKAGE_TITLE = citation.PROJECT["title"]
# What datapackage.json `sources` says when a report's provenance record names no licence.
UNKNOWN_SOURCE_LICENCE = "not recorded: the publisher's own terms apply"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
CHANGES_LIST_LIMIT = 200  # ids listed per CHANGES section before "... and N more"
PARQUET_ZSTD_LEVEL = 3
PARQUET_ROW_GROUP = 1_000_000
DECIMAL_TYPE = pa.decimal128(18, 2)
CENT = decimal.Decimal("0.01")
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")

# Logical column types: string, int, float, bool, date, decimal, list.
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "decimal": DECIMAL_TYPE,
    "list": pa.list_(pa.string()),
}
FRICTIONLESS_TYPES = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "decimal": "number",
    "list": "array",
}



def codebook_columns(name: str) -> dict[str, tuple[str | None, str]]:
    """column -> (logical type, description) of a table, as schemas/ declares them."""
    return {f.name: (f.kind, f.description) for f in WRITABLE[name].fields}


class ReleaseError(RuntimeError):
    """A release cannot be written or published as asked."""


class PublishLockTimeout(ReleaseError):
    """Another build held the publish lock longer than the timeout."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a key of ARROW_TYPES
    description: str


@dataclass(frozen=True)
class Rendered:
    """One table with normalised Python values, sorted, ready for both file formats.

    Held by column (one list per column, rows in id order): Parquet is written from columns
    and the CSV cells are made per column, so rows are only zipped for those who read rows
    (the page, the sources list); rows of tuples, transposed back for both files, were a
    tenth of the release step."""

    name: str
    columns: tuple[Column, ...]
    values: tuple[list[Any], ...]
    n_rows: int

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows, zipped afresh on each call (kept by no one after the page is made)."""
        if self.dropped:
            raise ReleaseError(f"{self.name}: the values of {sorted(self.dropped)} were let go")
        return list(zip(*self.values)) if self.values else [()] * self.n_rows

    @functools.cached_property
    def dropped(self) -> set[str]:
        return set()

    def drop_values(self, keep: Iterable[str] | None) -> None:
        """Let go of the typed values of every column but `keep` (None: keep all), once the
        table's files are written and its CSV cells made (the change log reads those): at 10,000
        reports the values no later step reads were gigabytes."""
        if keep is None:
            return
        self.csv_rows()
        kept = set(keep)
        for column, values in zip(self.columns, self.values, strict=True):
            if column.name not in kept:
                values.clear()
                self.dropped.add(column.name)

    def column(self, name: str) -> list[Any]:
        """One column's values, in row order."""
        if name in self.dropped:
            raise ReleaseError(f"{self.name}: the values of {name} were let go")
        return self.values[[c.name for c in self.columns].index(name)]

    def csv_rows(self) -> list[tuple[str, ...]]:
        """Every row as CSV cells; made once (the CSV file and the change log both read them)."""
        return self._csv_rows

    @functools.cached_property
    def _csv_rows(self) -> list[tuple[str, ...]]:
        cells = []
        for column, values in zip(self.columns, self.values, strict=True):
            if column.kind == "string":  # a str is its own cell: most cells of a release
                cells.append(["" if v is None else v for v in values])
            else:
                text = _CSV_TEXT.get(column.kind, str)
                if column.kind in _CSV_SHARED:
                    # one str per distinct value: dates, counts and lists recur down a column, and
                    # a fresh str per cell was a gigabyte of a 10,000-report release
                    shared: dict[Any, str] = {}
                    cells.append(["" if v is None else shared.get(v) or shared.setdefault(v, text(v))
                                  for v in values])
                else:
                    cells.append(["" if v is None else text(v) for v in values])
        return list(zip(*cells)) if cells else [() for _ in range(self.n_rows)]


# --------------------------------------------------------------------------- values


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (list, tuple, np.ndarray, str)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _infer_kind(series: pd.Series) -> str:
    """Logical type of a column the codebook does not know, from its dtype or first value."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return "string"
    for value in series.tolist():
        if _is_null(value):
            continue
        if isinstance(value, (list, tuple, np.ndarray)):
            return "list"
        if isinstance(value, decimal.Decimal):
            return "decimal"
        if isinstance(value, (bool, np.bool_)):
            return "bool"
        if isinstance(value, (int, np.integer)):
            return "int"
        if isinstance(value, (float, np.floating)):
            return "float"
        if isinstance(value, dt.date):
            return "date"
        return "string"
    return "string"


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):  # includes pd.Timestamp
        if value.time() != dt.time(0, 0) or value.tzinfo is not None:
            raise ValueError(f"a date column holds a time of day: {value!r}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return _to_date(pd.Timestamp(value))
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


def _to_int(value: Any) -> int:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"a boolean in an integer column: {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)  # integer columns with nulls may arrive as float64
    raise TypeError(f"not an integer: {value!r}")


def _to_float(value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating, decimal.Decimal)
    ):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _to_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"a boolean in a decimal column: {value!r}")
    if isinstance(value, decimal.Decimal):
        number = value
    elif isinstance(value, (int, np.integer)):
        number = decimal.Decimal(int(value))
    elif isinstance(value, (float, np.floating)):
        number = decimal.Decimal(repr(float(value)))  # the float's shortest text, not its binary
    elif isinstance(value, str):
        number = decimal.Decimal(value)
    else:
        raise TypeError(f"not a decimal: {value!r}")
    if not number.is_finite():
        raise ValueError(f"decimal must be finite: {value!r}")
    cents = number.quantize(CENT, rounding=decimal.ROUND_HALF_EVEN)
    if abs(cents) >= decimal.Decimal(10) ** 16:
        raise ValueError(f"decimal too large for decimal128(18, 2): {value!r}")
    return cents


def _to_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, np.ndarray)):
        raise TypeError(f"not a list of strings: {value!r}")
    items = tuple(value.tolist() if isinstance(value, np.ndarray) else value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"list item is not a string: {item!r}")
        if "|" in item:
            raise ValueError(f"list item contains the CSV list separator '|': {item!r}")
    return items


def _normalise(value: Any, kind: str) -> Any:
    if _is_null(value):  # lists are never "null" here, only None / NA / NaN
        return None
    if kind == "string":
        if not isinstance(value, str):
            raise TypeError(f"not a string: {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"not a boolean: {value!r}")
        return bool(value)
    converters = {
        "int": _to_int,
        "float": _to_float,
        "date": _to_date,
        "decimal": _to_decimal,
        "list": _to_list,
    }
    return converters[kind](value)


# A CSV cell's text by the column's kind (null is "", a string is itself, int and other kinds
# str()): true/false, the float's shortest repr, decimals with their cents, ISO dates, lists
# joined by "|". One function per column, not tests per cell.
_CSV_TEXT = {"bool": lambda v: "true" if v else "false", "float": repr, "decimal": lambda v: format(v, "f"),
             "date": lambda v: v.isoformat(), "list": "|".join}
# kinds whose equal values always print alike (not floats or decimals: -0.0 == 0.0)
_CSV_SHARED = {"bool", "date", "int", "list"}


def render(df: pd.DataFrame, name: str) -> Rendered:
    """Normalise a release table: typed Python values, rows sorted by the id columns."""
    if name not in WRITABLE:
        raise ReleaseError(f"unknown release table {name!r}; expected one of {sorted(TABLES)}")
    if len(set(df.columns)) != len(df.columns):
        raise ReleaseError(f"{name}: duplicate column names")
    known = codebook_columns(name)
    columns = []
    for col in df.columns:
        if not isinstance(col, str):
            raise ReleaseError(f"{name}: column names must be strings, got {col!r}")
        kind, desc = known.get(col, (None, ""))
        columns.append(Column(col, kind or _infer_kind(df[col]), desc))
    id_cols = WRITABLE[name].key
    missing = [c for c in id_cols if c not in df.columns]
    if missing:
        raise ReleaseError(f"{name}: id columns missing: {missing}")
    values = []
    for col in columns:
        try:
            values.append(_normal_cells(df[col.name], col.kind))
        except (TypeError, ValueError) as exc:
            raise ReleaseError(f"{name}.{col.name}: {exc}") from exc
    keys = [values[list(df.columns).index(c)] for c in id_cols]
    _check_keys(name, keys, len(df))
    # The id columns are unique and never null (_check_keys) and hold values of one type, so
    # they order the rows alone, with no tie for another cell to break.
    if len(keys) == 1:
        order = sorted(range(len(df)), key=keys[0].__getitem__)
    else:
        order = sorted(range(len(df)), key=lambda i: tuple(k[i] for k in keys))
    return Rendered(name, tuple(columns), tuple([col[i] for i in order] for col in values), len(df))


def _normal_cells(series: pd.Series, kind: str) -> list:
    """`_normalise` of every cell of a column, with the common cells taken as they are: a str in
    a text column, an exact date, a list; a numpy column of the right kind gives Python values
    at once (its NaN is a null). A release of 1,000 reports has 2 million cells of other kinds;
    asking pandas whether each is null was a quarter of the release step."""
    cells = series.tolist()
    code = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""  # nullable Int64 gives pd.NA
    if kind == "string":
        return [v if type(v) is str else _normalise(v, "string") for v in cells]
    if (kind == "int" and code in ("i", "u")) or (kind == "bool" and code == "b"):
        return cells
    if kind == "float" and code == "f":
        return [None if v != v else v for v in cells]
    if kind == "date":
        return [v if type(v) is dt.date else _normalise(v, kind) for v in cells]
    if kind == "list":
        return [_to_list(v) if type(v) in (list, tuple) else _normalise(v, kind) for v in cells]
    return [_normalise(v, kind) for v in cells]


def _check_keys(name: str, keys: list[list[Any]], n_rows: int) -> None:
    """The id columns (one list of cells each) hold no null and no key twice."""
    ids = list(zip(*keys)) if keys else []
    if len(set(ids)) == n_rows and not any(None in column for column in keys):
        return  # the usual case, checked with one set; the loop below only names the culprit
    seen: set[tuple] = set()
    for key in ids:
        if any(k is None for k in key):
            raise ReleaseError(f"{name}: null in id columns {WRITABLE[name].key}: {key}")
        if key in seen:
            raise ReleaseError(f"{name}: duplicate id {key}")
        seen.add(key)


# --------------------------------------------------------------------------- file bytes


def parquet_bytes(table: Rendered) -> bytes:
    if table.dropped:
        raise ReleaseError(f"{table.name}: the values of {sorted(table.dropped)} were let go")
    fields = [pa.field(c.name, ARROW_TYPES[c.kind]) for c in table.columns]
    schema = pa.schema(fields)  # no metadata: nothing pandas- or time-dependent is stored
    # pyarrow takes a list column's tuples as they are (no copy of each cell into a list)
    arrays = [pa.array(col_values, type=ARROW_TYPES[c.kind])
              for c, col_values in zip(table.columns, table.values, strict=True)]
    arrow_table = pa.Table.from_arrays(arrays, schema=schema)
    names = [c.name for c in table.columns]
    sorting = [pq.SortingColumn(names.index(c)) for c in WRITABLE[table.name].key]
    sink = pa.BufferOutputStream()
    pq.write_table(
        arrow_table,
        sink,
        compression="zstd",
        compression_level=PARQUET_ZSTD_LEVEL,
        row_group_size=PARQUET_ROW_GROUP,
        version="2.6",
        data_page_version="1.0",
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
        write_page_index=False,
        sorting_columns=sorting,
    )
    return sink.getvalue().to_pybytes()


def csv_bytes(table: Rendered) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(table.csv_rows())
    return buffer.getvalue().encode("utf-8")


def render_files(table: Rendered) -> dict[str, bytes]:
    """File name -> bytes of one table in both formats."""
    return {f"{table.name}.parquet": parquet_bytes(table), f"{table.name}.csv": csv_bytes(table)}


def _write_csv(table: Rendered, path: Path) -> None:
    """The bytes of csv_bytes(table), written as they are made: the text of a 400 MB table is
    never held, nor its encoded copy."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        writer.writerows(table.csv_rows())
        fh.flush()
        os.fsync(fh.fileno())


def _file_digest(path: Path) -> tuple[int, str]:
    """(size, sha256) of a file, read in pieces."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class _Spill:
    """The table files of a release being made, written to disk as each table is rendered and
    moved into the staging folder when published. Holding every file's bytes (and a whole
    table's CSV text twice while encoding it) until the folder was staged was the release step's
    largest memory at 10,000 reports. The folder sits beside the releases (a rename moves its
    files) and carries the writer's pid, so that recover() removes only a dead writer's."""

    def __init__(self, releases_dir: Path):
        self.dir = releases_dir / f"{SPILL_PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
        self.dir.mkdir()
        self.files: dict[str, tuple[int, str]] = {}  # file name -> (size, sha256)

    def add(self, table: Rendered) -> None:
        parquet, text = self.dir / f"{table.name}.parquet", self.dir / f"{table.name}.csv"
        data = parquet_bytes(table)
        with open(parquet, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.files[parquet.name] = (len(data), _sha256(data))
        del data
        # Arrow's allocator keeps the freed buffers of the table it built for the writer unless
        # asked: a gigabyte of resident memory after the incidents of 10,000 reports
        pa.default_memory_pool().release_unused()
        _write_csv(table, text)
        self.files[text.name] = _file_digest(text)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _spill_is_dead(folder: Path) -> bool:
    """A spill folder whose writing process is gone (or whose name carries no pid)."""
    try:
        pid = int(folder.name[len(SPILL_PREFIX):].split("-", 1)[0])
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return True
    except PermissionError:
        return False  # another user's live process
    return False


def _render_all(tables: Mapping[str, pd.DataFrame]) -> list[Rendered]:
    return list(_render_each(tables))


def _render_each(tables: Mapping[str, pd.DataFrame]) -> Iterator[Rendered]:
    """The release tables rendered one at a time, in publishing order."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ReleaseError(f"unknown release tables {unknown}; expected {sorted(TABLES)}")
    for name in TABLES:
        if name in tables:
            yield render(tables[name], name)


# --------------------------------------------------------------------------- writing


class _Writer:
    """Writes files durably; counts them for the CIVIC_CRASH_AFTER_FILES test hook."""

    def __init__(self) -> None:
        raw = os.environ.get(CRASH_ENV, "").strip()
        self.crash_after = int(raw) if raw else None
        self.count = 0
        if self.crash_after == 0:
            os._exit(1)

    def write(self, path: Path, data: bytes) -> Path:
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.placed()
        return path

    def placed(self) -> None:
        """One more file is in place (written here, or moved in already written)."""
        self.count += 1
        if self.crash_after is not None and self.count >= self.crash_after:
            os._exit(1)  # test hook: simulate a crash mid-publish


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_table(df: pd.DataFrame, name: str, folder: Path) -> list[Path]:
    """Write `<name>.parquet` and `<name>.csv` into folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer()
    files = render_files(render(df, name))
    return [writer.write(folder / fname, data) for fname, data in files.items()]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- datapackage


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"not JSON-serialisable in release metadata: {value!r}")


def _json_bytes(obj: Any) -> bytes:
    text = json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)
    return (text + "\n").encode("utf-8")


def _resource_name(table: str, fmt: str) -> str:
    return f"{table}-{fmt}"


def _schema(table: Rendered, fmt: str, present: set[str]) -> dict:
    fields = []
    for col in table.columns:
        field: dict[str, Any] = {"name": col.name, "description": col.description}
        if col.kind == "list" and fmt == "csv":
            field["type"] = "string"
            field["description"] = (col.description + " (items joined with '|')").lstrip()
        else:
            field["type"] = FRICTIONLESS_TYPES[col.kind]
        if col.kind == "decimal":
            field["x-arrowType"] = "decimal128(18,2)"
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(TABLES[table.name])}
    if fmt == "csv":
        schema["missingValues"] = [""]
    names = {c.name for c in table.columns}
    fks = [
        {"fields": col, "reference": {"resource": _resource_name(target, fmt), "fields": col}}
        for col, target in FOREIGN_KEYS.items()
        if col in names and target != table.name and target in present
    ]
    if fks:
        schema["foreignKeys"] = fks
    return schema


def _resource(table: Rendered, fmt: str, digest: tuple[int, str], present: set[str]) -> dict:
    res: dict[str, Any] = {
        "name": _resource_name(table.name, fmt),
        "path": f"{table.name}.{fmt}",
        "format": fmt,
        "bytes": digest[0],
        "hash": f"sha256:{digest[1]}",
        "rows": table.n_rows,
        "schema": _schema(table, fmt, present),
    }
    if fmt == "csv":
        res.update(
            profile="tabular-data-resource",
            mediatype="text/csv",
            encoding="utf-8",
            dialect={"delimiter": ",", "doubleQuote": True, "header": True,
                     "lineTerminator": "\n", "quoteChar": '"'},
        )
    else:  # binary: no text encoding
        res.update(profile="data-resource", mediatype="application/vnd.apache.parquet")
    return res


def _sources(rendered: list[Rendered]) -> list[dict]:
    reports = next((t for t in rendered if t.name == "reports"), None)
    if reports is None:
        return []
    names = [c.name for c in reports.columns]
    out = []
    for row in reports.rows:
        rec = dict(zip(names, row))
        src = {
            "title": rec.get("title") or rec.get("source_file") or rec["report_id"],
            "path": rec.get("source_file"),
            "sha256": rec.get("sha256"),
            "url": rec.get("source_url"),
            "publisher": rec.get("publisher"),
            "license": UNKNOWN_SOURCE_LICENCE,  # the caller passes each sidecar's licence when known
        }
        out.append({k: v for k, v in src.items() if v is not None})
    return out


def _created(meta: Mapping[str, Any], rendered: list[Rendered]) -> str | None:
    """Release date from meta, else the newest report period end; never the clock."""
    when = meta.get("release_date")
    if when is None:
        reports = next((t for t in rendered if t.name == "reports"), None)
        if reports is not None and "period_end" in [c.name for c in reports.columns]:
            i = [c.name for c in reports.columns].index("period_end")
            ends = [r[i] for r in reports.rows if r[i] is not None]
            when = max(ends) if ends else None
    if when is None:
        return None
    return f"{_to_date(when).isoformat()}T00:00:00Z"


_COMPUTED_KEYS = {"resources", "version", "created", "licenses", "profile"}


def _package(rendered: list[Rendered], files: Mapping[str, tuple[int, str]],
             meta: Mapping[str, Any]) -> dict:
    """datapackage.json's content; `files`: (size, sha256) of each table file by name."""
    version = meta.get("version")
    if not version:
        raise ReleaseError("meta['version'] is required for datapackage.json")
    present = {t.name for t in rendered}
    resources = []
    for table in rendered:
        for fmt in ("parquet", "csv"):
            fname = f"{table.name}.{fmt}"
            if fname not in files:
                raise ReleaseError(f"{fname} has not been written")
            resources.append(_resource(table, fmt, files[fname], present))
    pkg: dict[str, Any] = {k: v for k, v in meta.items() if k not in _COMPUTED_KEYS}
    pkg.setdefault("name", PACKAGE_NAME)
    pkg.setdefault("title", PACKAGE_TITLE)
    if "sources" not in pkg:
        pkg["sources"] = _sources(rendered)
    pkg.update(profile="data-package", version=str(version), licenses=[dict(LICENSE)],
               resources=resources)
    created = _created(meta, rendered)
    if created:
        pkg["created"] = created
    pkg.setdefault("citation", citation.suggested_citation(str(version), created[:10] if created else None))
    return pkg


def build_datapackage(folder: Path, tables: Mapping[str, pd.DataFrame],
                      meta: Mapping[str, Any]) -> dict:
    """Describe the table files already written in folder; writes datapackage.json.

    meta needs "version"; "name", "title", "release_date" and "sources" are optional; every
    other key (e.g. "evaluation", "rejected_sources", "curation") is copied verbatim.
    """
    folder = Path(folder)
    rendered = _render_all(tables)
    files = {}
    for table in rendered:
        for fmt in ("parquet", "csv"):
            path = folder / f"{table.name}.{fmt}"
            if path.exists():
                files[path.name] = _file_digest(path)
    pkg = _package(rendered, files, meta)
    _Writer().write(folder / DATAPACKAGE, _json_bytes(pkg))
    return pkg


# --------------------------------------------------------------------------- CHANGES.md


def _as_table(table: Rendered) -> delta.Table:
    names = [c.name for c in table.columns]
    return delta.Table.of_cells(table.name, names, table.csv_rows())


def release_delta(previous_folder: Path | None, rendered: Mapping[str, Rendered],
                  meta: Mapping[str, Any], prev: Mapping[str, delta.Table] | None = None) -> delta.Delta:
    """What changed against the previous release folder (None: everything is new); `prev` is
    that folder's tables when the caller has read them already."""
    new = {name: _as_table(t) for name, t in rendered.items() if name in TABLES}
    return delta.compute_delta(Path(previous_folder).name if previous_folder else None,
                               delta.read_release(previous_folder) if prev is None else prev, new,
                               list(meta.get("rejected_sources") or []))


def delta_frame(change_log: delta.Delta) -> pd.DataFrame:
    # column by column, one change's record at a time: a list of a million record dicts (a first
    # release of 10,000 reports) was half a gigabyte
    columns: dict[str, list] = {c: [] for c in DELTA.columns}
    for change in change_log.changes:
        for name, value in change.record().items():
            columns[name].append(value)
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})


def _bullets(lines: list[str]) -> list[str]:
    if not lines:
        return ["None."]
    shown = [f"- {line}" for line in lines[:CHANGES_LIST_LIMIT]]
    if len(lines) > CHANGES_LIST_LIMIT:
        shown.append(f"- ... and {len(lines) - CHANGES_LIST_LIMIT} more")
    return shown


def _fmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_json_default)
    return str(value)


def changes_md(previous_folder: Path | None, tables: Mapping[str, pd.DataFrame],
               meta: Mapping[str, Any], change_log: delta.Delta | None = None,
               rendered: Mapping[str, Rendered] | None = None,
               prev: Mapping[str, delta.Table] | None = None) -> str:
    """CHANGES.md of a release against the previous release folder (None: first release).
    `rendered` and `prev` spare a publisher that has them a second rendering and reading (at
    1,000 reports each cost seconds)."""
    rendered = rendered if rendered is not None else {t.name: t for t in _render_all(tables)}
    prev = delta.read_release(previous_folder) if prev is None else prev
    change_log = change_log or release_delta(previous_folder, rendered, meta, prev)
    version = meta.get("version", "unversioned")
    out = [f"# Changes in release {version}", ""]
    if previous_folder is None:
        out += ["First release: there is no previous release to compare with.", ""]
    else:
        out += [f"Compared with release {Path(previous_folder).name}.", ""]
    out += ["## Rows per table", "", "| table | rows | change |", "|---|---:|---:|"]
    for name in TABLES:
        if name not in rendered and name not in prev:
            continue
        n_new = rendered[name].n_rows if name in rendered else 0
        n_old = len(prev[name].rows) if name in prev else 0
        out.append(f"| {name} | {n_new} | {n_new - n_old:+d} |")
    out.append("")
    out += _columns_section(rendered, prev)
    out += delta.changes_sections(change_log)
    out += _meta_sections(meta)
    out += delta.quality_section(delta.read_quality(previous_folder), delta.quality_of(meta))
    return "\n".join(out).rstrip("\n") + "\n"


def _columns_section(rendered: dict, prev: Mapping[str, delta.Table]) -> list[str]:
    lines = []
    for name, table in rendered.items():
        if name not in prev:
            continue
        new_cols = [c.name for c in table.columns]
        old_cols = prev[name].header
        lines += [f"{name}: column `{c}` added" for c in new_cols if c not in old_cols]
        lines += [f"{name}: column `{c}` removed" for c in old_cols if c not in new_cols]
    return ["## Columns", "", *_bullets(lines), ""] if lines else []


def _meta_sections(meta: Mapping[str, Any]) -> list[str]:
    rejected = []
    for item in meta.get("rejected_sources") or []:
        if isinstance(item, Mapping):
            path = item.get("file") or item.get("path") or "?"
            reason = item.get("reason") or item.get("message") or item.get("reason_code") or ""
            rejected.append(f"`{path}`: {reason}")
        else:
            rejected.append(str(item))
    curation = []
    for item in meta.get("curation") or []:
        if isinstance(item, Mapping):
            curation.append(", ".join(f"{k}={_fmt_value(item[k])}" for k in sorted(item)))
        else:
            curation.append(str(item))
    skipped = [str(x) for x in meta.get("curation_problems") or []]
    judged = [str(x) for x in meta.get("judgement_notes") or []]
    lines = [
        f"## Rejected sources ({len(rejected)})", "", *_bullets(sorted(rejected)), "",
        f"## Curation applied ({len(curation)})", "", *_bullets(curation), "",
    ]
    if skipped:
        lines += [f"## Curation skipped ({len(skipped)})", "", *_bullets(skipped), ""]
    if judged:
        lines += [f"## Person judgements: conflicts and skipped entries ({len(judged)})", "", *_bullets(judged), ""]
    return lines


# --------------------------------------------------------------------------- verify


def _count_rows(path: Path, fmt: str) -> int:
    if fmt == "parquet":
        return pq.ParquetFile(path).metadata.num_rows
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
    return max(sum(1 for _ in reader) - 1, 0)


def verify_release(folder: Path, *, rows: bool = True) -> list[str]:
    """Problems of a release folder (empty list: every file matches datapackage.json).

    rows=False skips counting each table's rows again: for a folder this project's writer made,
    whose package counted the rows it rendered, equal bytes and sha256 already prove them (the
    count parses every CSV cell: a second of each 1,000-report build's index, for nothing)."""
    folder = Path(folder)
    pkg_path = folder / DATAPACKAGE
    if not pkg_path.is_file():
        return [f"{folder.name}: {DATAPACKAGE} missing"]
    try:
        pkg = json.loads(pkg_path.read_bytes().decode("utf-8"))
        resources = list(pkg["resources"])
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{folder.name}: {DATAPACKAGE} unreadable: {exc}"]
    problems = []
    expected = {DATAPACKAGE, CITATION, codebook.CODEBOOK, codebook.VIEWS, *AGAINST_PREVIOUS}
    for res in resources:
        problems += _verify_resource(folder, res, rows=rows)
        if isinstance(res, dict) and isinstance(res.get("path"), str):
            expected.add(res["path"])
    for child in sorted(folder.iterdir()):
        if child.name not in expected and not _is_query_file(child.name):
            problems.append(f"{child.name}: unexpected file in the release folder")
    return problems


def _is_query_file(name: str) -> bool:
    return name.startswith(codebook.QUERY_PREFIX) and name.endswith(".sql") and "/" not in name


def fetch_release(url: str, dest: Path, timeout: float = 60.0) -> list[str]:
    """Download the release published at `url` (datapackage.json and every resource it lists) into
    `dest`, then verify it; returns the problems (empty: every file matches its sha256).

    Files already in `dest` with the right hash are not downloaded again, so `dest` works as a
    cache. Only plain file names listed by the package are fetched (never a path the package
    could use to write outside `dest`).
    """
    from urllib.request import urlopen

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    base = url.rstrip("/") + "/"

    def get(name: str) -> bytes:
        with urlopen(base + name, timeout=timeout) as resp:  # noqa: S310 (http(s) only, checked by caller)
            return resp.read()

    (dest / DATAPACKAGE).write_bytes(get(DATAPACKAGE))
    pkg = json.loads((dest / DATAPACKAGE).read_bytes().decode("utf-8"))
    for res in pkg.get("resources", []):
        name = res.get("path") if isinstance(res, dict) else None
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            continue  # verify_release names it
        target = dest / name
        if target.is_file() and not _verify_resource(dest, res):
            continue
        tmp = target.with_name(f".{name}.part")
        tmp.write_bytes(get(name))
        os.replace(tmp, target)
    for extra in (*sorted(AGAINST_PREVIOUS), CITATION, codebook.CODEBOOK, codebook.VIEWS,
                  *codebook.example_queries()):
        try:
            (dest / extra).write_bytes(get(extra))
        except OSError:
            pass  # optional files of a release
    return verify_release(dest)


def _verify_resource(folder: Path, res: Any, *, rows: bool = True) -> list[str]:
    if not isinstance(res, dict) or not isinstance(res.get("path"), str):
        return [f"resource without a path: {res!r}"]
    rel = res["path"]
    if "/" in rel or "\\" in rel or rel.startswith("."):
        return [f"{rel}: resource path must be a plain file name in the folder"]
    path = folder / rel
    if not path.is_file():
        return [f"{rel}: file missing"]
    data = path.read_bytes()
    problems = []
    if res.get("bytes") != len(data):
        problems.append(f"{rel}: {len(data)} bytes, datapackage says {res.get('bytes')}")
    if res.get("hash") != f"sha256:{_sha256(data)}":
        problems.append(f"{rel}: sha256 does not match datapackage.json")
    if not rows:
        return problems
    try:
        rows = _count_rows(path, res.get("format", path.suffix.lstrip(".")))
    except Exception as exc:  # a corrupt file is a problem to report, not a crash
        return problems + [f"{rel}: unreadable ({type(exc).__name__}: {exc})"]
    if rows != res.get("rows"):
        problems.append(f"{rel}: {rows} rows, datapackage says {res.get('rows')}")
    return problems


# --------------------------------------------------------------------------- publish


def version_key(version: str) -> tuple:
    """Order versions numerically by dot-separated parts ("2024.07.20.10" > "2024.07.20.9")."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))


def _release_dirs(releases_dir: Path) -> list[Path]:
    dirs = [
        p for p in releases_dir.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        and p.name != LATEST and (p / DATAPACKAGE).is_file()
    ]
    return sorted(dirs, key=lambda p: version_key(p.name))


def release_folders(releases_dir: Path) -> list[Path]:
    """The published release folders of a releases directory, oldest version first."""
    return _release_dirs(Path(releases_dir)) if Path(releases_dir).is_dir() else []


def previous_release(releases_dir: Path) -> Path | None:
    """The release folder `latest` points to, resolved; None when there is none."""
    link = Path(releases_dir) / LATEST
    if not link.exists():
        return None
    target = link.resolve()
    return target if (target / DATAPACKAGE).is_file() else None


def _replace_symlink(link: Path, target_name: str) -> None:
    tmp = link.with_name(f"{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target_name, tmp)  # relative: the releases folder can be moved or mounted
    os.replace(tmp, link)
    _fsync_dir(link.parent)


def _make_writable(path: Path) -> None:
    for p in [path, *path.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)


def recover(releases_dir: Path) -> list[str]:
    """Undo what a crashed publish left; returns what was done. Call with the lock held."""
    done = []
    for leftover in sorted(releases_dir.glob(STAGING_PREFIX + "*")):
        _make_writable(leftover)
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        done.append(f"removed {leftover.name}")
    for leftover in sorted(releases_dir.glob(SPILL_PREFIX + "*")):
        if _spill_is_dead(leftover):  # a live one is another build rendering its tables
            shutil.rmtree(leftover, ignore_errors=True)
            done.append(f"removed {leftover.name}")
    for leftover in sorted([*releases_dir.glob(f"{LATEST}.tmp-*"),
                            *releases_dir.glob(f"{INDEX}.tmp-*")]):
        leftover.unlink()
        done.append(f"removed {leftover.name}")
    link = releases_dir / LATEST
    if link.exists() and not link.is_symlink():
        raise ReleaseError(f"{link} is not a symlink; refusing to touch it")
    if previous_release(releases_dir) is None:
        complete = [p for p in _release_dirs(releases_dir) if not verify_release(p)]
        if complete:
            _replace_symlink(link, complete[-1].name)
            done.append(f"latest -> {complete[-1].name}")
        elif link.is_symlink():
            link.unlink()
            done.append("removed dangling latest")
    return done


def _delta_counts(folder: Path) -> dict[str, dict[str, int]] | None:
    path = folder / DELTA_FILES[0]
    if not path.is_file():
        return None  # a release made before the delta existed
    # two columns of the Parquet file, not every cell of the CSV (150,000 rows on a first build
    # of 1,000 reports)
    table = pq.read_table(path, columns=["entity", "change"])
    counts: dict[str, dict[str, int]] = {}
    for entity, change in zip(table.column("entity").to_pylist(), table.column("change").to_pylist(), strict=True):
        counts.setdefault(entity, {})
        counts[entity][change] = counts[entity].get(change, 0) + 1
    return counts


INDEX_FIELDS = {"version", "path", "date", "rows", "files", "quality", "delta", "previous", "citation",
                "datapackage_sha256"}


def index_entry(folder: Path) -> dict[str, Any]:
    """What index.json says of one release: date, rows, every file's size and sha256, quality, delta."""
    data = (folder / DATAPACKAGE).read_bytes()
    pkg = json.loads(data)
    rows = {r["path"].rsplit(".", 1)[0]: r["rows"] for r in pkg["resources"]
            if r.get("format") == "parquet"}
    files = {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p.read_bytes())}
             for p in sorted(folder.iterdir()) if p.is_file()}
    created = pkg.get("created")
    return {"version": folder.name, "path": folder.name, "date": created[:10] if created else None,
            "rows": rows, "files": files, "quality": delta.quality_of(pkg),
            "delta": _delta_counts(folder), "previous": _previous_of(folder),
            "citation": pkg.get("citation"), "datapackage_sha256": _sha256(data)}


def _previous_of(folder: Path) -> str | None:
    """The release a folder's CHANGES.md compared with (its first lines say so)."""
    path = folder / CHANGES
    if not path.is_file():
        return None
    match = re.search(r"^Compared with release (\S+)\.$", path.read_text(encoding="utf-8")[:2000], re.M)
    return match.group(1) if match else None


def _unchanged_entry(folder: Path, entry: Any) -> bool:
    """Whether the previous index's entry still describes `folder`: the same files with the
    same sizes and the same datapackage.json (whose sha256 is checked). Releases are immutable,
    so a build re-hashes only the folder it published, not every earlier release (that was
    O(releases x size): 7 s of adding one report to a 1,000-report build with eight releases);
    `civic verify` still checks every byte of a release."""
    if not isinstance(entry, dict) or set(entry) != INDEX_FIELDS or not isinstance(entry["files"], dict):
        return False  # missing, damaged, or written by a code version with other fields
    try:
        present = {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()}
        listed = {name: f.get("bytes") for name, f in entry["files"].items()}
        return present == listed and entry.get("datapackage_sha256") == _sha256((folder / DATAPACKAGE).read_bytes())
    except (OSError, AttributeError):
        return False


def _previous_index(releases_dir: Path) -> dict[str, Any]:
    """{version: entry} of the index.json a build found (empty when missing or unreadable)."""
    try:
        index = json.loads((releases_dir / INDEX).read_bytes().decode("utf-8"))
        return {e["version"]: e for e in index["releases"] if isinstance(e, dict) and "version" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_index(releases_dir: Path, latest: str) -> None:
    known = _previous_index(releases_dir)
    releases = []
    for folder in _release_dirs(releases_dir):
        if _unchanged_entry(folder, known.get(folder.name)):
            releases.append(known[folder.name])
        elif not verify_release(folder, rows=False):
            releases.append(index_entry(folder))
    tmp = releases_dir / f"{INDEX}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(_json_bytes({"latest": latest, "releases": releases}))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, releases_dir / INDEX)
    _fsync_dir(releases_dir)


def _same_content(folder: Path, files: Mapping[str, tuple[int, str]]) -> bool:
    """Equal files (by size and sha256) except those written against the previous release
    (AGAINST_PREVIOUS)."""
    ignored = AGAINST_PREVIOUS
    present = {p.name for p in folder.iterdir()} - ignored
    wanted = set(files) - ignored
    if present != wanted:
        return False
    return all(_file_digest(folder / n) == files[n] for n in sorted(wanted))


def _same_sizes(folder: Path, table_files: Mapping[str, tuple[int, str]]) -> bool:
    """The folder's table files have these names and sizes (a quick test before `_same_content`)."""
    try:
        present = {p.name: p.stat().st_size for p in folder.iterdir() if p.suffix in (".parquet", ".csv")}
    except OSError:
        return False
    present = {n: size for n, size in present.items() if n not in DELTA_FILES}
    return present == {n: size for n, (size, _) in table_files.items()}


def _same_tables(folder: Path, table_files: Mapping[str, tuple[int, str]]) -> bool:
    """The folder holds exactly these table files, byte for byte by size and sha256 (other files
    aside; the delta is no table: it compares with the release before)."""
    return _same_sizes(folder, table_files) and \
        all(_file_digest(folder / n) == digest for n, digest in sorted(table_files.items()))


def _version_candidates(base: str) -> Iterator[str]:
    yield base
    for n in range(1, MAX_BUMPS + 1):
        yield f"{base}.{n}"


def _base_version(meta: Mapping[str, Any], version: str | None) -> str:
    if version is None:
        when = meta.get("release_date")
        if when is None:
            raise ReleaseError("publish needs a version or meta['release_date']")
        version = _to_date(when).strftime("%Y.%m.%d")
    if not VERSION_RE.match(version) or version == LATEST:
        raise ReleaseError(f"invalid release version {version!r}")
    return version


@contextmanager
def _publish_lock(releases_dir: Path, timeout: float):
    lock = filelock.FileLock(releases_dir / LOCK, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise PublishLockTimeout(
            f"another build has been publishing into {releases_dir} for more than {timeout:g} s "
            f"(lock {releases_dir / LOCK}); try again later or raise the timeout"
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _stage(releases_dir: Path, version: str, files: Mapping[str, bytes], spill: _Spill,
           order: Iterable[str]) -> Path:
    """The release folder under a staging name: the spilled table files moved in, the others
    written, in `order` (the crash hook counts both)."""
    staging = releases_dir / f"{STAGING_PREFIX}{version}-{os.getpid()}"
    staging.mkdir()
    writer = _Writer()
    for name in order:
        if name in spill.files:
            os.rename(spill.dir / name, staging / name)
            writer.placed()
        else:
            writer.write(staging / name, files[name])
        (staging / name).chmod(0o444)
    _fsync_dir(staging)
    return staging


def publish(tables: Mapping[str, pd.DataFrame], meta: Mapping[str, Any], releases_dir: Path,
            version: str | None = None, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Path:
    """Publish a release folder atomically; returns it (an existing one if content is equal).

    When every table file is byte-identical to the release `latest` points to, nothing is
    written and that release is returned: a release is a change of the data, not of the build
    (its CHANGES.md would list nothing; curation problems or scores alone make no new version).

    version defaults to meta["release_date"] as YYYY.MM.DD. An existing folder of that version
    with other content is never overwritten: the version is bumped to <version>.1, .2, ...
    `latest` then points to the returned folder and index.json lists every complete release.
    Holds releases_dir/.publish.lock: a second build waits up to lock_timeout seconds, then
    raises PublishLockTimeout. Leftovers of a crashed publish are cleaned first (recover()).
    """
    releases_dir = Path(releases_dir)
    releases_dir.mkdir(parents=True, exist_ok=True)
    # The release README is a template: "{version}" becomes the version actually published.
    readme = meta.get("readme")
    meta = {k: v for k, v in meta.items() if k != "readme"}
    base = _base_version(meta, version)
    spill = _Spill(releases_dir)
    try:
        rendered = []
        for table in _render_each(tables):  # one table's typed values at a time
            spill.add(table)
            # what is read of it from here on: the CSV cells (change log), the page's columns, and
            # every column of the reports (the package lists them as sources and dates the release)
            table.drop_values(None if table.name == "reports" else page.READS.get(table.name, ()))
            rendered.append(table)
        table_files = dict(spill.files)
        with _publish_lock(releases_dir, lock_timeout):
            recover(releases_dir)
            latest = previous_release(releases_dir)
            if latest is not None and _same_tables(latest, table_files):
                return latest  # no table changed: a release would only renumber the same data
            for candidate in _version_candidates(base):
                target = releases_dir / candidate
                taken = target.exists() or target.is_symlink()
                if taken and not (target.is_dir() and _same_sizes(target, table_files)):
                    # another release of that version: its table files' sizes tell it apart without
                    # making this one's package for each (a day with 35 releases spent 2 s on them)
                    continue
                release_meta = {**meta, "version": candidate}
                package = _package(rendered, table_files, release_meta)
                files = {**_documents(candidate, package, [t.name for t in rendered]),
                         DATAPACKAGE: _json_bytes(package)}
                if taken:
                    if _same_content(target, {**table_files, **_digests(files)}):
                        return _finish(releases_dir, target)  # already published
                    continue
                previous = previous_release(releases_dir)
                by_name, prev_tables = {t.name: t for t in rendered}, delta.read_release(previous)
                change_log = release_delta(previous, by_name, release_meta, prev_tables)
                spill.add(render(delta_frame(change_log), DELTA.name))
                changes = changes_md(previous, tables, release_meta, change_log, by_name, prev_tables)
                files[CHANGES] = changes.encode("utf-8")
                if readme:
                    files[README] = readme.replace("{version}", candidate).encode("utf-8")
                files[PAGE] = _page(rendered, package, release_meta, changes,
                                    {**spill.files, **_digests(files)}).encode("utf-8")
                # datapackage last: its presence marks a complete folder
                order = [*table_files, *DELTA_FILES, *sorted(n for n in files if n != DATAPACKAGE), DATAPACKAGE]
                staging = _stage(releases_dir, candidate, files, spill, order)
                os.rename(staging, target)
                target.chmod(0o555)
                _fsync_dir(releases_dir)
                return _finish(releases_dir, target)
    finally:
        spill.close()
    raise ReleaseError(f"more than {MAX_BUMPS} releases of version {base}")


def _documents(version: str, package: Mapping[str, Any], tables: list[str]) -> dict[str, bytes]:
    """The files that describe a release, from the contract: codebook, citation, views, queries."""
    created = package.get("created")
    date = created[:10] if created else None
    docs = {
        codebook.CODEBOOK: codebook.codebook_md(version, date),
        CITATION: citation.citation_cff(version, date),
        codebook.VIEWS: codebook.views_sql(version, [*tables, DELTA.name]),
        **codebook.example_queries(),
    }
    return {name: text.encode("utf-8") for name, text in docs.items()}


def _digests(files: Mapping[str, bytes]) -> dict[str, tuple[int, str]]:
    return {name: (len(data), _sha256(data)) for name, data in files.items()}


def _page(rendered: list[Rendered], package: Mapping[str, Any], meta: Mapping[str, Any],
          changes: str, files: Mapping[str, tuple[int, str]]) -> str:
    """index.html; `files`: (size, sha256) of every file of the folder by name."""
    # rows read by name through one shared column index (a dict per row of every table was
    # hundreds of MB at 1,000 reports), of the tables and columns the page reads only
    records = {}
    for t in rendered:
        if t.name not in page.READS:
            continue
        names = [c.name for c in t.columns]
        wanted = [n for n in (page.READS[t.name] or names) if n in names]
        index = {n: i for i, n in enumerate(wanted)}
        columns = [t.column(n) for n in wanted]
        records[t.name] = [delta.Row(index, row) for row in zip(*columns)] if columns else []
    listed = [(name, size, sha) for name, (size, sha) in sorted(files.items()) if name != PAGE]
    created = package.get("created")
    return page.release_page(
        version=str(package["version"]), release_date=created[:10] if created else None,
        records=records, quality=delta.quality_of(meta), changes_markdown=changes, files=listed,
        citation=package["citation"], licence=LICENSE,
        n_rejected=len(meta.get("rejected_sources") or []), counts={t.name: t.n_rows for t in rendered})


def _finish(releases_dir: Path, target: Path) -> Path:
    _replace_symlink(releases_dir / LATEST, target.name)
    _write_index(releases_dir, target.name)
    return target

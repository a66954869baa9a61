"""SQL over a release the way analysts use a SQL shell: every statement's result, dot commands,
and results as a table, CSV, JSON or a Parquet file.

What belongs here: what `civic query` does once it knows the release folder (cli.py finds it):
one DuckDB view per release table, the statements of a string split as DuckDB parses them, each
result printed (box, csv or json) or written to a file (csv, json, parquet), and the prompt's
commands (.tables, .schema, .mode, .help, .quit). DuckDB does the SQL; no Dagster.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import duckdb

MODES = ("box", "csv", "json")
FILE_FORMATS = ("csv", "json", "parquet")
MAX_COL_WIDTH = 60  # box mode: longer cells (evidence sentences) are cut; csv and json never cut

HELP = """\
Statements end with ';' (the last one may end with the input). Commands:
  .tables               the release's tables
  .schema [TABLE]       columns and types of every table, or of one
  .mode box|csv|json    how results are printed (now: {mode}); box shows every column
  .help                 this text
  .quit                 leave (also .exit or Ctrl-D)
Example: select event_type, count(*) n from incidents group by 1 order by 2 desc;
"""


def open_release(con: duckdb.DuckDBPyConnection, release: str, tables: Iterable[str]) -> list[str]:
    """One DuckDB view per table of a release (a folder or an http(s) base URL); returns the names."""
    names = []
    remote = release.startswith(("http://", "https://", "s3://", "gs://"))
    for name in tables:
        location = f"{release.rstrip('/')}/{name}.parquet" if remote else str(Path(release) / f"{name}.parquet")
        if not remote and not Path(location).exists():
            continue
        # The relation API quotes the path for us: no SQL is built from file names.
        con.read_parquet(location).create_view(name, replace=True)
        names.append(name)
    return names


def statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The statements of `sql`, split by DuckDB's own parser (a ';' inside a string stays)."""
    return [s.query.strip() for s in con.extract_statements(sql) if s.query.strip(" ;\n\t")]


def _cell(value) -> str:
    """A value as the release CSVs write it: lists joined with '|', ISO dates, '' for null."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"not JSON: {value!r}")


def emit(rel: duckdb.DuckDBPyRelation, mode: str, out: TextIO, max_rows: int | None = None) -> None:
    """Print a result: `box` (DuckDB's table, every column, long cells cut), `csv` or `json`
    (an array of objects; every row and cell)."""
    if mode == "box":
        if out is sys.stdout:
            rel.show(max_rows=max_rows, max_width=1_000_000, max_col_width=MAX_COL_WIDTH)
        else:
            out.write(str(rel) + "\n")
        return
    columns, rows = rel.columns, rel.fetchall()
    if mode == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
    elif mode == "json":
        out.write(json.dumps([dict(zip(columns, row)) for row in rows], default=_json_value,
                             ensure_ascii=False, indent=1) + "\n")
    else:
        raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")


def write(rel: duckdb.DuckDBPyRelation, fmt: str, path: Path) -> None:
    """Write a result to a file: csv, json (as `emit` prints them) or parquet (DuckDB's writer)."""
    if fmt == "parquet":
        rel.write_parquet(str(path))
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        emit(rel, fmt, fh)


class Session:
    """A connection with the release's views, a print mode, and where results go."""

    def __init__(self, con: duckdb.DuckDBPyConnection, names: list[str], mode: str = "box",
                 out: TextIO | None = None, err: TextIO | None = None, max_rows: int | None = None):
        self.con, self.names, self.mode, self.max_rows = con, names, mode, max_rows
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def run(self, sql: str, output: tuple[str, Path] | None = None) -> bool:
        """Run every statement of `sql`, printing each result; with `output` (format, path) the
        last statement's result goes to that file instead. False after the first error."""
        try:
            parts = statements(self.con, sql)
        except duckdb.Error as exc:
            self.err.write(f"error: {exc}\n")
            return False
        for i, part in enumerate(parts):
            try:
                rel = self.con.sql(part)
                if rel is None:
                    continue  # a statement without a result (CREATE, SET, ...)
                if output is not None and i == len(parts) - 1:
                    write(rel, output[0], output[1])
                    self.err.write(f"wrote {output[1]} ({output[0]})\n")
                else:
                    emit(rel, self.mode, self.out, self.max_rows)
            except duckdb.Error as exc:
                self.err.write(f"error: {exc}\n")
                return False
        return True

    def command(self, line: str) -> bool:
        """A dot command; False when it asks to leave."""
        word, *args = line.split()
        if word in (".quit", ".exit"):
            return False
        if word == ".help":
            self.out.write(HELP.format(mode=self.mode))
        elif word == ".tables":
            self.out.write("  ".join(self.names) + "\n")
        elif word == ".schema":
            self._schema(args[0] if args else None)
        elif word == ".mode" and len(args) == 1 and args[0] in MODES:
            self.mode = args[0]
        elif word == ".mode":
            self.out.write(f"mode is {self.mode}; .mode {'|'.join(MODES)}\n")
        else:
            self.out.write(f"unknown command {word}; .help lists them\n")
        return True

    def _schema(self, table: str | None) -> None:
        if table is not None and table not in self.names:
            self.out.write(f"no table {table}; .tables lists them\n")
            return
        for name in [table] if table else self.names:
            cols = self.con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_name = ? order by ordinal_position", [name]).fetchall()
            self.out.write(f"{name}(\n" + ",\n".join(f"  {c} {t}" for c, t in cols) + "\n)\n")


def prompt(session: Session, lines: TextIO, interactive: bool) -> int:
    """Read statements and commands until .quit or the end of input (which runs a statement
    left without ';'). Prompts are shown only to a terminal, so piped input prints results only."""
    if interactive:
        session.out.write(f"tables: {', '.join(session.names)}; end a statement with ';', "
                          f".help for commands, .quit or Ctrl-D to leave\n")
    buffer = ""
    while True:
        if interactive:
            try:  # input() gives line editing and history on a terminal
                line = input("civic> " if not buffer else "  ...> ") + "\n"
            except EOFError:
                line = ""
        else:
            line = lines.readline()
        if not line:  # end of input: what is left is a statement too
            if buffer.strip():
                session.run(buffer)
            if interactive:
                session.out.write("\n")
            return 0
        if not buffer and line.strip().startswith("."):
            if not session.command(line.strip()):
                return 0
            continue
        if not buffer and line.strip() in ("\\q", "exit", "quit"):
            return 0
        buffer += line
        if buffer.strip().endswith(";"):
            session.run(buffer)
            buffer = ""

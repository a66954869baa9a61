"""Build progress and structured logs for `civic build`: a Dagster logger attached to the run.

The per-report step (report_extraction) logs one line per report, "report <id> (<file>, <n>
characters): ..." when it is extracted or left out (and a warning "report <id> not read" before
that for a file it could not read); counting the former gives the bar (reports done of total, with time left from tqdm's rate). With `--log-format json` every Dagster log record of
the run is written to stderr as one JSON object (time, level, step, report, event, message), for
log collectors; the bar is off then. The bar is drawn only on a terminal (tqdm's disable=None).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from contextlib import contextmanager

import dagster as dg
from tqdm import tqdm

PER_REPORT_STEPS = ("report_extraction",)
REPORT_LINE = re.compile(r"^report ([0-9a-f]{16})\b")
# a warning before the report's own line, not its end (a line per report and no more: each log
# line is an event Dagster stores on its own, a second line per report cost ~8 ms a report)
NOT_READ_LINE = re.compile(r"^report [0-9a-f]{16} not read\b")


class Progress:
    """Which reports have finished, from the run's log lines."""

    def __init__(self, reports: int):
        self.reports = reports
        self.finished: set[str] = set()

    def observe(self, step: str | None, message: str) -> bool:
        """True when the line tells of one more report extracted or left out."""
        match = REPORT_LINE.match(message or "")
        if step not in PER_REPORT_STEPS or not match or NOT_READ_LINE.match(message):
            return False
        if match.group(1) in self.finished:
            return False
        self.finished.add(match.group(1))
        return True

    @property
    def steps_total(self) -> int:
        return self.reports

    @property
    def reports_done(self) -> int:
        return len(self.finished)


def record_fields(record: logging.LogRecord) -> dict:
    """The structured fields of a Dagster log record."""
    meta = getattr(record, "dagster_meta", None) or {}
    message = meta.get("orig_message") or record.getMessage()
    event = meta.get("dagster_event")
    match = REPORT_LINE.match(message or "")
    return {
        "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
        "level": record.levelname.lower(),
        "step": meta.get("step_key"),
        "report": match.group(1) if match else None,
        "event": getattr(event, "event_type_value", None),
        "message": message,
    }


class Tracker:
    """The bar (or the JSON stream) of one build. Dagster starts the run's loggers more than once
    in one process (run level and step level), so the state lives here, once, not in them."""

    def __init__(self, reports: int, fmt: str = "text", stream=None):
        self.fmt = fmt
        self.stream = stream or sys.stderr
        self.progress = Progress(reports)
        self.bar = tqdm(total=self.progress.steps_total, desc=f"reports 0/{reports}", unit="report",
                        file=self.stream, disable=True if fmt == "json" else None, leave=True,
                        bar_format="{desc} {bar} {percentage:3.0f}% [{elapsed}<{remaining}]")

    def record(self, record: logging.LogRecord) -> None:
        fields = record_fields(record)
        if self.fmt == "json":
            self.stream.write(json.dumps(fields, ensure_ascii=False, default=str) + "\n")
            self.stream.flush()
        if self.progress.observe(fields["step"], fields["message"]):
            self.bar.update(1)
            self.bar.set_description(f"reports {self.progress.reports_done}/{self.progress.reports}")

    def close(self) -> None:
        self.bar.close()


_active: Tracker | None = None


@contextmanager
def tracking(reports: int, fmt: str = "text", stream=None):
    """Show the progress of the build run inside this block (fmt "text": a bar; "json": log lines)."""
    global _active
    _active = Tracker(reports, fmt, stream)
    try:
        yield _active
    finally:
        _active.close()
        _active = None


class _Forward(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if _active is not None:
            _active.record(record)


@dg.logger(description="Forwards the run's log records to the progress bar or JSON lines of civic build.")
def build_progress(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.Logger("civic.build", level=logging.DEBUG)
    logger.addHandler(_Forward(level=logging.DEBUG))
    return logger

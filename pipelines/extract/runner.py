"""Runs the per-report work of many reports: in parallel worker processes, each report under a
hard time limit, with a content-addressed cache of results. No Dagster import.

What belongs here: the time limit of one report (`TimeLimit`), the cache key and cache files,
and `run_reports`, which gives every report either its rows or a failure reason. The work
itself is pipelines.extract.work.extract_report.

- **Time limit.** A report gets `base_s` seconds plus `per_100kb_s` per 100 KB of cleaned text
  (README, "Limits"). Past it, its worker process is killed (SIGTERM, then SIGKILL: a stuck regex
  or parser cannot ignore it) and replaced, and the report fails with reason `timeout`; the
  other reports go on. The pool is pebble's ProcessPool, which does exactly this; the
  standard library's pools cannot kill one task's worker.
- **Parallel, reused, bounded.** `workers` processes (default: every core) are reused across
  reports, so a model loaded lazily by a stage loads once per process, and each is replaced
  after `max_tasks_per_child` reports, which bounds the memory a long build can accumulate.
  Workers are forked from the building process, which has already imported the stages.
- **Cache.** A result is stored under `cache_dir/<extractor version>/` by the sha256 of what
  the work reads: the report id (itself the sha256 of the file's bytes), its cleaned text and
  metadata. The extractor version (pipelines.extract.work.extractor_version) changes with any
  code or data file of the stages, so a new extractor re-extracts every report once and
  versions no longer in use are deleted. Failures of a stage are cached (the same code fails
  the same way on the same text); timeouts are not (a busy machine may have caused them).
  Entries are pickles of the stage's own rows, because they must come back exactly (dates,
  Decimals, tuples) for a cached build to be byte-identical to an uncached one; the cache is the
  build's own output, as trusted as the warehouse beside it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import time
from collections import deque
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessPool

from pipelines.extract.work import StageError, extract_report, extractor_version, warm_up

TIMEOUT = "timeout"
FAILED = "extraction_failed"


@dataclass(frozen=True)
class TimeLimit:
    """Seconds one report may take: `base_s` plus `per_100kb_s` for every 100 KB of text."""

    base_s: float = 60.0
    per_100kb_s: float = 10.0

    def seconds(self, text: str) -> float:
        return self.base_s + self.per_100kb_s * len(text.encode("utf-8")) / 100_000


@dataclass
class Job:
    report_id: str
    text: str
    meta: dict  # title, publisher, country, period_start, period_end (ISO strings or None)


@dataclass
class Outcome:
    """Rows of one report, or why there are none: `code` is `timeout` or `extraction_failed`."""

    report_id: str
    rows: dict[str, list[dict]] = field(default_factory=dict)
    code: str | None = None
    error: str | None = None
    cached: bool = False
    seconds: float = 0.0

    @property
    def reason(self) -> str | None:
        return f"{self.code}: {self.error}" if self.code else None


def cache_key(job: Job, version: str) -> str:
    h = hashlib.sha256()
    for part in (version, job.report_id, json.dumps(job.meta, sort_keys=True, default=str), job.text):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


class Cache:
    """Per-report results under `root/<version>/<key[:2]>/<key>.pkl`, written atomically."""

    def __init__(self, root: Path | None, version: str):
        self.folder = Path(root) / _safe(version) if root else None
        self.version = version
        if self.folder is not None and self.folder.parent.exists():
            for old in self.folder.parent.iterdir():
                if old.is_dir() and old.name != self.folder.name:
                    shutil.rmtree(old, ignore_errors=True)  # results of an extractor no longer in use

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl"

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        try:
            with self._path(key).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None  # absent, or cut short by a crash: extract again

    def put(self, key: str, value: dict) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)


def _safe(version: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in version)


def _work(job: Job) -> dict:
    """In the worker: rows, or the stage error as data (an exception's traceback object does
    not cross processes; its message, made in the worker, does)."""
    start = time.perf_counter()
    try:
        rows = extract_report(job.report_id, job.text, job.meta)
        return {"rows": rows, "seconds": time.perf_counter() - start}
    except StageError as exc:
        return {"error": str(exc), "seconds": time.perf_counter() - start}


def run_reports(
    jobs: list[Job],
    *,
    workers: int | None = None,
    limit: TimeLimit = TimeLimit(),
    cache_dir: Path | None = None,
    max_tasks_per_child: int = 100,
    on_done=None,
) -> dict[str, Outcome]:
    """Every job's outcome, keyed by report id. `on_done(outcome)` is called as each finishes
    (for logging); the result does not depend on the order in which workers finish."""
    version = extractor_version()
    cache = Cache(cache_dir, version)
    outcomes: dict[str, Outcome] = {}
    pending: list[tuple[Job, str]] = []
    for job in jobs:
        key = cache_key(job, version)
        hit = cache.get(key)
        if hit is None:
            pending.append((job, key))
            continue
        outcomes[job.report_id] = _outcome(job, hit, cached=True)
        if on_done:
            on_done(outcomes[job.report_id])
    if pending:
        warm_up()
        workers = max(1, min(workers or os.cpu_count() or 1, len(pending)))
        # fork: workers inherit the imported stages (and anything a test patched into them)
        with ProcessPool(max_workers=workers, max_tasks=max_tasks_per_child,
                         context=multiprocessing.get_context("fork")) as pool:
            futures = deque((job, key, pool.schedule(_work, (job,), timeout=limit.seconds(job.text)))
                            for job, key in pending)
            while futures:
                # taken off the queue as it is read: a future keeps its result, and a list of
                # every future held every report's rows until the last one (a gigabyte per few
                # thousand reports) after on_done had packed and let them go
                job, key, future = futures.popleft()
                try:
                    value = future.result()
                except FutureTimeout:
                    seconds = limit.seconds(job.text)
                    outcome = Outcome(job.report_id, code=TIMEOUT, seconds=seconds,
                                      error=f"per-report time limit of {seconds:.1f} s exceeded; the worker was killed")
                except Exception as exc:  # the worker died (out of memory, a crash in C code)
                    outcome = Outcome(job.report_id, code=FAILED, error=f"worker process failed: {type(exc).__name__}: {exc}")
                else:
                    cache.put(key, value)
                    outcome = _outcome(job, value, cached=False)
                outcomes[job.report_id] = outcome
                if on_done:
                    on_done(outcome)
    return outcomes


def _outcome(job: Job, value: dict, cached: bool) -> Outcome:
    if "error" in value:
        return Outcome(job.report_id, code=FAILED, error=value["error"], cached=cached, seconds=value["seconds"])
    return Outcome(job.report_id, rows=value["rows"], cached=cached, seconds=value["seconds"])

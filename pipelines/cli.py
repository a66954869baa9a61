"""The `civic` command: build, query, review, verify, evaluate, sources. Thin: the work is in the assets and core.

Exit status: 0 on success (also when some input files were rejected: they are named, and the
other reports are published), 1 when the pipeline or a check failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
import warnings
from pathlib import Path

EXAMPLES = """\
examples (they work from any folder of the project; --root names another project):
  civic build                  build a release from sources/ into outputs/releases/
  civic sources                list the report files and why any are rejected
  civic query "select event_type, count(*) n from incidents group by 1 order by 2 desc"
  civic query "select count(*) from persons; select count(*) from person_redirects"
  civic query --format csv --output persons.csv "select * from persons"
  civic query --format json "select * from incidents limit 2"
  civic query --release outputs/releases/latest "select * from reports"
  civic query                  an interactive SQL prompt (.help lists its commands)
  civic review 000_bf2cf6556fc1d8c3.txt  a page to review one report's incidents
  civic verify                 check the latest release: its files, and that no id of an earlier one is lost
  civic evaluate               score the latest release against the gold files in sources/gold/
  civic evaluate --explain     the cause class of every miss and false row
"""

# Per command: examples that run as written from any folder of the project (tests parse each of them).
COMMAND_EXAMPLES = {
    "build": """\
examples:
  civic build                      progress bar on a terminal, per-report lines otherwise
  civic build -q                   warnings and the summary only
  civic build --log-format json    one JSON object per log record on stderr, for log collectors
  civic build --root /path/to/project
""",
    "sources": """\
examples:
  civic sources                    accepted files with their report id, rejected ones with the reason
  civic sources --root /path/to/project
""",
    "query": """\
examples:
  civic query "select event_type, count(*) from incidents group by 1 order by 2 desc"
  civic query --release outputs/releases/latest "select name, n_incidents from persons order by 2 desc limit 5"
  civic query "select count(*) from persons; select count(*) from person_redirects"
  civic query --format csv --output persons.csv "select * from persons"
  civic query --format json "select * from incidents limit 2"
  civic query                      an interactive SQL prompt over the latest release (.help lists its commands)
""",
    "review": """\
examples:
  civic review 000_bf2cf6556fc1d8c3.txt          writes outputs/review/<report_id>.html
  civic review sources/reports/000_bf2cf6556fc1d8c3.txt --out /tmp/review.html
  civic review c2c274abded540ed --release outputs/releases/latest
""",
    "verify": """\
examples:
  civic verify                     the latest release: its files, and that no id of an earlier release is lost
  civic verify outputs/releases/latest
""",
    "evaluate": """\
examples:
  civic evaluate                   the latest release against sources/gold
  civic evaluate --gold sources/gold --release outputs/releases/latest
  civic evaluate --explain         every miss and false row with its cause class, and the counts
""",
}

log = logging.getLogger("civic")


def _quiet_dagster(level: int) -> None:
    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    try:
        from dagster import BetaWarning, PreviewWarning

        warnings.filterwarnings("ignore", category=BetaWarning)
        warnings.filterwarnings("ignore", category=PreviewWarning)
    except ImportError:  # older/newer dagster without these classes
        pass
    logging.getLogger("dagster").setLevel(level)


def find_root(given: str | None = None) -> Path:
    """The project root: --root when given; else the nearest folder, from the current one
    upwards, that holds sources/reports/ or outputs/releases/; else the project this code is
    installed from (`pip install -e .`); else the current folder."""
    if given:
        return Path(given).resolve()
    here = Path.cwd().resolve()
    for folder in [here, *here.parents]:
        if (folder / "sources" / "reports").is_dir() or (folder / "outputs" / "releases").is_dir():
            return folder
    installed = Path(__file__).resolve().parents[1]
    return installed if (installed / "sources" / "reports").is_dir() else here


def cmd_sources(args) -> int:
    from pipelines.core.sources import scan_sources

    root = find_root(args.root)
    inv = scan_sources(root / "sources" / "reports", root)
    for sf in inv.accepted:
        print(f"accepted  {sf.report_id}  {sf.path}")
    for r in inv.rejected:
        print(f"rejected  {r.path}: {r.code}: {r.message}")
    print(f"{len(inv.accepted)} accepted, {len(inv.rejected)} rejected")
    return 0


BUILD_LOCK_TIMEOUT = 1800.0  # seconds a second build waits for the first before giving up


def build(root: Path, *, log_level: str = "INFO", lock_timeout: float = BUILD_LOCK_TIMEOUT,
          log_format: str = "none", extraction=None) -> tuple[bool, dict]:
    """Materialise every asset for every accepted report in one run; returns (success, summary).

    `extraction` (a pipelines.resources.ExtractionSettings) sets workers, the per-report time
    limit and the cache; the defaults are those the README states.
    One build at a time per project: the warehouse under outputs/ is shared, so a second build
    waits for the first (and then finds its release already published) or fails cleanly.
    """
    import filelock

    (root / "outputs").mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(root / "outputs" / ".build.lock"))
    try:
        with lock.acquire(timeout=lock_timeout):
            return _build_locked(root, log_level, log_format, extraction)
    except filelock.Timeout:
        return False, {"accepted": [], "rejected": [],
                       "error": f"another build holds {lock.lock_file} for more than {lock_timeout:.0f}s"}




# Dagster's own switch: a run over a range of reports records one "materialisation planned"
# event per asset with the range, not one per report and asset. Each event is a separate SQLite
# write (about 18 ms here): 4,018 of them took the first 74 s of a 1,000-report build, before any
# step ran, and 40,000 would take 12 minutes at 10,000. What it costs: the UI does not mark the
# partitions of a failed run as failed (report_status and the build's summary still name every
# report left out, with its reason). `make dev` sets it for the runs the UI and the sensor launch.
PLANNED_EVENTS_ENV = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


def dagster_home(root: Path) -> Path:
    """The Dagster home builds record their runs in: $DAGSTER_HOME when set (as for any Dagster
    tool), else the project's outputs/dagster_home/, which `make dev` hands to `dagster dev`.
    Created, with a dagster.yaml, on first use."""
    home = Path(os.environ["DAGSTER_HOME"]) if os.environ.get("DAGSTER_HOME") else root / "outputs" / "dagster_home"
    from pipelines.eventlog import HEADER, dagster_yaml

    home.mkdir(parents=True, exist_ok=True)
    config, wanted = home / "dagster.yaml", dagster_yaml(str(home.resolve()))
    # one a user wrote (without this project's header) is theirs and stays as it is
    current = config.read_text(encoding="utf-8") if config.exists() else None
    if current is None or (current != wanted and current.startswith(HEADER.splitlines()[0])):
        config.write_text(wanted, encoding="utf-8")
    return home


def _build_locked(root: Path, log_level: str, log_format: str = "none", extraction=None) -> tuple[bool, dict]:
    import dagster as dg

    from pipelines.core.release import previous_release
    from pipelines.core.sources import keep_converted, load_converted, scan_sources
    from pipelines.definitions import resources_for
    from pipelines.eventlog import BATCH_ENV, BATCH_SIZE
    from pipelines.ingest import stale
    from pipelines.ingest.assets import sync_partitions
    from pipelines.progress import tracking

    version = stale.per_report_version()
    # the single-file caches of builds before the shards (pipelines/shards.py), and the kept
    # previous-release persons (a cache of the release before last: it never hit after a publish),
    # are read by no one
    outputs = root / "outputs"
    for old in (outputs / "cache" / "converted.pickle", outputs / "cache" / "entities.pickle",
                *(outputs / "warehouse" / ".snapshots").glob("*.pickle"),
                *(outputs / "cache" / "previous").glob("*.pickle")):
        old.unlink(missing_ok=True)
    # the sources' converted texts, kept by content beside the extraction cache (same switch)
    converted = root / "outputs" / "cache" / "converted" if extraction is None or extraction.cache else None
    if converted:
        load_converted(converted, version)
    inv = scan_sources(root / "sources" / "reports", root)
    if converted:
        keep_converted(converted, version, {(sf.sha256, sf.fmt) for sf in inv.accepted})
    summary = {"accepted": [sf.path for sf in inv.accepted],
               "rejected": [(r.path, f"{r.code}: {r.message}") for r in inv.rejected]}
    if not inv.accepted:
        summary["error"] = "no readable report under sources/reports/"
        return False, summary
    instance = dg.DagsterInstance.from_config(str(dagster_home(root)))
    # One run of the build_release job over the report partitions whose inputs changed since the
    # warehouse got them (a single-run backfill of a range, as the UI's "Launch backfill" makes),
    # and the cross-report assets over all partitions; a range follows the instance's partition
    # order, so it is taken from there, not from a sort. Nothing changed: no partition runs.
    keys = sync_partitions(instance, [sf.report_id for sf in inv.accepted])
    resources = resources_for(str(root), extraction)
    cache_dir = resources["paths"].cache_dir
    fingerprints = {sf.report_id: stale.fingerprint(sf, version) for sf in inv.accepted}
    record = {k: v for k, v in stale.load_record(cache_dir).items() if k in fingerprints}
    todo = set(keys) if not resources["extraction"].cache else \
        stale.stale_reports(fingerprints, record, resources["paths"].warehouse_dir)
    run_keys = stale.run_range(keys, todo)
    summary["reports_run"] = len(run_keys)
    digest = stale.build_digest(root, fingerprints, summary["rejected"], resources["extraction"].model_dump())
    last = stale.unchanged_build(cache_dir, digest, previous_release(resources["paths"].releases_dir)) \
        if not run_keys and resources["extraction"].cache else None
    if last is not None:  # nothing a run reads has changed: the last build's release stands
        summary.update(release=last["release"], published=False, datapackage_sha256=last["datapackage_sha256"],
                       rejected=[tuple(r) for r in last.get("rejected", summary["rejected"])], run_id=None,
                       skipped=True, inventory_metadata=last.get("inventory_metadata", {}))
        return True, summary
    # the progress / structured-log logger beside the console one (log_format "text" or "json")
    logger_config = {"console": {"config": {"log_level": log_level}}}
    if log_format != "none":
        logger_config["progress"] = {}
    args = {"root": str(root), "extraction": resources["extraction"].model_dump(), "progress": log_format != "none"}
    if run_keys:
        options = {"tags": {"dagster/asset_partition_range_start": run_keys[0],
                            "dagster/asset_partition_range_end": run_keys[-1]}}
    else:  # the cross-report assets (and their checks) only, over the partitions the warehouse holds
        per_report = {dg.AssetKey(name) for name in stale.PER_REPORT_ASSETS}
        keys_of = release_job(**args).asset_layer.executable_asset_keys
        options = {"asset_selection": [k for k in keys_of if k not in per_report]}
    # execute_job, not execute_in_process: the latter keeps every output of the run in memory
    # (every report's frames, every table) until it returns; here outputs live in the warehouse
    # only. The job still runs in this process (the in-process executor), so the progress bar
    # and the logs work as before.
    recon = dg.build_reconstructable_job("pipelines.cli", "release_job", reconstructable_kwargs=args)
    os.environ.setdefault(PLANNED_EVENTS_ENV, "true")
    os.environ.setdefault(BATCH_ENV, BATCH_SIZE)  # asset events of an output in one write (pipelines.eventlog)
    with tracking(len(run_keys), log_format) if log_format != "none" else contextlib.nullcontext(), \
            dg.execute_job(recon, instance=instance, run_config={"loggers": logger_config},
                           raise_on_error=False, **options) as result:
        ok, summary = _summarise(result, summary, inv, fingerprints, record, cache_dir)
    if ok:
        stale.save_build(cache_dir, digest, summary)
    return ok, summary


def release_job(root: str, extraction: dict | None = None, progress: bool = False):
    """The build_release job for a project root, with the console logger and, with `progress`,
    the progress bar / JSON log logger; `civic build` has Dagster rebuild it from these
    arguments (dg.build_reconstructable_job)."""
    import dagster as dg

    from pipelines.definitions import definitions_for, resources_for
    from pipelines.progress import build_progress
    from pipelines.resources import ExtractionSettings

    loggers = {"console": dg.colored_console_logger}
    if progress:
        loggers["progress"] = build_progress
    resources = resources_for(root, ExtractionSettings(**extraction) if extraction else None)
    return definitions_for(resources, loggers=loggers).resolve_job_def("build_release")


def _summarise(result, summary: dict, inv, fingerprints: dict, record: dict, cache_dir: Path) -> tuple[bool, dict]:
    """(success, summary) of a build run; records the report partitions it materialised."""
    import dagster as dg

    from pipelines.ingest import stale

    # the partitions this run materialised are in the warehouse now (even if a later step failed)
    failures: dict[str, str] = {}
    for mat in result.asset_materializations_for_node("report_extraction"):
        value = mat.metadata.get("extraction_failures")
        failures.update(getattr(value, "value", None) or {})
    done = {m.partition for m in result.asset_materializations_for_node("report_extraction")
            if m.asset_key == dg.AssetKey("report_incidents")}
    record.update({k: fingerprints[k] for k in done
                   if k in fingerprints and not failures.get(k, "").startswith("timeout")})
    stale.save_record(cache_dir, record)
    failed_checks = [
        (e.asset_key.to_user_string(), e.check_name, {k: getattr(v, "value", v) for k, v in e.metadata.items()})
        for e in result.get_asset_check_evaluations() if not e.passed
    ]
    summary["failed_checks"] = failed_checks
    # What the Dagster UI shows as the inventory's metadata, so tests and users see the same thing.
    for mat in result.asset_materializations_for_node("source_inventory"):
        summary["inventory_metadata"] = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
    # reports whose extraction failed or timed out are left out of the release: named like
    # rejected files, with their reason ("extraction_failed: ..." or "timeout: "...), those of
    # earlier runs too (the `reports` asset reads every partition)
    paths_of = {sf.report_id: sf.path for sf in inv.accepted}
    for mat in result.asset_materializations_for_node("reports"):
        value = mat.metadata.get("extraction_failures")
        failures.update(getattr(value, "value", None) or {})
    summary["rejected"] += [(paths_of.get(k, k), reason) for k, reason in sorted(failures.items())]
    summary["failed_steps"] = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    for e in result.all_events:
        if e.event_type_value == "STEP_FAILURE":
            err = e.event_specific_data.error
            while err.cause is not None:  # the user-code error is the innermost cause
                err = err.cause
            summary.setdefault("errors", []).append(f"{e.step_key}: {err.message.strip()}\n{''.join(err.stack[-3:])}")
    if result.success and not failed_checks:
        out = result.output_for_node("published_release")
        summary["release"] = out.iloc[0]["path"]
        summary["published"] = bool(out.iloc[0]["published"])
        summary["datapackage_sha256"] = out.iloc[0]["datapackage_sha256"]
        summary["run_id"] = result.run_id
    return result.success and not failed_checks and "release" in summary, summary


def cmd_build(args) -> int:
    _quiet_dagster(logging.INFO if args.verbose else logging.WARNING)
    root = find_root(args.root)
    started = time.monotonic()
    print(f"building a release from {root / 'sources'} ...", flush=True)
    if args.log_format == "json":
        level = "CRITICAL"  # the JSON lines carry every record; no second, human copy
    elif args.verbose:
        level = "DEBUG"
    else:  # the bar on a terminal says where the build is; per-report lines only when piped
        level = "WARNING" if args.quiet or sys.stderr.isatty() else "INFO"
    from pipelines.resources import ExtractionSettings

    settings = ExtractionSettings(**{k: v for k, v in (("workers", args.workers), ("time_limit_s", args.time_limit),
                                                       ("cache", False if args.no_cache else None)) if v is not None})
    ok, summary = build(root, log_level=level, log_format=args.log_format, extraction=settings)
    for path, reason in summary["rejected"]:
        print(f"rejected source: {path}: {reason}")
    for asset, check, meta in summary.get("failed_checks", []):
        print(f"check failed: {asset} / {check}")
        for k, v in meta.items():
            print(f"    {k}: {v}")
    for err in summary.get("errors", []):
        print(f"step failed: {err}", file=sys.stderr)
    if summary.get("error"):
        print(f"error: {summary['error']}", file=sys.stderr)
    if not ok:
        print("build failed: nothing was published", file=sys.stderr)
        return 1
    release = Path(summary["release"])
    if not summary.get("published", True):
        why = ("no input of the last build changed, so no run was needed" if summary.get("skipped")
               else "every table is identical to it")
        print(f"nothing changed: release {release.name} stands ({why}); nothing published "
              f"({len(summary['accepted'])} reports, {len(summary['rejected'])} rejected) "
              f"in {time.monotonic() - started:.1f}s")
        return 0
    print(f"published {release} ({len(summary['accepted'])} reports, {len(summary['rejected'])} rejected) "
          f"in {time.monotonic() - started:.1f}s")
    print(f"  datapackage.json sha256 {summary['datapackage_sha256']} (Dagster run {summary['run_id']})")
    import json

    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for res in package.get("resources", []):
        if res.get("format") == "parquet":
            print(f"  {res['path']:<26} {res.get('rows', '?'):>7} rows")
    return 0


def _fetched(url: str) -> str | None:
    """A web release is downloaded once into a cache folder and checked against its sha256s, so
    queries need no DuckDB extension and no network after the first time."""
    import hashlib

    from pipelines.core.release import fetch_release

    cache = Path(os.environ.get("CIVIC_CACHE", Path.home() / ".cache" / "civic"))
    dest = cache / hashlib.sha256(url.rstrip("/").encode()).hexdigest()[:16]
    try:
        problems = fetch_release(url, dest)
    except OSError as exc:
        print(f"error: cannot fetch {url}: {exc}", file=sys.stderr)
        return None
    if problems:
        print(f"error: {url} does not match its datapackage.json:\n  " + "\n  ".join(problems), file=sys.stderr)
        return None
    print(f"fetched {url} into {dest} (every file matches its sha256)", file=sys.stderr)
    return str(dest)


def _release_arg(args) -> str:
    """The release a command reads: --release / the positional argument (a relative path from the
    current folder, else from the project root), else the latest release of the project."""
    given = getattr(args, "release", None)
    root = find_root(getattr(args, "root", None))
    if not given:
        return str(root / "outputs" / "releases" / "latest")
    if "://" not in given and not Path(given).exists() and (root / given).exists():
        return str(root / given)  # a path written from the project root, typed in a subfolder
    return given


def cmd_query(args) -> int:
    import duckdb

    from pipelines.core import query
    from schemas import TABLES

    release = _release_arg(args)
    if release.startswith(("http://", "https://")):
        release = _fetched(release)
        if release is None:
            return 1
    if not release.startswith(("s3://", "gs://")) and not Path(release).exists():
        print(f"error: no release at {release} (run `civic build` first, or give --release or --root)",
              file=sys.stderr)
        return 2
    output = None
    if args.output:
        fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
        if fmt not in query.FILE_FORMATS:
            print(f"error: --output needs --format {'|'.join(query.FILE_FORMATS)} (or such a file suffix)",
                  file=sys.stderr)
            return 2
        output = (fmt, Path(args.output))
    elif args.format == "parquet":
        print("error: --format parquet writes a file: give --output FILE.parquet", file=sys.stderr)
        return 2
    con = duckdb.connect()
    session = query.Session(con, query.open_release(con, release, TABLES), mode=args.format or "box",
                            max_rows=args.max_rows)
    if args.sql:
        return 0 if session.run(args.sql, output) else 1
    return query.prompt(session, sys.stdin, interactive=sys.stdin.isatty())


def cmd_verify(args) -> int:
    from pipelines.core.continuity import release_ids, release_problems
    from pipelines.core.release import release_folders, verify_release, version_key

    folder = Path(_release_arg(args))
    if not folder.exists():
        print(f"error: no release at {folder}", file=sys.stderr)
        return 2
    problems = verify_release(folder)
    for p in problems:
        print(f"MISMATCH {p}")
    print(f"{folder.resolve().name}: {'OK, every file matches datapackage.json' if not problems else f'{len(problems)} problem(s)'}")
    # No published id disappears: every id of every earlier release beside this one is live here
    # or redirected (a chain ending in a live id or a retirement with its reason).
    target = folder.resolve()
    earlier = [f for f in release_folders(target.parent) if version_key(f.name) < version_key(target.name)]
    if not problems and (target / "persons.parquet").exists():
        later = release_ids(target)
        before = [(f.name, release_ids(f)) for f in earlier]
        lost = [p for name, ids in before for p in release_problems(ids, later, name)]
        for p in lost:
            print(f"LOST {p}")
        checked = len(set().union(set(), *(ids.published(k) for _, ids in before for k in ("person", "incident"))))
        print(f"{target.name}: " + (f"{len(lost)} id problem(s)" if lost else
              f"OK, all {checked} person and incident ids of {len(earlier)} earlier release(s) are live or redirected"))
        problems += lost
    return 1 if problems else 0


def report_text(root: Path, report: dict) -> str | None:
    """A report's cleaned text: read again from its source file (checked against the release's
    sha256), else the copy the last build kept in the warehouse; None when neither is there."""
    from pipelines.core.sources import RejectedSource, read_source, scan_sources

    inventory = scan_sources(root / "sources" / "reports", root)
    for sf in inventory.accepted:
        if sf.sha256 == report["sha256"]:
            try:
                return read_source(sf, root).text
            except RejectedSource:
                break
    stored = root / "outputs" / "warehouse" / "report_texts" / f"{report['report_id']}.parquet"
    if stored.exists():
        import pandas as pd

        return str(pd.read_parquet(stored).iloc[0]["text"])
    return None


def cmd_review(args) -> int:
    import pandas as pd

    from pipelines.core.review import review_page

    root, release = find_root(args.root), Path(_release_arg(args))
    if not (release / "reports.parquet").exists():
        print(f"error: no release at {release} (run `civic build` first)", file=sys.stderr)
        return 2
    tables = {name: pd.read_parquet(release / f"{name}.parquet") for name in
              ("reports", "incidents", "incident_persons", "persons", "person_mentions")}
    reports = tables["reports"]
    wanted = args.report.rstrip("/")
    hits = reports[(reports.report_id == wanted) | (reports.source_file == wanted)
                   | (reports.source_file.str.rsplit("/", n=1).str[-1] == Path(wanted).name)]
    if len(hits) != 1:
        known = ", ".join(f"{r.source_file} ({r.report_id})" for r in reports.itertuples())
        print(f"error: no single report {wanted!r} in {release}; it has: {known}", file=sys.stderr)
        return 2
    report = hits.iloc[0].to_dict()
    text = report_text(root, report)
    if text is None:
        print(f"error: cannot find the text of {report['source_file']} under {root}", file=sys.stderr)
        return 2
    incidents = tables["incidents"][tables["incidents"].report_id == report["report_id"]]
    bad = [r.incident_id for r in incidents.itertuples() if text[r.evidence_start:r.evidence_end] != r.evidence]
    if bad:
        print(f"error: the text of {report['source_file']} is not the one release {release.resolve().name} "
              f"was built from ({len(bad)} evidence offsets differ); rebuild first", file=sys.stderr)
        return 1
    ids = set(incidents.incident_id)
    links = tables["incident_persons"][tables["incident_persons"].incident_id.isin(ids)]
    mentions = tables["person_mentions"][tables["person_mentions"].report_id == report["report_id"]]
    html = review_page(report=report, text=text, incidents=incidents.to_dict("records"),
                       links=links.to_dict("records"), persons=tables["persons"].to_dict("records"),
                       mentions=mentions.to_dict("records"), release=release.resolve().name)
    out = Path(args.out) if args.out else root / "outputs" / "review" / f"{report['report_id']}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    print(f"review page of {report['source_file']} ({len(incidents)} incidents): {out}")
    return 0


def cmd_evaluate(args) -> int:
    from pipelines.core import evaluate

    gold = []
    root = find_root(args.root)
    for g in args.gold or [str(root / "sources" / "gold")]:
        p = Path(g) if Path(g).exists() or Path(g).is_absolute() else root / g  # as typed at the project root
        gold += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    if not gold:
        print("error: no gold files", file=sys.stderr)
        return 2
    scores = evaluate.score_release(Path(_release_arg(args)), gold)
    print(evaluate.format_scores(scores, details=args.details))
    if args.explain:
        print()
        print(evaluate.format_explain(scores))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="civic",
        description="Build, query and check releases of the civic-space incidents dataset.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, epilog=COMMAND_EXAMPLES[name],
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    root_help = "project root holding sources/ and outputs/ (default: found from the current folder)"
    b = command("build", "build a release from sources/ (one Dagster run)")
    b.add_argument("--root", help=root_help)
    b.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step events")
    b.add_argument("-q", "--quiet", action="store_true", help="only warnings and the summary")
    b.add_argument("--log-format", choices=["text", "json"], default="text",
                   help="text: a progress bar on a terminal (default); json: structured log lines on stderr")
    b.add_argument("--workers", type=int, help="extraction worker processes (default: one per core)")
    b.add_argument("--time-limit", type=float, metavar="SECONDS",
                   help="per-report time limit before the allowance for size (default: 60; README, 'Limits')")
    b.add_argument("--no-cache", action="store_true", help="extract every report again (ignore outputs/cache/)")
    b.set_defaults(func=cmd_build)
    s = command("sources", "list report files: accepted, or rejected with the reason")
    s.add_argument("--root", help=root_help)
    s.set_defaults(func=cmd_sources)
    q = command("query", "run SQL over a release's tables (DuckDB views), or open a prompt")
    q.add_argument("sql", nargs="?", help="one or more statements (each result is printed); omit for a prompt")
    q.add_argument("--release", help="release folder or http(s) base URL (default: the project's latest)")
    q.add_argument("--root", help=root_help)
    q.add_argument("--format", choices=["box", "csv", "json", "parquet"],
                   help="how results are printed (box: every column; csv, json: every row and cell), "
                        "or the --output file's format (csv, json, parquet; default from its suffix)")
    q.add_argument("--output", metavar="FILE", help="write the last statement's result to FILE")
    q.add_argument("--max-rows", type=int, default=40, help="rows shown in box mode (default 40)")
    q.set_defaults(func=cmd_query)
    r = command("review", "write a static HTML page to review one report's incidents")
    r.add_argument("report", help="report file name, path under sources/, or report_id")
    r.add_argument("--release", help="release folder (default: the project's latest)")
    r.add_argument("--root", help=root_help)
    r.add_argument("--out", help="where to write the page (default: outputs/review/<report_id>.html)")
    r.set_defaults(func=cmd_review)
    v = command("verify", "check a release's files against its datapackage.json and its ids against earlier releases")
    v.add_argument("release", nargs="?", help="release folder (default: the project's latest)")
    v.add_argument("--root", help=root_help)
    v.set_defaults(func=cmd_verify)
    e = command("evaluate", "score a release against gold annotation files (docs/GOLD_FORMAT.md)")
    e.add_argument("--release", help="release folder (default: the project's latest)")
    e.add_argument("--root", help=root_help)
    e.add_argument("--gold", nargs="+", help="gold .yaml files or folders (default: sources/gold)")
    e.add_argument("--details", action="store_true", help="list the missed and the false rows")
    e.add_argument("--explain", action="store_true",
                   help="the cause class of every miss and false row (no trigger, wrong type, wrong year, "
                        "wrong day, wrong place, wrong target, duplicate, demand/background) and their counts")
    e.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

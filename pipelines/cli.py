"""The `civic` command: build, query, verify, evaluate, sources. Thin: the work is in the assets and core.

Exit status: 0 on success (also when some input files were rejected: they are named, and the
other reports are published), 1 when the pipeline or a check failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
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
  civic verify                 check the latest release: its files, and that no id of an earlier one is lost
  civic evaluate               score the latest release against the gold files in sources/gold/
"""

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


def build(root: Path, *, log_level: str = "INFO", lock_timeout: float = BUILD_LOCK_TIMEOUT) -> tuple[bool, dict]:
    """Materialise every asset for every accepted report in one run; returns (success, summary).

    One build at a time per project: the warehouse under outputs/ is shared, so a second build
    waits for the first (and then finds its release already published) or fails cleanly.
    """
    import filelock

    (root / "outputs").mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(root / "outputs" / ".build.lock"))
    try:
        with lock.acquire(timeout=lock_timeout):
            return _build_locked(root, log_level)
    except filelock.Timeout:
        return False, {"accepted": [], "rejected": [],
                       "error": f"another build holds {lock.lock_file} for more than {lock_timeout:.0f}s"}


DAGSTER_YAML = """# The project's Dagster home: `civic build` and `make dev` (dagster dev) share it, so the UI
# shows every build's runs, materialisations, checks and metadata. Generated, git-ignored.
telemetry:
  enabled: false
"""


def dagster_home(root: Path) -> Path:
    """The Dagster home builds record their runs in: $DAGSTER_HOME when set (as for any Dagster
    tool), else the project's outputs/dagster_home/, which `make dev` hands to `dagster dev`.
    Created, with a dagster.yaml, on first use."""
    import os

    home = Path(os.environ["DAGSTER_HOME"]) if os.environ.get("DAGSTER_HOME") else root / "outputs" / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text(DAGSTER_YAML, encoding="utf-8")
    return home


def _build_locked(root: Path, log_level: str) -> tuple[bool, dict]:
    import dagster as dg

    from pipelines.core.sources import scan_sources
    from pipelines.definitions import definitions_for, resources_for
    from pipelines.ingest.assets import sync_partitions

    inv = scan_sources(root / "sources" / "reports", root)
    summary = {"accepted": [sf.path for sf in inv.accepted],
               "rejected": [(r.path, f"{r.code}: {r.message}") for r in inv.rejected]}
    if not inv.accepted:
        summary["error"] = "no readable report under sources/reports/"
        return False, summary
    instance = dg.DagsterInstance.from_config(str(dagster_home(root)))
    # One run of the build_release job over every report partition (a single-run backfill of all
    # partitions, as the UI's "Launch backfill: all partitions" makes); a range follows the
    # instance's partition order, so it is taken from there, not from a sort.
    keys = sync_partitions(instance, [sf.report_id for sf in inv.accepted])
    job = definitions_for(resources_for(str(root))).resolve_job_def("build_release")
    result = job.execute_in_process(
        instance=instance,
        tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
    )
    failed_checks = [
        (e.asset_key.to_user_string(), e.check_name, {k: getattr(v, "value", v) for k, v in e.metadata.items()})
        for e in result.get_asset_check_evaluations() if not e.passed
    ]
    summary["failed_checks"] = failed_checks
    # What the Dagster UI shows as the inventory's metadata, so tests and users see the same thing.
    for mat in result.asset_materializations_for_node("source_inventory"):
        summary["inventory_metadata"] = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
    # reports an extractor failed on are left out of the release: named like rejected files
    paths_of = {sf.report_id: sf.path for sf in inv.accepted}
    failures: dict[str, str] = {}
    for mat in result.asset_materializations_for_node("report_incidents"):
        value = mat.metadata.get("extraction_failures")
        failures.update(getattr(value, "value", None) or {})
    summary["rejected"] += [(paths_of.get(k, k), f"extraction_failed: {err}") for k, err in sorted(failures.items())]
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
    ok, summary = build(root, log_level="DEBUG" if args.verbose else ("WARNING" if args.quiet else "INFO"))
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
        print(f"nothing changed: every table is identical to release {release.name}; nothing published "
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
    import os

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


def cmd_evaluate(args) -> int:
    from pipelines.core import evaluate

    gold = []
    for g in args.gold or [str(find_root(args.root) / "sources" / "gold")]:
        p = Path(g)
        gold += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    if not gold:
        print("error: no gold files", file=sys.stderr)
        return 2
    scores = evaluate.score_release(Path(_release_arg(args)), gold)
    print(evaluate.format_scores(scores))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="civic",
        description="Build, query and check releases of the civic-space incidents dataset.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a release from sources/ (one Dagster run)", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    root_help = "project root holding sources/ and outputs/ (default: found from the current folder)"
    b.add_argument("--root", help=root_help)
    b.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step events")
    b.add_argument("-q", "--quiet", action="store_true", help="only warnings and the summary")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("sources", help="list report files: accepted, or rejected with the reason")
    s.add_argument("--root", help=root_help)
    s.set_defaults(func=cmd_sources)
    q = sub.add_parser("query", help="run SQL over a release's tables (DuckDB views), or open a prompt",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("sql", nargs="?", help="one or more statements (each result is printed); omit for a prompt")
    q.add_argument("--release", help="release folder or http(s) base URL (default: the project's latest)")
    q.add_argument("--root", help=root_help)
    q.add_argument("--format", choices=["box", "csv", "json", "parquet"],
                   help="how results are printed (box: every column; csv, json: every row and cell), "
                        "or the --output file's format (csv, json, parquet; default from its suffix)")
    q.add_argument("--output", metavar="FILE", help="write the last statement's result to FILE")
    q.add_argument("--max-rows", type=int, default=40, help="rows shown in box mode (default 40)")
    q.set_defaults(func=cmd_query)
    v = sub.add_parser("verify", help="check a release's files against its datapackage.json and its ids against earlier releases")
    v.add_argument("release", nargs="?", help="release folder (default: the project's latest)")
    v.add_argument("--root", help=root_help)
    v.set_defaults(func=cmd_verify)
    e = sub.add_parser("evaluate", help="score a release against gold annotation files (docs/GOLD_FORMAT.md)")
    e.add_argument("--release", help="release folder (default: the project's latest)")
    e.add_argument("--root", help=root_help)
    e.add_argument("--gold", nargs="+", help="gold .yaml files or folders (default: sources/gold)")
    e.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

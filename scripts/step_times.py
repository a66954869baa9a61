"""Where a build's time went: the wall seconds of each step of a project's last Dagster run.

Reads the run's event log in the Dagster home the build used (`$DAGSTER_HOME` when set, else
the project's `outputs/dagster_home`, as `civic build` chooses), pairs each
step's start and end events and prints the steps, longest first, with when each started
(seconds from the run's first event) and the run's whole span. A measuring tool for the
figures quoted in README ("Performance"), used by scripts/bench_build.py for the rebuilds
after adding, changing and removing one report.

    .venv/bin/python scripts/step_times.py /tmp/bench-1000          # a project folder
    .venv/bin/python scripts/step_times.py . --top 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def step_times(project: Path) -> dict:
    """{"run_id", "started_at": the run's first event (Unix time), "span_s": run span, "steps":
    [{"step", "seconds", "start_s"}], longest first} of the last run of the project's Dagster home."""
    # where `civic build` records its runs: $DAGSTER_HOME when set, else the project's own
    home = Path(os.environ.get("DAGSTER_HOME") or Path(project).resolve() / "outputs" / "dagster_home")
    if not (home / "dagster.yaml").exists():
        raise SystemExit(f"no Dagster home with a run at {home} (build the project first)")
    os.environ["DAGSTER_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))  # the home names this project's event-log storage
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs(limit=1)
        if not runs:
            raise SystemExit(f"{home} holds no run")
        records = list(instance.all_logs(runs[0].run_id))
    t0 = records[0].timestamp
    started, steps = {}, []
    for r in records:
        event = r.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind == "STEP_START":
            started[event.step_key] = r.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in started:
            begin = started[event.step_key]
            steps.append({"step": event.step_key, "seconds": round(r.timestamp - begin, 2),
                          "start_s": round(begin - t0, 2)})
    steps.sort(key=lambda s: (-s["seconds"], s["step"]))
    return {"run_id": runs[0].run_id, "started_at": t0, "span_s": round(records[-1].timestamp - t0, 2), "steps": steps}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", type=Path, help="a project folder (holding outputs/dagster_home)")
    p.add_argument("--top", type=int, default=0, help="only the N longest steps")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    result = step_times(args.project)
    if args.top:
        result["steps"] = result["steps"][:args.top]
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"run span {result['span_s']:.1f} s")
    print(f"{'seconds':>8} {'started':>8}  step")
    for s in result["steps"]:
        print(f"{s['seconds']:>8.2f} {s['start_s']:>8.1f}  {s['step']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cross-report person linking: every report's local persons become release-wide persons.

Reviewer judgements (`sources/judgements/persons.yaml`) and the previous release's ids are
inputs, so a person keeps its id from release to release and a merge leaves a redirect. The
matching itself is in pipelines.core.linking (DuckDB blocking and string similarity).
"""


import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.core import linking
from pipelines.core.curation import load_curation, mention_rejected
from pipelines.extract.assets import extraction_error, failed_reports
from pipelines.release.previous import planned_version, previous_release_tables, release_date, report_successors
from pipelines.resources import ProjectPaths, gc_paused, records
from pipelines.shards import PickleShards

CLUSTER_COLUMNS = ["report_id", "local_id", "person_id", "name", "aliases", "roles", "first_seen", "last_seen"]


def _as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def kept_mentions(report_mentions: dict[str, pd.DataFrame], report_texts: dict[str, pd.DataFrame], paths: ProjectPaths,
                  failed: Iterable[str] = ()):
    """All mentions minus those a reviewer rejected and those of reports an extractor failed on
    (`failed`, and any frame that carries its own error); returns (frame, log of rejections applied)."""
    cur = load_curation(paths.sources / "curation" / "incidents.yaml")
    # only a mention whose surface or canonical name a rejection names can be rejected: the
    # rest of 100,000 mentions are kept without a call per row
    named = sorted({e["surface"] for e in cur.mentions})
    frames, log = [], []
    failed = set(failed)
    for key in sorted(report_mentions):
        frame = report_mentions[key]
        if frame.empty or key in failed or extraction_error(frame):
            continue
        suspects = frame.surface.isin(named) | frame.canonical.isin(named)
        if suspects.any():
            source = report_texts[key].iloc[0].get("source_file") or ""
            drop = [bool(s) and mention_rejected(cur, source, key, r.surface, r.canonical) is not None
                    for r, s in zip(frame.itertuples(), suspects)]
            log += [f"rejected mention {r.surface!r} in {source}" for r, d in zip(frame.itertuples(), drop) if d]
            frame = frame[[not d for d in drop]]
        frames.append(frame)
    columns = ["report_id", "start", "end", "surface", "local_id", "canonical", "roles", "kind"]
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)), log


@functools.lru_cache(maxsize=1)
def entity_code_version() -> str:
    """Digest of the code one report's entities are made with (core.linking and what it imports
    of pipelines.core, with the data files under pipelines/core): the key of the kept entities."""
    from pipelines.extract.work import code_files

    digest = hashlib.sha256()
    core = Path(linking.__file__).resolve().parent
    files = code_files({"pipelines.core.linking", "pipelines.extract.assets"},
                       lambda name: name.startswith("pipelines.core") or name == "pipelines.extract.assets")
    files += [p for p in sorted(core.rglob("*")) if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class EntityMemo:
    """One report's linking entities, kept between builds by what they are made of: the report's
    id and text and its kept mentions (after reviewer rejections), under the code version.
    Making them again for every report was about 4 s of adding one report to 1,000. Kept in
    pickle shards (pipelines.shards): a missing, foreign or damaged one is only a slower build;
    `save` writes the entities of this build's reports only, and only when one was made."""

    MENTION_COLUMNS = ["start", "end", "surface", "local_id", "canonical", "roles", "kind"]

    def __init__(self, folder: Path | None):
        self.used, self.made = {}, 0
        self.shards = PickleShards(folder, entity_code_version()) if folder is not None else None
        self.items = self.shards.load() if self.shards is not None else {}

    def key(self, report_id: str, text: str, cells: list) -> str:
        """Of a report: its id, its text and its mentions' cells (MENTION_COLUMNS, in order)."""
        blob = repr((report_id, len(text), hashlib.sha256(text.encode()).hexdigest(), cells))
        return hashlib.sha256(blob.encode()).hexdigest()

    def get(self, key: str):
        found = self.items.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, entities: list) -> None:
        self.used[key] = entities
        self.made += 1

    def save(self) -> None:
        if self.shards is not None and self.made:
            self.shards.save(self.used)


def entities_of(mentions: pd.DataFrame, report_incidents: dict[str, pd.DataFrame], report_texts,
                memo: EntityMemo | None = None) -> list:
    """One linking entity per (report, local person): names, roles, relations, context and dates.

    Dates are those of the incidents that target the person, else the report's period. `memo`
    gives the entities of a report made from the same text and mentions by an earlier build.
    """
    from pipelines.extract.assets import mentions_of

    memo = memo or EntityMemo(None)

    dates: dict[tuple[str, str], list[dt.date]] = {}
    for key, frame in report_incidents.items():
        for r in records(frame):
            for local in list(r.get("targets") or []):
                for d in (r.get("event_date"), r.get("event_date_end")):
                    if _as_date(d):
                        dates.setdefault((key, local), []).append(_as_date(d))
    entities = []
    mentions = mentions.reset_index(drop=True)
    # the memo's key cells, taken from the whole frame at once (not column by column per report)
    cells = mentions[EntityMemo.MENTION_COLUMNS].to_numpy(dtype=object) if len(mentions) else None
    for rid, group in mentions.groupby("report_id", sort=True):
        row = report_texts[rid].iloc[0]
        period = [d for d in (_as_date(row.get("period_start")), _as_date(row.get("period_end"))) if d]
        key = memo.key(rid, row["text"], cells[group.index.to_numpy()].tolist())
        made = memo.get(key)
        if made is None:
            made = linking.entities_from_mentions(rid, row["text"], mentions_of(group))
            memo.put(key, made)
        for e in made:
            # set on the kept entity itself: every build sets them again before linking reads them
            seen = dates.get((rid, e.local_id)) or period
            e.first_seen, e.last_seen = (min(seen), max(seen)) if seen else (None, None)
            entities.append(e)
    return entities


def with_report_ids(judgement, report_texts: dict[str, pd.DataFrame]):
    """Let reviewers name a report by its file name or path as well as by its id."""
    by_file = {}
    for rid, frame in report_texts.items():
        source = frame.iloc[0].get("source_file")
        if isinstance(source, str):
            by_file[source] = by_file[source.rsplit("/", 1)[-1]] = rid
    for side in ("left", "right"):
        value = getattr(judgement, side)
        if isinstance(value, dict) and str(value.get("report")) in by_file:
            setattr(judgement, side, {**value, "report": by_file[str(value["report"])]})
    return judgement


@dg.multi_asset(
    group_name="persons",
    deps=["reviewer_curation", "person_judgements", "previous_release"],
    outs={
        "person_clusters": dg.AssetOut(kinds={"python", "duckdb"}, description="Every (report, local person) with its release-wide person id."),
        "judgement_log": dg.AssetOut(kinds={"python"}, description="Conflicts and skipped entries of the person judgements."),
        "person_redirects": dg.AssetOut(kinds={"python", "duckdb"}, description="Published person ids that are no person of this build: where they went, or why retired."),
    },
)
@gc_paused
def person_clusters(
    context: dg.AssetExecutionContext,
    paths: ProjectPaths,
    report_texts: dict[str, pd.DataFrame],
    report_mentions: dict[str, pd.DataFrame],
    report_incidents: dict[str, pd.DataFrame],
    source_inventory: pd.DataFrame,
):
    mentions, _ = kept_mentions(report_mentions, report_texts, paths, failed=failed_reports(report_incidents))
    memo = EntityMemo(paths.cache_dir / "entities")
    entities = entities_of(mentions, report_incidents, report_texts, memo)
    memo.save()
    judgements, problems = linking.load_judgements(paths.sources / "judgements" / "persons.yaml")
    judgements = [with_report_ids(j, report_texts) for j in judgements]
    previous = previous_release_tables(paths.releases_dir)
    version = planned_version(paths.releases_dir, release_date([f.iloc[0].to_dict() for f in report_texts.values()]))
    # a report replaced by a new version or another format keeps its persons' votes for their ids
    successors = report_successors(previous.table("reports"), set(report_texts), source_inventory)
    result = linking.link_persons(entities, judgements,
                                  linking.rekey_previous(linking.previous_from_tables(previous), successors),
                                  release=version)
    for line in list(problems) + list(result.conflicts):
        context.log.warning(f"person judgements: {line}")
    by_id = {p.person_id: p for p in result.persons}
    rows = []
    for e in entities:
        pid = result.mapping[(e.report_id, e.local_id)]
        p = by_id[pid]
        rows.append({"report_id": e.report_id, "local_id": e.local_id, "person_id": pid, "name": p.name,
                     "aliases": list(p.aliases), "roles": list(p.roles), "first_seen": p.first_seen,
                     "last_seen": p.last_seen})
    clusters = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    redirects = pd.DataFrame(
        [{"old_person_id": r.old_person_id, "person_id": r.person_id, "release": r.release, "reason": r.reason}
         for r in result.redirects],
        columns=["old_person_id", "person_id", "release", "reason"],
    ).sort_values("old_person_id", ignore_index=True)
    notes = dg.MetadataValue.md("\n".join(f"- {c}" for c in list(problems) + list(result.conflicts)) or "none")
    yield dg.Output(clusters, output_name="person_clusters",
                    metadata={"entities": len(entities), "persons": len(by_id), "judgement_conflicts": notes})
    yield dg.Output(redirects, output_name="person_redirects", metadata={"redirects": len(redirects)})
    log = pd.DataFrame({"detail": sorted(list(problems) + list(result.conflicts))}, columns=["detail"])
    yield dg.Output(log, output_name="judgement_log", metadata={"entries": len(log)})

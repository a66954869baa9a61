"""Resources: where the project's folders are, and the IO manager that keeps asset values as Parquet.

Nothing here is decided at import time: paths come from resource config (default: the current
directory, or the CIVIC_ROOT environment variable through `dg.EnvVar` in definitions.py), so the
same code runs from a checkout, a test's temporary directory or a deployment. The warehouse's
`base_path` is a local folder or any fsspec URL (`s3://bucket/warehouse` with s3fs installed,
`gs://...` with gcsfs, `memory://...` in tests), so an object store replaces the local folder
without code changes (see README, "Scaling past one machine").
"""

from __future__ import annotations

import contextlib
import functools
import gc
import inspect
import json
import os
import shutil
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipelines.shards import PickleShards


@contextlib.contextmanager
def paused_gc():
    """Python's cycle collector off for a step over every report's rows, back on after.

    A cross-report step holds a few million long-lived objects (the partitions' frames, linking
    entities, rendered cells) and allocates millions more; each full collection walks all of
    them, and the heap's growth keeps triggering them: about a quarter of the CPU time of
    removing one report from 1,000 (user CPU of `civic build`, one run each: 49.9 s -> 36.9 s).
    Only cycles wait for it; reference counting frees the rest as before. Re-entrant."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def gc_paused(fn):
    """`fn` (an asset's body, a generator too) run under `paused_gc`; Dagster reads the
    wrapped function's signature."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def steps(*args, **kwargs):
            with paused_gc():
                yield from fn(*args, **kwargs)
        return steps

    @functools.wraps(fn)
    def call(*args, **kwargs):
        with paused_gc():
            return fn(*args, **kwargs)
    return call


class ProjectPaths(dg.ConfigurableResource):
    """The project's folders: `sources/` is read, `outputs/` is written."""

    root: str = "."

    @property
    def root_path(self) -> Path:
        return Path(self.root).resolve()

    @property
    def sources(self) -> Path:
        return self.root_path / "sources"

    @property
    def reports_dir(self) -> Path:
        return self.sources / "reports"

    @property
    def outputs(self) -> Path:
        return self.root_path / "outputs"

    @property
    def releases_dir(self) -> Path:
        return self.outputs / "releases"

    @property
    def warehouse_dir(self) -> Path:
        return self.outputs / "warehouse"

    @property
    def cache_dir(self) -> Path:
        return self.outputs / "cache"


class ExtractionSettings(dg.ConfigurableResource):
    """How per-report extraction runs (pipelines.extract.runner): worker processes (0 = one per
    core), the hard time limit of one report (`time_limit_s` plus `time_limit_per_100kb_s` per
    100 KB of text), reports per worker before it is replaced, whether results are cached
    under outputs/cache/extract/, and the year read into a report that states none when no
    source of the build has a retrieval date (`assumed_year`, see core.events.timeline)."""

    workers: int = 0
    time_limit_s: float = 60.0
    time_limit_per_100kb_s: float = 10.0
    max_tasks_per_child: int = 100
    cache: bool = True
    # The year this code's sources were gathered in (the seed: 2026-11-24): a text with no year
    # anywhere is read in it only when no source has a `retrieved` date, and says so.
    assumed_year: int = 2026


def _nested(value) -> bool:
    return isinstance(value, (dict, tuple)) or (
        isinstance(value, list) and any(not isinstance(v, str) for v in value)
    )


def _to_table(df: pd.DataFrame) -> pa.Table:
    """Parquet cannot hold arbitrary Python objects: a column with any nested value (lists of
    tuples, dicts) goes as JSON text, every cell of it, so that one column never mixes lists
    and strings (an empty list beside a list of pairs would)."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and any(_nested(v) for v in df[col]):
            df[col] = df[col].map(lambda v: None if v is None else "\x00json:" + json.dumps(v, default=str, sort_keys=True))
    return pa.Table.from_pandas(df, preserve_index=False)


def _decode_cell(value):
    if _encoded(value):
        return json.loads(value[6:])
    return value


def _from_table(table: pa.Table) -> pd.DataFrame:
    """The frame `_to_table` stored: list columns as lists, JSON-encoded cells decoded. Which
    columns need it is read from the Arrow types and computed on the Arrow arrays, not by a
    Python loop over every cell of every text column (that loop was most of a build's time)."""
    columns = {}
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_list(kind) or pa.types.is_large_list(kind):
            columns[name] = pd.Series(column.to_pylist(), dtype=object)
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            if pc.any(pc.starts_with(column, pattern="\x00json:")).as_py():
                columns[name] = pd.Series([_decode_cell(v) for v in column.to_pylist()], dtype=object)
            else:
                # pandas 3 reads text as Arrow-backed strings, whose cells Python code (to_dict,
                # itertuples: every asset reading rows) fetches one call at a time, most of a
                # rebuild's time at 1,000 reports; plain str objects are what those readers want
                columns[name] = pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
        else:
            columns[name] = column.to_pandas()
    # one frame made at once: setting 30 columns one by one cost more than reading the file
    return pd.DataFrame(columns, columns=table.column_names) if columns else table.to_pandas()


class PackedFrames(Mapping):
    """{partition key: frame} of a per-report asset, each frame turned, the moment it is made,
    into the Parquet file it will be (`_to_table`, zstd: the IO manager's writer) and written to
    `spool` (a folder of the run's own), or kept as bytes when there is none. The IO manager
    writes those files' bytes as they are; a reader of the mapping gets the frame the file gives
    back (`_from_table`). Why: a run over 10,000 reports held every report's rows as Python
    objects until the last report was extracted (most of the run process's 10 GB); spooled, a
    report's rows cost the run nothing once packed, and the encoding is work the write would
    have done anyway."""

    def __init__(self, spool: Path | None = None) -> None:
        self.spool = spool
        self.rows: dict[str, int] = {}
        self._kept: dict[str, bytes] = {}
        if spool is not None:
            spool.mkdir(parents=True, exist_ok=True)
            # the files go once the IO manager wrote them (`close`), or when the mapping does
            self._finalizer = weakref.finalize(self, _remove_spool, spool)

    def put(self, key: str, frame: pd.DataFrame) -> None:
        data = _parquet_bytes(_to_table(frame))
        if self.spool is None:
            self._kept[key] = data.to_pybytes()  # exact size: the stream's buffer has slack
        else:
            with open(self.spool / f"{key}.parquet", "wb") as fh:
                fh.write(data)
        self.rows[key] = len(frame)

    def file(self, key: str) -> bytes:
        """The bytes of the Parquet file of one partition."""
        if key not in self.rows:
            raise KeyError(key)
        return self._kept[key] if self.spool is None else (self.spool / f"{key}.parquet").read_bytes()

    def __getitem__(self, key: str) -> pd.DataFrame:
        return _from_table(pq.read_table(pa.BufferReader(self.file(key))))

    def close(self) -> None:
        """Remove the spooled files now (the IO manager has written them): waiting for the mapping
        to be collected left them behind while a reference cycle kept it alive."""
        finalizer = getattr(self, "_finalizer", None)
        if finalizer is not None:
            finalizer()

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _remove_spool(spool: Path) -> None:
    shutil.rmtree(spool, ignore_errors=True)
    try:
        spool.parent.rmdir()  # the run's folder, once its last spool is gone
    except OSError:
        pass


def drop_stale_spools(folder: Path, older_than_s: float = 86_400) -> None:
    """Remove spool folders a crashed run left (untouched for a day: a live run writes to its own)."""
    if not folder.is_dir():
        return
    now = time.time()
    for run in folder.iterdir():
        try:
            if now - run.stat().st_mtime > older_than_s:
                shutil.rmtree(run, ignore_errors=True)
        except OSError:
            pass


def _parquet_bytes(table: pa.Table) -> pa.Buffer:
    """The Parquet file of a table, as the IO manager writes it (the same writer and options)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _frames_of(tables: list[pa.Table]) -> list[pd.DataFrame]:
    """`_from_table` of each table, made a group at a time: tables of one schema, and with nulls
    in the same columns (a column's pandas dtype depends on them: int64, or float64 with a
    null), are concatenated, converted once and cut back into one frame per table. The frames
    equal, dtypes included, those made one by one (checked on every partition file of a
    1,000-report warehouse); making a frame per small file was most of loading 1,000 of them
    (9.5 s -> 3.4 s for the texts, mentions and incidents)."""
    groups: dict[tuple, list[int]] = {}
    for i, table in enumerate(tables):
        groups.setdefault((table.schema, tuple(c.null_count > 0 for c in table.columns)), []).append(i)
    out: list[pd.DataFrame | None] = [None] * len(tables)
    for members in groups.values():
        if len(members) == 1:
            out[members[0]] = _from_table(tables[members[0]])
            continue
        whole = _from_table(pa.concat_tables([tables[i] for i in members]))
        at = 0
        for i in members:
            n = tables[i].num_rows
            out[i] = whole.iloc[at:at + n].reset_index(drop=True)
            at += n
    return out


SNAPSHOT_FORMAT = 2  # 2: files named by their path inside the warehouse


def _snapshot_header() -> tuple:
    # a snapshot pickled by other library versions is not read (their frames may not load)
    return (SNAPSHOT_FORMAT, pd.__version__, pa.__version__)


def _snapshot_shards(folder: str) -> PickleShards:
    """The snapshot of one asset's partition frames, {(path inside the warehouse, size,
    mtime_ns): frame}, sharded by the path: a rewritten partition file replaces its entry
    within one shard."""
    return PickleShards(Path(folder), _snapshot_header(), part=lambda key: key[0])


def forget_partition_frames() -> None:
    """Drop the frames this process keeps of the partition files it read (see `_read_many`):
    for the last step of a run, after which no step reads them."""
    _LOADED.clear()


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records") for the small per-report frames the assets loop over: the same
    values (checked on every file of a 1,000-report warehouse), at half the cost, since pandas
    builds one Series per column of each frame there (about 8 s of adding one report to 1,000)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]


def _encoded(value) -> bool:
    return isinstance(value, str) and value.startswith("\x00json:")


_LOADED: OrderedDict = OrderedDict()  # (path, size, mtime_ns) -> frame, most recently used last
_LOADED_MAX = 20_000
READ_THREADS = 4  # threads reading one asset's partition files (I/O and decompression)
READ_CHUNK = 512  # files read before their frames are made (bounds the Arrow tables held)


PREVIEW_ROWS = 5
PREVIEW_CELL = 60  # characters of a cell shown in the preview (evidence and texts are long)


def preview(frames: Iterable[pd.DataFrame]) -> dg.MetadataValue:
    """The first rows of an asset's value as a Markdown table for the UI (long cells cut)."""
    rows = []
    for frame in frames:
        rows += frame.head(PREVIEW_ROWS - len(rows)).to_dict("records")
        if len(rows) >= PREVIEW_ROWS:
            break
    if not rows:
        return dg.MetadataValue.md("(no rows)")
    columns = list(rows[0])

    def cell(value) -> str:
        text = str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL else text[:PREVIEW_CELL - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


def _partitioned(context: dg.InputContext | dg.OutputContext) -> bool:
    """Whether the asset of this input or output is partitioned, whatever the run's partitions."""
    try:
        return context.asset_partitions_def is not None
    except dg.DagsterInvariantViolationError:
        return False


def _every_partition(context: dg.InputContext) -> list[str] | None:
    """Every partition key of the upstream asset the instance knows; None without an instance
    (an input context built by hand)."""
    try:
        return context.asset_partitions_def.get_partition_keys(dynamic_partitions_store=context.instance)
    except dg.DagsterInvariantViolationError:
        return None


@functools.lru_cache(maxsize=16)
def _filesystem_of(base_path: str, cwd: str) -> tuple[pafs.FileSystem, str, bool]:
    """Made once per warehouse URL: a build reads and writes thousands of partition files, and
    making the filesystem and resolving the root for each was a second of a rebuild."""
    if "://" not in base_path or base_path.startswith("file://"):
        root = base_path.removeprefix("file://")
        return pafs.LocalFileSystem(), str(Path(root).resolve()), True
    import fsspec  # only deployments with a remote warehouse need it

    protocol, root = base_path.split("://", 1)
    return pafs.PyFileSystem(pafs.FSSpecHandler(fsspec.filesystem(protocol))), root.rstrip("/"), False


class ParquetIOManager(dg.ConfigurableIOManager):
    """Keeps every asset value (a DataFrame) as Parquet under `base_path/<asset>/`.

    A partitioned asset materialised for several partitions in one run (single-run backfill)
    returns a dict {partition_key: DataFrame}; one file is written per partition, so a later run
    of one report rewrites only that report's file. Loading a partitioned upstream for a
    downstream that needs all partitions returns the same kind of dict.
    """

    base_path: str

    def _filesystem(self) -> tuple[pafs.FileSystem, str, bool]:
        """(filesystem, root path inside it, is_local). Local folders keep the write-then-rename
        step; object stores write each object atomically anyway."""
        return _filesystem_of(self.base_path, os.getcwd())  # a relative path resolves against the cwd

    def _path(self, context, partition: str | None) -> str:
        _, root, _ = self._filesystem()
        folder = "/".join([root, *context.asset_key.path])
        return f"{folder}/{partition}.parquet" if partition is not None else f"{folder}/data.parquet"

    def _write(self, path: str, df: pd.DataFrame | bytes) -> None:
        """A frame, or the bytes of its Parquet file made already (PackedFrames)."""
        fs, _, local = self._filesystem()
        fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        data = df if isinstance(df, bytes) else _parquet_bytes(_to_table(df))
        target = f"{path}.tmp-{os.getpid()}" if local else path
        with fs.open_output_stream(target) as out:
            out.write(data)
        if local:
            os.replace(target, path)

    def _read(self, path: str) -> pd.DataFrame | None:
        return self._read_many([path])[path]

    def _read_many(self, paths: list[str], snapshot: str | None = None) -> dict[str, pd.DataFrame | None]:
        """{path: frame, or None when the file does not exist}. The Parquet files are read by a
        few threads (pyarrow decodes without the GIL), the frames made from them one by one.

        `snapshot`: a folder keeping every frame of this load (see `_snapshot_file`); the frames
        of files unchanged since it was written come from it, the others from Parquet, and it is
        written again when any differed."""
        fs, _, local = self._filesystem()
        infos = fs.get_file_info(paths)
        # Within one process, a partition file read by several assets of a run (report_texts
        # feeds six) is decoded once: keyed by path, size and modification time, so a rewritten
        # file is read again. Each reader gets its own shallow copy of the frame.
        keys = {p: ((p, i.size, i.mtime_ns) if local else None) for p, i in zip(paths, infos)
                if i.type != pafs.FileType.NotFound}
        found = {p: _LOADED[k] for p, k in keys.items() if k is not None and k in _LOADED}
        stored = None
        # the snapshot knows a file by its path inside the warehouse: a project folder moved or
        # copied elsewhere (cp -a, rsync -t keep the times) keeps its snapshot
        root = self._filesystem()[1]
        rel = {p: (p[len(root) + 1:] if p.startswith(root + "/") else p, *k[1:]) for p, k in keys.items() if k}
        if snapshot and local and len(found) < len(keys):
            shards = _snapshot_shards(snapshot)
            stored = shards.load()
            found.update({p: stored[rel[p]] for p in keys if p not in found and rel.get(p) in stored})
        todo = [p for p in keys if p not in found]
        with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
            # in chunks, so that no more than a chunk of Arrow tables waits for its frame
            for start in range(0, len(todo), READ_CHUNK):
                chunk = todo[start:start + READ_CHUNK]
                found.update(zip(chunk, _frames_of(list(pool.map(lambda p: pq.read_table(p, filesystem=fs), chunk)))))
        for path, key in keys.items():
            if key is not None:
                _LOADED[key] = found[path]
                _LOADED.move_to_end(key)
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
        if stored is not None and set(stored) != set(rel.values()):
            shards.save({rel[p]: found[p] for p in keys})
        return {p: (found[p].copy(deep=False) if p in found else None) for p in paths}

    def _snapshot_file(self, context) -> str | None:
        """Where the frames of every partition of an asset are kept between builds, on a local
        warehouse only: `<base_path>/.snapshots/<asset>/`, sharded (pipelines.shards). Reading 1,000 small Parquet
        files into frames took 9 s of adding one report to 1,000; unpickling them, 2 s. The
        Parquet files stay the data: the snapshot is a cache this build wrote, checked file by
        file (path, size, modification time) and safe to delete."""
        _, root, local = self._filesystem()
        return f"{root}/.snapshots/{'__'.join(context.asset_key.path)}" if local else None

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        if obj is None:
            return
        if context.has_asset_partitions or (isinstance(obj, Mapping) and _partitioned(context)):
            # a run with no partition of a partitioned asset returns every partition's value
            keys = sorted(context.asset_partition_keys) if context.has_asset_partitions else sorted(obj)
            if not isinstance(obj, Mapping):
                if len(keys) != 1:
                    raise TypeError(f"{context.asset_key.to_user_string()}: a run over several partitions must return a dict")
                obj = {keys[0]: obj}
            # packed frames are written as the tables they already are (no frame made again)
            packed = isinstance(obj, PackedFrames)
            for key in keys:
                self._write(self._path(context, key), obj.file(key) if packed else obj[key])
            rows = sum(obj.rows[k] if packed else len(obj[k]) for k in keys)
            head = (obj[k] for k in keys)  # (of packed frames: made only until the preview has its rows)
            context.add_output_metadata({"partitions": len(keys), "rows": rows, "dagster/row_count": rows,
                                         "preview": preview(head)})
            if packed:
                obj.close()
        else:
            self._write(self._path(context, None), obj)
            context.add_output_metadata({"rows": len(obj), "dagster/row_count": len(obj),
                                         "path": str(self._path(context, None)), "preview": preview([obj])})

    @gc_paused
    def load_input(self, context: dg.InputContext):
        upstream = context.upstream_output
        if context.has_asset_partitions or _partitioned(context):
            # no partition in the run: every partition the instance knows (see handle_output)
            every = _every_partition(context)
            keys = sorted(context.asset_partition_keys) if context.has_asset_partitions else \
                context.asset_partitions_def.get_partition_keys(dynamic_partitions_store=context.instance)
            paths = {key: self._path(upstream, key) for key in keys}
            # The snapshot holds every partition: kept for loads of all of them, not of a range.
            # A cross-report asset in a run over a range of reports (a rebuild after adding one)
            # is given every partition as its keys, not "no partition": that load counts as all.
            snapshot = self._snapshot_file(upstream) if every is not None and set(keys) == set(every) else None
            read = self._read_many(list(paths.values()), snapshot=snapshot)
            return {key: read[path] for key, path in paths.items() if read[path] is not None}
        df = self._read(self._path(upstream, None))
        if df is None:
            raise FileNotFoundError(f"{upstream.asset_key.to_user_string()} has not been materialised "
                                    f"(no {self._path(upstream, None)})")
        return df

"""Resources: where the project's folders are, and the IO manager that keeps asset values as Parquet.

Nothing here is decided at import time: paths come from resource config (default: the current
directory, or the CIVIC_ROOT environment variable through `dg.EnvVar` in definitions.py), so the
same code runs from a checkout, a test's temporary directory or a deployment. The warehouse is
addressed through fsspec-style paths, so an object store (s3://, gs://) can replace the local
folder without code changes (see README, "Scaling past one machine").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


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


def _encode_cell(value):
    """Parquet cannot hold arbitrary Python objects: nested values (lists of tuples, dicts) go as JSON."""
    if isinstance(value, (dict, tuple)) or (
        isinstance(value, list) and any(not isinstance(v, str) for v in value)
    ):
        return "\x00json:" + json.dumps(value, default=str, sort_keys=True)
    return value


def _decode_cell(value):
    if isinstance(value, str) and value.startswith("\x00json:"):
        return json.loads(value[6:])
    return value


def _to_table(df: pd.DataFrame) -> pa.Table:
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(_encode_cell)
    return pa.Table.from_pandas(df, preserve_index=False)


def _from_table(table: pa.Table) -> pd.DataFrame:
    df = table.to_pandas()
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v: list(v) if hasattr(v, "tolist") and not isinstance(v, str) else _decode_cell(v))
    return df


class ParquetIOManager(dg.ConfigurableIOManager):
    """Keeps every asset value (a DataFrame) as Parquet under `base_path/<asset>/`.

    A partitioned asset materialised for several partitions in one run (single-run backfill)
    returns a dict {partition_key: DataFrame}; one file is written per partition, so a later run
    of one report rewrites only that report's file. Loading a partitioned upstream for a
    downstream that needs all partitions returns the same kind of dict.
    """

    base_path: str

    def _path(self, context, partition: str | None) -> Path:
        folder = Path(self.base_path).joinpath(*context.asset_key.path)
        return folder / f"{partition}.parquet" if partition is not None else folder / "data.parquet"

    def _write(self, path: Path, df: pd.DataFrame) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        pq.write_table(_to_table(df), tmp, compression="zstd")
        os.replace(tmp, path)

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        if obj is None:
            return
        if context.has_asset_partitions:
            keys = sorted(context.asset_partition_keys)
            if not isinstance(obj, dict):
                if len(keys) != 1:
                    raise TypeError(f"{context.asset_key.to_user_string()}: a run over several partitions must return a dict")
                obj = {keys[0]: obj}
            for key in keys:
                self._write(self._path(context, key), obj[key])
            context.add_output_metadata({"partitions": len(keys), "rows": sum(len(obj[k]) for k in keys)})
        else:
            self._write(self._path(context, None), obj)
            context.add_output_metadata({"rows": len(obj), "path": str(self._path(context, None))})

    def load_input(self, context: dg.InputContext):
        upstream = context.upstream_output
        if context.has_asset_partitions:
            keys = sorted(context.asset_partition_keys)
            frames = {}
            for key in keys:
                path = self._path(upstream, key)
                if path.exists():
                    frames[key] = _from_table(pq.read_table(path))
            return frames
        return _from_table(pq.read_table(self._path(upstream, None)))

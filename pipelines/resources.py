"""Resources: where the project's folders are, and the IO manager that keeps asset values as Parquet.

Nothing here is decided at import time: paths come from resource config (default: the current
directory, or the CIVIC_ROOT environment variable through `dg.EnvVar` in definitions.py), so the
same code runs from a checkout, a test's temporary directory or a deployment. The warehouse's
`base_path` is a local folder or any fsspec URL (`s3://bucket/warehouse` with s3fs installed,
`gs://...` with gcsfs, `memory://...` in tests), so an object store replaces the local folder
without code changes (see README, "Scaling past one machine").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
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
    df = table.to_pandas()
    for col in df.columns:
        # pandas 3 reads text as its "str" dtype, not object: JSON-encoded cells hide in both
        if df[col].dtype != object and not pd.api.types.is_string_dtype(df[col].dtype):
            continue
        values = df[col].tolist()
        if not any(_encoded(v) or hasattr(v, "tolist") for v in values):
            continue
        df[col] = pd.Series([None if _missing(v) else list(v) if hasattr(v, "tolist") else _decode_cell(v)
                             for v in values], index=df.index, dtype=object)
    return df


def _encoded(value) -> bool:
    return isinstance(value, str) and value.startswith("\x00json:")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


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
        if "://" not in self.base_path or self.base_path.startswith("file://"):
            root = self.base_path.removeprefix("file://")
            return pafs.LocalFileSystem(), str(Path(root).resolve()), True
        import fsspec  # only deployments with a remote warehouse need it

        protocol, root = self.base_path.split("://", 1)
        return pafs.PyFileSystem(pafs.FSSpecHandler(fsspec.filesystem(protocol))), root.rstrip("/"), False

    def _path(self, context, partition: str | None) -> str:
        _, root, _ = self._filesystem()
        folder = "/".join([root, *context.asset_key.path])
        return f"{folder}/{partition}.parquet" if partition is not None else f"{folder}/data.parquet"

    def _write(self, path: str, df: pd.DataFrame) -> None:
        fs, _, local = self._filesystem()
        fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        if not local:
            pq.write_table(_to_table(df), path, compression="zstd", filesystem=fs)
            return
        tmp = f"{path}.tmp-{os.getpid()}"
        pq.write_table(_to_table(df), tmp, compression="zstd", filesystem=fs)
        os.replace(tmp, path)

    def _read(self, path: str) -> pd.DataFrame | None:
        fs, _, _ = self._filesystem()
        if fs.get_file_info(path).type == pafs.FileType.NotFound:
            return None
        return _from_table(pq.read_table(path, filesystem=fs))

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
                df = self._read(self._path(upstream, key))
                if df is not None:
                    frames[key] = df
            return frames
        df = self._read(self._path(upstream, None))
        if df is None:
            raise FileNotFoundError(f"{upstream.asset_key.to_user_string()} has not been materialised "
                                    f"(no {self._path(upstream, None)})")
        return df

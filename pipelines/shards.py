"""Caches a build keeps for the next one, as a few pickle files (shards) instead of one.

Belongs here: storing a dict whose keys name their values' content (a hash of what the value
is made of, or a file's path, size and modification time) across SHARDS files chosen by a
stable hash of part of the key, loading all of them, and writing back only the shards whose
keys changed. Used by the partition-frame snapshots (pipelines.resources), the kept linking
entities (pipelines.persons.assets) and the converted texts (pipelines.core.sources).

Why: each of them was one pickle written whole whenever one entry changed; adding one report
to 1,000 rewrote 90 MB in five files (about 3 s), and ten times that at 10,000 reports. Now it
rewrites the shard or two holding what changed. Because every key names its content, a build
that dies between two shard writes leaves shards that are each right for their keys: a cache
that is only partly current is a slower build, never a wrong one.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable, Hashable
from pathlib import Path

SHARDS = 16


class PickleShards:
    """{key: value} kept as `folder/NN.pickle`, each file `(header, {key: value})`.

    `header`: what the values were made with (code version, library versions); a shard with
    another header is not read. `part(key)`: the part of a key that chooses its shard, so that
    an entry replaced by a newer one (a rewritten file's new size and time) lands in the same
    shard as the entry it replaces."""

    def __init__(self, folder: Path, header: Hashable, part: Callable[[Hashable], Hashable] = lambda k: k,
                 shards: int = SHARDS):
        self.folder, self.header, self.part, self.shards = Path(folder), header, part, shards
        self._loaded: dict[int, frozenset] = {}

    def shard(self, key: Hashable) -> int:
        return zlib.crc32(repr(self.part(key)).encode("utf-8")) % self.shards

    def _path(self, n: int) -> Path:
        return self.folder / f"{n:02d}.pickle"

    def load(self) -> dict:
        """Every entry of every readable shard of this header; a missing, foreign or damaged
        shard is only entries to make again."""
        items: dict = {}
        self._loaded = {}
        for n in range(self.shards):
            try:
                with open(self._path(n), "rb") as fh:
                    header, entries = pickle.load(fh)  # noqa: S301 (a cache this project's builds wrote)
            except Exception:
                continue
            if header == self.header and isinstance(entries, dict):
                items.update(entries)
                self._loaded[n] = frozenset(entries)
        return items

    def save(self, items: dict) -> int:
        """Keep exactly `items`: write the shards whose keys differ from those `load` found
        (each atomically), remove the shards left with none; returns how many were written."""
        groups: dict[int, dict] = {}
        for key, value in items.items():
            groups.setdefault(self.shard(key), {})[key] = value
        written = 0
        for n in range(self.shards):
            entries = groups.get(n, {})
            if frozenset(entries) == self._loaded.get(n, frozenset()) and (entries or not self._path(n).exists()):
                continue
            if not entries:
                self._path(n).unlink(missing_ok=True)
            else:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self._path(n).with_name(f"{n:02d}.pickle.tmp-{os.getpid()}")
                with open(tmp, "wb") as fh:
                    pickle.dump((self.header, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self._path(n))
                written += 1
            self._loaded[n] = frozenset(entries)
        return written

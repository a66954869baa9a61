"""pipelines.shards: a cache kept as pickle shards, of which a build writes only those that changed."""

from __future__ import annotations

from pipelines.shards import PickleShards


def _mtimes(folder):
    return {f.name: f.stat().st_mtime_ns for f in folder.glob("*.pickle")}


def test_only_the_shards_whose_keys_changed_are_written_again(tmp_path):
    items = {f"key{i}": i for i in range(40)}
    first = PickleShards(tmp_path, header="v1", shards=8)
    assert first.load() == {} and first.save(items) == len({first.shard(k) for k in items})
    before = _mtimes(tmp_path)
    again = PickleShards(tmp_path, header="v1", shards=8)
    assert again.load() == items
    assert again.save(items) == 0 and _mtimes(tmp_path) == before  # nothing changed, nothing written
    changed = {k: v for k, v in items.items() if k != "key7"} | {"key40": 40}
    touched = {again.shard("key7"), again.shard("key40")}
    assert again.save(changed) == len(touched)
    after = _mtimes(tmp_path)
    assert {n for n in after if after[n] != before.get(n)} == {f"{n:02d}.pickle" for n in touched}
    assert PickleShards(tmp_path, header="v1", shards=8).load() == changed


def test_a_foreign_or_damaged_shard_is_not_read_and_an_emptied_one_is_removed(tmp_path):
    PickleShards(tmp_path, header="v1", shards=4).save({"a": 1, "b": 2, "c": 3})
    assert PickleShards(tmp_path, header="v2", shards=4).load() == {}  # other code made them
    shards = PickleShards(tmp_path, header="v1", shards=4)
    damaged = tmp_path / f"{shards.shard('a'):02d}.pickle"
    damaged.write_bytes(b"not a pickle")
    assert "a" not in shards.load() and shards.load().get("b") == 2
    shards.save({"b": 2})
    assert sorted(f.name for f in tmp_path.glob("*.pickle")) == [f"{shards.shard('b'):02d}.pickle"]


def test_a_key_part_keeps_a_replaced_entry_in_its_shard(tmp_path):
    # a file's entry is (path, size, mtime): its next version lands in the same shard
    shards = PickleShards(tmp_path, header="v1", part=lambda key: key[0], shards=16)
    assert shards.shard(("reports/r1.parquet", 10, 1)) == shards.shard(("reports/r1.parquet", 12, 2))

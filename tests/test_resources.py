"""ParquetIOManager: one Parquet file per partition, on a local folder or any fsspec filesystem."""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from pipelines.resources import ParquetIOManager

FRAME = pd.DataFrame({"report_id": ["a", "b"], "n": [1, 2], "spans": [[(0, 3)], [(4, 9), (10, 12)]]})
PARTS = dg.StaticPartitionsDefinition(["r1", "r2"])


def _roundtrip(manager: ParquetIOManager) -> tuple[pd.DataFrame, dict]:
    key = dg.AssetKey(["report_units"])
    out = dg.build_output_context(asset_key=key, resources={})
    manager.handle_output(out, FRAME)
    whole = manager.load_input(dg.build_input_context(asset_key=key, upstream_output=out))

    pkey = dg.AssetKey(["report_texts"])
    pout = dg.build_output_context(asset_key=pkey, partition_key="r1", asset_partitions_def=PARTS)
    manager.handle_output(pout, FRAME.head(1))
    pin = dg.build_input_context(asset_key=pkey, upstream_output=pout, asset_partitions_def=PARTS,
                                 asset_partition_key_range=dg.PartitionKeyRange("r1", "r2"))
    return whole, manager.load_input(pin)


@pytest.mark.parametrize("base", ["local", "memory://warehouse-test"])
def test_roundtrip_keeps_nested_values_and_partitions(base, tmp_path):
    manager = ParquetIOManager(base_path=str(tmp_path / "wh") if base == "local" else base)
    whole, parts = _roundtrip(manager)
    assert whole["spans"].tolist() == [[[0, 3]], [[4, 9], [10, 12]]]
    assert whole["n"].tolist() == [1, 2]
    # r2 was never written: a run over both partitions gets the one that exists, not an error
    assert list(parts) == ["r1"] and parts["r1"]["report_id"].tolist() == ["a"]
    if base == "local":
        assert (tmp_path / "wh" / "report_texts" / "r1.parquet").exists()
        assert not list((tmp_path / "wh").rglob("*.tmp-*"))


def test_missing_upstream_is_named(tmp_path):
    manager = ParquetIOManager(base_path=str(tmp_path))
    out = dg.build_output_context(asset_key=dg.AssetKey(["persons"]))
    with pytest.raises(FileNotFoundError, match="persons has not been materialised"):
        manager.load_input(dg.build_input_context(asset_key=dg.AssetKey(["persons"]), upstream_output=out))


def test_column_mixing_empty_lists_and_pairs_roundtrips(tmp_path):
    # an incident with no co-mentioned people beside one with (name, role) pairs: one column
    frame = pd.DataFrame({"others": [[], [("Aida Sultan", "lawyer")], None, ["plain"]]})
    manager = ParquetIOManager(base_path=str(tmp_path))
    out = dg.build_output_context(asset_key=dg.AssetKey(["report_incidents"]))
    manager.handle_output(out, frame)
    back = manager.load_input(dg.build_input_context(asset_key=dg.AssetKey(["report_incidents"]), upstream_output=out))
    assert back["others"].tolist() == [[], [["Aida Sultan", "lawyer"]], None, ["plain"]]


def test_text_columns_come_back_as_plain_python_strings(tmp_path):
    # pandas 3 would read them as Arrow-backed strings, whose row-by-row access (to_dict,
    # itertuples) was most of a rebuild's time; readers get str objects and None for missing
    frame = pd.DataFrame({"surface": ["Aida Sultan", None, "Maks Bokaev"], "start": [0, 5, 9]})
    manager = ParquetIOManager(base_path=str(tmp_path))
    out = dg.build_output_context(asset_key=dg.AssetKey(["report_mentions"]))
    manager.handle_output(out, frame)
    back = manager.load_input(dg.build_input_context(asset_key=dg.AssetKey(["report_mentions"]), upstream_output=out))
    assert back["surface"].dtype == object
    assert back.to_dict("records") == [{"surface": "Aida Sultan", "start": 0}, {"surface": None, "start": 5},
                                       {"surface": "Maks Bokaev", "start": 9}]
    assert [type(v) for v in back["surface"]] == [str, type(None), str]
    assert back["start"].dtype == "int64"


def test_records_are_to_dict_records_of_a_warehouse_frame(tmp_path):
    import datetime as dt

    import pyarrow.parquet as pq

    from pipelines.resources import _from_table, _to_table, records

    frame = pd.DataFrame({"text": ["a", None], "n": [1, 2], "x": [0.5, float("nan")], "ok": [True, False],
                          "roles": [["activist"], []], "day": [dt.date(2020, 1, 2), None]})
    pq.write_table(_to_table(frame), tmp_path / "f.parquet")
    back = _from_table(pq.read_table(tmp_path / "f.parquet"))
    want, got = back.to_dict("records"), records(back)
    assert [{k: type(v) for k, v in r.items()} for r in got] == [{k: type(v) for k, v in r.items()} for r in want]
    assert repr(got) == repr(want)


def test_partition_snapshot_serves_unchanged_files_and_rereads_changed_ones(tmp_path, monkeypatch):
    import time
    from pathlib import Path

    import pipelines.resources as res

    manager = ParquetIOManager(base_path=str(tmp_path))
    paths = [str(tmp_path / "report_texts" / f"r{i}.parquet") for i in range(3)]
    for i, path in enumerate(paths):
        manager._write(path, pd.DataFrame({"report_id": [f"r{i}"], "n": [i], "spans": [[(i, i + 1)]]}))
    snap = str(tmp_path / ".snapshots" / "report_texts")
    res._LOADED.clear()
    first = manager._read_many(paths, snapshot=snap)
    assert any(Path(snap).glob("*.pickle"))
    read: list[str] = []
    real = res.pq.read_table
    monkeypatch.setattr(res.pq, "read_table", lambda p, **kw: read.append(p) or real(p, **kw))
    res._LOADED.clear()  # a new build: nothing decoded in this process yet
    again = manager._read_many(paths, snapshot=snap)
    assert read == [] and all(again[p].equals(first[p]) for p in paths)
    time.sleep(0.05)  # a later build rewrites one partition
    manager._write(paths[1], pd.DataFrame({"report_id": ["r1"], "n": [10], "spans": [[(0, 1)]]}))
    res._LOADED.clear()
    shards = {f.name: f.stat().st_mtime_ns for f in Path(snap).glob("*.pickle")}
    changed = manager._read_many(paths, snapshot=snap)
    assert read == [paths[1]] and changed[paths[1]]["n"].tolist() == [10]
    # only the shard holding the rewritten partition was written again
    rewritten = [f.name for f in Path(snap).glob("*.pickle") if f.stat().st_mtime_ns != shards.get(f.name)]
    assert rewritten == [f"{res._snapshot_shards(snap).shard(('report_texts/r1.parquet',)):02d}.pickle"]
    assert changed[paths[2]]["spans"].tolist() == [[[2, 3]]]
    # the warehouse copied elsewhere with its files' times (cp -a): its snapshot still serves
    import shutil
    moved = tmp_path / "moved"
    shutil.copytree(tmp_path, moved / "w", copy_function=shutil.copy2, ignore=shutil.ignore_patterns("moved"))
    res._LOADED.clear()
    read.clear()
    there = ParquetIOManager(base_path=str(moved / "w"))._read_many(
        [p.replace(str(tmp_path), str(moved / "w"), 1) for p in paths],
        snapshot=snap.replace(str(tmp_path), str(moved / "w"), 1))
    assert read == [] and [f["n"].tolist() for f in there.values()] == [[0], [10], [2]]
    # a partition gone is None, and a damaged snapshot is only a slower load
    Path(paths[0]).unlink()
    for shard in Path(snap).glob("*.pickle"):
        shard.write_bytes(b"not a pickle")
    res._LOADED.clear()
    read.clear()
    last = manager._read_many(paths, snapshot=snap)
    assert last[paths[0]] is None and last[paths[1]]["n"].tolist() == [10] and len(read) == 2


def test_packed_frames_are_written_as_the_frames_they_hold(tmp_path):
    # per-report rows are packed into their stored Arrow form as each report finishes; the files
    # written from the packed tables are the files the frames themselves give, and a reader of
    # the mapping sees the frame the Parquet file gives back
    import datetime as dt
    from pathlib import Path

    from pipelines.resources import PackedFrames, _from_table, _to_table

    frames = {"r2": pd.DataFrame({"report_id": ["r2"], "spans": [[(1, 4)]], "day": [dt.date(2020, 5, 1)]}),
              "r1": pd.DataFrame({"report_id": ["r1", "r1"], "spans": [[], [(0, 2)]], "day": [None, None]}),
              "r3": pd.DataFrame(columns=["report_id", "spans", "day"])}
    manager = ParquetIOManager(base_path=str(tmp_path))
    for spool in (None, tmp_path / "spool"):  # kept in memory, or written to the run's spool
        packed = PackedFrames(spool)
        for key, frame in frames.items():
            packed.put(key, frame)
        assert sorted(packed) == ["r1", "r2", "r3"] and len(packed) == 3 and packed.rows == {"r2": 1, "r1": 2, "r3": 0}
        assert packed["r1"].equals(_from_table(_to_table(frames["r1"])))
        assert packed["r1"]["spans"].tolist() == [[], [[0, 2]]]
        with pytest.raises(KeyError):
            packed.file("r9")
        for key in frames:
            manager._write(str(tmp_path / "plain" / f"{key}.parquet"), frames[key])
            manager._write(str(tmp_path / "packed" / f"{key}.parquet"), packed.file(key))
            assert (Path(tmp_path / "packed" / f"{key}.parquet").read_bytes()
                    == Path(tmp_path / "plain" / f"{key}.parquet").read_bytes())
    assert sorted(p.name for p in (tmp_path / "spool").iterdir()) == ["r1.parquet", "r2.parquet", "r3.parquet"]


def test_frames_made_a_group_at_a_time_equal_frames_made_one_by_one():
    # partition files of one schema are converted together and cut apart again; a column's
    # dtype depends on its nulls (int64, or float64 with one), so the groups keep those apart
    import datetime as dt

    from pipelines.resources import _frames_of, _from_table, _to_table

    frames = [
        pd.DataFrame({"report_id": ["a", "a"], "n": [1, 2], "spans": [[(0, 1)], []], "day": [dt.date(2020, 1, 2), None]}),
        pd.DataFrame({"report_id": ["b"], "n": [None], "spans": [[(3, 4)]], "day": [None]}),
        pd.DataFrame({"report_id": ["c", "c", "c"], "n": [5, 6, 7], "spans": [[], [], [(1, 2)]],
                      "day": [dt.date(2021, 3, 4)] * 3}),
        pd.DataFrame(columns=["report_id", "n", "spans", "day"]),
        pd.DataFrame({"report_id": ["d"], "n": [8], "spans": [[(5, 6)]], "day": [dt.date(2022, 5, 6)]}),
        pd.DataFrame({"report_id": ["e"], "roles": [["activist", "lawyer"]], "ok": [True]}),
        pd.DataFrame({"report_id": ["f"], "roles": [["blogger"]], "ok": [None]}),
    ]
    tables = [_to_table(f) for f in frames]
    one_by_one = [_from_table(t) for t in tables]
    grouped = _frames_of(tables)
    assert len(grouped) == len(frames)
    for want, got in zip(one_by_one, grouped):
        assert got.equals(want) and list(got.dtypes) == list(want.dtypes)
        assert list(got.index) == list(range(len(want)))
    # frames "c" and "d" (same schema, no nulls) were made together and are still apart
    assert grouped[2]["n"].tolist() == [5, 6, 7] and grouped[4]["n"].tolist() == [8]
    assert grouped[1]["n"].isna().all() and grouped[0]["spans"].tolist() == [[[0, 1]], []]


def test_spools_go_with_their_frames_and_stale_ones_are_dropped(tmp_path):
    import gc
    import os
    import time

    from pipelines.resources import PackedFrames, drop_stale_spools

    packed = PackedFrames(tmp_path / "spool" / "run-1" / "units")
    packed.put("r1", pd.DataFrame({"report_id": ["r1"]}))
    assert (tmp_path / "spool" / "run-1" / "units" / "r1.parquet").exists()
    del packed
    gc.collect()
    assert not (tmp_path / "spool" / "run-1").exists()  # the run's folder too, once empty
    # closed by the IO manager once written: gone at once, whatever still refers to the mapping
    kept = PackedFrames(tmp_path / "spool" / "run-2" / "units")
    kept.put("r1", pd.DataFrame({"report_id": ["r1"]}))
    cycle = [kept]
    cycle.append(cycle)
    kept.close()
    assert not (tmp_path / "spool" / "run-2").exists() and len(kept) == 1
    kept.close()  # twice is harmless
    old, live = tmp_path / "spool" / "run-old", tmp_path / "spool" / "run-live"
    (old / "units").mkdir(parents=True)
    (live / "units").mkdir(parents=True)
    day_ago = time.time() - 2 * 86_400
    os.utime(old, (day_ago, day_ago))
    drop_stale_spools(tmp_path / "spool")
    assert not old.exists() and live.exists()
    drop_stale_spools(tmp_path / "nowhere")  # no folder: nothing to do


def test_gc_paused_bodies_run_without_the_cycle_collector_and_restore_it() -> None:
    import gc
    import inspect

    from pipelines.definitions import defs
    from pipelines.resources import gc_paused, paused_gc

    seen = []

    @gc_paused
    def body(context, frames: dict) -> int:
        seen.append(gc.isenabled())
        return len(frames)

    @gc_paused
    def steps(context, frames: dict):
        seen.append(gc.isenabled())
        yield len(frames)
        seen.append(gc.isenabled())

    assert gc.isenabled()
    assert body(None, {"a": 1}) == 1 and list(steps(None, {})) == [0]
    assert seen == [False, False, False] and gc.isenabled()
    # Dagster reads the parameters of the wrapped body (its inputs and context)
    assert list(inspect.signature(body).parameters) == ["context", "frames"]
    assert inspect.isgeneratorfunction(steps)
    # nested pauses leave the collector off until the outermost ends; an error still restores it
    with paused_gc():
        with paused_gc():
            pass
        assert not gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
    # the cross-report assets are wrapped, and still take their inputs by name
    for key in ("person_clusters", "incidents", "persons", "person_mentions", "reports",
                "incident_redirects", "published_release"):
        assert hasattr(defs.resolve_assets_def(key).op.compute_fn.decorated_fn, "__wrapped__"), key
    clusters = defs.resolve_assets_def("person_clusters")
    assert set(clusters.keys_by_input_name) >= {"report_texts", "report_mentions", "report_incidents"}

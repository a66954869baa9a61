"""The event log of the project's Dagster home: Dagster's SQLite storage, writing a batch at once.

Belongs here: the one thing the stock `SqliteEventLogStorage` does not do that builds need,
nothing else. A run over 1,000 reports records 4,000 and more asset materialisations (one per
report and per-report asset), and the stock storage writes each in two transactions of its own
(the run's database and the cross-run index), opening and closing SQLite each time: about 8 ms
an event here, 54 s of a 1,000-report build spent after the per-report files were written.
Dagster already hands such events over as batches (`store_event_batch`, when the environment
variable DAGSTER_EVENT_BATCH_SIZE is above 0); its SQLite storage then stores them one by one.
This subclass stores a batch of asset events of one run in one transaction per database, with the
same rows the stock code writes (the statements and helpers are its own); anything else goes
the stock way. `civic build` writes the dagster.yaml that names it and sets the batch size;
`make dev` sets the batch size for the runs the UI launches. Without the batch size set it is
the stock storage. It calls Dagster internals (`prepare_insert_event`, `_store_asset_event_tags`,
`_store_asset_event`) of the version pinned in requirements.lock: a Dagster upgrade must pass
tests/test_eventlog.py, which compares what a batch reads back as with the stock storage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from dagster._core.events import ASSET_EVENTS
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlalchemy_compat import db_result

BATCH_ENV = "DAGSTER_EVENT_BATCH_SIZE"
BATCH_SIZE = "10000"  # events per write; a batch ends earlier with the output that made it


class BatchingSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose `store_event_batch` writes a batch in one transaction per shard."""

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        if not events or len({e.run_id for e in events}) != 1 or not all(
                e.is_dagster_event and e.dagster_event_type in ASSET_EVENTS for e in events):
            super().store_event_batch(events)  # one by one, as the stock storage does
            return
        statements = [self.prepare_insert_event(e) for e in events]
        with self.run_connection(events[0].run_id) as conn:
            for statement in statements:
                conn.execute(statement)
        # mirrored in the cross-run index, as store_event does for each asset event
        with self.index_transaction() as conn:
            ids = []
            for statement in statements:
                with db_result(conn, statement) as result:
                    ids.append(result.inserted_primary_key[0])
            if any(i is None for i in ids):
                raise RuntimeError("an asset event was stored without an id")
            self._store_asset_event_tags(conn, list(events), ids)
            for event, event_id in zip(events, ids, strict=True):
                self._store_asset_event(conn, event, event_id)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> "BatchingSqliteEventLogStorage":
        return cls(inst_data=inst_data, **config_value)  # the stock one makes its own class


def dagster_yaml(home: str) -> str:
    """The dagster.yaml of a project's Dagster home: this storage, in the folder the stock one uses
    (`history/runs`), so the runs of earlier builds stay readable."""
    return f"""{HEADER}
telemetry:
  enabled: false
event_log_storage:
  module: pipelines.eventlog
  class: BatchingSqliteEventLogStorage
  config:
    base_dir: {json.dumps(str(Path(home) / "history" / "runs"))}
"""


HEADER = """# The project's Dagster home: `civic build` and `make dev` (dagster dev) share it, so the UI
# shows every build's runs, materialisations, checks and metadata. Generated, git-ignored:
# `civic build` writes it again when it differs (the project moved, a new version of this file)."""

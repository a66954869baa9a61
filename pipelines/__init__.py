"""Civic-space incidents: the Dagster code location and the pure functions under it.

`pipelines.definitions` holds the one `Definitions`; `pipelines.core` holds the pure
functions (text in, rows out) that the assets call; `pipelines.cli` is the `civic` command.
"""

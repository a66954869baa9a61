"""Pure functions of the pipeline: no Dagster import here.

Each module takes text or rows and returns rows (dataclasses or plain dicts) with offsets into
the cleaned report text, so that it can be tested without Dagster, pandas or the file system.
See docs/ARCHITECTURE.md for the contract between the modules.
"""

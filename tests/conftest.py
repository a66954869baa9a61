"""Shared fixtures: a throwaway project root with the bundled sources, and paths to ../shared."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = "000_bf2cf6556fc1d8c3.txt"


def make_project(root: Path, reports: dict[str, bytes] | None = None, with_seed: bool = True) -> Path:
    """A project root under `root` with the bundled sources/ (but no outputs/)."""
    sources = root / "sources"
    shutil.copytree(PROJECT / "sources", sources, ignore=shutil.ignore_patterns("reports"))
    (sources / "reports").mkdir()
    if with_seed:
        for f in (PROJECT / "sources" / "reports").iterdir():
            shutil.copy2(f, sources / "reports" / f.name)
    for name, data in (reports or {}).items():
        (sources / "reports" / name).write_bytes(data)
    return root


@pytest.fixture(autouse=True, scope="session")
def dagster_home(tmp_path_factory):
    """One Dagster home for every build of the session: creating a home's databases costs each
    build seconds; the builds' projects still keep their own outputs/ (a test of the default
    home under outputs/ unsets DAGSTER_HOME itself)."""
    import os

    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(tmp_path_factory.mktemp("dagster_home"))
    yield os.environ["DAGSTER_HOME"]
    if old is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = old


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_release(tmp_path_factory) -> tuple[Path, Path]:
    """(project root, release folder) of one build of the bundled sources, shared by the tests
    that only read a release (page, queries, review); tests that change a project build their own."""
    from pipelines.cli import build

    root = make_project(tmp_path_factory.mktemp("seed") / "project")
    ok, summary = build(root, log_level="WARNING")
    assert ok, summary
    return root, Path(summary["release"])


def load_script(name: str):
    """A module of scripts/ (not a package), e.g. the synthetic corpus generator."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, PROJECT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]

# Two commands on a fresh machine: `make release` and `make test`.
# Both create .venv when it is missing and install the pinned set from requirements.lock.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: release test install lock dev clean-outputs bench

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

release: $(STAMP)  ## build a release from sources/ into outputs/releases/
	$(VENV)/bin/civic build

test: $(STAMP)  ## run the test suite
	$(PY) -m pytest

dev: $(STAMP)  ## the Dagster UI on the code location, in the Dagster home `civic build` records into
	mkdir -p outputs/dagster_home
	DAGSTER_HOME=$(CURDIR)/outputs/dagster_home $(VENV)/bin/dagster dev -w workspace.yaml

bench: $(STAMP)  ## benchmarks (scripts, not tests)
	$(PY) scripts/bench_linking.py
	$(PY) scripts/bench_build.py

lock:  ## re-resolve the pinned set (needs the package index)
	rm -rf /tmp/civic-lock && $(PYTHON) -m venv /tmp/civic-lock
	/tmp/civic-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/civic-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

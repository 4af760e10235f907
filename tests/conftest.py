"""Shared test set-up: a private PREFECT_HOME, one Prefect test API per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Prefect: never touch the user's ~/.prefect, stay offline.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="copydesk-test-prefect-")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# A `copydesk run` in a test without PREFECT_API_URL uses Prefect's temporary server, tied to
# its own process, not the background server that would outlive the test.
os.environ["COPYDESK_SERVER"] = "temporary"


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """A temporary Prefect API (SQLite in a temp folder) for the whole session; its URL."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    # Heartbeats add about 1 s to every flow run in tests.
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        with prefect_test_harness(server_startup_timeout=180):
            yield PREFECT_API_URL.value()


@pytest.fixture
def run_flow(prefect_api):
    """Run the clean-corpus flow in this process against the session's test API."""
    from copydesk.flows.clean_corpus import clean_corpus_flow

    def run(raw_dir: Path, clean_dir: Path, config: dict | None = None) -> dict:
        return clean_corpus_flow(raw_dir=str(raw_dir), clean_dir=str(clean_dir), config=config)

    return run

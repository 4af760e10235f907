"""Prefect settings copydesk runs with unless the user set them: offline and quiet.

They must be in the environment before Prefect is imported, so the CLI calls
`apply_defaults()` first thing.
"""

from __future__ import annotations

import os

DEFAULTS = {
    # No usage statistics leave the machine; the machine may have no network at all.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The ephemeral API took 13-23 s to start cold on a 2-core machine; Prefect's default
    # timeout is shorter than the slow end of that.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)

"""Prefect settings copydesk runs with unless the user set them: offline and quiet.

They must be in the environment before Prefect is imported, so the CLI calls
`apply_defaults()` first thing.

Where Prefect keeps its state (`PREFECT_HOME`: the database of the local API, profiles,
results): when the user has not set it, the `.prefect/` folder of the copydesk checkout
(next to `pyproject.toml`), or of the current folder when copydesk is installed as a
package. Set `PREFECT_HOME` yourself to put it elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    # No usage statistics leave the machine; the machine may have no network at all.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    # The ephemeral API took 13-23 s to start cold on a 2-core machine; Prefect's default
    # timeout is shorter than the slow end of that.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "INFO",
    # Dask's scheduler and nannies log every worker start and stop at INFO.
    "DASK_LOGGING__DISTRIBUTED": "warning",
}


def project_home() -> Path:
    """`.prefect/` in the copydesk checkout, or in the current folder for an installed copy."""
    checkout = Path(__file__).resolve().parents[1]
    root = checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()
    return root / ".prefect"


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_HOME", str(project_home()))

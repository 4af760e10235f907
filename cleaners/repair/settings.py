"""Settings of the repair stage."""

from __future__ import annotations

from copydesk.cleaners.settings import Bool, Float, Settings, setting


class RepairSettings(Settings):
    # Keep curly quotes: straightening them changes a quarter of real paragraphs.
    uncurl_quotes: Bool = setting(False, "keep curly quotes")
    # Paragraphs whose garble score (share of invented words, 0-1) is above this are dropped;
    # None keeps and flags them. A garbled heading of five words scores 0.2.
    drop_garbled_above: Float | None = setting(
        None, "drop garbled paragraphs scoring above this", example=0.8, ge=0, le=1)

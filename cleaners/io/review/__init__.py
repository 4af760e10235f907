"""The review of a run: static pages that show what the cleaners removed, page by page."""

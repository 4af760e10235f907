"""A real headless Chromium for tests and scripts: Debian's `chromium` and `chromedriver`,
driven by Selenium (importable as `browser`: tests/ is on the path).

    with chromium() as driver:
        driver.get("file:///.../index.html")
        errors = console_errors(driver)

The driver is given as the Service path, so Selenium Manager never looks for or downloads
one. The browser keeps its console messages (`console_errors` reads them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: Skips a test module where the browser is not installed, with how to install it.
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
    reason=f"{CHROMIUM} or {CHROMEDRIVER} not found (apt-get install --no-install-recommends "
           "chromium chromium-driver)")


@contextmanager
def chromium(window: tuple[int, int] | None = None) -> Iterator[Any]:
    """A headless Chromium (with a window of `window` = (width, height) CSS pixels when
    given); quit after."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.add_argument("--headless=new")
    if window is not None:
        options.add_argument(f"--window-size={window[0]},{window[1]}")
        options.add_argument("--hide-scrollbars")
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to start as root without it
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    """The console messages of level SEVERE since the last call (uncaught exceptions,
    files that failed to load, `console.error`)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry.get("level") == "SEVERE"]

"""Headless Debian Chromium for the browser tests (the chat page, the staff pages): one browser
per test module, and `no_console_errors`, which a browser module turns on for its tests
(`pytestmark = pytest.mark.usefixtures("no_console_errors")`) to fail a test on any error in
the browser's console."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("Debian chromium and chromium-driver are required: run scripts/install-chromium.sh")
    profile = tempfile.mkdtemp(prefix="banshi-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=390,844",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def no_console_errors(browser: WebDriver) -> Iterator[None]:
    """Each test also fails on an error in the browser console: an exception in a click handler,
    a module that did not load, a failed request — things the assertions may not look at."""
    browser.get_log("browser")  # reading the log empties it: start from this test's own entries
    yield
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, "errors in the browser console:\n" + "\n".join(errors)

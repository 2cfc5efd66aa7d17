"""Fixtures for the browser tests: the built book served on 127.0.0.1, one Chromium, the pages.

See browser_support.py for why and how.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from browser_support import (
    AXE_JS,
    HTML_DIR,
    PAGES,
    PROJECT_ROOT,
    Book,
    QuietHandler,
    chromium_path,
    require,
)


@pytest.fixture(scope="session")
def book_url() -> Iterator[str]:
    require((HTML_DIR / PAGES[0]).exists(), f"Geen gebouwd boek in {HTML_DIR}: draai eerst 'make book'")
    handler = functools.partial(QuietHandler, directory=str(HTML_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_JS.exists(), f"{AXE_JS.relative_to(PROJECT_ROOT)} ontbreekt: draai 'npm ci'")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    require(executable is not None, "Chromium ontbreekt: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright voor Python ontbreekt: pip install -r requirements.lock")
    with sync_playwright() as playwright:
        # --no-sandbox: CI and developers run as root, where Chromium's sandbox refuses to start.
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def book(browser, book_url, axe_source) -> Iterator[Book]:
    opened = Book(browser, book_url, axe_source)
    try:
        yield opened
    finally:
        opened.write_axe_report()
        opened.close()

"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cbs_server import CbsTestServer


@pytest.fixture
def cbs_server() -> Iterator[CbsTestServer]:
    """A fresh CBS-OData-v3 server on 127.0.0.1 (random free port) for one test.

    Function scope on purpose: failure switches and recorded requests never leak between tests,
    and starting one costs about a millisecond.
    """
    server = CbsTestServer().start()
    try:
        yield server
    finally:
        server.stop()

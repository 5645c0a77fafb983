"""bench/weight.py, small: one page type, one visit, Fast 3G, so the weight benchmark keeps working."""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import weight  # noqa: E402


def test_weight_measures_a_first_visit_and_a_second_page(
    shipped_site: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(weight, "PAGES", {"metode": weight.PAGES["metode"]})
    monkeypatch.setattr(weight, "RUNS", 1)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(weight.GzipHandler, directory=str(shipped_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lines = weight.measure(f"http://127.0.0.1:{server.server_address[1]}", browser) + weight.size(shipped_site)
    finally:
        server.shutdown()
    first, second = (re.search(r"([\d.]+) KB in .*text painted ([\d.]+) s", line) for line in lines[:2])
    assert "first visit" in lines[0] and "second page" in lines[1]
    # The second page takes the style sheet from the cache: it costs less than the first visit.
    assert 0 < float(second.group(1)) < float(first.group(1))
    assert 0 < float(first.group(2)) < 10
    assert re.match(r"site +\d+ files, [\d.]+ MB; \d+ HTML pages", lines[-1])

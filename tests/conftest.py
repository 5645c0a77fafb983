"""Shared test helpers: the repository, the fixture project, and building a project with MkDocs."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO / "hooks"))

CHROMIUM = "/usr/bin/chromium"
# Chromium without the background traffic it would send to Google's hosts (the machine has no other network).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

# What a project needs besides its content to be built with the real configuration.
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "docs", "hooks", "Makefile", "requirements.txt")


def make_project(dest: Path, content: Path = FIXTURES / "projekt") -> Path:
    """Copy the real site configuration plus ``content`` (methods/, cases/, data/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    for name in ("methods", "cases", "data"):
        shutil.copytree(content / name, dest / name)
    # The published schemas follow the content's vocabulary, as `make skriv-skemaer` leaves them in a checkout.
    from metodebog.__main__ import write_schemas
    from metodebog.problems import ContentError
    from metodebog.validate import load_handbook

    try:
        write_schemas(dest, load_handbook(dest))
    except ContentError:
        pass
    return dest


def mkdocs_build(
    project: Path, site: Path, *, english: bool = True, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """Build ``project`` into ``site`` with strict MkDocs, as `make build` does: Danish, then English into en/.

    Returns the first build that failed, or the last one (its output holds both editions' messages).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", **extra_env}
    editions = [("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")][: 2 if english else 1]
    output = ""
    for config, folder in editions:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(folder)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        output += result.stderr
        if result.returncode != 0:
            break
    result.stderr = output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project."""
    return make_project(tmp_path / "projekt")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once into a site folder; returns the site folder."""
    root = tmp_path_factory.mktemp("bygget")
    proj = make_project(root / "projekt")
    site = root / "site"
    result = mkdocs_build(proj, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once with PDFs (cached in build/pdf-cache); returns the site folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a plain web server would, with its 404 page for a missing address."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def base_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served as static files on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(shipped_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium mangler: kør 'make test', som installerer pakken chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab at a laptop's size; modules that need another set their own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    p = context.new_page()
    yield p
    context.close()


def wait_until(page: Page, expression: str, timeout: float = 15_000) -> None:
    """Wait until the JavaScript ``expression`` is true on ``page``.

    Playwright's own ``wait_for_function`` polls through ``eval``, which the site's CSP refuses;
    ``evaluate`` runs through the browser's debugging protocol, outside the page's policy.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"ventede forgæves på: {expression}")
        page.wait_for_timeout(50)

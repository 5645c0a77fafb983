"""Shared test helpers: the repository, the fixture project, building a project with MkDocs, and browser tabs."""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO / "hooks"))

# One PDF cache for every test build (git ignores build/): PDFs are cached by what they are made from, so
# a build reuses what any earlier build made. The tests of the cache itself give their builds a fresh one.
PDF_CACHE = Path(os.environ.get("METODEBOG_PDF_CACHE") or REPO / "build" / "pdf-cache")

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
# The tab a test gets unless it asks for another: a laptop's window, in Danish.
LAPTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "da-DK"}
# Runs before a page's own scripts, outside its CSP: every violation the page reports lands in window.__csp.
WATCH_CSP = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
)

AXE = REPO / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What a project needs besides its content to be built with the real configuration.
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "docs", "hooks", "Makefile", "requirements.txt")

T = TypeVar("T")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "page(**options): the `page` fixture's browser context options (see conftest.new_page)"
    )


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


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path`` with ``new``, as an editor would; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} har ikke: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def mkdocs_build(
    project: Path, site: Path, *, english: bool = True, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """Build ``project`` into ``site`` with strict MkDocs, as `make build` does: Danish, then English into en/.

    PDFs come from the shared ``PDF_CACHE`` unless ``METODEBOG_PDF_CACHE`` names another folder (or
    ``METODEBOG_PDF="nej"`` leaves them out). Returns the first build that failed, or the last one (its
    output holds both editions' messages).
    """
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "METODEBOG_PDF_CACHE": str(PDF_CACHE),
        **extra_env,
    }
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


def generated(root: Path, language: str = "da", site_url: str = "", pdfs: bool = False) -> dict[str, str]:
    """The pages the build generates for the project at ``root`` (uri → Markdown), made in this process.

    With ``pdfs`` the pages link the PDFs with their page counts, as a build with PDFs makes them (the
    PDFs come from the shared cache); without, as a build with ``METODEBOG_PDF=nej``.
    """
    from metodebog.edition import edition
    from metodebog.pdf import render_pdfs

    made = edition(root, language, site_url)
    pdf_pages = {r.doc.pdf: r.pages for r in render_pdfs(list(made.documents), PDF_CACHE)} if pdfs else None
    return {page.uri: page.content for page in made.pages(pdf_pages)}


def page_html(markdown_source: str, language: str = "da") -> str:
    """A generated page's content as HTML: its Markdown (front matter left out) with the site's Markdown extensions,
    as MkDocs renders it into the theme's article."""
    import markdown
    from material.extensions.emoji import to_svg, twemoji
    from mkdocs.utils.meta import get_data

    from metodebog.sanitize import smarty
    from metodebog.slug import slugify

    body, _ = get_data(markdown_source)
    extensions = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "smarty"]
    extensions += ["pymdownx.details", "pymdownx.superfences", "pymdownx.emoji"]
    configs = {
        "toc": {"slugify": slugify},
        "smarty": smarty(language),
        "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg},
    }
    return markdown.markdown(body, extensions=extensions, extension_configs=configs)


def page_text(markdown_source: str, language: str = "da") -> str:
    """The words a reader sees of a generated page's content, folded to single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html(markdown_source, language))).split())


def wait_for(
    condition: Callable[[], T], timeout: float = 30, what: str | Callable[[], str] = "", interval: float = 0.05
) -> T:
    """Return ``condition()``'s first true value, asking every ``interval`` seconds; fail after ``timeout`` seconds.

    ``what`` names what was waited for in the failure (a function: called then, e.g. to show a log).
    """
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"ventede forgæves i {timeout:g} s på: {what() if callable(what) else what or condition}"
            )
        time.sleep(interval)
    return value


def answers(url: str) -> bool:
    """Whether a web server answers at ``url``, with any status."""
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running `mkdocs serve`: its address, project, terminal (what it writes to stderr) and process."""

    url: str
    project: Path
    log: Path
    process: subprocess.Popen[bytes]

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def mkdocs_serve(project: Path, log_dir: Path, *args: str, **env: str) -> Iterator[Served]:
    """Run `mkdocs serve` (without PDFs, messages in Danish unless ``env`` says otherwise) on ``project`` on a
    free port until the block ends; its terminal goes to ``log_dir``/serve.log. Waits until it answers."""
    port = free_port()
    log = log_dir / "serve.log"
    environment = {k: v for k, v in os.environ.items() if k != "METODEBOG_SPROG"}
    environment.update(NO_MKDOCS_2_WARNING="1", METODEBOG_PDF="nej", **env)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *args, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    served = Served(f"http://127.0.0.1:{port}", project, log, process)

    def up() -> bool:
        assert process.poll() is None, served.terminal()
        return answers(served.url + "/")

    try:
        wait_for(up, 60, lambda: "mkdocs serve svarede ikke:\n" + served.terminal(), interval=0.2)
        yield served
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs stops and removes its temporary site folder
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project."""
    return make_project(tmp_path / "projekt")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once into a site folder, as `make build` without SITE_URL; returns the site
    folder (the build's messages are in ``build.log`` beside it)."""
    root = tmp_path_factory.mktemp("bygget")
    proj = make_project(root / "projekt")
    site = root / "site"
    result = mkdocs_build(proj, site)
    assert result.returncode == 0, result.stderr
    (root / "build.log").write_text(result.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once with PDFs (from the shared cache); returns the site folder."""
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


@contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """Serve ``site`` as static files on 127.0.0.1 for the block; give its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served as static files on 127.0.0.1."""
    with serve_folder(shipped_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium mangler: kør 'make test', som installerer pakken chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a tab in a browser context of its own: ``new_page(init_script=None, **options)``, closed after the test.

    ``options`` are Playwright's context options (viewport, color_scheme, java_script_enabled, bypass_csp …);
    ``init_script`` runs before each document's own scripts, outside the page's CSP (see ``WATCH_CSP``).
    """
    contexts = []

    def open_tab(init_script: str | None = None, **options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, new_page: Callable[..., Page]) -> Page:
    """A fresh browser tab at a laptop's size, in Danish.

    A test asks for another with ``@pytest.mark.page(**options)`` (a module with ``pytestmark``) or
    ``@pytest.mark.parametrize("page", [{...options}], indirect=True)``; the options are ``new_page``'s.
    """
    options: dict[str, Any] = dict(LAPTOP)
    for marker in reversed(list(request.node.iter_markers("page"))):  # the nearest marker last: it wins
        options.update(marker.kwargs)
    options.update(getattr(request, "param", {}))
    return new_page(**options)


# A test for axe-core, in the light and the dark colour scheme. axe-core is injected as an inline script, which
# the site's own CSP (rightly) refuses: its tab bypasses the policy.
AXE_IN_BOTH_SCHEMES = pytest.mark.parametrize(
    "page", [{"color_scheme": s, "bypass_csp": True} for s in ("light", "dark")], ids=["light", "dark"], indirect=True
)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core mangler: kør 'make test', som installerer den fra npm (tests/a11y/package.json)")
    return AXE.read_text(encoding="utf-8")


def csp_console(page: Page) -> list[str]:
    """The console's Content Security Policy messages on ``page`` from now on: a list that fills as they come."""
    reports: list[str] = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    return reports


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

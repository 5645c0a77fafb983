"""A site built from hostile but valid content: every text shows as written, nothing runs, nothing is fetched.

``tests/fixtures/fjendtlig-projekt`` puts script, event handlers, tag breakouts, javascript: links
and attribute lists into every plain-text field (titles, abbreviations, sources, keywords,
vocabulary and glossary words) and code spans into Markdown fields. The check accepts it, since
plain text is escaped, and the build must turn it into inert text. The build runs with a
listening "canary" server whose address is in the content, and with a secret in its environment.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from conftest import FIXTURES, WATCH_CSP, csp_console, make_project, mkdocs_build, serve_folder, wait_until

SECRET = "hemmelig-vaerdi-8c1f"


class Canary(http.server.BaseHTTPRequestHandler):
    """Records every request; the build must never make one."""

    seen: list[str] = []

    def do_GET(self) -> None:
        Canary.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    canary = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=canary.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("fjendtlig")
    project = make_project(root / "projekt", FIXTURES / "fjendtlig-projekt")
    address = f"http://127.0.0.1:{canary.server_address[1]}/kanarie"
    for path in [*project.glob("methods/*.yaml"), *project.glob("data/*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace("{{ KANARIE }}", address), encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(project, site, METODEBOG_HEMMELIGHED=SECRET, METODEBOG_PDF_CACHE=str(root / "pdf-cache"))
    assert result.returncode == 0, result.stderr
    yield site
    canary.shutdown()
    assert Canary.seen == [], f"bygget hentede {Canary.seen}"


def test_build_made_no_request_and_leaked_nothing(hostile_site: Path) -> None:
    assert Canary.seen == []
    for path in hostile_site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_plain_text_shows_as_written(hostile_site: Path) -> None:
    case = (hostile_site / "cases" / "gaarden" / "index.html").read_text(encoding="utf-8")
    assert (
        "<title>&lt;script&gt;alert(&quot;case&quot;)&lt;/script&gt; Gården ved skoven - Metodehåndbogen</title>"
        in case
    )
    method = (hostile_site / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    # The title cannot close <title>, the summary cannot leave the description's quotes.
    assert "Opsøgning &lt;/title&gt;&lt;script&gt;" in method
    assert re.search(r'<meta name="description" content="Medarbejderne kører ud &quot; onfocus=&quot;', method)
    for page in hostile_site.rglob("*.html"):
        tags = _Tags()
        tags.feed(page.read_text(encoding="utf-8"))
        assert not tags.found & {"iframe", "object", "embed", "b"}, page
        assert all(src.startswith("data:image/svg+xml") for src in tags.images), page  # only the QR codes
        assert [a for a in tags.attributes if a[0].startswith("on")] == [], page
        assert [a for a in tags.attributes if a[1].strip().lower().startswith("javascript:")] == [], page


class _Tags(HTMLParser):
    """Every tag and attribute of a page, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        self.attributes += [(k, v or "") for k, v in attrs]


def _pages(site: Path) -> list[str]:
    pages = sorted(
        "/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if "pagefind" not in p.parts
    )
    return [*pages, "/findes-ikke/"]


@pytest.mark.page(init_script=WATCH_CSP)
def test_every_page_is_inert_in_the_browser(hostile_site: Path, page: Page) -> None:
    """Every page built from the hostile content: no dialog, no script of the content, nothing off the origin, no CSP report."""
    dialogs: list[str] = []
    offsite: list[str] = []
    console = csp_console(page)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_folder(hostile_site) as base:
        page.on("request", lambda r: offsite.append(r.url) if urlsplit(r.url).netloc != urlsplit(base).netloc else None)
        visited = _pages(hostile_site)
        assert len(visited) > 15
        for path in visited:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            # Hover and focus everything, so handlers that would wait for a reader get their chance.
            page.evaluate(
                "for (const el of document.querySelectorAll('body *')) {"
                " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                " el.dispatchEvent(new FocusEvent('focus')); }"
            )
            assert page.evaluate("window.__csp") == [], path
        # Search results show the hostile words as text: Pagefind's excerpts and our titles are escaped.
        page.goto(base + "/metoder/")
        page.keyboard.press("/")
        page.keyboard.type("alert", delay=20)
        wait_until(page, "document.querySelector('#mh-soeg-status').dataset.query === 'alert'")
        results = page.locator("#mh-soeg-resultater")
        assert 'onerror=alert("vokabular")>' in results.inner_text()
        assert results.locator("img, script, iframe, svg, b").count() == 0
        assert page.evaluate("window.__csp") == []
        assert dialogs == []
        assert offsite == []
        assert console == []


def test_pdfs_hold_only_what_the_build_made(hostile_site: Path) -> None:
    pdfs = sorted((hostile_site / "pdf").rglob("*.pdf"))
    assert len(pdfs) >= 5
    for path in pdfs:
        reader = PdfReader(path)
        assert reader.attachments == {}, path
        for page in reader.pages:
            resources = page.get("/Resources") or {}
            xobjects = resources.get("/XObject") or {}
            images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
            assert images == [], path  # the QR code is drawn as vectors; no picture may come from content
        raw = path.read_bytes()
        assert b"/EmbeddedFile" not in raw and b"/Launch" not in raw and b"/JavaScript" not in raw, path
        assert b"file:" not in raw, path
    text = "".join(p.extract_text() for p in PdfReader(hostile_site / "pdf" / "metodehaandbogen.pdf").pages)
    assert '<script>alert("case")</script> Gården ved skoven' in text

"""`make serve` shows content errors in the browser at every address, and the handbook again once they are fixed."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from conftest import AXE_IN_BOTH_SCHEMES, REPO, WCAG_AA, Served, csp_console, mkdocs_serve, wait_for
from metodebog.problems import Problem
from metodebog.serve_errors import error_page

HEADING = "Håndbogen kan ikke bygges, før fejlene er rettet"
INTRO = "Ret filerne nedenfor og gem; siden opdaterer sig selv."
WAIT = 60_000  # ms: every wait for the server or the browser is bounded by this
METHOD = "methods/opsoegning.yaml"
# Two errors: a near-miss key (the message suggests the right one) and a key that is HTML, shown as text.
NEAR_MISS, HTML_KEY = "formaal: x", '"<b>farve</b>": rød'
BROKEN = f"type: metode\n{NEAR_MISS}\n{HTML_KEY}\n"


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[Served]:
    with mkdocs_serve(project, tmp_path) as running:
        yield running


def settle(page: Page, expression: str, timeout: float = WAIT) -> None:
    """``wait_until``, through the page's own reloads (the page may be between two documents when asked)."""

    def true() -> bool:
        try:
            return bool(page.evaluate(expression))
        except PlaywrightError:  # between two documents
            return False

    wait_for(true, timeout / 1000, expression)


def heading_is(text: str) -> str:
    return f"(document.querySelector('h1') || {{}}).textContent === {text!r}"


def heading_starts(text: str) -> str:
    return f"(document.querySelector('h1') || {{textContent: ''}}).textContent.startsWith({text!r})"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.read().decode("utf-8")
    except urllib.error.HTTPError as e:  # the error page of a missing address comes with status 404
        return e.read().decode("utf-8")


@pytest.mark.page(viewport={"width": 1100, "height": 800})
def test_a_content_error_is_shown_in_the_browser_until_it_is_fixed(served: Served, page: Page) -> None:
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    policy = csp_console(page)
    method_url = served.url + "/metoder/opsoegning/"
    page.goto(method_url)
    settle(page, heading_starts("Opsøgning på landet (OPL)"))

    source = served.project / METHOD
    original = source.read_text(encoding="utf-8")
    assert "type: metode\n" in original
    broken = original.replace("type: metode\n", BROKEN, 1)
    source.write_text(broken, encoding="utf-8")
    lines = broken.splitlines()
    near_miss = f"{METHOD}:{lines.index(NEAR_MISS) + 1}:1"
    html_key = f"{METHOD}:{lines.index(HTML_KEY) + 1}:1"

    # The open page reloads by itself (no goto) and shows the errors.
    settle(page, heading_is(HEADING))
    assert page.url == method_url
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.locator("main > p").first.inner_text() == INTRO
    assert page.locator("h2").inner_text() == "2 fejl i indholdet"
    items = page.locator("main ul > li").all_inner_texts()
    assert len(items) == 2, items
    assert items[0].startswith(near_miss) and "ukendt felt 'formaal'. Mente du 'formål'?" in items[0], items
    assert items[1].startswith(html_key) and "ukendt felt '<b>farve</b>'." in items[1], items
    assert page.locator("main b").count() == 0  # the quoted content is text, not markup
    page.screenshot(path=str(artifact("serve-fejlside.png")), full_page=True)

    # Every other address shows it too: a case, the front page and an address that does not exist.
    other = page.context.new_page()
    for address in ("/cases/gaarden/", "/", "/findes-ikke/"):
        other.goto(served.url + address)
        settle(other, heading_is(HEADING))
        assert near_miss in other.locator("main").inner_text(), address
    assert all(url.startswith(served.url + "/") for url in requests), requests
    assert policy == [], policy

    # The terminal says it too, as errors at file:line:column.
    terminal = served.terminal()
    assert f"ERROR   -  {near_miss}: ukendt felt 'formaal'. Mente du 'formål'?" in terminal, terminal
    assert f"ERROR   -  {html_key}: ukendt felt '<b>farve</b>'." in terminal, terminal
    assert "2 fejl i indholdet. Browseren viser dem på alle sider, indtil de er rettet og gemt." in terminal
    assert "Aborted" not in terminal and "stuck" not in terminal, terminal

    # Fixed: both tabs come back by themselves, the method page and the site's own page for a missing address.
    source.write_text(original, encoding="utf-8")
    settle(page, heading_starts("Opsøgning på landet (OPL)"))
    assert page.url == method_url
    settle(other, heading_starts("Siden findes ikke"))  # the theme's 404 page
    assert other.url == served.url + "/findes-ikke/"
    assert served.process.poll() is None


def artifact(name: str) -> Path:
    folder = REPO / "build" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_the_english_edition_shows_the_errors_in_the_editors_language(project: Path, tmp_path: Path) -> None:
    """`make serve-en` shows the same page; METODEBOG_SPROG=en says it in English, as `make check` does."""
    source = project / METHOD
    source.write_text(source.read_text(encoding="utf-8").replace("type: metode\n", BROKEN, 1), encoding="utf-8")
    with mkdocs_serve(project, tmp_path, "-f", "mkdocs.en.yml", METODEBOG_SPROG="en") as served:
        for address in ("/en/", "/en/methods/opsoegning/"):
            html = fetch(served.url + address)
            assert '<html lang="en">' in html, html
            assert "<h1>The handbook cannot be built until the errors are fixed</h1>" in html, html
            assert "unknown field &#x27;&lt;b&gt;farve&lt;/b&gt;&#x27;" in html, html
        assert "methods/opsoegning.yaml:5:1: unknown field 'formaal'. Did you mean 'formål'?" in served.terminal()


def test_the_page_escapes_every_message_and_allows_only_its_own_style() -> None:
    from metodebog.csp import protect

    problems = [
        Problem("methods/<x>.yaml", 2, 3, "ukendt felt '</li><script>alert(1)</script>'."),
        Problem("cases/y.md", 1, 1, "noget at rette", warning=True),
    ]
    html = protect(error_page(problems, "da"), preview=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<code>methods/&lt;x&gt;.yaml:2:3</code>" in html
    assert '<li class="advarsel"><code>cases/y.md:1:1</code> Advarsel: noget at rette</li>' in html
    assert '<html lang="da">' in html and f"<h1>{HEADING}</h1>" in html
    assert "style-src 'self' 'sha256-" in html
    assert "http://" not in html and "https://" not in html and "//" not in html.split("<body>")[1]


@AXE_IN_BOTH_SCHEMES
def test_the_page_passes_axe(page: Page, axe_source: str) -> None:
    problems = [
        Problem("methods/abcd.yaml", 4, 7, "'metod' er ikke tilladt i 'type'. Mente du 'metode'?"),
        Problem("cases/y.md", 1, 1, "noget at rette", warning=True),
    ]
    page.set_content(error_page(problems, "da"))
    page.add_script_tag(content=axe_source)
    tags = [*WCAG_AA, "best-practice"]
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []

"""What a reader gets of the site's style: one style sheet shared by every page and kept in the cache, and
inline only the rules that paint the first screen exactly as the sheet will, under the strict CSP."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route

from conftest import REPO, WATCH_CSP, csp_console, wait_until
from metodebog.styles import StyleSheet

# The inline rules of one page: today 18-24 KB, 4-5 KB compressed (a page of the first screen's elements
# only); the whole style sheets were 157 KB, 26 KB compressed, in every page.
INLINE_MAX = 32_000
INLINE_GZIP_MAX = 6_000
METHOD = "/metoder/opsoegende-indsats/"
LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
PALETTE_DARK = {
    "index": 1,
    "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom"},
}
# Every element that shows in the window: how it looks and the part of it inside the window.
SNAPSHOT = """() => [...document.querySelectorAll('body *')].map(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    const box = [Math.max(r.left, 0), Math.max(r.top, 0), Math.min(r.right, innerWidth), Math.min(r.bottom, innerHeight)];
    return [e.tagName, e.getAttribute('class'), ...box.map(Math.round), s.color, s.backgroundColor, s.fontSize,
            s.fontWeight, s.visibility, s.opacity];
}).filter(([tag, cls, left, top, right, bottom]) => right > left && bottom > top)"""


def test_inline_rules_are_the_first_screens_in_each_colour_scheme() -> None:
    """Not hover, print or what lies below the first screen; a custom property only when something reads it."""
    sheet = StyleSheet(
        ":root{--used:red;--unused:blue;--chain:var(--used)}"
        ".md-header{color:var(--chain);transition:color 1s}"
        ".md-header:hover{color:blue}"
        "[data-md-color-scheme=slate] .md-header{color:white}"
        "@media print{.md-header{display:none}}"
        "@media screen and (min-width:60em){.md-header{padding:1px}}"
        ".far-below{color:green}"
        "p{margin:0}"
    )
    page = (
        "<html><body data-md-color-scheme=default><header class=md-header><input data-md-color-scheme=slate>"
        f"</header><article>{'<p>Tekst</p>' * 100}<div class=far-below></div></article></body></html>"
    )
    assert sheet.first_screen(page) == (
        ":root{--used:red;--chain:var(--used)}.md-header{color:var(--chain)}"
        "[data-md-color-scheme=slate] .md-header{color:white}"
        "@media screen and (min-width:60em){.md-header{padding:1px}}p{margin:0}"
    )


def test_every_page_links_one_shared_style_sheet_and_inlines_little(shipped_site: Path) -> None:
    own_css = (REPO / "docs" / "css" / "metodebog.css").read_text(encoding="utf-8")
    pages = [p for p in shipped_site.rglob("*.html") if "pagefind" not in p.parts]
    themed = [p for p in pages if 'class="md-header' in p.read_text(encoding="utf-8")]  # not the print sheets
    assert len(themed) > 40
    sheets, inline_of = set(), {}
    for path in themed:
        html = path.read_text(encoding="utf-8")
        (href,) = LINK.findall(html)
        # The 404 page names its files from the site's root, since it is served at any address.
        folder = shipped_site if href.startswith("/") else path.parent
        sheet = (folder / href.lstrip("/")).resolve()
        assert re.fullmatch(r"site\.[0-9a-f]{8}\.css", sheet.name), path
        sheets.add(sheet)
        inline = inline_of[path] = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
        assert len(inline) <= INLINE_MAX and len(gzip.compress(inline.encode())) <= INLINE_GZIP_MAX, path
        assert ".md-header{" in inline, path
        # The sheet comes after the page's text, so it holds up no paint, and before the scripts, which wait for it.
        assert html.index("md-content") < html.index(href + '">') < html.index("<script src="), path
    # One file per edition (the English one has its own copy of the theme's files).
    assert sorted(s.relative_to(shipped_site).as_posix() for s in sheets) == [
        f"assets/stylesheets/{min(sheets).name}",
        f"en/assets/stylesheets/{min(sheets).name}",
    ]
    assert own_css in min(sheets).read_text(encoding="utf-8")
    # A hand-written page's inline rules are its own. The pages made from one template (every method page)
    # share those of the first of them, so a handbook of thousands reads one first screen, not thousands.
    danish = StyleSheet(min(sheets).read_text(encoding="utf-8"))
    for path in sorted(p for p in themed if "en" not in p.relative_to(shipped_site).parts):
        rel = path.relative_to(shipped_site).as_posix()
        if rel in ("index.html", "404.html", "om/index.html", "bidrag/index.html", "tilgaengelighed/index.html"):
            assert danish.first_screen(path.read_text(encoding="utf-8")) == inline_of[path], path
    methods = sorted((shipped_site / "metoder").glob("*/index.html"))
    assert len({inline_of[p] for p in methods}) == 1
    assert inline_of[methods[0]] == danish.first_screen(methods[0].read_text(encoding="utf-8"))


class Held:
    """Requests for files ending in ``suffix`` kept waiting until ``release``."""

    def __init__(self, page: Page, suffix: str) -> None:
        self.routes: list[Route] = []
        self.released = False
        page.route(lambda url: url.endswith(suffix), self._arrive)

    def _arrive(self, route: Route) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.continue_()


FIRST_SCREENS = [
    (METHOD, "light"),
    (METHOD, "dark"),
    # Pages whose inline rules are those of the first page of their kind in the build.
    ("/metoder/signs-of-safety/", "light"),
    ("/metoder/ressourcebaseret-tilgang/", "light"),
    ("/cases/for-enden-af-grusvejen/", "light"),
    ("/", "light"),
    ("/find-en-metode/", "light"),
    ("/sammenlign-metoder/?metode=aaben-dialog&metode=signs-of-safety", "light"),
    ("/findes-ikke/", "light"),
]


@pytest.mark.parametrize("path, scheme", FIRST_SCREENS)
@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_first_screen_paints_as_it_will_once_the_style_sheet_is_in(
    new_page: Callable[..., Page], base_url: str, path: str, scheme: str, width: int, height: int
) -> None:
    """Before the style sheet arrives the window looks as it will after: nothing unstyled, nothing moves."""
    script = WATCH_CSP
    if scheme == "dark":  # as the palette toggle leaves it for the next page
        script += f"localStorage.setItem('/.__palette', {json.dumps(json.dumps(PALETTE_DARK))});"
    page = new_page(init_script=script, viewport={"width": width, "height": height}, locale="da-DK")
    Held(page, ".js")  # the scripts change the page once they run; here only the style sheet counts
    sheet = Held(page, ".css")
    page.goto(base_url + path, wait_until="commit")
    wait_until(page, "performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')")
    wait_until(page, "document.querySelector('footer') !== null")
    first = page.evaluate(SNAPSHOT)
    assert sheet.routes and page.evaluate("[...document.styleSheets].every(s => s.ownerNode.tagName === 'STYLE')")
    sheet.release()
    wait_until(page, "[...document.styleSheets].some(s => s.href && s.cssRules.length > 100)")
    after = page.evaluate(SNAPSHOT)
    assert len(first) > 30
    assert [a for a, b in zip(first, after, strict=True) if a != b] == []
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert header == "rgb(0, 87, 79)"  # the primary colour of docs/css/metodebog.css
    assert body == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")
    assert page.evaluate("window.__csp") == []


@pytest.mark.page(init_script=WATCH_CSP)
def test_a_second_page_takes_the_style_sheet_from_the_cache(page: Page, base_url: str) -> None:
    """Styled under the CSP without one report; the next page fetches no style sheet, only its own HTML."""
    reports = csp_console(page)
    css = "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.css'))"
    page.goto(base_url + METHOD)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(f"{css}.map(e => e.encodedBodySize)")[0] > 20_000
    with page.expect_navigation():
        page.click(".md-tabs a[href$='cases/']")
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + "/cases/"
    # Fresh in the cache, or confirmed unchanged (304): either way no byte of the sheet comes again.
    assert page.evaluate(f"{css}.map(e => e.transferSize)")[0] < 1_000
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(0, 87, 79)"
    assert page.evaluate("window.__csp") == [] and reports == []

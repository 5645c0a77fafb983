"""Every page carries a strict Content-Security-Policy, and the handbook works under it without one report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import WATCH_CSP, csp_console, mkdocs_serve, wait_until
from metodebog import csp

PAGES = [
    "/",
    "/metoder/opsoegende-indsats/",
    "/cases/for-enden-af-grusvejen/",
    "/metoder/",
    "/tjeklister/",
    "/vaerktoejsspoergsmaal/",
    "/find-en-metode/",
    "/sammenlign-metoder/?metode=aaben-dialog&metode=signs-of-safety",
    "/ordliste/",
    "/emner/recovery/",
    "/bidrag/feltreference/",
    "/ark/opsoegende-indsats/kontaktskabelse-tjekliste.html",
    "/findes-ikke/",
    "/en/methods/signs-of-safety/",
    "/en/cases/for-enden-af-grusvejen/",
    "/en/compare-methods/?metode=aaben-dialog&metode=signs-of-safety",
]
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# Every tab records the violations its pages report, and notes a print instead of opening a dialog.
pytestmark = pytest.mark.page(
    init_script=WATCH_CSP + "window.__printed = 0; window.print = () => { window.__printed += 1; };"
)


def test_the_web_editor_has_its_own_narrow_policy(shipped_site: Path) -> None:
    """/admin/ (Decap CMS) needs eval and inline styles: there, and only there, with two hosts to talk to."""
    html = (shipped_site / "admin" / "index.html").read_text(encoding="utf-8")
    (found,) = POLICY.findall(html)
    policy = dict(d.split(" ", 1) for d in found.split("; "))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert policy["script-src"] == "'self' 'unsafe-eval' 'wasm-unsafe-eval'"  # no inline script
    assert policy["connect-src"] == "'self' http://127.0.0.1:8081 https://api.github.com"
    assert "*" not in found
    assert html.index("Content-Security-Policy") < html.index("<script")
    # Its scripts are files of the site: nothing from a CDN.
    assert all(not src.startswith(("http:", "https:", "//")) for src in re.findall(r'<script src="([^"]+)"', html))


def test_every_built_page_has_the_strict_policy(shipped_site: Path) -> None:
    editor = shipped_site / "admin" / "index.html"  # its own policy, tested above
    pages = [p for p in shipped_site.rglob("*.html") if "pagefind" not in p.parts and p != editor]
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, path
        policy = dict(d.split(" ", 1) for d in found[0].split("; "))
        assert policy["default-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        # The policy comes before anything that could load or run.
        assert html.index("Content-Security-Policy") < min(
            html.index(t) for t in ("<script", "<style", "<link") if t in html
        )


@pytest.mark.parametrize("path", PAGES)
def test_page_works_without_a_csp_report(page: Page, base_url: str, path: str) -> None:
    reports = csp_console(page)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    if not path.startswith("/ark/"):  # print sheets have no theme
        # The theme's inline scripts ran: the page was marked as scripted before paint.
        assert page.evaluate("document.documentElement.classList.contains('mh-js')")
    assert reports == []


def test_search_finder_palette_and_print_work_under_the_policy(page: Page, base_url: str) -> None:
    reports = csp_console(page)
    page.goto(base_url + "/metoder/opsoegende-indsats/")
    page.keyboard.press("/")
    page.keyboard.type("netværksmøde")
    page.wait_for_selector("#mh-soeg-resultater li a")  # Pagefind ran, with its WebAssembly
    page.keyboard.press("Escape")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    wait_until(page, "document.body.getAttribute('data-md-color-scheme') === 'slate'")

    page.goto(base_url + "/find-en-metode/")
    assert page.locator("form.mh-finder").is_visible()
    before = page.locator(".mh-kortliste > li:visible").count()
    page.locator("form.mh-finder input[type=checkbox]").first.check()
    wait_until(page, f"document.querySelectorAll('.mh-kortliste > li:not([hidden])').length < {before}")

    page.goto(base_url + "/ark/opsoegende-indsats/kontaktskabelse-tjekliste.html#udskriv")
    wait_until(page, "window.__printed === 1")  # the sheet's own (hashed) script asked to print
    assert page.evaluate("window.__csp") == []
    assert reports == []


def test_script_smuggled_into_the_content_is_not_allowed() -> None:
    """The policy allows the theme's inline scripts by hash, never one inside the page's content."""
    content = "<article><script>alert(1)</script></article>"
    html = f"<html><head><script>var ok = 1;</script></head><body>{content}</body></html>"
    protected = csp.protect(html, untrusted=content)
    assert csp._hash("var ok = 1;") in protected
    assert csp._hash("alert(1)") not in protected


def test_preview_live_reload_runs_under_the_policy(project: Path, tmp_path: Path, page: Page) -> None:
    """`make serve` adds its live-reload script inline; the preview's policy lets it run, the built site's does not."""
    with mkdocs_serve(project, tmp_path) as served:
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        # The script says so in the console once it runs.
        with page.expect_console_message(lambda m: "Enabled live reload" in m.text, timeout=30_000):
            page.goto(served.url + "/metoder/opsoegning/")
        assert [m for m in messages if "Content Security Policy" in m] == []
        assert page.evaluate("window.__csp") == []

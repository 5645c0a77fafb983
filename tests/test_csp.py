"""Every page carries a strict Content-Security-Policy, and the handbook works under it without one report."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import wait_until
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


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Init scripts run outside the page's CSP: record violations, and note a print instead of opening a dialog.
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
        "window.__printed = 0; window.print = () => { window.__printed += 1; };"
    )
    p = context.new_page()
    reports: list[str] = []
    p.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    yield p
    assert reports == []
    context.close()


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
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    if not path.startswith("/ark/"):  # print sheets have no theme
        # The theme's inline scripts ran: the page was marked as scripted before paint.
        assert page.evaluate("document.documentElement.classList.contains('mh-js')")


def test_search_finder_palette_and_print_work_under_the_policy(page: Page, base_url: str) -> None:
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


def test_script_smuggled_into_the_content_is_not_allowed() -> None:
    """The policy allows the theme's inline scripts by hash, never one inside the page's content."""
    content = "<article><script>alert(1)</script></article>"
    html = f"<html><head><script>var ok = 1;</script></head><body>{content}</body></html>"
    protected = csp.protect(html, untrusted=content)
    assert csp._hash("var ok = 1;") in protected
    assert csp._hash("alert(1)") not in protected


def test_preview_live_reload_runs_under_the_policy(project: Path, browser: Browser) -> None:
    """`make serve` adds its live-reload script inline; the preview's policy lets it run, the built site's does not."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "METODEBOG_PDF": "nej"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        deadline = time.monotonic() + 60
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/metoder/opsoegning/")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        page.wait_for_load_state("load")
        wait_until(page, "document.readyState === 'complete'")
        page.wait_for_timeout(500)
        assert "Enabled live reload" in messages
        assert [m for m in messages if "Content Security Policy" in m] == []
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)

"""Accessible to everyone and private by default, checked in the browser on every page type."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from conftest import AXE_IN_BOTH_SCHEMES, WCAG_AA, wait_until

PAGE_TYPES = {
    "forside": "/",
    "metode": "/metoder/opsoegende-indsats/",
    "metode-med-kort": "/metoder/relationel-velfaerd/",
    "case": "/cases/for-enden-af-grusvejen/",
    "oversigt": "/metoder/",
    "tjeklister": "/tjeklister/",
    "find-en-metode": "/find-en-metode/",
    "sammenlign": "/sammenlign-metoder/?metode=aaben-dialog&metode=signs-of-safety",
    "ordliste": "/ordliste/",
    "emne": "/emner/recovery/",
    "ark": "/ark/opsoegende-indsats/kontaktskabelse-tjekliste.html",
    "ark-samarbejdskort": "/ark/relationel-velfaerd/samarbejdskort.html",
    "404": "/findes-ikke/",
    "en-forside": "/en/",
    "en-metode": "/en/methods/signs-of-safety/",
    "en-metode-med-kort": "/en/methods/relationel-velfaerd/",
    "en-delvis-oversat": "/en/methods/opsoegende-indsats/",
    "en-case-uoversat": "/en/cases/for-enden-af-grusvejen/",
    "en-oversaettelser": "/en/translation-status/",
    "en-sammenlign": "/en/compare-methods/?metode=aaben-dialog&metode=signs-of-safety",
}


def goto(page: Page, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (404 if path == "/findes-ikke/" else 200), path


@AXE_IN_BOTH_SCHEMES
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_axe_violations(name: str, page: Page, base_url: str, axe_source: str) -> None:
    goto(page, base_url, PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["nodes"][0].get("failureSummary", "")[:200])
        for v in result["violations"]
    ]
    assert violations == []


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_request_leaves_the_site(name: str, page: Page, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    goto(page, base_url, PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    if name == "forside":  # the search loads its index on first use
        page.locator("#mh-soeg-felt").fill("netværksmøde")
        wait_until(page, "document.querySelector('#mh-soeg-status').dataset.query === 'netværksmøde'")
    origin = urlsplit(base_url).netloc
    foreign = [u for u in requested if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin]
    assert foreign == []
    assert page.context.cookies() == []


def test_keyboard_skip_link_and_checklist_boxes(page: Page, base_url: str) -> None:
    goto(page, base_url, "/metoder/opsoegende-indsats/")
    page.keyboard.press("Tab")
    # The first Tab reaches the skip link, which leads past the header to the page's heading.
    skip = page.evaluate(
        "[document.activeElement.classList.contains('md-skip'), document.activeElement.getAttribute('href'),"
        " document.activeElement.textContent.trim()]"
    )
    assert skip == [True, "#opsoegende-indsats-for-socialt-isolerede-borgere", "Gå til indholdet"]
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#opsoegende-indsats-for-socialt-isolerede-borgere"
    # A check box is announced by its item's text and ticked with the space bar.
    box = page.get_by_role("checkbox", name="Vi har håndsprit, skoovertræk og et postkort eller en seddel med.")
    box.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visibly focused
    page.keyboard.press(" ")
    assert box.is_checked()


def test_headings_in_order_and_language(page: Page, base_url: str) -> None:
    for path in PAGE_TYPES.values():
        goto(page, base_url, path)
        assert page.evaluate("document.documentElement.lang") == ("en" if path.startswith("/en/") else "da")
        levels = page.evaluate(
            "Array.from(document.querySelectorAll('h1, h2, h3, h4'))"
            ".filter(h => !h.closest('.md-header, .md-sidebar, .md-footer, .md-search'))"
            ".map(h => Number(h.tagName[1]))"
        )
        assert levels and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


@pytest.mark.page(java_script_enabled=False)
def test_usable_without_javascript(page: Page, base_url: str) -> None:
    for name in ("metode", "tjeklister", "find-en-metode", "sammenlign", "ordliste"):
        goto(page, base_url, PAGE_TYPES[name])
        assert page.locator("article h1").first.is_visible()
        assert page.locator(".md-tabs__link, .md-nav__link").count() > 3  # navigation is there
    goto(page, base_url, PAGE_TYPES["metode"])
    box = page.locator("ul.mh-tjekliste input[type=checkbox]").first
    box.check()
    assert box.is_checked()


def test_statement_linked_from_every_page(page: Page, base_url: str) -> None:
    for path in ("/", "/metoder/abcd/"):
        goto(page, base_url, path)
        link = page.locator(".md-footer a", has_text="Tilgængelighedserklæring")
        link.click()
        page.wait_for_url("**/tilgaengelighed/")
        assert page.locator("h1").first.inner_text().startswith("Tilgængelighedserklæring")


def test_404_in_danish_with_search(page: Page, base_url: str) -> None:
    goto(page, base_url, "/findes-ikke/")
    assert page.locator("h1").first.inner_text() == "Siden findes ikke"
    assert page.locator("#mh-soeg-felt").count() == 1

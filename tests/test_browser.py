"""In a real browser (Debian's Chromium driven by Playwright), as a person would: search, filter, read on a phone."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from conftest import REPO, wait_until
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"


def search(page: Page, query: str) -> tuple[list[str], str]:
    """Type ``query`` into the header search box; return the result pages' paths and the status line."""
    box = page.locator("#mh-soeg-felt")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    # The status line names the query it answers, so an answer to an earlier keystroke is not taken.
    wait_until(page, f"document.querySelector('#mh-soeg-status').dataset.query === {json.dumps(query)}")
    status = page.locator("#mh-soeg-status")
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    return [urlsplit(h).path for h in hrefs], status.inner_text()


QUERIES = [
    # (query, a page expected among the first three results)
    ("netværksmøde", "/metoder/aaben-dialog/"),
    ("netværksmødet", "/metoder/aaben-dialog/"),
    ("netværksmøderne", "/metoder/aaben-dialog/"),
    ("handlingsplanerne", "/metoder/relationel-velfaerd/"),
    ("SoS", "/metoder/signs-of-safety/"),
    ("Signs of Safety", "/metoder/signs-of-safety/"),
    ("ÅD", "/metoder/aaben-dialog/"),
    ("Open Dialogue", "/metoder/aaben-dialog/"),
    ("ABCD", "/metoder/abcd/"),
    ("Asset Based Community Development", "/metoder/abcd/"),
    ("opsøgende", "/metoder/opsoegende-indsats/"),
    ("Vejle", "/metoder/abcd/"),
    ("hvordan får jeg kontakt", "/metoder/opsoegende-indsats/"),
    ("grusvejen", "/cases/for-enden-af-grusvejen/"),
    ("skaleringsspørgsmål", "/metoder/signs-of-safety/"),
    ("relationel koordinering", "/metoder/relationel-velfaerd/"),
    ("tre kolonner", "/cases/tre-kolonner-ved-spisebordet/"),
]


def test_search_finds_danish_word_forms_abbreviations_and_phrases(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    misses = []
    for query, expected in QUERIES:
        paths, status = search(page, query)
        if expected not in paths[:3]:
            misses.append((query, expected, paths[:5], status))
    assert misses == []


def test_title_ranks_above_passing_mention(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    for query, expected in [
        ("Åben Dialog", "/metoder/aaben-dialog/"),
        ("Aabenraa-modellen", "/metoder/aabenraa-modellen/"),
        ("Borgeren ved roret", "/metoder/borgeren-ved-roret/"),
    ]:
        paths, _ = search(page, query)
        assert paths[0] == expected, (query, paths[:5])


def test_misspelling_and_no_results_in_danish(page: Page, base_url: str) -> None:
    page.goto(base_url + "/metoder/")
    paths, status = search(page, "kontatkskabelse")  # two letters swapped
    assert status.startswith("Ingen resultater for »kontatkskabelse«. Viser resultater for »kontaktskabelse«.")
    assert "/metoder/opsoegende-indsats/" in paths[:3]
    paths, status = search(page, "xylofonorkester")
    assert paths == [] and status == "Ingen resultater fundet."


def test_search_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/metoder/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "mh-soeg-felt"
    page.keyboard.type("ABCD", delay=20)
    # The results answer the whole query (not an earlier keystroke, whose list the next one replaces).
    wait_until(page, "document.querySelector('#mh-soeg-status').dataset.query === 'ABCD'")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and urlsplit(focused).path == "/metoder/abcd/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/metoder/abcd/**")
    assert page.locator("h1").first.inner_text().startswith("Asset Based Community Development")


def test_first_search_fetches_little(page: Page, base_url: str) -> None:
    """What a first query costs on the wire; printed for the record, bounded by the target."""
    page.goto(base_url + "/")
    fetched: list[int] = []
    page.on(
        "requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None
    )
    search(page, "netværksmøde")
    total = sum(fetched)
    print(f"\nFørste søgning hentede {total} bytes i {len(fetched)} filer")
    assert 0 < total < 250_000


def _visible_cards(page: Page) -> list[str]:
    return page.locator(".mh-kortliste > li:not([hidden])").evaluate_all("els => els.map(e => e.dataset.id)")


def test_method_finder(page: Page, base_url: str) -> None:
    hb = load_handbook(REPO)
    page.goto(base_url + "/find-en-metode/")
    assert sorted(_visible_cards(page)) == sorted(m.id for m in hb.methods)
    page.get_by_role("checkbox", name="Unge og voksne med psykiske vanskeligheder").check()
    page.locator("fieldset[data-facet=type]").get_by_role("checkbox", name="Tilgang").check()
    expected = sorted(m.id for m in hb.methods if "psykisk-saarbare" in m.target_groups and m.kind == "tilgang")
    assert expected and sorted(_visible_cards(page)) == expected
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"maalgruppe": ["psykisk-saarbare"], "type": ["tilgang"]}
    status = page.locator(".mh-finder__status").inner_text()
    assert status == f"Viser {len(expected)} af {len(hb.methods)} metoder."
    # The count beside another type says how many methods ticking it would add.
    count = page.locator("fieldset[data-facet=type] input[value=metode] ~ .mh-antal").inner_text()
    n = sum(1 for m in hb.methods if "psykisk-saarbare" in m.target_groups and m.kind == "metode")
    assert count == f"({n})"
    page.reload()
    assert page.locator("fieldset[data-facet=type] input[value=tilgang]").is_checked()
    wait_until(page, "document.querySelector('.mh-finder__status').textContent.length > 0")
    assert sorted(_visible_cards(page)) == expected
    # Without a mouse: tab to a box and tick it with the space bar.
    page.locator("fieldset[data-facet=type] input[value=tilgang]").focus()
    page.keyboard.press(" ")
    page.wait_for_url(lambda url: "type=" not in url)
    assert not page.locator("fieldset[data-facet=type] input[value=tilgang]").is_checked()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "finder.png"), full_page=True)


@pytest.mark.page(java_script_enabled=False)
def test_finder_readable_without_javascript(page: Page, base_url: str) -> None:
    page.goto(base_url + "/find-en-metode/")
    assert not page.locator("form.mh-finder").is_visible()
    assert page.locator(".mh-kortliste > li").count() == len(load_handbook(REPO).methods)


@pytest.mark.page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
def test_method_page_on_a_phone(page: Page, base_url: str) -> None:
    page.goto(base_url + "/metoder/opsoegende-indsats/")
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    box = page.locator("#kontaktskabelse-tjekliste ~ ul.mh-tjekliste input[type=checkbox]").first
    box.scroll_into_view_if_needed()
    box.tap()
    assert box.is_checked()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "metode-mobil.png"))


def test_abbreviation_tooltip_and_glossary(page: Page, base_url: str) -> None:
    page.goto(base_url + "/metoder/signs-of-safety/")
    abbr = page.locator("abbr", has_text="SoS").first
    assert abbr.get_attribute("title").startswith("Signs of Safety")
    page.goto(base_url + "/ordliste/")
    assert page.locator("h3#signs-of-safety").count() == 1
    links = page.locator("h3#signs-of-safety ~ p.mh-bruges-i").first.locator("a")
    assert "/metoder/signs-of-safety/" in [urlsplit(h).path for h in links.evaluate_all("els => els.map(a => a.href)")]


def test_screenshots_for_review(page: Page, base_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("forside", "/"), ("metode", "/metoder/aaben-dialog/")):
        page.goto(base_url + path)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=name == "forside")
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_browser_print_is_clean_a4(page: Page, base_url: str) -> None:
    """The browser's own print of a method page: the content alone, on A4, with web links written out."""
    page.goto(base_url + "/metoder/opsoegende-indsats/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".mh-printlinks", ".headerlink"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator("h1").first.is_visible()
    pdf = ARTIFACTS / "udskrift-metode.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    width, height = (round(float(v) * 25.4 / 72) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == (210, 297)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Opsøgende indsats" in text and "Kontaktskabelse" in text
    assert "Gå til indholdet" not in text and "Hent PDF" not in text and "Udskriv" not in text

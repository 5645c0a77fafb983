"""On a phone, as a social worker reads the handbook: no page scrolls sideways at 320 or 390 px, a method page offers
jump links to its phases and checklists, the finder shows how many methods fit before its folded filters, and the
404 page offers the search to a finger."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import REPO, WCAG_AA, wait_until
from metodebog.i18n import strings
from metodebog.layout import DANISH, ENGLISH, web_address
from metodebog.render import FACETS
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"
PHONES = (320, 390)
HEIGHT = 740  # a phone's screen below the browser's own bar
DESKTOP = {"width": 1280, "height": 900}
METHOD = "opsoegende-indsats"  # a method with phases, each with tool questions and a checklist
PAGE_TYPES = {
    "forside": "/",
    "metoder": "/metoder/",
    "metode": f"/metoder/{METHOD}/",
    "metode-med-kort": "/metoder/relationel-velfaerd/",
    "case": "/cases/for-enden-af-grusvejen/",
    "cases": "/cases/",
    "tjeklister": "/tjeklister/",
    "vaerktoejsspoergsmaal": "/vaerktoejsspoergsmaal/",
    "find-en-metode": "/find-en-metode/",
    "sammenlign": "/sammenlign-metoder/?metode=aaben-dialog&metode=signs-of-safety",
    "emner": "/emner/",
    "emne": "/emner/recovery/",
    "ordliste": "/ordliste/",
    "om": "/om/",
    "bidrag": "/bidrag/",
    "feltreference": "/bidrag/feltreference/",
    "404": "/findes-ikke/",
    "en-metode": "/en/methods/signs-of-safety/",
    "ark": f"/ark/{METHOD}/kontaktskabelse-tjekliste.html",
}

# How far the page is wider than the screen, and the elements that reach past its right edge: an element inside
# a frame that scrolls or clips sideways (a wide table's) is that frame's business, not the page's.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const framed = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const past = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.right > width + 0.5 && !framed(el)) {
      past.push(`${el.tagName.toLowerCase()}.${String(el.className.baseVal ?? el.className)} +${Math.round(r.right - width)}px`);
    }
  }
  return {
    page: Math.max(document.documentElement.scrollWidth, window.innerWidth) - width,
    elements: past.slice(0, 5),
  };
}"""


def phone(width: int, **options: object) -> dict[str, object]:
    """The options of a tab on a phone ``width`` pixels wide, in the light colour scheme, that zooms out like a
    phone would (for the ``page`` fixture)."""
    return {
        "viewport": {"width": width, "height": HEIGHT},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "light",
        "locale": "da-DK",
        **options,
    }


ON_PHONES = pytest.mark.parametrize("page", [phone(w) for w in PHONES], ids=[f"{w}px" for w in PHONES], indirect=True)
ON_DESKTOP = pytest.mark.page(viewport=DESKTOP, color_scheme="light", locale="da-DK")


def goto(page: Page, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.status == (404 if path == PAGE_TYPES["404"] else 200), path
    page.wait_for_load_state("networkidle")


@ON_PHONES
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_page_scrolls_sideways(name: str, page: Page, base_url: str) -> None:
    """WCAG 1.4.10 Reflow: every page type reads at 320 and 390 px without scrolling sideways."""
    goto(page, base_url, PAGE_TYPES[name])
    assert page.evaluate(OVERFLOW) == {"page": 0, "elements": []}


# -- a method page: "På siden" ------------------------------------------------------------------------


def _jump_links(page: Page) -> list[str]:
    return page.locator("nav.mh-paa-siden a").evaluate_all("els => els.map(a => a.getAttribute('href'))")


@ON_PHONES
def test_method_page_has_jump_links_near_the_top(page: Page, base_url: str) -> None:
    goto(page, base_url, PAGE_TYPES["metode"])
    nav = page.get_by_role("navigation", name="På siden")
    assert nav.is_visible()
    box = nav.bounding_box()
    assert box is not None and box["y"] < 2 * HEIGHT, box  # within the first two screens
    m = load_handbook(REPO).method(METHOD)
    expected = [f"#{p.id}" for p in m.phases]
    expected += [f"#{p.tools.anchor}" for p in m.phases] + [f"#{p.checklist.anchor}" for p in m.phases]
    expected += [f"#{c.anchor}" for c in m.checklists] + [f"#{t.anchor}" for t in m.tools]
    expected += ["#cases", "#valg-af-metode", "#kilder"]
    hrefs = _jump_links(page)
    assert set(expected) <= set(hrefs), set(expected) - set(hrefs)
    # Each link leads to a heading of the page, numbered phases first.
    targets = page.evaluate(
        "hrefs => hrefs.map(h => (document.getElementById(h.slice(1)) || {tagName: 'none'}).tagName)", hrefs
    )
    assert set(targets) <= {"H2", "H3"}, dict(zip(hrefs, targets, strict=True))
    phases = nav.locator("ol > li > a:first-child").all_inner_texts()
    assert phases == [p.title for p in m.phases]
    if page.viewport_size["width"] == 390:  # the top of the page down to the end of its jump links
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        clip = {"x": 0, "y": 0, "width": 390, "height": box["y"] + box["height"] + 16}
        page.screenshot(path=str(ARTIFACTS / "telefon-metode.png"), full_page=True, clip=clip)
    # A tap on the last phase's checklist shows its heading below the header.
    last = m.phases[-1].checklist.anchor
    nav.locator(f"a[href='#{last}']").tap()
    page.wait_for_url(f"**#{last}")
    wait_until(
        page,
        f"""(() => {{
          const top = document.getElementById({last!r}).getBoundingClientRect().top;
          return top >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1 && top < innerHeight / 2;
        }})()""",
    )


def test_jump_links_lead_to_headings_on_every_method_page(shipped_site: Path) -> None:
    """Built from the model: in both editions every link of "På siden" names a heading the page has."""

    class Headings(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.headings: set[str] = set()
            self.links: list[str] = []
            self.in_nav = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if re.fullmatch(r"h[1-6]", tag) and a.get("id"):
                self.headings.add(a["id"] or "")
            if tag == "nav" and "mh-paa-siden" in (a.get("class") or ""):
                self.in_nav = True
            if self.in_nav and tag == "a":
                self.links.append((a.get("href") or "").removeprefix("#"))

        def handle_endtag(self, tag: str) -> None:
            if tag == "nav":
                self.in_nav = False

    hb = load_handbook(REPO)
    for edition in (DANISH, ENGLISH):
        for m in hb.methods:
            path = shipped_site / edition.root / web_address(edition.method_uri(m.id)) / "index.html"
            found = Headings()
            found.feed(path.read_text(encoding="utf-8"))
            assert len(found.links) >= 3 + 3 * len(m.phases), path
            assert not set(found.links) - found.headings, (path, set(found.links) - found.headings)


@ON_DESKTOP
def test_jump_links_stay_out_of_the_way_on_a_desktop(page: Page, base_url: str) -> None:
    """Where Material's table of contents stands beside the text, the block is not shown."""
    goto(page, base_url, PAGE_TYPES["metode"])
    assert page.locator("nav.mh-paa-siden").count() == 1
    assert page.locator("nav.mh-paa-siden").is_hidden()
    assert page.locator(".md-sidebar--secondary nav.md-nav--secondary").is_visible()


@pytest.mark.page(**phone(390))
def test_back_to_top_on_a_phone(page: Page, base_url: str) -> None:
    """Material's "Tilbage til start" shows when a reader scrolls back up, is on screen and not covered, and works."""
    goto(page, base_url, PAGE_TYPES["metode"])
    top = page.locator(".md-top")
    page.mouse.wheel(0, 8000)
    wait_until(page, "scrollY >= Math.min(8000, document.documentElement.scrollHeight - innerHeight) - 1")
    page.mouse.wheel(0, -400)
    wait_until(page, "!document.querySelector('.md-top').hidden")
    # Its fade-in has ended (reading the style first starts a transition that is due).
    wait_until(
        page,
        "(e => getComputedStyle(e).opacity === '1' && !e.getAnimations().length)(document.querySelector('.md-top'))",
    )
    box = top.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 and 0 <= box["y"] < HEIGHT, box
    assert page.evaluate(
        "(() => { const r = document.querySelector('.md-top').getBoundingClientRect();"
        " return document.querySelector('.md-top').contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); })()"
    )
    top.tap()
    wait_until(page, "window.scrollY === 0")


# -- Find en metode -----------------------------------------------------------------------------------


def _zero_options(choice: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The finder's options that, with ``choice`` in the other facets, match no method (as facet, value)."""
    hb = load_handbook(REPO)

    def values(m: object, key: str) -> tuple[str, ...]:
        kind = dict(FACETS)[key]
        return (m.kind,) if kind == "type" else m.terms_by_kind()[kind]  # type: ignore[attr-defined]

    def fits(m: object, except_key: str) -> bool:
        return all(not v or set(values(m, k)) & v for k, v in choice.items() if k != except_key)

    options = {(k, v) for m in hb.methods for k, _ in FACETS for v in values(m, k)}
    return {(k, v) for k, v in options if not any(fits(m, k) and v in values(m, k) for m in hb.methods)}


def _disabled(page: Page) -> set[tuple[str, str]]:
    pairs = page.locator(".mh-facet input:disabled").evaluate_all("els => els.map(b => [b.name, b.value])")
    return {(k, v) for k, v in pairs}


@pytest.mark.parametrize("page", [phone(390), {"viewport": DESKTOP}], ids=["390", "1280"], indirect=True)
def test_finder_count_first_and_filters_folded_on_a_phone(page: Page, base_url: str) -> None:
    width = page.viewport_size["width"]
    goto(page, base_url, PAGE_TYPES["find-en-metode"])
    total = len(load_handbook(REPO).methods)
    status = page.locator(".mh-finder__status")
    wait_until(page, "document.querySelector('.mh-finder__status').textContent.length > 0")
    assert status.inner_text() == f"Viser {total} af {total} metoder."
    assert status.get_attribute("role") == "status"
    filters = page.locator("details.mh-finder__filtre")
    above = page.evaluate(
        "document.querySelector('.mh-finder__status').getBoundingClientRect().bottom"
        " <= document.querySelector('.mh-finder__filtre').getBoundingClientRect().top"
    )
    assert above
    facet = page.locator("fieldset[data-facet=type]")
    if width < 1000:
        # Folded: the count, one line of filters and the first method all on the first screen.
        assert filters.evaluate("d => d.open") is False and facet.is_hidden()
        first_card = page.locator(".mh-kortliste > li").first.bounding_box()
        assert first_card is not None and first_card["y"] < HEIGHT
        page.locator("details.mh-finder__filtre > summary").tap()
    assert filters.evaluate("d => d.open") is True and facet.is_visible()


@pytest.mark.page(**phone(390))
def test_finder_disables_options_that_would_give_nothing(page: Page, base_url: str) -> None:
    goto(page, base_url, PAGE_TYPES["find-en-metode"])
    wait_until(page, "document.querySelector('.mh-finder__status').textContent.length > 0")
    assert _disabled(page) == set()
    page.locator("details.mh-finder__filtre > summary").tap()
    kind = page.locator("fieldset[data-facet=type] input[value=tilgang]")
    kind.check()
    expected = _zero_options({"type": {"tilgang"}})
    assert expected, "the shipped methods should have an option that no 'tilgang' carries"
    wait_until(page, f"document.querySelectorAll('.mh-facet input:disabled').length === {len(expected)}")
    assert _disabled(page) == expected
    key, value = sorted(expected)[0]
    option = page.locator(f"input[name={key}][value={value}]")
    # Disabled for assistive technology too, with its count, and shown with it.
    assert option.is_disabled() and option.get_attribute("aria-label").endswith(", 0")
    assert option.locator("xpath=..").locator(".mh-antal").inner_text() == "(0)"
    assert page.get_by_role("checkbox", name=option.get_attribute("aria-label"), exact=True, disabled=True).count() == 1
    assert page.locator("details.mh-finder__filtre > summary").inner_text() == "Filtre (1 valgt)"
    # Removing the choice gives the options back.
    kind.uncheck()
    wait_until(page, "document.querySelectorAll('.mh-facet input:disabled').length === 0")
    assert option.is_enabled()
    assert page.locator("details.mh-finder__filtre > summary").inner_text() == "Filtre"


# -- 404 ----------------------------------------------------------------------------------------------


@pytest.mark.page(**phone(390))
@pytest.mark.parametrize("edition", ["da", "en"])
def test_404_offers_the_search_to_a_finger(edition: str, page: Page, base_url: str) -> None:
    words = strings(edition)["notfound"]
    # A web server sends the Danish page at a missing address; the English edition's own is at en/404.html.
    response = page.goto(base_url + ("/en/404.html" if edition == "en" else PAGE_TYPES["404"]))
    assert response is not None and response.status == (200 if edition == "en" else 404)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == words["title"]
    # No "press /" for a phone: the keyboard's shortcut is left out on a touch screen.
    assert page.locator("kbd").is_hidden()
    button = page.get_by_role("button", name=words["search_button"])
    button.tap()
    box = page.locator("#mh-soeg-felt")
    assert box.is_visible() and page.evaluate("document.activeElement.id") == "mh-soeg-felt"
    query = "netværksmøde"
    box.press_sequentially(query, delay=10)
    wait_until(page, f"document.querySelector('#mh-soeg-status').dataset.query === {query!r}")
    assert page.locator(".md-search-result__item").count() > 0
    assert page.evaluate(OVERFLOW)["page"] == 0  # the open search fits the phone too


@ON_DESKTOP
def test_404_names_the_shortcut_for_a_keyboard(page: Page, base_url: str) -> None:
    words = strings("da")["notfound"]
    goto(page, base_url, PAGE_TYPES["404"])
    hint = page.locator(".mh-soeg-tast")
    assert hint.is_visible() and hint.locator("kbd").inner_text() == "/"
    assert words["search_key_before"] in hint.inner_text()
    page.get_by_role("button", name=words["search_button"]).click()
    assert page.evaluate("document.activeElement.id") == "mh-soeg-felt"


# -- the same pages for a screen reader on a phone ----------------------------------------------------


@pytest.mark.page(**phone(390, bypass_csp=True))  # axe-core is injected as an inline script
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["metode", "find-en-metode", "404"])
def test_no_axe_violations_on_a_phone(name: str, scheme: str, page: Page, base_url: str, axe_source: str) -> None:
    """The jump links, the folded filters with a disabled option and the 404 page's search button, checked by axe."""
    page.emulate_media(color_scheme=scheme)
    goto(page, base_url, PAGE_TYPES[name])
    assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
    if name == "find-en-metode":
        wait_until(page, "document.querySelector('.mh-finder__status').textContent.length > 0")
        page.locator("details.mh-finder__filtre > summary").tap()
        page.locator("fieldset[data-facet=type] input[value=tilgang]").check()
        wait_until(page, "document.querySelectorAll('.mh-facet input:disabled').length > 0")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []

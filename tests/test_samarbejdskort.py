"""Samarbejdskort in a real browser: typed in, drawn, saved as SVG and JSON, opened again; nothing stored, nothing run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

from conftest import AXE_IN_BOTH_SCHEMES, REPO, WCAG_AA, wait_until

ARTIFACTS = REPO / "build" / "artifacts"
PATH = "/metoder/relationel-velfaerd/"
STEM = "relationel-velfaerd-samarbejdskort"
SVG_NS = "{http://www.w3.org/2000/svg}"

ACTORS = ["Jobcentret", "Bostøtten", "Psykiatrien"]
# (seen from, about, level as shown)
RATINGS = [
    ("Jobcentret", "Bostøtten", "God"),
    ("Jobcentret", "Psykiatrien", "God"),
    ("Bostøtten", "Jobcentret", "Middel"),
    ("Psykiatrien", "Jobcentret", "Lav"),
]
LEVELS = {"God": "god", "Middel": "middel", "Lav": "lav"}
BAND = {"god": "mh-baand-hoej", "middel": "mh-baand-middel", "lav": "mh-baand-lav"}
DASH = {"god": None, "middel": "10 6", "lav": "2 6"}
HOSTILE = "<img src=x onerror=window.__pwned=1>"
# Everything the page could keep in the browser (Material keeps its palette choice there, the tool nothing).
STORED = "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"

# What the map shows, read from the page: names on the ring, arrows with their band, the text alternative.
READ_MAP = """box => {
  const svg = box.querySelector('svg');
  const names = svg ? Array.from(svg.querySelectorAll('.mh-samarbejdskort__aktoer title')).map(t => t.textContent) : [];
  const lines = svg ? Array.from(svg.querySelectorAll('g[data-niveau]')).map(g => {
    const line = g.querySelector('line');
    return [names[+g.dataset.fra], names[+g.dataset.til], g.dataset.niveau, line.getAttribute('class'),
            line.getAttribute('stroke-dasharray'), g.querySelectorAll('polygon').length];
  }) : [];
  return {
    names, lines,
    label: svg ? svg.getAttribute('aria-label') : null,
    sentences: Array.from(box.querySelectorAll('.mh-samarbejdskort__liste li')).map(li => li.textContent),
    centre: box.querySelector('input[type=text]').value,
  };
}"""


def tool(page: Page) -> Locator:
    return page.locator(".mh-samarbejdskort")


def read_map(page: Page) -> dict[str, Any]:
    return tool(page).evaluate(READ_MAP)


def open_tool(page: Page, base_url: str) -> None:
    response = page.goto(base_url + PATH)
    assert response is not None and response.status == 200
    tool(page).get_by_role("button", name="Tilføj en aktør").wait_for()


def fill_in(page: Page) -> None:
    for i, name in enumerate(ACTORS, 1):
        page.get_by_label(f"Aktør {i}", exact=True).fill(name)
    for seen_from, about, level in RATINGS:
        page.get_by_role("combobox", name=f"Set fra {seen_from} Samarbejdet med {about}").select_option(label=level)


def expected_sentences() -> list[str]:
    return [f"{a} om samarbejdet med {b}: {level}" for a, b, level in RATINGS]


def assert_drawn(page: Page) -> dict[str, Any]:
    drawn = read_map(page)
    assert drawn["names"] == ACTORS
    assert sorted(tuple(line) for line in drawn["lines"]) == sorted(
        (a, b, LEVELS[level], BAND[LEVELS[level]], DASH[LEVELS[level]], 1) for a, b, level in RATINGS
    )
    assert drawn["sentences"] == expected_sentences()
    assert drawn["label"] == "Samarbejdskort med 3 aktører omkring Borgeren. Vurderingerne står i listen under kortet."
    for name in ACTORS:
        assert tool(page).locator("svg text", has_text=name).count() == 1
    return drawn


def screenshot(page: Page, name: str) -> None:
    """The tool alone, without the sticky page header over its top, into build/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    header = page.locator(".md-header")
    header.evaluate("el => { el.style.visibility = 'hidden'; }")
    tool(page).screenshot(path=str(ARTIFACTS / name))
    header.evaluate("el => { el.style.visibility = ''; }")


def download(page: Page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        tool(page).get_by_role("button", name=button).click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def assert_safe_svg(data: bytes, names: list[str]) -> ET.Element:
    root = ET.fromstring(data)  # well-formed XML, or this raises
    assert root.tag == SVG_NS + "svg"
    texts = "".join(root.itertext())
    for name in names:
        assert name in texts
    for element in root.iter():
        assert element.tag.split("}")[-1] not in ("script", "foreignObject", "img", "image", "iframe")
        assert not [a for a in element.attrib if a.split("}")[-1].lower().startswith("on")], element.attrib
        assert not [v for k, v in element.attrib.items() if "href" in k], element.attrib
    assert b"<script" not in data.lower()
    return root


def open_file(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Åbn en gemt fil").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )


def status(page: Page) -> str:
    return tool(page).get_by_role("status").inner_text()


def test_draw_save_reload_and_open_again(page: Page, base_url: str) -> None:
    open_tool(page, base_url)
    box = tool(page)
    assert box.locator(".mh-samarbejdskort__uden-js").is_hidden()
    assert box.get_by_text("Det, I skriver, bliver i jeres browser.").is_visible()
    assert page.get_by_label("I midten af kortet").input_value() == "Borgeren"
    assert [page.get_by_label(f"Aktør {i}", exact=True).input_value() for i in (1, 2, 3)] == ["", "", ""]
    assert box.locator("svg").count() == 0
    assert box.get_by_text("Skriv mindst to aktører for at se kortet.").first.is_visible()
    stored_before = page.evaluate(STORED)

    fill_in(page)
    drawn = assert_drawn(page)
    screenshot(page, "samarbejdskort.png")

    name, data = download(page, "Gem som fil (JSON)")
    assert name == STEM + ".json"
    saved = json.loads(data)
    assert saved == {
        "format": "metodehaandbogen-samarbejdskort",
        "version": 1,
        "midte": "Borgeren",
        "aktoerer": ACTORS,
        "vurderinger": [
            {"fra": 0, "til": 1, "niveau": "god"},
            {"fra": 0, "til": 2, "niveau": "god"},
            {"fra": 1, "til": 0, "niveau": "middel"},
            {"fra": 2, "til": 0, "niveau": "lav"},
        ],
    }
    name, svg = download(page, "Gem kortet som billede (SVG)")
    assert name == STEM + ".svg"
    root = assert_safe_svg(svg, ACTORS)
    assert len(root.findall(f".//{SVG_NS}polygon")) == len(RATINGS)
    assert {"God", "Middel", "Lav", "Forklaring"} <= set(t.strip() for t in root.itertext())

    # Nothing was stored: after a reload the form is empty again.
    stored = page.evaluate(STORED)
    assert stored == stored_before
    assert not [name for name in ACTORS if name in stored]
    assert page.context.cookies() == []
    page.reload()
    tool(page).get_by_role("button", name="Tilføj en aktør").wait_for()
    assert [page.get_by_label(f"Aktør {i}", exact=True).input_value() for i in (1, 2, 3)] == ["", "", ""]
    assert tool(page).locator("svg").count() == 0

    open_file(page, STEM + ".json", data)
    wait_until(page, "document.querySelector('.mh-samarbejdskort [role=status]').textContent !== ''")
    assert status(page) == f"Kortet fra filen {STEM}.json er åbnet."
    assert read_map(page) == drawn

    # A file that is not a saved map changes nothing and says so.
    bad_files = [
        b"not json",
        b'{"format": "noget-andet", "version": 1, "midte": "", "aktoerer": [], "vurderinger": []}',
        json.dumps({**saved, "vurderinger": [{"fra": 0, "til": 7, "niveau": "god"}]}).encode(),
        json.dumps({**saved, "vurderinger": [{"fra": 0, "til": 1, "niveau": "fremragende"}]}).encode(),
        json.dumps({**saved, "aktoerer": ["Jobcentret", 42, "Psykiatrien"]}).encode(),
    ]
    for content in bad_files:
        page.evaluate("document.querySelector('.mh-samarbejdskort [role=status]').textContent = ''")
        open_file(page, "forkert.json", content)
        wait_until(page, "document.querySelector('.mh-samarbejdskort [role=status]').textContent !== ''")
        assert status(page) == "Filen kunne ikke læses. Vælg en fil, der er gemt med »Gem som fil (JSON)«."
        assert read_map(page) == drawn


def test_hostile_name_is_text_and_removing_keeps_the_other_ratings(page: Page, base_url: str) -> None:
    open_tool(page, base_url)
    box = tool(page)
    fill_in(page)
    box.get_by_role("button", name="Tilføj en aktør").click()
    field = page.get_by_label("Aktør 4", exact=True)
    assert field.evaluate("el => el === document.activeElement")
    field.fill(HOSTILE)
    page.get_by_role("combobox", name=f"Set fra {HOSTILE} Samarbejdet med Jobcentret").select_option(label="Lav")
    drawn = read_map(page)
    assert drawn["names"] == ACTORS + [HOSTILE]
    assert f"{HOSTILE} om samarbejdet med Jobcentret: Lav" in drawn["sentences"]
    assert box.locator("img, script, foreignObject").count() == 0
    assert page.evaluate("window.__pwned") is None
    _, svg = download(page, "Gem kortet som billede (SVG)")
    assert_safe_svg(svg, ACTORS + [HOSTILE])
    assert b"&lt;img src=x onerror=" in svg  # the name, escaped as text

    # Removing Bostøtten drops its ratings and keeps the rest, now on the rows that moved up.
    box.get_by_role("button", name="Fjern Bostøtten").click()
    assert page.get_by_label("Aktør 2", exact=True).evaluate("el => el === document.activeElement")
    assert read_map(page)["sentences"] == [
        "Jobcentret om samarbejdet med Psykiatrien: God",
        "Psykiatrien om samarbejdet med Jobcentret: Lav",
        f"{HOSTILE} om samarbejdet med Jobcentret: Lav",
    ]
    # Renaming keeps a rating: it belongs to the row.
    page.get_by_label("Aktør 2", exact=True).fill("Distriktspsykiatrien")
    assert "Distriktspsykiatrien om samarbejdet med Jobcentret: Lav" in read_map(page)["sentences"]
    assert page.evaluate("window.__pwned") is None


@pytest.mark.page(viewport={"width": 320, "height": 700})
def test_fits_a_phone(page: Page, base_url: str) -> None:
    open_tool(page, base_url)
    fill_in(page)
    box = tool(page)
    box.scroll_into_view_if_needed()
    # Nothing in the tool reaches past the screen's edge, except the table inside its own scrolling frame.
    wide = box.evaluate(
        "box => Array.from(box.querySelectorAll('*')).filter(el => !el.closest('.mh-samarbejdskort__ramme')"
        " && el.getBoundingClientRect().right > document.documentElement.clientWidth).map(el => el.tagName)"
    )
    assert wide == []
    frame = box.get_by_role("region", name="Samarbejdet set fra hver aktør")
    assert frame.get_attribute("tabindex") == "0"
    assert frame.evaluate("el => el.getBoundingClientRect().right") <= 320
    assert box.locator("svg").evaluate("el => el.getBoundingClientRect().width") <= 320
    screenshot(page, "samarbejdskort-telefon.png")


def test_english_edition_speaks_english(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "/en/methods/relationel-velfaerd/")
    assert response is not None and response.status == 200
    box = tool(page)
    box.get_by_role("button", name="Add an actor").wait_for()
    page.get_by_label("Actor 1", exact=True).fill("Job centre")
    page.get_by_label("Actor 2", exact=True).fill("Housing support")
    pair = page.get_by_role("combobox", name="Seen by Job centre Collaboration with Housing support")
    pair.select_option(label="Good")
    assert read_map(page)["sentences"] == ["Job centre on collaboration with Housing support: Good"]
    label = box.locator("svg").get_attribute("aria-label") or ""
    assert label.startswith("Collaboration map with 2 actors around The citizen.")


@AXE_IN_BOTH_SCHEMES
def test_no_axe_violations_with_a_drawn_map(page: Page, base_url: str, axe_source: str) -> None:
    open_tool(page, base_url)
    fill_in(page)
    if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"):
        screenshot(page, "samarbejdskort-moerk.png")
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document.querySelector('.mh-samarbejdskort'), {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["nodes"][0].get("failureSummary", "")[:200])
        for v in result["violations"]
    ]
    assert violations == []

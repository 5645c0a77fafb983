"""Diagrams drawn from the content: a method's phases as a path, a relational coordination map and the
blank collaboration map, on the page, on the print sheets and in the PDFs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from conftest import FIXTURES, REPO, generated, page_html
from metodebog import diagrams
from metodebog.i18n import strings
from metodebog.model import Coordination, Group, Rating
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"
GOLDEN = FIXTURES / "diagrammer"
SVG = "{http://www.w3.org/2000/svg}"
# Set METODEBOG_NY_GOLDEN=1 to write the golden files anew after a deliberate change; then read the diff.
REWRITE = os.environ.get("METODEBOG_NY_GOLDEN") == "1"
COLOUR_OF = {"hoej": "#1a7f37", "middel": "#9a6700", "lav": "#c62828"}


def golden(name: str, svg: str) -> None:
    path = GOLDEN / name
    if REWRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg + "\n", encoding="utf-8")
    assert svg + "\n" == path.read_text(encoding="utf-8"), f"{name} er ændret; se forskellen, og skriv den igen"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def arrows(svg: str) -> dict[str, tuple[str, str, str | None]]:
    """Each arrow's number → (band class, stroke colour, dash pattern) as drawn."""
    out = {}
    for g in parse(svg).iter(f"{SVG}g"):
        if g.get("class") != "mh-diagram__pil":
            continue
        line = g.find(f"{SVG}line")
        (label,) = texts(g)
        out[label] = (line.get("class"), line.get("stroke"), line.get("stroke-dasharray"))
    return out


def groups(svg: str) -> dict[str, tuple[str, str]]:
    """Each group's name → (its circle's class, its own score as written)."""
    out = {}
    for g in parse(svg).iter(f"{SVG}g"):
        if g.get("class") != "mh-diagram__gruppe":
            continue
        circle = g.find(f"{SVG}circle")
        words = texts(g)
        out[" ".join(words[2:]) if len(words) > 2 else words[-1]] = (circle.get("class"), words[0])
    return out


def measurement(own: list[float], between: list[float]) -> Coordination:
    """Groups a, b, c, … with the given own scores, and a → the next group rated with each of ``between``."""
    ids = [chr(ord("a") + i) for i in range(max(len(own), 2))]
    gs = tuple(Group(i, f"Gruppe {i.upper()}", own[n] if n < len(own) else None) for n, i in enumerate(ids))
    pairs = [(s, t) for s in ids for t in ids if s != t]
    ratings = tuple(Rating(s, t, score) for (s, t), score in zip(pairs, between, strict=False))
    return Coordination("Grænserne", None, gs, ratings)


# -- bands ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [(3.0, "lav"), (3.49, "lav"), (3.5, "middel"), (3.9, "middel"), (3.95, "middel"), (4.0, "middel"),
     (4.01, "hoej"), (4.5, "hoej")],
)  # fmt: skip
def test_arrow_colour_and_pattern_per_band_between_groups(score: float, band: str) -> None:
    rc = measurement([4.6, 4.6], [score])
    drawn = arrows(diagrams.coordination_map(rc, strings("da"), "da"))
    label = diagrams.number(score, "da")
    assert drawn[label][0] == f"mh-baand-{band}"
    assert drawn[label][1] == COLOUR_OF[band]
    assert drawn[label][2] == {"hoej": None, "middel": "10 6", "lav": "2 6"}[band]  # readable without colour


@pytest.mark.parametrize(
    ("score", "band"), [(3.5, "lav"), (3.99, "lav"), (4.0, "middel"), (4.5, "middel"), (4.51, "hoej"), (5, "hoej")]
)
def test_circle_colour_per_band_within_a_group(score: float, band: str) -> None:
    rc = measurement([score, 4.2], [])
    drawn = groups(diagrams.coordination_map(rc, strings("da"), "da"))
    css, written = drawn["Gruppe A"]
    assert f"mh-baand-{band}" in css.split()
    assert written == diagrams.number(score, "da")


def test_legend_says_where_the_sources_gap_falls() -> None:
    svg = diagrams.coordination_map(measurement([4.6, 4.0], [3.95]), strings("da"), "da")
    legend = " ".join(texts(parse(svg)))
    for line in ("Høj: over 4,5", "Middel: 4,0–4,5", "Lav: under 4,0", "Høj: over 4,0", "Middel: 3,5–4,0",
                 "Lav: under 3,5"):  # fmt: skip
        assert line in legend
    assert "Kilden skriver 3,5–3,9 for middel. Tal over 3,9 til og med 4,0 regnes også som middel." in " ".join(
        legend.split()
    )
    # And the code follows the legend: 3,95 between groups is drawn as medium.
    assert arrows(svg)["3,95"][0] == "mh-baand-middel"


def test_english_scores_and_legend() -> None:
    svg = diagrams.coordination_map(measurement([4.55, 3.9], [3.95]), strings("en"), "en")
    words = " ".join(texts(parse(svg)))
    assert "4.55" in words and "3.95" in words and "High: above 4.5" in words and "Medium: 3.5–4.0" in words


def test_unmeasured_scores_are_drawn_as_such() -> None:
    rc = measurement([4.6], [])  # group B has no own score, and nobody rated anybody
    svg = diagrams.coordination_map(rc, strings("da"), "da")
    assert arrows(svg) == {}
    assert groups(svg)["Gruppe B"] == ("mh-diagram__baggrund mh-diagram__streg", "–")


def test_text_is_escaped_and_the_map_is_one_image_with_a_name() -> None:
    hostile = '<script>alert(1)</script> & "Jobcentret"'
    rc = Coordination(hostile, None, (Group("a", hostile, 4.6), Group("b", "B", 4.0)), (Rating("a", "b", 3.2),))
    svg = diagrams.coordination_map(rc, strings("da"), "da")
    root = parse(svg)  # well-formed XML: nothing in the name broke out of its element
    assert root.find(f".//{SVG}script") is None
    assert root.get("role") == "img" and hostile in root.get("aria-label")
    assert hostile in root.find(f"{SVG}title").text
    assert "<script>alert(1)</s-" in texts(root) and '"Jobcentret"' in texts(root)  # shown as text, wrapped


# -- the worked example and the phase path: golden files --------------------------------------------------


def test_worked_example_golden() -> None:
    """The shipped example of relationel-velfaerd, drawn as SVG, with the boundaries 3,5 · 3,9 · 4,0 · 4,5."""
    m = load_handbook(REPO).method("relationel-velfaerd")
    svg = diagrams.coordination_map(m.coordination, strings("da"), "da")
    golden("koordinering-relationel-velfaerd.svg", svg)
    drawn = arrows(svg)
    assert drawn["3,5"][0] == drawn["3,9"][0] == drawn["4,0"][0] == drawn["3,95"][0] == "mh-baand-middel"
    assert drawn["3,49"][0] == drawn["3,2"][0] == "mh-baand-lav"
    assert drawn["4,05"][0] == drawn["4,1"][0] == "mh-baand-hoej"
    circles = groups(svg)
    assert circles["Jobcentret"] == ("mh-diagram__baggrund mh-baand-middel", "4,5")
    assert circles["Bostøtten"] == ("mh-diagram__baggrund mh-baand-hoej", "4,6")
    assert circles["Psykiatrien"] == ("mh-diagram__baggrund mh-baand-middel", "4,0")


def test_phase_path_golden() -> None:
    m = load_handbook(REPO).method("opsoegende-indsats")
    svg = diagrams.phase_path(m.phases, strings("da"), lambda p: f"#{p.id}")
    golden("fasesti-opsoegende-indsats.svg", svg)
    root = parse(svg)
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == [f"#{p.id}" for p in m.phases]
    assert all(a.get("tabindex") == "-1" for a in links) and root.get("aria-hidden") == "true"
    for p, a in zip(m.phases, links, strict=True):
        assert " ".join(texts(a)).startswith(f"{p.number} Fase {p.number}: {p.title}")


def test_blank_collaboration_map_golden() -> None:
    svg = diagrams.blank_collaboration_map(strings("da"))
    golden("samarbejdskort-blankt.svg", svg)
    root = parse(svg)
    assert len(root.findall(f"{SVG}circle")) == 9  # the citizen and eight bubbles
    assert {"Borgeren", "God", "Middel", "Lav"} <= set(texts(root))


def test_every_phase_path_of_the_handbook_keeps_each_phase() -> None:
    """Every shipped method with phases: one step per phase, in order, its aim cut at most with an ellipsis."""
    for m in load_handbook(REPO).methods:
        if not m.phases:
            continue
        root = parse(diagrams.phase_path(m.phases, strings("da"), lambda p: f"#{p.id}"))
        steps = root.findall(f"{SVG}a")
        assert len(steps) == len(m.phases), m.id
        for p, step in zip(m.phases, steps, strict=True):
            drawn = " ".join(" ".join(texts(step)).split())
            aim = diagrams.aim(p)
            shown = drawn.split(": ", 1)[1] if ": " in drawn else drawn
            assert shown.rstrip("…").split()[-1].rstrip(",;:–-…") in aim, (m.id, p.id)


# -- on the site -------------------------------------------------------------------------------------------


def test_method_page_has_the_diagrams_and_their_text_alternatives(shipped_site: Path) -> None:
    html = (shipped_site / "metoder" / "relationel-velfaerd" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg[^>]*class="mh-diagram mh-koordinering".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and "Tallene står i tabellen under kortet" in svg
    table = re.search(r'<table class="mh-koordinering-tabel">.*?</table>', html, re.S).group(0)
    rows = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in re.findall(r"<tr>.*?</tr>", table, re.S)]
    assert rows[0] == "Gruppen svarer Om egen gruppe Om Bostøtten Om Jobcentret Om Psykiatrien Om Misbrugsbehandlingen"
    assert rows[1] == "Bostøtten 4,6 (høj) – 3,5 (middel) 3,9 (middel) 4,1 (høj)"
    assert rows[3] == "Psykiatrien 4,0 (middel) 3,95 (middel) 3,2 (lav) – 3,8 (middel)"
    # The collaboration map: its steps, the blank sheet to print, and the tool's container with its words.
    tool = re.search(
        r'<div class="mh-samarbejdskort" data-pagefind-ignore="" data-tekster="([^"]*)" data-fil="([^"]*)">', html
    )
    words = json.loads(tool.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert words == strings("da")["diagram"]["tool"] and tool.group(2) == "relationel-velfaerd-samarbejdskort"
    assert 'href="../../pdf/ark/relationel-velfaerd/samarbejdskort.pdf"' in html


def test_phase_list_is_the_paths_text_alternative(shipped_site: Path) -> None:
    hb = load_handbook(REPO)
    for method_id in ("opsoegende-indsats", "aaben-dialog"):
        m = hb.method(method_id)
        html = (shipped_site / "metoder" / method_id / "index.html").read_text(encoding="utf-8")
        assert html.count('class="mh-diagram mh-fasesti"') == 1
        for p in m.phases:
            assert f'<li><a href="#{p.id}">{p.title}</a>: {diagrams.aim(p)}</li>' in html, p.id


def test_english_edition_draws_with_english_words(shipped_site: Path) -> None:
    html = (shipped_site / "en" / "methods" / "relationel-velfaerd" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg[^>]*class="mh-diagram mh-koordinering".*?</svg>', html, re.S).group(0)
    assert "Housing support" in svg and "High: above 4.5" in svg and ">4.6<" in svg and "Bostøtten" not in svg
    assert "About Housing support" in html and "4.6 (high)" in html


def test_a_case_may_carry_a_measurement(project: Path) -> None:
    case = project / "cases" / "kortet.md"
    front = (
        "relationel_koordinering:\n  titel: Målingen i teamet\n  grupper:\n"
        "    - id: a\n      navn: Team A\n      egen: 4.2\n      om:\n        b: 3.9\n"
        "    - id: b\n      navn: Team B\n      egen: 3.7\n"
    )
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n---\n", "\n" + front + "---\n", 1), encoding="utf-8")
    html = page_html(generated(project)["cases/kortet.md"])
    assert 'id="relationel-koordinering"' in html and "Team A" in html
    assert "3,9 (middel)" in html and "3,7 (lav)" in html


# -- print --------------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_blank_collaboration_map_sheet(shipped_site: Path) -> None:
    path = shipped_site / "pdf" / "ark" / "relationel-velfaerd" / "samarbejdskort.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 1  # one A4 sheet to copy for a workshop
    text = _pdf_text(path)
    for words in ("Borgerens samarbejdskort", "Find aktørerne.", "Borgeren", "God", "Middel", "Lav",
                  "Vigtige udviklingspunkter", "Side 1 af 1"):  # fmt: skip
        assert words in text, words
    # The sheet is also a page for the browser's print, listed with the other sheets.
    assert (shipped_site / "ark" / "relationel-velfaerd" / "samarbejdskort.html").is_file()
    overview = (shipped_site / "tjeklister" / "index.html").read_text(encoding="utf-8")
    assert "Borgerens samarbejdskort" in overview and "pdf/ark/relationel-velfaerd/samarbejdskort.pdf" in overview
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm mangler: kør 'make test', som installerer poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "diagram-samarbejdskort-ark"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(out)], check=True)
    assert out.with_suffix(".png").stat().st_size > 10_000


def test_booklet_and_phase_sheets_carry_the_diagrams(shipped_site: Path) -> None:
    booklet = _pdf_text(shipped_site / "pdf" / "metoder" / "relationel-velfaerd.pdf")
    assert "Relationel koordinering: Eksempel" in booklet
    assert "Kilden skriver 3,5–3,9 for middel." in booklet and "3,95 (middel)" in booklet
    assert "Borgerens samarbejdskort" in booklet
    # A phase's sheet shows the whole path, its own phase marked, and still fits its pages.
    m = load_handbook(REPO).method("opsoegende-indsats")
    path = shipped_site / "pdf" / "ark" / "opsoegende-indsats" / f"{m.phases[0].id}-tjekliste.pdf"
    sheet = _pdf_text(path)
    for p in m.phases:
        assert f"Fase {p.number}: {p.title}" in sheet
    assert len(PdfReader(path).pages) == 1


# -- in the browser -------------------------------------------------------------------------------------


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def lum(c: tuple[int, int, int]) -> float:
        def ch(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


_RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


@pytest.mark.parametrize(
    ("scheme", "page"), [(s, {"color_scheme": s}) for s in ("light", "dark")], ids=["light", "dark"], indirect=["page"]
)
def test_diagrams_in_light_and_dark_palette(scheme: str, page: Page, base_url: str) -> None:
    """The bands, the text and the circles keep their contrast with the page (3:1 for lines, 4.5:1 for text)."""
    page.goto(f"{base_url}/metoder/relationel-velfaerd/")
    colours = page.evaluate(
        """() => {
          const svg = document.querySelector('svg.mh-koordinering');
          const bg = getComputedStyle(document.body).backgroundColor;
          const pick = (sel, prop) => [...svg.querySelectorAll(sel)].map(e => getComputedStyle(e)[prop]);
          return {bg, lines: pick('line[class^=mh-baand]', 'stroke'), text: pick('text', 'fill'),
                  fills: pick('rect.mh-diagram__baggrund', 'fill')};
        }"""
    )
    background = tuple(int(x) for x in _RGB.match(colours["bg"]).groups())
    for stroke in set(colours["lines"]):
        assert _contrast(tuple(int(x) for x in _RGB.match(stroke).groups()), background) >= 3, stroke
    label = tuple(int(x) for x in _RGB.match(colours["fills"][0]).groups())
    for fill in set(colours["text"]):
        rgb = tuple(int(x) for x in _RGB.match(fill).groups())
        assert _contrast(rgb, background) >= 4.5 and _contrast(rgb, label) >= 4.5, fill
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".mh-koordinering-ramme").screenshot(path=str(ARTIFACTS / f"diagram-koordinering-{scheme}.png"))
    page.goto(f"{base_url}/metoder/opsoegende-indsats/")
    page.locator(".mh-fasesti-ramme").screenshot(path=str(ARTIFACTS / f"diagram-fasesti-{scheme}.png"))


@pytest.mark.page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
def test_phase_path_on_a_phone_links_to_the_phase(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/metoder/opsoegende-indsats/")
    hb = load_handbook(REPO)
    second = hb.method("opsoegende-indsats").phases[1]
    path = page.locator(".mh-fasesti-ramme svg")
    box = path.bounding_box()
    assert box["width"] <= 360
    size = page.evaluate("() => document.querySelector('.mh-fasesti text').getBoundingClientRect().height")
    assert size >= 11  # the phase titles stay readable on a phone
    page.locator(f'.mh-fasesti a[href="#{second.id}"] rect').click()
    assert page.evaluate("location.hash") == f"#{second.id}"

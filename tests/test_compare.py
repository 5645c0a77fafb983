"""Choosing a method: the facts a manager weighs on each method page, and methods side by side."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest
from playwright.sync_api import Page

from conftest import REPO, wait_until
from metodebog import schema
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"
# The rows of the comparison, top to bottom, as a reader sees them.
FACTS = ["Målgruppe", "Vidensgrundlag", "Økonomi", "Forudsætninger", "Lovgrundlag", "Varighed", "Dokumentation"]
ROWS = ["Type", FACTS[0], "Målgrupper", "Tilgange", *FACTS[1:], "Faser", "Tjeklister og arbejdsark"]
A4_LANDSCAPE = (842, 595)  # points


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- editors: warnings, not errors --------------------------------------------------------------


def test_missing_facts_and_source_details_are_warnings_not_errors(project: Path) -> None:
    cmd = [sys.executable, "-m", "metodebog", "check", "--root", str(project)]
    env = {"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    how = "med en 'tekst' om, hvad kilderne siger; siger de intet, så skriv det, og tilføj 'uoplyst: true'."
    facts = [line for line in result.stderr.splitlines() if "feltet" in line or "kilden" in line]
    assert facts == [
        f"methods/naboskab.yaml:7:1: advarsel: feltet 'målgruppe' mangler. Tilføj 'målgruppe:' efter 'tilgange' {how}",
        *(
            f"methods/naboskab.yaml:9:1: advarsel: feltet '{name}' mangler. Tilføj '{name}:' før 'kilder' {how}"
            for name in sorted(schema.DECISION_FIELDS)
            if name != "målgruppe"
        ),
        "methods/naboskab.yaml:10:5: advarsel: kilden 'En artikel' mangler forfatter, udgiver, år og webadresse "
        "(url). Tilføj dem, så læseren kan finde kilden; skriv institutionen som forfatter, hvis ingen person er "
        "nævnt.",
    ]
    n = len(result.stderr.splitlines())  # with the other rules' warnings (rules.py)
    assert (
        result.stdout.strip() == f"Indholdet er i orden: 2 metoder og 2 cases. {n} advarsler ovenfor er værd at rette."
    )


def test_a_source_of_a_fact_is_checked_too(project: Path) -> None:
    path = project / "methods" / "opsoegning.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      forfatter: Anna Forsker\n", ""), encoding="utf-8")
    warnings = [str(w) for w in load_handbook(project).warnings if "opsoegning" in w.file]
    assert warnings == [
        "methods/opsoegning.yaml:58:7: advarsel: kilden 'En vidensafdækning' mangler forfatter. Tilføj den, så "
        "læseren kan finde kilden; skriv institutionen som forfatter, hvis ingen person er nævnt."
    ]


def test_editor_schema_describes_the_new_fields_in_danish() -> None:
    s = schema.method_schema({})
    for name in schema.DECISION_FIELDS:
        field = s["properties"][name]
        assert field["description"] and set(field["properties"]) >= {"tekst", "uoplyst", "kilder"}, name
        assert field["properties"]["tekst"]["maxLength"] == schema.DECISION_MAX_LENGTH
    law = s["properties"]["lovgrundlag"]["properties"]["love"]["items"]
    assert law["required"] == ["lov", "paragraf", "emne", "url"]
    source = s["properties"]["kilder"]["items"]["properties"]
    assert list(source) == ["titel", "forfatter", "udgiver", "år", "url"]


def test_scaffold_offers_every_new_field() -> None:
    scaffold = (REPO / "hooks" / "metodebog" / "scaffolds" / "metode.yaml").read_text(encoding="utf-8")
    for name in schema.DECISION_FIELDS:
        assert re.search(rf"^{name}:", scaffold, re.M), name
    assert re.search(r"^\s+forfatter:", scaffold, re.M)


# -- the method page and the comparison, as built HTML ----------------------------------------


def test_method_page_shows_what_a_manager_weighs(built_fixture: Path) -> None:
    html = (built_fixture / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="valg-af-metode"') : html.index('id="implementering"')]
    headings = [_text(h).rstrip(" ¶") for h in re.findall(r"<h3[^>]*>(.*?)</h3>", section)]
    assert headings == FACTS
    economy = section[section.index('id="oekonomi"') : section.index('id="forudsaetninger"')]
    assert "Ikke oplyst i kilderne" in _text(economy)
    assert "Ikke oplyst i kilderne" not in _text(section[: section.index('id="oekonomi"')])
    assert '<a href="https://www.retsinformation.dk/eli/lta/2023/721">Barnets lov § 1</a>: Lovens formål' in section
    assert (
        '<a href="https://vidensafdaekning.example/opsoegning">En vidensafdækning</a>. '
        "Anna Forsker, En styrelse, 2021." in section
    )
    assert 'href="../../sammenlign-metoder/?metode=opsoegning"' in section


def test_comparison_without_javascript_is_the_whole_table(built_fixture: Path) -> None:
    html = (built_fixture / "sammenlign-metoder" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table") : html.index("</table>")]
    columns = re.findall(r'<th data-metode="([^"]+)" scope="col">', table)
    assert columns == ["opsoegning", "naboskab"]  # by title: Opsøgning på landet, Stærke naboskaber
    rows = [_text(r) for r in re.findall(r'<th scope="row">(.*?)</th>', table)]
    assert rows == ROWS
    assert 'class="mh-sammenlign" hidden' in html  # the form needs the script
    naboskab = [_text(c) for c in re.findall(r'<td data-metode="naboskab">(.*?)</td>', table, re.S)]
    assert naboskab[1] == "Ikke beskrevet endnu."
    assert naboskab[ROWS.index("Faser")] == "Ingen faser"
    opsoegning = [_text(c) for c in re.findall(r'<td data-metode="opsoegning">(.*?)</td>', table, re.S)]
    assert opsoegning[ROWS.index("Økonomi")] == "Ikke oplyst i kilderne Kilden oplyser ikke, hvad metoden koster."
    assert opsoegning[ROWS.index("Faser")] == "Første besøg Næste skridt"
    assert opsoegning[ROWS.index("Tjeklister og arbejdsark")] == "2 tjeklister og 2 sæt værktøjsspørgsmål"


def test_finder_links_every_method_to_the_comparison(built_fixture: Path) -> None:
    html = (built_fixture / "find-en-metode" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a aria-label="Sammenlign ([^"]+) med andre metoder" class="[^"]*" href="([^"]+)"', html)
    assert sorted(links) == [
        ("Opsøgning på landet (OPL)", "../sammenlign-metoder/?metode=opsoegning"),
        ("Stærke naboskaber", "../sammenlign-metoder/?metode=naboskab"),
    ]


# -- in the browser: tick, address, reload, print -----------------------------------------------


def _visible_columns(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".mh-sammenlign-tabel thead th[data-metode]",
        "cells => cells.filter(c => c.offsetParent !== null).map(c => c.dataset.metode)",
    )


def _chosen(page: Page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("metode", [])


def test_tick_two_share_the_address_and_reload(page: Page, base_url: str) -> None:
    page.goto(base_url + "/sammenlign-metoder/")
    assert len(_visible_columns(page)) == 8
    assert page.locator(".mh-sammenlign__status").inner_text().startswith("Tabellen viser alle 8 metoder.")
    page.get_by_label("Åben Dialog (ÅD)").check()
    page.get_by_label("Signs of Safety (SoS)").check()
    assert sorted(_chosen(page)) == ["aaben-dialog", "signs-of-safety"]
    assert _visible_columns(page) == ["signs-of-safety", "aaben-dialog"]  # Danish order: Å last
    assert page.locator(".mh-sammenlign__status").inner_text().startswith("Viser 2 af 8 metoder.")
    row = page.locator("tr", has=page.locator("th", has_text="Lovgrundlag"))
    assert row.locator("td:visible").count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".mh-sammenlign-tabel").screenshot(path=str(ARTIFACTS / "sammenlign-aaben-dialog-signs-of-safety.png"))

    # The address is the choice: a colleague who opens it sees the same two columns.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    wait_until(other, "document.querySelectorAll('.mh-sammenlign input:checked').length === 2")
    assert _visible_columns(other) == ["signs-of-safety", "aaben-dialog"]
    other.reload()
    wait_until(other, "document.querySelectorAll('.mh-sammenlign input:checked').length === 2")
    assert _visible_columns(other) == ["signs-of-safety", "aaben-dialog"]


def test_at_most_four_and_reset(page: Page, base_url: str) -> None:
    ids = ["abcd", "aaben-dialog", "opsoegende-indsats", "signs-of-safety", "relationel-velfaerd"]
    page.goto(base_url + "/sammenlign-metoder/?" + "&".join(f"metode={i}" for i in ids))
    wait_until(page, "document.querySelectorAll('.mh-sammenlign input:checked').length > 0")
    assert len(_visible_columns(page)) == 4  # a fifth in the address is left out
    unticked = page.locator(".mh-sammenlign input:not(:checked)")
    assert unticked.count() == 4 and all(unticked.nth(i).is_disabled() for i in range(4))
    assert "fire metoder, som er det højeste" in page.locator(".mh-sammenlign__status").inner_text()
    page.get_by_role("button", name="Nulstil valget").click()
    wait_until(page, "!location.search")
    assert len(_visible_columns(page)) == 8


def test_one_method_from_the_finder_asks_for_another(page: Page, base_url: str) -> None:
    page.goto(base_url + "/find-en-metode/?type=metode")
    wait_until(page, "document.querySelector('.mh-finder__status').textContent !== ''")
    card = page.locator(".mh-kortliste > li:visible").first
    card.get_by_role("link", name=re.compile("^Sammenlign ")).click()
    page.wait_for_url(re.compile(r"/sammenlign-metoder/\?metode="))
    assert len(_visible_columns(page)) == 1
    assert "Vælg en metode mere" in page.locator(".mh-sammenlign__status").inner_text()


def test_finder_compares_the_methods_it_shows(page: Page, base_url: str) -> None:
    page.goto(base_url + "/find-en-metode/?maalgruppe=udsatte-boern-og-familier")
    wait_until(page, "document.querySelector('.mh-finder__status').textContent !== ''")
    shown = page.eval_on_selector_all(".mh-kortliste > li:not([hidden])", "cards => cards.map(c => c.dataset.id)")
    assert 2 <= len(shown) <= 4
    link = page.get_by_role("link", name="Sammenlign de viste metoder")
    link.click()
    page.wait_for_url(re.compile(r"/sammenlign-metoder/\?"))
    assert sorted(_chosen(page)) == sorted(shown)
    assert sorted(_visible_columns(page)) == sorted(shown)


@pytest.mark.page(java_script_enabled=False)
def test_without_javascript_every_method_is_shown(page: Page, base_url: str) -> None:
    page.goto(base_url + "/sammenlign-metoder/?metode=abcd&metode=aaben-dialog")
    assert len(_visible_columns(page)) == 8
    assert not page.locator("form.mh-sammenlign").is_visible()


def test_prints_on_a4_landscape(page: Page, base_url: str) -> None:
    page.goto(base_url + "/sammenlign-metoder/?metode=aaben-dialog&metode=signs-of-safety")
    wait_until(page, "document.querySelectorAll('.mh-sammenlign input:checked').length === 2")
    page.emulate_media(media="print")
    assert not page.locator("form.mh-sammenlign").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "sammenlign-udskrift.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True)
    reader = pypdf.PdfReader(out)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {A4_LANDSCAPE}
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Åben Dialog" in text and "Signs of Safety" in text and "Aabenraa-modellen" not in text
    # Every other page still prints portrait.
    page.goto(base_url + "/metoder/abcd/")
    page.pdf(path=str(ARTIFACTS / "metode-udskrift.pdf"), prefer_css_page_size=True)
    first = pypdf.PdfReader(ARTIFACTS / "metode-udskrift.pdf").pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)


def test_comparison_pdf_is_landscape_with_every_method(shipped_site: Path) -> None:
    reader = pypdf.PdfReader(shipped_site / "pdf" / "sammenlign-metoder.pdf")
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {A4_LANDSCAPE}
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for m in load_handbook(REPO).methods:
        assert m.title in text, m.id
    for row in ROWS:
        assert row in text, row
    html = (shipped_site / "sammenlign-metoder" / "index.html").read_text(encoding="utf-8")
    assert 'href="../pdf/sammenlign-metoder.pdf"' in html

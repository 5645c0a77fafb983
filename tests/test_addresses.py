"""Addresses that last: the deployment's address, old ids that keep working, dates and notes readers can trust.

One project is built for the whole module: the fixture project renamed the way an editor would
(a method, a case, a phase and a checklist with the ids they had before under ``tidligere_id``),
with notes about its changes, in a git history with known dates, at a real address (SITE_URL).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import REPO, make_project, mkdocs_build, serve_folder
from metodebog.problems import ContentError
from metodebog.validate import load_handbook

ADDRESS = "https://metoder.eksempel-kommune.dk/haandbog/"


def _git(project: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "r@eksempel.dk"}
    env |= {"GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "r@eksempel.dk"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def _renamed(project: Path) -> None:
    """Rename as an editor would: the old ids go under tidligere_id; notes say what changed."""
    method = project / "methods" / "opsoegning.yaml"
    text = method.read_text(encoding="utf-8")
    text = text.replace("  - id: foerste-besoeg\n", "  - id: foerste-besoeg\n    tidligere_id: [forste-besog]\n")
    text = text.replace("  - id: ledelse\n", "  - id: ledelse\n    tidligere_id: [lederens-ramme]\n")
    text += (
        "tidligere_id: [opsoegning-paa-landet]\n"
        "ændringer:\n"
        "  - dato: 2024-03-01\n"
        "    tekst: Tjeklisten før første besøg har fået et punkt om håndsprit.\n"
        "  - dato: 2024-05-02\n"
        "    tekst: Fasen *Næste skridt* er skrevet om.\n"
    )
    method.write_text(text, encoding="utf-8")
    case = project / "cases" / "gaarden.md"
    text = case.read_text(encoding="utf-8")
    text = text.replace("kilde:", "tidligere_id: [gaarden-i-skoven]\nkilde:", 1)
    text = text.replace("går det sidste stykke.", 'går det sidste stykke. "Vi kommer igen," siger Anna.')
    case.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("adresser")
    proj = make_project(root / "projekt")
    _git(proj, "init", "-q", "-b", "main")
    _git(proj, "add", "-A")
    _git(proj, "commit", "-q", "-m", "Første udgave", day="2024-01-10")
    _renamed(proj)
    _git(proj, "commit", "-q", "-am", "Rename the outreach method's phase ids", day="2024-02-20")
    # A change of how the file is written, not what it says: left out of the page's dates.
    naboskab = proj / "methods" / "naboskab.yaml"
    naboskab.write_text(naboskab.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(proj, "commit", "-q", "-am", "Reformat\n\nIndhold: uændret", day="2024-09-09")
    return proj


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("adresser-site") / "site"
    result = mkdocs_build(project, out, METODEBOG_PDF="nej", SITE_URL=ADDRESS)
    assert result.returncode == 0, result.stderr
    assert "Advarsel: håndbogens adresse" not in result.stderr
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


# -- the deployment's address -------------------------------------------------------------------------


def test_site_url_is_used_in_sitemap_and_share_tags(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(ADDRESS) for loc in locations)
    page = (site / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{ADDRESS}metoder/opsoegning/">' in page
    assert '<meta property="og:title" content="Opsøgning på landet (OPL)">' in page
    assert '<meta property="og:description" content="Medarbejderne kører ud til borgere' in page
    english = (site / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{ADDRESS}en/" in english


def test_placeholder_address_warns_in_danish_and_prints_none(built_fixture: Path) -> None:
    log = (built_fixture.parent / "build.log").read_text(encoding="utf-8")
    assert "Advarsel: håndbogens adresse er ikke sat" in log
    assert "make build SITE_URL=https://" in log
    page = (built_fixture / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    assert "og:url" not in page  # a placeholder is no address to share


def test_bad_site_url_stops_with_a_danish_sentence(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "projekt")
    result = mkdocs_build(proj, tmp_path / "site", english=False, METODEBOG_PDF="nej", SITE_URL="metoder.dk")
    assert result.returncode != 0
    assert "SITE_URL='metoder.dk' er ikke en hel webadresse" in result.stderr


# -- old addresses keep working ----------------------------------------------------------------------


def test_old_method_address_forwards_keeping_the_anchor(page: Page, served: str) -> None:
    # A QR code printed before the renames: the old method id and the old checklist id.
    page.goto(f"{served}/metoder/opsoegning-paa-landet/#lederens-ramme")
    page.wait_for_url(re.compile(r"/metoder/opsoegning/#lederens-ramme$"))
    heading = page.locator("h3#ledelse")
    assert heading.is_visible()
    assert heading.bounding_box()["y"] < page.viewport_size["height"]  # scrolled to the checklist
    page.goto(f"{served}/metoder/opsoegning/#forste-besog")
    assert page.locator("h2#foerste-besoeg").bounding_box()["y"] < page.viewport_size["height"]
    page.goto(f"{served}/cases/gaarden-i-skoven/")
    page.wait_for_url(re.compile(r"/cases/gaarden/$"))
    assert page.locator("h1").inner_text().startswith("Gården ved skoven")


def test_forwarding_page_works_without_script_and_is_not_indexed(site: Path) -> None:
    html = (site / "metoder" / "opsoegning-paa-landet" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../opsoegning/">' in html
    assert '<a href="../opsoegning/">' in html and "Siden er flyttet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Content-Security-Policy" in html
    assert "data-pagefind-body" not in html
    english = (site / "en" / "methods" / "opsoegning-paa-landet" / "index.html").read_text(encoding="utf-8")
    assert "This page has moved" in english and "../opsoegning/" in english
    # A renamed phase keeps its checklist's and questions' old anchors too.
    page = (site / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    for old in ("forste-besog", "forste-besog-tjekliste", "forste-besog-spoergsmaal", "lederens-ramme"):
        assert f'id="{old}"' in page


def _broken(project: Path, method_extra: str = "", other_extra: str = "") -> list[str]:
    if method_extra:
        path = project / "methods" / "opsoegning.yaml"
        path.write_text(path.read_text(encoding="utf-8") + method_extra, encoding="utf-8")
    if other_extra:
        path = project / "methods" / "naboskab.yaml"
        path.write_text(path.read_text(encoding="utf-8") + other_extra, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_handbook(project)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("method_extra", "other_extra", "expected"),
    [
        (
            "tidligere_id: [naboskab]\n",
            "",
            "methods/opsoegning.yaml:87:16: 'naboskab' er id'et på en anden metode (metode:naboskab)",
        ),
        (
            "tidligere_id: [gammel]\n",
            "tidligere_id: [gammel]\n",
            "'gammel' står også som tidligere id i methods/",
        ),
        ("tidligere_id: [opsoegning]\n", "", "'opsoegning' er metodens eget id. Slet linjen."),
        ("tidligere_id: [index]\n", "", "'index' er navnet på en oversigtsside"),
    ],
    ids=["andens-id", "to-gange", "eget-id", "oversigt"],
)
def test_alias_collisions_are_danish_problems(
    method_extra: str, other_extra: str, expected: str, tmp_path: Path
) -> None:
    problems = _broken(make_project(tmp_path / "projekt"), method_extra, other_extra)
    assert any(expected in p for p in problems), problems


def test_old_anchor_that_is_taken_is_a_problem(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "projekt")
    path = proj / "methods" / "opsoegning.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - id: ledelse\n", "  - id: ledelse\n    tidligere_id: [sparring]\n"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_handbook(proj)
    assert any("id'et 'sparring' bruges allerede på linje" in str(p) for p in caught.value.problems)


def test_a_day_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    problems = _broken(make_project(tmp_path / "projekt"), "ændringer:\n  - dato: 2026-02-30\n    tekst: Rettet.\n")
    assert any(
        "opsoegning.yaml:88:11:" in p and "datoen '2026-02-30' findes ikke i kalenderen" in p for p in problems
    ), problems


# -- dates and notes readers can trust --------------------------------------------------------------


def _lastmod(site: Path, path: str) -> str:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    match = re.search(rf"<loc>{re.escape(ADDRESS + path)}</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert match, path
    return match.group(1)


def test_sitemap_dates_are_each_pages_last_content_change(site: Path) -> None:
    assert _lastmod(site, "metoder/opsoegning/") == "2024-05-02"  # its newest note, after its last commit
    assert _lastmod(site, "cases/gaarden/") == "2024-02-20"
    assert _lastmod(site, "metoder/naboskab/") == "2024-01-10"  # the reformatting is not a change
    assert _lastmod(site, "metoder/") == "2024-05-02"  # an overview: its newest


def test_page_shows_notes_and_no_commit_messages(site: Path) -> None:
    page = (site / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    notes = page[page.index('class="note mh-aendringer"') :]
    assert notes.index("2. maj 2024") < notes.index("1. marts 2024")  # newest first
    assert "Fasen <em>Næste skridt</em> er skrevet om." in notes
    assert "Senest opdateret:</strong> 2. maj 2024" in page
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "Rename the outreach" not in text and "Første udgave" not in text, html
    # The notes are written for Danish readers: the English edition shows the last commit's date, not the notes.
    english = (site / "en" / "methods" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    assert "Tjeklisten før første besøg" not in english and "20 February 2024" in english


def test_shipped_pages_carry_no_commit_messages(shipped_site: Path) -> None:
    subjects = subprocess.run(
        ["git", "log", "--format=%s"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    needles = {s[:40] for s in subjects if len(s) >= 25}
    assert needles
    for html in sorted(shipped_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        found = [n for n in needles if n in text]
        assert not found, f"{html.relative_to(shipped_site)}: {found[0]}"


# -- Danish text ------------------------------------------------------------------------------------


def test_quotation_marks_follow_the_edition(site: Path) -> None:
    danish = (site / "cases" / "gaarden" / "index.html").read_text(encoding="utf-8")
    assert "»Vi kommer igen,« siger Anna." in danish
    english = (site / "en" / "cases" / "gaarden" / "index.html").read_text(encoding="utf-8")
    assert "»Vi kommer igen,« siger Anna." in english  # untranslated: Danish, and marked as such


def test_named_case_without_link_is_a_warning(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "projekt")
    path = proj / "methods" / "naboskab.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "formål: At bygge på det, der virker.",
        "formål: |\n  At bygge på det, der virker. Se casen *Gården ved skoven* og\n  [Gården ved skoven](case:gaarden).",
    )
    path.write_text(text, encoding="utf-8")
    warnings = [str(w) for w in load_handbook(proj).warnings]
    found = [w for w in warnings if "nævnes uden link" in w]
    assert found == [
        "methods/naboskab.yaml:9:42: advarsel: casen »Gården ved skoven« nævnes uden link. "
        "Skriv [Gården ved skoven](case:gaarden), så læseren kan åbne casen herfra."
    ]


@pytest.mark.page(viewport={"width": 390, "height": 800})
def test_glossary_has_a_working_a_to_aa_list(page: Page, served: str) -> None:
    page.goto(f"{served}/ordliste/")
    letters = page.locator("nav.mh-bogstaver")
    assert letters.inner_text().replace("\n", "").startswith("ABCD")
    assert "ÆØÅ" in letters.inner_text().replace("\n", "")
    links = letters.locator("a")
    assert links.count() >= 1
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        heading = page.locator(f"h2{target}")
        assert heading.count() == 1 and heading.inner_text().rstrip("¶").strip() == links.nth(i).inner_text()
    headings = page.locator("h3").all_inner_texts()
    assert headings and all(h[:1] == h[:1].upper() for h in headings)
    links.first.click()
    assert page.locator(links.first.get_attribute("href")).bounding_box()["y"] < 200

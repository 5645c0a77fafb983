"""A handbook of 130 methods (bench/corpus.py): overviews split into small pages, the comparison across them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import REPO, mkdocs_build, serve_folder, wait_until

sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

from metodebog.render import PAGE_SIZE  # noqa: E402
from metodebog.workers import PARALLEL_MIN  # noqa: E402

N = 130
LARGEST_PAGE = 300 * 1024


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stor")
    corpus.write(root / "projekt", N)
    result = mkdocs_build(root / "projekt", root / "site", english=False, METODEBOG_PDF="nej")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def big_url(big_site: Path) -> Iterator[str]:
    with serve_folder(big_site) as url:
        yield url


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _cards(html: str) -> list[str]:
    """The methods an overview page shows as cards, by their link."""
    return re.findall(r'<strong><a href="(?:\.\./)?([a-z0-9-]+)/">', html)


def test_no_page_is_large(big_site: Path) -> None:
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    assert len(sizes) > 3 * N
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= LARGEST_PAGE, f"{largest}: {sizes[largest] // 1024} KB"


def test_methods_overview_is_split_by_title_and_every_method_is_on_one_page(big_site: Path) -> None:
    first = _read(big_site, "metoder")
    second = _read(big_site, "metoder/side-2")
    on_first, on_second = set(_cards(first)), set(_cards(second))
    assert len(on_first) == PAGE_SIZE["methods"] and len(on_second) == N - PAGE_SIZE["methods"]
    assert not on_first & on_second
    # The pager names each page by the titles it runs from and to, and marks the page the reader is on.
    pager = re.search(r'<nav aria-label="Sider" class="mh-sider">(.*?)</nav>', second, re.S).group(1)
    assert "Listen er delt i 2 sider efter titel. Du er på side 2:" in pager
    assert pager.count("<a ") == 2 and pager.count('aria-current="page"') == 1
    assert re.search(r'<a aria-current="page" href="\./">Metode \d+', pager) and 'href="../">Aabenraa' in pager
    assert "<title>Metoder – side 2 af 2 - " in second


def test_checklists_overview_pages_cover_every_checklist_once(big_site: Path) -> None:
    pages = [big_site / "tjeklister"] + sorted((big_site / "tjeklister").glob("side-*"))
    expected = -(-N // PAGE_SIZE["checklists"])
    assert len(pages) == expected
    seen: list[str] = []
    for folder in pages:
        html = (folder / "index.html").read_text(encoding="utf-8")
        methods = re.findall(r'<div data-metode="([a-z0-9-]+)">', html)
        assert len(methods) <= PAGE_SIZE["checklists"]
        seen += methods
    assert len(seen) == len(set(seen)) == N


def test_glossary_names_a_few_places_and_how_many_more(big_site: Path) -> None:
    html = _read(big_site, "ordliste")
    more = re.findall(r"og (\d+) flere\.", html)
    assert more, "a word used in most methods lists only the first ones"
    for used_in in re.findall(r'<p class="mh-bruges-i">(.*?)</p>', html, re.S):
        assert used_in.count("<a ") <= 12


def test_comparison_takes_columns_from_other_pages(page: Page, big_url: str, big_site: Path) -> None:
    folder = big_site / "sammenlign-metoder"
    pages = [folder] + sorted(folder.glob("side-*"), key=lambda p: int(p.name[5:]))
    assert len(pages) == -(-N // PAGE_SIZE["compare"])

    def columns(path: Path) -> list[str]:
        return re.findall(r'<th data-metode="([a-z0-9-]+)" scope="col"', (path / "index.html").read_text())

    first, last = columns(pages[0])[0], columns(pages[-1])[-1]
    # On the second page, ask for a method from the first and one from the last page.
    page.goto(f"{big_url}/sammenlign-metoder/side-2/?metode={first}&metode={last}")
    wait_until(page, "document.querySelectorAll('.mh-sammenlign input:checked').length === 2")
    shown = page.locator(".mh-sammenlign-tabel thead th[data-metode]:visible")
    assert sorted(shown.evaluate_all("cells => cells.map(c => c.dataset.metode)")) == sorted([first, last])
    # Every row has the fetched methods' cells, and their links lead to the method.
    rows = page.locator(".mh-sammenlign-tabel tbody tr")
    for i in range(rows.count()):
        assert rows.nth(i).locator(f"td[data-metode='{last}']:visible").count() == 1
    page.locator(f"thead th[data-metode='{last}'] a").click()
    page.wait_for_url(f"**/metoder/{last}/")
    assert page.locator("h1").count() == 1


def test_an_id_that_names_an_overview_page_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    corpus.write(project, 8)
    shutil.copy2(project / "methods" / "abcd.yaml", project / "methods" / "side-2.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "methods/side-2.yaml:1:1: id'et 'side-2' er optaget af en side, som håndbogen selv laver" in result.stderr


def test_pages_rendered_on_every_core_are_the_same_as_in_one_process(big_site: Path, tmp_path: Path) -> None:
    project = big_site.parent / "projekt"
    one = tmp_path / "en-proces"
    result = mkdocs_build(project, one, english=False, METODEBOG_PDF="nej", METODEBOG_JOBS="1")
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(big_site) for p in big_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    differ = [str(f) for f in files if (big_site / f).read_bytes() != (one / f).read_bytes()]
    assert not differ, differ[:5]


def test_a_page_a_worker_refuses_stops_the_build_with_its_message(project: Path, tmp_path: Path) -> None:
    # The fixture project with enough pages that the build reads and renders them in two worker processes.
    folder = project / "docs" / "sider"
    folder.mkdir()
    for i in range(PARALLEL_MIN):
        (folder / f"side-{i:03d}.md").write_text(f"# Side {i}\n\nTekst.\n", encoding="utf-8")
    (project / "docs" / "ramme.md").write_text("# Ramme\n\n<iframe src='https://example.org/'></iframe>\n")
    result = mkdocs_build(project, tmp_path / "site", english=False, METODEBOG_PDF="nej", METODEBOG_JOBS="2")
    assert result.returncode == 1
    assert "Siden ramme.md (fra docs/ramme.md) indeholder HTML, som håndbogen ikke tillader" in result.stderr
    assert not (tmp_path / "site" / "ramme").exists()


def test_finder_shows_the_first_cards_and_draws_the_rest_from_its_data(page: Page, big_url: str) -> None:
    page.goto(f"{big_url}/find-en-metode/")
    wait_until(page, "document.querySelector('.mh-finder__status').textContent !== ''")
    cards = page.locator(".mh-kortliste > li[data-id]")
    assert cards.count() == PAGE_SIZE["finder"]
    assert page.locator(".mh-finder__status").inner_text() == f"Viser {N} af {N} metoder."
    more = page.get_by_role("button", name="Vis flere metoder")
    more.click()
    wait_until(page, f"document.querySelectorAll('.mh-kortliste > li[data-id]').length === {N}")
    assert more.is_hidden()
    # A filter draws exactly the matching methods, as links to their pages, with their text.
    page.locator("fieldset[data-facet=type]").get_by_role("checkbox", name="Metode").check()
    wait_until(page, "location.search.includes('type=metode')")
    status = page.locator(".mh-finder__status").inner_text()
    shown = int(status.split()[1])
    assert 0 < shown < N and cards.count() == min(shown, PAGE_SIZE["finder"])
    first = cards.first.locator("strong a")
    assert first.get_attribute("href").startswith("../metoder/")
    first.click()
    page.wait_for_url("**/metoder/*/")
    assert page.locator("h1").inner_text() and page.locator(".md-content").inner_text().count("Metode") > 0

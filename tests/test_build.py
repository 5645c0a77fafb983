"""Build the fixture project with the real configuration and read the pages as a reader gets them."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES, PDF_CACHE, REPO, make_project, mkdocs_build


class _Page(HTMLParser):
    """Collects what a reader sees of a page: headings, links, check boxes with their labels, text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._boxes: list[str | tuple[str]] = []  # each check box's label text, or (the id of its label,)
        self._by_id: dict[str, str] = {}  # text of each element with an id
        self.lang = ""
        self.edit_url = ""
        self._stack: list[tuple[str, dict[str, str], list[str]]] = []
        self._in_label = False
        self._label_has_box = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a" and a.get("rel") == "edit":
            self.edit_url = a.get("href", "")
        if tag == "input" and a.get("type") == "checkbox" and a.get("aria-labelledby"):
            self._boxes.append((a["aria-labelledby"],))
        elif (
            tag == "input"
            and a.get("type") == "checkbox"
            and self._stack
            and any(t == "label" for t, _, _ in self._stack)
        ):
            self._label_has_box = True
        if tag in ("input", "br", "img", "meta", "link"):
            return
        self._stack.append((tag, a, []))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            t, a, parts = self._stack.pop()
            text = " ".join("".join(parts).split())
            if self._stack:
                self._stack[-1][2].append("".join(parts))
            if a.get("id"):
                self._by_id[a["id"]] = text
            if t in ("h1", "h2", "h3", "h4"):
                self.headings.append((t, a.get("id", ""), text.rstrip("¶").strip()))
            elif t == "a":
                self.links.append((a.get("href", ""), text))
            elif t == "label" and self._label_has_box:
                self._boxes.append(text)
                self._label_has_box = False
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._stack:
            self._stack[-1][2].append(data)

    @property
    def checkboxes(self) -> list[str]:
        """The name of each check box: the text of its label, or of the element its aria-labelledby names."""
        return [b if isinstance(b, str) else self._by_id.get(b[0], "") for b in self._boxes]

    @property
    def text(self) -> str:
        return " ".join("".join(self._text).split())


def read(site: Path, url: str) -> _Page:
    """Return the page's main content (the article) as a reader sees it, and the page's language."""
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html[html.index("<article") : html.index("</article>")])
    page.lang = re.search(r'<html lang="([^"]*)"', html).group(1)
    return page


def main_text(site: Path, url: str) -> str:
    return read(site, url).text


def test_method_page(built_fixture: Path) -> None:
    page = read(built_fixture, "metoder/opsoegning")
    assert page.lang == "da"
    assert ("h1", "opsoegning-paa-landet-opl", "Opsøgning på landet (OPL)") in page.headings
    h2 = [text for tag, _, text in page.headings if tag == "h2"]
    assert h2 == [
        "Baggrund",
        "Formål",
        "Principper",
        "Faser",
        "Fase 1: Første besøg",
        "Fase 2: Næste skridt",
        "Tjeklister",
        "Arbejdsark",
        "Cases",
        "Valg af metode",
        "Implementering",
        "Kilder",
        "Relaterede metoder",
    ]
    h3 = [(i, text) for tag, i, text in page.headings if tag == "h3"]
    assert ("foerste-besoeg-spoergsmaal", "Værktøjsspørgsmål") in h3
    assert ("foerste-besoeg-tjekliste", "Tjekliste: Før vi kører ud") in h3
    assert ("ledelse", "Ledelsens ramme") in h3
    assert [t for _, t in h3 if t in ("Råd og anbefalinger", "Når fasen slutter", "Cases fra fasen", "Det fremmer")]
    assert page.checkboxes == [
        "Vi har aftalt, hvem der banker på.",
        "Vi har håndsprit og skoovertræk med.",
        "Der er afsat tid til sparring hver uge.",
    ]
    text = main_text(built_fixture, "metoder/opsoegning")
    for phrase in (
        "Hvor møder vi borgeren bedst?",
        "Hvad har vi prøvet indtil nu?",
        "Med tålmodighed og respekt.",
        "Læg et postkort, hvis ingen åbner.",
        "Fasen bygger på kilden.",
        "Skiftende medarbejdere",
        "En metodebeskrivelse. En styrelse, 2020.",
    ):
        assert phrase in text
    links = dict(page.links)
    assert links["../../emner/socialt-isolerede/"] == "Socialt isolerede voksne"
    assert links["../../cases/gaarden/"] == "Gården ved skoven"  # under the phase and under Cases
    assert links["../naboskab/"] == "Stærke naboskaber"
    assert page.edit_url.endswith("/edit/main/methods/opsoegning.yaml")


def test_case_page_links_back(built_fixture: Path) -> None:
    page = read(built_fixture, "cases/gaarden")
    links = dict(page.links)
    assert links["../../metoder/opsoegning/"] == "Opsøgning på landet (OPL)"
    assert links["../../metoder/opsoegning/#foerste-besoeg"] == "Fase 1: Første besøg"
    assert ("h2", "refleksionsspoergsmaal", "Refleksionsspørgsmål") in page.headings
    text = main_text(built_fixture, "cases/gaarden")
    assert "Anna og Bo parkerer ved vejen" in text and "Kilde: Fiktiv case skrevet til testen." in text
    assert page.edit_url.endswith("/edit/main/cases/gaarden.md")


def test_overview_pages(built_fixture: Path) -> None:
    methods = read(built_fixture, "metoder")
    cards = [text for href, text in methods.links if href in ("opsoegning/", "naboskab/")]
    assert cards == ["Opsøgning på landet (OPL)", "Stærke naboskaber"]
    assert "Medarbejderne kører ud til borgere" in main_text(built_fixture, "metoder")
    assert methods.edit_url == ""  # an overview has no single source file

    checklists = read(built_fixture, "tjeklister")
    assert checklists.checkboxes == [
        "Vi har aftalt, hvem der banker på.",
        "Vi har håndsprit og skoovertræk med.",
        "Der er afsat tid til sparring hver uge.",
    ]
    assert ("../metoder/opsoegning/#foerste-besoeg-tjekliste", "Første besøg: Før vi kører ud") in checklists.links

    tools = main_text(built_fixture, "vaerktoejsspoergsmaal")
    assert (
        tools.index("Fase 1: Første besøg")
        < tools.index("Hvor møder vi borgeren bedst?")
        < tools.index("Sparring når kontakten svigter")
        < tools.index("Hvad har vi prøvet indtil nu?")
    )

    cases = read(built_fixture, "cases")
    assert ("../cases/gaarden/", "Gården ved skoven") not in cases.links  # links are relative to /cases/
    assert ("gaarden/", "Gården ved skoven") in cases.links and ("kortet/", "Kortet over kvarteret") in cases.links

    terms = main_text(built_fixture, "emner")
    assert "Ressourcebaseret (2)" in terms and "Opsøgende (1)" in terms
    term = read(built_fixture, "emner/ressourcebaseret")
    assert [t for h, t in term.links if h.startswith("../../metoder/")] == [
        "Opsøgning på landet (OPL)",
        "Stærke naboskaber",
    ]
    assert term.edit_url.endswith("/edit/main/data/vokabular.yaml")

    fields = main_text(built_fixture, "bidrag/feltreference")
    assert "faser[].tjekliste.punkter" in fields and "metode | model | tilgang" in fields


def test_navigation_does_not_list_generated_pages(built_fixture: Path) -> None:
    """A page's size must not grow with the number of methods: the nav shows sections only."""
    html = (built_fixture / "cases" / "gaarden" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "Metoder" in nav and "Tjeklister" in nav
    assert "opsoegning" not in nav and "Stærke naboskaber" not in nav


def test_published_schema(built_fixture: Path) -> None:
    method = json.loads((built_fixture / "schema" / "metode.schema.json").read_text(encoding="utf-8"))
    assert method["properties"]["målgrupper"]["items"]["enum"] == ["socialt-isolerede", "lokalsamfund"]
    assert method["properties"]["formål"]["description"].startswith("Hvad metoden skal opnå.")
    assert (
        "titel" in json.loads((built_fixture / "schema" / "case.schema.json").read_text(encoding="utf-8"))["required"]
    )


def test_no_request_to_other_hosts(built_fixture: Path) -> None:
    """The built pages load nothing from another host: no font service, no CDN."""
    offenders = []
    for path in sorted(built_fixture.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(https?:)?//[^"]+"', html):
            if 'rel="canonical"' not in m.group(0):
                offenders.append((path.relative_to(built_fixture).as_posix(), m.group(0)))
    assert offenders == []


def test_style_sheet_is_linked_once_and_the_first_screen_inline(built_fixture: Path) -> None:
    """Every page links the site's one style sheet at the end of <body> and carries inline only its first screen's rules, even /404."""
    own_css = (REPO / "docs" / "css" / "metodebog.css").read_text(encoding="utf-8")
    (sheet,) = (built_fixture / "assets" / "stylesheets").glob("site.*.css")
    assert own_css in sheet.read_text(encoding="utf-8") and ".md-header{" in sheet.read_text(encoding="utf-8")
    for rel in ("index.html", "metoder/opsoegning/index.html", "cases/gaarden/index.html", "404.html"):
        html = (built_fixture / rel).read_text(encoding="utf-8")
        (href,) = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        link = html.index(f'<link rel="stylesheet" href="{href}">')
        assert href.endswith(f"assets/stylesheets/{sheet.name}") and link > html.index("</main>"), rel
        (inline,) = re.findall(r"<style>(.*?)</style>", html, re.S)
        assert ".md-header{" in inline and len(inline) < 32_000, rel


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_same_sources_same_site(tmp_path: Path, built_fixture: Path) -> None:
    proj = make_project(tmp_path / "igen")
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    first, second = _digest(built_fixture), _digest(tmp_path / "site")
    assert sorted(first) == sorted(second)
    assert [f for f in first if first[f] != second[f]] == []


def test_bad_content_stops_build_in_danish_and_keeps_site(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "projekt")
    make = ["make", "--no-print-directory", "build", f"VENV={REPO / '.venv'}"]
    env = {**os.environ, "METODEBOG_PDF": "nej"}
    ok = subprocess.run(make, cwd=proj, capture_output=True, text=True, timeout=300, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    before = _digest(proj / "site")
    path = proj / "methods" / "naboskab.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("formål:", "formaal:"), encoding="utf-8")
    bad = subprocess.run(make, cwd=proj, capture_output=True, text=True, timeout=300, env=env)
    assert bad.returncode != 0
    assert "methods/naboskab.yaml:8:1: ukendt felt 'formaal'. Mente du 'formål'?" in bad.stderr
    assert "Indholdet har fejl, så håndbogen blev ikke bygget" in bad.stderr
    assert _digest(proj / "site") == before


def test_generate_writes_an_edition_for_a_builder_without_hooks(tmp_path: Path, built_fixture: Path) -> None:
    """`python -m metodebog generate` writes what the hook registers: the same pages, data and print."""
    out = tmp_path / "udgave"
    result = subprocess.run(
        [sys.executable, "-m", "metodebog", "generate", "--root", str(FIXTURES / "projekt"), "--sprog", "en"]
        + ["--ud", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "hooks")},
    )
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "methods/opsoegning.md" in pages and "translation-status/index.md" in pages
    for page in pages:
        address = page.removesuffix(".md").removesuffix("index")
        assert (built_fixture / "en" / address.rstrip("/") / "index.html").is_file(), page
    for data in ("find-a-method/metoder.json", "soeg/ord.json", "schema/metode.schema.json"):
        assert (out / data).read_text(encoding="utf-8") == (built_fixture / "en" / data).read_text(encoding="utf-8")
    sheet = out / "pdf/sheets/opsoegning/ledelse.html"
    assert "Content-Security-Policy" in sheet.read_text(encoding="utf-8")
    assert (built_fixture / "en/pdf/sheets/opsoegning/ledelse.pdf").is_file()
    assert "This page is not translated yet" in (out / "methods/naboskab.md").read_text(encoding="utf-8")


_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site(tmp_path: Path, built_fixture: Path) -> None:
    """ProperDocs (a continuation of MkDocs 1.x) runs the same hook and makes the same Danish site."""
    project = make_project(tmp_path / "projekt")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env["METODEBOG_PDF_CACHE"] = str(PDF_CACHE)
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

    def pages(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): _GENERATOR.sub("", p.read_text(encoding="utf-8"))
            for p in folder.rglob("*.html")
            if not p.relative_to(folder).as_posix().startswith(("en/", "pagefind/"))
        }

    ours, theirs = pages(built_fixture), pages(site)
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []

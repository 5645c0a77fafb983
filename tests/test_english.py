"""The English edition: beside the Danish one, the same page in the other language, Danish where untranslated."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import REPO, generated, make_project, page_text
from metodebog.problems import ContentError
from metodebog.translate import method_translation_schema, translate
from metodebog.validate import load_handbook
from test_browser import search

# The same page in both editions: (Danish address, English address).
PAIRS = [
    ("metoder/abcd/", "en/methods/abcd/"),
    ("cases/for-enden-af-grusvejen/", "en/cases/for-enden-af-grusvejen/"),
    ("find-en-metode/", "en/find-a-method/"),
    ("sammenlign-metoder/", "en/compare-methods/"),
    ("om/", "en/about/"),
    ("", "en/"),
]


def _html(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def _switch(html: str) -> tuple[str, str]:
    """The header's link to the other language: (language, href)."""
    found = re.findall(r'<a class="md-header__button mh-sprog" href="([^"]+)" hreflang="([^"]+)"', html)
    assert len(found) == 1, found
    return found[0][1], found[0][0]


def _resolve(address: str, href: str) -> str:
    """The site address a relative link on the page at ``address`` leads to."""
    parts = [p for p in address.split("/") if p]
    for step in href.split("/"):
        if step == "..":
            parts.pop()
        elif step not in ("", "."):
            parts.append(step)
    return "/".join(parts) + ("/" if parts else "")


@pytest.mark.parametrize(("danish", "english"), PAIRS, ids=[p[0] or "forside" for p in PAIRS])
def test_the_switch_leads_to_the_same_page(shipped_site: Path, danish: str, english: str) -> None:
    da, en = _html(shipped_site, danish), _html(shipped_site, english)
    assert '<html lang="da"' in da and '<html lang="en"' in en
    assert _switch(da)[0] == "en" and _resolve(danish, _switch(da)[1]) == english
    assert _switch(en)[0] == "da" and _resolve(english, _switch(en)[1]) == danish
    for html, address in ((da, danish), (en, english)):
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert {lang: _resolve(address, href) for lang, href in alternates.items()} == {"da": danish, "en": english}


def test_a_translated_method_is_english_throughout(shipped_site: Path) -> None:
    html = _html(shipped_site, "en/methods/signs-of-safety/")
    assert "<title>Signs of Safety (SoS) - Method Handbook</title>" in html
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    cases = article.index('<h2 id="cases"')
    own = article[:cases] + article[article.index("<h2", cases + 1) :]  # the method's cases are not translated yet
    assert 'lang="da"' not in own
    assert "Not translated" not in html and "Partly translated" not in html
    assert "Three Houses" in html and "safety plan" in html
    assert 'href="../../topics/udsatte-boern-og-familier/"' in html  # vocabulary pages in English addresses


def test_an_untranslated_case_is_danish_with_a_notice(shipped_site: Path) -> None:
    html = _html(shipped_site, "en/cases/for-enden-af-grusvejen/")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "This page is not translated yet and is shown in Danish." in article
    assert re.search(r'<h1 id="[^"]*"><span lang="da">For enden af grusvejen</span>', article)
    assert re.search(r'<div lang="da">\s*<p>', article), "the Danish story says its language"


def test_a_partly_translated_method_marks_each_danish_part(shipped_site: Path) -> None:
    html = _html(shipped_site, "en/methods/opsoegende-indsats/")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "Parts of this page are not translated yet and are shown in Danish." in article
    assert ">Outreach Work for Socially Isolated Citizens<" in article
    assert '<span lang="da">Kontaktskabelse</span>' in article  # a phase title not yet translated


def test_status_page_counts(shipped_site: Path) -> None:
    hb = load_handbook(REPO)
    status = translate(REPO, hb, "en").status
    kinds = ("translated", "partial", "outdated", "missing")
    content = [s for source, s in status.items() if not source.startswith("docs/")]
    counts = {k: sum(s.kind == k for s in content) for k in kinds}
    assert len(content) == len(hb.methods) + len(hb.cases)
    html = _html(shipped_site, "en/translation-status/")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert (
        f"Methods and cases: {counts['translated']} translated, {counts['partial']} partly translated, "
        f"{counts['outdated']} may be out of date, {counts['missing']} not translated." in text
    )
    assert "The handbook's own pages: 3 translated, 0 may be out of date, 1 not translated." in text
    assert status["docs/om.md"].kind == "translated" and status["docs/bidrag/index.md"].kind == "missing"
    whole = {p for p, s in status.items() if s.kind == "translated"}
    assert {"methods/signs-of-safety.yaml", "methods/aaben-dialog.yaml", "methods/abcd.yaml"} <= whole
    assert all(status[m.source_path].kind in ("translated", "partial") for m in hb.methods)


def test_every_method_has_english_title_summary_aims_and_principles() -> None:
    hb = translate(REPO, load_handbook(REPO), "en").handbook
    for m in hb.methods:
        for text in (m.title, m.summary, m.purpose, *(p.title for p in m.principles), *(p.text for p in m.principles)):
            assert type(text) is str, (m.id, text[:40])


def test_english_pdfs(shipped_site: Path) -> None:
    for pdf in ("pdf/method-handbook.pdf", "pdf/compare-methods.pdf", "pdf/methods/signs-of-safety.pdf"):
        assert (shipped_site / "en" / pdf).stat().st_size > 10_000, pdf
    sheets = list((shipped_site / "en" / "pdf" / "sheets").rglob("*.pdf"))
    assert len(sheets) == len(list((shipped_site / "pdf" / "ark").rglob("*.pdf")))


# -- translations are checked like every content file ------------------------------------------


def test_a_translation_must_follow_the_danish_structure(project: Path) -> None:
    (project / "methods" / "opsoegning.en.yaml").write_text(
        "titel: Outreach in the countryside\n"
        "faser:\n"
        "  - id: foerste-besog\n"
        "    titel: First visit\n"
        "principper:\n"
        "  - titel: Patience\n"
        "    tekst: We come back.\n"
        "  - titel: One too many\n"
        "    tekst: The Danish file has one principle.\n"
        "type: metode\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        translate(project, load_handbook(project), "en")
    allowed = list(method_translation_schema()["properties"])  # a translation has the method's texts, no more
    assert {"titel", "resumé", "formål", "faser"} <= set(allowed) and not {"type", "kilder", "tidligere_id"} & set(
        allowed
    )
    assert caught.value.report().splitlines() == [
        f"methods/opsoegning.en.yaml:10:1: ukendt felt 'type'. Tilladte felter her: {', '.join(allowed)}.",
        "1 fejl i indholdet. Ret den, og kør 'make check' igen.",
    ]
    path = project / "methods" / "opsoegning.en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: metode\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        translate(project, load_handbook(project), "en")
    assert caught.value.report().splitlines() == [
        "methods/opsoegning.en.yaml:3:9: den danske fil methods/opsoegning.yaml har ingen fase med id'et "
        "'foerste-besog'. Id'er her: foerste-besoeg, naeste-skridt. Ret id'et, så det svarer til den danske fil.",
        "methods/opsoegning.en.yaml:6:3: listen har 2 punkter, men den danske fil har 1. Oversæt alle punkterne i "
        "samme rækkefølge, eller slet listen, så den danske vises.",
        "2 fejl i indholdet. Ret dem, og kør 'make check' igen.",
    ]


def test_a_translation_is_checked_for_personal_data(project: Path) -> None:
    (project / "methods" / "naboskab.en.yaml").write_text(
        "titel: Strong neighbourhoods\nresumé: Call Anna on 12 34 56 78.\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        translate(project, load_handbook(project), "en")
    assert "methods/naboskab.en.yaml:2:" in caught.value.report() and "telefonnummer" in caught.value.report()


def _git(project: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "r@example.org", "GIT_COMMITTER_NAME": "Redaktør"}
    env |= {"GIT_COMMITTER_EMAIL": "r@example.org", "PATH": "/usr/bin:/bin", "HOME": str(project)}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def test_a_translation_older_than_its_danish_source_is_flagged(tmp_path: Path) -> None:
    project = make_project(tmp_path / "projekt")
    (project / "methods" / "naboskab.en.yaml").write_text(
        "titel: Strong neighbourhoods\nresumé: Residents map what their area already has.\n"
        "formål: To build on what works.\n",
        encoding="utf-8",
    )
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Første udgave", "--date", "2025-01-01T10:00:00")
    assert translate(project, load_handbook(project), "en").status["methods/naboskab.yaml"].kind == "translated"

    path = project / "methods" / "naboskab.yaml"
    # A note about a change and an old id are the Danish file's own: the translation is as current as before.
    path.write_text(
        path.read_text(encoding="utf-8")
        + "tidligere_id: [naboer]\nændringer:\n  - dato: 2025-01-02\n    tekst: Kilden er rettet.\n",
        encoding="utf-8",
    )
    _git(project, "commit", "-q", "-am", "Note om kilden")
    assert translate(project, load_handbook(project), "en").status["methods/naboskab.yaml"].kind == "translated"

    path.write_text(path.read_text(encoding="utf-8").replace("At bygge på", "At bygge videre på"), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "Ret formålet")
    assert translate(project, load_handbook(project), "en").status["methods/naboskab.yaml"].kind == "outdated"
    pages = generated(project, "en")
    assert "The Danish text has changed since this translation was last updated." in page_text(
        pages["methods/naboskab.md"], "en"
    )
    assert "Methods and cases: 0 translated, 0 partly translated, 1 may be out of date" in page_text(
        pages["translation-status/index.md"], "en"
    )


# -- search per language, in the browser ---------------------------------------------------------


def _search(page: Page, query: str) -> list[str]:
    """The paths of the header search's results for ``query``."""
    return search(page, query)[0]


def test_english_search_finds_english_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + "/en/")
    found = _search(page, "network meeting")
    assert found and found[0].startswith("/en/"), found
    assert "/en/methods/aaben-dialog/" in found[:3], found
    assert all(p.startswith("/en/") for p in found), found
    page.goto(base_url + "/en/")
    assert all(p.startswith("/en/") for p in _search(page, "netværksmøde"))


def test_danish_search_stays_danish(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    found = _search(page, "netværksmøde")
    assert found and all(not p.startswith("/en/") for p in found), found


def test_an_untranslated_page_found_in_english_is_marked(page: Page, base_url: str) -> None:
    page.goto(base_url + "/en/")
    found = _search(page, "grusvejen")
    assert "/en/cases/for-enden-af-grusvejen/" in found, found
    first = page.locator(".md-search-result__item", has=page.locator('a[href$="/en/cases/for-enden-af-grusvejen/"]'))
    assert "in Danish, not translated yet" in first.first.inner_text()
    translated = page.locator(".md-search-result__item .mh-uoversat")
    assert translated.count() <= len(found)

"""Search as a social worker reads it: in a real browser, through the search box, on the built handbook.

A practice query finds practice pages, never the pages for editors. Each result's excerpt shows the page's
own words: not the hidden synonym lists, not the title again, not the change history. Each sub-result links
to the heading of the part that matched, and the filler words of a query (og, i, med …) are never marked.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page

from conftest import REPO, mkdocs_build, wait_until
from metodebog import cms
from metodebog.glossary import SYNONYMS_ID, add_synonyms, synonyms
from metodebog.i18n import strings
from metodebog.layout import GLOSSARY_FILE, LANGUAGES, addresses
from metodebog.model import GlossaryEntry
from metodebog.translate import translation_file

PRACTICE = {
    "da": ["tjekliste hjemmebesøg", "samtykke", "netværksmøde", "skaleringsspørgsmål", "samtale med barnet"],
    "en": ["scaling question", "network meeting", "consent", "talking with the child"],
}
_WORD = re.compile(r"\w+")
_INLINE = frozenset("a abbr b bdo cite code dfn em i kbd mark q s small span strong sub sup time u var".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def for_editors(path: str) -> bool:
    """Whether ``path`` is a page for the handbook's editors: contributing, field reference, translation status, web editor."""
    for a in (addresses(language) for language in LANGUAGES):
        for folder in (a.fields.split("/")[0], a.status, cms.ADMIN):
            if path.startswith(f"/{a.root}{folder}/"):
                return True
    return False


def practice(path: str) -> bool:
    """Whether ``path`` is a method or a case (its checklists and worksheets are parts of the method's page)."""
    return any(
        path.startswith(f"/{a.root}{a.folders[scheme]}/") and path != f"/{a.root}{a.folders[scheme]}/"
        for a in (addresses(language) for language in LANGUAGES)
        for scheme in ("metode", "case")
    )


class Shown:
    """A built page as a reader sees it: its words, and those of each part from a heading with an id to the next.

    The hidden synonym lists and what search leaves out (``data-pagefind-ignore``) are kept apart.
    """

    def __init__(self, html: str) -> None:
        self.visible: set[str] = set()
        self.synonyms: set[str] = set()
        self.ignored: set[str] = set()
        self.parts: dict[str, set[str]] = {}  # heading id → the words shown in its part, heading included
        self.summaries: list[tuple[str, bool]] = []  # each <summary>'s text, and whether search leaves it out
        parser = _Reader(self)
        parser.feed(html)
        parser.close()


class _Reader(HTMLParser):
    def __init__(self, shown: Shown) -> None:
        super().__init__(convert_charrefs=True)
        self.shown = shown
        self.open: list[tuple[str, str | None]] = []  # tag, and what it makes its content: body, synonyms, ignored
        self.part: str | None = None
        self.text: list[str] = []  # the content's text so far, in the kind of the element it stands in

    def kinds(self) -> set[str | None]:
        return {kind for _, kind in self.open}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        kind = None
        if "data-pagefind-body" in found:
            kind = "body"
        elif (found.get("id") or "").startswith(SYNONYMS_ID):
            kind = "synonyms"
        elif "data-pagefind-ignore" in found or "headerlink" in (found.get("class") or "").split():
            kind = "ignored"
        elif tag in ("script", "style"):
            kind = "ignored"
        if kind or tag not in _INLINE:
            self.flush()
        if tag in _HEADINGS and found.get("id") and "body" in self.kinds():
            self.part = found["id"]
            self.shown.parts[self.part] = set()
        if tag not in _VOID:
            self.open.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                if self.open[i][1] or tag not in _INLINE:
                    self.flush()
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        kinds = self.kinds()
        if "body" not in kinds:
            return
        if self.open and self.open[-1][0] == "summary":
            self.shown.summaries.append((data.strip(), "ignored" in kinds))
        self.text.append(data)

    def flush(self) -> None:
        """Take the text read since the last block boundary (inline elements join words, as in Pagefind)."""
        kinds = self.kinds()
        found = words("".join(self.text))
        self.text = []
        if "synonyms" in kinds:
            self.shown.synonyms.update(found)
        elif "ignored" in kinds:
            self.shown.ignored.update(found)
        else:
            self.shown.visible.update(found)
            if self.part is not None:
                self.shown.parts[self.part].update(found)


def read(site: Path, path: str) -> Shown:
    return Shown((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))


def results(page: Page, query: str) -> list[dict]:
    """Type ``query`` into the search box; return what the list shows, result by result, with its sub-results."""
    box = page.locator("#mh-soeg-felt")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    wait_until(page, f"document.querySelector('#mh-soeg-status').dataset.query === {json.dumps(query)}")
    return page.locator("#mh-soeg-resultater > li").evaluate_all(
        """items => items.map(li => {
          const read = a => {
            const p = a.querySelector("p");
            return {
              href: a.getAttribute("href"),
              title: a.querySelector("h1, h2").firstChild.textContent.trim(),
              excerpt: p ? p.textContent : "",
              marks: p ? Array.from(p.querySelectorAll("mark"), m => m.textContent) : [],
            };
          };
          const links = Array.from(li.querySelectorAll(":scope > a"));
          return {...read(links[0]), subs: links.slice(1).map(read)};
        })"""
    )


def echoes(excerpt: str, title: str) -> bool:
    """Whether ``excerpt`` repeats ``title`` as a heading ("Title. …") or more than once."""
    text, name = " ".join(words(excerpt)), " ".join(words(title))
    return excerpt.lstrip("… ").startswith(f"{title}.") or f" {text} ".count(f" {name} ") > 1


def alike(word: str, query_word: str) -> bool:
    """Whether ``word`` is a form of ``query_word`` as far as a stemmer goes (barnets ~ barnet, scale ~ scaling)."""
    needed = min(len(query_word), max(4, len(query_word) - 3))
    return word[:needed] == query_word[:needed]


def glossary_forms(language: str) -> list[list[str]]:
    """The forms of each word of the edition's glossary (skaleringsspørgsmål, skalaspørgsmål, skalering)."""
    name = GLOSSARY_FILE if language == LANGUAGES[0] else translation_file(GLOSSARY_FILE, language)
    entries = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    return [[e["term"], *e.get("forkortelser", []), *e.get("synonymer", [])] for e in entries]


def mentions(part: set[str], query: str, stop: set[str], forms: list[list[str]]) -> bool:
    """Whether ``part`` (a page's part, its words) has a word of ``query``, or another form of it from the glossary."""
    for word in words(query):
        if word in stop:
            continue
        candidates = [[word]] + [words(f) for entry in forms if word in words(" ".join(entry)) for f in entry]
        for candidate in candidates:
            if candidate and all(any(alike(w, c) for w in part) for c in candidate):
                return True
    return False


# -- in the browser ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_practice_queries_read_well(page: Page, base_url: str, shipped_site: Path, language: str) -> None:
    root = addresses(language).root
    stop = set(strings(language)["search"]["stopwords"].split())
    forms = glossary_forms(language)
    page.goto(f"{base_url}/{root}")
    marked = 0
    for query in PRACTICE[language]:
        found = results(page, query)
        paths = [urlsplit(r["href"]).path for r in found]
        # Only pages for readers; a method or case among the first three.
        assert [p for p in paths if for_editors(p)] == [], (query, paths)
        assert any(practice(p) for p in paths[:3]), (query, paths)
        for result, path in zip(found, paths, strict=True):
            shown = read(shipped_site, path)
            hidden = (shown.synonyms | shown.ignored) - shown.visible  # on the page only in what is not shown
            for item in (result, *result["subs"]):
                excerpt = set(words(item["excerpt"]))
                where = (query, item["href"], item["excerpt"])
                assert not excerpt & hidden, (*where, excerpt & hidden)
                assert excerpt <= shown.visible, (*where, excerpt - shown.visible)
                assert not echoes(item["excerpt"], result["title"]), where
                assert not echoes(item["excerpt"], item["title"].split(" › ")[-1]), where
                for mark in item["marks"]:
                    assert not set(words(mark)) <= stop, (*where, mark)
                marked += len(item["marks"])
            for sub in result["subs"]:
                address = urlsplit(sub["href"])
                assert address.path == path and address.fragment, (query, sub)
                assert sub["title"] != result["title"], (query, sub)
                assert address.fragment in shown.parts, (query, sub)
                part = shown.parts[address.fragment]
                assert mentions(part, query, stop, forms), (query, sub, sorted(part)[:40])
    assert marked, "no excerpt marks a word of a query"


@pytest.mark.parametrize(
    ("language", "query", "method", "anchor"),
    [
        ("da", "skaleringsspørgsmål", "signs-of-safety", "skalering-0-10"),
        ("da", "skalaspørgsmål", "signs-of-safety", "skalering-0-10"),
        ("en", "scaling question", "signs-of-safety", "skalering-0-10"),
    ],
)
def test_glossary_word_finds_the_part_under_another_name(
    page: Page, base_url: str, language: str, query: str, method: str, anchor: str
) -> None:
    """The worksheet "Skalaspørgsmålet fra 0 til 10" is found by the glossary's skaleringsspørgsmål, and linked to."""
    a = addresses(language)
    page.goto(f"{base_url}/{a.root}")
    found = results(page, query)
    path = f"/{a.root}{a.web_path('metode', method)}"
    subs = [s for r in found if urlsplit(r["href"]).path == path for s in r["subs"]]
    sub = next((s for s in subs if s["href"] == f"{path}#{anchor}"), None)
    assert sub, (query, [r["href"] for r in found], subs)
    page.goto(f"{base_url}{path}#{anchor}")
    heading = page.locator(f"#{anchor}")
    assert heading.is_visible() and sub["title"].endswith(heading.evaluate("h => h.firstChild.textContent.trim()"))


def test_filler_words_are_not_marked(page: Page, base_url: str) -> None:
    stop = set(strings("da")["search"]["stopwords"].split())
    page.goto(base_url + "/")
    marks = []
    for query in ("hvordan får jeg kontakt med borgeren", "samtale med barnet i hjemmet", "det er ikke til at se"):
        for result in results(page, query):
            for item in (result, *result["subs"]):
                marks += [(query, item["href"], m) for m in item["marks"]]
    assert marks, "nothing marked at all"
    assert [m for m in marks if set(words(m[2])) <= stop] == []


# -- in the built site ------------------------------------------------------------------------------


def test_change_history_is_left_out_of_the_index(shipped_site: Path) -> None:
    """Each page's box of changes ("Ændringer") is marked for search to leave out."""
    boxes = []
    for language in LANGUAGES:
        a = addresses(language)
        title = strings(language)["method"]["history"]
        for scheme in ("metode", "case"):
            for file in sorted((shipped_site / a.root / a.folders[scheme]).glob("*/index.html")):
                boxes += [
                    (file, ignored) for text, ignored in Shown(file.read_text("utf-8")).summaries if text == title
                ]
    assert boxes, "no page has a box of changes"
    assert [file for file, ignored in boxes if not ignored] == []


def indexed(site: Path) -> set[str]:
    """The addresses of the pages in the site's Pagefind index, read from its fragments (gzip'd JSON)."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[data.index(b"{") :])["url"])
    return urls


def test_pages_for_editors_are_not_in_the_index(shipped_site: Path) -> None:
    urls = indexed(shipped_site)
    assert [u for u in urls if for_editors(u)] == []
    assert "/" + addresses("da").web_path("metode", "signs-of-safety") in urls


def test_a_new_page_for_editors_is_not_in_the_index(project: Path, tmp_path: Path) -> None:
    """Not a list of names: any page in bidrag/ is left out, a new one too."""
    (project / "docs" / "bidrag" / "ny-vejledning.md").write_text(
        "# Ny vejledning\n\nSådan skriver du en tjekliste til et hjemmebesøg.\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site, english=False, METODEBOG_PDF="nej")
    assert result.returncode == 0, result.stderr
    assert (site / "bidrag" / "ny-vejledning" / "index.html").is_file()
    urls = indexed(site)
    assert [u for u in urls if for_editors(u)] == [] and "/om/" in urls


# -- the glossary's forms ---------------------------------------------------------------------------

SCALE = GlossaryEntry("skaleringsspørgsmål", (), ("skalaspørgsmål", "skalering"), "", None)
MEETING = GlossaryEntry("netværksmøde", (), (), "", None)
SOS = GlossaryEntry("Signs of Safety", ("SoS",), (), "", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skalaspørgsmålet fra 0 til 10", ["skaleringsspørgsmål", "skalering"]),
        ("Brug skalaspørgsmålene igen", ["skaleringsspørgsmål", "skalering"]),
        ("skaleringsspørgsmålets svar", ["skalaspørgsmål", "skalering"]),
        ("Skalering", ["skaleringsspørgsmål", "skalaspørgsmål"]),
        ("skala fra 0 til 10", []),
        ("skalaspørgsmål-arket", []),  # a word of its own, not a form of it
    ],
)
def test_glossary_forms_match_inflected_words(text: str, expected: list[str]) -> None:
    assert synonyms((SCALE,), text) == expected


def test_glossary_inflection_keeps_abbreviations_exact() -> None:
    assert synonyms((MEETING, SOS), "netværksmøderne og netværksmødets referat") == []
    assert synonyms((MEETING, SOS), "Vi bruger SoS") == ["Signs of Safety"]
    assert synonyms((MEETING, SOS), "Vi bruger SoSen og sos") == []


def test_synonyms_stand_in_the_part_that_uses_the_word() -> None:
    html = (
        '<h1 id="titel">Metode</h1>\n<p>Intro.</p>\n'
        '<h3 id="skala">Skalaspørgsmålet fra 0 til 10</h3>\n<p>Spørg.</p>\n'
        '<h2 id="andet">Andet</h2>\n<p>Intet her.</p>\n<div data-pagefind-ignore><p>skalering</p></div>\n'
    )
    out = add_synonyms((SCALE,), html)
    head, rest = out.split('<h2 id="andet">')
    assert f'id="{SYNONYMS_ID}-2-0" hidden data-pagefind-weight="5">skaleringsspørgsmål · skalering</div>' in head
    assert SYNONYMS_ID not in rest and head.index('id="skala"') < head.index(SYNONYMS_ID)
    assert out.replace(head, "").startswith('<h2 id="andet">')

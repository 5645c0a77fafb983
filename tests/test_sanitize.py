"""One rule for text from content: plain text never becomes markup; Markdown keeps only what the allowlist keeps."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metodebog import sanitize

# Text a hostile contributor would try: HTML, Markdown and attribute-list syntax, entities, control characters.
HOSTILE_PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", '" onmouseover="x', "'", "<!--", "-->",
    "[x](javascript:alert(1))", "[x][r]\n\n[r]: javascript:alert(1)", "{: onclick=alert(1) }", "*", "_", "`", "#",
    "- ", "1. ", "> ", "|", ":material-alert:", "&lt;", "&#60;", "&", "\\", "\x02wzxhzdk:0\x03", "\n", "\t", "<",
    ">", "<div>", "</div>", "<a href='//evil'>", "![i](x.png)", "<svg><path/></svg>", "javascript:", "æøå",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=12).map("".join)
PAGE_MARKDOWN = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"])


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parts(html: str) -> _Parts:
    p = _Parts()
    p.feed(html)
    p.close()
    return p


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_plain_text_never_becomes_markup(text: str) -> None:
    """A title in a heading, a link text or a list shows exactly as written, one line, as text."""
    expected = " ".join(sanitize._CONTROL.sub("", text).split())
    for template in ("# {}", "- [{}](../x.md)", "{}", "| {} |\n|---|\n| a |"):
        html = PAGE_MARKDOWN.reset().convert(template.format(sanitize.plain(text)))
        found = parts(html)
        assert {t for t, _ in found.tags} <= {"h1", "ul", "li", "a", "p", "table", "thead", "tbody", "tr", "th", "td"}
        assert all(set(attrs) <= {"href"} for _, attrs in found.tags)
        if template.startswith("# ") or template == "{}":
            assert " ".join("".join(found.text).split()) == expected


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_sanitized_markdown_holds_only_the_allowlist(text: str) -> None:
    html = sanitize.safe_markdown(text)
    for tag, attrs in parts(html).tags:
        assert tag in sanitize.FIELD.tags, tag
        for name, value in attrs.items():
            assert sanitize.FIELD.allows_attribute(tag, name) or name == "class", (tag, name)
            if name == "href":
                assert sanitize._scheme(value or "") in (None, *sanitize.FIELD.schemes), value
    assert sanitize.removals(html, sanitize.FIELD) == []  # what the sanitizer leaves, it would leave again


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_check_accepts_only_what_the_sanitizer_keeps(text: str) -> None:
    """A field the check passes renders the same before and after sanitizing: nothing is silently lost."""
    if sanitize.field_problems(text):
        return
    raw = parts(sanitize.markdown_html(text)).tags
    kept = parts(sanitize.safe_markdown(text)).tags
    assert sorted(t for t, _ in raw) == sorted(t for t, _ in kept)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[a](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
        ("[a](java\tscript:alert(1))", "script:alert(1)"),
        ("[a](vbscript:x)", "vbscript:x"),
        ('<a href="\\\\evil.dk/x">a</a>', "\\\\evil.dk/x"),
        ('tekst\n{: style="color:red" }', "style"),
        ("<details open ontoggle=alert(1)>", "ontoggle"),
        ("<math><mi xlink:href=javascript:alert(1)>", "<math"),
        ("Et \x02wzxhzdk:0\x03 styretegn", "\x02"),
    ],
)
def test_field_problems_name_what_goes(text: str, needle: str) -> None:
    found = sanitize.field_problems(text)
    assert found and needle in found[0].needle, found


@pytest.mark.parametrize(
    "text",
    [
        "Brug **fed**, *kursiv* og [et link](https://eksempel.dk/) eller [en metode](metode:abcd#kilder).",
        "- et punkt\n- et andet\n\n1. først\n2. så",
        "| A | B |\n|---|---|\n| 1 | 2 |",
        '!!! tip "Godt råd"\n    Spørg borgeren først.',
        "Skriv til [os](mailto:redaktion@eksempel.dk), eller se `<kode>`.",
        "<abbr title='Signs of Safety'>SoS</abbr> bruges i hele landet.",
    ],
)
def test_what_the_handbook_uses_is_kept(text: str) -> None:
    assert sanitize.field_problems(text) == []


@pytest.fixture(scope="module")
def fixture_handbook():
    from conftest import FIXTURES
    from metodebog.validate import load_handbook

    return load_handbook(FIXTURES / "projekt")


SITE_MARKDOWN = markdown.Markdown(
    extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.details"]
)
TEXT_LINE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(TEXT_LINE, texts.filter(lambda t: t.strip())), keyword=texts)
def test_no_generated_text_reaches_a_page_as_markup(fixture_handbook, title: str, keyword: str) -> None:
    """Any title and keyword, through the real page templates and Markdown, is text on the page and nothing else."""
    import dataclasses

    from metodebog.layout import DANISH
    from metodebog.render import render

    hb = fixture_handbook
    m = dataclasses.replace(hb.method("opsoegning"), title=title, abbreviation=None, keywords=(keyword,))
    hb = dataclasses.replace(hb, methods=tuple(m if x.id == m.id else x for x in hb.methods))
    page = next(p for p in render(hb) if p.uri == DANISH.method_uri("opsoegning"))
    body = page.content.split("\n---\n", 1)[1]  # the front matter is escaped by the site's hook
    html = SITE_MARKDOWN.reset().convert(body)
    found = parts(html)
    assert not {t for t, _ in found.tags} & {"script", "img", "iframe", "style", "object", "embed"}
    # The one picture is the phases' path the build draws (diagrams.py), not anything from the text.
    assert [dict(a).get("class") for t, a in found.tags if t == "svg"] == ["mh-diagram mh-fasesti"]
    assert all(not name.startswith("on") and name != "style" for _, attrs in found.tags for name in attrs)
    h1 = parts(html.split("<h1", 1)[1].split("</h1>", 1)[0].split(">", 1)[1])
    assert " ".join("".join(h1.text).split()) == " ".join(sanitize._CONTROL.sub("", title).split())


def test_a_broken_declaration_is_a_danish_problem_not_a_crash() -> None:
    """html.parser gives up on '<![' with an AssertionError; make check says what to delete instead."""
    assert [r.message for r in sanitize.field_problems("<ol><![]")] == [
        "en HTML-erklæring (<!…> eller <?…?>) hører ikke hjemme i en tekst. Slet den."
    ]
    for text in ("Se <![billede](a.png) her", "<p><!x y"):
        assert sanitize.field_problems(text), text  # a Danish problem, not a crash

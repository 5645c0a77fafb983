"""Render the handbook model into Markdown pages (and the published schema files).

Each page is a ``Page``: where it goes in the docs tree, its Markdown, and the source file
an editor should open to change it. Every UI word comes from the language's strings table.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from . import diagrams, glossary, links, printing, sanitize, schema, workers
from .i18n import format_date, pages_label, strings
from .layout import (
    COMPARE_MAX,
    COMPARE_PARAMETER,
    COORDINATION_ANCHOR,
    GLOSSARY_FILE,
    PAGE_PREFIX,
    VOCABULARY_FILE,
    addresses,
    web_address,
)
from .model import LISTED_TEXTS, METHOD_TEXTS, Handbook, Method
from .translate import STATUSES, Status, Untranslated

HERE = Path(__file__).parent

# The finder's facets: URL parameter → the model's vocabulary kind (or the method type).
FACETS = (("maalgruppe", "målgrupper"), ("omraade", "områder"), ("tilgang", "tilgange"), ("type", "type"))


# Methods per overview page: beyond this, an overview is split into pages by title (A–F, G–M, …),
# so each stays small and quick at any size; the full content stays on the method pages.
PAGE_SIZE = {"methods": 100, "cases": 100, "checklists": 10, "tools": 12, "term": 200, "compare": 12, "finder": 100}
# The glossary names at most this many methods and cases where a word is used, then how many more.
OCCURRENCES_SHOWN = 12


@dataclass(frozen=True)
class Pager:
    """One page of a split overview: its number, address and the titles it runs from and to."""

    number: int
    uri: str
    first: str
    last: str


def split(items: tuple[Any, ...], size: int) -> list[tuple[Any, ...]]:
    """Return ``items`` in chunks of at most ``size`` (one chunk, possibly empty, when they fit)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [()]


def page_uri(first_uri: str, number: int) -> str:
    """The address of page ``number`` of an overview: 'metoder/index.md', 'metoder/side-2.md', …"""
    if number == 1:
        return first_uri
    return f"{first_uri.removesuffix('.md').removesuffix('/index')}/{PAGE_PREFIX}{number}.md"


@dataclass(frozen=True)
class Page:
    """A generated file: ``uri`` in the docs tree, its text, and the source file to edit (or None)."""

    uri: str
    content: str
    edit_path: str | None


def _web_link(from_uri: str, to_uri: str) -> str:
    """The relative web address from one page to another, for a script (MkDocs rewrites only Markdown links).

    'finn/index.md' → 'metoder/abcd.md?x=1' is '../metoder/abcd/?x=1'.
    """
    target, _, query = to_uri.partition("?")

    if not target.endswith(".md"):  # a file: its own name
        return posixpath.relpath(target, web_address(from_uri) or ".")
    rel = posixpath.relpath(web_address(target) or ".", web_address(from_uri) or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"?{query}" if query else "")


def _link(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """Return the relative Markdown link target from one generated page to another."""
    rel = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{rel}#{anchor}" if anchor else rel


_SLUG = re.compile(schema.SLUG)


def _finalize(value: Any) -> Any:
    """Escape every value a template prints unless it is already markup (see ``sanitize.plain``).

    Ids (validated slugs) and numbers are printed as they are, so they work in addresses and attributes.
    A Danish text standing in for a missing translation says its language.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    if isinstance(value, Untranslated):
        return _text(value)
    if _SLUG.fullmatch(value):
        return Markup(value)
    return sanitize.plain(value)


def _text(value: Any) -> Markup:
    """A plain text as Markdown that shows as written; an untranslated one in a span that says it is Danish."""
    text = sanitize.plain(value)
    if isinstance(value, Untranslated):
        return Markup(f'<span lang="{value.language}">{text}</span>')
    return text


def _trusted(value: Any) -> Any:
    """Return the strings table (the project's own words, with Markdown) marked as markup."""
    if isinstance(value, dict):
        return {k: _trusted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_trusted(v) for v in value]
    return Markup(value) if isinstance(value, str) else value


def _address(function: Any) -> Any:
    """Wrap a function that returns a generated page's address, so its result is printed as is."""
    return lambda *args, **kwargs: Markup(function(*args, **kwargs))


def _attribute(value: Any) -> Markup:
    """A text for an attribute value: plain words, escaped, without the language spans of a heading or link."""
    text = value.striptags() if isinstance(value, Markup) else str(value)
    return Markup(escape(" ".join(text.split())))


_BLOCK = re.compile(r"<(?:p|ul|ol|table|pre|div|blockquote|h[1-6]|dl|hr|details)\b")


def _markdown(value: str | None) -> Markup:
    """Mark a Markdown field as markup: ``make check`` has sanitized it, and the page is sanitized again.

    An untranslated field is rendered and sanitized here and put in an element that says it is Danish
    (a span for one paragraph, a div for more): as finished HTML, so Markdown cannot read it differently
    inside the element than on the Danish page. Its id links are made web addresses by ``links.resolve_html``.
    """
    if not isinstance(value, Untranslated):
        return Markup(value or "")
    html = sanitize.safe_markdown(value, allow=sanitize.BODY).strip()
    inner = html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else ""
    if inner and not _BLOCK.search(inner):
        return Markup(f'<span lang="{value.language}">{" ".join(inner.split())}</span>')
    return Markup(f'\n\n<div lang="{value.language}">\n{html}\n</div>\n\n')


def _meta(value: str) -> Markup:
    """Return ``value`` as a YAML (JSON) scalar for a page's front matter: raw text, escaped by the page template."""
    text = value.striptags() if isinstance(value, Markup) else str(value)
    return Markup(json.dumps(" ".join(text.split()), ensure_ascii=False))


def _url(value: str) -> Markup:
    """Return a web address safe as a Markdown link target: characters that could end it are percent-encoded."""
    return Markup(quote(value, safe=":/?#@!$&*+,;=%"))


def _join(values: Any, separator: str = "") -> Markup:
    return Markup(separator).join(_finalize(v) for v in values)


def _environment(language: str) -> jinja2.Environment:
    edition = addresses(language)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The output is Markdown: every printed value is escaped for Markdown and HTML alike (``_finalize``);
        # Markdown fields say ``| md``.
        autoescape=True,
        finalize=_finalize,
    )
    env.globals.update(
        t=_trusted(strings(language)),
        lang=language,
        pages_label=pages_label,
        link=_address(_link),
        web_link=_address(_web_link),
        method_uri=_address(edition.method_uri),
        compare_uri=_address(edition.compare_uri),
        case_uri=_address(edition.case_uri),
        term_uri=_address(edition.term_uri),
        sheet_pdf=_address(edition.sheet_pdf),
        sheet_html=_address(edition.sheet_html),
        method_pdf=_address(edition.method_pdf),
        BOOK_PDF=Markup(edition.book_pdf),
        METHODS_INDEX=Markup(edition.methods_index),
        CASES_INDEX=Markup(edition.cases_index),
        CHECKLISTS_INDEX=Markup(edition.checklists_index),
        TOOLS_INDEX=Markup(edition.tools_index),
        TERMS_INDEX=Markup(edition.terms_index),
        COMPARE_PAGE=Markup(edition.compare_page),
        COMPARE_PDF=Markup(edition.compare_pdf),
        COMPARE_PAGES=Markup(edition.compare_pages),
        STATUS_PAGE=Markup(edition.status_page),
        COMPARE_PARAMETER=Markup(COMPARE_PARAMETER),
        COMPARE_MAX=COMPARE_MAX,
        FACT_NAMES=tuple(schema.DECISION_FIELDS),
        METHOD_TEXTS=METHOD_TEXTS,
        LISTED_TEXTS=LISTED_TEXTS,
        COORDINATION_ANCHOR=Markup(COORDINATION_ANCHOR),
        **diagrams.template_functions(strings(language), language),
    )
    env.filters.update(
        text=_text,
        attr=_attribute,
        md=_markdown,
        meta=_meta,
        join=_join,
        url=_url,
        date=lambda d: format_date(d, language),
    )
    return env


def render(
    handbook: Handbook,
    language: str = "da",
    pdf_pages: dict[str, int] | None = None,
    status: dict[str, Status] | None = None,
    processes: int = 1,
) -> list[Page]:
    """Return every generated page of the handbook, sorted by uri.

    ``pdf_pages`` maps each published PDF (and print sheet) to its page count; pages link only to those.
    ``status`` says how far each method and case is translated (another language than Danish).
    ``processes`` > 1 renders the pages of a big handbook in forked processes (not from a process with threads).
    """
    env = _environment(language)
    edition = addresses(language)
    prints = pdf_pages or {}

    def page(template: str, uri: str, edit_path: str | None, **context: Any) -> Page:
        def book_links() -> Markup:
            # The whole handbook for download: one link, or its volumes with their methods and pages.
            return Markup(printing.book_links(handbook, prints, uri, language, ":material-book-open-variant: "))

        content = env.get_template(template).render(
            hb=handbook, uri=uri, prints=prints, status=status or {}, book_links=book_links, **context
        )
        return Page(uri, links.resolve_html(links.resolve(content, uri, edition), uri, edition), edit_path)

    def paged(template: str, first_uri: str, edit_path: str | None, items: tuple[Any, ...], size: int, **context: Any):
        """The overview's pages, ``size`` items each, every one with the list of all pages (the pager)."""
        chunks = split(items, size)
        pagers = [
            Pager(n, page_uri(first_uri, n), _title(chunk[0]) if chunk else "", _title(chunk[-1]) if chunk else "")
            for n, chunk in enumerate(chunks, 1)
        ]
        return [
            page(template, p.uri, edit_path, chunk=chunk, pagers=pagers if len(pagers) > 1 else [], here=p, **context)
            for p, chunk in zip(pagers, chunks, strict=True)
        ]

    methods = handbook.methods_by_title
    sheets = printing.sheets(handbook, edition)
    pages = [
        *paged("methods.md.j2", edition.methods_index, None, methods, PAGE_SIZE["methods"]),
        *paged(
            "cases.md.j2",
            edition.cases_index,
            None,
            tuple(m for m in methods if handbook.cases_of(m.id)),
            PAGE_SIZE["cases"],
        ),
        *paged(
            "checklists.md.j2",
            edition.checklists_index,
            None,
            tuple(m for m in methods if m.all_checklists or m.all_tools or m.collaboration_map),
            PAGE_SIZE["checklists"],
            sheets=sheets,
        ),
        *paged("tools.md.j2", edition.tools_index, None, tuple(m for m in methods if m.all_tools), PAGE_SIZE["tools"]),
        page("terms.md.j2", edition.terms_index, VOCABULARY_FILE),
        page(
            "finder.md.j2",
            edition.finder_page,
            None,
            facets=finder_facets(handbook, language),
            finder_json=posixpath.basename(edition.finder_json),
            shown=PAGE_SIZE["finder"],
        ),
        *paged("compare.md.j2", edition.compare_page, None, methods, PAGE_SIZE["compare"]),
        page(
            "glossary.md.j2",
            edition.glossary_page,
            GLOSSARY_FILE,
            occurrences={
                term: [(handbook.method(i).title, edition.method_uri(i)) for i in methods]
                + [(handbook.case(i).title, edition.case_uri(i)) for i in cases]
                for term, (methods, cases) in glossary.occurrences(handbook).items()
            },
            shown=OCCURRENCES_SHOWN,
            letters=glossary.by_letter(
                handbook.glossary,
                strings(language)["glossary"]["alphabet"],
                strings(language)["glossary"]["letter_prefix"],
            ),
        ),
    ]
    if "fields" in edition.pages:
        pages.append(
            page("fields.md.j2", edition.fields_page, "hooks/metodebog/schema.py", sections=field_reference(handbook))
        )
    if "status" in edition.pages:
        content = {k: v for k, v in (status or {}).items() if not k.startswith("docs/")}
        own = {k: v for k, v in (status or {}).items() if k.startswith("docs/")}
        pages.append(
            page(
                "status.md.j2",
                edition.status_page,
                None,
                counts=_status_counts(content),
                page_counts=_status_counts(own),
            )
        )
    # A page per method and per case, the bulk of a big handbook: on every core (see workers.each).
    singles = [("method.md.j2", edition.method_uri(m.id), m.source_path, {"m": m}) for m in handbook.methods]
    singles += [
        ("case.md.j2", edition.case_uri(c.id), c.source_path, {"c": c, "m": handbook.method(c.method_id)})
        for c in handbook.cases
    ]
    pages += workers.each(lambda job: page(job[0], job[1], job[2], **job[3]), singles, processes)
    for term in handbook.terms:
        methods_with = handbook.methods_with(term.id)
        pages += paged(
            "term.md.j2", edition.term_uri(term.id), VOCABULARY_FILE, methods_with, PAGE_SIZE["term"], term=term
        )
    return sorted(pages, key=lambda p: p.uri)


def _title(item: Any) -> str:
    return str(item.title)


def _status_counts(status: dict[str, Status]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in status.values():
        counts[s.kind] += 1
    return counts


def published_files(handbook: Handbook, language: str = "da") -> dict[str, str]:
    """Return path → text of the non-page files published with an edition: the JSON Schemas and the finder's data."""
    edition = addresses(language)
    return {
        **schema.published(handbook.terms),
        edition.finder_json: finder_json(handbook, language),
        edition.search_words: search_words(handbook),
        edition.compare_pages: compare_pages(handbook, language),
    }


def compare_pages(handbook: Handbook, language: str = "da") -> str:
    """Return which page of the comparison holds each method's column: id → address relative to the first page."""
    first = addresses(language).compare_page
    chunks = split(handbook.methods_by_title, PAGE_SIZE["compare"])
    where = {m.id: _web_link(first, page_uri(first, n)) for n, chunk in enumerate(chunks, 1) for m in chunk}
    return json.dumps(where, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def search_words(handbook: Handbook) -> str:
    """Return the words of titles, headings and the glossary, for "did you mean" when a search finds nothing."""
    texts = [t.name for t in handbook.terms]
    for m in handbook.methods:
        texts += [
            m.title,
            m.abbreviation or "",
            *(p.title for p in m.principles),
            *(p.title for p in m.phases),
            *(c.title for c in m.all_checklists),
            *(t.title for t in m.all_tools),
        ]
    texts += [c.title for c in handbook.cases]
    texts += [form for g in handbook.glossary for form in g.forms]
    words = {w for text in texts for w in re.findall(r"[^\W\d_]{4,}", text.lower())}
    return json.dumps(sorted(words), ensure_ascii=False, separators=(",", ":")) + "\n"


def _facet_values(m: Method, kind: str) -> tuple[str, ...]:
    return (m.kind,) if kind == "type" else m.terms_by_kind()[kind]


def finder_facets(handbook: Handbook, language: str = "da") -> list[dict[str, Any]]:
    """Return the finder's facets with the options at least one method carries, in vocabulary order."""
    t = strings(language)
    facets = []
    for key, kind in FACETS:
        used = {v for m in handbook.methods for v in _facet_values(m, kind)}
        if kind == "type":
            options = [{"id": k, "name": t["kinds"][k]} for k in schema.METHOD_TYPES if k in used]
        else:
            options = [
                {"id": term.id, "name": term.name} for term in handbook.terms if term.kind == kind and term.id in used
            ]
        facets.append({"key": key, "title": t["finder"]["facets"][key], "options": options})
    return facets


def finder_json(handbook: Handbook, language: str = "da") -> str:
    """Return the finder's data: each method's facet values, compact and sorted.

    A handbook with more methods than the finder page shows as cards also gets each method's card as
    plain text (title, type and target groups, summary), in title order, for the script to draw.
    """
    methods = [{"id": m.id, **{key: list(_facet_values(m, kind)) for key, kind in FACETS}} for m in handbook.methods]
    if len(methods) > PAGE_SIZE["finder"]:
        t = strings(language)
        order = {m.id: i for i, m in enumerate(handbook.methods_by_title)}
        for entry, m in zip(methods, handbook.methods, strict=True):
            entry["kort"] = {
                "titel": f"{m.title} ({m.abbreviation})" if m.abbreviation else m.title,
                "type": " · ".join([t["kinds"][m.kind], ", ".join(handbook.term(g).name for g in m.target_groups)]),
                "resume": _plain_text(m.summary),
                "orden": order[m.id],
            }
    return json.dumps({"metoder": methods}, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _plain_text(markdown_text: str | None) -> str:
    """A Markdown field as the words a reader sees, for a script to show as text (never as HTML)."""
    html = sanitize.safe_markdown(str(markdown_text or ""), inline=True)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


@dataclass(frozen=True)
class FieldRow:
    path: str
    type: str
    required: bool
    description: str
    example: str


def field_reference(handbook: Handbook) -> list[tuple[str, list[FieldRow]]]:
    """Return the fields of each file kind, walked from the schema, for the contributor guide."""
    vocabulary = {k: [] for k in schema.VOCABULARY_KINDS}  # the term lists live on the Emner pages
    words = strings()["fields"]
    return [
        (words["method_file"], _walk(schema.method_schema(vocabulary), "", words)),
        (words["case_file"], _walk(schema.case_schema(), "", words)),
    ]


def _walk(
    node: dict[str, Any], prefix: str, words: dict[str, Any], seen: dict[str, str] | None = None
) -> list[FieldRow]:
    """Rows for every field below ``node``, named in ``words``; a group of fields met before is named, not listed again."""
    seen = {} if seen is None else seen
    rows = []
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        kind = sub.get("type", "")
        word = words["types"].get(kind, kind)
        if "enum" in sub:
            word = " | ".join(sub["enum"])
        items = sub.get("items", {}) if kind == "array" else {}
        if items.get("type") in words["types"] and items.get("type") != "object":
            word = words["list_of"].format(type=words["types"][items["type"]])
        values = sub.get("additionalProperties")
        if kind == "object" and isinstance(values, dict):  # id → value, e.g. a group's scores about the others
            word = words["mapping"].format(type=words["types"].get(values.get("type", ""), ""))
        example = (sub.get("examples") or items.get("examples") or [""])[0]
        if isinstance(example, dict):
            example = ", ".join(f"{k}: {v}" for k, v in example.items())
        example = json.dumps(example) if isinstance(example, bool) else str(example)
        description = sub.get("description", "")
        group = sub if kind == "object" else items if items.get("type") == "object" else None
        key = json.dumps(group, sort_keys=True, ensure_ascii=False) if group else ""
        if group and key in seen:
            description += " " + words["same_as"].format(path=seen[key])
            group = None
        rows.append(FieldRow(path, word, name in required, description, example))
        if group:
            seen[key] = path
            rows += _walk(group, f"{path}." if kind == "object" else f"{path}[].", words, seen)
    return rows

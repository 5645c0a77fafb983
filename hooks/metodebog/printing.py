"""Print documents: A4 sheets for every checklist and worksheet, a booklet per method, the whole book.

Each ``PrintDoc`` is self-contained HTML (styles and QR code inline, nothing fetched) that
WeasyPrint turns into a PDF and that the site also publishes for the browser's own print.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import segno
from markupsafe import Markup, escape

from . import csp, links, sanitize, schema
from .i18n import format_date, strings
from .layout import COMPARE_MAX, DANISH, Addresses, addresses
from .model import Checklist, Handbook, Method, Phase, ToolSet
from .translate import Untranslated

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Sheet:
    """One printable sheet: a checklist or a set of tool questions of a method (and maybe a phase)."""

    method: Method
    phase: Phase | None
    checklist: Checklist | None
    tools: ToolSet | None
    edition: Addresses = DANISH

    @property
    def anchor(self) -> str:
        return (self.checklist or self.tools).anchor

    @property
    def title(self) -> str:
        return (self.checklist or self.tools).title

    @property
    def label(self) -> str:
        """The sheet's name in a list: a phase's checklist is prefixed with the phase."""
        if self.phase and self.checklist:
            return f"{self.phase.title}: {self.checklist.title}"
        return self.title

    @property
    def pdf(self) -> str:
        return self.edition.sheet_pdf(self.method.id, self.anchor)

    @property
    def html(self) -> str:
        return self.edition.sheet_html(self.method.id, self.anchor)


@dataclass(frozen=True)
class PrintDoc:
    """A document to print: where its PDF (and HTML, for sheets) goes, its title, its HTML and its source.

    ``resources`` are the only URLs the PDF renderer may load for it: the QR codes the build drew.
    """

    pdf: str
    html_uri: str | None
    title: str
    html: str
    source: str = ""  # the content file an editor would change, or "" for the whole book
    resources: frozenset[str] = frozenset()


def sheets(handbook: Handbook, edition: Addresses = DANISH) -> list[Sheet]:
    """Return every sheet of the handbook: per method, its phases' sheets in order, then the method-level ones."""
    out = []
    for m in handbook.methods_by_title:
        for p in m.phases:
            if p.checklist:
                out.append(Sheet(m, p, p.checklist, None, edition))
            if p.tools:
                out.append(Sheet(m, p, None, p.tools, edition))
        out += [Sheet(m, None, c, None, edition) for c in m.checklists]
        out += [Sheet(m, None, None, t, edition) for t in m.tools]
    return out


def md(text: str | None, inline: bool = False) -> Markup:
    """Return Markdown ``text`` as sanitized HTML; ``inline`` drops the wrapping paragraph of a one-liner.

    An untranslated text (Danish in another edition) says its language.
    """
    html = sanitize.safe_markdown(text, inline=inline)
    if isinstance(text, Untranslated):
        tag = "span" if inline else "div"
        return Markup(f'<{tag} lang="{text.language}">{html}</{tag}>')
    return html


def _finalize(value: Any) -> Any:
    """Print an untranslated plain text (Danish in another edition) in a span that says its language."""
    if isinstance(value, Untranslated):
        return Markup(f'<span lang="{value.language}">{escape(value)}</span>')
    return value


def qr_svg(url: str) -> str:
    """Return the QR code of ``url`` as a data URI (SVG)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=0, dark="#000")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates" / "print"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(md=md, body=lambda text: sanitize.safe_markdown(text, allow=sanitize.BODY), date=format_date)
    return env


def _sources(m: Method) -> str:
    return " ".join(s.citation for s in m.sources)


def documents(handbook: Handbook, site_url: str, language: str = "da") -> list[PrintDoc]:
    """Return every print document: the sheets, a booklet per method and the whole book, sorted by PDF path."""
    env = _environment()
    t = strings(language)
    edition = addresses(language)
    base = site_url.rstrip("/") + "/" + edition.root

    def page_url(m: Method, anchor: str | None = None) -> str:
        return urljoin(base, edition.web_path("metode", m.id, f"#{anchor}" if anchor else ""))

    common: dict[str, Any] = {"t": t, "hb": handbook, "sources": _sources, "page_url": page_url, "lang": language}

    def render(template: str, **context: Any) -> tuple[str, frozenset[str]]:
        """Render a print template; return its HTML and the QR images it drew."""
        drawn: set[str] = set()

        def qr(url: str) -> str:
            drawn.add(image := qr_svg(url))
            return image

        html = env.get_template(template).render(**common, qr=qr, **context)
        return links.absolute(html, base, edition), frozenset(drawn)

    all_sheets = sheets(handbook, edition)
    docs = []
    for s in all_sheets:
        html, drawn = render("sheet.html.j2", s=s, m=s.method, url=page_url(s.method, s.anchor))
        # The sheet is also a page of the site, opened for the browser's own print: it carries the CSP too.
        title = f"{s.title} – {s.method.title}"
        docs.append(PrintDoc(s.pdf, s.html, title, csp.protect(html), s.method.source_path, drawn))
    for m in handbook.methods:
        html, drawn = render("method.html.j2", m=m, url=page_url(m))
        docs.append(PrintDoc(edition.method_pdf(m.id), None, m.title, html, m.source_path, drawn))
    html, drawn = render("book.html.j2", sheets=all_sheets, url=base)
    docs.append(PrintDoc(edition.book_pdf, None, t["handbook"], html, "", drawn))
    html, drawn = render(
        "compare.html.j2",
        url=urljoin(base, edition.compare_page.removesuffix("index.md")),
        per_table=COMPARE_MAX,
        fact_names=tuple(schema.DECISION_FIELDS),
    )
    docs.append(PrintDoc(edition.compare_pdf, None, t["compare"]["title"], html, "", drawn))
    return sorted(docs, key=lambda d: d.pdf)

"""Print documents: A4 sheets for every checklist and worksheet, a booklet per method, the whole book.

Each ``PrintDoc`` is self-contained HTML (styles and QR code inline, nothing fetched) that
WeasyPrint turns into a PDF and that the site also publishes for the browser's own print.
A whole book of more than ``BOOK_VOLUME_METHODS`` methods is printed in volumes.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import segno
from markupsafe import Markup, escape

from . import csp, diagrams, links, sanitize, schema
from .i18n import format_date, pages_label, strings
from .layout import COMPARE_MAX, DANISH, SCHEMES, Addresses, addresses
from .model import LISTED_TEXTS, METHOD_TEXTS, Checklist, CollaborationMap, Handbook, Method, Phase, ToolSet
from .translate import Untranslated

HERE = Path(__file__).parent

# Methods per volume of the whole-handbook PDF at most. WeasyPrint holds a whole document in memory,
# about 27 MB per method of three phases with its sheets and cases: a volume of 20 (some 650 pages)
# peaks near 650 MB, where the whole book of 100 methods took 2.8 GB.
BOOK_VOLUME_METHODS = 20

# A footer names the method's sources up to about this many characters, then how many more the method lists:
# a footer must fit the page's bottom margin (34 mm), or its last lines (version, address) fall off the page.
FOOTER_SOURCES = 200

# A checklist sheet ends with ruled lines for notes. The template writes two after this tag; the PDF
# build (pdf.py) counts how many more fill the last page and adds them with ``with_note_lines``.
NOTE_LINES = '<div class="svar noter-linjer" role="presentation">'
NOTE_LINE = '<div class="linje"></div>'

# A tool question asks for a mark on a scale when it names the scale ("Hvor på skalaen …", "scale") or asks
# for a number from 0 or 1 to 10 ("fra 0 til 10", "0-10", not "0-10 år"). The scale's range is the first
# "0 til 10" (or "1 til 5" …) of the question, else of its sheet's title or intro; without one, no scale is drawn.
_SCALE_WORD = re.compile(r"\b(?:skala\w*|scales?|scaling)\b", re.IGNORECASE)
_UNITS = r"(?:år|måned\w*|uge\w*|dag\w*|time\w*|minut\w*|gange|procent|year\w*|month\w*|week\w*|day\w*|hour\w*|minute\w*|times|percent)"
_SCALE_RANGE = re.compile(rf"\b([01])\s*(?:til|to|-|–|—)\s*(10|[4-9])\b(?!\s*(?:%|{_UNITS}\b))", re.IGNORECASE)
_ID_HREF = re.compile(rf'\shref="(?:{"|".join(SCHEMES)}):[^"]*"')


@dataclass(frozen=True)
class Sheet:
    """One printable sheet of a method (and maybe a phase): a checklist, a set of tool questions or a blank
    collaboration map."""

    method: Method
    phase: Phase | None
    checklist: Checklist | None
    tools: ToolSet | None
    edition: Addresses = DANISH
    collaboration_map: CollaborationMap | None = None

    @property
    def part(self) -> Checklist | ToolSet | CollaborationMap:
        """What the sheet prints."""
        return self.checklist or self.tools or self.collaboration_map

    @property
    def kind(self) -> str:
        """'checklist', 'worksheet' or 'map'."""
        return "checklist" if self.checklist else "worksheet" if self.tools else "map"

    @property
    def anchor(self) -> str:
        return self.part.anchor

    @property
    def title(self) -> str:
        return self.part.title

    @property
    def intro(self) -> str | None:
        return self.part.intro

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


@dataclass(frozen=True)
class Volume:
    """One volume of the whole-handbook PDF: number ``number`` of ``total``, its methods by title, and its PDF."""

    number: int
    total: int
    methods: tuple[Method, ...]
    pdf: str

    @property
    def first(self) -> str:
        """The title of the volume's first method."""
        return self.methods[0].title

    @property
    def last(self) -> str:
        """The title of the volume's last method."""
        return self.methods[-1].title


def volumes(handbook: Handbook, edition: Addresses = DANISH) -> list[Volume]:
    """Return the volumes of the whole book: one (at ``edition.book_pdf``) when the handbook fits in one.

    Beyond ``BOOK_VOLUME_METHODS`` methods the methods, sorted by title, are shared out evenly over
    as few volumes as hold them, each at ``edition.book_volume_pdf(n)``.
    """
    methods = handbook.methods_by_title
    total = max(1, math.ceil(len(methods) / BOOK_VOLUME_METHODS))
    if total == 1:
        return [Volume(1, 1, methods, edition.book_pdf)]
    bounds = [len(methods) * n // total for n in range(total + 1)]
    return [
        Volume(n + 1, total, methods[bounds[n] : bounds[n + 1]], edition.book_volume_pdf(n + 1)) for n in range(total)
    ]


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
        if m.collaboration_map:
            out.append(Sheet(m, None, None, None, edition, m.collaboration_map))
    return out


def md(text: str | None, inline: bool = False, language: str = "da") -> Markup:
    """Return Markdown ``text`` as sanitized HTML; ``inline`` drops the wrapping paragraph of a one-liner.

    Quotation marks are those of the edition's ``language``; an untranslated text (Danish in another
    edition) keeps its own and says its language.
    """
    html = sanitize.safe_markdown(text, inline=inline, language=language)
    if isinstance(text, Untranslated):
        tag = "span" if inline else "div"
        return Markup(f'<{tag} lang="{text.language}">{html}</{tag}>')
    return html


@jinja2.pass_context
def _md(context: jinja2.runtime.Context, text: str | None, inline: bool = False) -> Markup:
    """``md`` remembered for the documents being made: a method's texts recur in its sheets, booklet and book."""
    memo, language = context.get("md_memo"), context.get("lang", "da")
    if memo is None:
        return md(text, inline, language)
    key = (type(text), text, inline)
    if key not in memo:
        memo[key] = md(text, inline, language)
    return memo[key]


@jinja2.pass_context
def _body(context: jinja2.runtime.Context, text: str) -> Markup:
    """A case's narrative, with its own sections, in the edition's quotation marks."""
    return sanitize.safe_markdown(text, allow=sanitize.BODY, language=context.get("lang", "da"))


def _finalize(value: Any) -> Any:
    """Print an untranslated plain text (Danish in another edition) in a span that says its language."""
    if isinstance(value, Untranslated):
        return Markup(f'<span lang="{value.language}">{escape(value)}</span>')
    return value


def qr_svg(url: str) -> str:
    """Return the QR code of ``url`` as a data URI (SVG)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=0, dark="#000")


def scale_of(question: str, tools: ToolSet) -> tuple[int, int] | None:
    """Return the range (low, high) of the scale ``question`` asks to mark on, or None for any other question.

    See ``_SCALE_WORD`` and ``_SCALE_RANGE``: "Hvor på skalaen fra 0 til 10 …" is (0, 10), and so is "Hvor på
    skalaen …" on a sheet called "Skalaspørgsmålet fra 0 til 10".
    """
    own = _SCALE_RANGE.search(question)
    if not (_SCALE_WORD.search(question) or (own and own[2] == "10")):
        return None
    for text in (question, tools.title, tools.intro or ""):
        if found := _SCALE_RANGE.search(text):
            return int(found[1]), int(found[2])
    return None


def scale_svg(low: int, high: int, label: str) -> Markup:
    """Return a scale from ``low`` to ``high`` to mark on by hand: a line with a numbered tick at every whole number."""
    width, left, step = 540, 12, 516 / (high - low)
    body = [f'<line x1="{left}" y1="14" x2="{width - left}" y2="14" stroke="#111" stroke-width="1.6"/>']
    for i, n in enumerate(range(low, high + 1)):
        x = f"{left + i * step:.1f}".removesuffix(".0")
        body.append(f'<line x1="{x}" y1="5" x2="{x}" y2="23" stroke="#111" stroke-width="1.2"/>')
        body.append(f'<text x="{x}" y="40" font-size="13" text-anchor="middle" fill="#111">{n}</text>')
    return Markup(
        f'<svg class="skala" viewBox="0 0 {width} 46" width="{width}" height="46" role="img" '
        f'aria-label="{escape(label)}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def with_note_lines(html: str, extra: int) -> str:
    """Return a checklist sheet's ``html`` with ``extra`` more ruled lines for notes (pdf.py counts how many fit)."""
    return html.replace(NOTE_LINES, NOTE_LINES + NOTE_LINE * extra, 1) if extra > 0 else html


def _fill(template: str, **values: Any) -> Markup:
    """Fill a string of the strings table with texts, escaped, an untranslated one in a span that says its language."""
    return Markup(escape(template)).format(**{k: _finalize(v) for k, v in values.items()})


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
    env.filters.update(md=_md, body=_body, date=format_date, fill=_fill)
    env.globals.update(METHOD_TEXTS=METHOD_TEXTS, LISTED_TEXTS=LISTED_TEXTS)
    return env


def _footer_sources(m: Method, t: dict[str, Any]) -> str:
    """The method's sources for a footer: whole citations up to ``FOOTER_SOURCES`` characters, then how many more."""
    shown: list[str] = []
    for s in m.sources:
        if shown and sum(len(c) + 1 for c in shown) + len(s.citation) > FOOTER_SOURCES:
            break
        shown.append(s.citation)
    text = " ".join(shown)
    if len(text) > FOOTER_SOURCES:  # one long citation
        text = text[: FOOTER_SOURCES - 1].rsplit(" ", 1)[0] + "…"
    rest = len(m.sources) - len(shown)
    if rest:
        text += " " + (t["print"]["more_source"] if rest == 1 else t["print"]["more_sources"].format(n=rest))
    return text


def documents(handbook: Handbook, site_url: str, language: str = "da") -> list[PrintDoc]:
    """Return every print document: the sheets, a booklet per method and the whole book (in volumes), sorted by PDF path.

    ``site_url`` is the address the site is published at; without one readers can open ("", or a placeholder
    such as https://metodehaandbogen.example/, see ``links.published``) print carries no address, no QR
    code and no links to the site: a dead address on paper lives for years.
    """
    env = _environment()
    t = strings(language)
    edition = addresses(language)
    published = links.published(site_url)
    base = published.rstrip("/") + "/" + edition.root

    def page_url(m: Method, anchor: str | None = None) -> str:
        """The web address of a method page (or a part of it) to print, or "" when the site has none."""
        return urljoin(base, edition.web_path("metode", m.id, f"#{anchor}" if anchor else "")) if published else ""

    def scale(low: int, high: int) -> Markup:
        return scale_svg(low, high, t["print"]["scale"].format(low=low, high=high))

    common: dict[str, Any] = {
        "t": t,
        "hb": handbook,
        "sources": lambda m: _footer_sources(m, t),
        "page_url": page_url,
        "lang": language,
        "scale_of": scale_of,
        "scale": scale,
        "note_lines": Markup(NOTE_LINES),
        **diagrams.template_functions(t, language),
    }
    memo: dict[Any, Markup] = {}

    def render(template: str, **context: Any) -> tuple[str, frozenset[str]]:
        """Render a print template; return its HTML and the QR images it drew."""
        drawn: set[str] = set()

        def qr(url: str) -> str:
            drawn.add(image := qr_svg(url))
            return image

        html = env.get_template(template).render(**common, qr=qr, md_memo=memo, **context)
        if not published:  # a link to a page of the site would lead nowhere: its text stays, as plain text
            return _ID_HREF.sub("", html), frozenset(drawn)
        return links.absolute(html, base, edition), frozenset(drawn)

    sheets_of: dict[str, list[Sheet]] = {}
    for s in sheets(handbook, edition):
        sheets_of.setdefault(s.method.id, []).append(s)
    docs = []
    # Volume by volume, so the Markdown of a method's texts is made once for its sheets, booklet and book.
    for volume in volumes(handbook, edition):
        in_volume = [s for m in volume.methods for s in sheets_of.get(m.id, ())]
        for s in in_volume:
            html, drawn = render("sheet.html.j2", s=s, m=s.method, url=page_url(s.method, s.anchor))
            # The sheet is also a page of the site, opened for the browser's own print: it carries the CSP too.
            title = f"{s.title} – {s.method.title}"
            docs.append(PrintDoc(s.pdf, s.html, title, csp.protect(html), s.method.source_path, drawn))
        for m in volume.methods:
            html, drawn = render("method.html.j2", m=m, url=page_url(m))
            docs.append(PrintDoc(edition.method_pdf(m.id), None, m.title, html, m.source_path, drawn))
        # A handbook in one volume prints as it always has: no volume on the cover, the same HTML.
        shown = volume if volume.total > 1 else None
        html, drawn = render(
            "book.html.j2", methods=volume.methods, sheets=in_volume, volume=shown, url=base if published else ""
        )
        title = t["handbook"] if shown is None else f"{t['handbook']} – {volume_label(volume, language)}"
        docs.append(PrintDoc(volume.pdf, None, title, html, "", drawn))
        memo.clear()
    html, drawn = render(
        "compare.html.j2",
        url=urljoin(base, edition.compare_page.removesuffix("index.md")) if published else "",
        per_table=COMPARE_MAX,
        fact_names=tuple(schema.DECISION_FIELDS),
    )
    docs.append(PrintDoc(edition.compare_pdf, None, t["compare"]["title"], html, "", drawn))
    return sorted(docs, key=lambda d: d.pdf)


def volume_label(volume: Volume, language: str = "da") -> str:
    """Return 'Bind 2 af 5' in ``language``."""
    return strings(language)["print"]["volume"].format(n=volume.number, total=volume.total)


def _plain(text: str) -> str:
    """A title as Markdown that shows as written; an untranslated one in a span that says its language."""
    shown = sanitize.plain(text)
    if isinstance(text, Untranslated):
        return f'<span lang="{text.language}">{shown}</span>'
    return shown


def book_links(
    handbook: Handbook, pdf_pages: dict[str, int], from_uri: str, language: str = "da", icon: str = ""
) -> str:
    """Return the Markdown that offers the whole handbook as PDF on the page ``from_uri``, or "" without its PDFs.

    One volume is one link with its page count; several are a list of volumes, each with its first and
    last method and its page count. ``pdf_pages`` maps each made PDF to its pages; ``icon`` goes first.
    """
    web = strings(language)["web"]
    parts = volumes(handbook, addresses(language))
    made = [v for v in parts if v.pdf in pdf_pages]
    if not made:
        return ""

    def link(v: Volume, text: str) -> str:
        target = posixpath.relpath(v.pdf, posixpath.dirname(from_uri) or ".")
        label = f"{text} ({pages_label(pdf_pages[v.pdf], language)})"
        return f'[{label}]({target}){{ download="{posixpath.basename(v.pdf)}" }}'

    if len(parts) == 1:
        return icon + link(made[0], web["download_book"])
    lines = [icon + web["download_book_volumes"].format(n=len(parts)), ""]
    for v in made:
        text = web["download_volume"].format(n=v.number, first=_plain(v.first), last=_plain(v.last))
        lines.append(f"- {link(v, text)}")
    return "\n".join(lines) + "\n"

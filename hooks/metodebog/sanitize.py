"""One rule for text from content: plain text is escaped, Markdown is rendered and then sanitized by allowlist.

Plain-text fields (titles, names) go into the generated Markdown through ``plain``, which turns
every character Markdown or HTML could read as syntax into a numeric character reference, so
the text shows as written and never as markup. Markdown fields are rendered with ``markdown_html``
and cleaned by nh3 (the Rust ``ammonia`` sanitizer) with ``FIELD`` allowlist; ``field_problems``
says in Danish what the sanitizer would remove, so ``make check`` refuses it before a page is
built. Whole pages get a wider allowlist (``PAGE``: what the templates themselves write) as a
last line of defence in the build.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from .layout import SCHEMES

# Schemes a link in content may use; relative links and #anchors need none. The id schemes
# (metode:, case:, emne:) are resolved to relative links before a page is built.
LINK_SCHEMES = frozenset({"https", "mailto"})
ID_SCHEMES = frozenset(SCHEMES)

# The admonition types the handbook's style sheet supports (Material's names).
ADMONITIONS = frozenset({"note", "info", "tip", "warning", "example", "quote", "abstract", "question", "success"})

# Markdown extensions for fields, in print and in the check; the site's own list is in mkdocs.yml.
EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "sane_lists", "pymdownx.details")


@dataclass(frozen=True)
class Allowlist:
    """What a sanitized fragment may contain: tags, attributes per tag, classes per tag, URL schemes."""

    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    schemes: frozenset[str] = LINK_SCHEMES
    data_attributes: bool = False  # data-* on any tag

    def allows_attribute(self, tag: str, name: str) -> bool:
        if self.data_attributes and name.startswith("data-"):
            return True
        # HTML attribute names are case-insensitive (html.parser lowers them; SVG spells viewBox).
        allowed = {*self.attributes.get(tag, ()), *self.attributes.get("*", ())}
        return name.lower() in {a.lower() for a in allowed}

    def clean(self, html: str) -> str:
        """Return ``html`` with everything outside the allowlist removed (script and style with their text)."""
        return nh3.clean(
            html,
            tags=set(self.tags),
            attributes={t: set(a) for t, a in self.attributes.items()},
            allowed_classes={t: set(c) for t, c in self.classes.items()} or None,
            url_schemes=set(self.schemes),
            generic_attribute_prefixes={"data-"} if self.data_attributes else None,
            link_rel=None,
            strip_comments=True,
            attribute_filter=self._keep_url,
        )

    def _keep_url(self, tag: str, name: str, value: str) -> str | None:
        """Drop a link to another host by a relative address (//host, \\\\host), which nh3 lets through."""
        if name in ("href", "src") and _scheme(value) not in (None, *self.schemes):
            return None
        return value


_TEXT_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "kbd", "abbr", "a", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "hr", "sub", "sup", "div", "details", "summary",
}  # fmt: skip

FIELD = Allowlist(
    tags=frozenset(_TEXT_TAGS),
    attributes={"a": frozenset({"href", "title"}), "abbr": frozenset({"title"}), "ol": frozenset({"start"})},
    classes={
        "div": ADMONITIONS | {"admonition"},
        "details": ADMONITIONS,
        "p": frozenset({"admonition-title"}),
    },
    schemes=LINK_SCHEMES | ID_SCHEMES,
)

# A case's narrative may have its own sections (## Refleksionsspørgsmål) below the page's title.
BODY = Allowlist(
    tags=FIELD.tags | {"h2", "h3", "h4"},
    attributes=FIELD.attributes,
    classes=FIELD.classes,
    schemes=FIELD.schemes,
)

# The diagrams' SVG (diagrams.py): shapes, text and links, drawn with presentation attributes only.
_PAINT = frozenset({"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap"})
_SVG = {
    "svg": frozenset({"xmlns", "viewBox", "width", "height", "font-family"}),
    "rect": _PAINT | {"x", "y", "width", "height", "rx"},
    "circle": _PAINT | {"cx", "cy", "r"},
    "line": _PAINT | {"x1", "y1", "x2", "y2"},
    "polygon": _PAINT | {"points"},
    "text": frozenset({"x", "y", "font-size", "font-weight", "text-anchor", "fill"}),
}

# Whole pages: the field allowlist plus what the page templates, Material's Markdown extensions
# (icons as inline SVG, heading anchors), the diagrams and the finder's form write.
PAGE = Allowlist(
    tags=frozenset(
        _TEXT_TAGS
        | {"h1", "h2", "h3", "h4", "h5", "h6", "span", "svg", "path", "label", "input", "select", "option"}
        | {"form", "fieldset", "legend", "button", "caption", "nav"}
        | {*_SVG, "g", "title"}
    ),
    attributes={
        "*": frozenset(
            {
                "id",
                "class",
                "hidden",
                "title",
                "role",
                "aria-hidden",
                "aria-live",
                "aria-label",
                "aria-labelledby",
                "lang",
            }
        ),
        "a": frozenset({"href", "download", "aria-current", "tabindex"}),  # a diagram's links: tabindex -1
        "ol": frozenset({"start"}),
        **_SVG,
        "path": frozenset({"d"}),
        "input": frozenset({"type", "name", "value"}),
        "label": frozenset({"for"}),
        "option": frozenset({"value"}),
        "button": frozenset({"type"}),
        "details": frozenset({"open"}),
        "th": frozenset({"scope"}),
        "div": frozenset({"tabindex"}),  # a scrollable table's frame, reachable by keyboard
    },
    schemes=LINK_SCHEMES | {"http"},  # the editor guide links to the local preview, http://127.0.0.1:8000/
    data_attributes=True,
)

# Characters Markdown (with the site's extensions) or HTML could read as syntax in running text; and at
# the start of a line, the markers of a list, a heading or a quote.
_SYNTAX = re.compile(r"[\\`*_{}\[\]<>&|:~^\"'#]")
# Control characters show as nothing, and Markdown uses two of them (STX, ETX) for its own placeholders.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEADING = re.compile(r"^(?:[#+\-=]|\d+(?=[.)]))")


def plain(value: object) -> Markup:
    """Return ``value`` as Markdown text that shows exactly as written: one line, no markup.

    Every syntax character becomes a numeric character reference (``<`` → ``&#60;``), which
    Markdown passes through and the browser shows as the character itself. Markup (a macro's
    output, already escaped) is returned as it is.
    """
    if isinstance(value, Markup):
        return value
    text = " ".join(_CONTROL.sub("", str(value)).split())
    text = _SYNTAX.sub(lambda m: f"&#{ord(m.group(0))};", text)
    return Markup(_LEADING.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), text))


# Quotation marks as each language writes them (the site's own are set in mkdocs.yml and mkdocs.en.yml):
# »…« in Danish, “…” in English. Apostrophes stay as typed, and dashes and dots are left alone.
QUOTES = {"da": ("&raquo;", "&laquo;"), "en": ("&ldquo;", "&rdquo;")}


def smarty(language: str) -> dict[str, Any]:
    """The configuration of Markdown's quotation marks in ``language``, for fields in print and for the site's pages."""
    left, right = QUOTES.get(language, QUOTES["da"])
    return {
        "smart_dashes": False,
        "smart_ellipses": False,
        "smart_angled_quotes": False,
        "substitutions": {
            "left-double-quote": left,
            "right-double-quote": right,
            "left-single-quote": "&#39;",
            "right-single-quote": "&#39;",
        },
    }


@cache
def _converter(language: str = "da") -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, "smarty"], extension_configs={"smarty": smarty(language)})


def markdown_html(text: str | None, *, inline: bool = False, language: str = "da") -> str:
    """Return Markdown ``text`` rendered to HTML (not yet sanitized); ``inline`` drops a lone wrapping paragraph.

    Quotation marks are those of ``language`` (an untranslated text keeps its own language's).
    """
    if not text:
        return ""
    language = getattr(text, "language", language)
    html = _converter(language).reset().convert(text)
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def safe_markdown(text: str | None, *, inline: bool = False, allow: Allowlist = FIELD, language: str = "da") -> Markup:
    """Return Markdown ``text`` as sanitized HTML, safe to put in any page or print document."""
    return Markup(allow.clean(markdown_html(text, inline=inline, language=language)))


# -- saying what the sanitizer removes -------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    """Something the sanitizer removes: a text to find it by in the source, and a Danish sentence."""

    needle: str
    message: str


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class _Events(HTMLParser):
    """Collects start tags (with attributes), end tags and comments of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.ends: list[str] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <path … /> in SVG is closed; <br /> has no end tag at all
            self.ends.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)

    def handle_pi(self, data: str) -> None:
        self.declarations.append(data)


def _events(html: str) -> _Events:
    parser = _Events()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser gives up on a broken declaration ('<![', '<!x'): report it as one
        parser.declarations.append(html)
    return parser


def _scheme(url: str) -> str | None:
    """Return the lower-case scheme of ``url`` as a browser would read it, or None for a relative link."""
    # Browsers drop ASCII tab and newline anywhere and leading control characters and spaces.
    squeezed = re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f "
                                                    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")  # fmt: skip
    if re.match(r"[/\\]{2}", squeezed):
        return "//"  # another host, by whatever scheme the page has
    try:
        scheme = urlsplit(squeezed).scheme
    except ValueError:
        return "?"
    if not scheme and ":" in squeezed.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return squeezed.split(":", 1)[0].lower() or "?"
    return scheme.lower() or None


def removals(html: str, allow: Allowlist) -> list[Removed]:
    """Return, in Danish, everything in ``html`` that ``allow`` does not keep, in document order."""
    return checked(html, allow)[1]


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<!--")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


def _signature(html: str) -> list[tuple[str, ...]]:
    """Every tag of ``html`` with its attribute names and classes, and every comment, in order.

    Whatever the sanitizer removes (a tag, an attribute, a class, a link's address, a comment) changes it.
    """
    out = []
    for m in _TAG.finditer(html):
        if m.group(2) is None:
            out.append(("<!--",))
            continue
        names, classes = [], ""
        for a in _ATTRIBUTE.finditer(m.group(3) or ""):
            name = a.group(1).lower()
            names.append(name)
            if name == "class":
                classes = " ".join((a.group(2) or a.group(3) or a.group(4) or "").split())
        out.append((m.group(1), m.group(2).lower(), *sorted(names), classes))
    return out


def checked(html: str, allow: Allowlist) -> tuple[str, list[Removed]]:
    """Return ``html`` cleaned by ``allow``, and in Danish everything the cleaning removed."""
    cleaned = allow.clean(html)
    if _signature(cleaned) == _signature(html):
        return cleaned, []  # the same tags, attributes and classes: nothing was removed
    found: list[Removed] = []
    original = _events(html)
    for tag, attrs in original.starts:
        if tag not in allow.tags:
            found.append(Removed(f"<{tag}", _tag_message(tag)))
            continue
        for name, value in attrs:
            if name == "class" and tag in allow.classes:
                bad = [c for c in value.split() if c not in allow.classes[tag]]
                if bad and not allow.allows_attribute(tag, "class"):
                    found.append(Removed(bad[0], _class_message(tag, bad[0], allow.classes[tag])))
                continue
            if not allow.allows_attribute(tag, name):
                found.append(Removed(name, _attribute_message(tag, name)))
            elif name in ("href", "src", "action", "formaction", "xlink:href"):
                scheme = _scheme(value)
                if scheme is not None and scheme not in allow.schemes:
                    found.append(Removed(value.strip()[:40] or name, _scheme_message(value)))
    if original.comments:
        found.append(Removed("<!--", "en HTML-kommentar (<!-- … -->) skjuler tekst på siden. Slet den."))
    if original.declarations:
        found.append(Removed("<!", "en HTML-erklæring (<!…> eller <?…?>) hører ikke hjemme i en tekst. Slet den."))
    if not found:
        found += _structure(original, _events(cleaned))
    return cleaned, found


def _structure(original: _Events, cleaned: _Events) -> list[Removed]:
    """Report tags the sanitizer had to close, drop or move: stray or missing end tags, overlapping tags."""
    unmatched = (
        # end tags the text has that open nothing, and tags it opens that nothing closes
        (
            Counter(original.ends) - Counter(cleaned.ends),
            "</{tag}",
            "lukke-mærket </{tag}> passer ikke til noget åbent <{tag}> i teksten. Slet det",
        ),
        (
            Counter(cleaned.ends) - Counter(original.ends),
            "<{tag}",
            "<{tag}> bliver ikke lukket i teksten, så det ville række ind i resten af siden. Tilføj </{tag}>",
        ),
    )
    for tags, needle, message in unmatched:
        for tag in tags:
            way = ", eller skriv teksten med Markdown i stedet for HTML."
            return [Removed(needle.format(tag=tag), message.format(tag=tag) + way)]
    if Counter(original.starts) != Counter(cleaned.starts):
        return [
            Removed(
                "<",
                "HTML-mærkerne i teksten står forkert inden i hinanden. "
                "Ret rækkefølgen, eller skriv teksten med Markdown i stedet for HTML.",
            )
        ]
    return []


def _tag_message(tag: str) -> str:
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return (
            f"overskrifter (<{tag}> eller '#') er ikke tilladt i et tekstfelt; siden laver selv overskrifterne. "
            "Skriv teksten som almindelige afsnit, eller brug **fed** til en mellemrubrik."
        )
    if tag == "img":
        return "billeder (<img> eller ![…](…)) er ikke tilladt i håndbogens tekster. Slet billedet, eller link til det med [tekst](https://…)."
    return (
        f"HTML-elementet <{tag}> er ikke tilladt i håndbogens tekster. Slet det, og skriv teksten med Markdown "
        "(afsnit, lister, **fed**, *kursiv*, [links](https://…) og tabeller)."
    )


def _attribute_message(tag: str, name: str) -> str:
    if name.startswith("on"):
        return f"attributten '{name}' på <{tag}> ville køre et script i læserens browser og er ikke tilladt. Slet den."
    if name == "style":
        return (
            f"attributten 'style' på <{tag}> er ikke tilladt: udseendet styres af håndbogens stylesheet. Slet den "
            "(står den i en tabel, så fjern kolonerne i tabellens skillelinje, fx |:---| → |---|)."
        )
    return (
        f"attributten '{name}' på <{tag}> er ikke tilladt i håndbogens tekster. Slet den "
        "(også når den står i {: … } efter teksten)."
    )


def _class_message(tag: str, name: str, allowed: frozenset[str]) -> str:
    return f"klassen '{name}' på <{tag}> er ikke tilladt. Brug en af: {', '.join(sorted(allowed))}."


def _scheme_message(url: str) -> str:
    shown = " ".join(url.split())[:60]
    return (
        f"linket '{shown}' er ikke tilladt. Et link skal pege på en side i håndbogen (metode:<id>, case:<id>, "
        "emne:<id>), være relativt eller begynde med https:// eller mailto:."
    )


# What Markdown needs to write anything beyond paragraphs, lists, emphasis and code: a tag, an entity, a
# link or image, attributes ({: …}), a table, a heading (# or an underline of = or -) or an admonition.
# A field without any of these renders only to what every allowlist keeps, so it is not rendered to be checked.
_MARKUP = re.compile(r"[<&\[\]{}|]|^[ \t]*(?:#|!!!|\?\?\?|[=-]+[ \t]*$)", re.MULTILINE)


def field_problems(text: str, allow: Allowlist = FIELD) -> list[Removed]:
    """Return, in Danish, what the sanitizer would remove from the Markdown field ``text``."""
    control = control_character(text)
    if control:
        return [control]
    if not _MARKUP.search(text):
        return []
    return removals(markdown_html(text), allow)


def control_character(text: str) -> Removed | None:
    """Return the first invisible control character in ``text`` (which no text needs), or None."""
    control = _CONTROL.search(text)
    if control is None:
        return None
    return Removed(
        control.group(0),
        f"teksten indeholder et usynligt styretegn (U+{ord(control.group(0)):04X}), som ikke hører hjemme i en "
        "tekst. Slet det; skriv teksten ind på ny, hvis du ikke kan se, hvor det står.",
    )

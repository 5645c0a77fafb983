"""Style sheets that do not hold up a page's first paint, and stay in the browser's cache for the next page.

A style sheet linked in ``<head>`` costs a first visit a second round trip before any text shows
(on Fast 3G, 0.6 s more). A copy of the sheets in every page costs every later page the sheets
again (26 KB compressed), and the site a copy per page. So a page carries in ``<head>`` only the
rules its first screen needs: those of the site's style sheets that match an element of the header,
the tabs, the navigation, the table of contents or the opening of the text, in each colour scheme
(about 20 KB, 4-5 KB compressed). The sheets themselves, written together as one file whose name
changes with its content, are linked at the end of ``<body>``: there they hold up the scripts after
them (which measure the laid-out page) but not the paint. They repeat the inline rules, so nothing
moves when they arrive; they add the rest (what lies below the first screen, hover, focus, print).

The same page and style sheets give the same bytes; pages whose first screens need the same rules
carry the same inline block, so they share its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import cssselect2
import tinycss2
import tinyhtml5

LINK = re.compile(r'[ \t]*<link rel="stylesheet" href="([^"]+\.css)">\n?')
# How many elements (tags) of the text count as its first screen: a heading, a summary, a fact box and
# a few paragraphs on a laptop, or the finder's facets. More only adds rules that later elements repeat.
OPENING = 80
_ARTICLE = re.compile(r"<article\b", re.I)
_ARTICLE_END = re.compile(r"</article\s*>", re.I)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_BLOCKS = {"p", "div", "ul", "ol", "dl", "table", "details", "section", "figure", "blockquote", "pre", "form", "hr"}
_BLOCKS |= {f"h{n}" for n in range(1, 7)}
_BODY_END = re.compile(r"</body\s*>", re.I)
_SCRIPT_END = re.compile(r"</script\s*>\s*$", re.I)
_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
# Material switches colour schemes by attributes on <body>; its palette toggles name the other schemes.
_SCHEME = "data-md-color-"
# Declarations that only animate a change: at first paint nothing changes yet.
_MOTION = re.compile(r"^(?:transition|animation|will-change)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass(frozen=True)
class _Selector:
    rule: int
    number: int  # its place in the rule's selector list
    test: Callable[[cssselect2.ElementWrapper], bool]
    key: tuple[str, str] | None  # a class, id or tag its subject must have ("class", "md-nav"), if any
    needs: frozenset[tuple[str, ...]]  # what some element of the page must have for it to match at all
    scheme: bool  # it tests the colour scheme


@dataclass(frozen=True)
class _Rule:
    blocks: tuple[str, ...]  # the at-rules around it, outermost first ("@media screen and (min-width:60em)")
    selectors: tuple[str, ...]
    declarations: tuple[tuple[str, str], ...]  # name, value (with "!important")
    uses: tuple[frozenset[str], ...]  # per declaration, the custom properties its value reads


class StyleSheet:
    """A style sheet's rules, parsed once; gives a page the rules its first screen needs."""

    def __init__(self, text: str) -> None:
        self._rules: list[_Rule] = []
        self._selectors: list[_Selector] = []
        self._tests: dict[str, set[tuple[str, str]]] = {}  # attribute -> the (operator, value) tests of its value
        self._css: dict[frozenset[tuple[int, int]], str] = {}
        self._shapes: dict[bytes, str] = {}
        self._kinds: dict[str, str] = {}
        self._add(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), ())

    def _add(self, nodes: list, blocks: tuple[str, ...]) -> None:
        for node in nodes:
            if node.type == "qualified-rule":
                self._add_rule(node, blocks)
            elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content:
                prelude = _text(node.prelude)
                if node.lower_at_keyword == "media" and all(
                    q.strip().lower().startswith("print") for q in prelude.split(",")
                ):
                    continue  # the linked sheets are there long before anyone prints
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
                self._add(inner, (*blocks, f"@{node.at_keyword} {prelude}"))
            # @keyframes (nothing animates at first paint), @page (print) and @charset are left to the linked sheets.

    def _add_rule(self, node, blocks: tuple[str, ...]) -> None:
        declarations = [
            d
            for d in tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"
        ]
        values = [_text(d.value) + ("!important" if d.important else "") for d in declarations]
        index = len(self._rules)
        selectors = []
        for tokens in _split(node.prelude):
            try:
                (parsed,) = cssselect2.parser.parse(tokens)
                compiled = cssselect2.compiler.CompiledSelector(parsed)
            except cssselect2.SelectorError:
                continue  # a browser's own pseudo-class or -element (::-webkit-scrollbar): not needed to paint
            text = _text(tokens)
            _attribute_tests(parsed.parsed_tree, self._tests)
            if not compiled.never_matches:  # :hover, :focus and the like: not at first paint
                subject = (("id", compiled.id), ("class", compiled.class_name), ("tag", compiled.lower_local_name))
                key = next(((kind, name) for kind, name in subject if name is not None), None)
                needs = frozenset(_needs(parsed.parsed_tree))
                self._selectors.append(_Selector(index, len(selectors), compiled.test, key, needs, _SCHEME in text))
            selectors.append(text)
        self._rules.append(
            _Rule(
                blocks=blocks,
                selectors=tuple(selectors),
                declarations=tuple((d.name, v) for d, v in zip(declarations, values, strict=True)),
                uses=tuple(frozenset(_VAR.findall(v)) for v in values),
            )
        )

    def first_screen(self, html: str, kind: str | None = None) -> str:
        """Return the rules that match an element of the page's first screen, as one style sheet.

        Pages of a kind differ in their words and links, which no selector sees: a page whose first screen
        has the same shape as an earlier one's (see ``_Shape``) gets its answer without parsing it again.
        Pages of one ``kind`` (made from one template: every method page) share the first one's answer, so
        a handbook of thousands of them reads one; what another's first screen adds comes with the sheet.
        """
        if kind is not None and kind in self._kinds:
            return self._kinds[kind]
        css = self._first_screen(html)
        if kind is not None:
            self._kinds[kind] = css
        return css

    def _first_screen(self, html: str) -> str:
        opening = _opening(html)
        shape = _Shape(self._tests)
        shape.feed(opening)
        shape.close()
        key = hashlib.sha256("".join(shape.parts).encode("utf-8")).digest()
        if key not in self._shapes:
            self._shapes[key] = self._match(opening)
        return self._shapes[key]

    def _match(self, opening: str) -> str:
        root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(opening, namespace_html_elements=False))
        elements = list(root.iter_subtree())
        found: dict[tuple[str, str] | None, list[cssselect2.ElementWrapper]] = {None: elements}
        has: set[tuple[str, ...]] = set()
        for element in elements:
            keys = [("tag", element.local_name.lower()), *(("class", c) for c in element.classes)]
            keys += [("id", element.id)] if element.id else []
            for key in keys:
                found.setdefault(key, []).append(element)
            has.update(keys)
            for name, value in element.etree_element.attrib.items():
                has.update((("attr", name.lower()), ("attr", name.lower(), value.lower())))
        candidates = [s for s in self._selectors if s.needs <= has and s.key in found]
        hits = {(s.rule, s.number) for s in candidates if any(s.test(e) for e in found[s.key])}
        # Each palette toggle's scheme as the page's own, as the toggle (or the stored choice) would set it.
        body = next((e.etree_element for e in elements if e.local_name == "body"), None)
        toggles = [e.etree_element.attrib for e in elements if e.etree_element is not body]
        for scheme in ({k: v for k, v in t.items() if k.startswith(_SCHEME)} for t in toggles):
            if scheme and body is not None:
                body.attrib.update(scheme)
                hits |= {
                    (s.rule, s.number)
                    for s in candidates
                    if s.scheme and (s.rule, s.number) not in hits and any(s.test(e) for e in found[s.key])
                }
        found_rules = frozenset(hits)
        if found_rules not in self._css:
            self._css[found_rules] = self._render(found_rules)
        return self._css[found_rules]

    def _render(self, hits: frozenset[tuple[int, int]]) -> str:
        chosen: dict[int, list[int]] = {}
        for rule, selector in sorted(hits):
            chosen.setdefault(rule, []).append(selector)
        # The custom properties worth defining: those the kept declarations read, and those these read in turn.
        defines: dict[str, set[str]] = {}
        needed: set[str] = set()
        for i in chosen:
            rule = self._rules[i]
            for (name, _), uses in zip(rule.declarations, rule.uses, strict=True):
                if name.startswith("--"):
                    defines.setdefault(name, set()).update(uses)
                elif not _MOTION.match(name):
                    needed |= uses
        todo = list(needed)
        while todo:
            for name in defines.get(todo.pop(), ()):
                if name not in needed:
                    needed.add(name)
                    todo.append(name)
        out: list[str] = []
        open_blocks: tuple[str, ...] = ()
        for i, selectors in sorted(chosen.items()):
            rule = self._rules[i]
            kept = [
                f"{name}:{value}"
                for name, value in rule.declarations
                if (name in needed if name.startswith("--") else not _MOTION.match(name))
            ]
            if not kept:
                continue
            same = 0
            while same < min(len(open_blocks), len(rule.blocks)) and open_blocks[same] == rule.blocks[same]:
                same += 1
            out.append("}" * (len(open_blocks) - same) + "".join(b + "{" for b in rule.blocks[same:]))
            out.append(",".join(rule.selectors[s] for s in selectors) + "{" + ";".join(kept) + "}")
            open_blocks = rule.blocks
        out.append("}" * len(open_blocks))
        return "".join(out)


class FirstPaint:
    """The style sheets of one build, read and parsed once, and what each page carries of them."""

    def __init__(self) -> None:
        self._texts: dict[Path, str | None] = {}
        self._sheets: dict[tuple[Path, ...], tuple[str, StyleSheet]] = {}

    def page(self, html: str, locate: Callable[[str], Path], kind: str | None = None) -> str:
        """Return ``html`` with its style sheets as one file linked at the end of ``<body>`` and its first screen's rules inline.

        ``locate`` gives the file a link's address points to; a link to a file the site lacks stays as it is.
        The sheets are written together, in their order, into one file beside the first, named by a hash
        of its text, so a browser may keep it as long as it likes.
        """
        links = [m for m in LINK.finditer(html) if self._text(locate(m.group(1))) is not None]
        end = _BODY_END.search(html)
        if not links or end is None:
            return html
        name, sheets = self._combined(tuple(locate(m.group(1)) for m in links))
        href = posixpath.join(posixpath.dirname(links[0].group(1)), name)
        tail = _before_scripts(html, end.start())
        # The page's policy is a <meta> tag, and behind one Chromium fetches nothing ahead of its parser; so
        # <head> names the style sheet and the scripts waiting for it, and they come at once, not one by one.
        head = [f"<style>{sheets.first_screen(html, kind)}</style>", f'<link rel="preload" href="{href}" as="style">']
        head += [f'<link rel="preload" href="{src}" as="script">' for src in _SCRIPT.findall(html, tail, end.start())]
        parts, last = [html[: links[0].start()], "\n".join(head), "\n"], links[0].end()
        for m in links[1:]:
            parts.append(html[last : m.start()])
            last = m.end()
        parts += [html[last:tail], f'<link rel="stylesheet" href="{href}">\n', html[tail:]]
        return "".join(parts)

    def _combined(self, paths: tuple[Path, ...]) -> tuple[str, StyleSheet]:
        """The name of the file that holds the sheets at ``paths`` as one (written once per build), and its rules."""
        if paths not in self._sheets:
            text = "\n".join(self._text(p) or "" for p in paths)
            name = f"site.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}.css"
            (paths[0].parent / name).write_text(text, encoding="utf-8")
            self._sheets[paths] = (name, StyleSheet(text))
        return self._sheets[paths]

    def _text(self, path: Path) -> str | None:
        if path not in self._texts:
            self._texts[path] = path.read_text(encoding="utf-8") if path.is_file() else None
        return self._texts[path]


def _opening(html: str) -> str:
    """The page without what of its text lies below the first screen.

    All before the text stays (header, tabs, navigation, table of contents), and all after it (the footer,
    and the dialog and button fixed to the window, which would otherwise show or fade as the sheet arrives).
    The text is cut before a block, so that no inline element is left open.
    """
    article = _ARTICLE.search(html)
    close = _ARTICLE_END.search(html, article.end()) if article else None
    if close is None:
        return html
    folded = _folded(html, article.end(), close.start())
    n = 0
    for tag in _TAG.finditer(html, article.end(), close.start()):
        if any(a <= tag.start() < b for a, b in folded):
            continue  # inside a closed <details>: not on the screen, and not a place to cut
        if n >= OPENING and tag.group(1).lower() in _BLOCKS:
            return html[: tag.start()] + html[close.start() :]
        n += 1
    return html


_DETAILS = re.compile(r"<(/?)details\b([^>]*)>", re.I)
_OPEN = re.compile(r"\sopen\b", re.I)


def _folded(html: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the closed ``<details>`` between ``start`` and ``end`` lie (the outermost ones): their content is not painted."""
    spans, stack = [], []
    for m in _DETAILS.finditer(html, start, end):
        if not m.group(1):
            stack.append((m.end(), not _OPEN.search(m.group(2))))
        elif stack:
            begin, closed = stack.pop()
            if closed and not any(c for _, c in stack):
                spans.append((begin, m.start()))
    return spans


def _before_scripts(html: str, end: int) -> int:
    """Where the scripts that end ``<body>`` begin (``end`` is where ``</body>`` is): the style sheets go before them."""
    while m := _SCRIPT_END.search(html, 0, end):
        start = html.rfind("<script", 0, m.start())
        if start < 0:
            break
        end = start
    return end


def _needs(node) -> set[tuple[str, ...]]:
    """What an element of the page must have for the selector ``node`` to match: its classes, ids, tags and attributes.

    Only what the selector requires outright counts (not what is inside :not(), :is() or :has()), so a
    selector that could match is never left out; one whose needs the page lacks need not be tried.
    """
    p = cssselect2.parser
    if isinstance(node, p.CombinedSelector):
        return _needs(node.left) | _needs(node.right)
    needs: set[tuple[str, ...]] = set()
    for simple in getattr(node, "simple_selectors", ()):
        if isinstance(simple, p.ClassSelector):
            needs.add(("class", simple.class_name))
        elif isinstance(simple, p.IDSelector):
            needs.add(("id", simple.ident))
        elif isinstance(simple, p.LocalNameSelector):
            needs.add(("tag", simple.lower_local_name))
        elif isinstance(simple, p.AttributeSelector):
            needs.add(("attr", simple.lower_name))
            if simple.operator == "=":
                needs.add(("attr", simple.lower_name, simple.value.lower()))
    return needs


class _Shape(HTMLParser):
    """A page's opening as the sheet's selectors see it: its tags and where text is, and of each attribute its
    name and the answers to the tests the selectors put to its value (the whole value for class, type, lang).

    Two openings of the same shape parse to trees that no selector of the sheet tells apart.
    """

    def __init__(self, tests: dict[str, set[tuple[str, str]]]) -> None:
        super().__init__(convert_charrefs=True)
        self.tests = tests
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(f"<{tag}" + "".join(f" {n}={self._seen(n, v or '')}" for n, v in sorted(attrs)) + ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.parts.append("/")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(" " if data.isspace() else "t")

    def handle_comment(self, data: str) -> None:
        self.parts.append("<!>")

    def _seen(self, name: str, value: str) -> str:
        if name in ("class", "type", "lang"):
            return value
        if name == "href":  # :local-link asks whether it names a scheme
            return str(bool(urlsplit(value).scheme))
        tests = sorted(self.tests.get(name, ()))
        return "".join(str(int(_holds(op, want, have))) for op, want in tests for have in (value, value.lower()))


def _attribute_tests(node, tests: dict[str, set[tuple[str, str]]]) -> None:
    """Add the attribute tests in the selector ``node`` (anywhere in it, :not() too) to ``tests``; ids are tests of id."""
    p = cssselect2.parser
    if isinstance(node, p.CombinedSelector):
        _attribute_tests(node.left, tests)
        _attribute_tests(node.right, tests)
        return
    for simple in getattr(node, "simple_selectors", ()):
        if isinstance(simple, p.AttributeSelector) and simple.operator:
            tests.setdefault(simple.lower_name, set()).add((simple.operator, simple.value))
            tests[simple.lower_name].add((simple.operator, simple.value.lower()))
        elif isinstance(simple, p.IDSelector):
            tests.setdefault("id", set()).add(("=", simple.ident))
        for inner in getattr(simple, "selector_list", None) or ():
            _attribute_tests(getattr(inner, "selector", inner).parsed_tree, tests)  # (.selector: one of :has())


def _holds(op: str, want: str, have: str) -> bool:
    """Whether an attribute whose value is ``have`` passes the test ``[attr <op> want]``."""
    return {
        "=": have == want,
        "~=": want in have.split(),
        "|=": have == want or have.startswith(want + "-"),
        "^=": bool(want) and have.startswith(want),
        "$=": bool(want) and have.endswith(want),
        "*=": bool(want) and want in have,
    }.get(op, True)


def _split(prelude: list) -> list[list]:
    """A rule's selector list, one selector's tokens each."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _text(tokens: list) -> str:
    """Tokens as CSS text, each run of white space one space."""
    return "".join(" " if t.type == "whitespace" else t.serialize() for t in tokens).strip()

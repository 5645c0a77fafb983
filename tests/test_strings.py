"""The UI strings tables (hooks/metodebog/strings/da.yaml and en.yaml): every word a reader sees comes from them.

Both languages fill in the same places, every key is read somewhere, and no template or theme override
writes a word of its own. A key counts as read where the code reads the table: through the names the
table, or a part of it, goes by in a file (``HOLDERS``), walking the keys that follow the name
(``t.method.purpose``, ``strings(language)["web"]["permalink"]``). A part read with a key known only when
the code runs (``t.kinds[m.kind]``) counts as read for exactly the keys of the data it is indexed by
(``families``). The keys themselves are compared across the languages in test_english.py.
"""

from __future__ import annotations

import ast
import re
from fnmatch import fnmatch
from html.parser import HTMLParser
from typing import Any

import jinja2
import pytest

from conftest import REPO
from metodebog import diagrams, model, render, schema
from metodebog.i18n import strings
from metodebog.layout import LANGUAGES
from metodebog.translate import STATUSES

KeyPath = tuple[str, ...]  # a key's path in the table: ("method", "purpose")

# Every file that may read the table.
SOURCES = (
    "hooks/**/*.py",
    "hooks/metodebog/templates/**/*.j2",
    "hooks/metodebog/templates/**/*.css",
    "docs/overrides/**/*.html",
    "docs/js/*.js",
    "docs/admin/*.js",
)
# The templates and theme overrides: the page's words, with nothing of their own.
TEMPLATES = ("hooks/metodebog/templates/**/*.j2", "hooks/metodebog/templates/**/*.css", "docs/overrides/**/*.html")

# The names the table, or a part of it, goes by: (files, name as a regular expression, the part it holds).
# A part handed on whole (the search words to the theme, the collaboration tool's words to its script) is
# read under the name it arrives by, and must be handed on somewhere (test_every_holder_is_real).
HOLDERS: tuple[tuple[str, str, KeyPath], ...] = (
    ("hooks/*.py", r"(?:ui_)?strings\([^()]*\)", ()),
    ("hooks/metodebog/templates/*", r"t", ()),  # render.py and printing.py give every template the table as t
    ("hooks/metodebog/diagrams.py", r"t", ()),
    ("hooks/metodebog/diagrams.py", r"d", ("diagram",)),
    ("hooks/metodebog/printing.py", r"t", ()),
    ("hooks/metodebog/printing.py", r"web", ("web",)),
    ("hooks/metodebog/i18n.py", r"web", ("web",)),
    ("hooks/metodebog/render.py", r"t", ()),
    ("hooks/metodebog/render.py", r"words", ("fields",)),
    ("hooks/metodebog/checks.py", r"table", ()),
    ("hooks/metodebog/model.py", r"headings", ("method",)),  # checks.py hands it to Method.section_anchor
    ("hooks/metodebog/redirects.py", r"words", ("moved",)),
    ("hooks/metodebog/serve_errors.py", r"words", ("serve_error",)),
    ("hooks/mkdocs_hooks.py", r"words", ("notfound",)),
    ("docs/overrides/*", r"config\.extra\.mh_soeg", ("search",)),
    ("docs/overrides/404.html", r"n", ("notfound",)),
    ("docs/overrides/partials/pagefind-search.html", r"s", ("search",)),
    ("docs/js/samarbejdskort.js", r"t", ("diagram", "tool")),  # macros.j2 hands it over in data-tekster
    ("docs/admin/admin.js", r"words", ()),  # cms.py writes the table to the editor's tekster.json
)

# One step after a name: .key, ["key"], a method call (.get( reads a key known only when run), or [expression].
_STEP = re.compile(
    r"""\s*(?:\.\s*(?P<name>\w+)(?P<call>\s*\()?"""
    r"""|\[\s*(?:(?P<quote>["'])(?P<key>[^"'\[\]]*)(?P=quote)\s*\]|(?P<expression>)))"""
)


def _sources() -> dict[str, str]:
    return {
        p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8")
        for pattern in SOURCES
        for p in sorted(REPO.glob(pattern))
    }


def _leaves(node: Any, path: KeyPath = ()) -> list[KeyPath]:
    if not isinstance(node, dict):
        return [path]
    return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]


def _at(table: dict[str, Any], path: KeyPath) -> Any:
    for key in path:
        table = table[key]
    return table


def _land(table: dict[str, Any], part: KeyPath, keys: list[str], run_time: bool) -> tuple[str, KeyPath] | None:
    """Where reading ``keys`` from ``part`` lands: ("leaf", path); ("part", path) for a part handed on whole;
    ("run time", path) for a part read with a key known only when run; None when the keys are not the table's."""
    node, path = _at(table, part), part
    for key in keys:
        if not isinstance(node, dict):  # a method of the text (.format) or an item of a list (months[0])
            return "leaf", path
        if key not in node:
            return None
        node, path = node[key], (*path, key)
    if not isinstance(node, dict):
        return "leaf", path
    return ("run time" if run_time else "part"), path


def _accesses(table: dict[str, Any], sources: dict[str, str]) -> list[tuple[int, str, KeyPath]]:
    """Every read of the table in ``sources``: (the holder's index in HOLDERS, what it lands on, the path)."""
    out = []
    for i, (files, name, part) in enumerate(HOLDERS):
        for file, text in sources.items():
            if not fnmatch(file, files):
                continue
            for found in re.finditer(rf"(?<![\w.]){name}(?!\w)", text):
                keys, run_time, at = [], False, found.end()
                while step := _STEP.match(text, at):
                    if step["call"] or step["expression"] is not None:
                        run_time = step["expression"] is not None or step["name"] == "get"
                        break
                    keys.append(step["name"] or step["key"])
                    at = step.end()
                landed = _land(table, part, keys, run_time)
                if landed:
                    out.append((i, *landed))
    return out


def _schema_types() -> set[str]:
    """The JSON Schema types of the fields of a method and a case (the field reference names them)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("type"), str):
                found.add(node["type"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.method_schema({k: [] for k in schema.VOCABULARY_KINDS}))
    walk(schema.case_schema())
    return found


def _script_levels() -> set[str]:
    """The collaboration levels the tool's script offers (the keys of its BANDS)."""
    script = (REPO / "docs" / "js" / "samarbejdskort.js").read_text(encoding="utf-8")
    bands = re.search(r"var BANDS = \{(.*?)\n  \};", script, re.DOTALL)
    assert bands, "samarbejdskort.js has no BANDS"
    return set(re.findall(r"^\s*(\w+):", bands[1], re.MULTILINE))


def _not_found_links() -> set[str]:
    """The 404 page's ways on: the keys of ``targets`` in mkdocs_hooks.on_config, each named by the table."""
    tree = ast.parse((REPO / "hooks" / "mkdocs_hooks.py").read_text(encoding="utf-8"))
    on_config = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "on_config")
    targets = next(
        n.value
        for n in ast.walk(on_config)
        if isinstance(n, ast.Assign) and [ast.unparse(t) for t in n.targets] == ["targets"]
    )
    assert isinstance(targets, ast.Dict)
    return {k.value for k in targets.keys if isinstance(k, ast.Constant)}


def families() -> dict[KeyPath, set[str]]:
    """The parts of the table read with a key known only when the code runs, each with the keys it is read by."""
    return {
        ("kinds",): set(schema.METHOD_TYPES),
        ("vocabulary",): set(schema.VOCABULARY_KINDS),
        ("facts", "names"): set(schema.DECISION_FIELDS),
        ("finder", "facets"): {key for key, _ in render.FACETS},
        # A method page's sections, each under its heading but the two maps, which carry their own titles, and
        # the texts listed under the summary, each with its label.
        ("method",): {key for key, _ in model.METHOD_SECTIONS} - {"coordination", "collaboration_map"}
        | set(model.LISTED_TEXTS),
        ("diagram", "bands"): set(diagrams.BANDS),
        ("diagram", "levels"): set(diagrams.BANDS),
        ("diagram", "tool", "levels"): _script_levels(),
        # A page's translation state, and the notice of every state but "translated" (macros.j2).
        ("translation",): {f"status_{s}" for s in STATUSES} | (set(STATUSES) - {"translated"}),
        ("notfound",): _not_found_links(),
        ("fields", "types"): _schema_types(),
    }


def unread(table: dict[str, Any], sources: dict[str, str]) -> list[str]:
    """The keys of ``table`` that nothing in ``sources`` reads, dotted."""
    found = {(kind, path) for _, kind, path in _accesses(table, sources)}
    read = {path for kind, path in found if kind == "leaf"}
    for part, keys in families().items():
        if ("run time", part) in found:
            read |= {(*part, key) for key in keys}
    return [".".join(p) for p in _leaves(table) if not any(p[:n] in read for n in range(1, len(p) + 1))]


def test_both_languages_fill_in_the_same_places() -> None:
    da, en = strings("da"), strings("en")
    assert set(_leaves(da)) == set(_leaves(en))
    for path in _leaves(da):
        a, b = _at(da, path), _at(en, path)
        where = ".".join(path)
        assert type(a) is type(b), where
        if isinstance(a, list):
            assert len(a) == len(b), where
        else:
            assert set(re.findall(r"\{(\w*)\}", str(a))) == set(re.findall(r"\{(\w*)\}", str(b))), where


def test_every_key_is_read() -> None:
    assert unread(strings("da"), _sources()) == []


def test_every_key_read_at_run_time_is_in_the_table() -> None:
    found = {path for _, kind, path in _accesses(strings("da"), _sources()) if kind == "run time"}
    known = families()
    assert found - known.keys() == set(), "read with a key known only when run: add the part to families()"
    assert known.keys() - found == set(), "families() names a part nothing reads at run time"
    for language in LANGUAGES:
        for part, keys in known.items():
            missing = keys - _at(strings(language), part).keys()
            assert not missing, f"{language}.yaml: {'.'.join(part)} has no {sorted(missing)}"


def test_every_holder_is_real() -> None:
    """Each name in HOLDERS reads the table in its files, and each part it holds is handed on whole somewhere."""
    found = _accesses(strings("da"), _sources())
    handed_on = {path for _, kind, path in found if kind == "part"}
    for i, (files, name, part) in enumerate(HOLDERS):
        assert any(holder == i for holder, _, _ in found), f"{name} reads nothing in {files}"
        assert not part or part in handed_on, f"{'.'.join(part)} is handed on nowhere"


def test_an_unread_key_is_found() -> None:
    table = strings("da")
    planted = {**table, "web": {**table["web"], "ubrugt": "Ubrugt"}, "ubrugt": {"ord": "Ord"}}
    assert unread(planted, _sources()) == ["web.ubrugt", "ubrugt.ord"]


# -- the templates' own text ----------------------------------------------------------------------------------

HUMAN_ATTRIBUTES = frozenset({"title", "aria-label", "alt", "placeholder"})
_DESCRIBING = frozenset({"description", "author", "og:title", "og:description"})  # a <meta> a reader is shown
_SHOWN_FRONT_MATTER = ("title", "description")
_FRONT_MATTER = re.compile(r"\A\s*---\n(.*?\n)---(?:\n|\Z)", re.DOTALL)
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")  # Markdown's { #id .class key="value" }
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ADMONITION = re.compile(r"^!!!\s+\S+", re.MULTILINE)
_ICON = re.compile(r":[a-z]+(?:-[a-z0-9]+)+:")  # :material-printer:
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_CSS_CONTENT = re.compile(r"content:\s*([^;}]*)")
_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][a-zæøå]")


class _ShownText(HTMLParser):
    """The text of an HTML page a reader sees or hears: its text and its human-facing attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        described = named.get("name") in _DESCRIBING or named.get("property") in _DESCRIBING
        for name, value in attrs:
            if name in HUMAN_ATTRIBUTES or (tag == "meta" and name == "content" and described):
                self.shown.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.shown.append(data)


def _markdown_shown(text: str) -> str:
    """Markdown with what a reader never sees left out: front matter but its title and description, attribute
    lists but their human-facing attributes, admonitions' kinds, icons' names and link targets."""
    front = _FRONT_MATTER.match(text)
    if front:
        fields = [line.partition(":") for line in front[1].splitlines()]
        text = "\n".join(value for key, _, value in fields if key in _SHOWN_FRONT_MATTER) + "\n" + text[front.end() :]
    text = _ATTRIBUTE_LIST.sub(
        lambda m: " ".join(a[1] or a[2] for a in _ATTRIBUTE.findall(m[1]) if a[0] in HUMAN_ATTRIBUTES), text
    )
    text = _ICON.sub("", _ADMONITION.sub("", text))
    return _LINK_TARGET.sub("]", text)


def own_words(file: str, source: str) -> list[str]:
    """The words ``source`` (a template) shows of its own, not from the table, with any phrase it writes in an
    expression ({{ "Udskriv" }}). Jinja tags, expressions and comments, HTML tags and attribute names are left out."""
    text, phrases = [], []
    for _, kind, value in jinja2.Environment().lex(source):
        if kind == "data":
            text.append(value)
        elif kind in ("variable_begin", "block_begin"):
            text.append(" ")
        elif kind == "string" and _CAPITALISED.search(value):
            phrases.append(value)
    page = "".join(text)
    if file.endswith(".css"):
        shown = [s for m in _CSS_CONTENT.finditer(page) for s in re.findall(r'"([^"]*)"', m[1])]
    else:
        parser = _ShownText()
        markdown = file.endswith(".j2") and not file.endswith(".html.j2")  # the pages' templates and macros
        parser.feed(_markdown_shown(page) if markdown else page)
        parser.close()
        shown = parser.shown
    return re.findall(r"[^\W\d_]+", " ".join(shown)) + phrases


def _templates() -> list[str]:
    return sorted({p.relative_to(REPO).as_posix() for pattern in TEMPLATES for p in REPO.glob(pattern)})


@pytest.mark.parametrize("file", _templates())
def test_templates_write_no_words_of_their_own(file: str) -> None:
    assert own_words(file, (REPO / file).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("file", "source", "word"),
    [
        ("partials/copyright.html", '<a href="{{ base_url }}/">Tilgængelighed</a>', "Tilgængelighed"),
        ("404.html", '<button type="button" title="Søg">{{ n.search_button }}</button>', "Søg"),
        ("method.md.j2", "## Formål\n\n{{ m.purpose | md }}\n", "Formål"),
        ("macros.j2", '[{{ t.web.print }}]({{ link(uri, pdf) }}){ title="Hent" download="{{ m.id }}.pdf" }', "Hent"),
        ("method.md.j2", "{% import 'macros.j2' as mac %}\n---\ntitle: Metode {{ m.title }}\n---\n", "Metode"),
        ("macros.j2", '!!! note "{{ t.translation.title }}"\n\n    {{ t.translation.missing }} Se status.', "Se"),
        ("macros.j2", '{{ "Udskriv" if pdf else t.web.download }}', '"Udskriv"'),
        ("print/print.css", '@page { @bottom-right { content: "Side " counter(page); } }', "Side"),
        ("print/macros.html.j2", '<img class="qr" src="{{ qr(url) }}" alt="QR-kode">', "QR"),
    ],
)
def test_a_word_of_its_own_is_found(file: str, source: str, word: str) -> None:
    assert word in own_words(file, source)

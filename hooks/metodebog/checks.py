"""Checks that keep editors safe: unfilled placeholders, personal data and links that point nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import links, sanitize
from .i18n import strings as ui_strings
from .layout import CASES_DIR, COORDINATION_ANCHOR, METHODS_DIR
from .load import Located, split_front_matter
from .model import Case, Method
from .privacy import find_personal_data
from .problems import Problem
from .slug import slugify

PLACEHOLDER = "UDFYLD"
HEADING = re.compile(r"^(#{2,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)  # a heading in a case's Markdown: level, text


@dataclass
class SourceFile:
    """A content file as read: its raw text, its YAML (front matter for a case) and, for a case, its body."""

    file: str
    text: str
    doc: Located | None = None
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    allowed: tuple[str, ...] = ()  # fictitious examples the case declares
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")

    def locate(self, start_line: int, needle: str) -> tuple[int, int]:
        """Return (line, column) of the first ``needle`` at or after ``start_line``."""
        for n in range(max(start_line, 1), len(self.lines) + 1):
            col = self.lines[n - 1].find(needle)
            if col >= 0:
                return n, col + 1
        return start_line, 1


def text_values(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (path, text) for every string in a loaded document."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from text_values(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from text_values(v, (*path, i))
    elif isinstance(data, str):
        yield path, data


def placeholders(src: SourceFile) -> list[Problem]:
    """Report every value (and body line) that still holds the scaffold's UDFYLD text."""
    out = []
    if src.doc is not None:
        for path, text in text_values(src.doc.data):
            if PLACEHOLDER in text:
                names = [p for p in path if isinstance(p, str)]
                line, col = src.doc.at(path)
                out.append(
                    Problem(
                        src.file,
                        line,
                        col,
                        f"'{names[-1] if names else 'feltet'}' er ikke udfyldt endnu. "
                        f"Erstat teksten med {PLACEHOLDER} med dit eget indhold.",
                    )
                )
    for i, line in enumerate(src.body.split("\n")):
        col = line.find(PLACEHOLDER)
        if col >= 0:
            out.append(
                Problem(
                    src.file,
                    src.body_line + i,
                    col + 1,
                    f"teksten er ikke udfyldt endnu. Erstat linjen med {PLACEHOLDER} med dit eget indhold.",
                )
            )
    return out


def personal_data(src: SourceFile) -> list[Problem]:
    """Report what looks like personal data anywhere in the file, and in its name, masked."""
    if src.file.startswith((f"{METHODS_DIR}/", f"{CASES_DIR}/")):
        way = "fjern oplysningen, eller skriv den i filens felt 'fiktive_oplysninger', hvis den er opdigtet med vilje."
    else:
        way = "fjern oplysningen."
    found = find_personal_data(src.text, src.allowed)
    name = src.file.rsplit("/", 1)[-1]
    in_name = [f for f in find_personal_data(name.replace("-", " ").rsplit(".", 1)[0]) if f.kind != "en adresse"]
    out = [
        Problem(
            src.file,
            1,
            1,
            f"filnavnet ligner {f.kind} ({f.masked}). Håndbogen må ikke indeholde personoplysninger: "
            "omdøb filen til noget, der beskriver indholdet.",
        )
        for f in in_name
    ]
    out += [
        Problem(
            src.file,
            f.line,
            f.column,
            f"her står noget, der ligner {f.kind} ({f.masked}). Håndbogen må ikke indeholde personoplysninger: {way}",
        )
        for f in found
    ]
    return out


def pages(methods: list[Method], cases: list[Case], term_ids: list[str]) -> dict[str, set[str]]:
    """Return every page an editor can link to by id, with the anchors it has."""
    table = ui_strings()
    out: dict[str, set[str]] = {}
    for m in methods:
        anchors = {p.id for p in m.phases} | {c.anchor for c in m.all_checklists} | {t.anchor for t in m.all_tools}
        anchors |= {slugify(table["facts"]["names"][f.name]) for f in m.facts}
        anchors |= {m.section_anchor(key, table["method"]) for key in m.sections}
        out[f"metode:{m.id}"] = anchors
    for c in cases:
        anchors = {slugify(h.group(2)) for h in HEADING.finditer(c.body)}
        out[f"case:{c.id}"] = anchors | ({COORDINATION_ANCHOR} if c.coordination else set())
    for t in term_ids:
        out[f"emne:{t}"] = set()
    return out


def broken_links(src: SourceFile, targets: dict[str, set[str]]) -> list[Problem]:
    """Report links in the file's prose and body that point nowhere, at the line they stand on."""
    found: list[tuple[int, str]] = []  # (line to search from, target)
    if src.doc is not None:
        for path, text in text_values(src.doc.data):
            for link in links.links_in(text):
                line = src.doc.at(path)[0] + text[: link.offset].count("\n")
                found.append((line, link.target))
    for link in links.links_in(src.body):
        found.append((src.body_line + src.body[: link.offset].count("\n"), link.target))
    out = []
    for line, target in found:
        message = links.problem(target, targets)
        if message:
            n, col = src.locate(line, target)
            out.append(Problem(src.file, n, col, message))
    return out


_LINK_TEXT = re.compile(r"\[[^\]]*\]\([^)]*\)")
_WORD = re.compile(r"\w+")
_OPEN, _CLOSE = "*_\"»“„'", "*_\"«”“'"


@cache
def _named(title: str) -> re.Pattern[str]:
    """A case's title as prose names it: after 'casen', or between quotes or emphasis marks (across line breaks)."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    return re.compile(
        rf"(?P<lead>\b(?:[Cc]asen|the case)\s+)?(?P<open>[{_OPEN}]*)(?<!\w){words}(?!\w)(?P<close>[{_CLOSE}]*)"
    )


def case_titles(cases: list[Case]) -> dict[str, tuple[Case, ...]]:
    """The cases by the first word of their title, for ``unlinked_cases``: made once for every file."""
    out: dict[str, list[Case]] = {}
    for c in cases:
        first = _WORD.search(c.title)
        if first:
            out.setdefault(first.group(0), []).append(c)
    return {word: tuple(found) for word, found in out.items()}


def unlinked_cases(src: SourceFile, titles: dict[str, tuple[Case, ...]]) -> list[Problem]:
    """Warn where the prose names a case (in quotes or italics, or after 'casen') without linking to it.

    ``titles`` are the cases by first word (``case_titles``): a title is looked for only in a text that has it.
    """
    texts: list[tuple[int, str]] = []  # (line the text starts on, text)
    if src.doc is not None:
        texts += [(src.doc.at(path)[0], text) for path, text in text_values(src.doc.data)]
    if src.body:
        texts.append((src.body_line, src.body))
    # A linked name is fine: link texts are blanked out once per text, keeping every offset.
    proses = [(start, text, _LINK_TEXT.sub(lambda m: " " * len(m.group(0)), text)) for start, text in texts]
    out = []
    for start, text, prose in proses:
        for word in sorted(titles.keys() & set(_WORD.findall(prose))):
            # a case may name itself, and the source it was retold from
            for c in (c for c in titles[word] if c.source_path != src.file):
                for m in _named(c.title).finditer(prose):
                    if not (m.group("lead") or (m.group("open") and m.group("close"))):
                        continue
                    line = start + text[: m.start()].count("\n")
                    n, col = src.locate(line, c.title.split()[0])
                    out.append(
                        Problem(
                            src.file,
                            n,
                            col,
                            f"casen »{c.title}« nævnes uden link. Skriv [{c.title}](case:{c.id}), så læseren kan "
                            "åbne casen herfra.",
                        ).as_warning()
                    )
    return out


def _markdown_values(
    data: Any, node: dict[str, Any], path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (path, text) for every string in ``data`` that the schema ``node`` marks as Markdown."""
    if isinstance(data, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for k, v in data.items():
            sub = properties.get(k, extra if isinstance(extra, dict) else None)
            if sub is not None:
                yield from _markdown_values(v, sub, (*path, k))
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for i, v in enumerate(data):
            yield from _markdown_values(v, node["items"], (*path, i))
    elif isinstance(data, str) and node.get("contentMediaType") == "text/markdown":
        yield path, data


def unsafe_markup(src: SourceFile, node: dict[str, Any] | None) -> list[Problem]:
    """Report everything the sanitizer would remove from the file's Markdown fields (and a case's body).

    ``node`` is the file's JSON Schema, which marks the Markdown fields; every other text is escaped.
    """
    found: list[tuple[int, sanitize.Removed]] = []
    if src.doc is not None:
        for path, text in text_values(src.doc.data):
            control = sanitize.control_character(text)
            if control:
                found.append((src.doc.at(path)[0], control))
    if src.doc is not None and node is not None:
        for path, text in _markdown_values(src.doc.data, node):
            found += [(src.doc.at(path)[0], r) for r in sanitize.field_problems(text)]
    if src.body.strip():
        found += [(src.body_line, r) for r in sanitize.field_problems(src.body, sanitize.BODY)]
    out = []
    for line, r in found:
        n, col = src.locate(line, r.needle)
        out.append(Problem(src.file, n, col, r.message))
    return out


# Where a hand-written page asks for the whole-handbook PDF link; the build replaces it.
BOOK_MARKER = "<!-- hele-haandbogen-pdf -->"


def hand_written_pages(root: Path) -> list[Problem]:
    """Report what the page sanitizer would remove from the hand-written pages in docs/ (forside, om, bidrag …)."""
    out = []
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if rel.startswith("docs/overrides/") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").replace(BOOK_MARKER, "")
        src = SourceFile(rel, text)
        front, body, _, _ = split_front_matter(text, rel)
        html = sanitize.markdown_html(body if front is not None else text)
        for r in sanitize.removals(html, sanitize.PAGE):
            n, col = src.locate(1, r.needle)
            out.append(Problem(rel, n, col, r.message))
    return out

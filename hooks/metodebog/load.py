"""Read YAML and Markdown front matter safely, keeping the line and column of every value.

PyYAML's safe loader silently keeps the last of two equal keys and forgets where a value
stood. Here the document is composed into nodes and built by hand, so every value and
every key keeps its position, duplicate keys are reported with both lines, and anything
beyond plain YAML (custom tags, anchors and aliases) is refused with a Danish message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# PyYAML's problem texts, said in Danish with a way out.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "der står et kolon, hvor YAML ikke tillader det. Sæt teksten i anførselstegn, "
        "hvis den selv indeholder ': ', eller ret indrykningen"
    ),
    "could not find expected ':'": "der mangler et kolon efter en nøgle, eller indrykningen er forkert",
    "found character '\\t' that cannot start any token": ("der står et tabulatortegn. Ryk ind med mellemrum i stedet"),
    "expected <block end>, but found '-'": (
        "et listepunkt ('- ') står med forkert indrykning. Ryk det ind som de andre punkter"
    ),
    "did not find expected key": "indrykningen passer ikke med nøglerne ovenfor. Ret indrykningen",
    "found unexpected end of stream": "filen slutter midt i en tekst. Luk anførselstegnet",
    "found unknown escape character": "der står en ukendt escape-sekvens med \\. Skriv \\\\ eller brug enkelte anførselstegn",
}


@dataclass
class Located:
    """A loaded document: plain Python data plus where each value and key stood."""

    data: Any
    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path_, str | None] = field(default_factory=dict)  # '|', '>', quotes or None, per scalar

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the value at ``path`` (or of its key), walking up when unknown."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, col = self.at(path, key=key)
        return Problem(self.file, line, col, message)


class _Builder:
    def __init__(self, file: str, line_offset: int):
        self.file = file
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.styles: dict[Path_, str | None] = {}
        self._scalars = yaml.SafeLoader("")

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def report(self, node: yaml.Node, message: str) -> None:
        line, col = self.pos(node)
        self.problems.append(Problem(self.file, line, col, message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.values[path] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self.bad_tag(node)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        self.styles[path] = node.style
        if node.tag == _TIMESTAMP:
            return node.value
        if node.tag not in _PLAIN_TAGS:
            return self.bad_tag(node)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (ValueError, KeyError, OverflowError, yaml.YAMLError):
            # The resolver took it for a number or a truth value that it then cannot read, like 0x_ or 0b2.
            self.report(
                node,
                f"'{node.value}' ligner et tal, men kan ikke læses som et. Sæt værdien i anførselstegn, "
                f"hvis den er en tekst ('{node.value}'), eller skriv tallet med cifre, fx 2024.",
            )
            return None

    def bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.report(node, f"YAML-mærket '{tag}' er ikke tilladt. Fjern det, og skriv værdien som almindelig tekst.")
        return None

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP:
            return self.bad_tag(node)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.report(key_node, "en nøgle skal være en enkel tekst, fx 'titel'. Ret nøglen.")
                continue
            key = str(key_node.value)
            line, col = self.pos(key_node)
            if key in result:
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        col,
                        f"nøglen '{key}' står to gange (også på linje {first_line[key]}). "
                        "Slet den ene, eller flet dem sammen.",
                    )
                )
                continue
            first_line[key] = line
            self.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Deeper than this is no handbook content, and PyYAML and jsonschema recurse once per level.
MAX_DEPTH = 40
_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _token_problems(text: str, file: str, line_offset: int, loader: type) -> list[Problem]:
    """Read the tokens once, before anything is built: anchors, aliases, explicit tags and deep nesting are refused.

    The scanner works without recursion, so a file of thousands of nested lists is refused here
    instead of exhausting the composer; an alias bomb never expands.
    """

    def at(t: yaml.Token, message: str) -> Problem:
        return Problem(file, t.start_mark.line + 1 + line_offset, t.start_mark.column + 1, message)

    problems = []
    depth = 0
    for t in yaml.scan(text, Loader=loader):
        if isinstance(t, (yaml.AnchorToken, yaml.AliasToken)):
            problems.append(at(t, "ankre og aliaser (& og *) bruges ikke i håndbogen. Skriv værdien ud i stedet."))
        elif isinstance(t, yaml.TagToken):
            handle, suffix = t.value
            tag = f"{handle or ''}{suffix}"
            problems.append(
                at(t, f"YAML-mærket '{tag}' er ikke tilladt. Fjern det, og skriv værdien som almindelig tekst.")
            )
        elif isinstance(t, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(
                    at(
                        t,
                        f"lister og felter står mere end {MAX_DEPTH} niveauer inden i hinanden. "
                        "Skriv indholdet fladere, som i de andre filer.",
                    )
                )
                break
        elif isinstance(t, _CLOSE):
            depth -= 1
    return problems


def _compose(text: str, file: str, line_offset: int, loader: type) -> tuple[list[Problem], list[yaml.Node]]:
    """Return the token problems of ``text`` and, when there are none, its documents as nodes."""
    problems = _token_problems(text, file, line_offset, loader)
    return problems, [] if problems else list(yaml.compose_all(text, Loader=loader))


def load_yaml(text: str, file: str, *, line_offset: int = 0) -> tuple[Located, list[Problem]]:
    """Return the document in ``text`` with positions, and the problems met reading it."""
    try:
        try:
            # LibYAML reads a valid file several times faster; a broken one is read again by PyYAML,
            # whose problem texts the Danish messages translate.
            problems, nodes = _compose(text, file, line_offset, _FAST)
        except yaml.YAMLError:
            problems, nodes = _compose(text, file, line_offset, yaml.SafeLoader)
        if problems:
            return Located(None, file), problems
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        return Located(None, file), [Problem(file, line, col, _yaml_message(e))]
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        line = before.count("\n") + 1 + line_offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        return Located(None, file), [
            Problem(
                file,
                line,
                col,
                f"filen indeholder et usynligt styretegn (U+{ord(char):04X}), som YAML ikke tillader. "
                "Slet det; skriv linjen ind på ny, hvis du ikke kan se, hvor det står.",
            )
        ]
    if len(nodes) > 1:
        return Located(None, file), [
            Problem(file, 1, 1, "filen indeholder flere YAML-dokumenter (adskilt af '---'). Behold kun ét.")
        ]
    builder = _Builder(file, line_offset)
    data = builder.build(nodes[0], ()) if nodes and nodes[0] is not None else None
    return Located(data, file, builder.values, builder.keys, builder.styles), builder.problems


def _yaml_message(e: yaml.MarkedYAMLError) -> str:
    problem = (e.problem or "").strip()
    for english, danish in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"YAML-filen kan ikke læses: {danish}."
    return (
        "YAML-filen kan ikke læses her. Tjek indrykning, kolon og anførselstegn på linjen "
        f"og linjen før (YAML siger: {problem or e})."
    )


# No method or case comes near this; a bigger file is a mistake or an attack, and would hold the build for minutes.
MAX_BYTES = 1_000_000


def _megabytes(size: int) -> str:
    """'2,0' for 2,000,000 bytes: the Danish decimal comma."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text, or a problem when it is a link, too big or not UTF-8."""
    if path.is_symlink():
        return None, [
            Problem(
                file,
                1,
                1,
                "filen er et symbolsk link til en anden fil. Læg selve filen i mappen i stedet, "
                "så håndbogen kun bygger på filer i projektet.",
            )
        ]
    if not path.is_file():
        return None, [
            Problem(file, 1, 1, "her står noget, der ikke er en almindelig fil. Slet det, eller læg en fil i stedet.")
        ]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [
            Problem(
                file,
                1,
                1,
                f"filen fylder {_megabytes(size)} MB, men en fil i håndbogen må højst fylde "
                f"{_megabytes(MAX_BYTES)} MB. Del indholdet op, eller fjern det, der ikke hører til.",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "filen er ikke gemt som UTF-8. Gem den som UTF-8 i din editor.")]
    return text.replace("\r\n", "\n"), []


def split_front_matter(text: str, file: str) -> tuple[str | None, str, int, list[Problem]]:
    """Return (front matter, body, line number where the body starts, problems) of a Markdown file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            None,
            text,
            1,
            [
                Problem(
                    file,
                    1,
                    1,
                    "filen skal begynde med en linje '---' og felterne titel, metode m.fl. "
                    "Se en anden case som eksempel",
                )
            ],
        )
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, []
    return (
        None,
        text,
        1,
        [Problem(file, 1, 1, "felterne øverst i filen afsluttes ikke af en linje '---'. Tilføj den efter felterne")],
    )

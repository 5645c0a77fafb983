"""Other editions' text: translations beside the Danish files, laid over the Danish model.

A translation (``methods/abcd.en.yaml``) holds only prose, under the Danish file's own keys;
ids, phases, vocabulary, relations and the order of lists come from the Danish file. Whatever
a translation leaves out is shown in Danish, marked as ``Untranslated`` so the page can say so
and tell the browser the text's language.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from . import checks, schema
from .build import glossary_entry
from .history import Change, file_at, file_history
from .layout import (
    CASES_DIR,
    GLOSSARY_FILE,
    HAND_WRITTEN,
    LANGUAGES,
    METHOD_TRANSLATION_SCHEMA_FILE,
    METHODS_DIR,
    VOCABULARY_FILE,
)
from .load import Located, split_front_matter
from .model import (
    METHOD_TEXTS,
    Case,
    Checklist,
    Coordination,
    GlossaryEntry,
    Handbook,
    Method,
    Phase,
    Principle,
    Term,
    ToolSet,
    danish_key,
)
from .problems import ContentError, Problem, report
from .schema_errors import schema_problems
from .validate import Reader

# What a translation may hold: every key of the Danish file but those that carry structure.
STRUCTURE = (
    "type",
    "målgrupper",
    "områder",
    "tilgange",
    "kilder",
    "relaterede",
    "fiktive_oplysninger",
    "ændringer",  # notes for Danish readers (not shown in another edition)
    "tidligere_id",
)
STATUSES = ("translated", "partial", "outdated", "missing")


class Untranslated(str):
    """A Danish text standing in for a translation that does not exist yet."""

    language = "da"


def translation_file(path: str, language: str) -> str:
    """'methods/abcd.yaml' → 'methods/abcd.en.yaml'."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{language}.{suffix}"


@dataclass(frozen=True)
class Status:
    """How far one method, case or page is translated."""

    kind: str  # one of STATUSES
    source: str  # the Danish file
    translation: str  # the translation's file (it may not exist)
    done: int  # translated texts
    total: int  # texts that could be translated


@dataclass(frozen=True)
class Translated:
    """A handbook in another language and how far each part of it is translated."""

    handbook: Handbook
    status: dict[str, Status]  # Danish source file → status


@cache
def _method_validator() -> Draft202012Validator:
    return Draft202012Validator(method_translation_schema())


def method_translation_schema() -> dict[str, Any]:
    """The JSON Schema of a method's translation: the method schema's prose, nothing required but ids."""
    full = copy.deepcopy(schema.method_schema({}))
    for key in STRUCTURE:
        full["properties"].pop(key, None)
    full["required"] = []
    for name in schema.DECISION_FIELDS:
        full["properties"][name]["properties"] = {"tekst": full["properties"][name]["properties"]["tekst"]}
    for key in ("faser", "tjeklister", "værktøjer"):
        items = full["properties"][key]["items"]
        items["required"] = ["id"]
        items["properties"].pop("tidligere_id", None)
        for sub in items["properties"].values():
            if sub.get("type") == "object":
                sub["required"] = []
    full["properties"]["principper"]["items"]["required"] = []
    full["properties"]["samarbejdskort"]["required"] = []
    rc = full["properties"]["relationel_koordinering"]
    rc["required"] = []
    rc["properties"]["grupper"]["items"]["required"] = ["id"]
    for key in ("egen", "om"):  # the scores are the Danish file's
        rc["properties"]["grupper"]["items"]["properties"].pop(key)
    rc["properties"]["grupper"].pop("minItems")
    full["$id"] = METHOD_TRANSLATION_SCHEMA_FILE
    full["title"] = "Oversættelse af en metode i Metodehåndbogen"
    full["description"] = (
        "En oversættelse ligger ved siden af den danske fil (abcd.en.yaml ved abcd.yaml) og har kun tekster. "
        "Id'er, faser, emner, kilder og rækkefølge kommer fra den danske fil."
    )
    return full


class _Text:
    """Counts the texts of one method or case and picks each from the translation when it is there."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def pick(self, danish: str | None, translated: Any) -> str | None:
        if danish is None:
            return None
        self.total += 1
        if isinstance(translated, str) and translated.strip():
            self.done += 1
            return translated
        return Untranslated(danish)

    def many(self, danish: tuple[str, ...], translated: Any) -> tuple[str, ...]:
        items = translated if isinstance(translated, list) and len(translated) == len(danish) else []
        return tuple(self.pick(d, items[i] if items else None) for i, d in enumerate(danish))


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in items or [] if isinstance(x, dict) and "id" in x}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _coordination(rc: Coordination | None, t: dict[str, Any], count: _Text) -> Coordination | None:
    """A measurement's title, introduction and group names from the translation; the scores stay."""
    if rc is None:
        return None
    names = _by_id(t.get("grupper"))
    return replace(
        rc,
        title=count.pick(rc.title, t.get("titel")),
        intro=count.pick(rc.intro, t.get("intro")),
        groups=tuple(replace(g, name=count.pick(g.name, names.get(g.id, {}).get("navn"))) for g in rc.groups),
    )


def _method(m: Method, t: dict[str, Any], count: _Text) -> Method:
    phases_t = _by_id(t.get("faser"))
    checklists_t = _by_id(t.get("tjeklister"))
    tools_t = _by_id(t.get("værktøjer"))
    principles_t = t.get("principper") if len(t.get("principper") or []) == len(m.principles) else []

    def phase(p: Phase) -> Phase:
        pt = phases_t.get(p.id, {})
        title = count.pick(p.title, pt.get("titel"))
        tools_t, checklist_t = pt.get("værktøjer") or {}, pt.get("tjekliste") or {}
        tools = p.tools and replace(
            p.tools,
            title=title,
            intro=count.pick(p.tools.intro, tools_t.get("intro")),
            questions=count.many(p.tools.questions, tools_t.get("spørgsmål")),
        )
        checklist = p.checklist and replace(
            p.checklist,
            title=count.pick(p.checklist.title, checklist_t.get("titel")),
            items=count.many(p.checklist.items, checklist_t.get("punkter")),
        )
        return replace(
            p,
            title=title,
            purpose=count.pick(p.purpose, pt.get("formål")),
            procedure=count.pick(p.procedure, pt.get("fremgangsmåde")),
            advice=count.many(p.advice, pt.get("råd")),
            tools=tools,
            checklist=checklist,
            ending=count.pick(p.ending, pt.get("afslutning")),
            basis=count.pick(p.basis, pt.get("grundlag")),
        )

    def sheet(x: Checklist | ToolSet, given: dict[str, Any], lines: str, key: str) -> Any:
        """A method-level checklist or worksheet: title, intro and its lines (``items`` or ``questions``)."""
        return replace(
            x,
            title=count.pick(x.title, given.get("titel")),
            intro=count.pick(x.intro, given.get("intro")),
            **{lines: count.many(getattr(x, lines), given.get(key))},
        )

    implementation = t.get("implementering") or {}
    collab_t = t.get("samarbejdskort") or {}
    collab = m.collaboration_map and replace(
        m.collaboration_map,
        title=count.pick(m.collaboration_map.title, collab_t.get("titel")),
        intro=count.pick(m.collaboration_map.intro, collab_t.get("intro")),
        steps=count.many(m.collaboration_map.steps, collab_t.get("trin")),
    )
    return replace(
        m,
        collaboration_map=collab,
        coordination=_coordination(m.coordination, t.get("relationel_koordinering") or {}, count),
        **{name: count.pick(getattr(m, name), t.get(key)) for name, key in METHOD_TEXTS.items()},
        abbreviation=t.get("forkortelse") if t.get("titel") else m.abbreviation,  # an abbreviation belongs to its name
        principles=tuple(
            Principle(
                count.pick(p.title, (principles_t[i] or {}).get("titel") if principles_t else None),
                count.pick(p.text, (principles_t[i] or {}).get("tekst") if principles_t else None),
            )
            for i, p in enumerate(m.principles)
        ),
        phases=tuple(phase(p) for p in m.phases),
        checklists=tuple(sheet(c, checklists_t.get(c.anchor, {}), "items", "punkter") for c in m.checklists),
        tools=tuple(sheet(s, tools_t.get(s.anchor, {}), "questions", "spørgsmål") for s in m.tools),
        promoting=count.many(m.promoting, implementation.get("fremmende")),
        hindering=count.many(m.hindering, implementation.get("hæmmende")),
        facts=tuple(replace(f, text=count.pick(f.text, (t.get(f.name) or {}).get("tekst"))) for f in m.facts),
        keywords=tuple(t["emneord"]) if t.get("emneord") else m.keywords,
        notes=(),  # written for Danish readers, in Danish; the page still says when its content last changed
    )


def _status(done: int, total: int, exists: bool, outdated: bool) -> str:
    if not exists or done == 0:
        return "missing"
    if outdated:
        return "outdated"
    return "translated" if done >= total else "partial"


def _newer(root: Path, history: dict[str, tuple[Change, ...]], source: str, translation: str) -> bool:
    """Whether the Danish file's texts changed after the translation's last commit.

    A later commit that only added a note about a change, an old id or a fictitious example (what a
    translation does not carry) leaves the translation as current as it was.
    """
    a, b = history.get(source), history.get(translation)
    if not (a and b and a[0].sequence > b[0].sequence):
        return False
    seen = file_at(root, b[0].commit, source)  # the Danish file as the translation last followed it
    try:
        now = (root / source).read_text(encoding="utf-8")
    except OSError:
        return True
    return seen is None or _translated_part(seen, source) != _translated_part(now, source)


# What a Danish method or case file has that no translation carries.
_DANISH_ONLY = ("ændringer", "tidligere_id", "fiktive_oplysninger")


def _translated_part(text: str, path: str) -> Any:
    """The part of a Danish file a translation follows: its data without the Danish-only fields (or the text)."""
    if not path.endswith((".yaml", ".md")) or path.startswith("docs/"):
        return text
    body = ""
    if path.endswith(".md"):
        front, body, _, problems = split_front_matter(text, path)
        if front is None or problems:
            return text
        text = front
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if not isinstance(data, dict):
        return text
    data = {k: v for k, v in data.items() if k not in _DANISH_ONLY}
    for key in ("faser", "tjeklister", "værktøjer"):
        if isinstance(data.get(key), list):
            data[key] = [
                {k: v for k, v in x.items() if k != "tidligere_id"} if isinstance(x, dict) else x for x in data[key]
            ]
    return data, body


_ONE = {"faser": "fase", "tjeklister": "tjekliste", "værktøjer": "arbejdsark"}


class _Reader(Reader):
    """Reads one language's translation files and collects their problems (Danish, with file and line)."""

    def __init__(self, root: Path, language: str):
        super().__init__(root)
        self.language = language

    def yaml(self, rel: str) -> Located | None:
        """The translation file's document, or None when there is none or it cannot be read (problems kept)."""
        if not (self.root / rel).is_file():
            return None
        src = self.read_yaml(self.root / rel)
        if src is None:
            return None
        self.sources.append(src)
        return src.doc

    def method(self, m: Method) -> dict[str, Any]:
        rel = translation_file(m.source_path, self.language)
        doc = self.yaml(rel)
        if doc is None or doc.data is None:
            return {}
        errors = schema_problems(doc, _method_validator())
        d = doc.data if isinstance(doc.data, dict) else {}
        if not errors:
            errors += self._same_structure(doc, m)
        self.problems += errors
        return {} if errors else d

    def _same_structure(self, doc: Located, m: Method) -> list[Problem]:
        """Ids the Danish file has, lists as long as the Danish ones."""
        out = []
        d = doc.data
        known = {"faser": [p.id for p in m.phases], "tjeklister": [c.anchor for c in m.checklists]}
        known["værktøjer"] = [s.anchor for s in m.tools]
        for key, ids in known.items():
            for i, item in enumerate(d.get(key) or []):
                if item["id"] not in ids:
                    where = ", ".join(ids) or "ingen"
                    out.append(
                        report(
                            doc,
                            f"den danske fil {m.source_path} har ingen {_ONE[key]} med "
                            f"id'et '{item['id']}'. Id'er her: {where}. Ret id'et, så det svarer til den danske fil.",
                            (key, i, "id"),
                        )
                    )
        lists: list[tuple[tuple[Any, ...], int]] = [(("principper",), len(m.principles))]
        lists += [
            (("implementering", "fremmende"), len(m.promoting)),
            (("implementering", "hæmmende"), len(m.hindering)),
        ]
        phases = {p.id: p for p in m.phases}
        for i, item in enumerate(d.get("faser") or []):
            p = phases.get(item["id"])
            if p:
                lists.append((("faser", i, "råd"), len(p.advice)))
                lists.append((("faser", i, "værktøjer", "spørgsmål"), len(p.tools.questions) if p.tools else 0))
                lists.append((("faser", i, "tjekliste", "punkter"), len(p.checklist.items) if p.checklist else 0))
        by_anchor = {c.anchor: len(c.items) for c in m.checklists} | {s.anchor: len(s.questions) for s in m.tools}
        for key, field in (("tjeklister", "punkter"), ("værktøjer", "spørgsmål")):
            for i, item in enumerate(d.get(key) or []):
                lists.append(((key, i, field), by_anchor.get(item["id"], 0)))
        for path, n in lists:
            value: Any = d
            for step in path:
                value = value.get(step) if isinstance(value, dict) else value[step] if isinstance(value, list) else None
                if value is None:
                    break
            if isinstance(value, list) and len(value) != n:
                out.append(
                    report(
                        doc,
                        f"listen har {len(value)} punkter, men den danske fil har {n}. Oversæt alle punkterne i "
                        "samme rækkefølge, eller slet listen, så den danske vises.",
                        path,
                    )
                )
        return out

    def case(self, c: Case) -> tuple[dict[str, Any], str]:
        rel = translation_file(c.source_path, self.language)
        path = self.root / rel
        if not path.is_file():
            return {}, ""
        src = self.read_markdown(path)
        if src is None or not isinstance(src.doc.data, dict):
            return {}, ""
        self.sources.append(src)
        doc = src.doc
        unknown = sorted(set(doc.data) - {"titel", "resumé", "kilde", "relationel_koordinering"})
        for key in unknown:
            self.problems.append(
                report(
                    doc,
                    f"'{key}' hører til den danske case. Slet linjen her; en oversættelse har kun titel, resumé, kilde og teksterne i relationel_koordinering.",
                    (key,),
                    key=True,
                )
            )
        return doc.data, src.body.strip()


def translate(root: Path, handbook: Handbook, language: str) -> Translated:
    """Return ``handbook`` in ``language``: translated where a translation exists, Danish (marked) elsewhere.

    Raises ContentError with every problem of the translation files.
    """
    reader = _Reader(Path(root), language)
    history = file_history(Path(root), (METHODS_DIR, CASES_DIR, "data", "docs"))
    status: dict[str, Status] = {}
    methods = []
    for m in handbook.methods:
        count = _Text()
        t = reader.method(m)
        translated = _method(m, t, count)
        rel = translation_file(m.source_path, language)
        kind = _status(count.done, count.total, bool(t), _newer(Path(root), history, m.source_path, rel))
        status[m.source_path] = Status(kind, m.source_path, rel, count.done, count.total)
        methods.append(translated)
    cases = []
    for c in handbook.cases:
        count = _Text()
        t, body = reader.case(c)
        rel = translation_file(c.source_path, language)
        translated_case = replace(
            c,
            title=count.pick(c.title, t.get("titel")),
            summary=count.pick(c.summary, t.get("resumé")),
            source=count.pick(c.source, t.get("kilde")),
            body=count.pick(c.body, body + "\n" if body else None),
            coordination=_coordination(c.coordination, _mapping(t.get("relationel_koordinering")), count),
            notes=(),
        )
        kind = _status(count.done, count.total, bool(t), _newer(Path(root), history, c.source_path, rel))
        status[c.source_path] = Status(kind, c.source_path, rel, count.done, count.total)
        cases.append(translated_case)
    status |= _pages(Path(root), language, history)
    terms = _terms(reader, handbook.terms)
    glossary = _glossary(reader, handbook.glossary)
    for src in reader.sources:
        reader.problems += checks.personal_data(src) + checks.unsafe_markup(src, schema.for_file(_danish(src.file)))
    if reader.problems:
        raise ContentError(reader.problems)
    return Translated(
        replace(handbook, methods=tuple(methods), cases=tuple(cases), terms=terms, glossary=glossary), status
    )


def _pages(root: Path, language: str, history: dict[str, tuple[Change, ...]]) -> dict[str, Status]:
    """The hand-written pages of docs/ and how far each is translated (docs/en/ holds the translations)."""
    translations = {page["da"]: page[language] for page in HAND_WRITTEN if language in page}
    out = {}
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel.split("/", 1)[0] in (*LANGUAGES[1:], "overrides"):
            continue
        source = f"docs/{rel}"
        target = f"docs/{language}/{translations.get(rel, rel)}"
        exists = rel in translations and (root / target).is_file()
        kind = _status(1 if exists else 0, 1, exists, exists and _newer(root, history, source, target))
        out[source] = Status(kind, source, target, int(exists), 1)
    return out


def _danish(rel: str) -> str:
    """'methods/abcd.en.yaml' → 'methods/abcd.yaml': which schema describes the translation's fields."""
    stem, _, suffix = rel.rpartition(".")
    return f"{stem.rpartition('.')[0]}.{suffix}"


def _terms(reader: _Reader, terms: tuple[Term, ...]) -> tuple[Term, ...]:
    doc = reader.yaml(translation_file(VOCABULARY_FILE, reader.language))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    out = []
    for term in terms:
        t = (data.get(term.kind) or {}).get(term.id) or {}
        if not isinstance(t, dict):
            t = {}
        out.append(
            replace(
                term,
                name=t.get("navn") if isinstance(t.get("navn"), str) else Untranslated(term.name),
                description=t.get("beskrivelse")
                if isinstance(t.get("beskrivelse"), str)
                else Untranslated(term.description),
            )
        )
    return tuple(out)


def _glossary(reader: _Reader, danish: tuple[GlossaryEntry, ...]) -> tuple[GlossaryEntry, ...]:
    rel = translation_file(GLOSSARY_FILE, reader.language)
    doc = reader.yaml(rel)
    if doc is None or not isinstance(doc.data, list):
        return tuple(replace(g, explanation=Untranslated(g.explanation)) for g in danish)
    errors = schema_problems(doc, Draft202012Validator(schema.glossary_schema()))
    reader.problems += errors
    if errors:
        return ()
    return tuple(sorted((glossary_entry(e) for e in doc.data), key=lambda g: danish_key(g.term)))

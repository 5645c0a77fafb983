"""Load every content file, check it against the schema and the cross-references, build the model.

Every problem is collected before anything is built; ``load_handbook`` then either returns
the whole ``Handbook`` or raises one ``ContentError`` that lists them all.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from . import checks, schema
from .history import file_history
from .layout import (
    CASES_DIR,
    COLLABORATION_ANCHOR,
    COORDINATION_ANCHOR,
    GLOSSARY_FILE,
    LANGUAGES,
    METHOD_SCHEMA_FILE,
    METHODS_DIR,
    VOCABULARY_FILE,
    reserved,
)
from .load import Located, load_yaml, read_text, split_front_matter
from .model import (
    Case,
    Checklist,
    CollaborationMap,
    Coordination,
    Fact,
    GlossaryEntry,
    Group,
    Handbook,
    Law,
    Method,
    Note,
    Phase,
    Principle,
    Rating,
    Source,
    Term,
    ToolSet,
    danish_key,
)
from .problems import ContentError, Problem
from .slug import slugify, suggest

SCHEMA_LINE = f"# yaml-language-server: $schema=../{METHOD_SCHEMA_FILE}"
_TYPE_NAMES = {
    "string": "en tekst",
    "array": "en liste",
    "object": "en gruppe af felter",
    "integer": "et helt tal",
    "boolean": "true eller false",
    "number": "et tal",
    "null": "tom",
}
_TYPE_HINTS = {
    "string": "Skriv teksten efter kolon, og brug '|' på linjen, hvis teksten fylder flere linjer.",
    "array": "Skriv hvert punkt på sin egen linje med '- ' foran.",
    "object": "Skriv felterne på linjerne under, rykket ind med to mellemrum.",
    "integer": "Skriv et tal uden anførselstegn, fx 2024.",
    "boolean": "Skriv true eller false uden anførselstegn.",
    "number": "Skriv tallet uden anførselstegn og med punktum som decimaltegn, fx 4.2.",
}


_DECIMAL_COMMA = re.compile(r"\d+,\d+")


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    near = suggest(word, choices)
    return f" Mente du '{near}'?" if near else ""


def _no_method(method_id: str, known: set[str]) -> str:
    """The one wording of a reference to a method that does not exist, with the nearest id."""
    return (
        f"der findes ingen metode med id'et '{method_id}'.{_did_you_mean(method_id, sorted(known))} "
        f"Id'et er filnavnet i {METHODS_DIR}/ uden .yaml."
    )


def _fictitious(doc: Located) -> tuple[str, ...]:
    """The texts a method or case declares as deliberate fiction (``fiktive_oplysninger``)."""
    declared = doc.data.get("fiktive_oplysninger") if isinstance(doc.data, dict) else None
    return tuple(a for a in declared if isinstance(a, str)) if isinstance(declared, list) else ()


_SOURCE_DETAILS = {"forfatter": "forfatter", "udgiver": "udgiver", "år": "år", "url": "webadresse (url)"}


def _and(keys: list[str]) -> str:
    """'forfatter, år og webadresse (url)'."""
    words = [_SOURCE_DETAILS[k] for k in keys]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} og {words[-1]}"


def _sources(items: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(Source(s["titel"], s.get("udgiver"), s.get("år"), s.get("url"), s.get("forfatter")) for s in items)


def glossary_entry(e: dict[str, Any]) -> GlossaryEntry:
    """A glossary word of a validated glossary file (Danish or a translation)."""
    return GlossaryEntry(
        e["term"], tuple(e.get("forkortelser", [])), tuple(e.get("synonymer", [])), e["forklaring"], e.get("metode")
    )


def _field(path: tuple[Any, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "filen"


def _kind_of(value: Any) -> str:
    for name, kind in (
        ("null", type(None)),
        ("boolean", bool),
        ("integer", int),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return name
    return "number"


def _schema_problems(doc: Located, validator: Draft202012Validator) -> list[Problem]:
    problems = []
    for error in validator.iter_errors(doc.data):
        problems.extend(_translate(doc, error))
    return problems


def _translate(doc: Located, e: ValidationError) -> list[Problem]:
    """Say one schema error in Danish, at the line of the value (or key) it concerns."""
    path = tuple(e.absolute_path)
    field = _field(path)
    if e.validator == "required":
        allowed = list(e.schema.get("properties", {}))
        misspelt = {suggest(k, allowed) for k in e.instance if k not in allowed}
        # A near-miss key ('formaal') is reported as unknown with a suggestion; not as missing too.
        missing = [k for k in e.validator_value if k not in e.instance and k not in misspelt]
        out = []
        for k in missing:
            desc = e.schema.get("properties", {}).get(k, {}).get("description", "").split(". ")[0].rstrip(".")
            where = f" under '{field}'" if path else ""
            out.append(doc.problem(path, f"feltet '{k}' mangler{where}. Tilføj '{k}:' med en værdi ({desc.lower()})."))
        return out
    if e.validator == "additionalProperties":
        allowed = list(e.schema.get("properties", {}))
        out = []
        for k in sorted(set(e.instance) - set(allowed)):
            near = suggest(k, allowed)
            way = f"Mente du '{near}'?" if near else f"Tilladte felter her: {', '.join(allowed)}."
            out.append(doc.problem((*path, k), f"ukendt felt '{k}'. {way}", key=True))
        return out
    if e.validator == "type":
        want = e.validator_value
        if e.instance is None:
            return [
                doc.problem(
                    path,
                    f"feltet '{field}' er tomt. Skriv {_TYPE_NAMES.get(want, want)} efter kolon, eller slet feltet.",
                )
            ]
        got = _TYPE_NAMES.get(_kind_of(e.instance), "noget andet")
        if want == "number" and isinstance(e.instance, str) and _DECIMAL_COMMA.fullmatch(e.instance.strip()):
            dotted = e.instance.strip().replace(",", ".")
            return [doc.problem(path, f"'{e.instance}' skal skrives med punktum som decimaltegn: {dotted}.")]
        return [
            doc.problem(
                path,
                f"'{field}' skal være {_TYPE_NAMES.get(want, want)}, men er {got}. {_TYPE_HINTS.get(want, '')}".rstrip(),
            )
        ]
    if e.validator == "enum":
        choices = [str(c) for c in e.validator_value]
        if field in schema.VOCABULARY_KINDS:
            return [
                doc.problem(
                    path,
                    f"'{e.instance}' er ikke en kendt term i {field}.{_did_you_mean(str(e.instance), choices)} "
                    f"Ellers tilføj termen i {VOCABULARY_FILE}.",
                )
            ]
        return [
            doc.problem(
                path,
                f"'{e.instance}' er ikke tilladt i '{field}'.{_did_you_mean(str(e.instance), choices)} "
                f"Vælg en af: {', '.join(choices)}.",
            )
        ]
    if e.validator == "minLength":
        return [doc.problem(path, f"feltet '{field}' er tomt. Skriv en tekst, eller slet feltet.")]
    if e.validator == "maxLength":
        owner = next((p for p in reversed(path) if isinstance(p, str) and p != "tekst"), field)
        return [
            doc.problem(
                path,
                f"teksten i '{owner}' fylder {len(e.instance)} tegn, men må højst fylde {e.validator_value}, "
                "så den kan stå i en sammenligning. Skriv den kortere.",
            )
        ]
    if e.validator == "minProperties":
        return [doc.problem(path, f"'{field}' er tom. Tilføj mindst én term med id, navn og beskrivelse.")]
    if e.validator == "minItems":
        return [doc.problem(path, f"listen '{field}' er tom. Tilføj mindst ét punkt med '- ' foran.")]
    if e.validator == "uniqueItems":
        seen: set[Any] = set()
        dups = [v for v in e.instance if v in seen or seen.add(v)]
        return [doc.problem(path, f"'{dups[0] if dups else '?'}' står to gange i '{field}'. Slet den ene.")]
    if e.validator == "pattern":
        if e.validator_value == schema.SLUG:
            return [
                doc.problem(
                    path,
                    f"'{e.instance}' er ikke et gyldigt id. Brug små bogstaver, tal og bindestreg, "
                    f"og skriv æ, ø, å som ae, oe, aa, fx '{slugify(str(e.instance))}'.",
                )
            ]
        if e.validator_value == schema.LAW_URL:
            return [
                doc.problem(
                    path,
                    f"'{e.instance}' er ikke en adresse på retsinformation.dk. Link til lovens officielle tekst, "
                    "fx https://www.retsinformation.dk/eli/lta/2023/721.",
                )
            ]
        return [doc.problem(path, f"'{e.instance}' er ikke en webadresse. Den skal begynde med https://.")]
    if e.validator in ("minimum", "maximum") and field == "år":
        return [doc.problem(path, f"'{e.instance}' ligner ikke et årstal. Skriv året med fire cifre, fx 2024.")]
    if e.validator in ("minimum", "maximum"):
        low, high = e.schema.get("minimum"), e.schema.get("maximum")
        return [doc.problem(path, f"'{e.instance}' ligger uden for skalaen. Skriv et tal fra {low} til {high}.")]
    if e.validator == "maxItems":
        return [
            doc.problem(
                path,
                f"listen '{field}' har {len(e.instance)} punkter, men må højst have {e.validator_value}, "
                "så kortet kan læses. Slet eller saml nogle af dem.",
            )
        ]
    return [
        doc.problem(path, f"feltet '{field}' har en ugyldig værdi. Sammenlign med feltbeskrivelsen på siden Bidrag.")
    ]


class _Loader:
    """Collects problems while reading one project; ``handbook()`` builds the model when there are none."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.sources: list[checks.SourceFile] = []  # every content file read, for the checks across files
        self.case_docs: list[tuple[Located, Case]] = []  # each case read, with where its fields stand

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_yaml(self, path: Path) -> tuple[str, Located] | None:
        """Return the file's text and document, or None when it could not be read (the problems are kept)."""
        rel = self.rel(path)
        text, problems = read_text(path, rel)
        if text is not None:
            doc, more = load_yaml(text, rel)
            problems += more
        self.problems += problems
        return None if problems else (text, doc)

    def content_files(self, folder: str, suffix: str) -> dict[str, Path]:
        """Return id → path for the content files in ``folder``; report links, other files and bad names."""
        found: dict[str, Path] = {}
        base = self.root / folder
        if base.is_symlink() or (base.exists() and not base.resolve().is_relative_to(self.root.resolve())):
            self.problems.append(
                Problem(
                    folder,
                    1,
                    1,
                    f"mappen {folder}/ er et link til en mappe uden for projektet. Læg filerne i selve mappen.",
                )
            )
            return found
        for path in sorted(base.iterdir()) if base.is_dir() else []:
            rel = self.rel(path)
            if path.name.startswith("."):
                continue  # .gitkeep and editors' own files
            if path.is_symlink():
                message = (
                    f"{path.name} er et symbolsk link. Læg selve filen i {folder}/ i stedet, "
                    "så håndbogen kun bygger på filer i projektet."
                )
            elif not path.is_file():
                message = (
                    f"{path.name} er ikke en fil; {folder}/ må kun indeholde {suffix}-filer. Flyt den ud af mappen."
                )
            elif path.suffix != suffix:
                message = (
                    f"{path.name} har endelsen '{path.suffix or '(ingen)'}', men {folder}/ må kun indeholde filer, "
                    f"der ender på {suffix}. Omdøb filen til '{path.stem.lower()}{suffix}', "
                    "eller flyt den ud af mappen."
                )
            else:
                message = ""
            if message:
                self.problems.append(Problem(rel, 1, 1, message))
                continue
            file_id = path.stem
            if file_id.rpartition(".")[2] in LANGUAGES[1:]:
                continue  # a translation (abcd.en.yaml), read with its edition

            if reserved(file_id):
                self.problems.append(
                    Problem(
                        rel,
                        1,
                        1,
                        f"id'et '{file_id}' er optaget af en side, som håndbogen selv laver (oversigten). "
                        f"Omdøb filen, fx til '{ {'methods': 'metode', 'cases': 'case'}.get(folder, 'side') }-oversigt{path.suffix}'.",
                    )
                )
                continue
            if slugify(file_id) != file_id:
                self.problems.append(
                    Problem(
                        rel,
                        1,
                        1,
                        f"filnavnet '{path.name}' er ikke et gyldigt id. Omdøb filen til "
                        f"'{slugify(file_id)}{path.suffix}' (små bogstaver, tal og bindestreg, æ → ae, ø → oe, å → aa).",
                    )
                )
                continue
            found[file_id] = path
        return found

    # -- vocabulary -------------------------------------------------------------------------

    def vocabulary(self) -> tuple[Term, ...]:
        path = self.root / VOCABULARY_FILE
        if not path.is_file():
            self.problems.append(
                Problem(
                    VOCABULARY_FILE,
                    1,
                    1,
                    "filen med ordlister mangler. Opret den med felterne målgrupper, områder og tilgange.",
                )
            )
            return ()
        read = self.read_yaml(path)
        if read is None:
            return ()
        doc = read[1]
        if doc.data is None:
            self.problems.append(
                Problem(
                    VOCABULARY_FILE,
                    1,
                    1,
                    "filen med ordlister er tom. Skriv felterne målgrupper, områder og tilgange med "
                    "mindst én term hver; se en tidligere udgave af filen i git som eksempel.",
                )
            )
            return ()
        self.sources.append(checks.SourceFile(doc.file, read[0], doc))
        errors = _schema_problems(doc, Draft202012Validator(schema.vocabulary_schema()))
        self.problems += errors
        if errors:
            return ()
        terms: list[Term] = []
        first: dict[str, str] = {}
        for kind in schema.VOCABULARY_KINDS:
            for term_id, term in doc.data[kind].items():
                clash = (
                    f"id'et '{term_id}' er optaget af oversigten over emner. Giv termen et andet id."
                    if reserved(term_id)
                    else f"id'et '{term_id}' står både under {first[term_id]} og {kind}. Giv termerne hver sit id."
                    if term_id in first
                    else None
                )
                if clash:
                    self.problems.append(doc.problem((kind, term_id), clash, key=True))
                    continue
                first[term_id] = kind
                terms.append(Term(term_id, kind, term["navn"], term.get("beskrivelse", "")))
        return tuple(terms)

    # -- glossary ---------------------------------------------------------------------------

    def glossary(self, method_ids: set[str]) -> tuple[GlossaryEntry, ...]:
        path = self.root / GLOSSARY_FILE
        if not path.is_file():
            return ()
        read = self.read_yaml(path)
        if read is None:
            return ()
        doc = read[1]
        self.sources.append(checks.SourceFile(doc.file, read[0], doc))
        errors = _schema_problems(doc, Draft202012Validator(schema.glossary_schema()))
        self.problems += errors
        if errors or doc.data is None:
            return ()
        entries, seen = [], {}
        for i, e in enumerate(doc.data):
            for form in (e["term"], *e.get("forkortelser", []), *e.get("synonymer", [])):
                key = form.casefold()
                if key in seen:
                    self.problems.append(
                        doc.problem(
                            (i, "term"),
                            f"'{form}' står allerede i ordlisten (linje {seen[key]}). "
                            "Et ord eller en forkortelse må kun stå ét sted.",
                        )
                    )
                seen.setdefault(key, doc.at((i,))[0])
            if e.get("metode") and e["metode"] not in method_ids:
                self.problems.append(
                    doc.problem(
                        (i, "metode"),
                        _no_method(e["metode"], method_ids),
                    )
                )
            entries.append(glossary_entry(e))
        return tuple(entries)

    # -- methods ----------------------------------------------------------------------------

    def methods(self, files: dict[str, Path], terms: tuple[Term, ...]) -> list[tuple[Located, Method]]:
        vocabulary = {k: [t.id for t in terms if t.kind == k] for k in schema.VOCABULARY_KINDS}
        validator = Draft202012Validator(schema.method_schema(vocabulary))
        out = []
        for method_id, path in files.items():
            read = self.read_yaml(path)
            if read is None:
                continue
            text, doc = read
            src = checks.SourceFile(doc.file, text, doc, allowed=_fictitious(doc))
            self.sources.append(src)
            if text.split("\n", 1)[0].strip() != SCHEMA_LINE:
                self.problems.append(
                    Problem(
                        doc.file,
                        1,
                        1,
                        f"første linje skal være '{SCHEMA_LINE}', så din editor kan "
                        "foreslå felterne. Indsæt den øverst i filen.",
                    )
                )
            if doc.data is None:
                self.problems.append(
                    Problem(doc.file, 1, 1, "filen er tom. Kopiér en anden metodefil som udgangspunkt.")
                )
                continue
            errors = checks.placeholders(src) or _schema_problems(doc, validator)  # a scaffold's placeholders first
            self.problems += errors
            if not errors:
                out.append((doc, self.method(method_id, doc)))
                self.advise(doc)
        return out

    def method(self, method_id: str, doc: Located) -> Method:
        d = doc.data
        seen: dict[str, tuple[Any, ...]] = {}

        def claim(anchor: str, path: tuple[Any, ...]) -> None:
            if anchor in seen:
                line = doc.at(seen[anchor])[0]
                self.problems.append(
                    doc.problem(
                        path,
                        f"id'et '{anchor}' bruges allerede på linje {line}. Giv hver fase, "
                        "tjekliste og arbejdsark i metoden sit eget id.",
                    )
                )
            seen[anchor] = path

        phases = []
        for i, p in enumerate(d.get("faser", [])):
            claim(p["id"], ("faser", i, "id"))
            tools = p.get("værktøjer")
            checklist = p.get("tjekliste")
            phases.append(
                Phase(
                    id=p["id"],
                    number=i + 1,
                    title=p["titel"],
                    purpose=p["formål"],
                    procedure=p.get("fremgangsmåde"),
                    advice=tuple(p.get("råd", [])),
                    tools=ToolSet(
                        f"{p['id']}-spoergsmaal", p["titel"], tools.get("intro"), tuple(tools["spørgsmål"]), p["id"]
                    )
                    if tools
                    else None,
                    checklist=Checklist(
                        f"{p['id']}-tjekliste", checklist["titel"], None, tuple(checklist["punkter"]), p["id"]
                    )
                    if checklist
                    else None,
                    ending=p.get("afslutning"),
                    basis=p.get("grundlag"),
                    aliases=tuple(p.get("tidligere_id", [])),
                )
            )
        checklists = []
        for i, c in enumerate(d.get("tjeklister", [])):
            claim(c["id"], ("tjeklister", i, "id"))
            aliases = tuple(c.get("tidligere_id", []))
            checklists.append(Checklist(c["id"], c["titel"], c.get("intro"), tuple(c["punkter"]), None, aliases))
        tools = []
        for i, t in enumerate(d.get("værktøjer", [])):
            claim(t["id"], ("værktøjer", i, "id"))
            aliases = tuple(t.get("tidligere_id", []))
            tools.append(ToolSet(t["id"], t["titel"], t.get("intro"), tuple(t["spørgsmål"]), None, aliases))
        collab = d.get("samarbejdskort")
        if collab:
            claim(COLLABORATION_ANCHOR, ("samarbejdskort",))
        if d.get("relationel_koordinering"):
            claim(COORDINATION_ANCHOR, ("relationel_koordinering",))
        impl = d.get("implementering", {})
        method = Method(
            id=method_id,
            source_path=doc.file,
            title=d["titel"],
            abbreviation=d.get("forkortelse"),
            kind=d["type"],
            summary=d["resumé"],
            target_groups=tuple(d["målgrupper"]),
            areas=tuple(d["områder"]),
            approaches=tuple(d["tilgange"]),
            background=d.get("baggrund"),
            purpose=d["formål"],
            principles=tuple(Principle(p["titel"], p["tekst"]) for p in d.get("principper", [])),
            phases=tuple(phases),
            checklists=tuple(checklists),
            tools=tuple(tools),
            promoting=tuple(impl.get("fremmende", [])),
            hindering=tuple(impl.get("hæmmende", [])),
            sources=_sources(d["kilder"]),
            related=tuple(d.get("relaterede", [])),
            keywords=tuple(d.get("emneord", [])),
            facts=tuple(
                Fact(
                    name,
                    f["tekst"],
                    f.get("uoplyst", False),
                    _sources(f.get("kilder", [])),
                    tuple(Law(x["lov"], x["paragraf"], x["emne"], x["url"]) for x in f.get("love", [])),
                )
                for name in schema.DECISION_FIELDS
                if (f := d.get(name)) is not None
            ),
            coordination=self.coordination(doc),
            collaboration_map=CollaborationMap(
                COLLABORATION_ANCHOR, collab["titel"], collab.get("intro"), tuple(collab["trin"])
            )
            if collab
            else None,
            notes=self.notes(doc),
            aliases=tuple(d.get("tidligere_id", [])),
        )
        # An old anchor must not be the id of anything else on the page, nor the old id of two things.
        for old, where in self.anchor_aliases(doc).items():
            claim(old, where)
        return method

    def anchor_aliases(self, doc: Located) -> dict[str, tuple[Any, ...]]:
        """Each old anchor of the method's phases, checklists and worksheets → where it is written."""
        out: dict[str, tuple[Any, ...]] = {}
        for i, p in enumerate(doc.data.get("faser", [])):
            for j, old in enumerate(p.get("tidligere_id", [])):
                out[old] = ("faser", i, "tidligere_id", j)
        for field in ("tjeklister", "værktøjer"):
            for i, part in enumerate(doc.data.get(field, [])):
                for j, old in enumerate(part.get("tidligere_id", [])):
                    out[old] = (field, i, "tidligere_id", j)
        return out

    def notes(self, doc: Located) -> tuple[Note, ...]:
        """The file's notes to readers, newest first; a day that does not exist is a problem."""
        notes = []
        for i, n in enumerate(doc.data.get("ændringer", [])):
            try:
                day = date.fromisoformat(n["dato"])
            except ValueError:
                self.problems.append(
                    doc.problem(
                        ("ændringer", i, "dato"),
                        f"datoen '{n['dato']}' findes ikke i kalenderen. Skriv en rigtig dag som år-måned-dag, "
                        "fx 2026-11-20.",
                    )
                )
                continue
            notes.append(Note(day, n["tekst"]))
        return tuple(sorted(notes, key=lambda n: n.date, reverse=True))

    def check_aliases(self, methods: list[tuple[Located, Method]], cases: list[tuple[Located, Case]]) -> None:
        """An old id of a method or case must not be any page's id now, nor the old id of another."""
        for kind, items in (("metode", methods), ("case", cases)):
            ids = {x.id for _, x in items}
            seen: dict[str, str] = {}
            for doc, x in items:
                for j, old in enumerate(x.aliases):
                    where = ("tidligere_id", j)
                    if old == x.id:
                        message = f"'{old}' er {'metodens' if kind == 'metode' else 'casens'} eget id. Slet linjen."
                    elif old in ids:
                        message = (
                            f"'{old}' er id'et på en anden {kind} ({kind}:{old}), så adressen kan ikke føre hertil. "
                            "Slet linjen, eller giv den anden et andet id."
                        )
                    elif old in seen:
                        message = (
                            f"'{old}' står også som tidligere id i {seen[old]}. En gammel adresse kan kun føre ét "
                            "sted hen: slet den ene."
                        )
                    elif reserved(old):
                        message = f"'{old}' er navnet på en oversigtsside og kan ikke bruges som id. Slet linjen."
                    else:
                        seen[old] = doc.file
                        continue
                    self.problems.append(doc.problem(where, message))

    def coordination(self, doc: Located) -> Coordination | None:
        """The file's measurement of relational coordination, its group ids checked; None when it has none."""
        data = doc.data.get("relationel_koordinering")
        if not data:
            return None
        where = ("relationel_koordinering", "grupper")
        ids = [g["id"] for g in data["grupper"]]
        groups, ratings = [], []
        for i, g in enumerate(data["grupper"]):
            if g["id"] in ids[:i]:
                first = doc.at((*where, ids.index(g["id"]), "id"))[0]
                self.problems.append(
                    doc.problem(
                        (*where, i, "id"),
                        f"gruppen '{g['id']}' findes allerede på linje {first}. Giv hver gruppe sit eget id.",
                    )
                )
                continue
            groups.append(Group(g["id"], g["navn"], g.get("egen")))
            for other, score in g.get("om", {}).items():
                if other == g["id"]:
                    self.problems.append(
                        doc.problem(
                            (*where, i, "om", other),
                            f"gruppen '{other}' kan ikke vurdere sig selv under 'om'. Skriv scoren om egen gruppe "
                            "i feltet 'egen'.",
                            key=True,
                        )
                    )
                elif other not in ids:
                    self.problems.append(
                        doc.problem(
                            (*where, i, "om", other),
                            f"der er ingen gruppe med id'et '{other}' i målingen.{_did_you_mean(other, ids)} "
                            f"Grupperne er: {', '.join(dict.fromkeys(ids))}.",
                            key=True,
                        )
                    )
                else:
                    ratings.append(Rating(g["id"], other, score))
        return Coordination(data["titel"], data.get("intro"), tuple(groups), tuple(ratings))

    def advise(self, doc: Located) -> None:
        """Warn about what a method should have but may lack: the facts a manager weighs, full source details."""
        d = doc.data
        for name in schema.DECISION_FIELDS:
            if name not in d:
                after = "tilgange" if name == "målgruppe" else "kilder"
                where = "efter 'tilgange'" if name == "målgruppe" else "før 'kilder'"
                self.warnings.append(
                    doc.problem(
                        (after,),
                        f"feltet '{name}' mangler. Tilføj '{name}:' {where} med en 'tekst' om, hvad kilderne "
                        "siger; siger de intet, så skriv det, og tilføj 'uoplyst: true'.",
                        key=True,
                    ).as_warning()
                )
            elif name == "lovgrundlag" and not d[name].get("love") and not d[name].get("uoplyst"):
                self.warnings.append(
                    doc.problem(
                        (name,),
                        "'lovgrundlag' nævner ingen lov. Tilføj 'love:' med lov, paragraf, emne og url, "
                        "eller 'uoplyst: true', hvis kilderne ikke siger det.",
                        key=True,
                    ).as_warning()
                )
        lists = [(("kilder",), d["kilder"])]
        lists += [((name, "kilder"), d[name].get("kilder", [])) for name in schema.DECISION_FIELDS if name in d]
        told: set[str] = set()  # a source cited under several fields is named once
        for where, sources in lists:
            for i, source in enumerate(sources):
                missing = [k for k in _SOURCE_DETAILS if k not in source]
                if missing and source["titel"] not in told:
                    told.add(source["titel"])
                    self.warnings.append(
                        doc.problem(
                            (*where, i),
                            f"kilden '{source['titel']}' mangler {_and(missing)}. "
                            f"Tilføj {'den' if len(missing) == 1 else 'dem'}, så læseren kan finde kilden; "
                            "skriv institutionen som forfatter, hvis ingen person er nævnt.",
                            key=True,
                        ).as_warning()
                    )

    def check_related(self, methods: list[tuple[Located, Method]], all_ids: set[str]) -> None:
        for doc, m in methods:
            for i, other in enumerate(m.related):
                if other == m.id:
                    self.problems.append(
                        doc.problem(
                            ("relaterede", i),
                            f"metoden kan ikke være relateret til sig selv. Slet '{other}' fra relaterede.",
                        )
                    )
                elif other not in all_ids:
                    self.problems.append(
                        doc.problem(
                            ("relaterede", i),
                            _no_method(other, all_ids),
                        )
                    )

    # -- cases ------------------------------------------------------------------------------

    def cases(self, methods: dict[str, Method], all_ids: set[str]) -> list[Case]:
        validator = Draft202012Validator(schema.case_schema())
        out = []
        for case_id, path in self.content_files(CASES_DIR, ".md").items():
            rel = self.rel(path)
            text, problems = read_text(path, rel)
            self.problems += problems
            if text is None:
                continue
            front, body, body_line, problems = split_front_matter(text, rel)
            self.problems += problems
            if front is None:
                continue
            doc, problems = load_yaml(front, rel, line_offset=1)
            self.problems += problems
            if problems:
                continue
            if not isinstance(doc.data, dict):
                self.problems.append(
                    Problem(
                        rel,
                        2,
                        1,
                        "felterne øverst i filen mangler. Skriv titel, metode og kilde mellem de to '---'-linjer.",
                    )
                )
                continue
            src = checks.SourceFile(rel, text, doc, body, body_line, _fictitious(doc))
            self.sources.append(src)
            errors = checks.placeholders(src) or _schema_problems(doc, validator)
            self.problems += errors
            if errors:
                continue
            d = doc.data
            method_id, phase_id = d["metode"], d.get("fase")
            if method_id not in all_ids:
                self.problems.append(
                    doc.problem(
                        ("metode",),
                        _no_method(method_id, all_ids),
                    )
                )
                continue
            method = methods.get(method_id)
            if phase_id is not None and method is not None:
                phase_ids = [p.id for p in method.phases]
                if phase_id not in phase_ids:
                    options = (
                        f"Metodens faser er: {', '.join(phase_ids)}."
                        if phase_ids
                        else "Metoden har ingen faser; slet feltet 'fase'."
                    )
                    self.problems.append(
                        doc.problem(
                            ("fase",),
                            f"metoden '{method_id}' har ingen fase med id'et '{phase_id}'."
                            f"{_did_you_mean(phase_id, phase_ids)} {options}",
                        )
                    )
                    continue
            out.append(
                Case(
                    id=case_id,
                    source_path=rel,
                    title=d["titel"],
                    method_id=method_id,
                    phase_id=phase_id,
                    summary=d.get("resumé"),
                    keywords=tuple(d.get("emneord", [])),
                    source=d["kilde"],
                    body=body.strip() + "\n",
                    coordination=self.coordination(doc),
                    notes=self.notes(doc),
                    aliases=tuple(d.get("tidligere_id", [])),
                )
            )
            self.case_docs.append((doc, out[-1]))
        return out


def load_handbook(root: Path) -> Handbook:
    """Return the validated handbook of the project at ``root``, or raise ContentError with every problem."""
    loader = _Loader(Path(root))
    terms = loader.vocabulary()
    method_files = loader.content_files(METHODS_DIR, ".yaml")
    all_ids = set(method_files)
    methods = loader.methods(method_files, terms)
    loader.check_related(methods, all_ids)
    by_id = {m.id: m for _, m in methods}
    cases = loader.cases(by_id, all_ids)
    loader.check_aliases(methods, loader.case_docs)
    glossary = loader.glossary(all_ids)
    targets = checks.pages(list(by_id.values()), cases, [t.id for t in terms])
    for src in loader.sources:
        loader.problems += checks.personal_data(src) + checks.broken_links(src, targets)
        loader.problems += checks.unsafe_markup(src, schema.for_file(src.file))
        loader.warnings += checks.unlinked_cases(src, cases)
    if loader.problems:
        raise ContentError(loader.problems)
    history = file_history(Path(root))
    return Handbook(
        methods=tuple(
            replace(m, history=history.get(m.source_path, ())) for m in sorted(by_id.values(), key=lambda m: m.id)
        ),
        cases=tuple(replace(c, history=history.get(c.source_path, ())) for c in sorted(cases, key=lambda c: c.id)),
        terms=terms,
        glossary=tuple(sorted(glossary, key=lambda g: danish_key(g.term))),
        warnings=tuple(sorted(set(loader.warnings))),
    )

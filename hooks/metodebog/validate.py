"""Read every content file with positions, check it, and build the handbook when nothing is wrong.

The schema's errors are said in Danish by ``schema_errors``, the ids between files are checked
by ``references`` and the model is made by ``build``. Every problem is collected before anything
is returned: ``load_handbook`` either returns the whole ``Handbook`` or raises one ``ContentError``
that lists them all.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jsonschema import Draft202012Validator

from . import build, checks, references, rules, schema
from .checks import SourceFile
from .history import file_history
from .layout import CASES_DIR, GLOSSARY_FILE, LANGUAGES, METHOD_SCHEMA_FILE, METHODS_DIR, VOCABULARY_FILE, reserved
from .load import Located, load_yaml, read_text, split_front_matter
from .model import Case, GlossaryEntry, Handbook, Method, Term, danish_key
from .problems import ContentError, Problem, report
from .schema_errors import schema_problems
from .slug import slugify

SCHEMA_LINE = f"# yaml-language-server: $schema=../{METHOD_SCHEMA_FILE}"


def _fictitious(doc: Located) -> tuple[str, ...]:
    """The texts a method or case declares as deliberate fiction (``fiktive_oplysninger``)."""
    declared = doc.data.get("fiktive_oplysninger") if isinstance(doc.data, dict) else None
    return tuple(a for a in declared if isinstance(a, str)) if isinstance(declared, list) else ()


class Reader:
    """Reads one project's content files, keeping where every value stands and every problem met."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.sources: list[SourceFile] = []  # every content file read, for the checks across files

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_yaml(self, path: Path, *, fiction: bool = False) -> SourceFile | None:
        """The YAML file as read, or None when it could not be read (the problems are kept).

        With ``fiction``, the file may declare fictitious examples (a method).
        """
        rel = self.rel(path)
        text, problems = read_text(path, rel)
        if text is not None:
            doc, problems = load_yaml(text, rel)
            if not problems:
                return SourceFile(rel, text, doc, allowed=_fictitious(doc) if fiction else ())
        self.problems += problems
        return None

    def read_markdown(self, path: Path, *, fiction: bool = False) -> SourceFile | None:
        """The Markdown file as read, its front matter as the document; None when it could not be read.

        With ``fiction``, the file may declare fictitious examples (a case).
        """
        rel = self.rel(path)
        text, problems = read_text(path, rel)
        if text is not None:
            front, body, body_line, problems = split_front_matter(text, rel)
            if front is not None:
                doc, problems = load_yaml(front, rel, line_offset=1)
                if not problems:
                    return SourceFile(rel, text, doc, body, body_line, _fictitious(doc) if fiction else ())
        self.problems += problems
        return None

    def content_files(self, folder: str, suffix: str) -> dict[str, Path]:
        """Return id → path for the content files in ``folder``; report links, other files and bad names."""
        found: dict[str, Path] = {}
        base = self.root / folder
        if base.is_symlink() or (base.exists() and not base.resolve().is_relative_to(self.root.resolve())):
            message = f"mappen {folder}/ er et link til en mappe uden for projektet. Læg filerne i selve mappen."
            self.problems.append(report(folder, message))
            return found
        for path in sorted(base.iterdir()) if base.is_dir() else []:
            if path.name.startswith("."):
                continue  # .gitkeep and editors' own files
            file_id = path.stem
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
            elif file_id.rpartition(".")[2] in LANGUAGES[1:]:
                continue  # a translation (abcd.en.yaml), read with its edition
            elif reserved(file_id):
                message = (
                    f"id'et '{file_id}' er optaget af en side, som håndbogen selv laver (oversigten). "
                    f"Omdøb filen, fx til '{ {'methods': 'metode', 'cases': 'case'}.get(folder, 'side') }-oversigt{path.suffix}'."
                )
            elif slugify(file_id) != file_id:
                message = (
                    f"filnavnet '{path.name}' er ikke et gyldigt id. Omdøb filen til "
                    f"'{slugify(file_id)}{path.suffix}' (små bogstaver, tal og bindestreg, æ → ae, ø → oe, å → aa)."
                )
            else:
                found[file_id] = path
                continue
            self.problems.append(report(self.rel(path), message))
        return found


def _vocabulary(reader: Reader) -> tuple[Term, ...]:
    path = reader.root / VOCABULARY_FILE
    if not path.is_file():
        message = "filen med ordlister mangler. Opret den med felterne målgrupper, områder og tilgange."
        reader.problems.append(report(VOCABULARY_FILE, message))
        return ()
    src = reader.read_yaml(path)
    if src is None:
        return ()
    if src.doc.data is None:
        message = (
            "filen med ordlister er tom. Skriv felterne målgrupper, områder og tilgange med "
            "mindst én term hver; se en tidligere udgave af filen i git som eksempel."
        )
        reader.problems.append(report(VOCABULARY_FILE, message))
        return ()
    reader.sources.append(src)
    errors = schema_problems(src.doc, Draft202012Validator(schema.vocabulary_schema()))
    reader.problems += errors
    if errors:
        return ()
    clashes = references.term_clashes(src.doc)
    reader.problems += clashes.values()
    return tuple(t for t in build.terms(src.doc.data) if (t.kind, t.id) not in clashes)


def _glossary(reader: Reader, method_ids: set[str]) -> tuple[GlossaryEntry, ...]:
    path = reader.root / GLOSSARY_FILE
    if not path.is_file():
        return ()
    src = reader.read_yaml(path)
    if src is None:
        return ()
    reader.sources.append(src)
    errors = schema_problems(src.doc, Draft202012Validator(schema.glossary_schema()))
    reader.problems += errors
    if errors or src.doc.data is None:
        return ()
    reader.problems += references.glossary(src.doc, method_ids)
    return tuple(build.glossary_entry(e) for e in src.doc.data)


def _dates(doc: Located) -> list[Problem]:
    """A problem for each day in the file's notes to readers (``ændringer``) that the calendar does not have."""
    return [
        report(
            doc,
            f"datoen '{n['dato']}' findes ikke i kalenderen. Skriv en rigtig dag som år-måned-dag, fx 2026-11-20.",
            ("ændringer", i, "dato"),
        )
        for i, n in enumerate(doc.data.get("ændringer", []))
        if build.day(n["dato"]) is None
    ]


def _methods(reader: Reader, files: dict[str, Path], terms: tuple[Term, ...]) -> list[tuple[Located, Method]]:
    vocabulary = {k: [t.id for t in terms if t.kind == k] for k in schema.VOCABULARY_KINDS}
    validator = Draft202012Validator(schema.method_schema(vocabulary))
    out = []
    for method_id, path in files.items():
        src = reader.read_yaml(path, fiction=True)
        if src is None:
            continue
        doc = src.doc
        reader.sources.append(src)
        if src.lines[0].strip() != SCHEMA_LINE:
            message = (
                f"første linje skal være '{SCHEMA_LINE}', så din editor kan "
                "foreslå felterne. Indsæt den øverst i filen."
            )
            reader.problems.append(report(src.file, message))
        if doc.data is None:
            reader.problems.append(report(src.file, "filen er tom. Kopiér en anden metodefil som udgangspunkt."))
            continue
        errors = checks.placeholders(src) or schema_problems(doc, validator)  # a scaffold's placeholders first
        reader.problems += errors
        if errors:
            continue
        reader.problems += references.anchors(doc) + references.groups(doc) + _dates(doc)
        out.append((doc, build.method(method_id, src.file, doc.data)))
    return out


def _cases(reader: Reader, methods: dict[str, Method], all_ids: set[str]) -> list[tuple[Located, Case]]:
    validator = Draft202012Validator(schema.case_schema())
    out = []
    for case_id, path in reader.content_files(CASES_DIR, ".md").items():
        src = reader.read_markdown(path, fiction=True)
        if src is None:
            continue
        doc = src.doc
        if not isinstance(doc.data, dict):
            message = "felterne øverst i filen mangler. Skriv titel, metode og kilde mellem de to '---'-linjer."
            reader.problems.append(report(src.file, message, line=2))
            continue
        reader.sources.append(src)
        errors = checks.placeholders(src) or schema_problems(doc, validator)
        reader.problems += errors
        if errors:
            continue
        wrong = references.case_method(doc, methods, all_ids)
        if wrong:
            reader.problems.append(wrong)
            continue
        reader.problems += references.groups(doc) + _dates(doc)
        out.append((doc, build.case(case_id, src.file, doc.data, src.body)))
    return out


def load_handbook(root: Path) -> Handbook:
    """Return the validated handbook of the project at ``root``, or raise ContentError with every problem."""
    reader = Reader(Path(root))
    terms = _vocabulary(reader)
    method_files = reader.content_files(METHODS_DIR, ".yaml")
    all_ids = set(method_files)
    method_docs = _methods(reader, method_files, terms)
    methods = {m.id: m for _, m in method_docs}
    case_docs = _cases(reader, methods, all_ids)
    cases = [c for _, c in case_docs]
    reader.problems += references.related(method_docs, all_ids) + references.aliases(method_docs, case_docs)
    glossary = _glossary(reader, all_ids)
    targets = checks.pages(list(methods.values()), cases, [t.id for t in terms])
    titles = checks.case_titles(cases)
    for src in reader.sources:
        reader.problems += checks.personal_data(src) + checks.broken_links(src, targets)
        reader.problems += checks.unsafe_markup(src, schema.for_file(src.file))
        reader.warnings += checks.unlinked_cases(src, titles)
    read = {src.file: src for src in reader.sources}
    reader.warnings += rules.problems(
        [(read[m.source_path], m) for _, m in method_docs], [(read[c.source_path], c) for _, c in case_docs]
    )
    if reader.problems:
        raise ContentError(reader.problems)
    history = file_history(Path(root))
    return Handbook(
        methods=tuple(
            replace(m, history=history.get(m.source_path, ())) for m in sorted(methods.values(), key=lambda m: m.id)
        ),
        cases=tuple(replace(c, history=history.get(c.source_path, ())) for c in sorted(cases, key=lambda c: c.id)),
        terms=terms,
        glossary=tuple(sorted(glossary, key=lambda g: danish_key(g.term))),
        warnings=tuple(sorted(set(reader.warnings))),
    )

"""What the handbook promises its readers beyond what the schema can say, checked by `make check`.

The schema says what a file may hold; these rules say what a reader counts on finding: every method
with a checklist, a worksheet and a case, a case that ends in questions for reflection, the facts a
manager weighs stated or plainly said to be unknown, each case with people of its own. Each rule
reports a ``Problem`` at the line it concerns; ``warning=True`` is its severity: it is worth fixing,
but a handbook that breaks it still builds.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from . import schema
from .checks import HEADING, SourceFile
from .layout import CASES_DIR
from .load import Located
from .model import Case, Method
from .problems import Problem, report
from .slug import slugify

REFLECTION = "Refleksionsspørgsmål"  # the heading a case ends with; case:x#refleksionsspoergsmaal links to it
REFLECTION_QUESTIONS = (3, 5)  # how many a group can talk through in a workshop
# A fact marked unknown says so in words: "Kilderne oplyser ikke …", "Kilden nævner ingen …".
_SILENT = re.compile(
    r"\b(oplyser|siger|nævner|angiver|beskriver|rummer|indeholder|henviser|fastsætter)\s+(?:\S+\s+){0,2}?"
    r"(ikke|intet|ingen|hverken)\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\d+[.)][ \t]", re.M)
_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+\b")
FIRST_NAMES = Path(__file__).parent / "fornavne.txt"


def problems(methods: list[tuple[SourceFile, Method]], cases: list[tuple[SourceFile, Case]]) -> list[Problem]:
    """Every rule over the methods and cases as read (file and model)."""
    out = [p for src, m in methods for p in method_problems(src, m)]
    out += [p for src, _ in cases for p in case_problems(src)]
    return out + handbook_problems(methods, cases)


def method_problems(src: SourceFile, m: Method) -> list[Problem]:
    """What a reader of the method's page and a trainer printing its sheets would miss."""
    doc = src.doc
    if doc is None:
        return []
    out = []
    if not m.all_checklists:
        message = (
            "metoden har ingen tjekliste, så trænere har intet ark at printe. Tilføj 'tjekliste:' under en "
            "fase eller 'tjeklister:' under metoden."
        )
        out.append(report(doc, message, ("faser",), key=True, warning=True))
    if not m.all_tools:
        message = (
            "metoden har ingen værktøjsspørgsmål, så der er intet arbejdsark at printe. Tilføj 'værktøjer:' "
            "med 'spørgsmål' under en fase eller under metoden."
        )
        out.append(report(doc, message, ("faser",), key=True, warning=True))
    for fact in m.facts:
        if fact.unknown and not _SILENT.search(fact.text):
            message = (
                f"'{fact.name}' er markeret 'uoplyst: true', men teksten siger ikke, at kilderne er tavse. "
                "Begynd fx med 'Kilderne oplyser ikke …', så læseren ved, at intet er glemt."
            )
            out.append(report(doc, message, (fact.name, "tekst"), warning=True))
    return out + _facts_and_sources(doc)


_SOURCE_DETAILS = {"forfatter": "forfatter", "udgiver": "udgiver", "år": "år", "url": "webadresse (url)"}


def _and(keys: list[str]) -> str:
    """'forfatter, år og webadresse (url)'."""
    words = [_SOURCE_DETAILS[k] for k in keys]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} og {words[-1]}"


def _facts_and_sources(doc: Located) -> list[Problem]:
    """Warnings about what a method should have but may lack: the facts a manager weighs, full source details."""
    out = []
    d = doc.data
    for name in schema.DECISION_FIELDS:
        if name not in d:
            after = "tilgange" if name == "målgruppe" else "kilder"
            where = "efter 'tilgange'" if name == "målgruppe" else "før 'kilder'"
            message = (
                f"feltet '{name}' mangler. Tilføj '{name}:' {where} med en 'tekst' om, hvad kilderne "
                "siger; siger de intet, så skriv det, og tilføj 'uoplyst: true'."
            )
            out.append(report(doc, message, (after,), key=True, warning=True))
        elif name == "lovgrundlag" and not d[name].get("love") and not d[name].get("uoplyst"):
            message = (
                "'lovgrundlag' nævner ingen lov. Tilføj 'love:' med lov, paragraf, emne og url, "
                "eller 'uoplyst: true', hvis kilderne ikke siger det."
            )
            out.append(report(doc, message, (name,), key=True, warning=True))
    lists = [(("kilder",), d["kilder"])]
    lists += [((name, "kilder"), d[name].get("kilder", [])) for name in schema.DECISION_FIELDS if name in d]
    told: set[str] = set()  # a source cited under several fields is named once
    for where, sources in lists:
        for i, source in enumerate(sources):
            missing = [k for k in _SOURCE_DETAILS if k not in source]
            if missing and source["titel"] not in told:
                told.add(source["titel"])
                message = (
                    f"kilden '{source['titel']}' mangler {_and(missing)}. "
                    f"Tilføj {'den' if len(missing) == 1 else 'dem'}, så læseren kan finde kilden; "
                    "skriv institutionen som forfatter, hvis ingen person er nævnt."
                )
                out.append(report(doc, message, (*where, i), key=True, warning=True))
    return out


def case_problems(src: SourceFile) -> list[Problem]:
    """A case ends in a numbered list of questions for reflection under its own heading."""
    headings = list(HEADING.finditer(src.body))
    at = next((h for h in headings if slugify(h.group(2)) == slugify(REFLECTION)), None)
    low, high = REFLECTION_QUESTIONS
    if at is None:
        line = src.text.rstrip().count("\n") + 1  # the case's last line
        message = (
            f"casen slutter ikke med '## {REFLECTION}'. Skriv overskriften sidst i casen med {low}–{high} "
            "nummererede spørgsmål under, som en gruppe kan tale om."
        )
        return [report(src.file, message, line=line, warning=True)]
    later = [h.start() for h in headings if h.start() > at.start()]
    questions = src.body[at.end() : min(later, default=len(src.body))]
    n = len(_NUMBERED.findall(questions))
    if low <= n <= high:
        return []
    line = src.body_line + src.body.count("\n", 0, at.start())
    message = (
        f"'{REFLECTION}' har {n} nummererede spørgsmål. Skriv {low}–{high} spørgsmål som en nummereret liste "
        "(1. 2. 3.), så der er nok at tale om, men ikke for meget til én workshop."
    )
    return [report(src.file, message, line=line, warning=True)]


def handbook_problems(methods: list[tuple[SourceFile, Method]], cases: list[tuple[SourceFile, Case]]) -> list[Problem]:
    """Rules across files: a case for every method, and no first name in two cases."""
    with_cases = {c.method_id for _, c in cases}
    out = [
        report(
            src.file,
            f"metoden har endnu ingen case. Skriv en med 'make ny-case ID=<id> METODE={m.id}', så læseren kan "
            "se metoden i brug.",
            line=src.doc.at(())[0] if src.doc else 1,
            warning=True,
        )
        for src, m in methods
        if m.id not in with_cases
    ]
    return out + _shared_names(cases)


@cache
def first_names() -> frozenset[str]:
    """Common Danish first names (fornavne.txt): a trainer must not meet the same name in two stories."""
    text = FIRST_NAMES.read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _shared_names(cases: list[tuple[SourceFile, Case]]) -> list[Problem]:
    owners: dict[str, list[tuple[SourceFile, Case, str]]] = {}
    for src, c in sorted(cases, key=lambda sc: sc[1].source_path):
        words = set(_CAPITALISED.findall(c.body))
        found = {w.removesuffix("s") if w not in first_names() else w for w in words}  # Oles → Ole
        for name in sorted(found & first_names()):
            written = name if name in words else f"{name}s"
            owners.setdefault(name, []).append((src, c, written))
    out = []
    for name, places in owners.items():
        first = places[0][1]
        for src, _, written in places[1:]:
            line, col = src.locate(src.body_line, written)
            out.append(
                Problem(
                    src.file,
                    line,
                    col,
                    f"navnet {name} bruges også i casen '{first.title}' ({CASES_DIR}/{first.id}.md). Giv personerne "
                    "i hver case deres eget navn, så ingen blander historierne sammen.",
                    warning=True,
                )
            )
    return out

"""The handbook as a plain, immutable model. Renderers read this and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .history import Change
from .layout import COORDINATION_ANCHOR
from .problems import Problem
from .slug import slugify

# Danish alphabetical order: æ, ø, å come after z, in that order.
_DANISH = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def danish_key(text: str) -> str:
    """Return a sort key that orders ``text`` as a Danish reader expects."""
    return text.casefold().translate(_DANISH)


@dataclass(frozen=True)
class Term:
    id: str
    kind: str  # "målgrupper", "områder" or "tilgange"
    name: str
    description: str


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    abbreviations: tuple[str, ...]
    synonyms: tuple[str, ...]
    explanation: str
    method_id: str | None

    @property
    def anchor(self) -> str:
        return slugify(self.term)

    @property
    def heading(self) -> str:
        """The term as the glossary's heading: with a capital first letter, as in a dictionary ('Recovery')."""
        return self.term[:1].upper() + self.term[1:]

    @property
    def letter(self) -> str:
        """The letter the term is listed under: its first letter, capital; a digit or sign goes under '#'."""
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way the word is written: the term, its abbreviations and synonyms."""
        return (self.term, *self.abbreviations, *self.synonyms)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None
    year: int | None
    url: str | None
    author: str | None = None

    @property
    def details(self) -> str:
        """Who wrote and published it, and when: 'Jacob Storch, Dansk Selskab for …, 2024' (empty when unknown).

        An institution that both wrote and published a source is named once.
        """
        author = self.author if self.author != self.publisher else None
        return ", ".join(str(x) for x in (author, self.publisher, self.year) if x)

    @property
    def citation(self) -> str:
        """The source as one line of text: 'Title. Socialstyrelsen, 2024.'"""
        return f"{self.title}. {self.details}." if self.details else f"{self.title}."


@dataclass(frozen=True)
class Law:
    """A provision of law with the address of the law's official text."""

    law: str
    section: str
    subject: str
    url: str

    @property
    def label(self) -> str:
        """'Serviceloven § 99'."""
        return f"{self.law} {self.section}"


@dataclass(frozen=True)
class Fact:
    """One of the facts a manager weighs when choosing a method (target group, knowledge base, economy, …).

    ``name`` is the field's key in the method file; ``unknown`` says the sources are silent.
    """

    name: str
    text: str
    unknown: bool
    sources: tuple[Source, ...] = ()
    laws: tuple[Law, ...] = ()


@dataclass(frozen=True)
class Principle:
    title: str
    text: str


@dataclass(frozen=True)
class Note:
    """A note to readers about a change to the content (the file's ``ændringer``)."""

    date: date
    text: str


@dataclass(frozen=True)
class Checklist:
    """A checklist; ``anchor`` is its id on the method page, ``aliases`` the ids it had before."""

    anchor: str
    title: str
    intro: str | None
    items: tuple[str, ...]
    phase_id: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolSet:
    """A set of tool questions (a worksheet); ``anchor`` is its id on the method page."""

    anchor: str
    title: str
    intro: str | None
    questions: tuple[str, ...]
    phase_id: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A professional group in a measurement of relational coordination, with its score about itself (1–5)."""

    id: str
    name: str
    own: float | None


@dataclass(frozen=True)
class Rating:
    """What one group answered about its collaboration with another (1–5)."""

    source: str  # the group that answered
    target: str  # the group the answer is about
    score: float


@dataclass(frozen=True)
class Coordination:
    """A measurement of relational coordination between groups: each group about itself and about the others."""

    title: str
    intro: str | None
    groups: tuple[Group, ...]
    ratings: tuple[Rating, ...]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def rating(self, source: str, target: str) -> float | None:
        """The score ``source`` gave ``target``, or None when it was not measured."""
        return next((r.score for r in self.ratings if r.source == source and r.target == target), None)


@dataclass(frozen=True)
class CollaborationMap:
    """The exercise of naming the actors around a citizen and rating each relation: a blank sheet and a tool."""

    anchor: str
    title: str
    intro: str | None
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    title: str
    purpose: str
    procedure: str | None
    advice: tuple[str, ...]
    tools: ToolSet | None
    checklist: Checklist | None
    ending: str | None
    basis: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Method:
    id: str
    source_path: str  # relative to the project root, e.g. "methods/abcd.yaml"
    title: str
    abbreviation: str | None
    kind: str
    summary: str
    target_groups: tuple[str, ...]
    areas: tuple[str, ...]
    approaches: tuple[str, ...]
    background: str | None
    purpose: str
    principles: tuple[Principle, ...]
    phases: tuple[Phase, ...]
    checklists: tuple[Checklist, ...]  # method-level ones only
    tools: tuple[ToolSet, ...]  # method-level ones only
    promoting: tuple[str, ...]
    hindering: tuple[str, ...]
    sources: tuple[Source, ...]
    related: tuple[str, ...]
    keywords: tuple[str, ...]
    facts: tuple[Fact, ...] = ()  # in the schema's order; a field the file leaves out is missing here
    history: tuple[Change, ...] = ()  # the source file's last commits, newest first (empty outside git)
    coordination: Coordination | None = None
    collaboration_map: CollaborationMap | None = None
    notes: tuple[Note, ...] = ()  # what changed, for readers, newest first
    aliases: tuple[str, ...] = ()  # the ids the method had before: their addresses lead here

    @property
    def updated(self) -> date | None:
        return _updated(self.history, self.notes)

    @property
    def anchor_aliases(self) -> dict[str, str]:
        """Old anchor → the anchor of the phase, checklist or worksheet that had it.

        A renamed phase keeps its old checklist and question anchors too ('gammel-tjekliste').
        """
        out: dict[str, str] = {}
        for p in self.phases:
            for old in p.aliases:
                out[old] = p.id
                if p.checklist:
                    out[p.checklist.anchor.replace(p.id, old, 1)] = p.checklist.anchor
                if p.tools:
                    out[p.tools.anchor.replace(p.id, old, 1)] = p.tools.anchor
        for part in (*self.checklists, *self.tools):
            out.update(dict.fromkeys(part.aliases, part.anchor))
        return out

    @property
    def all_checklists(self) -> tuple[Checklist, ...]:
        """Every checklist of the method: the phases' in order, then the method-level ones."""
        return tuple(p.checklist for p in self.phases if p.checklist) + self.checklists

    @property
    def all_tools(self) -> tuple[ToolSet, ...]:
        """Every tool-question set of the method: the phases' in order, then the method-level ones."""
        return tuple(p.tools for p in self.phases if p.tools) + self.tools

    def terms(self) -> tuple[str, ...]:
        return self.target_groups + self.areas + self.approaches

    def terms_by_kind(self) -> dict[str, tuple[str, ...]]:
        """The method's vocabulary ids by kind, in the vocabulary's order of kinds."""
        return {"målgrupper": self.target_groups, "områder": self.areas, "tilgange": self.approaches}

    def fact(self, name: str) -> Fact | None:
        """The fact stored under the method-file key ``name`` (e.g. "økonomi"), or None when the file has none."""
        return next((f for f in self.facts if f.name == name), None)

    def phase(self, phase_id: str | None) -> Phase | None:
        """The phase with ``phase_id``, or None (also for no id)."""
        return next((p for p in self.phases if p.id == phase_id), None)

    @property
    def sections(self) -> tuple[str, ...]:
        """The keys of the sections this method's page shows, in order (see ``METHOD_SECTIONS``)."""
        return tuple(key for key, shown in METHOD_SECTIONS if shown(self))

    def section_anchor(self, key: str, headings: Mapping[str, str]) -> str:
        """The anchor of section ``key`` on the page; ``headings`` are the edition's section headings by key."""
        if key == "coordination":
            return COORDINATION_ANCHOR
        if key == "collaboration_map" and self.collaboration_map:
            return self.collaboration_map.anchor
        return slugify(headings[key])

    @cached_property
    def search_text(self) -> str:
        """All the method's words in one text, for finding which glossary words it uses."""
        parts = [
            *(getattr(self, name) or "" for name in METHOD_TEXTS),
            self.abbreviation or "",
            *(f"{p.title}\n{p.text}" for p in self.principles),
            *self.promoting,
            *self.hindering,
            *(f.text for f in self.facts),
        ]
        for p in self.phases:
            parts += [p.title, p.purpose, p.procedure or "", *p.advice, p.ending or "", p.basis or ""]
        for c in self.all_checklists:
            parts += [c.title, c.intro or "", *c.items]
        for t in self.all_tools:
            parts += [t.title, t.intro or "", *t.questions]
        if self.collaboration_map:
            cm = self.collaboration_map
            parts += [cm.title, cm.intro or "", *cm.steps]
        if self.coordination:
            parts += [
                self.coordination.title,
                self.coordination.intro or "",
                *(g.name for g in self.coordination.groups),
            ]
        return "\n".join(parts)


# A method's own texts, one string each: model attribute → key in the method file and in its translation. The
# model is built, translated and searched by this table, so a new text is a line here, an attribute on ``Method``
# and its entry in schema.py. A text in ``LISTED_TEXTS`` is shown as a line in the list under the summary; a text
# with a section of its own is named in ``METHOD_SECTIONS`` too. Both take their label from strings' method.<attr>.
METHOD_TEXTS = {"title": "titel", "summary": "resumé", "background": "baggrund", "purpose": "formål"}
LISTED_TEXTS: tuple[str, ...] = ()

# The sections of a method page, in the order a reader meets them, each shown when the method has something for
# it (cases and sources always: "no cases yet" is worth saying). The web page, the printed method, the page's
# jump links and the anchors editors may link to (metode:abcd#kilder) all follow this one list; a section's
# heading is the strings table's method.<key>, but for the two maps, which carry their own titles.
METHOD_SECTIONS: tuple[tuple[str, Callable[[Method], object]], ...] = (
    ("background", lambda m: m.background),
    ("purpose", lambda m: True),
    ("principles", lambda m: m.principles),
    ("coordination", lambda m: m.coordination),
    ("phases", lambda m: m.phases),
    ("checklists", lambda m: m.checklists),
    ("worksheets", lambda m: m.tools),
    ("collaboration_map", lambda m: m.collaboration_map),
    ("cases", lambda m: True),
    ("choosing", lambda m: m.facts),
    ("implementation", lambda m: m.promoting or m.hindering),
    ("sources", lambda m: True),
    ("related", lambda m: m.related),
)


@dataclass(frozen=True)
class Case:
    id: str
    source_path: str
    title: str
    method_id: str
    phase_id: str | None
    summary: str | None
    keywords: tuple[str, ...]
    source: str
    body: str
    history: tuple[Change, ...] = ()
    coordination: Coordination | None = None
    notes: tuple[Note, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def updated(self) -> date | None:
        return _updated(self.history, self.notes)


def _updated(history: tuple[Change, ...], notes: tuple[Note, ...]) -> date | None:
    """When the content last changed: its last commit that changed what it says, or its newest note outside git."""
    days = [x.date for x in (*history[:1], *notes[:1])]
    return max(days, default=None)


@dataclass(frozen=True)
class Handbook:
    """The whole handbook; methods and cases sorted by id, terms in file order."""

    methods: tuple[Method, ...]
    cases: tuple[Case, ...]
    terms: tuple[Term, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    warnings: tuple[Problem, ...] = ()  # what make check advises but does not require

    @property
    def updated(self) -> date | None:
        """The newest change of any method or case, or None outside git."""
        return max((x.updated for x in (*self.methods, *self.cases) if x.updated), default=None)

    @cached_property
    def _methods(self) -> dict[str, Method]:
        return {m.id: m for m in self.methods}

    @cached_property
    def _terms(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def _cases_by_method(self) -> dict[str, tuple[Case, ...]]:
        grouped: dict[str, list[Case]] = {}
        for c in self.cases_by_title:
            grouped.setdefault(c.method_id, []).append(c)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _methods_by_term(self) -> dict[str, tuple[Method, ...]]:
        grouped: dict[str, list[Method]] = {}
        for m in self.methods_by_title:
            for t in m.terms():
                grouped.setdefault(t, []).append(m)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def methods_by_title(self) -> tuple[Method, ...]:
        return tuple(sorted(self.methods, key=lambda m: (danish_key(m.title), m.id)))

    @cached_property
    def cases_by_title(self) -> tuple[Case, ...]:
        return tuple(sorted(self.cases, key=lambda c: (danish_key(c.title), c.id)))

    def method(self, method_id: str) -> Method:
        return self._methods[method_id]

    @cached_property
    def _cases(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases}

    def case(self, case_id: str) -> Case:
        return self._cases[case_id]

    def term(self, term_id: str) -> Term:
        return self._terms[term_id]

    def cases_of(self, method_id: str, phase_id: str | None = None) -> tuple[Case, ...]:
        """Cases of a method; with ``phase_id``, only that phase's; sorted by title."""
        cases = self._cases_by_method.get(method_id, ())
        return cases if phase_id is None else tuple(c for c in cases if c.phase_id == phase_id)

    def methods_with(self, term_id: str) -> tuple[Method, ...]:
        """Methods carrying the vocabulary term, sorted by title."""
        return self._methods_by_term.get(term_id, ())

"""Model objects from content that has passed the schema: no checks here, only building."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import schema
from .layout import COLLABORATION_ANCHOR
from .model import (
    METHOD_TEXTS,
    Case,
    Checklist,
    CollaborationMap,
    Coordination,
    Fact,
    GlossaryEntry,
    Group,
    Law,
    Method,
    Note,
    Phase,
    Principle,
    Rating,
    Source,
    Term,
    ToolSet,
)


def sources(items: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(Source(s["titel"], s.get("udgiver"), s.get("år"), s.get("url"), s.get("forfatter")) for s in items)


def glossary_entry(e: dict[str, Any]) -> GlossaryEntry:
    """A glossary word of a validated glossary file (Danish or a translation)."""
    return GlossaryEntry(
        e["term"], tuple(e.get("forkortelser", [])), tuple(e.get("synonymer", [])), e["forklaring"], e.get("metode")
    )


def terms(data: dict[str, Any]) -> tuple[Term, ...]:
    """The terms of the vocabulary file, kind by kind ('målgrupper', …), each kind in the file's order."""
    return tuple(
        Term(term_id, kind, t["navn"], t.get("beskrivelse", ""))
        for kind in schema.VOCABULARY_KINDS
        for term_id, t in data[kind].items()
    )


def day(text: str) -> date | None:
    """The day written as year-month-day, or None when the calendar has no such day (2026-02-30)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def notes(data: dict[str, Any]) -> tuple[Note, ...]:
    """The file's notes to readers (``ændringer``), newest first; a note on a day that does not exist is left out."""
    found = [Note(d, n["tekst"]) for n in data.get("ændringer", []) if (d := day(n["dato"])) is not None]
    return tuple(sorted(found, key=lambda n: n.date, reverse=True))


def coordination(data: dict[str, Any]) -> Coordination | None:
    """The file's measurement of relational coordination, or None when it has none."""
    rc = data.get("relationel_koordinering")
    if not rc:
        return None
    groups = [Group(g["id"], g["navn"], g.get("egen")) for g in rc["grupper"]]
    ratings = [Rating(g["id"], other, score) for g in rc["grupper"] for other, score in g.get("om", {}).items()]
    return Coordination(rc["titel"], rc.get("intro"), tuple(groups), tuple(ratings))


def _phase(p: dict[str, Any], number: int) -> Phase:
    tools = p.get("værktøjer")
    checklist = p.get("tjekliste")
    return Phase(
        id=p["id"],
        number=number,
        title=p["titel"],
        purpose=p["formål"],
        procedure=p.get("fremgangsmåde"),
        advice=tuple(p.get("råd", [])),
        tools=ToolSet(f"{p['id']}-spoergsmaal", p["titel"], tools.get("intro"), tuple(tools["spørgsmål"]), p["id"])
        if tools
        else None,
        checklist=Checklist(f"{p['id']}-tjekliste", checklist["titel"], None, tuple(checklist["punkter"]), p["id"])
        if checklist
        else None,
        ending=p.get("afslutning"),
        basis=p.get("grundlag"),
        aliases=tuple(p.get("tidligere_id", [])),
    )


def _fact(name: str, f: dict[str, Any]) -> Fact:
    laws = tuple(Law(x["lov"], x["paragraf"], x["emne"], x["url"]) for x in f.get("love", []))
    return Fact(name, f["tekst"], f.get("uoplyst", False), sources(f.get("kilder", [])), laws)


def method(method_id: str, file: str, d: dict[str, Any]) -> Method:
    """The method of a validated method file ``file``."""
    impl = d.get("implementering", {})
    collab = d.get("samarbejdskort")
    return Method(
        id=method_id,
        source_path=file,
        **{name: d.get(key) for name, key in METHOD_TEXTS.items()},
        abbreviation=d.get("forkortelse"),
        kind=d["type"],
        target_groups=tuple(d["målgrupper"]),
        areas=tuple(d["områder"]),
        approaches=tuple(d["tilgange"]),
        principles=tuple(Principle(p["titel"], p["tekst"]) for p in d.get("principper", [])),
        phases=tuple(_phase(p, i + 1) for i, p in enumerate(d.get("faser", []))),
        checklists=tuple(
            Checklist(c["id"], c["titel"], c.get("intro"), tuple(c["punkter"]), None, tuple(c.get("tidligere_id", [])))
            for c in d.get("tjeklister", [])
        ),
        tools=tuple(
            ToolSet(t["id"], t["titel"], t.get("intro"), tuple(t["spørgsmål"]), None, tuple(t.get("tidligere_id", [])))
            for t in d.get("værktøjer", [])
        ),
        promoting=tuple(impl.get("fremmende", [])),
        hindering=tuple(impl.get("hæmmende", [])),
        sources=sources(d["kilder"]),
        related=tuple(d.get("relaterede", [])),
        keywords=tuple(d.get("emneord", [])),
        facts=tuple(_fact(name, f) for name in schema.DECISION_FIELDS if (f := d.get(name)) is not None),
        coordination=coordination(d),
        collaboration_map=CollaborationMap(
            COLLABORATION_ANCHOR, collab["titel"], collab.get("intro"), tuple(collab["trin"])
        )
        if collab
        else None,
        notes=notes(d),
        aliases=tuple(d.get("tidligere_id", [])),
    )


def case(case_id: str, file: str, d: dict[str, Any], body: str) -> Case:
    """The case of a validated case file ``file`` whose front matter is ``d``."""
    return Case(
        id=case_id,
        source_path=file,
        title=d["titel"],
        method_id=d["metode"],
        phase_id=d.get("fase"),
        summary=d.get("resumé"),
        keywords=tuple(d.get("emneord", [])),
        source=d["kilde"],
        body=body.strip() + "\n",
        coordination=coordination(d),
        notes=notes(d),
        aliases=tuple(d.get("tidligere_id", [])),
    )

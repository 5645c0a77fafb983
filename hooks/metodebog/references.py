"""Checks the schema cannot make: ids that must exist, and ids and words that may be used only once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import schema
from .layout import COLLABORATION_ANCHOR, COORDINATION_ANCHOR, METHODS_DIR, reserved
from .load import Located, Path_
from .model import Case, Method
from .problems import Problem, did_you_mean, report

_METHOD_FILE = f"Id'et er filnavnet i {METHODS_DIR}/ uden .yaml."


def no_method(method_id: str, known: Iterable[str] = (), way_out: str = _METHOD_FILE) -> str:
    """The one wording of a reference to a method that does not exist: the nearest of ``known``, then ``way_out``."""
    return f"der findes ingen metode med id'et '{method_id}'.{did_you_mean(method_id, sorted(known))} {way_out}"


def term_clashes(doc: Located) -> dict[tuple[str, str], Problem]:
    """(kind, id) → problem for each term of a validated vocabulary whose id is taken: by an overview or a term before."""
    out = {}
    first: dict[str, str] = {}
    for kind in schema.VOCABULARY_KINDS:
        for term_id in doc.data[kind]:
            if reserved(term_id):
                message = f"id'et '{term_id}' er optaget af oversigten over emner. Giv termen et andet id."
            elif term_id in first:
                message = f"id'et '{term_id}' står både under {first[term_id]} og {kind}. Giv termerne hver sit id."
            else:
                first[term_id] = kind
                continue
            out[kind, term_id] = report(doc, message, (kind, term_id), key=True)
    return out


def glossary(doc: Located, method_ids: set[str]) -> list[Problem]:
    """A word of a validated glossary written twice (as term, abbreviation or synonym), a method that does not exist."""
    out = []
    seen: dict[str, int] = {}
    for i, e in enumerate(doc.data):
        for form in (e["term"], *e.get("forkortelser", []), *e.get("synonymer", [])):
            key = form.casefold()
            if key in seen:
                out.append(
                    report(
                        doc,
                        f"'{form}' står allerede i ordlisten (linje {seen[key]}). "
                        "Et ord eller en forkortelse må kun stå ét sted.",
                        (i, "term"),
                    )
                )
            seen.setdefault(key, doc.at((i,))[0])
        if e.get("metode") and e["metode"] not in method_ids:
            out.append(report(doc, no_method(e["metode"], method_ids), (i, "metode")))
    return out


def _old_anchors(d: dict[str, Any]) -> list[tuple[str, Path_]]:
    """Each old anchor of the method's phases, checklists and worksheets, with where it is written."""
    out: list[tuple[str, Path_]] = []
    for field in ("faser", "tjeklister", "værktøjer"):
        for i, part in enumerate(d.get(field, [])):
            out += [(old, (field, i, "tidligere_id", j)) for j, old in enumerate(part.get("tidligere_id", []))]
    return out


def anchors(doc: Located) -> list[Problem]:
    """An id used twice on a validated method's page: by phases, checklists, worksheets, sections or old anchors."""
    d = doc.data
    claims: list[tuple[str, Path_]] = []
    for field in ("faser", "tjeklister", "værktøjer"):
        claims += [(part["id"], (field, i, "id")) for i, part in enumerate(d.get(field, []))]
    if d.get("samarbejdskort"):
        claims.append((COLLABORATION_ANCHOR, ("samarbejdskort",)))
    if d.get("relationel_koordinering"):
        claims.append((COORDINATION_ANCHOR, ("relationel_koordinering",)))
    # An old anchor must not be the id of anything else on the page, nor the old id of two things.
    claims += _old_anchors(d)
    out = []
    seen: dict[str, Path_] = {}
    for anchor, path in claims:
        if anchor in seen:
            out.append(
                report(
                    doc,
                    f"id'et '{anchor}' bruges allerede på linje {doc.at(seen[anchor])[0]}. Giv hver fase, "
                    "tjekliste og arbejdsark i metoden sit eget id.",
                    path,
                )
            )
        seen[anchor] = path
    return out


def groups(doc: Located) -> list[Problem]:
    """In a validated measurement of relational coordination: a group id used twice, a rating of no other group."""
    data = doc.data.get("relationel_koordinering")
    if not data:
        return []
    where = ("relationel_koordinering", "grupper")
    ids = [g["id"] for g in data["grupper"]]
    out = []
    for i, g in enumerate(data["grupper"]):
        if g["id"] in ids[:i]:
            first = doc.at((*where, ids.index(g["id"]), "id"))[0]
            out.append(
                report(
                    doc,
                    f"gruppen '{g['id']}' findes allerede på linje {first}. Giv hver gruppe sit eget id.",
                    (*where, i, "id"),
                )
            )
            continue
        for other in g.get("om", {}):
            if other == g["id"]:
                message = (
                    f"gruppen '{other}' kan ikke vurdere sig selv under 'om'. Skriv scoren om egen gruppe "
                    "i feltet 'egen'."
                )
            elif other not in ids:
                message = (
                    f"der er ingen gruppe med id'et '{other}' i målingen.{did_you_mean(other, ids)} "
                    f"Grupperne er: {', '.join(dict.fromkeys(ids))}."
                )
            else:
                continue
            out.append(report(doc, message, (*where, i, "om", other), key=True))
    return out


def related(methods: list[tuple[Located, Method]], all_ids: set[str]) -> list[Problem]:
    """A related method that is the method itself or does not exist."""
    out = []
    for doc, m in methods:
        for i, other in enumerate(m.related):
            if other == m.id:
                message = f"metoden kan ikke være relateret til sig selv. Slet '{other}' fra relaterede."
            elif other not in all_ids:
                message = no_method(other, all_ids)
            else:
                continue
            out.append(report(doc, message, ("relaterede", i)))
    return out


def case_method(doc: Located, methods: dict[str, Method], all_ids: set[str]) -> Problem | None:
    """The problem with a validated case's method or phase, when it names one that does not exist."""
    method_id, phase_id = doc.data["metode"], doc.data.get("fase")
    if method_id not in all_ids:
        return report(doc, no_method(method_id, all_ids), ("metode",))
    method = methods.get(method_id)
    if phase_id is None or method is None:
        return None  # a method file with problems of its own has no phases to compare with
    phase_ids = [p.id for p in method.phases]
    if phase_id in phase_ids:
        return None
    options = (
        f"Metodens faser er: {', '.join(phase_ids)}." if phase_ids else "Metoden har ingen faser; slet feltet 'fase'."
    )
    return report(
        doc,
        f"metoden '{method_id}' har ingen fase med id'et '{phase_id}'.{did_you_mean(phase_id, phase_ids)} {options}",
        ("fase",),
    )


def aliases(methods: list[tuple[Located, Method]], cases: list[tuple[Located, Case]]) -> list[Problem]:
    """An old id of a method or case that is any page's id now, or the old id of another."""
    out = []
    for kind, items in (("metode", methods), ("case", cases)):
        ids = {x.id for _, x in items}
        seen: dict[str, str] = {}
        for doc, x in items:
            for j, old in enumerate(x.aliases):
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
                out.append(report(doc, message, ("tidligere_id", j)))
    return out

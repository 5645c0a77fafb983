"""What the glossary adds to pages: search synonyms, abbreviation tooltips, where each word occurs."""

from __future__ import annotations

import re
from functools import cache

from .model import GlossaryEntry, Handbook


@cache
def _pattern(form: str) -> re.Pattern[str]:
    # Whole words only, case-insensitive for words and exact for abbreviations (SoS, not "sos" in a word).
    flags = 0 if form.isupper() or any(c.isupper() for c in form[1:]) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", flags)


def occurs(entry: GlossaryEntry, text: str) -> bool:
    """Whether any form of ``entry`` stands in ``text``."""
    return any(_pattern(form).search(text) for form in entry.forms)


def synonyms(glossary: tuple[GlossaryEntry, ...], text: str) -> list[str]:
    """Return the forms a page should also be found by: the other forms of every word it mentions."""
    out: list[str] = []
    for entry in glossary:
        present = [f for f in entry.forms if _pattern(f).search(text)]
        if present:
            out += [f for f in entry.forms if f not in present and f not in out]
    return out


def abbreviation_definitions(glossary: tuple[GlossaryEntry, ...]) -> str:
    """Return Markdown abbreviation definitions, so each abbreviation gets a tooltip with its meaning."""
    lines = []
    for entry in glossary:
        for abbr in entry.abbreviations:
            if any(c in abbr for c in "[]\n\r\\"):
                continue  # Markdown's abbreviation syntax cannot hold these; the word is still in the glossary
            lines.append(f"*[{abbr}]: {' '.join(entry.term.split())} – {' '.join(entry.explanation.split())}")
    return "\n".join(lines)


def occurrences(handbook: Handbook, entry: GlossaryEntry) -> tuple[list[str], list[str]]:
    """Return the ids of the methods and the cases in which ``entry`` occurs, by title order."""
    methods = [m.id for m in handbook.methods_by_title if m.id == entry.method_id or occurs(entry, m.search_text)]
    cases = [c.id for c in handbook.cases_by_title if occurs(entry, c.title + "\n" + c.body)]
    return methods, cases

"""What the glossary adds to pages: search synonyms, abbreviation tooltips, where each word occurs."""

from __future__ import annotations

import re
from functools import cache

from .model import GlossaryEntry, Handbook

_WORD = re.compile(r"\w+")


@cache
def _pattern(form: str) -> re.Pattern[str]:
    # Whole words only, case-insensitive for words and exact for abbreviations (SoS, not "sos" in a word).
    flags = 0 if form.isupper() or any(c.isupper() for c in form[1:]) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", flags)


@cache
def _words(form: str) -> frozenset[str]:
    return frozenset(_WORD.findall(form.lower()))


def _present(entry: GlossaryEntry, text: str, words: frozenset[str]) -> list[str]:
    """The forms of ``entry`` that stand in ``text``; ``words`` are the text's lower-case words.

    A form can only stand in the text if each of its words does, so the set test skips nearly every
    regular expression: a page is read once for its words instead of once per glossary form.
    """
    return [f for f in entry.forms if _words(f) <= words and _pattern(f).search(text)]


def _text_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def synonyms(glossary: tuple[GlossaryEntry, ...], text: str) -> list[str]:
    """Return the forms a page should also be found by: the other forms of every word it mentions."""
    out: list[str] = []
    words = _text_words(text)
    for entry in glossary:
        present = _present(entry, text, words)
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


def occurrences(handbook: Handbook) -> dict[str, tuple[list[str], list[str]]]:
    """Return, per glossary term, the ids of the methods and the cases in which it occurs, by title order.

    Each method's and case's text is read once for its words, whatever the size of the glossary.
    """
    found: dict[str, tuple[list[str], list[str]]] = {g.term: ([], []) for g in handbook.glossary}
    for m in handbook.methods_by_title:
        words = _text_words(m.search_text)
        for g in handbook.glossary:
            if m.id == g.method_id or _present(g, m.search_text, words):
                found[g.term][0].append(m.id)
    for c in handbook.cases_by_title:
        text = c.title + "\n" + c.body
        words = _text_words(text)
        for g in handbook.glossary:
            if _present(g, text, words):
                found[g.term][1].append(c.id)
    return found

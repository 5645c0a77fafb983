"""What the glossary adds to pages: search synonyms, abbreviation tooltips, where each word occurs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html import escape
from html.parser import HTMLParser

from .model import GlossaryEntry, Handbook, danish_key
from .slug import slugify

_WORD = re.compile(r"\w+")

# The endings a Danish word takes (definite, plural, both, and the genitive -s of each), by how the word
# ends: skalaspørgsmål → skalaspørgsmålet, netværksmøde → netværksmøderne, faktorer → faktorerne.
_AFTER_E = ("n", "ns", "r", "rs", "rne", "rnes", "ne", "nes", "t", "ts", "s")
_AFTER_ER = ("ne", "nes", "s")
_AFTER_CONSONANT = ("e", "es", "en", "ens", "et", "ets", "ene", "enes", "er", "ers", "erne", "ernes", "s")
_ENDINGS_BY_LAST = {
    last: tuple(sorted(e for e in {*_AFTER_E, *_AFTER_ER, *_AFTER_CONSONANT} if e.endswith(last)))
    for last in {e[-1] for e in (*_AFTER_E, *_AFTER_CONSONANT)}
}


def _exact(form: str) -> bool:
    """Whether ``form`` is an abbreviation or a name (SoS, ÅD, Åben Dialog): written only as it stands."""
    return form.isupper() or any(c.isupper() for c in form[1:])


def _endings(form: str) -> tuple[str, ...]:
    if _exact(form) or not form[-1:].isalpha():
        return ()
    if form.endswith("er"):
        return _AFTER_ER
    return _AFTER_E if form.endswith("e") else _AFTER_CONSONANT


@cache
def _pattern(form: str) -> re.Pattern[str]:
    # Whole words only, case-insensitive for words and exact for abbreviations (SoS, not "sos" in a word);
    # a word also in its inflected forms (the last word of a phrase: fælles handlingsplaner).
    flags = 0 if _exact(form) else re.IGNORECASE
    endings = _endings(form)
    inflected = f"(?:{'|'.join(sorted(endings, key=len, reverse=True))})?" if endings else ""
    return re.compile(rf"(?<![\w-]){re.escape(form)}{inflected}(?![\w-])", flags)


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
    """The text's lower-case words, each also without any ending it may have (for the set test of ``_present``)."""
    words = set(_WORD.findall(text.lower()))
    stems = {w[: -len(e)] for w in words for e in _ENDINGS_BY_LAST.get(w[-1], ()) if len(w) > len(e) and w.endswith(e)}
    return frozenset(words | stems)


def synonyms(glossary: tuple[GlossaryEntry, ...], text: str) -> list[str]:
    """Return the forms a page should also be found by: the other forms of every word it mentions."""
    out: list[str] = []
    words = _text_words(text)
    for entry in glossary:
        present = _present(entry, text, words)
        if present:
            out += [f for f in entry.forms if f not in present and f not in out]
    return out


# The hidden lists of synonyms on a page: their ids start with this, so the search box (js/soeg.js) knows
# their words in Pagefind's text of the page and shows them in no excerpt.
SYNONYMS_ID = "mh-synonymer"
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_UNREAD = frozenset({"script", "style", "template", "form", "nav", "footer"})  # not in Pagefind's index either
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class _Part:
    start: int  # where its heading starts in the page's HTML (0 for the part before the first heading)
    level: int  # its heading's: 1 for <h1>, 0 before the first heading
    heading: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


class _Parts(HTMLParser):
    """A page's HTML in parts, each from a heading with an id (what a search result links to) to the next.

    Of each part it reads the heading's text and the rest; not what the search index leaves out
    (``data-pagefind-ignore``, the synonym lists, scripts and forms), nor any attribute.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._lines = [0, *(m.end() for m in re.finditer("\n", html))]
        self.parts = [_Part(0, 0)]
        self._heading: str | None = None
        self._skipped: str | None = None  # the tag of the element being skipped
        self._depth = 0  # how many of its tag are open inside it
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipped is not None:
            self._depth += tag == self._skipped
            return
        found = dict(attrs)
        if tag in _UNREAD or "data-pagefind-ignore" in found or (found.get("id") or "").startswith(SYNONYMS_ID):
            if tag not in _VOID:
                self._skipped, self._depth = tag, 1
            return
        if tag in _HEADINGS and found.get("id"):
            line, column = self.getpos()
            self.parts.append(_Part(self._lines[line - 1] + column, _HEADINGS[tag]))
            self._heading = tag

    def handle_endtag(self, tag: str) -> None:
        if self._skipped is not None:
            if tag == self._skipped:
                self._depth -= 1
                if not self._depth:
                    self._skipped = None
        elif tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skipped is None:
            part = self.parts[-1]
            (part.heading if self._heading else part.body).append(data)


def add_synonyms(glossary: tuple[GlossaryEntry, ...], html: str) -> str:
    """Return a page's ``html`` with, at the end of each part, a hidden list of the other forms of the words in it.

    Search then finds the part by them and links to its heading: skaleringsspørgsmål finds the worksheet
    "Skalaspørgsmålet fra 0 til 10". The other forms of a heading's own words weigh as the heading does
    (Pagefind weighs <h1> 7 … <h6> 2). Each list's id starts with ``SYNONYMS_ID``.
    """
    if not glossary:
        return html
    parts = _Parts(html).parts
    out = []
    for i, part in enumerate(parts):
        out.append(html[part.start : parts[i + 1].start if i + 1 < len(parts) else len(html)])
        heading, body = " ".join(part.heading), " ".join(part.body)
        every = synonyms(glossary, f"{heading}\n{body}")
        titled = [f for f in synonyms(glossary, heading) if f in every] if heading.strip() else []
        lists = ((titled, f' data-pagefind-weight="{8 - part.level}"'), ([f for f in every if f not in titled], ""))
        for n, (forms, weight) in enumerate(lists):
            if forms:
                out.append(
                    f'\n<div class="mh-synonymer" id="{SYNONYMS_ID}-{i}-{n}" hidden{weight}>{escape(" · ".join(forms))}</div>\n'
                )
    return "".join(out)


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


@dataclass(frozen=True)
class Letter:
    """A letter of the glossary's A–Z list: its anchor, and its words (none: the letter is shown, not linked)."""

    letter: str
    anchor: str
    entries: tuple[GlossaryEntry, ...]


def by_letter(entries: tuple[GlossaryEntry, ...], alphabet: str, prefix: str = "bogstav") -> list[Letter]:
    """Return every letter of ``alphabet`` (and any other first letter the words have) with the words under it.

    The words keep their order (the glossary's, Danish alphabetical); letters follow the alphabet, others after.
    """
    grouped: dict[str, list[GlossaryEntry]] = {}
    for g in entries:
        grouped.setdefault(g.letter, []).append(g)
    extra = sorted((x for x in grouped if x not in alphabet), key=lambda x: (x == "#", danish_key(x)))
    return [Letter(x, f"{prefix}-{slugify(x) or 'tegn'}", tuple(grouped.get(x, ()))) for x in [*alphabet, *extra]]

"""Danish ASCII ids and anchors: 'Åben Dialog' → 'aaben-dialog'."""

from __future__ import annotations

import difflib
import re

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def slugify(text: str, separator: str = "-") -> str:
    """Return ``text`` in lower-case ASCII with æ, ø, å spelled ae, oe, aa; usable as a Markdown toc slugify."""
    return re.sub(r"[^a-z0-9]+", separator, text.lower().translate(_FOLD)).strip(separator)


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return the nearest of ``choices`` to ``word``, comparing with æ/ø/å folded, or None."""
    folded = {slugify(c) or c: c for c in choices}
    hit = difflib.get_close_matches(slugify(word) or word, list(folded), n=1, cutoff=0.75)
    return folded[hit[0]] if hit else None

"""Danish ASCII ids and anchors: 'Åben Dialog' → 'aaben-dialog'."""

from __future__ import annotations

import re

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def slugify(text: str, separator: str = "-") -> str:
    """Return ``text`` in lower-case ASCII with æ, ø, å spelled ae, oe, aa; usable as a Markdown toc slugify."""
    return re.sub(r"[^a-z0-9]+", separator, text.lower().translate(_FOLD)).strip(separator)

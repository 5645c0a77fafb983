"""Old addresses that keep working: a page for each id a method, case, phase, checklist or worksheet had before.

A QR code on paper lives for years. When an editor renames something and writes the old id under
``tidligere_id``, the build leaves a small page at the old address that forwards the reader to the
new one, keeping the part after '#' (the QR codes point to a checklist's anchor). Old anchors on a
method page are kept as empty elements with the old id (templates/macros.j2, ``old_anchors``).
"""

from __future__ import annotations

import json
import posixpath
from html import escape

from . import csp
from .i18n import strings
from .layout import Addresses, addresses, web_address
from .model import Handbook


def _page(target: str, language: str) -> str:
    """A page that forwards to ``target`` (relative): by script with the '#' part kept, else by refresh or link."""
    words = strings(language)["moved"]
    link = f'<a href="{escape(target)}">{escape(target)}</a>'
    html = (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(words['title'])}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f"<script>location.replace({json.dumps(target)} + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        f"</head>\n<body>\n<h1>{escape(words['title'])}</h1>\n"
        f"<p>{escape(words['text']).replace('{link}', link)}</p>\n</body>\n</html>\n"
    )
    return csp.protect(html)


def _relative(target: str, from_uri: str) -> str:
    """``target`` (an address below the edition's root) as seen from the file ``from_uri``."""
    folder = posixpath.dirname(from_uri) or "."
    rel = posixpath.relpath(target or ".", folder)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def old_addresses(handbook: Handbook, edition: Addresses) -> dict[str, str]:
    """Return old file path → the address (below the edition's root) it now forwards to."""
    out: dict[str, str] = {}
    for m in handbook.methods:
        page = web_address(edition.method_uri(m.id))
        sheets = [*(c.anchor for c in m.all_checklists), *(t.anchor for t in m.all_tools)]
        if m.collaboration_map:
            sheets.append(m.collaboration_map.anchor)
        old_sheets = {old: new for old, new in m.anchor_aliases.items() if new in sheets}
        for method_id in (m.id, *m.aliases):
            if method_id != m.id:
                out[web_address(edition.method_uri(method_id)) + "index.html"] = page
            pairs = [(a, a) for a in sheets] if method_id != m.id else []
            for old, new in [*pairs, *old_sheets.items()]:
                out[edition.sheet_html(method_id, old)] = edition.sheet_html(m.id, new)
    for c in handbook.cases:
        for old in c.aliases:
            out[web_address(edition.case_uri(old)) + "index.html"] = web_address(edition.case_uri(c.id))
    return out


def redirect_files(handbook: Handbook, language: str) -> dict[str, str]:
    """Return path → HTML of the forwarding page at each old address of the edition in ``language``."""
    edition = addresses(language)
    return {
        uri: _page(_relative(target, uri), language) for uri, target in sorted(old_addresses(handbook, edition).items())
    }

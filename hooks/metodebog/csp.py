"""The Content-Security-Policy every page carries: only the site's own files, and only the inline code the build wrote.

Inline scripts and style sheets are allowed by the SHA-256 of their text, computed when the page
is written, so a script that content smuggled into a page does not run. The policy goes into a
``<meta http-equiv>`` tag, which works on any static host; the README gives the headers a web
server should send as well, for the one directive a meta tag cannot carry (``frame-ancestors``).
"""

from __future__ import annotations

import base64
import hashlib
import re

# Pagefind's search runs as WebAssembly, which needs 'wasm-unsafe-eval' (it allows no JavaScript eval).
BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style(?P<attrs>[^>]*)>(?P<body>.*?)</style\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_DATA_TYPE = re.compile(r"""\stype\s*=\s*["']?application/(?:json|ld\+json)""", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(html: str, *, preview: bool = False) -> str:
    """Return the policy for ``html``: the base policy plus the hashes of its inline scripts and styles.

    ``preview`` is for `mkdocs serve`, whose live reload is an inline script it writes after the build
    (with a new number each time): there scripts are allowed inline instead of by hash.
    """
    scripts = sorted(
        {
            _hash(m.group("body"))
            for m in _SCRIPT.finditer(html)
            if not _SRC.search(m.group("attrs")) and not _DATA_TYPE.search(m.group("attrs"))
        }
    )
    styles = sorted({_hash(m.group("body")) for m in _STYLE.finditer(html)})
    directives = {k: list(v) for k, v in BASE.items()}
    directives["script-src"] += ["'unsafe-inline'"] if preview else scripts
    directives["style-src"] += styles
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def protect(html: str, untrusted: str = "", *, preview: bool = False) -> str:
    """Return ``html`` with its Content-Security-Policy as the first element of ``<head>`` (replacing an older one).

    Inline code inside ``untrusted`` (the page's content, as it stands in ``html``) is never allowed:
    only what the theme and the templates wrote around it.
    """
    html = _META.sub("", html)
    head = _HEAD.search(html)
    if head is None:
        return html
    trusted = html.replace(untrusted, "") if untrusted else html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(trusted, preview=preview)}">'
    return html[: head.end()] + "\n" + tag + html[head.end() :]

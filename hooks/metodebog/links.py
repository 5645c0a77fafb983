"""Links in prose: editors link to other pages by id (metode:, case:, emne:), and to the web by URL.

``resolve`` turns id links into relative Markdown links for a generated page; ``check`` finds
links that point nowhere; ``external`` lists web links for `make links`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .layout import DANISH, SCHEMES, Addresses
from .slug import suggest

LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
URL = re.compile(r"https?://[^\s)<>\"'`]+")
_OTHER_SCHEME = re.compile(rf"(?!(?:{'|'.join(SCHEMES)}):)[A-Za-z][A-Za-z0-9+.-]*:")
_ID_LINK = re.compile(r"\]\((metode|case|emne):([a-z0-9-]+)(#[A-Za-z0-9_-]+)?\)")
_ID_HREF = re.compile(r'href="(metode|case|emne):([a-z0-9-]+)(#[A-Za-z0-9_-]+)?"')


@dataclass(frozen=True)
class Link:
    offset: int  # where the target starts in the text
    target: str


def links_in(text: str) -> list[Link]:
    """Return every Markdown link target in ``text`` with its offset."""
    return [Link(m.start("target"), m.group("target")) for m in LINK.finditer(text)]


def problem(target: str, pages: dict[str, set[str]]) -> str | None:
    """Return a Danish description of what is wrong with a link target, or None when it holds.

    ``pages`` maps 'metode:<id>' (and 'case:', 'emne:') to the anchors that page has.
    """
    if target.startswith(("https://", "mailto:", "#", "//")) or _OTHER_SCHEME.match(target):
        return None  # web links, and schemes the sanitizer refuses (javascript:, data:, http:) with its own message
    scheme, sep, rest = target.partition(":")
    if not sep or scheme not in SCHEMES:
        return (
            f"linket '{target}' peger ikke på en side i håndbogen. Skriv metode:<id>, case:<id> eller "
            "emne:<id> for en side i håndbogen, eller en hel webadresse, der begynder med https://."
        )
    page_id, _, anchor = rest.partition("#")
    key = f"{scheme}:{page_id}"
    if key not in pages:
        near = suggest(page_id, sorted(k.partition(":")[2] for k in pages if k.startswith(scheme + ":")))
        hint = f" Mente du '{scheme}:{near}'?" if near else ""
        return f"linket '{target}' peger på en side, der ikke findes.{hint}"
    if anchor and anchor not in pages[key]:
        return f"siden '{key}' har intet afsnit med id'et '{anchor}'. Brug id'et på en fase, tjekliste eller et arbejdsark."
    return None


def resolve(markdown: str, from_uri: str, edition: Addresses = DANISH) -> str:
    """Return ``markdown`` with id links turned into relative links from the page ``from_uri`` of ``edition``."""

    def rel(m: re.Match[str]) -> str:
        target = posixpath.relpath(edition.page_uri(m.group(1), m.group(2)), posixpath.dirname(from_uri) or ".")
        return f"]({target}{m.group(3) or ''})"

    return _ID_LINK.sub(rel, markdown)


def resolve_html(text: str, from_uri: str, edition: Addresses = DANISH) -> str:
    """Return ``text`` with id links in finished HTML (href="metode:abcd") turned into web addresses relative to
    the page ``from_uri`` of ``edition`` (MkDocs does not rewrite links in raw HTML)."""
    page = from_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    here = f"{page}/" if page else ""

    def url(m: re.Match[str]) -> str:
        target = edition.web_path(m.group(1), m.group(2))
        return f'href="{posixpath.relpath(target, here or ".")}/{m.group(3) or ""}"'

    return _ID_HREF.sub(url, text)


# Addresses no reader can open: the reserved example and test domains (RFC 2606) and this machine.
_NOWHERE = re.compile(
    r"(^|\.)(example|invalid|test|localhost)$|^example\.(com|net|org)$|^127\.|^\[?::1\]?$|^0\.0\.0\.0$"
)


def published(site_url: str | None) -> str:
    """Return ``site_url`` when readers can open it, else "" (none set, a placeholder, or this machine).

    Print carries no address and no QR code without one: a dead address on paper lives for years.
    """
    host = (urlsplit(site_url or "").hostname or "").lower()
    return site_url or "" if host and not _NOWHERE.search(host) else ""


def deployment_address(value: str) -> str:
    """Return the address a deployment sets (SITE_URL) as the site's root URL ending in '/'.

    Raise ValueError with a Danish sentence when it is not a whole http(s) address.
    """
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"SITE_URL='{value}' er ikke en hel webadresse. Skriv hele adressen, hvor håndbogen skal ligge, "
            "fx make build SITE_URL=https://metoder.eksempel-kommune.dk/"
        )
    return parts._replace(path=parts.path.rstrip("/") + "/").geturl()


def absolute(html: str, site_url: str, edition: Addresses = DANISH) -> str:
    """Return ``html`` with id links turned into absolute web addresses of ``edition`` (for print)."""
    base = site_url.rstrip("/")

    def url(m: re.Match[str]) -> str:
        return f'href="{base}/{edition.web_path(m.group(1), m.group(2), m.group(3) or "")}"'

    return _ID_HREF.sub(url, html)

"""Render print documents to PDF with WeasyPrint, caching each PDF by the hash of what it is made from."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .printing import PrintDoc

log = logging.getLogger(__name__)

# Tagged PDF for accessibility: public bodies' PDFs fall under the same law as their web pages.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    doc: PrintDoc
    path: Path  # the cached file
    pages: int
    rendered: bool  # False when the cache already held it


class PrintFetchError(Exception):
    """A print document asked for something the build did not make; the message is Danish."""


@cache
def _build_only() -> type:
    """Return a WeasyPrint URL fetcher class that serves only the images the build drew for the document."""
    from weasyprint.urls import URLFetcher

    class BuildOnly(URLFetcher):
        def __init__(self, doc: PrintDoc):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.doc = doc
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None):
            if url in self.doc.resources:
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"not made by the build: {url[:80]}")

        def verdict(self) -> None:
            """Raise PrintFetchError, in Danish, when the document asked for anything else."""
            if self.refused:
                where = f" (fra {self.doc.source})" if self.doc.source else ""
                shown = ", ".join(f"'{u[:80]}'" for u in sorted(set(self.refused))[:3])
                raise PrintFetchError(
                    f"Udskriften {self.doc.pdf}{where} prøvede at hente {shown}. En PDF må kun indeholde det, "
                    "bygget selv har lavet: fjern billedet, stylesheetet eller linket fra teksten."
                )

    return BuildOnly


def _key(doc: PrintDoc, engine: str) -> str:
    return hashlib.sha256(f"{engine}\0{PDF_VARIANT}\0{doc.html}".encode()).hexdigest()


def render_pdfs(docs: list[PrintDoc], cache_dir: Path) -> list[RenderedPdf]:
    """Return a PDF for every document, rendering only those whose HTML is not in ``cache_dir`` yet."""
    import weasyprint  # imported here: loading Pango costs time that `make check` should not pay

    cache_dir.mkdir(parents=True, exist_ok=True)
    engine = f"weasyprint {weasyprint.__version__}"
    out = []
    for doc in docs:
        key = _key(doc, engine)
        path = cache_dir / f"{key}.pdf"
        pages_file = cache_dir / f"{key}.pages"
        if path.is_file() and pages_file.is_file():
            out.append(RenderedPdf(doc, path, int(pages_file.read_text()), rendered=False))
            continue
        fetcher = _build_only()(doc)
        document = weasyprint.HTML(string=doc.html, url_fetcher=fetcher).render()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)  # attachments are fetched here, not in render()
        if fetcher.refused:
            tmp.unlink(missing_ok=True)
            fetcher.verdict()
        tmp.replace(path)  # atomic: an interrupted build never leaves half a PDF in the cache
        pages_file.write_text(str(len(document.pages)))
        out.append(RenderedPdf(doc, path, len(document.pages), rendered=True))
    return out

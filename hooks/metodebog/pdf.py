"""Render print documents to PDF with WeasyPrint, caching each PDF by the hash of what it is made from."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
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
        document = weasyprint.HTML(string=doc.html).render()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
        tmp.replace(path)  # atomic: an interrupted build never leaves half a PDF in the cache
        pages_file.write_text(str(len(document.pages)))
        out.append(RenderedPdf(doc, path, len(document.pages), rendered=True))
    return out

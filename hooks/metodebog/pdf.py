"""Render print documents to PDF with WeasyPrint, caching each PDF by the hash of what it is made from."""

from __future__ import annotations

import errno
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


class PdfSetupError(Exception):
    """PDFs cannot be made on this machine or in this cache folder; the message is Danish and says what to do."""


def _weasyprint():
    try:
        import weasyprint  # imported here: loading Pango costs time that `make check` should not pay
    except OSError as e:
        raise PdfSetupError(
            f"PDF'erne kan ikke laves: WeasyPrint mangler et systembibliotek ({e}). Installér "
            "libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 og fonts-dejavu-core "
            "(kør 'make system' som root, eller 'sudo apt-get install' med de navne), eller byg uden PDF'er "
            "med METODEBOG_PDF=nej."
        ) from None
    return weasyprint


def _disk_error(cache_dir: Path, e: OSError) -> PdfSetupError:
    reason = {
        errno.ENOSPC: "disken er fuld",
        errno.EDQUOT: "din kvote på disken er brugt op",
        errno.EROFS: "disken kan kun læses",
        errno.EACCES: "du har ikke lov at skrive i mappen",
        errno.EPERM: "du har ikke lov at skrive i mappen",
    }.get(e.errno or 0, e.strerror or str(e))
    return PdfSetupError(
        f"PDF-cachen {cache_dir} kan ikke skrives: {reason}. Frigør plads eller ret rettighederne, "
        "eller sæt METODEBOG_PDF_CACHE til en anden mappe."
    )


def cached_pages(path: Path, pages_file: Path) -> int | None:
    """Return the page count of a cached PDF if it is whole (ends in %%EOF, pages as recorded), else None."""
    try:
        recorded = int(pages_file.read_text())
        size = path.stat().st_size
        if size < 64:
            return None
        with open(path, "rb") as f:
            f.seek(max(0, size - 1024))
            if b"%%EOF" not in f.read():
                return None
        from pypdf import PdfReader

        return recorded if len(PdfReader(path).pages) == recorded else None
    except Exception:  # unreadable in any way: render it again
        return None


def render_pdfs(docs: list[PrintDoc], cache_dir: Path) -> list[RenderedPdf]:
    """Return a PDF for every document, rendering only those whose HTML is not in ``cache_dir`` yet.

    A cached PDF is checked before it is reused (see ``cached_pages``) and rendered again when it
    is broken. Raises PdfSetupError (Danish) when WeasyPrint or the cache folder cannot be used.
    """
    weasyprint = _weasyprint()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _disk_error(cache_dir, e) from None
    engine = f"weasyprint {weasyprint.__version__}"
    out = []
    for doc in docs:
        key = _key(doc, engine)
        path = cache_dir / f"{key}.pdf"
        pages_file = cache_dir / f"{key}.pages"
        if path.is_file() and pages_file.is_file():
            pages = cached_pages(path, pages_file)
            if pages is not None:
                out.append(RenderedPdf(doc, path, pages, rendered=False))
                continue
            log.warning(f"{doc.pdf}: PDF'en i cachen var ødelagt og laves igen.")
        fetcher = _build_only()(doc)
        document = weasyprint.HTML(string=doc.html, url_fetcher=fetcher).render()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            document.write_pdf(tmp, pdf_variant=PDF_VARIANT)  # attachments are fetched here, not in render()
            if fetcher.refused:
                tmp.unlink(missing_ok=True)
                fetcher.verdict()
            tmp.replace(path)  # atomic: an interrupted build never leaves half a PDF in the cache
            pages_file.write_text(str(len(document.pages)))
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise _disk_error(cache_dir, e) from None
        out.append(RenderedPdf(doc, path, len(document.pages), rendered=True))
    return out

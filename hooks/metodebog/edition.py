"""One edition of the handbook: everything a site builder needs for one language, made in one pass.

``edition(root, language, site_url)`` loads and checks the content, lays the language's
translations over it, and returns an ``Edition``: the print documents to render, then (given
their page counts) the generated pages, the published data files and the glossary's
abbreviations. A builder only registers what it is given; MkDocs' hook does, and so does
``python -m metodebog generate``, which writes an edition to a folder for any other builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import printing
from .glossary import abbreviation_definitions
from .layout import LANGUAGES, Addresses, addresses
from .model import Handbook
from .printing import PrintDoc
from .redirects import redirect_files
from .render import Page, published_files, render
from .translate import Status, translate
from .validate import load_handbook


@dataclass(frozen=True)
class Edition:
    """The handbook in one language, with the addresses of its edition."""

    language: str
    addresses: Addresses
    handbook: Handbook
    status: dict[str, Status] | None  # how far each method and case is translated (None for Danish)
    site_url: str  # the whole site's address (the Danish edition's root), printed on paper

    @cached_property
    def documents(self) -> tuple[PrintDoc, ...]:
        """The print documents, made only when asked for (a build without PDFs never draws them)."""
        return tuple(printing.documents(self.handbook, self.site_url, self.language))

    def pages(self, pdf_pages: dict[str, int] | None = None, processes: int = 1) -> list[Page]:
        """The generated pages; ``pdf_pages`` (PDF → page count) are the PDFs they may link to.

        ``processes`` > 1 renders a big handbook's pages in forked processes (not from a process with threads).
        """
        return render(self.handbook, self.language, pdf_pages, self.status, processes)

    def book_links(self, pdf_pages: dict[str, int], from_uri: str, icon: str = "") -> str:
        """The Markdown offering the whole handbook as PDF (a list of volumes when it has several) on ``from_uri``."""
        return printing.book_links(self.handbook, pdf_pages, from_uri, self.language, icon)

    def files(self) -> dict[str, str]:
        """The files published beside the pages: JSON Schemas, the finder's data, the search words, and a
        forwarding page at every old address (``tidligere_id``)."""
        return {**published_files(self.handbook, self.language), **redirect_files(self.handbook, self.language)}

    @property
    def abbreviations(self) -> str:
        """The glossary's abbreviations as Markdown definitions, added to every page for tooltips."""
        return abbreviation_definitions(self.handbook.glossary)


def edition(root: Path, language: str, site_url: str = "") -> Edition:
    """Return the edition in ``language`` of the project at ``root``; raise ContentError on any content problem.

    ``site_url`` is the address of the whole site (the Danish edition's root), used in print.
    """
    handbook = load_handbook(root)
    status = None
    if language != LANGUAGES[0]:
        translated = translate(root, handbook, language)
        handbook, status = translated.handbook, translated.status
    return Edition(language, addresses(language), handbook, status, site_url)

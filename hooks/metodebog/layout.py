"""Where things are: the content files the core reads and the addresses of everything the build writes.

Every other module takes file names and page addresses from here, so a page or a file moves
in one place. Generated pages are named as Markdown files in the docs tree (``metoder/abcd.md``);
MkDocs publishes them at the address without ``.md`` (``metoder/abcd/``).
"""

from __future__ import annotations

from dataclasses import dataclass

# Content the core reads, below the project root.
METHODS_DIR = "methods"
CASES_DIR = "cases"
VOCABULARY_FILE = "data/vokabular.yaml"
GLOSSARY_FILE = "data/ordliste.yaml"
METHOD_SCHEMA_FILE = "schema/metode.schema.json"
CASE_SCHEMA_FILE = "schema/case.schema.json"
METHOD_TRANSLATION_SCHEMA_FILE = "schema/metode.en.schema.json"

# Pages an editor links to by id (metode:abcd, case:x, emne:y): the schemes, the same in every language.
SCHEMES = ("metode", "case", "emne")
RESERVED_IDS = frozenset({"index"})  # no method, case or term may take the name of an overview
# Sections of a method page that come from one field: the relational coordination map and the collaboration
# map (its blank sheet is named after it too: metoder/abcd-samarbejdskort.pdf).
COORDINATION_ANCHOR = "relationel-koordinering"
COLLABORATION_ANCHOR = "samarbejdskort"
PAGE_PREFIX = "side-"  # the further pages of a long overview: metoder/side-2/, tjeklister/side-3/


def web_address(uri: str) -> str:
    """A generated page's address below its edition: 'metoder/abcd.md' → 'metoder/abcd/', 'metoder/index.md' → 'metoder/', 'index.md' → ''."""
    stem = uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def reserved(page_id: str) -> bool:
    """Whether ``page_id`` is the name of a page the handbook makes itself (an overview or one of its pages)."""
    rest = page_id.removeprefix(PAGE_PREFIX)
    return page_id in RESERVED_IDS or (rest != page_id and rest.isascii() and rest.isdigit())


COMPARE_PARAMETER = "metode"  # sammenlign-metoder/?metode=abcd&metode=aaben-dialog
COMPARE_MAX = 4  # methods side by side
LANGUAGES = ("da", "en")  # Danish is the handbook's language; every other edition lives below its code


@dataclass(frozen=True)
class Addresses:
    """Where one edition puts its generated pages and files, relative to the edition's own root.

    Generated pages are named as Markdown files in the docs tree (``metoder/abcd.md``); MkDocs
    publishes them at the address without ``.md`` (``metoder/abcd/``). The English edition's
    root is ``en/`` of the site.
    """

    language: str
    folders: dict[str, str]  # scheme → folder: {"metode": "metoder", …}
    checklists: str
    tools: str
    fields: str
    finder: str
    compare: str
    glossary: str
    sheets: str
    pdf_sheets: str
    pdf_methods: str
    book_pdf: str
    compare_pdf: str
    status: str

    @property
    def pages(self) -> frozenset[str]:
        """The kinds of pages this edition has: the field reference is for Danish editors, the status for readers."""
        editors = {"fields"} if self.language == LANGUAGES[0] else {"status"}
        return frozenset(_FOLDERS) - {"fields", "status"} | editors

    @property
    def root(self) -> str:
        """The edition's folder in the site: '' for Danish, 'en/' for English."""
        return "" if self.language == LANGUAGES[0] else f"{self.language}/"

    def page_uri(self, scheme: str, page_id: str) -> str:
        """The generated Markdown file of a page: page_uri('metode', 'abcd') == 'metoder/abcd.md'."""
        return f"{self.folders[scheme]}/{page_id}.md"

    def web_path(self, scheme: str, page_id: str, anchor: str = "") -> str:
        """The page's address below the edition's root: web_path('metode', 'abcd', '#kilder') == 'metoder/abcd/#kilder'."""
        return self.page_uri(scheme, page_id).removesuffix(".md") + "/" + anchor

    def method_uri(self, method_id: str) -> str:
        return self.page_uri("metode", method_id)

    def case_uri(self, case_id: str) -> str:
        return self.page_uri("case", case_id)

    def term_uri(self, term_id: str) -> str:
        return self.page_uri("emne", term_id)

    def index(self, scheme: str) -> str:
        """The overview of a scheme's pages: index('metode') == 'metoder/index.md'."""
        return f"{self.folders[scheme]}/index.md"

    @property
    def methods_index(self) -> str:
        return self.index("metode")

    @property
    def cases_index(self) -> str:
        return self.index("case")

    @property
    def terms_index(self) -> str:
        return self.index("emne")

    @property
    def checklists_index(self) -> str:
        return f"{self.checklists}/index.md"

    @property
    def tools_index(self) -> str:
        return f"{self.tools}/index.md"

    @property
    def fields_page(self) -> str:
        return f"{self.fields}.md"

    @property
    def finder_page(self) -> str:
        return f"{self.finder}/index.md"

    @property
    def finder_json(self) -> str:
        return f"{self.finder}/metoder.json"

    @property
    def compare_page(self) -> str:
        return f"{self.compare}/index.md"

    @property
    def compare_pages(self) -> str:
        """Which page of a long comparison holds each method (see ``render.compare_pages``)."""
        return f"{self.compare}/sider.json"

    @property
    def glossary_page(self) -> str:
        return f"{self.glossary}/index.md"

    @property
    def status_page(self) -> str:
        return f"{self.status}/index.md"

    @property
    def search_words(self) -> str:
        return "soeg/ord.json"

    def compare_uri(self, *method_ids: str) -> str:
        """The comparison with ``method_ids`` chosen: 'sammenlign-metoder/index.md?metode=abcd'."""
        query = "".join(f"{'&' if i else '?'}{COMPARE_PARAMETER}={m}" for i, m in enumerate(method_ids))
        return self.compare_page + query

    def sheet_pdf(self, method_id: str, anchor: str) -> str:
        return f"{self.pdf_sheets}/{method_id}/{anchor}.pdf"

    def sheet_html(self, method_id: str, anchor: str) -> str:
        return f"{self.sheets}/{method_id}/{anchor}.html"

    def method_pdf(self, method_id: str) -> str:
        return f"{self.pdf_methods}/{method_id}.pdf"

    def book_volume_pdf(self, number: int) -> str:
        """A volume of a whole book too big for one PDF: book_volume_pdf(2) == 'pdf/metodehaandbogen-2.pdf'."""
        return f"{self.book_pdf.removesuffix('.pdf')}-{number}.pdf"


DANISH = Addresses(
    language="da",
    folders={"metode": "metoder", "case": "cases", "emne": "emner"},
    checklists="tjeklister",
    tools="vaerktoejsspoergsmaal",
    fields="bidrag/feltreference",
    finder="find-en-metode",
    compare="sammenlign-metoder",
    glossary="ordliste",
    sheets="ark",
    pdf_sheets="pdf/ark",
    pdf_methods="pdf/metoder",
    book_pdf="pdf/metodehaandbogen.pdf",
    compare_pdf="pdf/sammenlign-metoder.pdf",
    status="oversaettelser",
)
ENGLISH = Addresses(
    language="en",
    folders={"metode": "methods", "case": "cases", "emne": "topics"},
    checklists="checklists",
    tools="tool-questions",
    fields="contributing/field-reference",
    finder="find-a-method",
    compare="compare-methods",
    glossary="glossary",
    sheets="sheets",
    pdf_sheets="pdf/sheets",
    pdf_methods="pdf/methods",
    book_pdf="pdf/method-handbook.pdf",
    compare_pdf="pdf/compare-methods.pdf",
    status="translation-status",
)
EDITIONS = {a.language: a for a in (DANISH, ENGLISH)}


# Hand-written pages that translate each other, by language (docs/ is Danish, docs/en/ English).
HAND_WRITTEN = (
    {"da": "index.md", "en": "index.md"},
    {"da": "om.md", "en": "about.md"},
    {"da": "tilgaengelighed.md", "en": "accessibility.md"},
)


def counterpart(uri: str, source: Addresses, target: Addresses) -> str:
    """The page in ``target``'s edition that shows what ``uri`` shows in ``source``'s; its front page when none.

    counterpart('metoder/abcd.md', DANISH, ENGLISH) == 'methods/abcd.md'.
    """
    for page in HAND_WRITTEN:
        if page.get(source.language) == uri:
            return page.get(target.language, "index.md")
    pairs = [(source.folders[k], target.folders[k]) for k in SCHEMES]
    pairs += [(getattr(source, k), getattr(target, k) if k in target.pages else None) for k in _FOLDERS]
    for before, after in sorted(pairs, key=lambda p: -len(p[0])):
        if uri == f"{before}.md" or uri.startswith(f"{before}/"):
            return "index.md" if after is None else after + uri[len(before) :]
    return "index.md"


_FOLDERS = ("checklists", "tools", "fields", "finder", "compare", "glossary", "sheets", "status")


def addresses(language: str) -> Addresses:
    """The addresses of the edition in ``language`` (Danish for a language without an edition)."""
    return EDITIONS.get(language, DANISH)

"""Where things are: the content files the core reads and the addresses of everything the build writes.

Every other module takes file names and page addresses from here, so a page or a file moves
in one place. Generated pages are named as Markdown files in the docs tree (``metoder/abcd.md``);
MkDocs publishes them at the address without ``.md`` (``metoder/abcd/``).
"""

from __future__ import annotations

# Content the core reads, below the project root.
METHODS_DIR = "methods"
CASES_DIR = "cases"
VOCABULARY_FILE = "data/vokabular.yaml"
GLOSSARY_FILE = "data/ordliste.yaml"
METHOD_SCHEMA_FILE = "schema/metode.schema.json"
CASE_SCHEMA_FILE = "schema/case.schema.json"

# Pages an editor links to by id (metode:abcd, case:x, emne:y), and where each is generated.
SCHEMES = {"metode": "metoder/{}.md", "case": "cases/{}.md", "emne": "emner/{}.md"}
# The overviews the build writes beside them: no method, case or term may take their name.
METHODS_INDEX = "metoder/index.md"
CASES_INDEX = "cases/index.md"
TERMS_INDEX = "emner/index.md"
RESERVED_IDS = frozenset({"index"})
CHECKLISTS_INDEX = "tjeklister/index.md"
TOOLS_INDEX = "vaerktoejsspoergsmaal/index.md"
FIELDS_PAGE = "bidrag/feltreference.md"
FINDER_PAGE = "find-en-metode/index.md"
FINDER_JSON = "find-en-metode/metoder.json"
COMPARE_PAGE = "sammenlign-metoder/index.md"
COMPARE_PARAMETER = "metode"  # sammenlign-metoder/?metode=abcd&metode=aaben-dialog
COMPARE_MAX = 4  # methods side by side
COMPARE_PDF = "pdf/sammenlign-metoder.pdf"
GLOSSARY_PAGE = "ordliste/index.md"
SEARCH_WORDS = "soeg/ord.json"
BOOK_PDF = "pdf/metodehaandbogen.pdf"


def page_uri(scheme: str, page_id: str) -> str:
    """The generated Markdown file of a page: page_uri('metode', 'abcd') == 'metoder/abcd.md'."""
    return SCHEMES[scheme].format(page_id)


def web_path(scheme: str, page_id: str, anchor: str = "") -> str:
    """The page's address below the site root: web_path('metode', 'abcd', '#kilder') == 'metoder/abcd/#kilder'."""
    return page_uri(scheme, page_id).removesuffix(".md") + "/" + anchor


def method_uri(method_id: str) -> str:
    return page_uri("metode", method_id)


def case_uri(case_id: str) -> str:
    return page_uri("case", case_id)


def term_uri(term_id: str) -> str:
    return page_uri("emne", term_id)


def sheet_pdf(method_id: str, anchor: str) -> str:
    return f"pdf/ark/{method_id}/{anchor}.pdf"


def sheet_html(method_id: str, anchor: str) -> str:
    return f"ark/{method_id}/{anchor}.html"


def compare_uri(*method_ids: str) -> str:
    """The comparison page with ``method_ids`` chosen: compare_uri('abcd') == 'sammenlign-metoder/index.md?metode=abcd'."""
    return COMPARE_PAGE + "".join(f"{'&' if i else '?'}{COMPARE_PARAMETER}={m}" for i, m in enumerate(method_ids))


def method_pdf(method_id: str) -> str:
    return f"pdf/metoder/{method_id}.pdf"

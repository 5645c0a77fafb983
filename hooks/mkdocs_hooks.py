"""MkDocs adapter: load and validate the content, then add the generated pages to the build.

This is the only file that knows MkDocs; the ``metodebog`` package beside it does the work.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import time
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from metodebog.checks import BOOK_MARKER
from metodebog.csp import protect
from metodebog.edition import edition
from metodebog.glossary import synonyms
from metodebog.i18n import pages_label, strings
from metodebog.layout import LANGUAGES, addresses, counterpart
from metodebog.messages import say
from metodebog.pdf import PdfSetupError, PrintFetchError, render_pdfs
from metodebog.problems import ContentError
from metodebog.sanitize import PAGE, checked
from metodebog.slug import slugify

log = logging.getLogger("mkdocs.hooks.metodebog")

_command: dict[str, str] = {}  # the MkDocs command this process runs (build, serve, gh-deploy), set once
STATE = "metodebog"  # this build's edition, PDF page counts and style sheets live on the config under this key


def _state(config: MkDocsConfig) -> dict[str, Any]:
    """What this build has learned, kept on its own config: `mkdocs serve` makes a new config for every rebuild."""
    return config[STATE]


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    config[STATE] = {}
    # The search box's words come from the strings table, like every other UI word.
    language = config.theme["language"]
    config.extra["mh_soeg"] = strings(language)["search"]
    # From this edition's root to the site's (the English edition lives in en/).
    config.extra["mh_site_root"] = "../" * addresses(language).root.count("/")
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings(language)["web"]["permalink"]
    # The 404 page's words and ways on, in the edition's language and addresses.
    words, here = strings(language)["notfound"], addresses(language)
    targets = {
        "front": "",
        "methods": here.index("metode"),
        "finder": here.finder_page,
        "checklists": here.checklists_index,
    }
    config.extra["mh_404"] = {
        **words,
        "links": [{"name": words[k], "href": uri.removesuffix("index.md")} for k, uri in targets.items()],
    }
    # Heading anchors in Danish ASCII (#formaal, not #formal), like the page addresses.
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    if "SOURCE_DATE_EPOCH" not in os.environ:
        # The sitemap's dates otherwise come from the clock; the last commit keeps builds repeatable.
        os.environ["SOURCE_DATE_EPOCH"] = _last_commit_time(root)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Register the edition the core makes for this configuration's language: PDFs, pages and data files."""
    root = _root(config)
    language = config.theme["language"]
    site_root = (config.site_url or "").removesuffix(addresses(language).root)
    try:
        made = edition(root, language, site_root)
    except ContentError as e:
        raise PluginError(say("Indholdet har fejl, så håndbogen blev ikke bygget:\n" + e.report())) from None
    for warning in made.handbook.warnings:
        log.info(str(warning))  # a warning does not stop the build (MkDocs' strict mode would stop on log.warning)
    state = _state(config)
    state["edition"] = made
    docs_dir = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    for f in files.documentation_pages():
        f.edit_uri = f"{docs_dir}/{f.src_uri}"
    if docs_dir != "docs":
        _add_shared_assets(files, config, root / "docs")
    pdf_pages: dict[str, int] = {}  # PDF path -> pages
    if os.environ.get("METODEBOG_PDF", "ja") != "nej":
        pdf_pages = _add_pdfs(files, config, root, list(made.documents))
    state["pdf_pages"] = pdf_pages
    for page in made.pages(pdf_pages):
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(
                f"docs/{page.uri} findes allerede og ville blive overskrevet af en genereret side. "
                "Slet eller omdøb filen i docs/."
            )
        # Generated pages are reached from the section pages, not listed in the nav.
        f = File.generated(config, page.uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV)
        f.edit_uri = page.edit_path
        files.append(f)
    for uri, text in sorted(made.files().items()):
        files.append(File.generated(config, uri, content=text))
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Escape the page's front matter; add the glossary's abbreviation tooltips; fill the whole-handbook PDF marker."""
    # The theme prints title, description and the other front-matter texts into <title>, <meta> and the
    # header as they are: escaped here, once, they show as written and cannot close the tag they stand in.
    for key, value in list(page.meta.items()):
        if isinstance(value, str):
            page.meta[key] = escape(value)
    made = _state(config).get("edition")
    if made and (page.meta.get("search") or {}).get("synonymer") is not False:
        # Read before the tooltips' definitions are added, which name every word of the glossary.
        page.meta["mh_synonymer"] = synonyms(made.handbook.glossary, markdown)
    if made and made.abbreviations:
        markdown = f"{markdown}\n\n{made.abbreviations}\n"
    if BOOK_MARKER not in markdown:
        return markdown
    link = ""
    pdf_pages = _state(config).get("pdf_pages", {})
    book = made.addresses.book_pdf if made else ""
    if book in pdf_pages:
        target = posixpath.relpath(book, posixpath.dirname(page.file.src_uri) or ".")
        language = config.theme["language"]
        text = f"{strings(language)['web']['download_book']} ({pages_label(pdf_pages[book], language)})"
        link = f'[{text}]({target}){{ download="{posixpath.basename(book)}" }}'

    return markdown.replace(BOOK_MARKER, link)


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Let search find the page by the other forms of the words it uses (SoS ↔ Signs of Safety).

    Lists of other pages (``search: {synonymer: false}``) get none: they would outrank the pages they list.
    Before that, the page is sanitized by the page allowlist: whatever it would remove stops the build.
    """
    html, removed = checked(html, PAGE)
    if removed:
        source = page.file.edit_uri or f"docs/{page.file.src_uri}"
        raise PluginError(
            f"Siden {page.file.src_uri} (fra {source}) indeholder HTML, som håndbogen ikke tillader: "
            f"{removed[0].message} Kør 'make check' for at se linjen."
        )
    words = page.meta.get("mh_synonymer")
    if not words:
        return html
    return f'{html}\n<div class="mh-synonymer" hidden>{escape(" · ".join(words))}</div>'


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+\.css)">')


def _inline_styles(output: str, dest_uri: str, config: MkDocsConfig) -> str:
    """Put the site's style sheets into the page, so text paints after one round trip, not two (about 26 KB compressed)."""
    site = Path(config.site_dir)
    base = site / posixpath.dirname(dest_uri)
    # The 404 page links its styles from the site's root path, since it is served at any address.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    cache = _state(config).setdefault("css", {})

    def inline(m: re.Match[str]) -> str:
        href = m.group(1)
        path = (site / href.removeprefix(root) if href.startswith(root) else base / href).resolve()
        if path not in cache:
            cache[path] = path.read_text(encoding="utf-8") if path.is_file() else None
        css = cache[path]
        return m.group(0) if css is None else f"<style>{css}</style>"

    return _STYLESHEET.sub(inline, output)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    output = _inline_styles(output, page.file.dest_uri, config)
    return protect(output, untrusted=page.content or "", preview=_previewing())


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return protect(_inline_styles(output, template_name, config), preview=_previewing())


def _previewing() -> bool:
    """Whether this is `mkdocs serve`, which adds its live-reload script inline to every page."""
    return _command.get("name") == "serve"


def on_post_build(config: MkDocsConfig) -> None:
    """Index the whole site with Pagefind: an index per page language (Danish and English stemming), fetched in chunks.

    The English edition is built into the Danish one's en/ after it, so its index covers both.
    """
    site = Path(config.site_dir)
    for _ in range(addresses(config.theme["language"]).root.count("/")):
        site = site.parent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--exclude-selectors",
            ".headerlink",
            "--exclude-selectors",
            ".md-content__button",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise PluginError(
            f"Søgeindekset kunne ikke bygges (Pagefind): {result.stderr.strip() or result.stdout.strip()} "
            "Byg igen med 'make build'; sker det igen, så giv beskeden videre til en udvikler i din pull request."
        )
    # Pagefind lists the languages in any order; sorted, the same site gives the same bytes.
    entry = site / "pagefind" / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    indexed = next((line.strip() for line in result.stdout.splitlines() if "Indexed" in line and "pages" in line), "")
    log.info(f"Søgeindeks: {indexed.replace('Indexed', 'indekserede').replace('pages', 'sider')}")


def _add_pdfs(files: Files, config: MkDocsConfig, root: Path, docs) -> dict[str, int]:
    """Render (or reuse) every PDF, add them and the print sheets to the site; return PDF path → pages."""
    cache = Path(os.environ.get("METODEBOG_PDF_CACHE", root / "build" / "pdf-cache"))
    start = time.perf_counter()
    try:
        results = render_pdfs(docs, cache)
    except (PrintFetchError, PdfSetupError) as e:
        raise PluginError(say(str(e))) from None
    new = sum(r.rendered for r in results)
    log.info(f"PDF'er: {new} nye, {len(results) - new} fra cachen ({time.perf_counter() - start:.1f} s).")
    for r in results:
        files.append(File.generated(config, r.doc.pdf, abs_src_path=str(r.path)))
        if r.doc.html_uri:
            files.append(File.generated(config, r.doc.html_uri, content=r.doc.html))
    return {r.doc.pdf: r.pages for r in results}


def _add_shared_assets(files: Files, config: MkDocsConfig, shared: Path) -> None:
    """Give another language's edition the Danish edition's style sheets and scripts (docs/css, docs/js)."""
    for folder in ("css", "js"):
        for path in sorted((shared / folder).rglob("*")):
            if path.is_file():
                uri = path.relative_to(shared).as_posix()
                files.append(File(uri, str(shared), config.site_dir, config.use_directory_urls))


def on_page_context(context: dict[str, Any], page, config: MkDocsConfig, nav) -> dict[str, Any]:
    """The same page in every edition, for the language switch and the hreflang links."""
    language = config.theme["language"]
    here = addresses(language)
    current = here.root + page.url
    alternates = []
    for other in LANGUAGES:
        target = addresses(other)
        uri = counterpart(page.file.src_uri, here, target)
        url = target.root + _url_of(uri)
        folder = current if current.endswith("/") else posixpath.dirname(current)  # 404.html lies in the root
        href = posixpath.relpath(url or ".", folder or ".")
        if not href.endswith(("/", ".html")):
            href += "/"
        alternates.append(
            {"lang": other, "name": strings(other)["language_name"], "href": href, "current": other == language}
        )
    context["mh_alternates"] = alternates
    return context


def _url_of(uri: str) -> str:
    """'metoder/abcd.md' → 'metoder/abcd/', 'metoder/index.md' → 'metoder/', 'index.md' → ''."""
    stem = uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _last_commit_time(root: Path) -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "0"
    return out.stdout.strip() or "0"

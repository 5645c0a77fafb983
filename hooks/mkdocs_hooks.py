"""MkDocs adapter: load and validate the content, then add the generated pages to the build.

This is the only file that knows MkDocs; the ``metodebog`` package beside it does the work.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import subprocess
import sys
import time
import zlib
from contextlib import contextmanager
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler, clean_directory

from metodebog import cms
from metodebog.checks import BOOK_MARKER
from metodebog.csp import protect
from metodebog.edition import edition
from metodebog.glossary import add_synonyms
from metodebog.history import file_history, last_commit_time
from metodebog.i18n import strings
from metodebog.layout import CASES_DIR, LANGUAGES, METHODS_DIR, PAGE_PREFIX, addresses, counterpart, web_address
from metodebog.links import published
from metodebog.messages import say
from metodebog.pdf import PdfSetupError, PrintFetchError, render_pdfs
from metodebog.problems import ContentError
from metodebog.sanitize import PAGE, checked, smarty
from metodebog.serve_errors import error_page, terminal_summary
from metodebog.settings import Settings
from metodebog.slug import slugify
from metodebog.styles import FirstPaint
from metodebog.workers import PARALLEL_MIN, Workers

log = logging.getLogger("mkdocs.hooks.metodebog")

_startup: dict[str, str] = {}  # the MkDocs command this process runs (build, serve, gh-deploy), set once
STATE = "metodebog"  # this build's settings, edition, PDF page counts and style sheets live on the config


def _state(config: MkDocsConfig) -> dict[str, Any]:
    """What this build has learned, kept on its own config: `mkdocs serve` makes a new config for every rebuild."""
    return config[STATE]


def _settings(config: MkDocsConfig) -> Settings:
    return _state(config)["settings"]


def on_startup(command: str, dirty: bool) -> None:
    _startup["command"] = command


@contextmanager
def _stage(config: MkDocsConfig, name: str):
    """Add the time spent in the block to this build's stage ``name`` (written out for `make bench`)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        stages = _state(config).setdefault("stages", {})
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - start


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    language = config.theme["language"]
    try:
        settings = Settings.read(root, language, _startup.get("command", "build"))
    except ValueError as e:
        raise PluginError(say(str(e))) from None
    config[STATE] = {"settings": settings}
    _set_address(config, settings)
    # The search box's words come from the strings table, like every other UI word.
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
    # The footer's link to the accessibility statement: this edition's own, in its language.
    config.extra["mh_tilgaengelighed"] = {
        "name": strings(language)["web"]["accessibility"],
        "href": web_address(counterpart("tilgaengelighed.md", addresses(LANGUAGES[0]), here)),
    }
    config.mdx_configs["smarty"] = smarty(language)  # »…« in Danish, “…” in English
    # Heading anchors in Danish ASCII (#formaal, not #formal), like the page addresses.
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    if "SOURCE_DATE_EPOCH" not in os.environ:
        # The sitemap's dates otherwise come from the clock; the last commit keeps builds repeatable.
        os.environ["SOURCE_DATE_EPOCH"] = str(last_commit_time(root))
    return config


def _set_address(config: MkDocsConfig, settings: Settings) -> None:
    """Take the site's address from SITE_URL when a deployment sets it; warn when print would get none.

    The configured site_url is a placeholder: links on paper (the footers' address and QR code) need the
    real one, so `make build SITE_URL=https://…` sets it for both editions (English below en/).
    """
    if settings.site_url:
        config.site_url = settings.site_url + addresses(settings.language).root
    config.extra["mh_published"] = bool(published(config.site_url))
    if settings.language == LANGUAGES[0] and not published(config.site_url) and not settings.previewing:
        log.info(
            f"Advarsel: håndbogens adresse er ikke sat ({config.site_url or 'ingen'}), så de trykte ark og "
            "PDF'er får hverken adresse eller QR-kode. Byg med make build SITE_URL=https://… (den adresse, "
            "håndbogen skal ligge på)."
        )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Register the edition the core makes for this configuration's language: PDFs, pages and data files."""
    root = _root(config)
    settings = _settings(config)
    site_root = published((config.site_url or "").removesuffix(addresses(settings.language).root))
    try:
        with _stage(config, "load"):
            made = edition(root, settings.language, site_root)
    except ContentError as e:
        if settings.previewing:
            return _show_in_browser(e, config)
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
    else:
        _add_editor(files, config, root, made.handbook.terms)
    pdf_pages: dict[str, int] = {}  # PDF path -> pages
    if settings.pdfs:
        with _stage(config, "pdf"):
            pdf_pages = _add_pdfs(files, config, list(made.documents))
    state["pdf_pages"] = pdf_pages
    with _stage(config, "render"):
        pages = made.pages(pdf_pages, processes=settings.jobs)
    for page in pages:
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
    state["pages_start"] = time.perf_counter()
    return files


# -- pages read and rendered on every core ----------------------------------------------------------
#
# MkDocs reads and renders one page at a time (Markdown, then the hooks below), then fills the theme's
# template for each. For a big handbook the first part runs in worker processes, forked once the
# pages exist: each worker runs MkDocs' own steps for a page (read, on_page_markdown, render,
# on_page_content) and sends back what MkDocs keeps of it. The main process takes each page's result
# in MkDocs' own order, so the site is the same byte for byte; warnings are logged again here, so a
# strict build still stops on them. `mkdocs serve` and small handbooks render in the main process.
_running: list[Workers] = []  # stopped by on_env, or by on_build_error when a page fails


def on_nav(nav, config: MkDocsConfig, files: Files):
    """Date each page by its content's last change (the sitemap's <lastmod>); start the page workers."""
    made = _state(config).get("edition")
    if made is not None:
        changed = _last_changes(_root(config), made, files)
        for f in files.documentation_pages():
            day = changed.get(f.edit_uri or f.src_uri)
            if f.page is not None and day:
                f.page.update_date = day.isoformat()
    pages = [f.src_uri for f in files.documentation_pages() if f.page is not None]
    settings = _settings(config)
    if settings.jobs < 2 or len(pages) < PARALLEL_MIN:
        return nav
    workers = Workers(lambda uri: _render_page(uri, config, files), pages, settings.jobs)
    _state(config)["workers"] = workers
    _running.append(workers)
    return nav


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render_page(uri: str, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    """In a worker: MkDocs' steps for one page, and what MkDocs keeps of them (plain data, to pickle)."""
    page = files.get_file_from_path(uri).page
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    config._current_page = page
    try:
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        return {
            "meta": dict(page.meta),
            "content": page.content,
            "toc": page.toc,
            "title": page._title_from_render,
            "anchors": page.present_anchor_ids,
            "links": {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()},
            "logs": collect.records,
        }
    except Exception as e:  # raised again in the main process, at this page
        return {"error": e, "logs": collect.records}
    finally:
        logger.removeHandler(collect)
        config._current_page = None


def on_pre_page(page, config: MkDocsConfig, files: Files):
    """Take the page a worker rendered, if one did: MkDocs' read and render steps then only set what the worker made."""
    workers = _state(config).get("workers")
    if workers is None or page.file.src_uri not in workers:
        return page
    done = workers.result(page.file.src_uri)
    for name, level, message in done["logs"]:
        logging.getLogger(name).log(level, message)
    if "error" in done:
        raise done["error"]

    def read_source(config: MkDocsConfig) -> None:
        page.markdown, page.meta = "", done["meta"]
        page.file.content_string = ""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content, page.toc, page._title_from_render = done["content"], done["toc"], done["title"]
        page.present_anchor_ids = done["anchors"]
        page.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in done["links"].items()}

    page.read_source, page.render = read_source, render
    return page


def on_env(env, config: MkDocsConfig, files: Files):
    _stop_workers(config)
    return env


def on_build_error(error: Exception) -> None:
    for workers in _running:
        workers.stop()
    _running.clear()


def _stop_workers(config: MkDocsConfig) -> None:
    workers = _state(config).pop("workers", None)
    if workers is not None:
        workers.stop()
        _running.remove(workers)


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Escape the page's front matter; add the glossary's abbreviation tooltips; fill the whole-handbook PDF marker."""
    if _SET_ASIDE in page.meta:
        return markdown  # rendered by a worker (see on_pre_page)
    # The theme prints title, description and the other front-matter texts into <title>, <meta> and the
    # header as they are: escaped here, once, they show as written and cannot close the tag they stand in.
    for key, value in list(page.meta.items()):
        if isinstance(value, str):
            page.meta[key] = escape(value)
    made = _state(config).get("edition")
    if made and made.abbreviations:
        markdown = f"{markdown}\n\n{made.abbreviations}\n"
    if BOOK_MARKER not in markdown:
        return markdown
    # One link, or a list of the volumes when the book is printed in several.
    link = made.book_links(_state(config).get("pdf_pages", {}), page.file.src_uri) if made else ""
    return markdown.replace(BOOK_MARKER, link)


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Let search find each part of the page by the other forms of the words it uses (SoS ↔ Signs of Safety).

    Lists of other pages (``search: {synonymer: false}``) get none: they would outrank the pages they list.
    Before that, the page is sanitized by the page allowlist: whatever it would remove stops the build.
    """
    if _SET_ASIDE in page.meta:
        return html  # rendered by a worker (see on_pre_page)
    html, removed = checked(html, PAGE)
    if removed:
        source = page.file.edit_uri or f"docs/{page.file.src_uri}"
        raise PluginError(
            f"Siden {page.file.src_uri} (fra {source}) indeholder HTML, som håndbogen ikke tillader: "
            f"{removed[0].message} Kør 'make check' for at se linjen."
        )
    made = _state(config).get("edition")
    if made and (page.meta.get("search") or {}).get("synonymer") is not False:
        html = add_synonyms(made.handbook.glossary, html)  # the tooltips' definitions, in attributes, are not read
    return _set_aside(page, html)


# MkDocs renders every page before it writes any, so a big handbook would hold all its pages' Markdown
# and HTML in memory at once. Each page's HTML waits compressed, its Markdown dropped, until it is written.
_CONTENT = "<!--mh-indhold-->"
_SET_ASIDE = "mh_indhold"  # the page's HTML, compressed, in page.meta
_HEADING = "<!--<h1-->"  # the theme adds a title to a page whose content has no <h1> of its own


def _set_aside(page, html: str) -> str:
    page.meta[_SET_ASIDE] = zlib.compress(html.encode("utf-8"), 1)
    page.markdown = ""  # read and rendered; "" (not None) keeps the page's title
    page.file.content_string = ""
    return _CONTENT + (_HEADING if "<h1" in html else "")


def _put_back(output: str, page) -> tuple[str, str]:
    """Return the written page with its HTML back in place, and that HTML."""
    packed = page.meta.pop(_SET_ASIDE, None)
    if packed is None:
        return output, page.content or ""
    html = zlib.decompress(packed).decode("utf-8")
    return output.replace(_CONTENT + (_HEADING if "<h1" in html else ""), html, 1), html


def _inline_styles(output: str, dest_uri: str, config: MkDocsConfig, kind: str | None = None) -> str:
    """Link the site's style sheets at the end of the page (cached for the next page) and inline what its first screen needs.

    See metodebog/styles.py: text paints after one round trip, and a later page costs only its own HTML.
    """
    site = Path(config.site_dir)
    base = site / posixpath.dirname(dest_uri)
    # The 404 page links its styles from the site's root path, since it is served at any address.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"

    def locate(href: str) -> Path:
        return (site / href.removeprefix(root) if href.startswith(root) else base / href).resolve()

    return _state(config).setdefault("styles", FirstPaint()).page(output, locate, kind)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    output, content = _put_back(output, page)
    output = _inline_styles(output, page.file.dest_uri, config, _kind(page))
    return protect(output, untrusted=content, preview=_settings(config).previewing)


def _kind(page) -> str | None:
    """The template a generated page is made from, as far as its first screen goes; None for a hand-written page.

    'metoder/*' for every method page, 'metoder/index' for the overview, 'metoder/side-' for its further pages.
    """
    if page.file.generated_by is None:
        return None
    folder, _, name = page.file.src_uri.rpartition("/")
    stem = name.removesuffix(".md")
    return f"{folder}/{'index' if stem == 'index' else PAGE_PREFIX if stem.startswith(PAGE_PREFIX) else '*'}"


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if _failed(config):
        return output  # the theme's 404 page and sitemap of an empty site: replaced by the error page
    return protect(_inline_styles(output, template_name, config), preview=_settings(config).previewing)


def on_post_build(config: MkDocsConfig) -> None:
    """Index the whole site with Pagefind: an index per page language (Danish and English stemming), fetched in chunks.

    The English edition is built into the Danish one's en/ after it, so its index covers both.
    """
    if _failed(config):
        _write_error_site(config)
        return
    state = _state(config)
    if "pages_start" in state:
        state.setdefault("stages", {})["pages"] = time.perf_counter() - state["pages_start"]
    site = Path(config.site_dir)
    for _ in range(addresses(config.theme["language"]).root.count("/")):
        site = site.parent
    with _stage(config, "search"):
        result = _pagefind(site)
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
    _record_stages(config)


# -- content errors in `make serve` ------------------------------------------------------------------
#
# `mkdocs build` stops on a content error (the Danish report, a non-zero exit, the previous site/ kept).
# `mkdocs serve` instead builds a site of one page, the error page, at every address: the build succeeds,
# so the server keeps watching the content and live reload brings back the handbook once it is fixed.
_FAILED = "problems"  # in this build's state: the content's problems, when it could not be built
_SHOWN = "metodebog_i_browseren"  # on a log record of a problem the browser shows: not counted by strict mode


class _NotCounted(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, _SHOWN, False)


def _failed(config: MkDocsConfig) -> bool:
    return _FAILED in _state(config)


def _show_in_browser(error: ContentError, config: MkDocsConfig) -> Files:
    """Print the problems in the terminal and build an empty site, which on_post_build makes the error page."""
    _state(config)[_FAILED] = error.problems
    # Strict mode stops a build on any warning or error logged; these are shown, not a broken build.
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and not any(isinstance(f, _NotCounted) for f in handler.filters):
            handler.addFilter(_NotCounted())
    for problem in error.problems:
        log.log(logging.WARNING if problem.warning else logging.ERROR, str(problem), extra={_SHOWN: True})
    log.error(terminal_summary(error.problems), extra={_SHOWN: True})
    config.nav = None  # the configured navigation names pages this site does not have
    return Files([])


def _write_error_site(config: MkDocsConfig) -> None:
    """Leave the error page alone in the site: at its root (index.html) and as the page for every other address (404.html)."""
    site = Path(config.site_dir)
    clean_directory(str(site))  # gone already unless `mkdocs serve --dirty`; no earlier page may stay
    page = protect(error_page(_state(config)[_FAILED]), preview=True).encode("utf-8")
    for name in ("index.html", "404.html"):
        (site / name).write_bytes(page)


def on_serve(server, config: MkDocsConfig, builder):
    """Give the pages `mkdocs serve` answers a missing address with (404.html) its live reload too.

    MkDocs adds the reload script only to the files it finds; while the content has errors, most
    addresses are answered with the error page, which must reload itself when the content is fixed.
    """
    inject = getattr(server, "_inject_js_into_html", None)  # MkDocs 1.6's own, as it uses for every page
    if inject is None:
        return server
    answer = server.error_handler

    def error_handler(code: int) -> bytes | None:
        content = answer(code)
        if content is None or not server._watched_paths:
            return content
        return inject(content, server._visible_epoch)

    server.error_handler = error_handler
    return server


def _pagefind(site: Path) -> subprocess.CompletedProcess[str]:
    """Index the site's pages for readers; the pages for editors stay out of the search, folder by folder.

    Out are each edition's folders of the contributor pages (bidrag/ with its field reference, and any page
    added there later), of the translation status and of the web editor. Pagefind's --glob cannot exclude,
    so it names what is left: every other page and folder of the site and of each edition's own folder.
    """
    editions = [addresses(language) for language in LANGUAGES]
    roots = {a.root for a in editions}
    editors = {a.root + folder for a in editions for folder in (a.fields.split("/")[0], a.status, cms.ADMIN)}
    wanted: list[str] = []

    def walk(folder: Path, path: str, glob: str) -> None:
        for entry in sorted(folder.iterdir()):
            here = path + entry.name
            pattern = glob + "".join(f"\\{c}" if c in "\\*?[]{}<>,!" else c for c in entry.name)  # as written
            if entry.is_dir() and f"{here}/" in roots:
                walk(entry, f"{here}/", f"{pattern}/")
            elif entry.is_dir() and here not in editors:
                wanted.append(f"{pattern}/**/*.html")
            elif entry.is_file() and entry.suffix == ".html":
                wanted.append(pattern)

    walk(site, "", "")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--glob",
            "{" + ",".join(wanted) + "}",
            "--exclude-selectors",
            ".headerlink",
            "--exclude-selectors",
            ".md-content__button",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _record_stages(config: MkDocsConfig) -> None:
    """Append this build's seconds per stage to the file METODEBOG_TIDER names (one JSON line per edition)."""
    target = _settings(config).times
    if target:
        line = {"language": config.theme["language"], **_state(config).get("stages", {})}
        with open(target, "a", encoding="utf-8") as f:
            f.write(json.dumps(line, sort_keys=True) + "\n")


def _add_pdfs(files: Files, config: MkDocsConfig, docs) -> dict[str, int]:
    """Render (or reuse) every PDF, add them and the print sheets to the site; return PDF path → pages."""
    settings = _settings(config)
    start = time.perf_counter()
    try:
        results = render_pdfs(docs, settings.pdf_cache, workers=settings.pdf_jobs)
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


def _add_editor(files: Files, config: MkDocsConfig, root: Path, terms) -> None:
    """The web editor at admin/: its configuration from the schema and Decap CMS from npm (cms/).

    Without the npm package (a project copied without cms/node_modules) the site has no editor.
    """
    program = cms.assets(root)
    if not program:
        for f in [f for f in files if f.src_uri.startswith(f"{cms.ADMIN}/")]:
            files.remove(f)
        log.info("Webeditoren er ikke med i sitet: kør 'make build', som installerer den i cms/.")
        return
    for uri, path in program.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for uri, text in cms.files(terms, config.edit_uri or "").items():
        files.append(File.generated(config, uri, content=text))
    # The preview pane wears the site's own style sheets: the theme's (hashed names) and the handbook's.
    sheets = sorted(
        f.src_uri for f in files if f.src_uri.startswith("assets/stylesheets/") and f.src_uri.endswith(".min.css")
    )
    sheets.append("css/metodebog.css")
    styles = json.dumps([f"../{s}" for s in sheets]) + "\n"
    files.append(File.generated(config, f"{cms.ADMIN}/stilark.json", content=styles))


def on_page_context(context: dict[str, Any], page, config: MkDocsConfig, nav) -> dict[str, Any]:
    """The same page in every edition, for the language switch and the hreflang links."""
    language = config.theme["language"]
    here = addresses(language)
    current = here.root + page.url
    alternates = []
    for other in LANGUAGES:
        target = addresses(other)
        uri = counterpart(page.file.src_uri, here, target)
        url = target.root + web_address(uri)
        folder = current if current.endswith("/") else posixpath.dirname(current)  # 404.html lies in the root
        href = posixpath.relpath(url or ".", folder or ".")
        if not href.endswith(("/", ".html")):
            href += "/"
        alternates.append(
            {"lang": other, "name": strings(other)["language_name"], "href": href, "current": other == language}
        )
    context["mh_alternates"] = alternates
    return context


def _last_changes(root: Path, made, files: Files) -> dict[str, date]:
    """Each page's source file (its edit path) → when its content last changed; an overview's is the newest of all.

    Read from git (commits marked 'Indhold: uændret' left out) and the files' notes; outside git the
    sitemap keeps the build's date.
    """
    hb = made.handbook
    out = {x.source_path: x.updated for x in (*hb.methods, *hb.cases) if x.updated}
    history = file_history(root, ("docs", METHODS_DIR, CASES_DIR))  # hand-written pages and translations
    for f in files.documentation_pages():
        changes = history.get(f.edit_uri or "")
        if f.edit_uri in out:
            continue
        if changes:
            out[f.edit_uri] = changes[0].date
        elif f.generated_by is not None and f.edit_uri is None and hb.updated:
            out[f.src_uri] = hb.updated  # an overview: as new as what it lists
    return out


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent

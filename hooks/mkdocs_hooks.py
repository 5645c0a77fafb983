"""MkDocs adapter: load and validate the content, then add the generated pages to the build.

This is the only file that knows MkDocs; the ``metodebog`` package beside it does the work.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from metodebog.problems import ContentError
from metodebog.render import published_files, render
from metodebog.slug import slugify
from metodebog.validate import load_handbook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

log = logging.getLogger("mkdocs.hooks.metodebog")



def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    # Heading anchors in Danish ASCII (#formaal, not #formal), like the page addresses.
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    if "SOURCE_DATE_EPOCH" not in os.environ:
        # The sitemap's dates otherwise come from the clock; the last commit keeps builds repeatable.
        os.environ["SOURCE_DATE_EPOCH"] = _last_commit_time(root)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = _root(config)
    try:
        handbook = load_handbook(root)
    except ContentError as e:
        raise PluginError("Indholdet har fejl, så håndbogen blev ikke bygget:\n" + e.report()) from None
    for f in files.documentation_pages():
        f.edit_uri = f"docs/{f.src_uri}"
    for page in render(handbook, config.theme["language"]):
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} findes allerede og ville blive overskrevet af en genereret side. "
                              "Slet eller omdøb filen i docs/.")
        # Generated pages are reached from the section pages, not listed in the nav.
        f = File.generated(config, page.uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV)
        f.edit_uri = page.edit_path
        files.append(f)
    for uri, text in sorted(published_files(handbook).items()):
        files.append(File.generated(config, uri, content=text))
    return files


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _last_commit_time(root: Path) -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "0"
    return out.stdout.strip() or "0"

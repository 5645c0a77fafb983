"""Shared test helpers: the repository, the fixture project, and building a project with MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO / "hooks"))

# What a project needs besides its content to be built with the real configuration.
PROJECT_FILES = ("mkdocs.yml", "docs", "hooks", "Makefile", "requirements.txt")


def make_project(dest: Path, content: Path = FIXTURES / "projekt") -> Path:
    """Copy the real site configuration plus ``content`` (methods/, cases/, data/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    for name in ("methods", "cases", "data"):
        shutil.copytree(content / name, dest / name)
    return dest


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Build ``project`` into ``site`` with strict MkDocs, as `make build` does; return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project."""
    return make_project(tmp_path / "projekt")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once into a site folder; returns the site folder."""
    root = tmp_path_factory.mktemp("bygget")
    proj = make_project(root / "projekt")
    site = root / "site"
    result = mkdocs_build(proj, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once with PDFs (cached in build/pdf-cache); returns the site folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site

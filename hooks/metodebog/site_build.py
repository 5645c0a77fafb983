"""`make build`: build the site into a fresh folder and put it in place of site/ only when the whole build succeeded.

One build at a time: a lock file in build/ makes a second build wait for the first. The new
site takes the old one's place in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``), so
a reader or a kill never finds site/ missing or half written; where the file system cannot
exchange, the old site is moved aside first and put back by the next build if it was
interrupted between the two moves.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
# What a finished build always has; a folder without them is not put in place.
REQUIRED = ("index.html", "404.html", "sitemap.xml", "pagefind/pagefind.js", "en/index.html", "en/404.html")
# Each edition's configuration, and where in the site it goes: Danish first, since its build empties the folder.
EDITIONS = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))


class BuildError(Exception):
    """The build failed; the message is a Danish sentence for the person who ran `make build`."""


@contextmanager
def locked(build_dir: Path):
    """Hold the project's build lock; wait, saying so in Danish, while another build holds it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("En anden bygning kører allerede i denne mappe. Venter, til den er færdig …", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # the kernel releases the lock if this process dies


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; return False where the system cannot (then nothing happened)."""
    if os.environ.get("METODEBOG_SWAP") == "flyt" or not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def recover(site: Path, aside: Path) -> None:
    """Put the previous site back if a build stopped between moving it aside and moving the new one in."""
    if not site.exists() and aside.is_dir():
        aside.rename(site)
        print(f"{site.name}/ manglede efter en afbrudt bygning og er sat tilbage.", flush=True)


def swap_in(new: Path, site: Path, aside: Path) -> None:
    """Put ``new`` in place of ``site``; afterwards the old site is gone and ``new`` no longer exists."""
    _pause("swap")
    if site.exists() and _exchange(new, site):
        shutil.rmtree(new)  # now the old site
        return
    if site.exists():
        shutil.rmtree(aside, ignore_errors=True)
        site.rename(aside)
        _pause("aside")
    new.rename(site)
    shutil.rmtree(aside, ignore_errors=True)


def _pause(point: str) -> None:
    """Wait at ``point`` when the tests ask for it (METODEBOG_PAUSE=swap:2), so they can kill the build there."""
    wanted, _, seconds = os.environ.get("METODEBOG_PAUSE", "").partition(":")
    if wanted == point:
        print(f"pause ved {point}", flush=True)
        time.sleep(float(seconds or 1))


def _complete(folder: Path) -> list[str]:
    return [name for name in REQUIRED if not (folder / name).is_file()]


def build(root: Path, site_dir: str = "site") -> None:
    """Build the project at ``root`` into site/ (with PDFs unless METODEBOG_PDF=nej); raise BuildError on failure."""
    build_dir = root / "build"
    site, new, aside = root / site_dir, build_dir / "site.new", build_dir / "site.old"
    with locked(build_dir):
        recover(site, aside)
        shutil.rmtree(new, ignore_errors=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        for config, folder in EDITIONS:
            command = [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-f",
                config,
                "--site-dir",
                str(new / folder),
            ]
            result = subprocess.run(command, cwd=root, env=env)
            if result.returncode != 0:
                break
        if result.returncode != 0:
            shutil.rmtree(new, ignore_errors=True)
            raise BuildError(f"Bygningen fejlede (se beskederne ovenfor), så {site_dir}/ er ikke ændret.")
        missing = _complete(new)
        if missing:
            shutil.rmtree(new, ignore_errors=True)
            raise BuildError(
                f"Bygningen mangler {', '.join(missing)}, så {site_dir}/ er ikke ændret. "
                "Byg igen med 'make build'; sker det igen, så giv beskeden videre til en udvikler."
            )
        try:
            swap_in(new, site, aside)
        except OSError as e:
            raise BuildError(
                f"Den nye udgave kunne ikke lægges i {site_dir}/ ({e.strerror}). Den forrige udgave er bevaret; "
                "tjek, at mappen kan skrives, og byg igen."
            ) from None

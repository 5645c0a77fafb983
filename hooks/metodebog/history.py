"""The change history of each content file, read from git in one call; empty outside a git checkout."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .layout import CASES_DIR, METHODS_DIR

KEEP = 5  # changes kept per file: enough for "what changed lately", and the page stays small
# A commit that changes how files are written but not what they say carries this line in its message; it is
# left out of every file's history (its date, its changes, whether a translation is behind its Danish file).
UNCHANGED = "Indhold: uændret"


@dataclass(frozen=True)
class Change:
    date: date
    message: str
    sequence: int = 0  # the commit's place in the history, higher is newer: which of two files changed last
    commit: str = ""  # its hash


def file_history(
    root: Path, folders: tuple[str, ...] = (METHODS_DIR, CASES_DIR, "data")
) -> dict[str, tuple[Change, ...]]:
    """Return path (relative to ``root``) → its last commits, newest first."""
    try:
        out = subprocess.run(
            [
                "git",
                "log",
                "--format=%x00%cs%x09%H%x09%s",
                "--name-only",
                "--relative",
                "--no-renames",
                "--invert-grep",
                f"--grep=^{UNCHANGED}$",
                "--",
                *folders,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    history: dict[str, list[Change]] = {}
    commits = out.split("\0")[1:]
    for n, commit in enumerate(commits):
        head, _, names = commit.partition("\n")
        day, _, rest = head.partition("\t")
        commit, _, message = rest.partition("\t")
        change = Change(date.fromisoformat(day.strip()), message.strip(), len(commits) - n, commit)
        for name in names.split("\n"):
            if name and len(history.setdefault(name, [])) < KEEP:
                history[name].append(change)
    return {name: tuple(changes) for name, changes in history.items()}


def file_at(root: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` (relative to ``root``) as it was in ``commit``; None when git cannot say."""
    try:
        return subprocess.run(
            ["git", "show", f"{commit}:./{path}"], cwd=root, capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None

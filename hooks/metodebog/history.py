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


def git(root: Path, *args: str, timeout: float = 60) -> str | None:
    """What ``git args`` prints in ``root``; None outside a git checkout or when git fails."""
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=timeout, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def last_commit_time(root: Path) -> int:
    """The time of the last commit in seconds since 1970; 0 outside git."""
    out = git(root, "log", "-1", "--format=%ct", timeout=10)
    return int(out.strip() or 0) if out is not None else 0


def file_history(
    root: Path, folders: tuple[str, ...] = (METHODS_DIR, CASES_DIR, "data")
) -> dict[str, tuple[Change, ...]]:
    """Return path (relative to ``root``) → its last commits, newest first."""
    out = git(
        root,
        "log",
        "--format=%x00%cs%x09%H%x09%s",
        "--name-only",
        "--relative",
        "--no-renames",
        "--invert-grep",
        f"--grep=^{UNCHANGED}$",
        "--",
        *folders,
    )
    if out is None:
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
    return git(root, "show", f"{commit}:./{path}", timeout=30)

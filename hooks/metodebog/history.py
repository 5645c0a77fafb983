"""When each content file last changed, read from git in one call; empty outside a git checkout."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path


def last_changed(root: Path, folders: tuple[str, ...] = ("methods", "cases", "data")) -> dict[str, date]:
    """Return path (relative to ``root``) → date of the last commit that touched it."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", *folders],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    for commit in out.split("\0")[1:]:
        day, _, names = commit.partition("\n")
        for name in names.split("\n"):
            if name and name not in dates:  # newest commit first
                dates[name] = date.fromisoformat(day.strip())
    return dates

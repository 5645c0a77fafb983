"""A problem found in the content, reported to editors as one Danish line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .messages import language, say
from .slug import suggest

if TYPE_CHECKING:
    from .load import Located, Path_


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at file:line:column; ``message`` is a Danish sentence with a way out.

    A warning is worth fixing but does not stop the check or the build.
    """

    file: str
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        english = language() == "en"
        label = ("warning: " if english else "advarsel: ") if self.warning else ""
        return f"{self.file}:{self.line}:{self.column}: {label}{say(self.message)}"

    def as_warning(self) -> Problem:
        return Problem(self.file, self.line, self.column, self.message, warning=True)


def report(
    where: Located | str,
    message: str,
    path: Path_ = (),
    *,
    key: bool = False,
    line: int = 1,
    warning: bool = False,
) -> Problem:
    """A problem at the value (or ``key``) at ``path`` of a document; for a file name, at ``line`` of that file."""
    if isinstance(where, str):
        return Problem(where, line, 1, message, warning)
    return Problem(where.file, *where.at(path, key=key), message, warning)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Mente du 'x'?' for the nearest of ``choices`` to ``word``; empty when none is near."""
    near = suggest(word, choices)
    return f" Mente du '{near}'?" if near else ""


class ContentError(Exception):
    """Raised when content has problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        """Return every problem on its own line plus a Danish summary line."""
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(say(f"{n} fejl i indholdet. Ret {'den' if n == 1 else 'dem'}, og kør 'make check' igen."))
        return "\n".join(lines)

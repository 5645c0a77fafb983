"""Find what looks like personal data in content: CPR numbers, phone numbers, e-mail and street addresses.

Cases are fiction or anonymised; a match is reported masked, so the message itself does not
repeat the data. A case may list a deliberate, fictitious example under ``fiktive_oplysninger``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CPR = re.compile(r"(?<![\w-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\w-])")
_PHONE = re.compile(r"(?<![\w+-])(?:\+45[ -]?|0045[ -]?)?(?:\d{8}|\d{4} \d{4}|\d{2} \d{2} \d{2} \d{2})(?![\w-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
_STREET = re.compile(
    r"\b[A-ZÆØÅ][a-zæøåé]*(?:vej|gade|allé|alle|stræde|plads|vænget|vænge|toften|bakken|parken|vang|torv|boulevard|"
    r"have|sti|løkke|agre|mark|høj|hegn)(?: [A-ZÆØÅ][a-zæøå]+)? \d{1,3}[A-Za-z]?\b"
)


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, in the text given
    column: int
    kind: str  # Danish: what it looks like
    text: str

    @property
    def masked(self) -> str:
        """The finding with its identifying part hidden: '010190-****', 'j***@eksempel.dk'."""
        t = self.text
        if self.kind == "en e-mailadresse":
            name, _, host = t.partition("@")
            return f"{name[:1]}***@{host}"
        if self.kind == "en adresse":
            street, _, _ = t.rpartition(" ")
            return f"{street} **"
        keep = 6 if self.kind == "et CPR-nummer" else 2
        out, digits = [], 0
        for ch in t:
            if ch.isdigit():
                digits += 1
                out.append(ch if digits <= keep else "*")
            else:
                out.append(ch)
        return "".join(out)


def _valid_cpr_date(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def find_personal_data(text: str, allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Return what in ``text`` looks like personal data, except the strings in ``allowed``."""
    patterns = [
        (_EMAIL, "en e-mailadresse"),
        (_CPR, "et CPR-nummer"),
        (_PHONE, "et telefonnummer"),
        (_STREET, "en adresse"),
    ]
    findings: list[Finding] = []
    for number, line in enumerate(text.split("\n"), start=1):
        taken: list[tuple[int, int]] = []  # a CPR number is not also reported as a phone number
        for pattern, kind in patterns:
            for m in pattern.finditer(line):
                if kind == "et CPR-nummer" and not _valid_cpr_date(m.group(1), m.group(2), m.group(3)):
                    continue
                if any(a <= m.start() < b for a, b in taken) or any(m.group(0) in a for a in allowed):
                    continue
                taken.append((m.start(), m.end()))
                findings.append(Finding(number, m.start() + 1, kind, m.group(0)))
    return sorted(findings, key=lambda f: (f.line, f.column))

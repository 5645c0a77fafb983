"""Find what looks like personal data in content: CPR numbers, phone numbers, e-mail and street addresses.

Cases are fiction or anonymised; a match is reported masked, so the message itself does not
repeat the data. A method or case may list a deliberate, fictitious example under
``fiktive_oplysninger``. CPR numbers are recognised by python-stdnum's ``dk.cpr`` (the date
and century rules), in every way people write them: 010190-1234, 010190 1234, 01.01.90-1234,
010190/1234. Numbers that only look alike are left alone: CVR, SE, P and EAN numbers with their
label, ISO dates (20240101, 2024-01-01), years, counts ("3 gange") and section numbers.

Every pattern starts only where a word starts (a look-behind), so a long line is read once,
not once per character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from stdnum.dk import cpr

_SEP = r"[ .\-/]?"
# Six digits (day, month, year) and four, with the separators people use between them.
_CPR = re.compile(
    rf"(?<![\w+\-/.])(?P<d>\d{{2}}){_SEP}(?P<m>\d{{2}}){_SEP}(?P<y>\d{{2}}) ?[\-/ ]? ?(?P<n>\d{{4}})(?![\w\-/]|\.\d)"
)
# Danish subscriber numbers: eight digits, alone or in groups (2-2-2-2, 4-4, 2-3-3, 3-2-3, 2-2-4),
# with an optional +45 or 0045 in front.
_PHONE = re.compile(
    r"(?<![\w+\-/.])(?:(?:\+|00)45[ .\-]?|\(\+45\) ?)?"
    r"(?P<num>\d{8}|\d{2}([ .\-])\d{2}\2\d{2}\2\d{2}|\d{4}[ .\-]\d{4}|\d{2}[ .\-]\d{3}[ .\-]\d{3}"
    r"|\d{3}[ .\-]\d{2}[ .\-]\d{3}|\d{2}[ .\-]\d{2}[ .\-]\d{4})(?![\w\-/]|[.,]\d)"
)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-zA-Z]{2,}")
# Words a Danish street name ends in ("Kongevej", "Strandvejen"), or that stand as a word of their own
# ("H.C. Andersens Boulevard", "Dronning Louises Bro"), in their indefinite and definite forms.
_STREET_WORDS = (
    "vej|vejen|gade|gaden|allé|alle|alléen|alleen|boulevard|boulevarden|plads|pladsen|stræde|strædet|"
    "vænge|vænget|torv|torvet|have|haven|park|parken|bakke|bakken|sti|stien|toft|toften|vang|vangen|"
    "kvarter|kvarteret|passage|passagen|dige|diget|kaj|kajen|løkke|løkken|mark|marken|høj|højen|hegn|"
    "hegnet|ager|agre|eng|engen|lund|lunden|bro|broen|holm|holmen|gård|gården|krog|krogen|strand|stranden|"
    "landevej|landevejen|ringvej|ringvejen|bygade|kvt"
)
_NAME = r"(?:(?:[A-ZÆØÅ]\.){1,3} ?|[A-ZÆØÅ][a-zæøåéü]+ )"
_STREET = re.compile(
    rf"(?<![\w.])(?P<name>{_NAME}{{0,3}}[A-ZÆØÅ][a-zæøåéü]*(?:{_STREET_WORDS})|{_NAME}{{1,3}}(?i:{_STREET_WORDS}))"
    r" (?P<no>\d{1,3}(?: ?[A-Za-z])?)(?![\w\-]|[.,]\d)"
)
# What stands right before a number that is not a phone or CPR number, though it has as many digits.
_LABELS = re.compile(
    r"(?:cvr|se|p|ean|gln|journal|j|sags|faktura|ordre|konto|reg|isbn|issn|lov|bekendtgørelse|bek|nr|§§?)"
    r"[\s.\-:]*(?:nr|nummer)?[\s.\-:]*$",
    re.IGNORECASE,
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


def _is_cpr(m: re.Match[str]) -> bool:
    try:
        cpr.get_birth_date(m.group("d") + m.group("m") + m.group("y") + m.group("n"))
    except Exception:  # stdnum's own errors: no valid date in it
        return False
    return True


def _is_date(digits: str) -> bool:
    """Whether eight digits read as a date (20240101 or 01012024), which is no phone number."""
    for y, m, d in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2])):
        try:
            if 1900 <= int(y) <= 2100:
                date(int(y), int(m), int(d))
                return True
        except ValueError:
            continue
    return False


def _labelled(line: str, start: int) -> bool:
    """Whether the number at ``start`` follows a label such as 'CVR-nr.' or '§'."""
    return bool(_LABELS.search(line[max(0, start - 24) : start]))


_DIGIT = re.compile(r"\d")


def find_personal_data(text: str, allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Return what in ``text`` looks like personal data, except the strings in ``allowed``."""
    findings: list[Finding] = []
    if "@" not in text and not _DIGIT.search(text):
        return findings  # every kind of personal data the guard knows has a digit or an @
    for number, line in enumerate(text.split("\n"), start=1):
        findings += _in_line(number, line, allowed)
    return sorted(findings, key=lambda f: (f.line, f.column))


def _candidates(line: str) -> Iterator[tuple[re.Match[str], str]]:
    """Yield each match in ``line`` that is personal data by its form, with its kind, most specific first."""
    if "@" in line:
        for m in _EMAIL.finditer(line):
            yield m, "en e-mailadresse"
    if not _DIGIT.search(line):
        return
    for m in _CPR.finditer(line):
        if _is_cpr(m) and not _labelled(line, m.start()):
            yield m, "et CPR-nummer"
    for m in _PHONE.finditer(line):
        digits = re.sub(r"\D", "", m.group("num"))
        # A labelled number (CVR-nr. 12345678) or a date (20240101) is something else.
        if not _labelled(line, m.start()) and not (len(m.group("num")) == 8 and _is_date(digits)):
            yield m, "et telefonnummer"
    for m in _STREET.finditer(line):
        yield m, "en adresse"


def _in_line(number: int, line: str, allowed: tuple[str, ...]) -> list[Finding]:
    taken: list[tuple[int, int]] = []  # a CPR number is not also reported as a phone number
    out = []
    for m, kind in _candidates(line):
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            continue
        if any(m.group(0) in a or a in m.group(0) for a in allowed if a):
            continue
        taken.append((m.start(), m.end()))
        out.append(Finding(number, m.start() + 1, kind, m.group(0)))
    return out

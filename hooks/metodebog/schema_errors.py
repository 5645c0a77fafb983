"""Schema errors said in Danish: each jsonschema error becomes a sentence with a way out, at its line."""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from . import schema
from .layout import VOCABULARY_FILE
from .load import Located
from .problems import Problem, did_you_mean, report
from .slug import slugify, suggest

_TYPE_NAMES = {
    "string": "en tekst",
    "array": "en liste",
    "object": "en gruppe af felter",
    "integer": "et helt tal",
    "boolean": "true eller false",
    "number": "et tal",
    "null": "tom",
}
_TYPE_HINTS = {
    "string": "Skriv teksten efter kolon, og brug '|' på linjen, hvis teksten fylder flere linjer.",
    "array": "Skriv hvert punkt på sin egen linje med '- ' foran.",
    "object": "Skriv felterne på linjerne under, rykket ind med to mellemrum.",
    "integer": "Skriv et tal uden anførselstegn, fx 2024.",
    "boolean": "Skriv true eller false uden anførselstegn.",
    "number": "Skriv tallet uden anførselstegn og med punktum som decimaltegn, fx 4.2.",
}
_DECIMAL_COMMA = re.compile(r"\d+,\d+")


def _field(path: tuple[Any, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "filen"


def _kind_of(value: Any) -> str:
    for name, kind in (
        ("null", type(None)),
        ("boolean", bool),
        ("integer", int),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return name
    return "number"


def schema_problems(doc: Located, validator: Draft202012Validator) -> list[Problem]:
    """Every error ``validator`` finds in ``doc``, said in Danish at the line it concerns."""
    return [problem for error in validator.iter_errors(doc.data) for problem in _in_danish(doc, error)]


def _in_danish(doc: Located, e: ValidationError) -> list[Problem]:
    """Say one schema error in Danish, at the line of the value (or key) it concerns."""
    path = tuple(e.absolute_path)
    field = _field(path)
    if e.validator == "required":
        allowed = list(e.schema.get("properties", {}))
        misspelt = {suggest(k, allowed) for k in e.instance if k not in allowed}
        # A near-miss key ('formaal') is reported as unknown with a suggestion; not as missing too.
        missing = [k for k in e.validator_value if k not in e.instance and k not in misspelt]
        out = []
        for k in missing:
            desc = e.schema.get("properties", {}).get(k, {}).get("description", "").split(". ")[0].rstrip(".")
            where = f" under '{field}'" if path else ""
            out.append(report(doc, f"feltet '{k}' mangler{where}. Tilføj '{k}:' med en værdi ({desc.lower()}).", path))
        return out
    if e.validator == "additionalProperties":
        allowed = list(e.schema.get("properties", {}))
        out = []
        for k in sorted(set(e.instance) - set(allowed)):
            near = suggest(k, allowed)
            way = f"Mente du '{near}'?" if near else f"Tilladte felter her: {', '.join(allowed)}."
            out.append(report(doc, f"ukendt felt '{k}'. {way}", (*path, k), key=True))
        return out
    if e.validator == "type":
        want = e.validator_value
        if e.instance is None:
            return [
                report(
                    doc,
                    f"feltet '{field}' er tomt. Skriv {_TYPE_NAMES.get(want, want)} efter kolon, eller slet feltet.",
                    path,
                )
            ]
        got = _TYPE_NAMES.get(_kind_of(e.instance), "noget andet")
        if want == "number" and isinstance(e.instance, str) and _DECIMAL_COMMA.fullmatch(e.instance.strip()):
            dotted = e.instance.strip().replace(",", ".")
            return [report(doc, f"'{e.instance}' skal skrives med punktum som decimaltegn: {dotted}.", path)]
        return [
            report(
                doc,
                f"'{field}' skal være {_TYPE_NAMES.get(want, want)}, men er {got}. {_TYPE_HINTS.get(want, '')}".rstrip(),
                path,
            )
        ]
    if e.validator == "enum":
        choices = [str(c) for c in e.validator_value]
        if field in schema.VOCABULARY_KINDS:
            return [
                report(
                    doc,
                    f"'{e.instance}' er ikke en kendt term i {field}.{did_you_mean(str(e.instance), choices)} "
                    f"Ellers tilføj termen i {VOCABULARY_FILE}.",
                    path,
                )
            ]
        return [
            report(
                doc,
                f"'{e.instance}' er ikke tilladt i '{field}'.{did_you_mean(str(e.instance), choices)} "
                f"Vælg en af: {', '.join(choices)}.",
                path,
            )
        ]
    if e.validator == "minLength":
        return [report(doc, f"feltet '{field}' er tomt. Skriv en tekst, eller slet feltet.", path)]
    if e.validator == "maxLength":
        owner = next((p for p in reversed(path) if isinstance(p, str) and p != "tekst"), field)
        return [
            report(
                doc,
                f"teksten i '{owner}' fylder {len(e.instance)} tegn, men må højst fylde {e.validator_value}, "
                "så den kan stå i en sammenligning. Skriv den kortere.",
                path,
            )
        ]
    if e.validator == "minProperties":
        return [report(doc, f"'{field}' er tom. Tilføj mindst én term med id, navn og beskrivelse.", path)]
    if e.validator == "minItems":
        return [report(doc, f"listen '{field}' er tom. Tilføj mindst ét punkt med '- ' foran.", path)]
    if e.validator == "uniqueItems":
        seen: set[Any] = set()
        dups = [v for v in e.instance if v in seen or seen.add(v)]
        return [report(doc, f"'{dups[0] if dups else '?'}' står to gange i '{field}'. Slet den ene.", path)]
    if e.validator == "pattern":
        if e.validator_value == schema.SLUG:
            return [
                report(
                    doc,
                    f"'{e.instance}' er ikke et gyldigt id. Brug små bogstaver, tal og bindestreg, "
                    f"og skriv æ, ø, å som ae, oe, aa, fx '{slugify(str(e.instance))}'.",
                    path,
                )
            ]
        if e.validator_value == schema.LAW_URL:
            return [
                report(
                    doc,
                    f"'{e.instance}' er ikke en adresse på retsinformation.dk. Link til lovens officielle tekst, "
                    "fx https://www.retsinformation.dk/eli/lta/2023/721.",
                    path,
                )
            ]
        return [report(doc, f"'{e.instance}' er ikke en webadresse. Den skal begynde med https://.", path)]
    if e.validator in ("minimum", "maximum") and field == "år":
        return [report(doc, f"'{e.instance}' ligner ikke et årstal. Skriv året med fire cifre, fx 2024.", path)]
    if e.validator in ("minimum", "maximum"):
        low, high = e.schema.get("minimum"), e.schema.get("maximum")
        return [report(doc, f"'{e.instance}' ligger uden for skalaen. Skriv et tal fra {low} til {high}.", path)]
    if e.validator == "maxItems":
        return [
            report(
                doc,
                f"listen '{field}' har {len(e.instance)} punkter, men må højst have {e.validator_value}, "
                "så kortet kan læses. Slet eller saml nogle af dem.",
                path,
            )
        ]
    return [
        report(doc, f"feltet '{field}' har en ugyldig værdi. Sammenlign med feltbeskrivelsen på siden Bidrag.", path)
    ]

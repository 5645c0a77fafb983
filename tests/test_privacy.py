"""The personal-data guard: every way people write a CPR number, a phone number or an address, and not more."""

from __future__ import annotations

import time

import pytest

from metodebog.privacy import find_personal_data

FOUND = [
    ("Hun har CPR 010190-1234.", "et CPR-nummer", "010190-****"),
    ("cpr 010190 1234", "et CPR-nummer", "010190 ****"),
    ("født 01.01.90-1234", "et CPR-nummer", "01.01.90-****"),
    ("010190/1234", "et CPR-nummer", "010190/****"),
    ("0101901234", "et CPR-nummer", "010190****"),
    ("01 01 90 1234", "et CPR-nummer", "01 01 90 ****"),
    ("Bor på Strandvejen 112", "en adresse", "Strandvejen **"),
    ("Bor på H.C. Andersens Boulevard 27", "en adresse", "H.C. Andersens Boulevard **"),
    ("Ny adresse: Vesterbroboulevarden 70", "en adresse", "Vesterbroboulevarden **"),
    ("Gammel Kongevej 10", "en adresse", "Gammel Kongevej **"),
    ("Dronning Louises Bro 2", "en adresse", "Dronning Louises Bro **"),
    ("Kongens Nytorv 3", "en adresse", "Kongens Nytorv **"),
    ("Skovvej 3B", "en adresse", "Skovvej **"),
    ("Åbjergvej 12, 2. th.", "en adresse", "Åbjergvej **"),
    ("ring 12-34-56-78", "et telefonnummer", "12-**-**-**"),
    ("ring 12.34.56.78", "et telefonnummer", "12.**.**.**"),
    ("ring +45 12 34 56 78", "et telefonnummer", "+45 ** ** ** **"),
    ("tlf. 1234 5678", "et telefonnummer", "12** ****"),
    ("(+45) 22334455", "et telefonnummer", "(+45) ********"),
    ("0045 22334455", "et telefonnummer", "00** ********"),
    ("22 334 455", "et telefonnummer", "22 *** ***"),
    ("skriv til anne.hansen@eksempel.dk", "en e-mailadresse", "a***@eksempel.dk"),
]
NOT_FOUND = [
    "CVR 12345678",
    "CVR-nr. 12345678",
    "cvr.nr.: 29189846",
    "SE-nr. 12345678",
    "P-nummer 1012345678",
    "ean 5798000000001",
    "journalnr. 2024-0012345",
    "den 20240101",
    "2024-01-01",
    "3 gange om ugen",
    "i 2024 og 2025",
    "Serviceloven § 81",
    "lov nr. 1234 af 12/12/2024",
    "ISBN 978-87-7546-123-4",
    "kl. 10.30",
    "Fase 3",
    "Bilag 2",
    "Vejen 3",
    "https://www.sbst.dk/media/12345678/x.pdf",
    "1-2 timer",
    "Trin 1 2 3 4",
    "side 12-14",
    "010190",
    "Vejle Kommune 2024",
]


@pytest.mark.parametrize(("text", "kind", "masked"), FOUND, ids=[t for t, _, _ in FOUND])
def test_found_and_masked(text: str, kind: str, masked: str) -> None:
    found = find_personal_data(text)
    assert [(f.kind, f.masked) for f in found] == [(kind, masked)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_a_declared_fiction_is_left_alone() -> None:
    assert find_personal_data("Hun bor på Skovvej 3 og har tlf. 22 33 44 55", ("Skovvej 3", "22 33 44 55")) == []


def test_a_long_line_is_read_once() -> None:
    start = time.perf_counter()
    for text in ("x" * 300_000, "a@" + "b" * 300_000, "1" * 300_000, "Aa" * 150_000):
        find_personal_data(text)
    assert time.perf_counter() - start < 5  # quadratic matching took minutes on such a line


def test_a_method_may_declare_its_fiction(project) -> None:
    from metodebog.validate import load_handbook

    path = project / "methods" / "naboskab.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "formål: At bygge på det, der virker.", "formål: Mødet er på Skovvej 3."
    )
    path.write_text(text + "fiktive_oplysninger: [Skovvej 3]\n", encoding="utf-8")
    assert load_handbook(project).method("naboskab").purpose == "Mødet er på Skovvej 3."

"""The editor's path: scaffolds, personal data with a visible exception, id links, git dates, external links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import PDF_CACHE, REPO, edit, generated, page_html, page_text
from metodebog.edition import edition
from metodebog.layout import DANISH
from metodebog.pdf import render_pdfs
from metodebog.privacy import find_personal_data
from metodebog.validate import load_handbook

ENV = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}


def metodebog(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metodebog", *args, "--root", str(project)], capture_output=True, text=True, env=ENV
    )


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder line's value as an editor would."""
    for placeholder, value in values.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    return text


def test_scaffold_round_trip(project: Path) -> None:
    made = metodebog(project, "ny-metode", "netvaerksmoeder")
    assert made.returncode == 0 and "Oprettet: methods/netvaerksmoeder.yaml." in made.stdout
    unfilled = metodebog(project, "check")
    assert unfilled.returncode == 1
    assert "methods/netvaerksmoeder.yaml:8:8: 'titel' er ikke udfyldt endnu." in unfilled.stderr

    path = project / "methods" / "netvaerksmoeder.yaml"
    text = fill(
        path.read_text(encoding="utf-8"),
        {
            '"UDFYLD: metodens navn"': "Netværksmøder i hverdagen",
            '"UDFYLD: kort resumé af metoden"': "Borgeren inviterer sit netværk til et møde.",
            "målgrupper: [UDFYLD]": "målgrupper: [socialt-isolerede]",
            "områder: [UDFYLD]": "områder: [voksenomraadet]",
            "tilgange: [UDFYLD]": "tilgange: [opsoegende]",
            "UDFYLD: baggrunden for metoden.": "Prøvet i to kommuner.",
            "UDFYLD: metodens formål.": "At netværket finder de næste skridt.",
            '"UDFYLD: principets navn"': "Alle stemmer tæller",
            "UDFYLD: hvad princippet betyder i praksis.": "Ingen har det sidste ord.",
            "UDFYLD-fasens-id": "forberedelse",
            '"UDFYLD: fasens navn"': "Forberedelse",
            '"UDFYLD: hvad fasen skal opnå"': "At borgeren vælger deltagerne.",
            "UDFYLD: hvordan medarbejderen arbejder i fasen.": "Tal med borgeren om, hvem der skal med.",
            '"UDFYLD: et kort råd"': "Spørg bredt.",
            '"UDFYLD: hvornår spørgsmålene bruges"': "Før mødet.",
            '"UDFYLD: et spørgsmål, der slutter med spørgsmålstegn?"': "Hvem vil du have med?",
            '"UDFYLD: tjeklistens overskrift"': "Før mødet",
            '"UDFYLD: et punkt, der kan krydses af"': "Borgeren har valgt deltagerne.",
            '"UDFYLD: hvornår fasen slutter"': "Når invitationerne er sendt.",
            "UDFYLD-tjeklistens-id": "efter-moedet",
            "UDFYLD-arkets-id": "refleksion",
            '"UDFYLD: arbejdsarkets overskrift"': "Refleksion",
            '"UDFYLD: et spørgsmål?"': "Hvad lærte vi?",
            '"UDFYLD: noget, der hjælper"': "Tid",
            '"UDFYLD: noget, der bremser"': "Travlhed",
            '"UDFYLD: kildens titel"': "En kilde",
            '"UDFYLD: hvem der har udgivet kilden"': "En udgiver",
            '"UDFYLD: hvem metoden er til"': "Borgere med et lille netværk.",
            '"UDFYLD: hvad andre har fundet om virkningen, fx Vidensportalen, med kilde"': "Ingen har målt den.",
            '"UDFYLD: undersøgelsens eller vidensafdækningens titel"': "En afdækning",
            '"UDFYLD: forfatter eller institution"': "En forfatter",
            '"UDFYLD: udgiver"': "En udgiver",
            '"https://UDFYLD"': "https://kilde.example/",
            '"UDFYLD: hvad det koster at indføre og drive metoden"': "Kilderne oplyser det ikke.",
            '"UDFYLD: uddannelse, certificering, supervision, manual og organisering"': "To kursusdage.",
            '"UDFYLD: hvordan loven rammer arbejdet ind"': "Ingen lov foreskriver metoden.",
            '"UDFYLD: lovens navn, fx Barnets lov"': "Barnets lov",
            '"UDFYLD: fx § 1"': "§ 1",
            '"UDFYLD: hvad bestemmelsen handler om"': "Lovens formål",
            '"https://www.retsinformation.dk/UDFYLD"': "https://www.retsinformation.dk/eli/lta/2023/721",
            '"UDFYLD: hvor længe et forløb typisk varer"': "Et halvt år.",
            '"UDFYLD: hvordan arbejdet dokumenteres"': "I journalen.",
        },
    )
    path.write_text(text, encoding="utf-8")

    made = metodebog(project, "ny-case", "foerste-moede", "netvaerksmoeder")
    assert made.returncode == 0, made.stderr
    case = project / "cases" / "foerste-moede.md"
    assert "# Valgfri: id på den fase, casen hører til. Metodens faser: forberedelse" in case.read_text(
        encoding="utf-8"
    )
    case.write_text(
        fill(
            case.read_text(encoding="utf-8"),
            {
                '"UDFYLD: casens titel"': "Første møde",
                "# fase: forberedelse": "fase: forberedelse",
                '"UDFYLD: én sætning om casen"': "Et første netværksmøde.",
                "UDFYLD: Skriv fortællingen her, gerne 250–500 ord. Brug opdigtede fornavne.": "Mira inviterer sin bror.",
                "UDFYLD: et spørgsmål til refleksion?": "Hvem manglede?",
                "UDFYLD: endnu et spørgsmål?": "Hvad nu?",
            },
        ),
        encoding="utf-8",
    )
    ok = metodebog(project, "check")
    assert ok.returncode == 0, ok.stderr
    assert "Indholdet er i orden: 3 metoder og 3 cases." in ok.stdout
    assert "netvaerksmoeder" not in ok.stderr  # a filled-in scaffold leaves nothing to warn about

    page = page_text(generated(project)["metoder/netvaerksmoeder.md"])
    assert "Netværksmøder i hverdagen" in page and "Første møde" in page and "Hvem vil du have med?" in page


def test_scaffold_refuses_bad_or_taken_ids(project: Path) -> None:
    bad = metodebog(project, "ny-metode", "Åben-Dialog")
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "Metoden blev ikke oprettet: 'Åben-Dialog' er ikke et gyldigt id. Brug små bogstaver, tal og bindestreg, "
        "og skriv æ, ø, å som ae, oe, aa, fx 'aaben-dialog'."
    )
    taken = metodebog(project, "ny-metode", "naboskab")
    assert taken.stderr.strip() == (
        "Metoden blev ikke oprettet: methods/naboskab.yaml findes allerede. Vælg et andet id, eller ret den eksisterende fil."
    )
    no_method = metodebog(project, "ny-case", "ny", "findes-ikke")
    assert no_method.returncode == 1 and "der findes ingen metode med id'et 'findes-ikke'" in no_method.stderr
    assert not (project / "cases" / "ny.md").exists()


def test_fictitious_example_is_allowed_when_declared(project: Path) -> None:
    path = project / "cases" / "kortet.md"
    text = path.read_text(encoding="utf-8").replace("Beboerne tegner", "Mødet holdes på Skovvej 12. Beboerne tegner")
    path.write_text(text, encoding="utf-8")
    assert "Skovvej **" in metodebog(project, "check").stderr
    path.write_text(text.replace("kilde:", "fiktive_oplysninger: [Skovvej 12]\nkilde:"), encoding="utf-8")
    assert metodebog(project, "check").returncode == 0


def test_personal_data_patterns() -> None:
    found = {f.kind for f in find_personal_data("Ring 12345678 eller +45 12 34 56 78; CPR 3112991234.")}
    assert found == {"et telefonnummer", "et CPR-nummer"}
    # Not personal data: an invalid date is no CPR number, years and scores are no phone numbers.
    assert find_personal_data("Tallet 3213991234, årene 2007 og 2012, skala 0–10, over 4,5.") == []


def test_id_links_resolve_on_pages_and_in_print(project: Path) -> None:
    path = project / "cases" / "kortet.md"
    edit(path, "Beboerne tegner", "Se [tjeklisten](metode:opsoegning#foerste-besoeg-tjekliste). Beboerne tegner")
    address = "https://metoder.eksempel-kommune.dk/"
    made = edition(project, "da", address)
    # The page links the method page's checklist (MkDocs makes the link to the .md file the page's address).
    html = page_html({p.uri: p.content for p in made.pages()}["cases/kortet.md"])
    assert '<a href="../metoder/opsoegning.md#foerste-besoeg-tjekliste">tjeklisten</a>' in html
    (book,) = render_pdfs([d for d in made.documents if d.pdf == DANISH.book_pdf], PDF_CACHE)
    uris = [
        a.get_object()["/A"].get("/URI")
        for page in PdfReader(book.path).pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://metoder.eksempel-kommune.dk/metoder/opsoegning/#foerste-besoeg-tjekliste" in uris


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redaktør",
        "GIT_AUTHOR_EMAIL": "r@eksempel.invalid",
        "GIT_COMMITTER_NAME": "Redaktør",
        "GIT_COMMITTER_EMAIL": "r@eksempel.invalid",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_updated_date_from_git(project: Path) -> None:
    assert "Senest opdateret" not in page_text(generated(project)["metoder/naboskab.md"])  # outside git

    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Første udgave", date="2025-03-04T10:00:00+01:00")
    path = project / "methods" / "naboskab.yaml"
    edit(path, "At bygge på det", "At bygge videre på det")
    _git(project, "commit", "-qam", "Præcisér formålet", date="2025-06-21T09:30:00+02:00")
    hb = load_handbook(project)
    assert [(c.date.isoformat(), c.message) for c in hb.method("naboskab").history] == [
        ("2025-06-21", "Præcisér formålet"),
        ("2025-03-04", "Første udgave"),
    ]
    assert hb.method("opsoegning").updated.isoformat() == "2025-03-04"

    text = page_text(generated(project)["metoder/naboskab.md"])
    assert "Senest opdateret: 21. juni 2025" in text
    # The page shows the notes the file carries, never the commit messages.
    assert "Præcisér formålet" not in text and "Første udgave" not in text, text


def test_links_lists_external_addresses(project: Path) -> None:
    path = project / "methods" / "naboskab.yaml"
    edit(path, "  - titel: En artikel", "  - titel: En artikel\n    url: https://eksempel.dk/artikel")
    out = metodebog(project, "links", "--offline")
    assert out.returncode == 0
    assert "methods/naboskab.yaml:11:10: https://eksempel.dk/artikel" in out.stdout
    assert "methods/opsoegning.yaml:74:12: https://www.retsinformation.dk/eli/lta/2023/721" in out.stdout
    assert out.stdout.strip().endswith("4 eksterne links.")  # sources, a fact's source and a law

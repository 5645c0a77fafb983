"""The content model: one JSON Schema per file kind, the single source of truth.

The same schema validates the content, is published for editors' YAML completion
(``schema/metode.schema.json``) and lists the fields in the contributor guide.
Descriptions are Danish because editors read them in their editor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from .layout import (
    CASE_SCHEMA_FILE,
    CASES_DIR,
    GLOSSARY_FILE,
    METHOD_SCHEMA_FILE,
    METHOD_TRANSLATION_SCHEMA_FILE,
    METHODS_DIR,
    VOCABULARY_FILE,
)
from .model import Term

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
VOCABULARY_KINDS = ("målgrupper", "områder", "tilgange")
METHOD_TYPES = ("metode", "model", "tilgang")
HTTPS_URL = r"^https://[^\s<>\"'`]+$"
LAW_URL = r"^https://(www\.)?retsinformation\.dk/[^\s<>\"'`]*$"
DECISION_MAX_LENGTH = 1000

# What a manager weighs when choosing a method, in the order the method page and the comparison show them:
# field → what it holds (the editor's description). Each is {tekst, uoplyst, kilder}; lovgrundlag adds love.
DECISION_FIELDS = {
    "målgruppe": "Hvem metoden er til, beskrevet med ord (ved siden af målgrupperne ovenfor).",
    "vidensgrundlag": (
        "Hvad andre har fundet om metodens virkning, og hvor sikker viden er, fx Vidensportalens "
        "vidensafdækning eller en navngiven undersøgelse. Gengiv andres vurdering med kilde; "
        "håndbogen vurderer aldrig selv."
    ),
    "økonomi": "Hvad det koster at indføre og drive metoden: uddannelsesdage, licenser, tid pr. borger.",
    "forudsætninger": "Hvad metoden kræver: uddannelse, certificering, supervision, manual og organisering.",
    "lovgrundlag": "De bestemmelser i fx serviceloven eller barnets lov, som arbejdet foregår efter.",
    "varighed": "Hvor længe et forløb typisk varer.",
    "dokumentation": "Hvordan arbejdet dokumenteres: journal, planer, redskaber.",
}


def _text(description: str, example: str | None = None, **extra: Any) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "string", "minLength": 1, "description": description, **extra}
    if example is not None:
        s["examples"] = [example]
    return s


# Markdown fields say so with the standard annotation; the check renders and sanitizes exactly these,
# and every other text is escaped wherever it appears.
MARKDOWN = {"contentMediaType": "text/markdown"}


def _prose(description: str) -> dict[str, Any]:
    return _text(description + " Markdown er tilladt (afsnit, lister, **fed**), men ikke overskrifter.", **MARKDOWN)


def _inline(description: str, example: str) -> dict[str, Any]:
    """A short text that may hold inline Markdown: **fed**, *kursiv* and [links](metode:abcd)."""
    return _text(description, example, **MARKDOWN)


def _list(items: dict[str, Any], description: str, *, min_items: int = 0, unique: bool = False) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "array", "items": items, "description": description}
    if min_items:
        s["minItems"] = min_items
    if unique:
        s["uniqueItems"] = True
    return s


def _object(description: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _slug(description: str, example: str) -> dict[str, Any]:
    return _text(description, example, pattern=SLUG)


def _checklist_items() -> dict[str, Any]:
    return _list(
        _inline("Et punkt, der kan krydses af.", "Borgeren har selv valgt, hvem der inviteres."),
        "Punkterne på tjeklisten, ét pr. linje med '- ' foran.",
        min_items=1,
    )


def _questions() -> dict[str, Any]:
    return _list(
        _inline("Et spørgsmål, som medarbejderen svarer på skriftligt.", "Hvor skal jeg forsøge at skabe kontakt?"),
        "Værktøjsspørgsmålene, ét pr. linje med '- ' foran.",
        min_items=1,
    )


def _fictitious(where: str) -> dict[str, Any]:
    return _list(
        _text(f"En opdigtet oplysning, der står i {where} med vilje.", "Skovvej 3"),
        "Opdigtede eksempler (fx en adresse), som tjekket for personoplysninger skal lade stå. "
        "Skriv dem præcis, som de står i teksten, så de kan ses i pull requesten.",
    )


DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _notes(where: str) -> dict[str, Any]:
    """Notes to readers about what changed in the content, shown under 'Ændringer' on the page."""
    return _list(
        _object(
            "En ændring, som læserne bør kende.",
            {
                "dato": _text("Dagen for ændringen: år-måned-dag.", "2026-11-20", pattern=DATE),
                "tekst": _inline(
                    "Hvad der er ændret, i én eller to sætninger skrevet til læseren.",
                    "Tjeklisten til første besøg har fået et punkt om samtykke.",
                ),
            },
            ("dato", "tekst"),
        ),
        f"Korte noter til læserne om ændringer i {where}, nyeste øverst. Skriv en note, når du ændrer noget, "
        "læserne bør vide; en rettet stavefejl behøver ingen.",
    )


def _aliases(what: str, example: str) -> dict[str, Any]:
    """Ids a thing had before, so printed QR codes and saved links to them keep working."""
    return _list(
        _slug(f"Et id, {what} havde før.", example),
        f"Tidligere id'er for {what}. Skriv det gamle id her, når du omdøber, så adresser på tryk og i "
        "bogmærker stadig virker.",
        unique=True,
    )


def _vocabulary_list(kind: str, terms: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string", "description": f"Et id fra '{kind}' i data/vokabular.yaml."}
    if terms:
        item["enum"] = terms
    return _list(
        item,
        f"Metodens {kind}: id'er fra data/vokabular.yaml. Tilføj en ny term dér, før du bruger den.",
        min_items=1,
        unique=True,
    )


def _source() -> dict[str, Any]:
    return _object(
        "En kilde, som siden bygger på. Skriv forfatter, udgiver, år og webadresse, når kilden har dem.",
        {
            "titel": _text("Kildens titel.", "Skab positiv forandring med Åben Dialog"),
            "forfatter": _text(
                "Hvem der har skrevet kilden: personer, eller institutionen, når ingen person er nævnt.",
                "Jaakko Seikkula og Mary Olson",
            ),
            "udgiver": _text("Hvem der har udgivet kilden.", "Social- og Boligstyrelsen"),
            "år": {
                "type": "integer",
                "minimum": 1900,
                "maximum": 2100,
                "description": "Udgivelsesåret.",
                "examples": [2024],
            },
            "url": _text("Kildens webadresse (https://).", "https://www.sbst.dk/", pattern=HTTPS_URL),
        },
        ("titel",),
    )


def _law() -> dict[str, Any]:
    return _object(
        "En lovbestemmelse med link til lovens officielle tekst.",
        {
            "lov": _text("Lovens navn.", "Barnets lov"),
            "paragraf": _text("Paragraffen eller paragrafferne.", "§ 1"),
            "emne": _text("Hvad bestemmelsen handler om.", "Lovens formål"),
            "url": _text(
                "Lovens tekst på retsinformation.dk (https://www.retsinformation.dk/…).",
                "https://www.retsinformation.dk/eli/lta/2023/721",
                pattern=LAW_URL,
            ),
        },
        ("lov", "paragraf", "emne", "url"),
    )


def _decision(name: str, description: str) -> dict[str, Any]:
    """One of the facts a manager weighs: a short text, whether the sources are silent, and its sources."""
    properties: dict[str, Any] = {
        "tekst": _text(
            "2–5 sætninger om, hvad kilderne siger. Siger de intet, så skriv det, og sæt 'uoplyst: true'. "
            f"Højst {DECISION_MAX_LENGTH} tegn, så metoderne kan sammenlignes side om side. "
            "Markdown er tilladt (afsnit, lister, **fed**), men ikke overskrifter.",
            maxLength=DECISION_MAX_LENGTH,
            **MARKDOWN,
        ),
        "uoplyst": {
            "type": "boolean",
            "description": "Skriv 'true', når kilderne ikke oplyser det. Siden viser det tydeligt.",
            "examples": [True],
        },
        "kilder": _list(_source(), "Kilderne til netop dette felt, med webadresse, hvor den findes."),
    }
    if name == "lovgrundlag":
        properties["love"] = _list(_law(), "De relevante bestemmelser, hver med link til loven.")
    return _object(description, properties, ("tekst",))


COORDINATION_GROUPS_MAX = 8  # more groups than this make a map no one can read


def _score(description: str) -> dict[str, Any]:
    return {"type": "number", "minimum": 1, "maximum": 5, "description": description, "examples": [4.2]}


def coordination() -> dict[str, Any]:
    """A measurement of relational coordination: each group's score about itself and about the others."""
    group = _object(
        "En faggruppe eller enhed i målingen.",
        {
            "id": _slug("Gruppens id, entydigt i målingen; bruges under 'om' hos de andre grupper.", "jobcentret"),
            "navn": _text("Gruppens navn, som det står på kortet.", "Jobcentret"),
            "egen": _score("Gruppens score om samarbejdet i egen gruppe (1–5), vist som cirklen om gruppen."),
            "om": {
                "type": "object",
                "description": (
                    "Gruppens score om samarbejdet med hver af de andre grupper (1–5): en linje pr. gruppe "
                    "med id og score, fx 'bostoetten: 3.8'. Vist som en pil fra denne gruppe."
                ),
                "propertyNames": {"pattern": SLUG},
                "additionalProperties": _score("Scoren om samarbejdet med gruppen (1–5)."),
                "examples": [{"bostoetten": 3.8, "psykiatrien": 4.1}],
            },
        },
        ("id", "navn"),
    )
    return _object(
        "En måling af relationel koordinering, som bygningen tegner som et kort med cirkler og pile.",
        {
            "titel": _text("Hvad målingen handler om.", "Samarbejdet omkring borgere med dobbeltdiagnose"),
            "intro": _inline("Én eller to sætninger om, hvor tallene kommer fra.", "Tallene er et opdigtet eksempel."),
            "grupper": {
                **_list(group, "Grupperne i målingen.", min_items=2),
                "maxItems": COORDINATION_GROUPS_MAX,
            },
        },
        ("titel", "grupper"),
    )


def collaboration_map() -> dict[str, Any]:
    """The collaboration-map exercise: a blank sheet to print and a tool on the method page."""
    return _object(
        "Øvelsen, hvor en gruppe skriver aktørerne omkring borgeren ind og vurderer hvert samarbejde som "
        "godt, middel eller lavt. Giver et tomt samarbejdskort til print og et værktøj på siden.",
        {
            "titel": _text("Øvelsens overskrift.", "Borgerens samarbejdskort"),
            "intro": _inline("Én eller to sætninger om, hvornår øvelsen bruges.", "Brug kortet på et teammøde."),
            "trin": _list(
                _inline("Et trin i øvelsen.", "Skriv de vigtigste aktører ind i boblerne."),
                "Øvelsens trin i rækkefølge, ét pr. linje med '- ' foran.",
                min_items=1,
            ),
        },
        ("titel", "trin"),
    )


def method_schema(vocabulary: dict[str, list[str]]) -> dict[str, Any]:
    """Return the JSON Schema of a method file; ``vocabulary`` maps kind to its allowed ids."""
    checklist_phase = _object(
        "Fasens tjekliste.",
        {"titel": _text("Tjeklistens overskrift.", "Før første besøg"), "punkter": _checklist_items()},
        ("titel", "punkter"),
    )
    tools_phase = _object(
        "Fasens værktøjsspørgsmål.",
        {
            "intro": _inline(
                "Én sætning om, hvornår spørgsmålene bruges.", "Brug spørgsmålene, når I planlægger kontakten."
            ),
            "spørgsmål": _questions(),
        },
        ("spørgsmål",),
    )
    phase = _object(
        "En fase i metoden.",
        {
            "id": _slug("Fasens id: små bogstaver, tal og bindestreg (æ → ae, ø → oe, å → aa).", "kontaktskabelse"),
            "titel": _text("Fasens navn.", "Kontaktskabelse"),
            "formål": _prose("Hvad fasen skal opnå."),
            "fremgangsmåde": _prose("Hvordan medarbejderen arbejder i fasen."),
            "råd": _list(
                _inline("Et kort råd.", "Arbejd gerne i par ved første kontakt."), "Råd og anbefalinger til fasen."
            ),
            "værktøjer": tools_phase,
            "tjekliste": checklist_phase,
            "afslutning": _prose("Hvornår fasen slutter."),
            "grundlag": _prose("Hvilke dele bygger på kilderne, og hvilke er håndbogens egen vejledning."),
            "tidligere_id": _aliases("fasen", "kontakt"),
        },
        ("id", "titel", "formål"),
    )
    checklist = _object(
        "En tjekliste, der ikke hører til en bestemt fase.",
        {
            "id": _slug("Tjeklistens id, entydigt i metoden.", "foer-foerste-besoeg"),
            "titel": _text("Tjeklistens overskrift.", "Før første besøg"),
            "intro": _inline("Én sætning om, hvornår tjeklisten bruges.", "Gennemgå punkterne i teamet."),
            "punkter": _checklist_items(),
            "tidligere_id": _aliases("tjeklisten", "foerste-besoeg"),
        },
        ("id", "titel", "punkter"),
    )
    toolset = _object(
        "Et sæt værktøjsspørgsmål (et arbejdsark), der ikke hører til en bestemt fase.",
        {
            "id": _slug("Arbejdsarkets id, entydigt i metoden.", "kollegial-sparring"),
            "titel": _text("Arbejdsarkets overskrift.", "Kollegial sparring"),
            "intro": _inline("Én sætning om, hvornår spørgsmålene bruges.", "Brug spørgsmålene på teammødet."),
            "spørgsmål": _questions(),
            "tidligere_id": _aliases("arbejdsarket", "sparring"),
        },
        ("id", "titel", "spørgsmål"),
    )
    properties: dict[str, Any] = {
        "titel": _text("Metodens navn, som det vises på siden.", "Åben Dialog"),
        "forkortelse": _text("En kendt forkortelse af navnet.", "ÅD"),
        "type": {
            "type": "string",
            "enum": list(METHOD_TYPES),
            "description": "Hvad der beskrives: metode, model eller tilgang.",
            "examples": ["metode"],
        },
        "resumé": _inline("1–3 sætninger om metoden, vist på oversigter og kort.", "En dialogisk metode, hvor …"),
        **{kind: _vocabulary_list(kind, vocabulary.get(kind, [])) for kind in VOCABULARY_KINDS},
        "målgruppe": _decision("målgruppe", DECISION_FIELDS["målgruppe"]),
        "baggrund": _prose("Hvor metoden kommer fra, og hvor den bruges."),
        "formål": _prose("Hvad metoden skal opnå."),
        "principper": _list(
            _object(
                "Et princip.",
                {"titel": _text("Principets navn.", "Recovery"), "tekst": _prose("Hvad princippet betyder i praksis.")},
                ("titel", "tekst"),
            ),
            "De principper, metoden bygger på.",
        ),
        "faser": _list(phase, "Metodens faser i den rækkefølge, de følger efter hinanden."),
        "tjeklister": _list(checklist, "Tjeklister, der gælder hele metoden."),
        "værktøjer": _list(toolset, "Arbejdsark med værktøjsspørgsmål, der gælder hele metoden."),
        "samarbejdskort": collaboration_map(),
        "relationel_koordinering": coordination(),
        "implementering": _object(
            "Hvad der fremmer og hæmmer, når metoden indføres.",
            {
                "fremmende": _list(_inline("Et forhold, der fremmer.", "Klar ledelsesopbakning"), "Det, der fremmer."),
                "hæmmende": _list(_inline("Et forhold, der hæmmer.", "Ingen tid afsat"), "Det, der hæmmer."),
            },
        ),
        **{name: _decision(name, text) for name, text in DECISION_FIELDS.items() if name != "målgruppe"},
        "kilder": _list(_source(), "De kilder, siden bygger på.", min_items=1),
        "relaterede": _list(
            _slug("Id på en anden metode (filnavnet uden .yaml).", "borgeren-ved-roret"),
            "Metoder, der deler principper med denne.",
            unique=True,
        ),
        "emneord": _list(_text("Et emneord.", "netværksmøde"), "Frie emneord, der hjælper søgningen.", unique=True),
        "ændringer": _notes("metoden"),
        "tidligere_id": _aliases("metoden (filens navn før)", "aaben-dialog-metoden"),
        "fiktive_oplysninger": _fictitious("metoden"),
    }
    return {
        "$schema": SCHEMA_URI,
        "$id": METHOD_SCHEMA_FILE,
        "title": "Metode i Metodehåndbogen",
        **_object(
            "Én metode, model eller tilgang. Filnavnet (uden .yaml) er metodens id og adresse.",
            properties,
            ("titel", "type", "resumé", *VOCABULARY_KINDS, "formål", "kilder"),
        ),
    }


def case_schema() -> dict[str, Any]:
    """Return the JSON Schema of a case's front matter."""
    properties = {
        "titel": _text("Casens titel.", "For enden af grusvejen"),
        "metode": _slug("Id på den metode, casen hører til.", "opsoegende-indsats"),
        "fase": _slug("Id på den fase i metoden, casen hører til (valgfri).", "kontaktskabelse"),
        "resumé": _inline("Én sætning om casen, vist på oversigter.", "To medarbejdere banker på for første gang."),
        "emneord": _list(_text("Et emneord.", "hjemmebesøg"), "Frie emneord, der hjælper søgningen.", unique=True),
        "kilde": _inline(
            "Hvor casen kommer fra: fiktiv, eller genfortalt efter en navngiven kilde.",
            "Fiktiv case skrevet til håndbogen.",
        ),
        "relationel_koordinering": coordination(),
        "ændringer": _notes("casen"),
        "tidligere_id": _aliases("casen (filens navn før)", "foerste-besoeg"),
        "fiktive_oplysninger": _fictitious("casen"),
    }
    return {
        "$schema": SCHEMA_URI,
        "$id": CASE_SCHEMA_FILE,
        "title": "Case i Metodehåndbogen",
        **_object(
            "Felterne øverst i en case-fil. Resten af filen er fortællingen i Markdown.",
            properties,
            ("titel", "metode", "kilde"),
        ),
    }


def vocabulary_schema() -> dict[str, Any]:
    """Return the JSON Schema of data/vokabular.yaml."""
    term = _object(
        "En term.",
        {
            "navn": _text("Termens navn, som det vises på siden.", "Socialt isolerede voksne"),
            "beskrivelse": _inline("Én sætning, der forklarer termen.", "Voksne, der lever isoleret."),
        },
        ("navn",),
    )
    kind = {
        "type": "object",
        "description": "Termer: id (små bogstaver, tal og bindestreg) → navn og beskrivelse.",
        "propertyNames": {"pattern": SLUG},
        "additionalProperties": term,
        "minProperties": 1,
    }
    return {
        "$schema": SCHEMA_URI,
        **_object("Kontrollerede ordlister.", {k: kind for k in VOCABULARY_KINDS}, VOCABULARY_KINDS),
    }


def glossary_schema() -> dict[str, Any]:
    """Return the JSON Schema of data/ordliste.yaml: a list of words with abbreviations and synonyms."""
    entry = _object(
        "Et ord i ordlisten.",
        {
            "term": _text("Ordet, som det skrives i håndbogen.", "Signs of Safety"),
            "forkortelser": _list(_text("En forkortelse.", "SoS"), "Forkortelser af ordet.", unique=True),
            "synonymer": _list(
                _text("Et andet ord for det samme.", "Open Dialogue"), "Andre ord for det samme.", unique=True
            ),
            "forklaring": _inline(
                "1–2 sætninger, der forklarer ordet.", "En anerkendende og løsningsfokuseret metode …"
            ),
            "metode": _slug("Id på den metode, ordet er navnet på (valgfri).", "signs-of-safety"),
        },
        ("term", "forklaring"),
    )
    return {"$schema": SCHEMA_URI, "title": "Ordliste i Metodehåndbogen", **_list(entry, "Ordlistens ord.")}


def for_file(rel: str) -> dict[str, Any] | None:
    """Return the schema of the content file at ``rel`` (a path below the project), or None when it has none.

    The vocabulary's terms are left out: this is for reading the fields' kinds, not for validation.
    """
    if rel.startswith(f"{METHODS_DIR}/"):
        kind = "method"
    elif rel.startswith(f"{CASES_DIR}/"):
        kind = "case"
    else:
        kind = {VOCABULARY_FILE: "vocabulary", GLOSSARY_FILE: "glossary"}.get(rel, "")
    return _schema_of(kind) if kind else None


@cache
def _schema_of(kind: str) -> dict[str, Any]:
    """Each kind's schema, built once per process."""
    builders = {
        "method": lambda: method_schema({}),
        "case": case_schema,
        "vocabulary": vocabulary_schema,
        "glossary": glossary_schema,
    }
    return builders[kind]()


def dumps(schema: dict[str, Any]) -> str:
    """Return ``schema`` as stable, readable JSON (the published file's bytes)."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def published(terms: Iterable[Term]) -> dict[str, str]:
    """Return path → JSON text of every schema published for editors, given the vocabulary."""
    terms = tuple(terms)
    vocabulary = {kind: [t.id for t in terms if t.kind == kind] for kind in VOCABULARY_KINDS}
    from .translate import method_translation_schema

    return {
        METHOD_SCHEMA_FILE: dumps(method_schema(vocabulary)),
        CASE_SCHEMA_FILE: dumps(case_schema()),
        METHOD_TRANSLATION_SCHEMA_FILE: dumps(method_translation_schema()),
    }

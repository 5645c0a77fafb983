"""The web editor at /admin/: Decap CMS, configured from the content schema at every build.

Every field of a method and a case comes from ``schema.method_schema`` and ``schema.case_schema``
with its Danish label, hint, limits and whether it is required; vocabularies become selects,
lists of objects repeatable groups, a case's method and phase relations. Prose is edited as
plain text (Decap's Markdown widget rewrites Markdown on save), and files are written by the
editor's own formats in ``docs/admin/admin.js`` so they keep the schema line, key order and
YAML style of the scaffolds. Nothing here is kept by hand: a new schema field is a new form field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from . import schema
from .i18n import strings
from .layout import CASES_DIR, LANGUAGES, METHOD_SCHEMA_FILE, METHODS_DIR
from .model import Term

# The npm package that holds the editor, and what of it the site serves (no source maps).
PACKAGE_DIR = "cms/node_modules"
DECAP_DIST = "decap-cms/dist"
VENDOR = {
    "js-yaml/dist/browser/js-yaml.umd.min.js": "js-yaml.js",
    "marked/lib/marked.umd.js": "marked.js",
    "dompurify/dist/purify.min.js": "purify.js",
}
ADMIN = "admin"  # the editor's folder in the site
# Where the local backend (decap-server, `make editor`) listens; only an editor's own machine uses it.
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
METHOD_FORMAT = "metode-yaml"
CASE_FORMAT = "case-md"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _is_markdown(node: dict[str, Any]) -> bool:
    return node.get("contentMediaType") == "text/markdown"


def field(name: str, node: dict[str, Any], required: bool, vocabulary: dict[str, list[Term]]) -> dict[str, Any]:
    """The Decap field for one schema property (``name`` under its parent)."""
    out: dict[str, Any] = {"name": name, "label": _label(name), "required": required}
    if hint := node.get("description", ""):
        out["hint"] = hint
    kind = node.get("type")
    if name in vocabulary and kind == "array":
        terms = vocabulary[name]
        out |= {
            "widget": "select",
            "multiple": True,
            "options": [{"label": t.name, "value": t.id} for t in terms],
            "min": node.get("minItems", 0),
        }
    elif "enum" in node:
        out |= {"widget": "select", "options": list(node["enum"])}
    elif kind == "string" and node.get("pattern") == schema.DATE:
        # A day picker that writes 2026-11-20, as the check reads it.
        out |= {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
        out["picker_utc"] = True
    elif kind == "string":
        out["widget"] = "text" if _is_markdown(node) else "string"
        pattern = node.get("pattern")
        if pattern:
            out["pattern"] = [pattern, _pattern_message(pattern)]
        elif "maxLength" in node:
            limit = node["maxLength"]
            out["pattern"] = [f"^[\\s\\S]{{1,{limit}}}$", f"Højst {limit} tegn, så metoderne kan sammenlignes."]
    elif kind in ("integer", "number"):
        out |= {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        if "minimum" in node:
            out["min"] = node["minimum"]
        if "maximum" in node:
            out["max"] = node["maximum"]
        if kind == "number":
            out["step"] = 0.1
    elif kind == "boolean":
        out["widget"] = "boolean"
    elif kind == "array":
        items = node.get("items", {})
        out["widget"] = "list"
        if node.get("minItems"):
            out["min"] = node["minItems"]
        if items.get("type") == "object":
            out["fields"] = fields(items, vocabulary)
            shown = next((k for k in ("titel", "dato") if k in items.get("properties", {})), "")
            out["summary"] = f"{{{{fields.{shown}}}}}" if shown else ""
            if not out["summary"]:
                out.pop("summary")
        else:
            out["field"] = field(name, items, True, vocabulary) | {"label": _label(name)}
    elif kind == "object" and isinstance(node.get("additionalProperties"), dict):
        # id → value (a group's scores about the others): a list of pairs in the form, a mapping in the file.
        out |= {
            "widget": "list",
            "fields": [
                {
                    "name": "id",
                    "label": "Id",
                    "widget": "string",
                    "pattern": [schema.SLUG, _pattern_message(schema.SLUG)],
                },
                field("værdi", node["additionalProperties"], True, vocabulary) | {"label": "Værdi"},
            ],
        }
    elif kind == "object":
        # Decap checks an optional group's required fields even when the group is left empty; the
        # schema (make check, and the preview's checks) still requires them once the group is used.
        out |= {"widget": "object", "fields": fields(node, vocabulary, optional=not required), "collapsed": False}
    return out


def _pattern_message(pattern: str) -> str:
    if pattern == schema.SLUG:
        return "Brug små bogstaver, tal og bindestreg, og skriv æ, ø, å som ae, oe, aa."
    if pattern == schema.LAW_URL:
        return "Link til lovens tekst på retsinformation.dk (https://www.retsinformation.dk/…)."
    return "Skriv en webadresse, der begynder med https://."


def fields(node: dict[str, Any], vocabulary: dict[str, list[Term]], optional: bool = False) -> list[dict[str, Any]]:
    """The Decap fields of a schema object's properties; none required inside an ``optional`` group."""
    required = set() if optional else set(node.get("required", []))
    return [field(n, sub, n in required, vocabulary) for n, sub in node.get("properties", {}).items()]


def config(terms: tuple[Term, ...], repo: str, branch: str = "main") -> dict[str, Any]:
    """Decap's configuration for the handbook: the GitHub backend with a pull request per entry."""
    vocabulary = {kind: [t for t in terms if t.kind == kind] for kind in schema.VOCABULARY_KINDS}
    method = schema.method_schema({k: [t.id for t in v] for k, v in vocabulary.items()})
    case = schema.case_schema()
    method_fields = fields(method, vocabulary)
    case_fields = fields(case, vocabulary)
    # A case's method and phase are chosen among the methods: (value stored, fields searched, field shown).
    relations = {
        "metode": ("{{slug}}", ["titel"], "titel"),
        "fase": ("faser.*.id", ["faser.*.titel", "faser.*.id"], "faser.*.titel"),
    }
    for f in case_fields:
        if f["name"] in relations:
            value, search, display = relations[f["name"]]
            f.pop("pattern", None)
            f |= {
                "widget": "relation",
                "collection": "metoder",
                "value_field": value,
                "search_fields": search,
                "display_fields": [display],
            }
    case_fields.append(
        {
            "name": "body",
            "label": "Fortællingen",
            "widget": "text",
            "hint": "Casen i Markdown: fortællingen og til sidst ## Refleksionsspørgsmål med en nummereret liste.",
        }
    )
    slug = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    return {
        "backend": {
            "name": "github",
            "repo": repo,
            "branch": branch,
            "commit_messages": {
                "create": "Ny {{collection}}: {{slug}}",
                "update": "Ret {{collection}}: {{slug}}",
                "delete": "Slet {{collection}}: {{slug}}",
            },
        },
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": LOCAL_BACKEND, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "locale": "da",
        "media_folder": "docs/billeder",
        "public_folder": "/billeder",
        "slug": slug,
        "collections": [
            {
                "name": "metoder",
                "label": "Metoder",
                "label_singular": "metode",
                "description": "Metoder, modeller og tilgange. Filnavnet er metodens id og adresse.",
                "folder": METHODS_DIR,
                "extension": "yaml",
                "format": METHOD_FORMAT,
                # Translations (abcd.en.yaml) lie beside the Danish files: the method format marks the Danish
                # ones (those with a type) as `_dansk` when it reads them, and never writes the mark.
                "filter": {"field": "_dansk", "value": True},
                "create": True,
                "identifier_field": "titel",
                "slug": "{{titel}}",
                "summary": "{{titel}}",
                "preview_path": "metoder/{{slug}}/",
                "fields": method_fields,
            },
            {
                "name": "cases",
                "label": "Cases",
                "label_singular": "case",
                "description": "Cases fra praksis, fiktive eller anonymiserede.",
                "folder": CASES_DIR,
                "extension": "md",
                "format": CASE_FORMAT,
                "create": True,
                "identifier_field": "titel",
                "slug": "{{titel}}",
                "summary": "{{titel}}",
                "preview_path": "cases/{{slug}}/",
                "fields": case_fields,
            },
        ],
    }


def repository(edit_uri: str) -> tuple[str, str]:
    """'owner/name' and the branch from MkDocs' edit_uri (https://github.com/owner/name/edit/main/)."""
    m = re.match(r"https://github\.com/([^/]+/[^/]+)/(?:edit|blob)/([^/]+)/", edit_uri or "")
    return (m.group(1), m.group(2)) if m else ("metodehaandbogen/metodehaandbogen", "main")


def files(terms: tuple[Term, ...], edit_uri: str) -> dict[str, str]:
    """The editor's generated files below the site: its configuration, the schemas its formats write by and the
    words of its preview (the strings table of the handbook's language, in which editors write)."""
    repo, branch = repository(edit_uri)
    shapes = {
        "metoder": {
            "schema_line": f"# yaml-language-server: $schema=../{METHOD_SCHEMA_FILE}",
            **schema.method_schema({}),
        },
        "cases": schema.case_schema(),
    }
    return {
        f"{ADMIN}/config.yml": yaml.safe_dump(config(terms, repo, branch), allow_unicode=True, sort_keys=False),
        f"{ADMIN}/skema.json": json.dumps(shapes, ensure_ascii=False, indent=1) + "\n",
        f"{ADMIN}/tekster.json": json.dumps(strings(LANGUAGES[0]), ensure_ascii=False, indent=1) + "\n",
    }


def assets(root: Path) -> dict[str, Path]:
    """The editor's program files from npm, by their address below the site (empty when not installed)."""
    base = root / PACKAGE_DIR
    dist = base / DECAP_DIST
    if not (dist / "decap-cms.js").is_file():
        return {}
    out = {f"{ADMIN}/{p.name}": p for p in sorted(dist.iterdir()) if p.name.endswith(("decap-cms.js", ".wasm"))}
    out |= {f"{ADMIN}/{name}": base / src for src, name in VENDOR.items() if (base / src).is_file()}
    return out

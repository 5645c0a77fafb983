"""Diagrams drawn from the model as SVG: a method's phases as a path, a relational coordination map,
and the blank collaboration map of a worksheet.

The same SVG goes on the web page, the print sheet and the PDF. Every text is escaped here; colours
and line patterns are presentation attributes (so a diagram stands alone, in WeasyPrint too) and
classes (so the site's style sheet can give them the dark palette's colours). A band is told by its
line pattern and its number as well as its colour, for colour-blind readers and black-and-white print.
The model knows nothing of SVG; the strings (``t["diagram"]``) are the language's.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from .model import Coordination, Group, Method, Phase

# A band's look: class, colour (light palette; the style sheet has the dark one) and line pattern.
BANDS = ("hoej", "middel", "lav")
COLOURS = {"hoej": "#1a7f37", "middel": "#9a6700", "lav": "#c62828"}
DASHES = {"hoej": None, "middel": "10 6", "lav": "2 6"}
TEXT = "#1f1f1f"
BACKGROUND = "#ffffff"
LINE = "#5f6368"
FONT = "sans-serif"


@dataclass(frozen=True)
class Scale:
    """A source's bands: high above ``high_above``, low below ``low_below``, medium from one to the other.

    ``source_medium`` is the medium band as the source writes it, when it leaves a gap the scale closes.
    """

    high_above: float
    low_below: float
    source_medium: tuple[float, float] | None = None

    def band(self, score: float) -> str:
        if score > self.high_above:
            return "hoej"
        if score < self.low_below:
            return "lav"
        return "middel"


# Relational coordination (Storch): within a group high above 4.5, medium 4.0–4.5, low under 4.0;
# between groups high above 4.0, medium 3.5–3.9, low under 3.5. The source leaves 3.9–4.0 between
# groups unnamed: as high begins only above 4.0, everything from 3.5 up to and including 4.0 is medium.
WITHIN = Scale(high_above=4.5, low_below=4.0)
BETWEEN = Scale(high_above=4.0, low_below=3.5, source_medium=(3.5, 3.9))


def number(value: float, language: str) -> str:
    """A score as its readers write it: '4,5' in Danish, '4.5' in English; at least one decimal."""
    text = f"{value:.2f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return text.replace(".", ",") if language == "da" else text


def _attrs(**values: Any) -> str:
    """SVG attributes, escaped; a trailing underscore is dropped and other underscores become hyphens."""
    out = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(out)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _stroke(band: str, width: float = 4) -> str:
    dash = DASHES[band]
    return _attrs(
        class_=f"mh-baand-{band}",
        stroke=COLOURS[band],
        stroke_width=_n(width),
        stroke_dasharray=dash,
        stroke_linecap="round" if band == "lav" else None,
        fill="none",
    )


def _text(x: float, y: float, text: str, size: float = 14, *, anchor: str = "start", bold: bool = False) -> str:
    return (
        f"<text {_attrs(x=_n(x), y=_n(y), font_size=_n(size), text_anchor=anchor, font_weight='bold' if bold else None)}"
        f' class="mh-diagram__tekst" fill="{TEXT}">{escape(text)}</text>'
    )


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters; what does not fit ends in '…'."""
    words = []
    for word in text.split():  # a word longer than a line is split with a hyphen
        while len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    wrapped = textwrap.wrap(" ".join(words), width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = textwrap.shorten(wrapped[-1], width - 1, placeholder="")
        wrapped[-1] = last.rstrip(" ,;:–-") + "…"
    return wrapped


def _svg(kind: str, width: float, height: float, body: list[str], **attrs: Any) -> str:
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        class_=f"mh-diagram {kind}",
        viewBox=f"0 0 {_n(width)} {_n(height)}",
        width=_n(width),
        height=_n(height),
        font_family=FONT,
        **attrs,
    )
    return f"<svg {head}>" + "".join(body) + "</svg>"


# -- the phases as a path --------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9»\"“])")


def aim(phase: Phase) -> str:
    """The phase's aim in one sentence: the first sentence of its purpose, as plain text."""
    text = _EMPHASIS.sub("", _LINK.sub(r"\1", phase.purpose))
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return type(phase.purpose)(first.rstrip(":"))  # a Danish text in another edition stays marked as such


def phase_path(
    phases: tuple[Phase, ...], t: dict[str, Any], href: Callable[[Phase], str | None], current: str | None = None
) -> str:
    """The phases in order as a path of numbered steps, each with its title and aim, each a link to its section.

    The path repeats the list beside it (the text alternative), so it is hidden from screen readers and
    its links are left out of the keyboard's way. ``current`` marks one phase (a phase's own sheet).
    """
    # Narrow, so the text stays readable when a phone shrinks the path to its width.
    width, left, step_gap = 400, 62, 14
    rows: list[str] = []
    y = 10.0
    centres = []
    for p in phases:
        title = _wrap(t["method"]["phase"].format(n=p.number) + ": " + p.title, 32, 2)
        lines = _wrap(aim(p), 44, 3)
        height = 22 * len(title) + 19 * len(lines) + 14
        here = p.id == current
        centres.append((y + 24, y + 24))
        parts = [
            f"<rect {_attrs(x=left - 12, y=_n(y), width=width - left + 8, height=_n(height), rx=8)} "
            f'class="mh-diagram__felt{" mh-diagram__felt--aktuel" if here else ""}" fill="{BACKGROUND}" '
            f'stroke="{TEXT if here else LINE}" stroke-width="{3 if here else 1}"/>',
            f'<circle {_attrs(cx=26, cy=_n(y + 24), r=18)} class="mh-diagram__trin" fill="{TEXT}"/>',
            f"<text {_attrs(x=26, y=_n(y + 30), font_size=17, text_anchor='middle', font_weight='bold')}"
            f' class="mh-diagram__trintal" fill="{BACKGROUND}">{p.number}</text>',
        ]
        ty = y + 26
        for line in title:
            parts.append(_text(left, ty, line, 17, bold=True))
            ty += 22
        for line in lines:
            parts.append(_text(left, ty - 2, line, 14.5))
            ty += 19
        link = href(p)
        group = "".join(parts)
        rows.append(f"<a {_attrs(href=link, tabindex='-1')}>{group}</a>" if link else f"<g>{group}</g>")
        y += height + step_gap
    # The path's line runs behind the numbered circles, from the first to the last.
    path = []
    if len(centres) > 1:
        path.append(
            f"<line {_attrs(x1=26, y1=_n(centres[0][0]), x2=26, y2=_n(centres[-1][0]))} "
            f'class="mh-diagram__streg" stroke="{LINE}" stroke-width="4"/>'
        )
    return _svg("mh-fasesti", width, y - step_gap + 10, path + rows, aria_hidden="true")


# -- relational coordination -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    x: float
    y: float
    angle: float


def _ring(count: int, cx: float, cy: float, radius: float) -> list[_Node]:
    """Places on a ring, the first at the top, clockwise (two face each other across the middle)."""
    if count == 1:
        return [_Node(cx, cy, -math.pi / 2)]
    start = math.pi if count == 2 else -math.pi / 2
    out = []
    for i in range(count):
        a = start + 2 * math.pi * i / count
        out.append(_Node(cx + radius * math.cos(a), cy + radius * math.sin(a), a))
    return out


def _label(node: _Node, distance: float, lines: list[str], size: float = 15) -> list[str]:
    """A node's name outside the ring, in the direction away from the middle."""
    dx, dy = math.cos(node.angle), math.sin(node.angle)
    x, y = node.x + dx * distance, node.y + dy * distance
    anchor = "start" if dx > 0.35 else "end" if dx < -0.35 else "middle"
    height = size * 1.2 * len(lines)
    top = y - height if dy < -0.35 else y if dy > 0.35 else y - height / 2
    return [
        _text(x, top + size * (1 + 1.2 * i) - 2, line, size, anchor=anchor, bold=True) for i, line in enumerate(lines)
    ]


def _arrow(a: _Node, b: _Node, radius: float, band: str, label: str) -> list[str]:
    """An arrow from ``a`` to ``b`` beside the one back, with its number near where it starts."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    nx, ny = -uy * 7, ux * 7  # to the arrow's left: the one back runs on the other side
    x1, y1 = a.x + ux * (radius + 6) + nx, a.y + uy * (radius + 6) + ny
    tip_x, tip_y = b.x - ux * (radius + 6) + nx, b.y - uy * (radius + 6) + ny
    x2, y2 = tip_x - ux * 12, tip_y - uy * 12
    head = [
        (tip_x, tip_y),
        (x2 - uy * 7, y2 + ux * 7),
        (x2 + uy * 7, y2 - ux * 7),
    ]
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in head)
    lx, ly = x1 + ux * 44 + nx * 1.6, y1 + uy * 44 + ny * 1.6
    return [
        f"<line {_attrs(x1=_n(x1), y1=_n(y1), x2=_n(x2), y2=_n(y2))} {_stroke(band)}/>",
        f'<polygon points="{points}" class="mh-baand-{band} mh-diagram__pilspids" fill="{COLOURS[band]}"/>',
        f"<rect {_attrs(x=_n(lx - 19), y=_n(ly - 11), width=38, height=20, rx=4)} "
        f'class="mh-diagram__baggrund mh-baand-{band}" fill="{BACKGROUND}" stroke="{COLOURS[band]}" stroke-width="1.5"/>',
        _text(lx, ly + 4.5, label, 13.5, anchor="middle", bold=True),
    ]


def _circle(x: float, y: float, r: float, band: str | None, width: float = 6) -> str:
    if band is None:
        return (
            f'<circle {_attrs(cx=_n(x), cy=_n(y), r=_n(r))} class="mh-diagram__baggrund mh-diagram__streg" '
            f'fill="{BACKGROUND}" stroke="{LINE}" stroke-width="2"/>'
        )
    return f"<circle {_attrs(cx=_n(x), cy=_n(y), r=_n(r))} {_stroke(band, width)}/>".replace(
        'fill="none"', f'fill="{BACKGROUND}"'
    ).replace('class="', 'class="mh-diagram__baggrund ', 1)


def legend_lines(scale: Scale, t: dict[str, Any], language: str) -> list[tuple[str, str]]:
    """The bands of a scale as (band, text): 'Høj: over 4,5', 'Middel: 4,0–4,5', 'Lav: under 4,0'."""
    d = t["diagram"]
    hi, lo = number(scale.high_above, language), number(scale.low_below, language)
    return [
        ("hoej", d["range_high"].format(band=d["bands"]["hoej"], n=hi)),
        ("middel", d["range_medium"].format(band=d["bands"]["middel"], low=lo, high=hi)),
        ("lav", d["range_low"].format(band=d["bands"]["lav"], n=lo)),
    ]


def gap_note(scale: Scale, t: dict[str, Any], language: str) -> str | None:
    """Where the source's bands leave a gap, which band the gap falls in (None when they leave none)."""
    if scale.source_medium is None:
        return None
    low, top = scale.source_medium
    return t["diagram"]["gap"].format(
        low=number(low, language),
        top=number(top, language),
        high=number(scale.high_above, language),
        band=t["diagram"]["bands"]["middel"].lower(),
    )


def coordination_map(rc: Coordination, t: dict[str, Any], language: str) -> str:
    """The map of relational coordination: groups as circles coloured by their score about themselves,
    arrows coloured by the score one group gives another, each with its number, and the legend."""
    d = t["diagram"]
    width, cx, cy, ring = 840, 420, 290, 190
    count = len(rc.groups)
    radius = 44
    nodes = _ring(count, cx, cy, ring)
    at = {g.id: n for g, n in zip(rc.groups, nodes, strict=True)}
    body: list[str] = []
    for r in rc.ratings:
        arrow = _arrow(at[r.source], at[r.target], radius, BETWEEN.band(r.score), number(r.score, language))
        body.append('<g class="mh-diagram__pil">' + "".join(arrow) + "</g>")
    for g, node in zip(rc.groups, nodes, strict=True):
        band = WITHIN.band(g.own) if g.own is not None else None
        parts = [_circle(node.x, node.y, radius, band)]
        score = number(g.own, language) if g.own is not None else "–"
        parts.append(_text(node.x, node.y + 2, score, 19, anchor="middle", bold=True))
        if band:
            parts.append(_text(node.x, node.y + 20, d["bands"][band].lower(), 12, anchor="middle"))
        parts += _label(node, radius + 12, _wrap(g.name, 20, 3))
        body.append('<g class="mh-diagram__gruppe">' + "".join(parts) + "</g>")
    # The legend, below the lowest name: circles for within a group, arrows for between groups.
    y = cy + ring + radius + 12 + 3 * 18 + 36
    body.append(_text(20, y, d["within"], 15, bold=True))
    body.append(_text(440, y, d["between"], 15, bold=True))
    for i, (band, text) in enumerate(legend_lines(WITHIN, t, language)):
        row = y + 30 + 30 * i
        body.append(_circle(34, row - 5, 11, band, 4))
        body.append(_text(56, row, text, 14))
    for i, (band, text) in enumerate(legend_lines(BETWEEN, t, language)):
        row = y + 30 + 30 * i
        body += [
            f"<line {_attrs(x1=440, y1=_n(row - 5), x2=480, y2=_n(row - 5))} {_stroke(band)}/>",
            f'<polygon points="492,{_n(row - 5)} 480,{_n(row - 12)} 480,{_n(row + 2)}" '
            f'class="mh-baand-{band} mh-diagram__pilspids" fill="{COLOURS[band]}"/>',
            _text(502, row, text, 14),
        ]
    note = gap_note(BETWEEN, t, language)
    row = y + 30 * 4 + 4
    for line in _wrap(note or "", 50, 3) if note else []:
        body.append(_text(440, row, line, 13))
        row += 17
    label = d["rc_label"].format(title=rc.title, n=count)
    return _svg(
        "mh-koordinering", width, row + 8, [f"<title>{escape(label)}</title>", *body], role="img", aria_label=label
    )


# -- the collaboration map, blank for a worksheet ------------------------------------------------------


def blank_collaboration_map(t: dict[str, Any], actors: int = 8) -> str:
    """An empty collaboration map to fill in by hand: the citizen in the middle, bubbles for the actors
    around, and the three kinds of line to draw between them."""
    d = t["diagram"]
    width, cx, cy = 720, 360, 300
    body = [
        f'<circle {_attrs(cx=cx, cy=cy, r=58)} class="mh-diagram__baggrund mh-diagram__streg" '
        f'fill="{BACKGROUND}" stroke="{TEXT}" stroke-width="2.5"/>',
        _text(cx, cy + 6, d["centre"], 17, anchor="middle", bold=True),
    ]
    for node in _ring(actors, cx, cy, 225):
        body.append(
            f'<circle {_attrs(cx=_n(node.x), cy=_n(node.y), r=56)} class="mh-diagram__baggrund mh-diagram__streg" '
            f'fill="{BACKGROUND}" stroke="{LINE}" stroke-width="2" stroke-dasharray="6 5"/>'
        )
    y = 600
    body.append(_text(20, y, d["levels_title"], 15, bold=True))
    for i, band in enumerate(BANDS):
        x = 20 + 235 * i
        body += [
            f"<line {_attrs(x1=x, y1=y + 26, x2=x + 60, y2=y + 26)} {_stroke(band)}/>",
            _text(x + 72, y + 31, d["levels"][band], 14),
        ]
    label = d["blank_label"]
    return _svg(
        "mh-samarbejdskort-blank",
        width,
        y + 46,
        [f"<title>{escape(label)}</title>", *body],
        role="img",
        aria_label=label,
    )


def score_rows(rc: Coordination, t: dict[str, Any], language: str) -> list[tuple[Group, list[str]]]:
    """The scores as a table (the map's text alternative): per group, its score about itself, then about
    each group in order ('–' about itself), each with its band word: '4,6 (høj)', or 'ikke målt'."""
    d = t["diagram"]

    def cell(value: float | None, scale: Scale) -> str:
        if value is None:
            return d["not_measured"]
        return f"{number(value, language)} ({d['bands'][scale.band(value)].lower()})"

    return [
        (g, [cell(g.own, WITHIN), *("–" if o.id == g.id else cell(rc.rating(g.id, o.id), BETWEEN) for o in rc.groups)])
        for g in rc.groups
    ]


def template_functions(t: dict[str, Any], language: str) -> dict[str, Callable[..., Any]]:
    """The diagrams for a page or print template, as markup, and the scores' table."""

    def path(m: Method, prefix: str = "#", current: str | None = None) -> Markup:
        return Markup(phase_path(m.phases, t, lambda p: f"{prefix}{p.id}" if prefix else None, current))

    return {
        "phase_path": path,
        "phase_aim": aim,
        "coordination_map": lambda rc: Markup(coordination_map(rc, t, language)),
        "blank_collaboration_map": lambda: Markup(blank_collaboration_map(t)),
        "score_rows": lambda rc: score_rows(rc, t, language),
    }

"""The release page's charts, drawn at build time with matplotlib as inline SVG.

Belongs here: turning release rows into three figures (incidents per month by type, incidents
per place, persons with the most incidents) and the figures into SVG text. The SVG is
byte-identical for the same rows: no date in its metadata, a fixed hash salt for the ids
matplotlib generates, text kept as text (svg.fonttype none) so no font outlines depend on the
machine. No pyplot: figures are made directly, so nothing depends on a GUI backend or global state.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from schemas.vocab import EVENT_TYPES

TOP_N = 15  # bars in the place and person charts
STYLE = {
    "svg.hashsalt": "civic-space-release",  # ids in the SVG do not change from build to build
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(fig: Figure, title: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title},
                    bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline in HTML: no XML declaration or DOCTYPE


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), dpi=96, layout="constrained")


def _empty(title: str, message: str) -> str:
    with matplotlib.rc_context(STYLE):
        fig = _figure(7, 1.2)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, message, ha="center", va="center")
        ax.set_title(title)
        return _svg(fig, title)


def incidents_per_month(incidents: Iterable[Mapping[str, Any]]) -> str:
    """Stacked bars: dated incidents per month of their first day, one colour per event type.

    Background the reports only recall (in_period false: an arrest years before) is left out, so
    that a few old dates do not stretch the axis over a decade of empty months."""
    title = "Incidents per month, by type"
    counts: Counter[tuple[str, str]] = Counter()
    for row in incidents:
        if row.get("event_date") is not None and row.get("in_period") is not False:
            counts[(row["event_date"].strftime("%Y-%m"), row["event_type"])] += 1
    if not counts:
        return _empty(title, "No dated incidents in this release.")
    months = _month_range(min(m for m, _ in counts), max(m for m, _ in counts))
    types = [t for t in EVENT_TYPES if any(t == et for _, et in counts)]
    types += sorted({et for _, et in counts} - set(types))
    with matplotlib.rc_context(STYLE):
        fig = _figure(8, 3.6)
        ax = fig.add_subplot()
        colours = matplotlib.colormaps["tab20"]
        bottom = [0] * len(months)
        for i, event_type in enumerate(types):
            heights = [counts.get((m, event_type), 0) for m in months]
            # one collection of boxes per type, not a patch per bar (ax.bar): a release over ten
            # years has a thousand and more bars, and their patches cost 2.7 s of every build
            # against 0.5 s; only the months the type has, as an empty box would still be drawn
            boxes = [[(x - 0.4, bottom[x]), (x + 0.4, bottom[x]), (x + 0.4, bottom[x] + h), (x - 0.4, bottom[x] + h)]
                     for x, h in enumerate(heights) if h]
            ax.add_collection(PolyCollection(boxes, facecolors=[colours(i % 20)], edgecolors="none", label=event_type))
            bottom = [b + h for b, h in zip(bottom, heights)]
        ax.set_xlim(-0.6, len(months) - 0.4)
        ax.set_ylim(0, max(bottom) * 1.05)
        step = max(1, len(months) // 12)
        ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
        ax.set_ylabel("incidents")
        ax.set_title(title)
        ax.legend(fontsize=7, ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig, title)


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _bars(title: str, xlabel: str, items: list[tuple[str, int]], colour: str) -> str:
    with matplotlib.rc_context(STYLE):
        fig = _figure(7, 0.8 + 0.26 * len(items))
        ax = fig.add_subplot()
        labels = [label for label, _ in items][::-1]
        values = [value for _, value in items][::-1]
        ax.barh(range(len(items)), values, color=colour)
        ax.set_yticks(range(len(items)), labels)
        for y, value in enumerate(values):
            ax.text(value, y, f" {value}", va="center", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        return _svg(fig, title)


def incidents_per_place(incidents: Iterable[Mapping[str, Any]]) -> str:
    title = f"Incidents per place (top {TOP_N})"
    counts = Counter(row["location"] for row in incidents if row.get("location"))
    if not counts:
        return _empty(title, "No incident has a place in this release.")
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N]
    return _bars(title, "incidents", items, "#4c72b0")


def top_persons(persons: Iterable[Mapping[str, Any]]) -> str:
    title = f"Persons with the most incidents (top {TOP_N})"
    items = sorted(((p["name"], int(p["n_incidents"])) for p in persons if p.get("n_incidents")),
                   key=lambda kv: (-kv[1], kv[0]))[:TOP_N]
    if not items:
        return _empty(title, "No person is named in an incident of this release.")
    return _bars(title, "incidents", items, "#dd8452")

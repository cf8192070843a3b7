"""A small PNG chart of scale answers (1..5) for the weekly summary.

Uses matplotlib's object API with the Agg canvas and never ``pyplot``: no global state,
so charts can be drawn from worker threads, and no display is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 100  # 800 × 450 px: readable on a phone
LINE = "#1f6feb"
SHADE = "#1f6feb"


def scale_chart_png(
    values: Sequence[int],
    labels: Sequence[str],
    title: str,
    highlight_from: int | None = None,
    annotate: bool = True,
) -> bytes:
    """A line with markers over the answers, y axis 1..5; returns PNG bytes.

    ``labels`` name the points on the x axis (one per value, may be empty strings);
    ``highlight_from`` shades the points from that index on (this week); ``annotate``
    writes each value above its point (off for a long line, where the numbers overlap)."""
    if not values:
        raise ValueError("a chart needs at least one value")
    if len(labels) != len(values):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")
    ys = [min(5, max(1, int(v))) for v in values]
    xs = list(range(len(ys)))

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure: drawing without pyplot
    ax = fig.add_subplot()
    if highlight_from is not None and 0 <= highlight_from < len(ys):
        ax.axvspan(highlight_from - 0.5, len(ys) - 0.5, color=SHADE, alpha=0.10, linewidth=0)
    ax.plot(xs, ys, color=LINE, linewidth=3, marker="o", markersize=11,
            markerfacecolor="white", markeredgewidth=3)
    for x, y in zip(xs, ys, strict=True) if annotate else ():
        ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 12),
                    ha="center", fontsize=14, fontweight="bold", color="#333333")
    ax.set_ylim(0.5, 5.7)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlim(-0.5, len(ys) - 0.5)
    ax.set_xticks(xs, labels=[str(label) for label in labels])
    ax.tick_params(labelsize=14, length=0)
    return _finish(fig, ax, title)


def answers_per_day_png(
    labels: Sequence[str],
    answered: Sequence[int],
    members: int,
    title: str,
) -> bytes:
    """Bars of how many team members answered each day, y axis 0..members; PNG bytes.

    ``labels`` name the bars on the x axis (one per day, may be empty strings). Counts
    only: a team chart never names anyone."""
    if not answered:
        raise ValueError("a chart needs at least one day")
    if len(labels) != len(answered):
        raise ValueError(f"{len(answered)} days but {len(labels)} labels")
    counts = [max(0, int(n)) for n in answered]
    top = max(1, int(members), *counts)
    xs = list(range(len(counts)))
    many = len(counts) > 10

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure: drawing without pyplot
    ax = fig.add_subplot()
    ax.bar(xs, counts, color=LINE, width=0.7)
    if not many:
        for x, n in zip(xs, counts, strict=True):
            ax.annotate(str(n), (x, n), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=14, fontweight="bold", color="#333333")
    ax.set_ylim(0, top * 1.15)
    step = max(1, -(-top // 8))  # at most about 8 integer ticks
    ax.set_yticks(list(range(0, top + 1, step)))
    ax.set_xlim(-0.5, len(counts) - 0.5)
    ax.set_xticks(xs, labels=[str(label) for label in labels])
    ax.tick_params(labelsize=11 if many else 14, length=0)
    return _finish(fig, ax, title)


def _finish(fig: Any, ax: Any, title: str) -> bytes:
    """The look both charts share (light grid, no box, title left) and the PNG bytes."""
    ax.grid(axis="y", color="#dddddd", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=18, pad=14, loc="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()

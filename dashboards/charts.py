"""Stacked bar charts as geometry for an SVG template: where each bar, segment, label and
legend key goes. Pure Python, no ORM and no arithmetic left to the template.

Charts are drawn in a ``WIDTH``-unit ``viewBox`` and scaled to their container, so the text
stays readable at 320 px. Colour is never the only signal: every segment is labelled with its
number (RAG segments with their letter too), each series after the first has its own pattern,
and a table beneath gives the same figures.
"""
from dataclasses import dataclass, field

from .trends import Series, Trend

WIDTH = 360
FONT = 15
LEGEND_ROW = 24
SWATCH = 16
BAR_ROW = 54  # a bar's label above it, the bar, the gap after it
BAR_HEIGHT = 26
LABEL_GAP = 20  # from the top of a bar's row to the top of its bar
# A segment with a count is never narrower than its label needs; the rest share the width in
# proportion (the exact figures are in the label and the table).
MIN_SEGMENT = 34
LABEL_CHARS = 44  # a bar label longer than this is cut, with its full name in the table

TEXT = "#0b0c0c"
WHITE = "#ffffff"
# GOV.UK colours, with the text colour each needs for contrast.
RAG_FILLS = {"red": ("#d4351c", WHITE), "amber": ("#f47738", TEXT), "green": ("#00703c", WHITE)}
LETTERS = {"red": "R", "amber": "A", "green": "G"}
# Series that are not RAG, best or highest first when counted from the end: up to five.
PALETTE = [("#003078", WHITE), ("#1d70b8", WHITE), ("#5694ca", TEXT), ("#d2e2f1", TEXT),
           ("#b1b4b6", TEXT)]
# Patterns laid over the fill, one per series after the first: ids of ``<pattern>``s the
# template defines for each chart.
PATTERNS = ["", "stripes", "dots", "cross", "waves"]


@dataclass
class Segment:
    x: int
    width: int
    text: str  # the label drawn on it: "3", or "R 3"
    name: str  # "2025/26, 30 to 35: 3 providers"
    fill: str
    ink: str
    pattern: str

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass
class BarShape:
    label: str
    y: int  # top of the bar's row: its label's baseline sits just below
    segments: list[Segment]
    empty: bool = False  # nothing counted (or nothing shown): a grey bar saying ``empty_text``
    empty_text: str = "None"

    @property
    def label_y(self) -> int:
        return self.y + FONT

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_GAP

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT // 2 + FONT // 3


@dataclass
class Key:
    label: str
    y: int
    fill: str
    pattern: str

    @property
    def text_y(self) -> int:
        return self.y + SWATCH - 3


@dataclass
class Chart:
    id: str
    trend: Trend
    keys: list[Key]
    bars: list[BarShape]
    height: int
    width: int = WIDTH
    font: int = FONT
    swatch: int = SWATCH
    bar_height: int = BAR_HEIGHT
    text_colour: str = TEXT
    shortened: list[str] = field(default_factory=list)  # full names of the bars cut to fit

    @property
    def description(self) -> str:
        """The trend's description, with the full name of every bar the chart shortened."""
        if not self.shortened:
            return self.trend.description
        return (f"{self.trend.description} Names shortened in the chart: "
                f"{'; '.join(self.shortened)}.")


def _style(series, index) -> tuple[str, str, str]:
    """(fill, text colour, pattern id) of a series."""
    fill, ink = RAG_FILLS.get(series.colour) or PALETTE[index % len(PALETTE)]
    return fill, ink, PATTERNS[index % len(PATTERNS)]


def _widths(counts: list[int], width: int) -> list[int]:
    """Segment widths summing to ``width``: at least ``MIN_SEGMENT`` for each count, the rest
    in proportion; 0 for a zero."""
    shown = [c for c in counts if c]
    spare = width - MIN_SEGMENT * len(shown)
    total = sum(shown)
    widths = [MIN_SEGMENT + round(spare * c / total) if c else 0 for c in counts]
    # Rounding may leave a unit or two over or short: the last segment drawn takes it.
    last = max(i for i, c in enumerate(counts) if c)
    widths[last] += width - sum(widths)
    return widths


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def stacked_bars(trend: Trend, chart_id: str) -> Chart:
    """The chart of a trend: a legend, then one horizontal bar per ``trend.bars``."""
    styles = [_style(s, i) for i, s in enumerate(trend.series)]
    keys = [Key(s.label, i * LEGEND_ROW, fill, pattern)
            for i, (s, (fill, _, pattern)) in enumerate(zip(trend.series, styles, strict=True))]
    top = len(keys) * LEGEND_ROW + 8
    bars = []
    shortened = []
    for n, bar in enumerate(trend.bars):
        y = top + n * BAR_ROW
        shape = BarShape(_cut(bar.label), y, [])
        if shape.label != bar.label:
            shortened.append(bar.title or bar.label)
        if not bar.total:
            shape.empty = True
            bars.append(shape)
            continue
        x = 0
        for series, count, width, (fill, ink, pattern) in zip(
                trend.series, bar.counts, _widths(bar.counts, WIDTH), styles, strict=True):
            if count:
                letter = LETTERS.get(series.colour)
                shape.segments.append(Segment(
                    x=x, width=width,
                    text=f"{letter} {count}" if letter else str(count),
                    name=f"{bar.title or bar.label}, {series.label}: {count} {trend.unit}",
                    fill=fill, ink=ink, pattern=pattern))
            x += width
        bars.append(shape)
    return Chart(id=chart_id, trend=trend, keys=keys, bars=bars,
                 height=top + len(trend.bars) * BAR_ROW, shortened=shortened)


@dataclass
class ShareBar:
    """One bar of a chart of shares: a label and, per series, the share (0-100) and the text
    shown for it; ``hidden`` where the figure is suppressed (drawn as no segment)."""

    label: str
    shares: list  # float | None per series
    shown: list[str]
    hidden: list[bool]


def share_bars(*, chart_id: str, title: str, description: str, series: list[str],
               bars: list[ShareBar], unit: str = "of goals", hidden_text: str = "") -> Chart:
    """A chart of shares (each bar's series out of 100): a legend, then one horizontal bar per
    ``bars``, each segment labelled with its shown figure ("45%"). A hidden figure draws no
    segment and moves nothing: the shown segments are laid end to end, each as wide as its
    share, so no position or width gives a hidden figure away. A bar with nothing shown is a
    grey bar saying ``hidden_text`` (or "None" when it has no figures at all)."""
    trend = Trend(framework=None, heading=title, title=title, description=description,
                  series=[Series(key=str(n), label=label) for n, label in enumerate(series)],
                  unit=unit)
    styles = [_style(s, i) for i, s in enumerate(trend.series)]
    keys = [Key(label, i * LEGEND_ROW, fill, pattern)
            for i, (label, (fill, _, pattern)) in enumerate(zip(series, styles, strict=True))]
    top = len(keys) * LEGEND_ROW + 8
    shapes = []
    for n, bar in enumerate(bars):
        shape = BarShape(_cut(bar.label), top + n * BAR_ROW, [])
        drawn = [(i, share) for i, (share, hidden) in enumerate(zip(bar.shares, bar.hidden,
                                                                    strict=True))
                 if not hidden and share]
        if not drawn:
            shape.empty = True
            shape.empty_text = hidden_text if any(bar.hidden) and hidden_text else "None"
            shapes.append(shape)
            continue
        visible = sum(share for _, share in drawn)
        span = min(WIDTH, max(round(WIDTH * visible / 100), MIN_SEGMENT * len(drawn)))
        widths = _widths([max(1, round(share * 10)) for _, share in drawn], span)
        x = 0
        for (i, _), width in zip(drawn, widths, strict=True):
            fill, ink, pattern = styles[i]
            shape.segments.append(Segment(
                x=x, width=width, text=bar.shown[i],
                name=f"{bar.label}, {series[i]}: {bar.shown[i]} {unit}",
                fill=fill, ink=ink, pattern=pattern))
            x += width
        shapes.append(shape)
    return Chart(id=chart_id, trend=trend, keys=keys, bars=shapes,
                 height=top + len(bars) * BAR_ROW)


VALUE_MIN = 64  # a bar with a figure is never narrower than its label needs


def value_bars(*, chart_id: str, title: str, description: str, series: list[str],
               years: list[str], values: list[list], shown: list[list[str]]) -> Chart:
    """A chart of figures that are not counts (an indicator's: "91.2%"): a legend of the
    ``series`` (the LA's own, then comparators), then for each year a bar per series as long
    as its figure against the largest, labelled with it; a year a series has no figure for is a
    grey bar saying so."""
    trend = Trend(framework=None, heading=title, title=title, description=description,
                  series=[Series(key=str(n), label=label) for n, label in enumerate(series)],
                  unit="")
    styles = [_style(s, i) for i, s in enumerate(trend.series)]
    keys = [Key(label, i * LEGEND_ROW, fill, pattern)
            for i, (label, (fill, _, pattern)) in enumerate(zip(series, styles, strict=True))]
    top = len(keys) * LEGEND_ROW + 8
    largest = max((abs(v) for row in values for v in row if v is not None), default=0)
    shapes = []
    for y, year in enumerate(years):
        for i, label in enumerate(series):
            shape = BarShape(_cut(f"{year}, {label}"), top + len(shapes) * BAR_ROW, [])
            value = values[y][i]
            if value is None or not largest:
                shape.empty, shape.empty_text = True, "Not recorded"
            else:
                fill, ink, pattern = styles[i]
                width = max(VALUE_MIN, round(WIDTH * abs(value) / largest))
                shape.segments.append(Segment(x=0, width=width, text=shown[y][i],
                                              name=f"{year}, {label}: {shown[y][i]}",
                                              fill=fill, ink=ink, pattern=pattern))
            shapes.append(shape)
    return Chart(id=chart_id, trend=trend, keys=keys, bars=shapes,
                 height=top + len(shapes) * BAR_ROW)

"""House style for charts: one colour-blind-safe palette, Dutch numbers, a title and a source
under every chart as text, alt text for every figure, and "voorbeeldcijfers" on example data.

Charts are SVG images in an HTML figure element: the image carries real alt text; the title and the
source line are text in the ``<figcaption>`` (they wrap on a phone and screen readers and search
find them). The image is drawn narrow with large type, so its text stays legible when a phone
scales it to the screen width. Colour never carries meaning alone: series also differ in line
style and marker.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping
from contextlib import contextmanager

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.ticker import Formatter, MaxNLocator

from levanalysis.book.render import render
from levanalysis.formatting import format_number

# Okabe & Ito (2008), chosen for colour-blind readers. Only the darker colours are used for
# lines, so each keeps at least 3:1 contrast with the white page (WCAG non-text contrast).
OKABE_ITO = {
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "blauwgroen": "#009E73",
    "purper": "#CC79A7",
    "zwart": "#000000",
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
    "geel": "#F0E442",
}
SERIES_STYLES = [
    {"color": OKABE_ITO["blauw"], "linestyle": "-", "marker": "o"},
    {"color": OKABE_ITO["vermiljoen"], "linestyle": "--", "marker": "s"},
    {"color": OKABE_ITO["blauwgroen"], "linestyle": "-.", "marker": "^"},
    {"color": OKABE_ITO["zwart"], "linestyle": ":", "marker": "D"},
    {"color": OKABE_ITO["purper"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
]
TARGET_COLOUR = "#555555"  # 7.5:1 on white
PREVIOUS_PERIOD_COLOUR = "#ececec"
# Narrow on purpose: a 4,4 inch image is about 420 px wide, so a 390 px phone scales it by
# only about 0,85 and 12 pt text stays about 13 px.
FIGURE_SIZE = (4.4, 3.0)
EXAMPLE_MARK = "VOORBEELDCIJFERS"

_RC = {
    "font.size": 12,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "font.family": "DejaVu Sans",
    # Text stays text in the SVG: smaller files, and the reader's font renders it sharply.
    "svg.fonttype": "none",
    "svg.hashsalt": "lev-monitor",
}


def _pyplot():
    # pyplot is loaded when a chart is drawn, not when a page merely imports the book's modules:
    # pages without charts start faster (every chapter runs in a fresh kernel).
    import matplotlib.pyplot as plt

    return plt


@contextmanager
def house_style():
    with matplotlib.rc_context(_RC):
        yield


class DutchTicks(Formatter):
    """Dutch tick labels with just enough decimals to tell neighbouring ticks apart.

    A fixed number of decimals prints 0,89 0,89 0,90 for ticks 0,885 0,89 0,895, or 1 1 2 2 for
    counts on half steps; the step between the ticks decides instead.
    """

    def __init__(self, suffix: str = ""):
        self.suffix = suffix

    def __call__(self, value, pos=None) -> str:
        ticks = np.asarray(self.axis.get_majorticklocs(), dtype=float) if self.axis is not None else np.array([])
        steps = np.diff(np.sort(ticks))
        step = float(steps[steps > 0].min()) if (steps > 0).any() else 1.0
        decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
        return format_number(value, decimals) + self.suffix


def _years_axis(ax) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda value, _pos: f"{int(value)}")


def _mark_example(figure) -> None:
    figure.text(0.5, 0.5, EXAMPLE_MARK, ha="center", va="center", rotation=18, fontsize=26,
                color="#b0b0b0", alpha=0.45, zorder=0, fontweight="bold")


def _shade_period(ax, period: tuple[int, int] | None, label: str) -> None:
    if period is None:
        return
    start, end = period
    ax.axvspan(start - 0.5, end + 0.5, color=PREVIOUS_PERIOD_COLOUR, zorder=0, lw=0)
    ax.annotate(label, xy=((start + end) / 2, 0.02), xycoords=("data", "axes fraction"), ha="center",
                fontsize=10, color=TARGET_COLOUR)


def line_chart(
    series: Mapping[str, pd.Series],
    *,
    y_label: str,
    baseline_year: int | None = None,
    target: tuple[float, str] | None = None,
    integer: bool = False,
    example: bool = False,
    shaded_period: tuple[int, int] | None = None,
    shaded_label: str = "",
    path: tuple[pd.Series, str] | None = None,
):
    """Series by year (index = year); marks the baseline year and, optionally, a target level.

    ``path`` is a target path (values by year) with its legend label, drawn as a grey dashed
    line with open markers so it never reads as one of the data series.

    ``integer`` keeps the y ticks on whole numbers (counts); ``example`` marks the image as
    example data; ``shaded_period`` shades a span of years (e.g. the previous plan period).
    """
    with house_style():
        figure, ax = _pyplot().subplots(figsize=FIGURE_SIZE, layout="constrained")
        _shade_period(ax, shaded_period, shaded_label)
        for style, (label, values) in zip(SERIES_STYLES, series.items(), strict=False):
            values = values.dropna()
            ax.plot(values.index.astype(int), values.to_numpy(dtype=float), label=label, linewidth=2, markersize=5, **style)
        if baseline_year is not None:
            ax.axvline(baseline_year, color=TARGET_COLOUR, linewidth=1, linestyle=":")
            ax.annotate(f"basisjaar {baseline_year}", xy=(baseline_year, 1), xycoords=("data", "axes fraction"),
                        xytext=(3, -12), textcoords="offset points", fontsize=10, color=TARGET_COLOUR)
        if path is not None:
            values, label = path
            values = values.dropna()
            ax.plot(values.index.astype(int), values.to_numpy(dtype=float), label=label, color=TARGET_COLOUR,
                    linewidth=1.5, linestyle="--", marker="o", markerfacecolor="white", markersize=4)
        if target is not None:
            level, label = target
            ax.axhline(level, color=TARGET_COLOUR, linewidth=1.2, linestyle="--")
            ax.annotate(label, xy=(0, level), xycoords=("axes fraction", "data"), xytext=(4, 4),
                        textcoords="offset points", fontsize=10, color=TARGET_COLOUR)
        ax.set_ylabel(y_label)
        if integer:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(DutchTicks())
        _years_axis(ax)
        if len(series) + (path is not None) > 1:
            # Below the plot: a legend inside would cover lines on a narrow chart.
            figure.legend(frameon=False, loc="outside lower center", ncols=min(len(series) + (path is not None), 2))
        if example:
            _mark_example(figure)
    return figure


def bar_chart(values: pd.Series, *, x_label: str, reference: float | None = None,
              reference_label: str = "", decimals: int = 1, example: bool = False):
    """Horizontal bars (labels on the left stay readable on a phone), values printed at the bars."""
    with house_style():
        height = max(2.4, 0.42 * len(values) + 1.2)
        figure, ax = _pyplot().subplots(figsize=(FIGURE_SIZE[0], height), layout="constrained")
        ordered = values.iloc[::-1]
        bars = ax.barh(ordered.index.astype(str), ordered.to_numpy(dtype=float), color=OKABE_ITO["blauw"])
        for bar, value in zip(bars, ordered.to_numpy(dtype=float), strict=True):
            if pd.notna(value):
                ax.annotate(format_number(value, decimals), xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
                            xytext=(3, 0), textcoords="offset points", va="center", fontsize=10)
        if reference is not None:
            ax.axvline(reference, color=TARGET_COLOUR, linestyle="--", linewidth=1.2)
            if reference_label:
                ax.annotate(reference_label, xy=(reference, 1), xycoords=("data", "axes fraction"),
                            xytext=(3, -12), textcoords="offset points", fontsize=10, color=TARGET_COLOUR)
        ax.set_xlabel(x_label)
        ax.xaxis.set_major_formatter(DutchTicks())
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.15)  # room for the printed values
        if example:
            _mark_example(figure)
    return figure


def small_multiples(long: pd.DataFrame, *, panel: str, y_label: str, baseline_year: int | None = None,
                    example: bool = False):
    """One small line chart per ``panel`` value (e.g. per municipality) on a shared y axis.

    ``long`` has columns ``panel``, ``year`` and ``value``. Drawn with seaborn's FacetGrid, two
    panels a row so each stays wide enough on a phone.
    """
    with house_style():
        import seaborn as sns  # only here: pages without small multiples need not load it

        grid = sns.FacetGrid(long, col=panel, col_wrap=2, height=1.5, aspect=1.4, sharey=True, despine=True)
        grid.map_dataframe(sns.lineplot, x="year", y="value", color=OKABE_ITO["blauw"], marker="o", linewidth=2)
        grid.set_titles("{col_name}", size=11)
        grid.set_axis_labels("", y_label)
        for ax in grid.axes.flat:
            _years_axis(ax)
            ax.yaxis.set_major_formatter(DutchTicks())
            if baseline_year is not None:
                ax.axvline(baseline_year, color=TARGET_COLOUR, linewidth=1, linestyle=":")
        figure = grid.figure
        figure.set_layout_engine("constrained")
        if example:
            _mark_example(figure)
    return figure


def figure_context(figure, *, alt: str, source: str, title: str = "", example: bool = False) -> dict:
    """The context of ``figure.html.j2``: the image as an SVG data URI, alt text, title and source."""
    if not alt.strip():
        raise ValueError("every figure needs alt text")
    if not source.strip():
        raise ValueError("every figure needs a source line")
    buffer = io.BytesIO()
    # No metadata, and the house style's fixed hash salt for the SVG ids: the same chart gives
    # the same bytes, run after run.
    with house_style():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    # Closed here so Jupyter's inline backend does not show the chart a second time.
    _pyplot().close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return {"src": f"data:image/svg+xml;base64,{encoded}", "alt": alt, "title": title, "source": source,
            "example": example}


def figure_html(figure, *, alt: str, source: str, title: str = "", example: bool = False) -> str:
    return render("figure.html.j2", figure=figure_context(figure, alt=alt, source=source, title=title, example=example))


def describe_series_for_alt(series: Mapping[str, pd.Series], unit: str, decimals: int = 0) -> str:
    """A sentence per series with its first and last value, for alt text."""
    parts = []
    for label, values in series.items():
        values = values.dropna()
        if values.empty:
            parts.append(f"{label}: geen gegevens")
            continue
        first_year, last_year = int(values.index[0]), int(values.index[-1])
        parts.append(
            f"{label}: {format_number(values.iloc[0], decimals)} in {first_year} en "
            f"{format_number(values.iloc[-1], decimals)} in {last_year} {unit}".rstrip()
        )
    return "; ".join(parts) + "."

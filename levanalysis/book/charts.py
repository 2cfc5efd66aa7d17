"""House style for charts: one colour-blind-safe palette, Dutch numbers, a source under every
chart and alt text for every figure.

Charts are shown as an HTML ``<figure>``: the image carries real alt text and the source line
is text in the ``<figcaption>``, so screen readers and search find both. Colour never carries
meaning alone: series also differ in line style and marker.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from contextlib import contextmanager

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

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
FIGURE_SIZE = (7.0, 3.9)  # inches; at 150 dpi scaled to a phone's width the text stays legible
DPI = 150

_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "lev-monitor",
}


@contextmanager
def house_style():
    with plt.rc_context(_RC):
        yield


def dutch_formatter(decimals: int = 0, suffix: str = "") -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: format_number(value, decimals) + suffix)


def _years_axis(ax) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{int(value)}"))


def line_chart(
    series: Mapping[str, pd.Series],
    *,
    title: str,
    y_label: str,
    baseline_year: int | None = None,
    target: tuple[float, str] | None = None,
    decimals: int = 0,
):
    """Series by year (index = year); marks the baseline year and, optionally, a target level."""
    with house_style():
        figure, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
        for style, (label, values) in zip(SERIES_STYLES, series.items(), strict=False):
            values = values.dropna()
            ax.plot(values.index.astype(int), values.to_numpy(dtype=float), label=label, linewidth=2, markersize=5, **style)
        if baseline_year is not None:
            ax.axvline(baseline_year, color=TARGET_COLOUR, linewidth=1, linestyle=":")
            ax.annotate(f"basisjaar {baseline_year}", xy=(baseline_year, 1), xycoords=("data", "axes fraction"),
                        xytext=(3, -12), textcoords="offset points", fontsize=9, color=TARGET_COLOUR)
        if target is not None:
            level, label = target
            ax.axhline(level, color=TARGET_COLOUR, linewidth=1.2, linestyle="--")
            ax.annotate(label, xy=(0, level), xycoords=("axes fraction", "data"), xytext=(4, 4),
                        textcoords="offset points", fontsize=9, color=TARGET_COLOUR)
        ax.set_title(title, loc="left")
        ax.set_ylabel(y_label)
        ax.yaxis.set_major_formatter(dutch_formatter(decimals))
        _years_axis(ax)
        if len(series) > 1:
            ax.legend(frameon=False, loc="best")
    return figure


def bar_chart(values: pd.Series, *, title: str, x_label: str, reference: float | None = None,
              reference_label: str = "", decimals: int = 1):
    """Horizontal bars (labels on the left stay readable on a phone), values printed at the bars."""
    with house_style():
        height = max(2.2, 0.45 * len(values) + 1.2)
        figure, ax = plt.subplots(figsize=(FIGURE_SIZE[0], height), layout="constrained")
        ordered = values.iloc[::-1]
        bars = ax.barh(ordered.index.astype(str), ordered.to_numpy(dtype=float), color=OKABE_ITO["blauw"])
        for bar, value in zip(bars, ordered.to_numpy(dtype=float), strict=True):
            if pd.notna(value):
                ax.annotate(format_number(value, decimals), xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
                            xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
        if reference is not None:
            ax.axvline(reference, color=TARGET_COLOUR, linestyle="--", linewidth=1.2)
            if reference_label:
                ax.annotate(reference_label, xy=(reference, 1), xycoords=("data", "axes fraction"),
                            xytext=(3, -12), textcoords="offset points", fontsize=9, color=TARGET_COLOUR)
        ax.set_title(title, loc="left")
        ax.set_xlabel(x_label)
        ax.xaxis.set_major_formatter(dutch_formatter(decimals))
        ax.grid(axis="y", visible=False)
    return figure


def figure_html(figure, *, alt: str, source: str, caption: str | None = None) -> str:
    """The figure as an accessible HTML block: image with alt text, caption and source line."""
    if not alt.strip():
        raise ValueError("every figure needs alt text")
    if not source.strip():
        raise ValueError("every figure needs a source line")
    buffer = io.BytesIO()
    # No metadata: the same chart gives the same bytes, run after run.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    # Closed here so Jupyter's inline backend does not show the chart a second time.
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    caption_html = f'<span class="lev-figure-caption">{html.escape(caption)}</span>' if caption else ""
    return (
        '<figure class="lev-figure">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt, quote=True)}">'
        f'<figcaption>{caption_html}<span class="lev-source">Bron: {html.escape(source)}</span></figcaption>'
        "</figure>"
    )


def show_figure(figure, *, alt: str, source: str, caption: str | None = None) -> None:
    from IPython.display import HTML, display

    display(HTML(figure_html(figure, alt=alt, source=source, caption=caption)))


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

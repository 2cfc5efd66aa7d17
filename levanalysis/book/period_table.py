"""The short table "2020-2023 vs 2024-2026" for the Samenvatting (wired by the summary's owner):
growth per year in the previous LEV period beside growth since the baseline."""

from __future__ import annotations

import pandas as pd

from levanalysis.book import tables
from levanalysis.book.render import render


def period_table(comparison: pd.DataFrame, previous: tuple[int, int], baseline_year: int) -> dict:
    """The table context of ``period_table.html.j2`` (tests assert on it)."""
    start, end = previous
    frame = pd.DataFrame({
        "Indicator": comparison["indicator"],
        f"{start}-{end} per jaar": comparison["vorige"],
        "Sinds basisjaar per jaar": comparison["huidige"],
        "Tot en met": comparison["tot"],
        f"Nederland {start}-{end}": comparison["nl_vorige"],
        "Nederland sinds basisjaar": comparison["nl_huidige"],
    })
    if comparison["nl_vorige"].isna().all():
        frame = frame.drop(columns=[f"Nederland {start}-{end}", "Nederland sinds basisjaar"])
    formats = {c: tables.percent(1, signed=True) for c in frame.columns if c not in ("Indicator", "Tot en met")}
    formats["Tot en met"] = tables.year
    return tables.table(frame, f"Groei per jaar in de vorige LEV-periode ({start}-{end}) en sinds het basisjaar "
                               f"{baseline_year}, waar beide bekend zijn.", formats, missing="–")


def period_table_html(comparison: pd.DataFrame, previous: tuple[int, int], baseline_year: int) -> str:
    """Rendered; nothing when no KPI has figures for both periods."""
    if comparison.empty:
        return ""
    return render("period_table.html.j2", table=period_table(comparison, previous, baseline_year),
                  example=bool(comparison["voorbeeld"].any()))


def period_year(previous: tuple[int, int]):
    """A formatter for a table's year column that marks the years of the previous LEV period
    ('2021 (vorige LEV)'), so a table says in words what a chart shades."""
    start, end = previous

    def text(value) -> str:
        year = int(value)
        return f"{year} (vorige LEV)" if start <= year <= end else str(year)

    return text

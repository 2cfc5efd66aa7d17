"""Small helpers for year-indexed series and long frames, shared by every layer.

Missing values stay missing: a strict sum is NaN as soon as one part is absent or NaN, because a
partial total would look like a real decline.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def as_float(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(values)).to_numpy(dtype=float, na_value=np.nan)


def strict_sum(frame: pd.DataFrame) -> pd.Series:
    """Row sums that are NaN as soon as one cell is missing."""
    return frame.sum(axis=1, skipna=False)


def year_series(values: pd.Series, name: str) -> pd.Series:
    series = pd.Series(as_float(values), index=pd.Index(values.index.astype(int), name="year"), name=name)
    return series.sort_index()


def unstack_unique(frame: pd.DataFrame, index: str, columns: Sequence[str]) -> pd.DataFrame:
    """``value`` as an index x columns table; a key that occurs twice is an error, not summed."""
    keyed = frame.set_index([index, *columns])["value"]
    if keyed.index.duplicated().any():
        duplicated = keyed.index[keyed.index.duplicated()].unique().tolist()[:3]
        raise ValueError(f"duplicate rows for {[index, *columns]}: {duplicated}")
    return keyed.unstack(list(columns))


def complete_sum(
    frame: pd.DataFrame, members: Sequence[str], codes: Sequence[str], *, member_col: str, code_col: str
) -> pd.Series:
    """Per year the sum over every member x code; NaN where any of them is absent or NaN."""
    subset = frame[frame[member_col].isin(members) & frame[code_col].isin(codes)]
    wide = unstack_unique(subset, "year", [member_col, code_col])
    full = pd.MultiIndex.from_product([list(members), list(codes)], names=[member_col, code_col])
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    wide = wide.reindex(index=years, columns=full)
    return strict_sum(wide).rename_axis("year")


"""Tables readers can download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_download(table: pd.DataFrame, downloads_dir: str | Path | None, name: str) -> str:
    """Write a table as CSV for readers and return a Markdown download link ('' without a dir)."""
    if downloads_dir is None:
        return ""
    directory = Path(downloads_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    return f"{{download}}`Download de cijfers (CSV) <{directory.name}/{path.name}>`"

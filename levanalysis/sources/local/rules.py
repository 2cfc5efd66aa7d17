"""Source-level rules beyond the column types; their ids are listed in local_sources.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

import pandas as pd

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import SourceSpec
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.local.problems import Problem


@dataclass
class RuleContext:
    spec: SourceSpec
    region: _region.Region
    fname: str
    level: str


def _absorbed_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    """True where the row is fine: absorbed municipalities only before the merger."""
    mcol, ycol = ctx.spec.first_of_type("municipality"), ctx.spec.first_of_type("year", "school_year")
    ok = pd.Series(True, index=df.index)
    if mcol is None or ycol is None:
        return ok
    for r in ctx.region.reorganisations:
        bad = (df[mcol] == r.absorbed_code) & (df[ycol] >= r.effective_year)
        ok &= ~bad.fillna(False).astype(bool)
    return ok


def _absorbed_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    mcol, ycol = ctx.spec.first_of_type("municipality"), ctx.spec.first_of_type("year", "school_year")
    out = []
    for row in rows:
        code = df.at[row, mcol]
        r = next(r for r in ctx.region.reorganisations if r.absorbed_code == code)
        into = _region.municipality_name(r.into, region=ctx.region)
        out.append(
            Problem(
                ctx.fname,
                f"{r.absorbed_name} bestaat sinds {r.effective_year} niet meer (opgegaan in {into}); "
                f"gebruik {into} voor {df.at[row, ycol]}.",
                row=row,
                column=mcol,
                value=r.absorbed_name,
                level=ctx.level,
            )
        )
    return out


def _year_total_or_months_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    has_total = df["maand"].isna()
    years_total = set(df.loc[has_total, "jaar"].dropna())
    years_month = set(df.loc[~has_total, "jaar"].dropna())
    both = years_total & years_month
    return ~df["jaar"].isin(both).fillna(False).astype(bool)


def _year_total_or_months_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    sub = df.loc[rows]
    out = []
    for year, grp in sub.groupby("jaar", sort=True):
        totals = [int(r) for r in grp.index[grp["maand"].isna()]]
        months = [int(r) for r in grp.index[grp["maand"].notna()]]
        for row in totals:
            out.append(
                Problem(
                    ctx.fname,
                    f"voor {year} staan zowel een jaartotaal (maand leeg) als maandcijfers "
                    f"({rows_text(months)}) in het bestand; gebruik één van beide, anders telt {year} dubbel.",
                    row=row,
                    column="maand",
                    value="",
                    level=ctx.level,
                )
            )
    return out


def _lisa_tens_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return ~((df["banen"] % 10) != 0).fillna(False).astype(bool)


def _lisa_tens_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    # One message per file: a raw (unrounded) export would otherwise flood the report.
    first = rows[0]
    more = f" (ook in {rows_text(rows[1:])})" if len(rows) > 1 else ""
    return [
        Problem(
            ctx.fname,
            f"{df.at[first, 'banen']} is niet afgerond op tientallen{more}. LISA publiceert afgeronde "
            "cijfers; niet-afgeronde cijfers kunnen vertrouwelijk zijn. Controleer of ze gepubliceerd mogen worden.",
            row=first,
            column="banen",
            value=str(df.at[first, "banen"]),
            level=ctx.level,
        )
    ]


# UWV names the group 'Techniek' in one file and 'Technische beroepen' in another.
TECHNIEK_PREFIX = "techn"


def _techniek_groups(values) -> list[str]:
    return sorted({str(v) for v in values if str(v).strip().casefold().startswith(TECHNIEK_PREFIX)})


def techniek_group(frame: pd.DataFrame) -> str | None:
    """The one occupational group of a UWV file that is Techniek, None when there is none.

    A validated file never has two (rule ``one_techniek_group``); a frame that does is refused.
    """
    groups = _techniek_groups(frame["beroepsgroep"])
    if len(groups) > 1:
        raise ValueError(f"more than one Techniek group: {groups}")
    return groups[0] if groups else None


def _one_techniek_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    groups = _techniek_groups(df["beroepsgroep"].dropna())
    if len(groups) <= 1:
        return pd.Series(True, index=df.index)
    return ~df["beroepsgroep"].astype(str).isin(groups).fillna(False).astype(bool)


def _one_techniek_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    # One message per file: every row of both groups would flood the report.
    groups = _techniek_groups(df.loc[rows, "beroepsgroep"])
    first = rows[0]
    return [
        Problem(
            ctx.fname,
            f"meer dan één beroepsgroep lijkt op 'Techniek' ({', '.join(groups)}; {rows_text(rows)}); "
            "laat alleen de beroepsgroep Techniek van UWV staan.",
            row=first,
            column="beroepsgroep",
            value=str(df.at[first, "beroepsgroep"]),
            level=ctx.level,
        )
    ]


# --- the evaluator's judgements (oordelen) ---------------------------------------------------


def known_kpi_ids() -> tuple[str, ...]:
    """The KPI ids of the plan, in the plan's order."""
    return tuple(kpi.id for _, kpi in load_plan().kpis())


def _known_kpi_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    known = set(known_kpi_ids())
    values = df["kpi_id"]
    return values.isna() | values.astype(str).str.strip().str.casefold().isin(known)


def _known_kpi_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    known = ", ".join(known_kpi_ids())
    return [
        Problem(ctx.fname, f"onbekende indicator '{df.at[row, 'kpi_id']}'. Bekende indicatoren: {known}.",
                row=row, column="kpi_id", value=str(df.at[row, "kpi_id"]), level=ctx.level)
        for row in rows
    ]


_DATE_FORMATS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"))


def parse_judgement_date(text) -> date | None:
    """'2026-01-15' or '15-01-2026' (how Excel shows a date cell) as a date; None if neither."""
    value = str(text).strip() if text is not None and not (isinstance(text, float) and text != text) else ""
    iso, dutch = (pattern.fullmatch(value) for pattern in _DATE_FORMATS)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        return None
    return None


def _judgement_date_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return df["datum"].map(lambda v: pd.isna(v) or parse_judgement_date(v) is not None).astype(bool)


def _judgement_date_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    return [
        Problem(ctx.fname, f"'{df.at[row, 'datum']}' is geen datum; schrijf JJJJ-MM-DD (2026-01-15) of "
                "DD-MM-JJJJ (15-01-2026).", row=row, column="datum", value=str(df.at[row, "datum"]), level=ctx.level)
        for row in rows
    ]


RULES: dict[str, tuple[Callable[[pd.DataFrame, RuleContext], pd.Series], Callable[..., list[Problem]]]] = {
    "absorbed_municipality_before_merger": (_absorbed_check, _absorbed_messages),
    "year_total_or_months": (_year_total_or_months_check, _year_total_or_months_messages),
    "lisa_rounded_to_tens": (_lisa_tens_check, _lisa_tens_messages),
    "one_techniek_group": (_one_techniek_check, _one_techniek_messages),
    "known_kpi_id": (_known_kpi_check, _known_kpi_messages),
    "judgement_date": (_judgement_date_check, _judgement_date_messages),
}


def rows_text(rows: list[int], limit: int = 8) -> str:
    rows = sorted(rows)
    if not rows:
        return ""
    word = "rij" if len(rows) == 1 else "rijen"
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += f" en nog {len(rows) - limit}"
    return f"{word} {shown}"


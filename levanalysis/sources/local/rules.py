"""Source-level rules beyond the column types; their ids are listed in local_sources.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import SourceSpec
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.plan_extras import citable_ids, load_previous_period
from levanalysis.sources.local.personal import personal_data_finding
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


# --- the evaluator's workbench (uitvoering, bewijs, opvolging_aanbevelingen) ------------------


def _ok_where(df: pd.DataFrame, good: pd.Series) -> pd.Series:
    return good.fillna(True).astype(bool).reindex(df.index, fill_value=True)


def _known_activity_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return _ok_where(df, df["activiteit"].isna() | df["activiteit"].isin(list(load_plan().activities())))


def _known_activity_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    known = ", ".join(load_plan().activities())
    return [
        Problem(ctx.fname, f"'{df.at[row, 'activiteit']}' is geen activiteit van het actieplan. Bekend: {known}.",
                row=row, column="activiteit", value=str(df.at[row, "activiteit"]), level=ctx.level)
        for row in rows
    ]


def _in_plan_period_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    start, end = load_plan().period
    return _ok_where(df, df["jaar"].isna() | df["jaar"].between(start, end))


def _in_plan_period_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    start, end = load_plan().period
    return [
        Problem(ctx.fname, f"{df.at[row, 'jaar']} ligt buiten de planperiode {start}-{end}.",
                row=row, column="jaar", value=str(df.at[row, "jaar"]), level=ctx.level)
        for row in rows
    ]


def _count_has_unit_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return _ok_where(df, df["aantal"].notna() == df["eenheid"].notna())


def _count_has_unit_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    out = []
    for row in rows:
        if pd.notna(df.at[row, "aantal"]):
            out.append(Problem(ctx.fname, f"bij het aantal {df.at[row, 'aantal']} hoort een eenheid "
                               "(bijvoorbeeld 'themabijeenkomsten').", row=row, column="eenheid", value="", level=ctx.level))
        else:
            out.append(Problem(ctx.fname, f"bij de eenheid '{df.at[row, 'eenheid']}' hoort een aantal.",
                               row=row, column="aantal", value="", level=ctx.level))
    return out


_NOT_DONE = ("nee", "nog niet")


def _not_done_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    has_output = (df["aantal"].fillna(0) > 0) | (df["bedrag_eur"].fillna(0) > 0)
    return _ok_where(df, ~(df["uitgevoerd"].isin(_NOT_DONE) & has_output))


def _not_done_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    return [
        Problem(ctx.fname, f"de activiteit is '{df.at[row, 'uitgevoerd']}' uitgevoerd, maar de rij heeft wel "
                "output of uitgaven; klopt 'uitgevoerd'?", row=row, column="uitgevoerd",
                value=str(df.at[row, "uitgevoerd"]), level=ctx.level)
        for row in rows
    ]


def _text_columns(ctx: RuleContext) -> list[str]:
    return [c.name for c in ctx.spec.columns if c.type == "text"]


def _personal_findings(df: pd.DataFrame, row: int, ctx: RuleContext) -> list[tuple[str, str]]:
    found = []
    for column in _text_columns(ctx):
        value = df.at[row, column]
        if isinstance(value, str) and (why := personal_data_finding(column, value)):
            found.append((column, why))
    return found


def _no_personal_data_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return pd.Series([not _personal_findings(df, row, ctx) for row in df.index], index=df.index, dtype=bool)


def _no_personal_data_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    return [
        Problem(ctx.fname, why, row=row, column=column, value=str(df.at[row, column]), level=ctx.level)
        for row in rows for column, why in _personal_findings(df, row, ctx)
    ]


_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d/%m/%Y")


def parse_date(text) -> pd.Timestamp | None:
    """A delivered date ('15-01-2025', '2025-01-15'; Excel dates arrive as '15-01-2025'), or None."""
    from datetime import datetime

    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(datetime.strptime(str(text).strip(), fmt))
        except ValueError:
            continue
    return None


def _valid_date_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return _ok_where(df, df["datum"].map(lambda v: not isinstance(v, str) or parse_date(v) is not None))


def _valid_date_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    return [
        Problem(ctx.fname, f"'{df.at[row, 'datum']}' is geen datum; schrijf dd-mm-jjjj (15-01-2025) of jjjj-mm-dd.",
                row=row, column="datum", value=str(df.at[row, "datum"]), level=ctx.level)
        for row in rows
    ]


def _unknown_references(value) -> list[str]:
    if not isinstance(value, list):
        return []
    known = citable_ids()
    return [item for item in value if item not in known]


def _known_reference_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return _ok_where(df, df["betreft"].map(lambda v: not _unknown_references(v)))


def _known_reference_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    return [
        Problem(ctx.fname, f"onbekende code(s) {', '.join(_unknown_references(df.at[row, 'betreft']))}: gebruik "
                "codes van indicatoren (vte-website), activiteiten (vte-1), speerpunten (logistiek) of "
                "aanbevelingen (a1).", row=row, column="betreft",
                value=", ".join(df.at[row, "betreft"]), level=ctx.level)
        for row in rows
    ]


def _recommendation_ids() -> list[str]:
    return [r.id for r in load_previous_period().recommendations]


def _known_recommendation_check(df: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return _ok_where(df, df["aanbeveling"].isna() | df["aanbeveling"].isin(_recommendation_ids()))


def _known_recommendation_messages(df: pd.DataFrame, rows: list[int], ctx: RuleContext) -> list[Problem]:
    known = ", ".join(_recommendation_ids())
    return [
        Problem(ctx.fname, f"'{df.at[row, 'aanbeveling']}' is geen aanbeveling van 2023. Bekend: {known}.",
                row=row, column="aanbeveling", value=str(df.at[row, "aanbeveling"]), level=ctx.level)
        for row in rows
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


RULES: dict[str, tuple[Callable[[pd.DataFrame, RuleContext], pd.Series], Callable[..., list[Problem]]]] = {
    "absorbed_municipality_before_merger": (_absorbed_check, _absorbed_messages),
    "year_total_or_months": (_year_total_or_months_check, _year_total_or_months_messages),
    "lisa_rounded_to_tens": (_lisa_tens_check, _lisa_tens_messages),
    "one_techniek_group": (_one_techniek_check, _one_techniek_messages),
    "known_activity": (_known_activity_check, _known_activity_messages),
    "in_plan_period": (_in_plan_period_check, _in_plan_period_messages),
    "count_has_unit": (_count_has_unit_check, _count_has_unit_messages),
    "not_done_without_output": (_not_done_check, _not_done_messages),
    "no_personal_data": (_no_personal_data_check, _no_personal_data_messages),
    "valid_date": (_valid_date_check, _valid_date_messages),
    "known_reference": (_known_reference_check, _known_reference_messages),
    "known_recommendation": (_known_recommendation_check, _known_recommendation_messages),
    "known_kpi_id": (_known_kpi_check, _known_kpi_messages),
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


"""Validating one delivered table: header mapping, cell parsing, the pandera schema and the
source rules. Every finding becomes a :class:`Problem` with file, row and column."""

from __future__ import annotations

import difflib
from typing import Any, Callable

import pandas as pd
import pandera.pandas as pa

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import (
    ERROR,
    NUMERIC_TYPES,
    WARNING,
    ColumnSpec,
    SourceSpec,
    max_value_text,
    source_spec,
    year_range_or_default,
)
from levanalysis.formatting import join_and, looks_like_formula
from levanalysis.sources.local.cells import (
    PARSERS,
    CellContext,
    CellError,
    dtype_for,
    number_evidence,
    shorten,
)
from levanalysis.sources.local.problems import Problem, ProblemCap
from levanalysis.sources.local.reading import (
    Table,
    display_value,
    header_lookup,
    is_empty,
    norm_header,
)
from levanalysis.sources.local.rules import RULES, RuleContext, rows_text

# Checks carry an error key so that pandera's failure cases can be turned into Dutch text.
_K_ALLOWED = "lev:allowed"
_K_RANGE = "lev:range"
_K_NONNEG = "lev:non_negative"
_K_MAX = "lev:max_value"
_K_LIST = "lev:nonempty_list"
_K_RULE = "lev:rule:"


def build_schema(name: str, year_range: tuple[int, int] | None = None) -> pa.DataFrameSchema:
    """The pandera schema that a clean frame of source ``name`` satisfies.

    Columns carry the dtypes of :func:`load_source`'s output (municipalities as CBS codes,
    counts ``Int64``, amounts ``Float64``); the key columns are unique; error-level source
    rules are frame checks. Warning-level rules are not part of the schema.
    """
    spec = source_spec(name)
    region = _region.load_region()
    lo, hi = year_range_or_default(year_range)
    columns = {}
    for c in spec.columns:
        checks = []
        if c.type == "municipality":
            codes = list(region.codes) + [r.absorbed_code for r in region.reorganisations]
            checks.append(pa.Check.isin(codes, error=_K_ALLOWED))
        elif c.type == "uwv_region":
            checks.append(pa.Check.isin(list(region.uwv_regions), error=_K_ALLOWED))
        elif c.type == "choice":
            checks.append(pa.Check.isin(list(c.allowed), error=_K_ALLOWED))
        elif c.type in ("year", "school_year"):
            checks.append(pa.Check.in_range(lo, hi, error=_K_RANGE))
        elif c.type == "month":
            checks.append(pa.Check.in_range(1, 12, error=_K_RANGE))
        elif c.type == "quarter":
            checks.append(pa.Check.in_range(1, 4, error=_K_RANGE))
        elif c.type in NUMERIC_TYPES:
            checks.append(pa.Check.ge(0, error=_K_NONNEG))
            if c.max_value is not None:
                checks.append(pa.Check.le(c.max_value, error=_K_MAX))
        elif c.type == "list":
            checks.append(
                pa.Check(lambda s: s.map(lambda v: isinstance(v, list) and len(v) > 0), error=_K_LIST)
            )
        columns[c.name] = pa.Column(dtype_for(c.type), checks=checks, nullable=not c.required)
    frame_checks = []
    for rule in spec.rules:
        if rule.level != ERROR:
            continue
        check_fn = RULES[rule.id][0]
        rctx = RuleContext(spec=spec, region=region, fname="", level=rule.level)
        frame_checks.append(pa.Check(lambda df, f=check_fn, r=rctx: f(df, r), error=_K_RULE + rule.id))
    return pa.DataFrameSchema(
        columns,
        checks=frame_checks,
        unique=list(spec.key),
        report_duplicates="all",
        strict=True,
        ordered=False,
    )


# --------------------------------------------------------------------------------------------
# Validation of one table
# --------------------------------------------------------------------------------------------


def _value_text(col: ColumnSpec, value: Any, region: _region.Region) -> str:
    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return "(leeg)"
    if col.type == "municipality":
        try:
            return _region.municipality_name(value, region=region)
        except ValueError:
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def validate_table(
    table: Table, spec: SourceSpec, fname: str, year_range: tuple[int, int], region: _region.Region
) -> tuple[pd.DataFrame | None, list[Problem], int]:
    problems: list[Problem] = list(table.notes)
    cap = ProblemCap(fname)
    lookup = header_lookup(spec)

    if table.skipped_above:
        problems.append(
            Problem(
                fname,
                f"{rows_text(table.skipped_above)} boven de kolomkoppen (rij {table.header_row}) "
                f"{'is' if len(table.skipped_above) == 1 else 'zijn'} overgeslagen.",
                level=WARNING,
            )
        )

    # Map header cells to columns.
    position: dict[str, int] = {}
    for i, h in enumerate(table.header):
        norm = norm_header(h)
        has_data = any(i < len(cells) and not is_empty(cells[i]) for _, cells in table.rows)
        if not norm:
            if has_data:
                problems.append(
                    Problem(fname, f"kolom {i + 1} heeft geen kop en wordt genegeerd.", row=table.header_row, level=WARNING)
                )
            continue
        name = lookup.get(norm)
        if name is None:
            hint = difflib.get_close_matches(norm, list(lookup), n=1, cutoff=0.75)
            extra = f" Bedoelt u '{lookup[hint[0]]}'?" if hint else ""
            problems.append(
                Problem(
                    fname,
                    f"onbekende kolom '{display_value(h)}' wordt genegeerd.{extra}",
                    row=table.header_row,
                    level=WARNING,
                )
            )
            continue
        if name in position:
            problems.append(
                Problem(
                    fname,
                    f"kolom '{name}' komt twee keer voor (kolom {position[name] + 1} en {i + 1}).",
                    row=table.header_row,
                )
            )
            continue
        position[name] = i
    for c in spec.columns:
        if c.required and c.name not in position:
            problems.append(Problem(fname, f"verplichte kolom '{c.name}' ontbreekt.", row=table.header_row))

    # Rows with more values than the header has columns usually mean a decimal comma in a
    # comma-separated file; the values can then not be assigned to columns reliably.
    width = len(table.header)
    rows: list[tuple[int, list[Any]]] = []
    for n, cells in table.rows:
        extra = [c for c in cells[width:] if not is_empty(c)]
        if extra:
            hint = (
                " Staat er een komma in een getal? Gebruik dan ; als scheidingsteken of zet het getal tussen aanhalingstekens."
                if table.separator == ","
                else ""
            )
            cap.add(
                problems,
                Problem(
                    fname,
                    f"deze rij heeft meer waarden ({width + len(cells[width:])}) dan er kolommen zijn ({width}).{hint}",
                    row=n,
                ),
            )
            continue
        rows.append((n, cells))
    if not rows and not table.rows:
        problems.append(Problem(fname, "het bestand bevat alleen kolomkoppen en geen gegevens.", level=WARNING))

    def cell(cells: list[Any], name: str) -> Any:
        i = position.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    # Decimal convention for the whole file: the majority of the values that prove one.
    votes = {",": 0, ".": 0}
    for c in spec.columns:
        if c.type in NUMERIC_TYPES and c.name in position:
            for _, cells in rows:
                v = cell(cells, c.name)
                if isinstance(v, str):
                    ev = number_evidence(v, c.max_value)
                    if ev:
                        votes[ev] += 1
    default = "." if table.separator == "," else ","
    decimal = default if votes[","] == votes["."] else max(votes, key=votes.get)

    index = [n for n, _ in rows]
    bad_cells: set[tuple[int, str]] = set()
    data: dict[str, list[Any]] = {}
    for c in spec.columns:
        ctx = CellContext(col=c, decimal=decimal, region=region)
        parser = PARSERS[c.type]
        values: list[Any] = []
        for n, cells in rows:
            raw = cell(cells, c.name)
            if c.name not in position:
                values.append(None)
                if c.required:
                    bad_cells.add((n, c.name))  # reported once, as a missing column
                continue
            if is_empty(raw):
                values.append(None)
                continue
            try:
                parsed = parser(raw, ctx)
            except CellError as exc:
                cap.add(problems, Problem(fname, exc.detail, row=n, column=c.name, value=display_value(raw)))
                bad_cells.add((n, c.name))
                values.append(None)
                continue
            if isinstance(parsed, tuple):  # (value, note): read with a correction
                parsed, note = parsed
                cap.add(problems, Problem(fname, note, row=n, column=c.name, value=display_value(raw), level=WARNING))
            if c.type == "list" and not parsed:
                parsed = None
            if c.type in ("text", "list"):
                formula = _formula_warning(parsed, fname, n, c.name)
                if formula is not None:
                    cap.add(problems, formula)
            values.append(parsed)
        if c.type == "list":
            data[c.name] = pd.Series(values, index=index, dtype=object)
        else:
            data[c.name] = pd.Series(values, index=index, dtype=dtype_for(c.type))
    frame = pd.DataFrame(data, index=pd.Index(index, dtype="int64", name="rij"))

    # The value as delivered, for messages about a cell (looked up only for the few that fail).
    cells_by_row = dict(rows)

    def raw_text(row: int, name: str) -> str | None:
        raw = cell(cells_by_row[row], name) if row in cells_by_row else None
        return None if is_empty(raw) else display_value(raw)

    for problem in _schema_problems(frame, spec, fname, year_range, region, bad_cells, raw_text):
        cap.add(problems, problem)

    # Warning-level rules run outside the schema: a clean frame may carry warnings.
    for rule in spec.rules:
        if rule.level != WARNING:
            continue
        check_fn, msg_fn = RULES[rule.id]
        rctx = RuleContext(spec=spec, region=region, fname=fname, level=WARNING)
        ok = check_fn(frame, rctx)
        failing = [int(r) for r in frame.index[~ok]]
        if failing:
            for problem in msg_fn(frame, failing, rctx):
                cap.add(problems, problem)
    problems.extend(cap.summary())

    # File-level findings first, then by row, and within a row in column order.
    order = {name: i for i, name in enumerate(spec.column_names)}
    problems.sort(key=lambda p: (p.row is not None, p.row or 0, order.get(p.column or "", -1)))
    if any(p.level == ERROR for p in problems):
        return None, problems, len(rows)
    clean = frame.reset_index(drop=True)
    clean.attrs["rows"] = [int(r) for r in frame.index]  # spreadsheet rows, for checks across files
    return clean, problems, len(rows)


def _formula_warning(parsed: Any, fname: str, row: int, column: str) -> Problem | None:
    """A warning for free text that a spreadsheet would run as a formula (=, +, -, @)."""
    texts = parsed if isinstance(parsed, list) else [parsed]
    text = next((t for t in texts if looks_like_formula(t)), None)
    if text is None:
        return None
    return Problem(
        fname,
        f"'{shorten(text)}' begint met '{text.lstrip()[:1]}' en lijkt op een spreadsheetformule. Het boek "
        "toont het als gewone tekst, en in downloads (CSV, Excel) komt er een ' voor zodat het niet als "
        "formule wordt uitgevoerd. Controleer of dit de bedoelde tekst is.",
        row=row,
        column=column,
        value=text,
        level=WARNING,
    )


def _max_value_detail(col: ColumnSpec, shown: str, value: Any) -> str:
    read = _value_text(col, value, _region.load_region())
    detail = f"{shown} is niet aannemelijk: een {col.name} is nooit groter dan {max_value_text(col)}."
    if read != shown:
        detail = (
            f"'{shown}' is gelezen als {read}, maar een {col.name} is nooit groter dan {max_value_text(col)}. "
            f"Is de {'punt' if '.' in shown else 'komma'} hier een decimaalteken? Gebruik in het hele bestand "
            "één schrijfwijze voor decimalen (overal een komma of overal een punt)."
        )
    return detail


def _schema_problems(
    frame: pd.DataFrame,
    spec: SourceSpec,
    fname: str,
    year_range: tuple[int, int],
    region: _region.Region,
    bad_cells: set[tuple[int, str]],
    raw_text: Callable[[int, str], str | None],
) -> list[Problem]:
    schema = build_schema(spec.name, year_range)
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    except pa.errors.SchemaError as exc:  # pragma: no cover - lazy=True collects errors
        fc = exc.failure_cases if exc.failure_cases is not None else pd.DataFrame()
    lo, hi = year_range
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    duplicate_rows: set[int] = set()
    rule_rows: dict[str, set[int]] = {}

    # Column by column, not as one dict per failure: a file with an empty cell in every row
    # has as many failures as cells.
    def values(name: str) -> Any:
        return fc[name] if name in fc.columns else [None] * len(fc)

    for check, col, idx in zip(values("check"), values("column"), values("index")):
        check = str(check)
        row = int(idx) if idx is not None and not pd.isna(idx) else None
        if check == "multiple_fields_uniqueness" or check.startswith("field_uniqueness"):
            if row is not None:
                duplicate_rows.add(row)
            continue
        if check.startswith(_K_RULE):
            if row is not None:
                rule_rows.setdefault(check[len(_K_RULE) :], set()).add(row)
            continue
        if row is None or col is None or (row, col) in bad_cells:
            continue
        key = (row, col, check)
        if key in seen:
            continue
        seen.add(key)
        cspec = spec.column(col)
        shown = raw_text(row, col)
        if shown is None:
            shown = _value_text(cspec, frame.at[row, col], region)
        if check == "not_nullable":
            detail = "waarde ontbreekt; deze kolom is verplicht."
        elif check == _K_RANGE:
            if cspec.type in ("year", "school_year"):
                detail = f"{shown} ligt buiten de toegestane jaren {lo}-{hi}."
            elif cspec.type == "month":
                detail = f"{shown} is geen maand; gebruik 1 tot en met 12."
            else:
                detail = f"{shown} is geen kwartaal; gebruik 1 tot en met 4."
        elif check == _K_NONNEG:
            detail = f"{shown} is negatief; deze waarde moet 0 of meer zijn."
        elif check == _K_MAX:
            detail = _max_value_detail(cspec, shown, frame.at[row, col])
        elif check == _K_ALLOWED:
            detail = f"'{shown}' is geen toegestane waarde."
        elif check == _K_LIST:
            detail = "vul minstens één waarde in."
        else:  # pragma: no cover - a check added to the schema without a Dutch message
            detail = f"voldoet niet aan de controle '{check}'."
        problems.append(Problem(fname, detail, row=row, column=col, value=shown))

    # A cell that could not be read is empty in the frame; a rule would misread that
    # (an unreadable month looks like a year total), and the cell is reported already.
    rows_with_bad_cells = {r for r, _ in bad_cells}
    for rule_id, rows in rule_rows.items():
        rows = sorted(rows - rows_with_bad_cells)
        if rows:
            rctx = RuleContext(spec=spec, region=region, fname=fname, level=ERROR)
            problems.extend(RULES[rule_id][1](frame, rows, rctx))

    if duplicate_rows:
        key = list(spec.key)
        # A key cell that could not be read is empty, and empty cells would match each other.
        dup_rows = [r for r in duplicate_rows if not any((r, k) in bad_cells for k in key)]
        sub = frame.loc[sorted(dup_rows), key]
        if not sub.empty:
            for _, grp in sub.groupby(key, dropna=False, sort=False):
                rows_sorted = sorted(int(r) for r in grp.index)
                first = rows_sorted[0]
                values = ", ".join(_value_text(spec.column(k), frame.at[first, k], region) for k in key)
                names = join_and(key)
                for r in rows_sorted[1:]:
                    problems.append(
                        Problem(
                            fname,
                            f"dubbele rij: dezelfde {names} ({values}) staat ook in rij {first}.",
                            row=r,
                        )
                    )
    return problems



"""The annual-report table per spearhead and its Excel file. Expected values by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace

import openpyxl
import pandas as pd

from levanalysis.analysis.annual_report import annual_report
from levanalysis.book.annual_report_files import write_annual_report_xlsx
from levanalysis.cli import main
from levanalysis.definitions.plan import load_plan


def result(spearhead="vte", rule_type="annual_growth", **kw):
    values = {"kpi_id": "k", "spearhead": spearhead, "indicator": "Bezoekers", "unit": "bezoekers", "decimals": 0,
              "rule_type": rule_type, "target": "5% per jaar", "status": "op koers", "sources": "Website beheerder"}
    return SimpleNamespace(**{**values, **kw})


def test_columns_follow_the_councils_shape():
    report = annual_report(load_plan(), [], 2023)
    assert list(report["Vrijetijdseconomie"].columns) == [
        "Indicator", "Nulmeting (2023)", "Streefwaarde", "Realisatie 2024", "Realisatie 2025", "Realisatie 2026",
        "Status", "Bron"]


def test_a_kpi_row_has_its_baseline_and_the_figures_per_plan_year():
    data = SimpleNamespace(region=pd.Series({2022: 90.0, 2023: 100.4, 2024: 105.6}))
    (row,) = annual_report(load_plan(), [(data, result())], 2023)["Vrijetijdseconomie"].to_dict("records")
    assert (row["Indicator"], row["Nulmeting (2023)"], row["Realisatie 2024"]) == ("Bezoekers (bezoekers)", 100.0, 106.0)
    assert math.isnan(row["Realisatie 2025"]) and row["Status"] == "op koers"


def test_a_count_has_no_baseline():
    data = SimpleNamespace(region=pd.Series({2023: 4.0, 2024: 1.0}))
    (row,) = annual_report(load_plan(), [(data, result("maakindustrie", "count_in_period"))], 2023)["Maakindustrie"].to_dict("records")
    assert math.isnan(row["Nulmeting (2023)"]) and row["Realisatie 2024"] == 1.0


def test_agreed_targets_replace_the_pending_row():
    pending = result("logistiek", None, indicator="-", status="nog geen streefwaarde")
    target = result("logistiek", "lv_target", indicator="Themabijeenkomsten", unit="themabijeenkomsten")
    plain = annual_report(load_plan(), [(None, pending)], 2023)["Logistiek"]
    agreed = annual_report(load_plan(), [(None, pending)], 2023, {"logistiek": [(target, pd.Series({2024: 4.0}))]})["Logistiek"]
    assert plain["Status"].tolist() == ["nog geen streefwaarde"]
    assert agreed["Indicator"].tolist() == ["Themabijeenkomsten (themabijeenkomsten)"]


def test_workbook_has_a_sheet_per_spearhead_and_marks_example_figures(tmp_path):
    report = {"Logistiek": pd.DataFrame({"Indicator": ["=SOM(A1)"], "Status": ["x"]})}
    path = write_annual_report_xlsx(report, tmp_path / "jv.xlsx", example=True)
    sheet = openpyxl.load_workbook(path)["Logistiek"]
    assert [c.value for c in sheet[1]] == ["let_op", "Indicator", "Status"]
    assert sheet["B2"].value == "'=SOM(A1)"  # never a formula


def test_scorecard_xlsx_writes_the_workbook(tmp_path, capsys):
    target = tmp_path / "uit" / "jaarverslag.xlsx"
    assert main(["scorecard", "--format", "xlsx", "--output", str(target)]) == 0
    assert openpyxl.load_workbook(target).sheetnames == ["Vrijetijdseconomie", "Logistiek", "Maakindustrie"]
    assert f"Geschreven: {target}" in capsys.readouterr().out

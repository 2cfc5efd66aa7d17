"""Downloads in the formats people use: CSV for Dutch Excel, and Excel workbooks."""

import pandas as pd
from openpyxl import load_workbook

from levanalysis.book.downloads import dutch_csv, neutralise, write_download, write_workbook


def test_csv_is_for_dutch_excel_semicolons_decimal_comma_and_bom():
    data = dutch_csv(pd.DataFrame({"Jaar": [2023], "Index": [100243.16109422492]}), {"Index": 1})
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Jaar;Index\r\n2023;100243,2\r\n"


def test_example_figures_say_so_in_every_row():
    text = dutch_csv(pd.DataFrame({"a": [1, 2]}), example=True).decode("utf-8-sig")
    assert text.splitlines() == ["let_op;a", "voorbeeldcijfers, geen echte gegevens;1",
                                 "voorbeeldcijfers, geen echte gegevens;2"]


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    text = dutch_csv(pd.DataFrame({"naam": ['=HYPERLINK("http://evil.example")', "@SUM(A1)", "gewoon"]})).decode("utf-8-sig")
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://evil.example"")"', "'@SUM(A1)", "gewoon"]
    assert neutralise(-3) == -3  # a negative number stays a number


def test_missing_values_are_empty_cells():
    assert dutch_csv(pd.DataFrame({"a": [float("nan")], "b": ["x"]})).decode("utf-8-sig").splitlines()[1] == ";x"


def test_downloads_are_written_and_linked(tmp_path):
    link = write_download(pd.DataFrame({"jaar": [2023]}), tmp_path / "downloads", "vte-banen")
    assert (tmp_path / "downloads" / "vte-banen.csv").is_file()
    assert link == "{download}`Download de cijfers (CSV) <downloads/vte-banen.csv>`"


def test_no_downloads_dir_means_no_link():
    assert write_download(pd.DataFrame({"a": [1]}), None, "x") == ""


def test_workbook_cells_never_become_formulas(tmp_path):
    write_workbook({"blad": pd.DataFrame({"naam": ["=1+1"]})}, tmp_path, "w", label="Download")
    cell = load_workbook(tmp_path / "w.xlsx")["blad"]["A2"]
    assert cell.value == "'=1+1" and cell.data_type == "s"

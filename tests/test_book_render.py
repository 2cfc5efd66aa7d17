"""The book's one template environment and its table helper."""

import math

import pandas as pd
import pytest
from jinja2 import UndefinedError

from levanalysis.book import tables
from levanalysis.book.render import render, render_text


def test_html_templates_escape_values():
    html = render("paragraphs.html.j2", paragraphs=["<script>alert(1)</script>"], css_class="")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_missing_template_value_is_an_error_not_empty_text():
    with pytest.raises(UndefinedError):
        render("paragraphs.html.j2", paragraphs=["x"])


def test_myst_templates_are_not_html_escaped():
    # The download role needs its angle brackets; only project-controlled names reach it.
    assert render("download.md.j2", label="Download", path="downloads/x.csv") == "{download}`Download <downloads/x.csv>`"


def test_text_placeholders_are_filled_by_the_same_engine():
    assert render_text("# {{ title }}", title="Logistiek & meer") == "# Logistiek & meer"


def test_table_cells_carry_their_column_and_dutch_formats():
    frame = pd.DataFrame({"Gemeente": ["Duiven"], "Banen": [1234.0], "Groei": [0.0526]})
    context = tables.table(frame, "Banen", {"Groei": tables.percent(1, signed=True)})
    assert tables.cell_texts(context) == [["Duiven", "1.234", "+5,3%"]]
    assert [cell["label"] for cell in context["rows"][0]] == ["Gemeente", "Banen", "Groei"]
    assert [c["numeric"] for c in context["columns"]] == [False, True, True]


def test_a_missing_value_says_geen_data_in_any_column():
    frame = pd.DataFrame({"a": [None], "b": [math.nan], "c": [pd.NA]}).astype({"c": "Float64"})
    assert tables.cell_texts(tables.table(frame)) == [["geen data", "geen data", "geen data"]]


def test_rendered_tables_label_every_cell_and_escape_text():
    html = tables.table_html(pd.DataFrame({"Naam": ["<b>vet</b>"], "Aantal": [3]}), "Bijschrift")
    assert '<td data-label="Naam">&lt;b&gt;vet&lt;/b&gt;</td>' in html
    assert '<td data-label="Aantal" class="num">3</td>' in html
    assert "<caption" in html and 'tabindex="0"' in html


def test_an_empty_frame_renders_nothing():
    assert tables.table_html(pd.DataFrame({"a": []})) == ""

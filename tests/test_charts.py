import pandas as pd
import pytest

from levanalysis.book.charts import (
    bar_chart,
    describe_series_for_alt,
    dutch_formatter,
    figure_html,
    line_chart,
)


def _series():
    return {"Liemers": pd.Series([100.0, 104.0], index=[2023, 2024]), "Nederland": pd.Series([100.0, 102.5], index=[2023, 2024])}


def test_figure_html_carries_alt_text_and_source_line():
    html = figure_html(line_chart(_series(), title="t", y_label="index"), alt="Lijn & index", source="CBS 83582NED")
    assert 'alt="Lijn &amp; index"' in html
    assert "Bron: CBS 83582NED" in html
    assert html.startswith('<figure class="lev-figure"><img src="data:image/png;base64,')


def test_a_figure_without_alt_text_is_refused():
    with pytest.raises(ValueError, match="alt"):
        figure_html(line_chart(_series(), title="t", y_label="y"), alt=" ", source="CBS")


def test_a_figure_without_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        figure_html(bar_chart(pd.Series({"C": 1.6}), title="t", x_label="x"), alt="a", source="")


def test_the_same_chart_renders_to_the_same_bytes():
    first = figure_html(line_chart(_series(), title="t", y_label="y", baseline_year=2023), alt="a", source="s")
    second = figure_html(line_chart(_series(), title="t", y_label="y", baseline_year=2023), alt="a", source="s")
    assert first == second


def test_axis_numbers_are_dutch():
    assert dutch_formatter(1)(1234.5, None) == "1.234,5"


def test_alt_text_names_first_and_last_value_of_each_series():
    text = describe_series_for_alt(_series(), unit="(index)", decimals=1)
    assert text == "Liemers: 100,0 in 2023 en 104,0 in 2024 (index); Nederland: 100,0 in 2023 en 102,5 in 2024 (index)."

"""Text alternatives: one sentence from the data a chart or map draws, gaps said, never 0."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from atlas.i18n import language
from components import chart_bars, chart_series
from components.describe import (
    count_summary,
    figure_summary,
    map_summary,
    plain_table,
    plain_text,
)


def _ranking() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["a", "b", "c", "d"],
            "name": ["Geneva", "Paris", "Lódź <b>", "Nowhere"],
            "value": [12.0, 10.0, 3.5, None],
        }
    )


def test_ranked_bar_summary_names_title_leaders_range_and_gaps():
    fig = chart_bars.ranked_bar(
        _ranking(), "value", "name", "Hubs hosted", "hubs", "2025", "Source: Atlas"
    )
    text = figure_summary(fig)
    assert text.startswith("Bar chart, Hubs hosted (hubs, 2025")
    assert "3 bars" in text
    # leaders in drawn order (best first), the escaped name read back as typed
    assert text.index("Geneva") < text.index("Paris") < text.index("Lódź <b>")
    assert "values run from 3.5 to 12" in text
    assert text.endswith("1 left out for lack of data.")


def test_summary_follows_the_data():
    small = _ranking().assign(value=[2.0, 1.0, None, None])
    text = figure_summary(
        chart_bars.ranked_bar(small, "value", "name", "Hubs hosted", "hubs", "2025", "Source: A")
    )
    assert "2 bars" in text and "values run from 1 to 2" in text
    assert text.endswith("2 left out for lack of data.")


def test_lines_are_read_by_series_and_span():
    long = pd.DataFrame(
        {
            "city_id": ["a", "a", "b", "b"],
            "name": ["Geneva", "Geneva", "Paris", "Paris"],
            "year": [2019, 2023, 2019, 2023],
            "value": [5.0, 7.0, 1.0, 9.0],
        }
    )
    fig = chart_series.time_series(long, title="Patents", unit="count", source_line="Source: WIPO")
    text = figure_summary(fig)
    assert text.startswith("Line chart, Patents")
    assert "2 series (Geneva, Paris)" in text
    assert "from 2019 to 2023" in text
    assert "values run from 1 to 9" in text


def test_an_empty_figure_says_so():
    fig = go.Figure(layout={"title": {"text": "Nothing"}})
    assert figure_summary(fig) == "Chart, Nothing: no data to show for this selection."


def test_plain_text_drops_plotly_markup():
    assert plain_text("<b>Tokyo</b> &amp; Yokohama<br><sup>GII</sup>") == "Tokyo & Yokohama GII"


def test_map_summary_leaders_range_and_no_data():
    text = map_summary(
        "cities",
        ["Geneva", "Paris", "Oslo", "Rome"],
        [12, 10, None, 0],
        measure="Hubs hosted",
        unit="hubs",
    )
    assert text == (
        "Map of 4 cities sized and coloured by Hubs hosted: most Geneva (12), "
        "Paris (10), Rome (0); values run from 0 to 12 (hubs); 1 has no data (grey)."
    )


def test_map_summary_for_ranks_leads_with_rank_one():
    text = map_summary(
        "cities",
        ["A", "B", "C"],
        [3, 1, 2],
        measure="GII rank",
        unit="rank",
        higher_is_better=False,
    )
    assert "best ranked B (1), C (2), A (3)" in text


def test_map_summary_without_any_value():
    assert map_summary("cities", ["A"], [None], measure="X").endswith("none has data for it.")


def test_count_summary_largest_first():
    text = count_summary("type", {"city office": 2, "agency": 5}, total_noun="hubs")
    assert text == "Map of 7 hubs by type: agency 5, city office 2."


def test_plain_table_labels_hides_formats_and_caps():
    table = pd.DataFrame(
        {
            "name": ["Geneva", "Paris", "Oslo"],
            "value": [1234.0, None, 0.5],
            "year": [2019, 2020, 2021],
            "source_id": ["s1", "s2", "s3"],
        }
    )
    shown, note = plain_table(
        table,
        labels={"value": {"label": "Hubs (count)"}, "name": "City", "source_id": None},
    )
    assert list(shown.columns) == ["City", "Hubs (count)", "year"]
    assert shown["Hubs (count)"].tolist() == ["1,234", "no data", "0.5"]
    assert shown["year"].tolist() == ["2019", "2020", "2021"]
    assert note is None
    capped, note = plain_table(table, columns=["name"], limit=2)
    assert capped["name"].tolist() == ["Geneva", "Paris"]
    assert note == "The first 2 of 3 rows; the Table tab and the download have all."


def test_rank_dots_read_names_from_the_label_axis():
    ranks = pd.DataFrame(
        {"city_id": ["a", "b"], "name": ["Tokyo", "Seoul"], "rank": [1, 4], "year": [2024, 2024]}
    )
    fig = chart_bars.rank_dots(ranks, "rank", "name", "GII rank", "2024", "Source: WIPO")
    text = figure_summary(fig)
    assert text.startswith("Dot chart, GII rank (rank, 2024): 2 points")
    assert "Tokyo (1)" in text and "Seoul (4)" in text


def test_map_summary_in_french_groups_digits_and_agrees_in_number():
    with language("fr"):
        text = map_summary(
            "cities",
            ["Genève", "Paris", "Oslo"],
            [1200, 10, None],
            measure="Hubs accueillis",
            unit="hubs",
        )
        one = map_summary("cities", ["A"], [None], measure="X")
    assert text == (
        "Carte de 3 villes, taille et couleur selon Hubs accueillis\u00a0: valeurs les plus "
        "hautes\u00a0: Genève (1\u202f200), Paris (10)\u00a0; les valeurs vont de 10 à "
        "1\u202f200 (hubs)\u00a0; 1 n'a pas de données (gris)."
    )
    assert one == "Carte de 1 ville, taille et couleur selon X\u00a0: aucune n'a de données."


def test_plain_table_and_count_summary_in_catalan():
    table = pd.DataFrame({"name": ["Girona", "Lleida", "Reus"], "value": [1235.6, None, True]})
    with language("ca"):
        shown, note = plain_table(table, limit=2)
        counts = count_summary("tipus", {"oficina": 1200, "centre": 3}, total_noun="hubs")
    assert shown["value"].tolist() == ["1.236", "sense dades"]
    assert note == ("Les primeres 2 de 3 files; la pestanya Taula i la baixada les contenen totes.")
    assert counts == "Mapa de 1.203 hubs per tipus: oficina 1.200, centre 3."


def test_figure_summary_in_spanish():
    fig = go.Figure(
        go.Bar(x=["Ginebra", "París", "Berlín"], y=[12000.0, 10.0, 9.0]),
        layout={"title": {"text": "Hubs acogidos"}, "meta": {"n_missing": 1}},
    )
    with language("es"):
        text = figure_summary(fig)
        empty = figure_summary(go.Figure(layout={"title": {"text": "Nada"}}))
    assert text == (
        "Gráfico de barras, Hubs acogidos: 3 barras; primero Ginebra (12.000), París (10), "
        "Berlín (9); los valores van de 9 a 12.000. 1 omitido por falta de datos."
    )
    assert empty == "Gráfico, Nada: no hay datos que mostrar para esta selección."

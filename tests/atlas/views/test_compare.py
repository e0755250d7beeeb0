"""The Compare page's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.views.compare import (
    BEST_MARK,
    GROUP_LABELS,
    city_names,
    comparison,
    missing_texts,
    radar_rows,
    series_rows,
    side_by_side,
    tidy_table,
)

IDS = ("geneva-ch", "lyon-fr")


def test_side_by_side_marks_the_best_value_with_text(small_atlas):
    names = city_names(small_atlas, IDS)
    assert names == {"geneva-ch": "Geneva", "lyon-fr": "Lyon"}
    long = comparison(small_atlas, IDS, None)
    wide = side_by_side(long, names, missing_texts(small_atlas, long))
    gii = wide.loc[
        wide["Indicator"] == long.loc[long["indicator_id"] == "gii_cluster_rank", "label"].iloc[0]
    ]
    assert gii["Geneva"].iloc[0] == f"{BEST_MARK}25"
    assert gii["Best"].iloc[0] == "Geneva"
    assert {"Geneva · year", "Lyon · source", "Reads"} <= set(wide.columns)
    tidy = tidy_table(small_atlas, long, names)
    assert len(tidy) == len(long) and "source_id" in tidy.columns


def test_radar_rows_name_the_axes_and_keep_the_sources(small_atlas):
    names = city_names(small_atlas, IDS)
    scores, table = radar_rows(small_atlas, IDS, names, None)
    assert set(scores["axis"].dropna()) <= set(GROUP_LABELS.values())
    assert set(table["City"]) <= set(names.values())
    assert "source_id" in table.columns


def test_series_rows_hold_indicators_with_several_editions(small_atlas):
    names = city_names(small_atlas, IDS)
    rows, table, ranks = series_rows(small_atlas, IDS, names, None)
    if rows.empty:
        assert table.empty and ranks == []
    else:
        assert len(table) == len(rows)
        assert set(ranks) <= set(rows["indicator"])

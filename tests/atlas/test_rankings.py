"""Rankings on hand-made frames whose right answer can be checked by eye."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas.rankings import (
    LATEST,
    RANKING_COLUMNS,
    available_years,
    choose_edition,
    fold_text,
    geo_label,
    rank_indicator,
    search_mask,
)


def make_cities() -> pd.DataFrame:
    rows = [
        # city_id, name, country, region, population
        ("a-es", "A", "ES", "Europe", 1_000_000),
        ("b-fr", "B", "FR", "Europe", 2_000_000),
        ("c-fr", "C", "FR", "Europe", 500_000),
        ("d-jp", "D", "JP", "Asia", None),
        ("e-jp", "E", "JP", "Asia", 4_000_000),
        ("f-us", "F", "US", "North America", 8_000_000),
    ]
    frame = pd.DataFrame(rows, columns=["city_id", "name", "country", "region", "population"])
    frame["population"] = frame["population"].astype("Int64")
    frame["source_id"] = "geonames"
    frame["note"] = pd.NA
    return frame


def make_values(rows: list[tuple[str, str, int, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["city_id", "indicator_id", "year", "value"])
    frame["value"] = frame["value"].astype("float64")
    frame["source_id"] = "src"
    frame["unit_name"] = pd.NA
    frame["basis"] = "published"
    frame["note"] = pd.NA
    return frame


HUBS = [
    ("a-es", "hubs", 2024, 10.0),
    ("b-fr", "hubs", 2024, 8.0),
    ("c-fr", "hubs", 2024, 8.0),
    ("d-jp", "hubs", 2024, 5.0),
    ("e-jp", "hubs", 2024, 1.0),
    # f-us has no value for hubs
]


def ranks(result) -> dict[str, int]:
    return dict(zip(result.frame["city_id"], result.frame["rank"], strict=True))


def test_ties_share_the_min_rank():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs")
    assert list(result.frame["city_id"]) == ["a-es", "b-fr", "c-fr", "d-jp", "e-jp"]
    assert list(result.frame["rank"]) == [1, 2, 2, 4, 5]
    assert list(result.frame.columns) == RANKING_COLUMNS


def test_missing_values_are_counted_not_ranked():
    values = make_values([*HUBS, ("f-us", "hubs", 2024, None)])
    result = rank_indicator(values, make_cities(), "hubs")
    assert "f-us" not in set(result.frame["city_id"])
    assert result.missing_count == 1
    assert result.missing_city_ids == ("f-us",)
    assert result.ranked_count == 5
    assert (result.frame["value"] > 0).all()
    assert any("no data" in n for n in result.notes)


def test_zero_is_a_value_and_is_ranked():
    values = make_values([("a-es", "hubs", 2024, 0.0), ("b-fr", "hubs", 2024, 3.0)])
    result = rank_indicator(values, make_cities(), "hubs")
    assert ranks(result) == {"b-fr": 1, "a-es": 2}


def test_lower_is_better_reproduces_published_order():
    published = [
        ("f-us", "gii_cluster_rank", 2024, 6.0),
        ("e-jp", "gii_cluster_rank", 2024, 1.0),
        ("b-fr", "gii_cluster_rank", 2024, 12.0),
        ("a-es", "gii_cluster_rank", 2024, 6.0),
        ("c-fr", "gii_cluster_rank", 2024, 73.0),
    ]
    result = rank_indicator(
        make_values(published), make_cities(), "gii_cluster_rank", higher_is_better=False
    )
    assert list(result.frame["value"]) == [1.0, 6.0, 6.0, 12.0, 73.0]
    assert list(result.frame["rank"]) == [1, 2, 2, 4, 5]
    assert list(result.frame["city_id"][:3]) == ["e-jp", "a-es", "f-us"]


def test_per_million_divides_by_population_and_counts_dropped():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", per_million=True)
    got = dict(zip(result.frame["city_id"], result.frame["value"], strict=True))
    assert got == pytest.approx({"a-es": 10.0, "b-fr": 4.0, "c-fr": 16.0, "e-jp": 0.25})
    assert ranks(result) == {"c-fr": 1, "a-es": 2, "b-fr": 3, "e-jp": 4}
    assert result.no_population_city_ids == ("d-jp",)
    assert result.no_population_count == 1
    assert result.missing_city_ids == ("f-us",)
    assert any("population is unknown" in n for n in result.notes)


def test_absolute_ranking_keeps_cities_without_population():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", per_million=False)
    assert "d-jp" in set(result.frame["city_id"])
    assert result.no_population_count == 0


def test_region_filter_ranks_within_region_and_counts_missing_within_it():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", region=["Asia"])
    assert ranks(result) == {"d-jp": 1, "e-jp": 2}
    assert result.missing_count == 0  # f-us is outside the filter, not missing


def test_region_given_as_a_single_string():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", region="Asia")
    assert set(result.frame["city_id"]) == {"d-jp", "e-jp"}


def test_country_filter():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", country=["FR", "US"])
    assert ranks(result) == {"b-fr": 1, "c-fr": 1}
    assert result.missing_city_ids == ("f-us",)


def test_city_ids_filter_for_network_members():
    members = {"a-es", "e-jp", "f-us"}
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", city_ids=members)
    assert ranks(result) == {"a-es": 1, "e-jp": 2}
    assert result.missing_city_ids == ("f-us",)


def test_filters_combine():
    result = rank_indicator(
        make_values(HUBS), make_cities(), "hubs", region=["Europe"], city_ids=["a-es", "e-jp"]
    )
    assert ranks(result) == {"a-es": 1}


MULTI_YEAR = [
    ("a-es", "x", 2022, 1.0),
    ("b-fr", "x", 2022, 3.0),
    ("c-fr", "x", 2022, 2.0),
    ("a-es", "x", 2023, 5.0),
    ("b-fr", "x", 2023, 1.0),
    ("c-fr", "x", 2023, 3.0),
    ("e-jp", "x", 2023, 4.0),
    # 2024 has a NaN row only: not an available edition
    ("a-es", "x", 2024, None),
    ("a-es", "other", 2030, 1.0),
]


def test_available_years_ignore_missing_values_and_other_indicators():
    assert available_years(make_values(MULTI_YEAR), "x") == [2022, 2023]
    assert available_years(make_values(MULTI_YEAR), "nope") == []


def test_latest_year_is_the_default():
    result = rank_indicator(make_values(MULTI_YEAR), make_cities(), "x")
    assert result.year == 2023
    assert result.previous_year == 2022
    assert set(result.frame["year"]) == {2023}


def test_explicit_year():
    result = rank_indicator(make_values(MULTI_YEAR), make_cities(), "x", year=2022)
    assert ranks(result) == {"b-fr": 1, "c-fr": 2, "a-es": 3}
    assert result.previous_year is None
    assert result.frame["rank_change"].isna().all()


def test_rank_change_positive_when_moving_up_nan_when_new():
    result = rank_indicator(make_values(MULTI_YEAR), make_cities(), "x")
    # 2022: b 1, c 2, a 3.  2023: a 1, e 2, c 3, b 4.
    change = dict(zip(result.frame["city_id"], result.frame["rank_change"], strict=True))
    assert change["a-es"] == 2
    assert change["c-fr"] == -1
    assert change["b-fr"] == -3
    assert math.isnan(change["e-jp"])
    previous = dict(zip(result.frame["city_id"], result.frame["previous_rank"], strict=True))
    assert previous["a-es"] == 3


def test_rank_change_uses_the_same_filter_in_the_previous_year():
    result = rank_indicator(make_values(MULTI_YEAR), make_cities(), "x", country=["FR"])
    # Among FR only: 2022 b 1, c 2; 2023 c 1, b 2. Among all cities c went from 2 to 3
    # (a -1), so +1 proves the previous year was ranked within the same filter.
    change = dict(zip(result.frame["city_id"], result.frame["rank_change"], strict=True))
    assert change == {"c-fr": 1, "b-fr": -1}


def test_rank_change_lower_is_better():
    values = make_values(
        [
            ("a-es", "r", 2023, 10.0),
            ("b-fr", "r", 2023, 5.0),
            ("a-es", "r", 2024, 3.0),
            ("b-fr", "r", 2024, 4.0),
        ]
    )
    result = rank_indicator(values, make_cities(), "r", higher_is_better=False)
    change = dict(zip(result.frame["city_id"], result.frame["rank_change"], strict=True))
    assert change == {"a-es": 1, "b-fr": -1}


def test_unknown_indicator_gives_empty_ranking_with_everyone_missing():
    result = rank_indicator(make_values(HUBS), make_cities(), "nope")
    assert result.year is None
    assert result.frame.empty
    assert list(result.frame.columns) == RANKING_COLUMNS
    assert result.missing_count == 6


def test_values_of_unknown_cities_are_ignored():
    values = make_values([*HUBS, ("zz-zz", "hubs", 2024, 99.0)])
    result = rank_indicator(values, make_cities(), "hubs")
    assert "zz-zz" not in set(result.frame["city_id"])
    assert result.frame["rank"].iloc[0] == 1


def test_source_columns_come_from_values_not_cities():
    values = make_values(HUBS)
    values.loc[0, "note"] = "inferred from a press release"
    values.loc[0, "basis"] = "inferred"
    result = rank_indicator(values, make_cities(), "hubs")
    first = result.frame.iloc[0]
    assert first["source_id"] == "src"
    assert first["basis"] == "inferred"
    assert first["note"] == "inferred from a press release"


def test_inputs_are_not_modified():
    values, cities = make_values(MULTI_YEAR), make_cities()
    before_v, before_c = values.copy(), cities.copy()
    rank_indicator(values, cities, "x", per_million=True)
    pd.testing.assert_frame_equal(values, before_v)
    pd.testing.assert_frame_equal(cities, before_c)


# --------------------------------------------------------------------------------------------
# Published ranks: rank change between editions listing different cities
# --------------------------------------------------------------------------------------------

SPARSE_RANKS = [
    # 2023 lists five places; the Atlas holds four of them (rank 2 is a city it does not list)
    ("a-es", "r", 2023, 1.0),
    ("b-fr", "r", 2023, 3.0),
    ("c-fr", "r", 2023, 4.0),
    ("e-jp", "r", 2023, 8.0),
    # 2024 lists only the top three cities the Atlas holds, plus a new one at 6
    ("b-fr", "r", 2024, 1.0),
    ("a-es", "r", 2024, 2.0),
    ("e-jp", "r", 2024, 5.0),
    ("f-us", "r", 2024, 6.0),
]


def test_rank_change_of_published_ranks_uses_the_published_numbers():
    result = rank_indicator(
        make_values(SPARSE_RANKS), make_cities(), "r", higher_is_better=False, values_are_ranks=True
    )
    change = dict(zip(result.frame["city_id"], result.frame["rank_change"], strict=True))
    previous = dict(zip(result.frame["city_id"], result.frame["previous_rank"], strict=True))
    # e-jp went from published 8 to 5 (+3); by position among held cities it went 4 -> 3 (+1)
    assert change["e-jp"] == 3
    assert change["b-fr"] == 2
    assert change["a-es"] == -1
    assert math.isnan(change["f-us"])  # not listed in 2023: new, not "no change"
    assert previous["e-jp"] == 8


def test_rank_change_of_published_ranks_ignores_the_filter():
    # Within France only, b-fr is first in both years by position, but its published rank
    # moved from 3 to 1: the published change is what readers of the ranking expect.
    result = rank_indicator(
        make_values(SPARSE_RANKS),
        make_cities(),
        "r",
        higher_is_better=False,
        country=["FR"],
        values_are_ranks=True,
    )
    assert list(result.frame["city_id"]) == ["b-fr"]
    assert result.frame["rank"].iloc[0] == 1
    assert result.frame["rank_change"].iloc[0] == 2
    assert result.missing_city_ids == ("c-fr",)  # listed in 2023, absent from 2024


def test_published_ranks_keep_their_number_and_get_a_place():
    result = rank_indicator(
        make_values(SPARSE_RANKS), make_cities(), "r", higher_is_better=False, values_are_ranks=True
    )
    assert list(result.frame["value"]) == [1.0, 2.0, 5.0, 6.0]
    assert list(result.frame["rank"]) == [1, 2, 3, 4]


def test_tied_published_ranks_share_a_place():
    values = make_values(
        [("a-es", "r", 2020, 2.0), ("b-fr", "r", 2020, 2.0), ("c-fr", "r", 2020, 1.0)]
    )
    result = rank_indicator(
        values, make_cities(), "r", higher_is_better=False, values_are_ranks=True
    )
    assert ranks(result) == {"c-fr": 1, "a-es": 2, "b-fr": 2}


def test_per_million_keeps_the_absolute_value_and_population():
    result = rank_indicator(make_values(HUBS), make_cities(), "hubs", per_million=True)
    first = result.frame.iloc[0]
    assert first["city_id"] == "c-fr"
    assert first["raw_value"] == 8.0
    assert first["population"] == 500_000
    assert first["value"] == pytest.approx(16.0)


def test_missing_value_rows_and_absent_rows_are_both_missing_never_zero():
    values = make_values([*HUBS, ("f-us", "hubs", 2024, None)])
    result = rank_indicator(values, make_cities(), "hubs", region=["North America", "Asia"])
    assert ranks(result) == {"d-jp": 1, "e-jp": 2}
    assert result.missing_city_ids == ("f-us",)
    assert 0 not in set(result.frame["value"])


# --------------------------------------------------------------------------------------------
# Edition, search, geography
# --------------------------------------------------------------------------------------------


def test_choose_edition_latest_by_default():
    choice = choose_edition([2019, 2023, 2021], LATEST)
    assert choice.year == 2023
    assert choice.note is None


def test_choose_edition_explicit():
    assert choose_edition([2019, 2023], "2019").year == 2019
    assert choose_edition([2019, 2023], 2019).note is None


def test_choose_edition_unknown_falls_back_to_latest_with_a_note():
    choice = choose_edition([2019, 2023], "2020")
    assert choice.year == 2023
    assert "no 2020 edition" in choice.note and "2019, 2023" in choice.note


def test_choose_edition_follows_the_sidebar_year():
    choice = choose_edition([2019, 2021, 2023], LATEST, filter_year=2022)
    assert choice.year == 2021
    assert "up to the sidebar year 2022" in choice.note
    exact = choose_edition([2019, 2021, 2023], LATEST, filter_year=2021)
    assert exact.year == 2021 and "the year set in the sidebar" in exact.note


def test_choose_edition_sidebar_year_older_than_every_edition():
    choice = choose_edition([2019, 2023], LATEST, filter_year=2010)
    assert choice.year == 2019
    assert "oldest" in choice.note


def test_choose_edition_explicit_wins_over_sidebar_year_and_says_so():
    choice = choose_edition([2019, 2023], "2023", filter_year=2019)
    assert choice.year == 2023
    assert "sidebar year (2019)" in choice.note


def test_choose_edition_without_editions():
    assert choose_edition([], LATEST).year is None


def test_fold_text_ignores_accents_and_case():
    assert fold_text("São Paulo") == "sao paulo"
    assert fold_text("ZÜRICH") == "zurich"
    assert fold_text("Kraków") == "krakow"
    assert fold_text(None) == ""
    assert fold_text(pd.NA) == ""


def test_search_mask_accent_and_case_blind_every_word():
    frame = pd.DataFrame(
        {
            "name": ["São Paulo", "Zürich", "Paris", "Tokyo"],
            "country_name": ["Brazil", "Switzerland", "France", "Japan"],
        }
    )
    find = lambda q: list(frame.loc[search_mask(frame, q, ["name", "country_name"]), "name"])  # noqa: E731
    assert find("sao") == ["São Paulo"]
    assert find("ZURICH") == ["Zürich"]
    assert find("pa") == ["São Paulo", "Paris", "Tokyo"]  # Tokyo via "Japan"
    assert find("pa fra") == ["Paris"]
    assert find("japan") == ["Tokyo"]
    assert find("") == ["São Paulo", "Zürich", "Paris", "Tokyo"]
    assert find("(.*") == []  # a regex would match everything; plain text matches nothing


def test_geo_label():
    assert geo_label("GII cluster", "Tokyo–Yokohama") == "GII cluster: Tokyo–Yokohama"
    assert geo_label("city proper", pd.NA) == "city proper"
    assert geo_label(None, None) == "not stated"

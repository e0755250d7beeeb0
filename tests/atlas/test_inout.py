"""Inputs beside outputs: pairing, Spearman's rho, quadrants, outliers and the reading."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas import inout

CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["hubs", "rank", "share", "rd", "mine"],
        "label": ["Hubs hosted", "Cluster rank", "World share", "R&D spending", "My index"],
        "unit": ["hubs", "rank", "%", "USD", "score"],
        "group": ["diplomacy", "outputs", "outputs", "inputs", "outputs"],
        "higher_is_better": [True, False, True, True, True],
        "geo_unit": ["city proper", "GII cluster", "GII cluster", "city proper", "as given"],
        "value_type": ["count", "rank", "share", "amount", "score"],
        "origin": ["derived", "curated", "curated", "curated", "user"],
    }
).set_index("indicator_id", drop=False)

IDS = [f"c{i}-xx" for i in range(8)]
CITIES = pd.DataFrame(
    {
        "city_id": IDS,
        "name": [f"City {i}" for i in range(8)],
        "country_name": "Nowhere",
        "region": "Europe",
    }
).set_index("city_id", drop=False)


def _values(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["city_id", "indicator_id", "year", "value"])
    frame["source_id"] = "src-" + frame["indicator_id"]
    frame["unit_name"] = pd.NA
    return frame


def test_measures_come_from_the_catalogue_groups():
    assert inout.input_measures(CATALOGUE) == ["hubs", "rd", "mine"]
    assert inout.output_measures(CATALOGUE) == ["rank", "share"]


def test_rank_output_is_turned_round_so_positive_means_together():
    # more hubs, better (lower) rank: a perfect positive association once oriented
    rows = [(c, "hubs", 2026, float(i)) for i, c in enumerate(IDS)]
    rows += [(c, "rank", 2024, float(10 - i)) for i, c in enumerate(IDS)]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "rank")
    assert p.n == 8 and p.y_year == 2024
    assert p.rho == pytest.approx(1.0)
    text, caveats = inout.reading(p, CATALOGUE)
    assert "ρ = 1.00 (n = 8)" in text
    assert "a strong positive association" in text
    assert "cities higher on Hubs hosted tend to be better placed in the Cluster rank" in text
    assert any(c.startswith("Units differ: Hubs hosted describes the city proper") for c in caveats)
    assert any(c.startswith("Correlation is not cause") for c in caveats)
    assert any(c.startswith("Partial ranking: the Atlas holds 8 places") for c in caveats)
    assert any(c.startswith("Only 8 cities") for c in caveats)


def test_spearman_matches_the_textbook_formula_with_ties():
    xs = [1, 2, 2, 3, 5, 8, 9, 9]
    ys = [3.0, 1.0, 4.0, 1.5, 9.0, 2.6, 5.0, 3.5]
    rows = [(c, "hubs", 2026, float(x)) for c, x in zip(IDS, xs, strict=True)]
    rows += [(c, "share", 2024, y) for c, y in zip(IDS, ys, strict=True)]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "share")
    rx = pd.Series(xs, dtype=float).rank()
    ry = pd.Series(ys, dtype=float).rank()
    expected = ((rx - rx.mean()) * (ry - ry.mean())).sum() / math.sqrt(
        ((rx - rx.mean()) ** 2).sum() * ((ry - ry.mean()) ** 2).sum()
    )
    assert p.rho == pytest.approx(expected)


def test_one_edition_of_the_output_and_missing_cities_left_out():
    rows = [(c, "hubs", 2026, float(i)) for i, c in enumerate(IDS)]
    rows += [(c, "rank", 2023, float(i + 1)) for i, c in enumerate(IDS)]
    rows += [(c, "rank", 2024, float(i + 1)) for i, c in enumerate(IDS[:6])]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "rank")
    assert p.y_year == 2024 and p.n == 6 and p.only_x == 2
    # the sidebar year picks the edition
    earlier = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "rank", year=2023)
    assert earlier.y_year == 2023 and earlier.n == 8
    _, caveats = inout.reading(p, CATALOGUE)
    assert "2 cities have Hubs hosted but no Cluster rank (2024 edition): left out." in caveats


def test_quadrants_at_the_medians_and_outliers_both_ways():
    hubs = [0, 0, 1, 1, 5, 6, 7, 8]
    ranks = [50, 2, 40, 30, 60, 3, 4, 5]  # c1 productive with no hub, c4 engaged but low
    rows = [(c, "hubs", 2026, float(h)) for c, h in zip(IDS, hubs, strict=True)]
    rows += [(c, "rank", 2024, float(r)) for c, r in zip(IDS, ranks, strict=True)]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "rank")
    quadrant = dict(zip(p.frame["city_id"], p.frame["quadrant"], strict=True))
    assert quadrant["c1-xx"] == "productive, little engaged"
    assert quadrant["c4-xx"] == "engaged, less productive"
    assert quadrant["c7-xx"] == "engaged and productive"
    assert quadrant["c0-xx"] == "less engaged, less productive"
    assert p.x_median == 3.0 and p.y_median == 17.5  # in the published direction
    ahead, behind = inout.furthest(p, n=1)
    assert list(ahead["city_id"]) == ["c1-xx"]
    assert list(behind["city_id"]) == ["c4-xx"]


def test_too_few_cities_give_no_correlation_but_say_so():
    rows = [(c, "hubs", 2026, float(i)) for i, c in enumerate(IDS[:3])]
    rows += [(c, "share", 2024, float(i)) for i, c in enumerate(IDS[:3])]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "share")
    assert math.isnan(p.rho) and p.n == 3
    text, _ = inout.reading(p, CATALOGUE)
    assert text.startswith("3 cities have both Hubs hosted and World share (2024 edition): too few")


def test_no_city_with_both():
    rows = [(c, "hubs", 2026, 1.0) for c in IDS]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "share")
    assert p.n == 0 and p.frame.empty
    text, caveats = inout.reading(p, CATALOGUE)
    assert text.startswith("No city in view has both Hubs hosted and World share")
    assert caveats == []


def test_city_filter_narrows_the_pairing():
    rows = [(c, "hubs", 2026, float(i)) for i, c in enumerate(IDS)]
    rows += [(c, "share", 2024, float(i)) for i, c in enumerate(IDS)]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "share", city_ids=IDS[:5])
    assert p.n == 5


def test_pairing_on_the_small_atlas_uses_the_editions_table_when_present(small_atlas):
    from tests.fixtures.small_atlas import with_editions

    editions = pd.DataFrame(
        {"indicator_id": ["gii_cluster_rank"], "year": [2024], "places_ranked": [100]}
    )
    p = inout.pair_atlas(with_editions(small_atlas, editions), "hubs_hosted", "gii_cluster_rank")
    assert p.places_ranked == 100 and p.n == 2
    _, caveats = inout.reading(p, small_atlas.indicators)
    assert any("2 places of the 100 it ranked" in c for c in caveats)
    assert inout.pair_atlas(small_atlas, "hubs_hosted", "gii_cluster_rank").places_ranked is None


def test_the_reading_in_catalan_is_whole_sentences_with_a_decimal_comma():
    from atlas.i18n import language

    rows = [(c, "hubs", 2026, float(i)) for i, c in enumerate(IDS)]
    rows += [(c, "rank", 2024, float(10 - i)) for i, c in enumerate(IDS)]
    p = inout.pair(_values(rows), CITIES, CATALOGUE, "hubs", "rank")
    with language("ca"):
        text, caveats = inout.reading(p, CATALOGUE)
        top = inout.quadrant_name(inout.QUADRANTS[(True, True)])
    assert "ρ = 1,00 (n = 8)" in text
    assert "una associació positiva forta" in text
    assert (
        "les ciutats amb valors més alts de Hubs hosted tendeixen a estar més ben situades" in text
    )
    assert top == "implicades i productives" and top in text
    assert any(c.startswith("Només 8 ciutats") for c in caveats)
    assert any(c.startswith("Classificació parcial: l'Atles conté 8 llocs") for c in caveats)

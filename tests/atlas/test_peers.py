"""Peer suggestion: nearest in log population, same region, deterministic."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.peers import suggest_peers


def make_cities() -> pd.DataFrame:
    rows = [
        ("home", "Europe", 1_000_000),
        ("half", "Europe", 500_000),  # log distance ln 2
        ("double", "Europe", 2_000_000),  # log distance ln 2, ties with "half"
        ("ten-x", "Europe", 10_000_000),
        ("tiny", "Europe", 10_000),
        ("nopop", "Europe", None),
        ("zero", "Europe", 0),
        ("asia-same", "Asia", 1_000_000),
        ("asia-near", "Asia", 1_100_000),
    ]
    frame = pd.DataFrame(rows, columns=["city_id", "region", "population"])
    frame["population"] = frame["population"].astype("Int64")
    return frame


def test_nearest_on_log_scale_with_city_id_tie_break():
    # 500k and 2M are equally far on a log scale; "double" < "half" alphabetically.
    assert suggest_peers(make_cities(), "home", n=2) == ["double", "half"]


def test_log_scale_not_linear():
    # Linearly 10k is nearer to 1M than 10M is; on a log scale 10M (x10) is nearer than 10k (/100).
    assert suggest_peers(make_cities(), "home", n=4) == ["double", "half", "ten-x", "tiny"]


def test_fewer_than_n_in_region_are_not_padded():
    peers = suggest_peers(make_cities(), "home", n=10)
    assert peers == ["double", "half", "ten-x", "tiny"]
    assert "home" not in peers
    assert "nopop" not in peers and "zero" not in peers
    assert not {"asia-same", "asia-near"} & set(peers)


def test_worldwide_when_region_not_required():
    peers = suggest_peers(make_cities(), "home", n=3, same_region=False)
    assert peers == ["asia-same", "asia-near", "double"]


def test_deterministic_regardless_of_row_order():
    cities = make_cities()
    shuffled = cities.sample(frac=1, random_state=3).reset_index(drop=True)
    assert suggest_peers(shuffled, "home", n=4) == suggest_peers(cities, "home", n=4)


def test_city_without_population_gets_no_suggestion():
    assert suggest_peers(make_cities(), "nopop") == []


def test_unknown_city_raises():
    with pytest.raises(KeyError):
        suggest_peers(make_cities(), "atlantis")


def test_n_zero():
    assert suggest_peers(make_cities(), "home", n=0) == []

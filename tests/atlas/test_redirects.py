"""Old city ids (letters dropped by the old folding) still open the right city."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.redirects import CITY_ID_REDIRECTS, redirect_ids, redirect_query

DATA = Path(__file__).resolve().parents[2] / "data"


def test_old_ids_point_at_cities_that_exist_and_are_gone_themselves() -> None:
    ids = set(pd.read_csv(DATA / "cities.csv", usecols=["city_id"])["city_id"])
    assert set(CITY_ID_REDIRECTS.values()) <= ids
    assert not set(CITY_ID_REDIRECTS) & ids


def test_redirect_replaces_whole_ids_only() -> None:
    assert redirect_ids("odz-pl,paris-fr") == "lodz-pl,paris-fr"
    assert redirect_ids("wrocaw-pl") == "wroclaw-pl"
    assert redirect_ids("modz-pl,odz-plx") == "modz-pl,odz-plx"
    assert redirect_query({"city": "biaystok-pl", "w": "hubs_hosted:50"}) == {
        "city": "bialystok-pl",
        "w": "hubs_hosted:50",
    }

"""Frames the chart tests draw: a ranking, a profile, series, facets, rank intervals, ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.components.chart_checks import BOLD, HOSTILE


@pytest.fixture
def ranking() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "city_id": ["zurich-ch", "sao-paulo-br", "evil-xx", "tokyo-jp", "paris-fr", "lyon-fr"],
            "name": ["Zürich", "São Paulo", HOSTILE, "Tokyo", "Paris", "Lyon"],
            "value": [10.0, 8.0, 8.0, np.nan, 5.0, 0.0],
            "rank": [1, 2, 2, pd.NA, 4, 5],
        }
    )
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


@pytest.fixture
def profile() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Zürich"] * 4 + [HOSTILE] * 4 + ["Nowhere"] * 4,
            "axis": ["Hubs", "Partnerships", "Networks", "Outputs"] * 3,
            "value": [0.2, 0.5, np.nan, 0.4, 0.8, 0.1, 0.3, 0.6] + [np.nan] * 4,
        }
    )


@pytest.fixture
def series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["zurich-ch"] * 4 + ["evil-xx"] * 3 + ["nowhere-xx"],
            "name": ["Zürich"] * 4 + [BOLD] * 3 + ["Nowhere"],
            "year": [2023, 2019, 2020, 2021, 2019, 2021, 2023, 2021],
            "value": [2.0, 5.0, 3.0, np.nan, 10.0, 9.0, 8.0, np.nan],
        }
    )


@pytest.fixture
def facets(series) -> pd.DataFrame:
    return pd.concat(
        [
            series.assign(indicator="gii_cluster_rank", unit="rank"),
            series.assign(indicator="hubs_hosted", unit="hubs"),
            series.assign(indicator="nature_share", unit="share", value=series["value"] / 20),
            series.assign(indicator="pct", unit="applications (5-year total)"),
        ],
        ignore_index=True,
    )


@pytest.fixture
def stability() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["tokyo-jp", "zurich-ch", "paris-fr", "evil-xx", "gap-xx"],
            "name": ["Tokyo", "Zürich", "Paris", HOSTILE, "Gap"],
            "base_rank": [3, 1, 2, 4, 5],
            "median_rank": [2.5, 1.0, 3.0, 4.0, np.nan],
            "rank_p05": [1, 1, 1, 3, np.nan],
            "rank_p95": [4, 2, 5, 4, np.nan],
        }
    )


@pytest.fixture
def published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["tokyo-jp", "seoul-kr", "evil-xx", "paris-fr", "nowhere-xx", "cairo-eg"],
            "name": ["Tokyo", "Seoul", HOSTILE, "Paris", "Nowhere", "Cairo"],
            "rank": [1, 4, 4, 12, np.nan, 95],
            "geography": ["GII cluster: Tokyo–Yokohama", "GII cluster: Seoul", BOLD, "", "", ""],
        }
    )

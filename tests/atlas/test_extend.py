"""A session's own indicators join a copy of the Atlas and never change the shared one."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.extend import extend_atlas


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


def _extra(indicator_id: str = "my_budget"):
    indicators = pd.DataFrame(
        [{"indicator_id": indicator_id, "label": "Science budget", "unit": "EUR m"}]
    )
    values = pd.DataFrame(
        [
            {
                "city_id": "barcelona-es",
                "indicator_id": indicator_id,
                "year": 2024,
                "value": 12.5,
                "source_id": "upload",
                "unit_name": None,
                "basis": "published",
                "note": "",
            }
        ]
    )
    sources = pd.DataFrame([{"source_id": "upload", "publisher": "My city office"}])
    return indicators, values, sources


def test_extension_adds_rows_marked_with_their_origin(atlas):
    indicators, values, sources = _extra()
    extended = extend_atlas(
        atlas, indicators=indicators, values=values, sources=sources, origin="user"
    )
    assert extended.indicators.at["my_budget", "origin"] == "user"
    assert extended.indicators.at["my_budget", "higher_is_better"]  # catalogue default
    assert len(extended.values) == len(atlas.values) + 1
    assert extended.sources.at["upload", "publisher"] == "My city office"
    # the shared Atlas is untouched
    assert "my_budget" not in atlas.indicators.index
    assert set(atlas.indicators["origin"]) == {"curated", "derived"}


def test_curated_ids_cannot_be_redefined(atlas):
    indicators, values, _ = _extra("gii_cluster_rank")
    with pytest.raises(ValueError, match="already in the Atlas"):
        extend_atlas(atlas, indicators=indicators, values=values, origin="user")


def test_values_must_belong_to_added_indicators(atlas):
    indicators, values, _ = _extra()
    values["indicator_id"] = "other"
    with pytest.raises(ValueError, match="not added"):
        extend_atlas(atlas, indicators=indicators, values=values, origin="user")


def test_origin_must_be_a_session_origin(atlas):
    indicators, values, _ = _extra()
    with pytest.raises(ValueError, match="origin"):
        extend_atlas(atlas, indicators=indicators, values=values, origin="curated")

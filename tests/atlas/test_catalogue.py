"""The catalogue's rules, asked of one module by every page."""

from __future__ import annotations

import pandas as pd

from atlas import catalogue
from atlas.schema import INDICATOR_GROUPS, INDICATORS


def _meta(**fields: object) -> pd.Series:
    return pd.Series(fields)


def test_a_rank_is_known_by_its_value_type_or_its_unit() -> None:
    assert catalogue.is_rank(_meta(value_type="rank", unit="position"))
    assert catalogue.is_rank(_meta(value_type="number", unit=" rank "))
    assert not catalogue.is_rank(_meta(value_type="count", unit="hubs"))


def test_direction_ranks_are_never_higher_better_and_missing_means_higher() -> None:
    assert not catalogue.higher_is_better(_meta(value_type="rank", higher_is_better=True))
    assert catalogue.higher_is_better(_meta(value_type="count", higher_is_better=pd.NA))
    assert not catalogue.higher_is_better(_meta(value_type="score", higher_is_better=False))


def test_directions_of_a_whole_catalogue(small_atlas) -> None:
    out = catalogue.directions(small_atlas.indicators)
    assert out.dtype == bool and list(out.index) == list(small_atlas.indicators.index)
    assert not out["gii_cluster_rank"] and out["hubs_hosted"]


def test_per_million_gives_the_catalogues_reason_or_a_plain_one() -> None:
    assert catalogue.per_million_offered(_meta(per_million=True)) == (True, "")
    assert catalogue.per_million_offered(_meta(per_million=False, per_million_note="Ranks.")) == (
        False,
        "Ranks.",
    )
    offered, why = catalogue.per_million_offered(_meta(per_million=pd.NA, per_million_note=""))
    assert not offered and "per inhabitant" in why


def test_unit_label_says_per_million_only_when_shown_so() -> None:
    meta = _meta(unit="patents")
    assert catalogue.unit_label(meta) == "patents"
    assert catalogue.unit_label(meta, per_million=True) == "patents per million inhabitants"


def test_labels_mark_session_indicators() -> None:
    cat = pd.DataFrame(
        {"label": ["Hubs", "Mine", "Score"], "origin": ["curated", "user", "index"]},
        index=["hubs", "mine", "score"],
    )
    assert catalogue.labels(cat) == {
        "hubs": "Hubs",
        "mine": "Mine (your data)",
        "score": "Score (your index)",
    }
    assert catalogue.labels(cat.drop(columns="origin"))["mine"] == "Mine"


def test_group_order_and_columns_come_from_the_schema() -> None:
    assert list(catalogue.GROUP_ORDER) == list(INDICATOR_GROUPS)
    assert tuple(INDICATORS.column_names) == catalogue.COLUMNS

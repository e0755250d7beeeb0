"""atlas.editions: partial rankings are described from the data, never from typed counts."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from atlas.editions import (
    NOT_IN_COPY,
    absent_from_partial,
    disagreement_text,
    holdings_note,
    missing_text,
    places_ranked,
)


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


def test_holdings_note_counts_what_the_atlas_holds(atlas) -> None:
    values = atlas.values
    held = values.loc[
        (values["indicator_id"] == "gii_cluster_rank") & (values["year"] == 2024), "city_id"
    ].nunique()
    assert places_ranked(atlas, "gii_cluster_rank", 2024) == 100
    note = holdings_note(atlas, "gii_cluster_rank", 2024)
    assert note.startswith(f"The Atlas holds {held} of the 100 clusters ranked in the 2024")


def test_missing_reads_not_in_copy_only_where_the_table_is_known_to_be_partial(atlas) -> None:
    assert missing_text(atlas, "gii_cluster_rank", 2024) == NOT_IN_COPY
    assert missing_text(atlas, "nature_index_rank", 2024) == "no data"
    assert holdings_note(atlas, "nature_index_rank", 2024) is None


def test_a_whole_table_is_not_called_partial(atlas) -> None:
    editions = pd.DataFrame(
        {
            "indicator_id": ["gii_cluster_rank"],
            "year": [2024],
            "places_ranked": [1],
            "source_id": ["x"],
            "note": [""],
        }
    )
    whole = replace(atlas, editions=editions)
    assert holdings_note(whole, "gii_cluster_rank", 2024) is None
    assert missing_text(whole, "gii_cluster_rank", 2024) == "no data"


def test_absent_from_partial_names_the_rankings_a_city_is_missing_from(atlas) -> None:
    tokyo = absent_from_partial(atlas, "tokyo-jp")
    assert not any(t.startswith("GII S&T cluster rank") for t in tokyo)
    assert any(
        t.startswith("GII S&T cluster rank 2024") for t in absent_from_partial(atlas, "lodz-pl")
    )


def test_disagreement_names_both_figures_and_sources(atlas) -> None:
    v = atlas.values
    row = v[(v.city_id == "madrid-es") & (v.indicator_id == "gii_cluster_rank") & (v.year == 2024)]
    text = disagreement_text(row.iloc[0], atlas.sources)
    assert text.startswith("Sources disagree:") and "44" in text and "48" in text


def test_holdings_note_and_missing_text_in_french(atlas) -> None:
    from atlas.i18n import language

    with language("fr"):
        note = holdings_note(atlas, "gii_cluster_rank", 2024)
        missing = missing_text(atlas, "gii_cluster_rank", 2024)
        gap = missing_text(atlas, "nature_index_rank", 2024)
    assert note.startswith("L'Atlas contient ") and " des 100 pôles " in note
    assert missing == "absente de la copie de ce classement que détient l'Atlas"
    assert gap == "pas de données"

"""Picker labels and search across the four languages."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.localise import localised
from atlas.placenames import (
    city_picker_labels,
    city_search_names,
    name_table,
    other_names,
    picker_label,
    sort_key,
)
from atlas.rankings import search_mask


@pytest.fixture(scope="module")
def catalan(curated_atlas):
    return localised(curated_atlas, "ca")


def test_a_label_shows_the_other_languages_names_published_last() -> None:
    published = pd.Series(["Geneva"], index=["geneva-ch"])
    names = pd.DataFrame(
        {
            "city_id": ["geneva-ch", "geneva-ch"],
            "language": ["es", "fr"],
            "name": ["Ginebra", "Genève"],
        }
    )
    table = name_table(published, names)
    # en, es, ca, fr: Catalan has no name of its own, so it shows the published one
    assert list(table.loc["geneva-ch"]) == ["Geneva", "Ginebra", "Geneva", "Genève"]
    assert other_names(table, "es").tolist() == ["Genève · Geneva"]
    assert other_names(table, "ca").tolist() == ["Ginebra · Genève"]
    assert other_names(table, "en").tolist() == ["Ginebra · Genève"]
    assert picker_label("Ginebra", "Suiza", "Genève · Geneva") == "Ginebra, Suiza (Genève · Geneva)"
    assert picker_label("Accra", "Ghana", "") == "Accra, Ghana"


def test_the_pickers_label_every_city_in_the_language(curated_atlas, catalan) -> None:
    labels = city_picker_labels(catalan)
    assert set(labels) == set(curated_atlas.cities.index)
    assert labels["geneva-ch"] == "Geneva, Suïssa (Ginebra · Genève)"
    assert labels["london-gb"] == "Londres, Regne Unit (London)"
    assert city_picker_labels(curated_atlas)["accra-gh"] == "Accra, Ghana"


def test_the_pickers_order_ignores_accents(catalan) -> None:
    labels = list(city_picker_labels(catalan).values())
    assert labels == sorted(labels, key=sort_key)
    assert sort_key("Àfrica") < sort_key("Brussel·les") < sort_key("Zúric")
    zurich = next(i for i, label in enumerate(labels) if label.startswith("Zúric,"))
    assert all(sort_key(label) < sort_key(labels[zurich]) for label in labels[:zurich])


@pytest.mark.parametrize("query", ["Ginebra", "Genève", "geneve", "Geneva"])
def test_search_finds_a_city_by_its_name_in_any_language(catalan, query: str) -> None:
    frame = catalan.cities.reset_index(drop=True)
    names = frame["city_id"].map(city_search_names(catalan))
    found = frame.loc[search_mask(frame, query, ["name"], names=names), "city_id"]
    assert found.tolist() == ["geneva-ch"]


def test_search_in_english_also_takes_other_languages(curated_atlas) -> None:
    frame = curated_atlas.cities.reset_index(drop=True)
    names = frame["city_id"].map(city_search_names(curated_atlas))
    found = frame.loc[search_mask(frame, "Múnich", ["name"], names=names), "city_id"]
    assert found.tolist() == ["munich-de"]
    # without the names, only the published columns are searched, as before
    assert not search_mask(frame, "Ginebra", ["name"]).any()


def test_a_label_ends_with_the_ascii_form_when_no_name_is_written_so(curated_atlas) -> None:
    """Streamlit's type-to-search does not ignore accents: "zurich" must be in the label."""
    labels = city_picker_labels(curated_atlas)
    assert labels["zurich-ch"] == "Zürich, Switzerland (Zúrich · Zúric · Zurich)"
    assert labels["sao-paulo-br"] == "São Paulo, Brazil (Sao Paulo)"
    assert labels["geneva-ch"] == "Geneva, Switzerland (Ginebra · Genève)"  # Geneva is ASCII

"""The Atlas in a reader's language: names, countries and the catalogue; English untouched."""

from __future__ import annotations

import pytest

from atlas.i18n import _, language
from atlas.localise import CATALOGUE_COLUMNS, localised


@pytest.fixture(scope="module")
def atlases(curated_atlas):
    return {code: localised(curated_atlas, code) for code in ("es", "ca", "fr")}


def test_english_is_the_atlas_itself(curated_atlas) -> None:
    assert localised(curated_atlas, "en") is curated_atlas


@pytest.mark.parametrize(
    ("code", "geneva", "switzerland", "london"),
    [
        ("es", "Ginebra", "Suiza", "Londres"),
        ("ca", "Geneva", "Suïssa", "Londres"),  # no source gives Catalan 'Ginebra'
        ("fr", "Genève", "Suisse", "Londres"),
    ],
)
def test_city_and_country_names_in_the_language(
    atlases, code: str, geneva: str, switzerland: str, london: str
) -> None:
    cities = atlases[code].cities
    assert cities.at["geneva-ch", "name"] == geneva
    assert cities.at["geneva-ch", "country_name"] == switzerland
    assert cities.at["london-gb", "name"] == london
    assert cities.at["geneva-ch", "published_name"] == "Geneva"


def test_a_city_without_a_name_of_its_own_keeps_the_published_one(atlases, curated_atlas):
    # Accra: no source gives it another name in any of the three languages
    for atlas in atlases.values():
        assert atlas.cities.at["accra-gh", "name"] == curated_atlas.cities.at["accra-gh", "name"]


def test_the_catalogue_is_translated(atlases, curated_atlas) -> None:
    english = curated_atlas.indicators.at["hubs_hosted", "label"]
    for code, atlas in atlases.items():
        with language(code):
            assert atlas.indicators.at["hubs_hosted", "label"] == _(english)
        assert atlas.indicators.at["hubs_hosted", "label"] != english
    assert atlases["fr"].indicators.at["hubs_hosted", "geo_unit"] == "ville proprement dite"


def test_every_catalogue_text_has_a_translation(atlases, curated_atlas) -> None:
    """A text the catalogues lack would show in English on a translated page."""
    english = curated_atlas.indicators
    for column in ("label", "description"):
        for code, atlas in atlases.items():
            same = atlas.indicators[column] == english[column]
            assert not same.all(), (code, column)
    assert set(CATALOGUE_COLUMNS) <= set(english.columns)


def test_the_original_atlas_is_not_changed(atlases, curated_atlas) -> None:
    assert curated_atlas.cities.at["geneva-ch", "name"] == "Geneva"
    assert "search_names" not in curated_atlas.cities.columns
    assert curated_atlas.indicators.at["hubs_hosted", "label"] == "Hubs hosted"


def test_the_version_carries_the_language(atlases, curated_atlas) -> None:
    assert atlases["ca"].version == curated_atlas.version + "|lang:ca"
    assert len({a.version for a in atlases.values()}) == 3


def test_data_values_stay_as_published(atlases, curated_atlas) -> None:
    for atlas in atlases.values():
        assert atlas.hubs is curated_atlas.hubs
        assert atlas.values is curated_atlas.values
        assert list(atlas.indicators["value_type"]) == list(curated_atlas.indicators["value_type"])

"""The shared filters: which cities pass, and how the filters are described to a reader."""

from __future__ import annotations

from atlas.filters import Filters, city_ids
from atlas.i18n import language


def test_filters_keep_cities_in_every_chosen_set(small_atlas):
    europe = city_ids(small_atlas, Filters(regions=("Europe",)))
    assert "quito-ec" not in europe and "geneva-ch" in europe
    swiss = city_ids(small_atlas, Filters(regions=("Europe",), countries=("CH",)))
    assert set(swiss) <= set(europe) and "lyon-fr" not in swiss


def test_description_in_english_and_spanish(small_atlas):
    filters = Filters(regions=("Europe", "Latin America and Caribbean"), year=2020)
    assert filters.describe(small_atlas) == (
        "regions: Europe, Latin America and Caribbean; year: 2020"
    )
    with language("es"):
        assert filters.describe(small_atlas) == (
            "regiones: Europa, América Latina y el Caribe; año: 2020"
        )
        assert Filters().describe(small_atlas) == "todas las ciudades, último año"
    with language("fr"):
        assert filters.describe(small_atlas).endswith("\u00a0; année\u00a0: 2020")

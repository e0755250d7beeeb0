"""The plain-language reading of a city, on the five-city fixture (figures known, some missing)."""

from __future__ import annotations

import pandas as pd

from atlas.i18n import language
from atlas.reading import city_reading
from tests.fixtures.small_atlas import with_editions


def test_reading_of_a_city_with_every_kind_of_figure(small_atlas):
    r = city_reading(small_atlas, "geneva-ch")
    assert r.sentences[0] == (
        "Geneva hosts 3 active science-diplomacy hubs, run by 3 foreign countries or bodies, "
        "more than any of the other 4 cities in the Atlas (lists as of Nov 25, 2026)."
    )
    assert r.sentences[1].startswith(
        "It is tied to 2 partner cities by active agreements and is listed in 2 city networks"
    )
    # the latest edition, with the cluster's published name and the publisher
    assert r.sentences[2] == (
        "Its GII cluster (Geneva–Lausanne) ranked 25th in the 2024 GII S&T cluster rank (WIPO)."
    )
    # no population year in the data: the source's retrieval date instead
    assert r.sentences[-1] == ("Population: 200,000 (city proper, GeoNames, retrieved Nov 2026).")
    assert r.source_ids == ("atlas-derived", "wipo-2024", "geonames")


def test_singular_counts_and_a_share_of_cities(small_atlas):
    r = city_reading(small_atlas, "lyon-fr")
    assert r.sentences[0] == (
        "Lyon hosts 1 active science-diplomacy hub, run by 1 foreign country or body; more "
        "than 25 % of the other 4 cities in the Atlas host fewer (lists as of Nov 25, 2026)."
    )
    assert "is listed in 1 city network " in r.sentences[1]
    # a Nature Index city is not named beside the rank (it is the city), nor the publisher
    # already in the label
    assert "; it ranked 120th in the 2024 Nature Index science city rank." in r.text
    assert r.sentences[-1] == "Population: 520,000 (city proper, GeoNames 2024)."


def test_a_city_without_figures_says_each_is_missing(small_atlas):
    r = city_reading(small_atlas, "quito-ec")
    assert r.sentences[0].startswith("The Atlas lists no active science-diplomacy hub in Quito")
    assert r.sentences[1].startswith(
        "The Atlas lists no active partnership for it; no city network in the Atlas lists it"
    )
    assert r.sentences[2].startswith("No output ranking the Atlas holds lists Quito")
    assert "not the same as ranked low" in r.sentences[2]
    assert r.sentences[-1] == "The Atlas has no population figure for it."
    assert " 0 " not in r.text


def test_own_city_initiative_is_not_a_foreign_operator(small_atlas):
    r = city_reading(small_atlas, "bern-ch")
    assert r.sentences[0].startswith("Bern hosts 1 active science-diplomacy hub;")
    assert "foreign" not in r.sentences[0]


def test_of_how_many_only_when_the_data_gives_it(small_atlas):
    editions = pd.DataFrame(
        {"indicator_id": ["gii_cluster_rank"], "year": [2024], "places_ranked": [100]}
    )
    r = city_reading(with_editions(small_atlas, editions), "geneva-ch")
    assert "ranked 25th of 100 in the 2024 GII S&T cluster rank" in r.text


def test_reading_on_the_curated_data_names_the_quadrant(curated_atlas):

    r = city_reading(curated_atlas, "tokyo-jp")
    assert "Its GII cluster (Tokyo–Yokohama) ranked 1st" in r.text
    assert "it sits in the quadrant 'engaged and productive'" in r.text


def test_reading_in_catalan_agrees_in_number_and_groups_digits(small_atlas):
    with language("ca"):
        lyon = city_reading(small_atlas, "lyon-fr")
        quito = city_reading(small_atlas, "quito-ec")
    # one hub, one operator: the singular forms; the share the language's way
    assert lyon.sentences[0] == (
        "Lyon acull 1 hub de diplomàcia científica actiu, gestionat per 1 país o organisme "
        "estranger; més del 25\u00a0% de les altres 4 ciutats de l'Atles n'acullen menys (llistes "
        "a 25 de nov. 2026)."
    )
    assert "figura en 1 xarxa de ciutats" in lyon.sentences[1]
    assert "ocupa la 120a posició a «Nature Index science city rank», edició del 2024" in (
        lyon.text
    )
    assert lyon.sentences[-1] == "Població: 520.000 (ciutat pròpiament dita, GeoNames 2024)."
    assert quito.sentences[-1] == "L'Atles no té cap xifra de població d'aquesta ciutat."
    assert " 0 " not in quito.text


def test_reading_in_french(small_atlas):
    with language("fr"):
        r = city_reading(small_atlas, "geneva-ch")
    assert r.sentences[0].startswith("Geneva accueille 3 hubs de diplomatie scientifique actifs")
    assert r.sentences[2] == (
        "Son pôle du GII (Geneva–Lausanne) se classe au 25e rang dans «\u00a0GII S&T cluster "
        "rank\u00a0», édition 2024 (WIPO)."
    )
    assert r.sentences[-1] == (
        "Population\u00a0: 200\u202f000 (ville proprement dite, GeoNames, consulté en nov. 2026)."
    )
    assert r.source_ids == ("atlas-derived", "wipo-2024", "geonames")


def test_a_localised_city_is_not_named_again_by_its_english_unit_name(curated_atlas):
    """London's GII cluster is published as 'London': on a Catalan page the city is
    'Londres', and the cluster is still its own, not '(London)'."""
    from atlas.i18n import language
    from atlas.localise import localised

    with language("ca"):
        text = city_reading(localised(curated_atlas, "ca"), "london-gb").text
    assert text.startswith("Londres ")
    assert "(London)" not in text
    assert "clúster del GII" in text  # the catalogue's geographic unit, translated

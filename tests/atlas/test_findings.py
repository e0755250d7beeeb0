"""Findings on the Overview: sentences generated from a five-city fixture whose facts are known."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from atlas.findings import (
    findings,
    most_connected,
    most_foreign_posts,
    openings_by_decade,
    top_operator,
    top_ranked,
)
from atlas.i18n import language
from tests.fixtures.small_atlas import with_editions


def test_city_with_most_foreign_posts_and_how_many_operators(small_atlas):
    f = most_foreign_posts(small_atlas)
    assert f.text.startswith(
        "Geneva hosts the most foreign science-diplomacy posts in the Atlas: 3 active hubs run "
        "by 3 foreign countries or bodies."
    )
    # Bern's own city initiative is not foreign, the closed French office is not active
    assert "3 cities in the Atlas host at least one." in f.text
    assert f.page == "pages/profile.py" and f.query == {"city": "geneva-ch"}
    assert f.source_ids == ("hubs-src",)


def test_ties_are_named_together(small_atlas):
    hubs = small_atlas.hubs.copy()
    extra = hubs.loc[hubs["hub_id"] == "ch-lyon"].assign(hub_id="de-lyon", operator_country="DE")
    more = pd.concat([hubs, extra, extra.assign(hub_id="it-lyon", operator_country="IT")])
    f = most_foreign_posts(replace(small_atlas, hubs=more))
    assert f.text.startswith("Geneva and Lyon host the most foreign science-diplomacy posts")
    assert "3 active hubs each" in f.text
    assert f.page == "pages/hubs.py"


def test_country_running_most_posts_abroad(small_atlas):
    f = top_operator(small_atlas)
    assert f.text.startswith(
        "France runs the most science-diplomacy posts abroad: 2 active hubs in 2 cities of "
        "2 countries."
    )
    # France and Germany and Switzerland each run a post abroad; the international body is
    # not a country
    assert "3 countries run at least one post abroad" in f.text
    assert f.query == {"operators": "FR"}


def test_openings_per_decade_and_unknown_years(small_atlas):
    f = openings_by_decade(small_atlas)
    assert f.text == (
        "Of the 6 hubs whose opening year is known, 4 opened in the 2010s, more than in any "
        "other decade (1990s: 1, 2000s: 1, 2010s: 4). 1 hub has no opening year in its sources."
    )


def test_most_connected_city(small_atlas):
    f = most_connected(small_atlas)
    assert f.text.startswith("Lyon is tied to the most partner cities: 3 cities")
    # Quito's only agreement has ended
    assert "4 cities in the Atlas have at least one partner listed" in f.text
    assert "atlas-derived" in f.source_ids and "pairs-src" in f.source_ids


def test_top_of_a_ranking_names_its_unit_year_and_publisher(small_atlas):
    f = top_ranked(small_atlas, "gii_cluster_rank")
    assert (
        "in the 2024 edition of the GII S&T cluster rank is Geneva–Lausanne (Geneva), "
        "ranked 25th (WIPO)." in f.text
    )
    # no editions table: the length of the published ranking is not claimed
    assert "The Atlas holds 2 places of that edition." in f.text
    assert f.query == {"indicator": "gii_cluster_rank"}


def test_top_of_a_ranking_says_of_how_many_when_the_data_gives_it(small_atlas):
    editions = pd.DataFrame(
        {"indicator_id": ["gii_cluster_rank"], "year": [2024], "places_ranked": [100]}
    )
    f = top_ranked(with_editions(small_atlas, editions), "gii_cluster_rank")
    assert "The Atlas holds 2 of the 100 places ranked that year." in f.text


def test_missing_data_leaves_a_finding_out(small_atlas):
    no_hubs = replace(small_atlas, hubs=small_atlas.hubs.iloc[0:0])
    keys = [f.key for f in findings(no_hubs)]
    assert "most_foreign_posts" not in keys and "openings_by_decade" not in keys
    assert "most_connected" in keys
    assert top_ranked(small_atlas, "no_such_indicator") is None


def test_findings_on_the_curated_data_are_whole_sentences(curated_atlas):

    found = findings(curated_atlas)
    assert 4 <= len(found) <= 6
    for f in found:
        assert f.text.endswith(".") and f.source_ids and f.page.startswith("pages/")
        assert " 1 countries" not in f.text and " 1 cities" not in f.text


def test_findings_in_spanish_keep_the_data_and_its_plurals(small_atlas):
    with language("es"):
        posts = most_foreign_posts(small_atlas)
        decades = openings_by_decade(small_atlas)
        ranked = top_ranked(small_atlas, "gii_cluster_rank")
    assert posts.title == "Más sedes extranjeras"
    assert posts.text == (
        "Geneva es la ciudad del Atlas que acoge más sedes extranjeras de diplomacia "
        "científica: 3 hubs activos gestionados por 3 países u organismos extranjeros. "
        "3 ciudades del Atlas acogen al menos una."
    )
    assert posts.link_label == "Abrir el perfil de Geneva"
    # one hub without a year: the singular form; the decades as Spanish says them
    assert decades.text == (
        "De los 6 hubs cuyo año de apertura se conoce, 4 se abrieron en los años 2010, más "
        "que en ninguna otra década (años 1990: 1, años 2000: 1, años 2010: 4). 1 hub no "
        "tiene año de apertura en sus fuentes."
    )
    # the rank as an ordinal that agrees with *posición*
    assert "en la 25.ª posición (WIPO)" in ranked.text
    assert ranked.query == {"indicator": "gii_cluster_rank"}


def test_tied_leaders_are_listed_with_the_languages_conjunction(small_atlas):
    hubs = small_atlas.hubs.copy()
    extra = hubs.loc[hubs["hub_id"] == "ch-lyon"].assign(hub_id="de-lyon", operator_country="DE")
    more = pd.concat([hubs, extra, extra.assign(hub_id="it-lyon", operator_country="IT")])
    with language("fr"):
        f = most_foreign_posts(replace(small_atlas, hubs=more))
    assert f.text.startswith("Geneva et Lyon sont les villes de l'Atlas qui accueillent")
    assert "3 hubs actifs chacune" in f.text
    assert f.link_label == "Ouvrir la page Hubs"

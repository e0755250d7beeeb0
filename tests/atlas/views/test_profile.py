"""The City profile's model on the five-city Atlas, without Streamlit."""

from __future__ import annotations

from atlas.views.profile import city_labels, city_param, city_profile, suggested_cities


def test_labels_are_in_the_pickers_order(small_atlas):
    labels = city_labels(small_atlas)
    assert labels["geneva-ch"] == "Geneva, " + small_atlas.cities.at["geneva-ch", "country_name"]
    assert list(labels.values()) == sorted(labels.values(), key=str.casefold)
    assert city_param(labels).parse("geneva-ch")[0] == "geneva-ch"


def test_suggestions_lead_with_the_city_hosting_most_hubs(small_atlas):
    assert suggested_cities(small_atlas)[0] == "geneva-ch"


def test_a_profile_counts_and_cites_each_section(small_atlas):
    profile = city_profile(small_atlas, "lyon-fr", None)
    assert profile.active_partners == 3
    assert profile.n_networks == 1
    assert profile.active_hubs == 1
    assert set(profile.partners.table["Profile"]) == {
        "profile?city=geneva-ch",
        "profile?city=porto-pt",
        "profile?city=bern-ch",
    }
    assert "source_id" in profile.partners.table.columns and profile.partners.line
    geneva = city_profile(small_atlas, "geneva-ch", None)
    assert geneva.active_hubs == 3  # the closed French office is not counted


def test_a_profile_in_spanish_names_types_and_statuses_keeps_its_column_ids(small_atlas):
    from atlas.i18n import language, pgettext

    with language("es"):
        profile = city_profile(small_atlas, "geneva-ch", None)
        closed = pgettext("hub status", "closed")
    hosted = profile.hosted.table
    assert {"Hub", "Type", "Status"} <= set(hosted.columns)  # ids for code and downloads
    assert closed == "cerrado" and closed in set(hosted["Status"])
    assert "closed" not in set(hosted["Status"])
    # the counts still read the schema's values
    assert profile.active_hubs == 3

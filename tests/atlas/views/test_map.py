"""The Map page's model: region views, click handling, captions and one view's rows, without
Streamlit."""

from __future__ import annotations

from types import SimpleNamespace

from atlas.i18n import language
from atlas.views.map import (
    REGION_VIEWS,
    map_rows,
    picked_city,
    region_camera,
    region_names,
    ties_caption,
    timeline_caption,
)


def _event(objects):
    return SimpleNamespace(selection=SimpleNamespace(objects=objects))


def test_a_click_on_a_city_hub_or_ring_selects_the_city():
    assert picked_city(_event({"cities": [{"city_id": "geneva-ch"}]})) == "geneva-ch"
    assert picked_city(_event({"hubs": [{"hub_id": "h", "city_id": "bern-ch"}]})) == "bern-ch"
    assert picked_city(_event({"partnerships": [{"partnership_id": "p"}]})) is None
    assert picked_city(_event({})) is None
    assert picked_city(None) is None


def test_region_cameras_frame_regions_closer_than_the_world():
    world = region_camera("world")
    for region in REGION_VIEWS:
        camera = region_camera(region)
        assert region == "world" or camera["zoom"] > world["zoom"]
        assert region_camera(region, presentation=True)["zoom"] > camera["zoom"]
    assert region_camera("nowhere") == world


def test_timeline_caption_states_what_is_left_out():
    counts = {
        "hubs": 20,
        "partnerships": 144,
        "undated_hubs": 168,
        "undated_partnerships": 134,
        "closed_hubs_undated": 1,
    }
    text = timeline_caption(counts, 1995)
    assert text.startswith("In 1995: 20 hubs open and 144 agreements signed.")
    assert "168 hubs and 134 agreements" in text and "1 closed hub has" in text
    assert timeline_caption({"hubs": 273, "partnerships": 396}, None).startswith("Today: 273")


def test_ties_caption_counts_what_is_not_drawn():
    counts = {"ties": 392, "ties_drawn": 50, "ties_selected": 0, "partnerships": 396}
    assert ties_caption(counts) == (
        "partnership arcs: the 50 strongest of 392 pairs of partner cities (396 agreements; "
        "342 more pairs counted, not drawn)"
    )
    counts = {"ties": 392, "ties_drawn": 65, "ties_selected": 15, "partnerships": 396}
    text = ties_caption(counts)
    assert "selected city's 15 partner cities highlighted" in text
    assert "the 50 strongest of 377 other pairs" in text and "327 more" in text


def test_a_view_counts_what_its_layers_leave_out(small_atlas):
    ids = tuple(small_atlas.cities.index)
    rows = map_rows(small_atlas, ids, "gii_cluster_rank", None, ("cities",), ())
    assert rows.counts["cities"] == len(ids)
    assert rows.counts["cities_with_data"] == 2
    assert rows.members is None and rows.others.empty
    assert "memberships" not in rows.counts
    with_arcs = map_rows(small_atlas, ids, "gii_cluster_rank", None, ("partnerships",), ())
    assert "cities" not in with_arcs.counts
    assert with_arcs.counts["ties_drawn"] == len(with_arcs.others) > 0


def test_captions_in_catalan_count_with_plurals_and_group_digits():
    counts = {
        "hubs": 1,
        "partnerships": 1204,
        "undated_hubs": 168,
        "undated_partnerships": 1,
        "closed_hubs_undated": 2,
    }
    with language("ca"):
        text = timeline_caption(counts, 1995)
        today = timeline_caption({"hubs": 273, "partnerships": 1}, None)
        ties = ties_caption(
            {"ties": 392, "ties_drawn": 65, "ties_selected": 1, "partnerships": 396}
        )
        names = region_names()
    assert text.startswith("El 1995: 1 hub obert i 1.204 acords signats.")
    assert "168 hubs i 1 acord." in text
    assert "2 hubs tancats no tenen any de tancament registrat" in text
    assert today == "Avui: 273 hubs i 1 acord, amb any registrat o sense."
    assert ties.startswith("arcs d'acords: 1 ciutat sòcia de la ciutat seleccionada")
    assert " i els 64 més forts de 391 altres parells" in ties
    assert names["world"] == "Món" and set(names) == set(REGION_VIEWS)

"""AppTest of the meeting tour: adding views from any page, editing, the link, tour mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import tour
from tests.conftest import open_page
from tests.pages.languages import english_leaks, shows, translated, visible_texts

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {"overview", "map", "profile", "rankings", "compare", "tour"}


_open = open_page


def _link(at: AppTest) -> dict[str, str]:
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.text_input if t.key and t.key.startswith("tour.title.")]


def _two_views() -> AppTest:
    at = _open("pages/map.py")
    at.segmented_control(key="map.view").set_value("europe").run()
    at.button(key="tour.add").click().run()
    assert not at.exception
    assert any("Added to your tour as view 1: Map: Europe" in c.value for c in at.sidebar.caption)
    at.select_slider(key="map.upto").set_value("1990").run()
    at.button(key="tour.add").click().run()
    at.switch_page("pages/tour.py").run()
    assert not at.exception
    return at


def test_empty_tour_says_how_to_add_views():
    at = _open("pages/tour.py")
    assert any("Your tour is empty" in i.value for i in at.info)
    assert "tour" not in _link(at)
    assert at.sidebar.get("page_link")  # the way to the tour is on every page


def test_add_this_view_is_on_every_page_and_the_tour_is_a_link():
    at = _two_views()
    assert _titles(at) == ["Map: Europe", "Map: Europe, 1990"]
    read = tour.from_link(_link(at)["tour"], PAGES)
    assert [s.params for s in read.stops] == [
        {"view": "europe"},
        {"view": "europe", "upto": "1990"},
    ]
    # another page's view too
    at.switch_page("pages/rankings.py").run()
    at.button(key="tour.add").click().run()
    assert not at.exception
    at.switch_page("pages/tour.py").run()
    assert len(_titles(at)) == 3


def test_rename_move_and_remove_views():
    at = _two_views()
    title = next(t for t in at.text_input if t.value == "Map: Europe, 1990")
    title.set_value("Europe before the boom").run()
    assert not at.exception
    assert _titles(at) == ["Map: Europe", "Europe before the boom"]
    at.button(key="tour.up.1").click().run()
    assert _titles(at) == ["Europe before the boom", "Map: Europe"]
    assert tour.from_link(_link(at)["tour"], PAGES).stops[0].title == "Europe before the boom"
    at.button(key="tour.remove.0").click().run()
    assert _titles(at) == ["Map: Europe"]


def test_tour_mode_steps_through_exact_views_and_ends():
    at = _two_views()
    at.button(key="tour.start").click().run()
    assert not at.exception
    assert at.markdown[0].value.startswith("**Step 1 of 2:**")
    assert _link(at) == {"view": "europe"}
    assert at.button(key="tour_prev").disabled
    styles = at.get("html")
    # full screen: one of the shell's style blocks hides the sidebar
    assert any('data-testid="stSidebar"' in style.proto.body for style in styles)
    at.button(key="tour_next").click().run()
    assert at.markdown[0].value.startswith("**Step 2 of 2:**")
    assert at.select_slider(key="map.upto").value == "1990"
    assert at.button(key="tour_next").disabled
    at.button(key="tour_prev").click().run()
    # the step shows its own view: the year goes back to today, which the step does not name
    assert at.select_slider(key="map.upto").value == "now"
    assert _link(at) == {"view": "europe"}
    at.button(key="tour.end").click().run()
    assert not at.exception
    assert not any(m.value.startswith("**Step") for m in at.markdown)


def test_a_tour_link_opens_the_tour_and_a_bad_one_says_so():
    stops = (
        tour.make_stop("Asia", "map", {"view": "asia-pacific"}),
        tour.make_stop("Barcelona", "profile", {"city": "barcelona-es"}),
    )
    at = _open("pages/tour.py", tour=tour.to_link(stops))
    assert _titles(at) == ["Asia", "Barcelona"]
    assert any("Loaded a tour of 2 views from the link" in i.value for i in at.info)
    bad = _open("pages/tour.py", tour="not-a-tour")
    assert any("could not be read" in i.value for i in bad.info)
    assert any("Your tour is empty" in i.value for i in bad.info)


# ------------------------------------------------------------------ languages


@pytest.mark.parametrize("code", ["es", "ca", "fr"])
def test_tour_page_reads_in_the_language_of_the_link(code):
    english = _open("pages/tour.py")
    at = _open("pages/tour.py", lang=code)
    assert english_leaks(visible_texts(english), visible_texts(at)) == []
    assert at.title[0].value == translated("My meeting tour", code)
    assert at.subheader[0].value == translated("Keep the tour", code)
    empty = translated(
        "Your tour is empty. Open any page, set up the view you want to show (filters, "
        "region, year, city), then press **{add}** in the sidebar. Or load a tour file below.",
        code,
    )
    assert at.info[0].value == empty.format(add=translated("Add this view to my tour", code))
    assert shows(at, translated("Add this view to my tour", code))
    # the way to the tour, with its count (0 takes the singular in French)
    mine = {"es": "Mi recorrido (0 vistas)", "ca": "El meu recorregut (0 vistes)"}
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert mine.get(code, "Mon parcours (0 vue)") in labels


def test_a_tour_made_in_french_is_titled_and_presented_in_french():
    at = _open("pages/map.py", lang="fr")
    at.segmented_control(key="map.view").set_value("europe").run()
    at.button(key="tour.add").click().run()
    assert not at.exception
    nbsp = "\u00a0"
    added = f"Ajoutée à votre parcours comme vue 1{nbsp}: Carte{nbsp}: Europe."
    assert any(c.value == added for c in at.sidebar.caption)
    at.switch_page("pages/tour.py").run()
    assert not at.exception
    assert _titles(at) == [f"Carte{nbsp}: Europe"]
    assert at.button(key="tour.up.0").label == "Haut"
    # the stop leaves the language to the presenter: its link holds the view only
    assert tour.from_link(_link(at)["tour"], PAGES).stops[0].params == {"view": "europe"}
    assert _link(at)["lang"] == "fr"
    at.button(key="tour.start").click().run()
    assert not at.exception
    assert at.markdown[0].value.startswith(f"**Étape 1 sur 1{nbsp}:** Carte")
    assert at.button(key="tour_next").label == "Suivant"
    assert at.button(key="tour.end").label == "Terminer"

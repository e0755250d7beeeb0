"""The meeting tour model: building, editing, and reading tours from files and links."""

from __future__ import annotations

import json

from atlas import tour
from atlas.i18n import language

PAGES = {"map", "overview", "profile"}


def _tour() -> tuple[tour.Stop, ...]:
    stops: tuple[tour.Stop, ...] = ()
    for title, page, query in [
        ("World", "map", {}),
        ("Europe 1995", "map", {"view": "europe", "upto": "1995"}),
        ("Barcelona", "profile", {"city": "barcelona-es"}),
    ]:
        stops = tour.add(stops, tour.make_stop(title, page, query))
    return stops


def test_a_stop_keeps_the_view_and_drops_display_only_parameters():
    stop = tour.make_stop("Map", "map", {"view": "europe", "iframe": "1", "embed": "true"})
    assert stop.params == {"view": "europe"}
    assert tour.make_stop("  ", "map", {}).title == "map"
    assert tour.make_stop("a\nb\x00c" + "x" * 200, "map", {}).title.startswith("a b c")
    assert len(tour.make_stop("x" * 200, "map", {}).title) == tour.MAX_TITLE


def test_default_title_names_what_the_link_shows():
    labels = {"europe": "Europe", "barcelona-es": "Barcelona"}
    query = {"view": "europe", "upto": "1995", "layers": "cities"}
    assert tour.default_title("Map", query, labels) == "Map: Europe, 1995"
    assert tour.default_title("Map", {}, labels) == "Map"


def test_move_rename_remove():
    stops = _tour()
    moved = tour.move(stops, 2, -2)
    assert [s.title for s in moved] == ["Barcelona", "World", "Europe 1995"]
    assert tour.move(stops, 0, -1) == stops  # stays inside the tour
    assert tour.move(stops, 9, 1) == stops
    renamed = tour.rename(stops, 1, "Europe before the boom")
    assert renamed[1].title == "Europe before the boom" and renamed[1].params == stops[1].params
    assert tour.rename(stops, 1, "   ") == stops  # an empty title keeps the old one
    assert [s.title for s in tour.remove(stops, 0)] == ["Europe 1995", "Barcelona"]


def test_a_tour_is_full_at_its_limit():
    stops: tuple[tour.Stop, ...] = ()
    for i in range(tour.MAX_STOPS + 3):
        stops = tour.add(stops, tour.make_stop(f"v{i}", "map", {}))
    assert len(stops) == tour.MAX_STOPS


def test_file_and_link_round_trip():
    stops = _tour()
    assert tour.from_json(tour.to_json(stops), PAGES) == tour.ReadResult(stops, ())
    assert tour.from_json(tour.to_json(stops).encode("utf-8"), PAGES).stops == stops
    link = tour.to_link(stops)
    assert all(c.isalnum() or c in "-_" for c in link)
    assert tour.from_link(link, PAGES) == tour.ReadResult(stops, ())


def test_bad_files_and_links_say_why_and_never_raise():
    cases = {
        b"\xff\xfe": "not UTF-8",
        b"{not json": "not JSON",
        json.dumps({"stops": []}).encode(): "not an Atlas tour",
        b"x" * (tour.MAX_FILE_BYTES + 1): "larger than",
        json.dumps({"format": tour.FORMAT, "stops": "nope"}).encode(): "no list of views",
    }
    for raw, reason in cases.items():
        result = tour.from_json(raw, PAGES)
        assert result.stops == () and reason in result.notes[0], (raw[:20], result)
    assert "could not be read" in tour.from_link("%%%not-a-tour", PAGES).notes[0]
    assert "too long" in tour.from_link("a" * (tour.MAX_LINK_CHARS + 1), PAGES).notes[0]


def test_unknown_pages_and_hostile_views_are_left_out_and_counted():
    data = tour.to_data(_tour())
    data["stops"] += [
        {"title": "Elsewhere", "page": "https://evil.example", "query": {}},
        {"title": "Odd", "page": "map", "query": {"<script>": "1"}},
        {"title": "Huge", "page": "map", "query": {"city": "x" * 5000}},
        "not a view",
    ]
    result = tour.from_json(json.dumps(data), PAGES)
    assert len(result.stops) == 3
    assert result.notes == (
        "4 views were left out: not a page of this Atlas or not readable as a view.",
    )
    many = {"format": tour.FORMAT, "stops": [{"page": "map", "query": {}}] * 40}
    capped = tour.from_json(json.dumps(many), PAGES)
    assert len(capped.stops) == tour.MAX_STOPS and "first 30" in capped.notes[0]


def test_default_title_and_reading_notes_in_the_run_language():
    labels = {"europe": "Europa"}
    with language("es"):
        title = tour.default_title("Mapa", {"view": "europe", "upto": "1995"}, labels)
        bad = tour.from_json("{", PAGES)
        left_out = tour.from_json(
            json.dumps({"format": tour.FORMAT, "stops": [{"page": "nowhere"}, 5]}), PAGES
        )
    with language("fr"):
        french = tour.default_title("Carte", {"view": "europe"}, {"europe": "Europe"})
    assert title == "Mapa: Europa, 1995"
    assert bad.notes == ("El archivo no es JSON.",)
    assert left_out.notes == (
        "Se han descartado 2 vistas: no son páginas de este Atlas o no se pueden leer como vistas.",
    )
    assert french == "Carte\u00a0: Europe"


def test_a_stop_leaves_the_language_to_the_presenter():
    stop = tour.make_stop("Carte", "map", {"view": "europe", "lang": "fr"})
    assert stop.params == {"view": "europe"}
    assert tour.default_title("Map", {"lang": "fr"}, {"fr": "French"}) == "Map"
    data = {
        "format": tour.FORMAT,
        "stops": [{"page": "map", "query": {"lang": "fr", "upto": "1995"}}],
    }
    read = tour.from_json(json.dumps(data), PAGES)
    assert read.notes == () and read.stops[0].params == {"upto": "1995"}

"""bench/network_selections.py: the selections it measures and what it measures of each."""

from __future__ import annotations

from bench import network_selections


def test_selections_cover_all_types_each_type_and_two_pairs():
    got = network_selections.selections(["a", "b", "c"])
    assert got == [(), ("a",), ("b",), ("c",), ("a", "b"), ("b", "c")]
    assert network_selections.selections(["a"]) == [(), ("a",)]


def test_a_selection_is_measured_on_the_curated_atlas(curated_atlas):
    got = network_selections.measure(curated_atlas, ("twinning",), repeats=1)
    assert got["agreements"] > 0
    assert all(got[k] > 0 for k in ("view_s", "pictures_s", "bridges_s"))

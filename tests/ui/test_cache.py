"""The one caching decorator: keyed on the Atlas's version, every other argument hashed whole."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from atlas.filters import Filters
from atlas.load import Atlas
from ui.cache import atlas_cached


def _counted(resource: bool):
    calls: list[tuple] = []

    @atlas_cached(resource=resource)
    def cities_in(atlas: Atlas, filters: Filters) -> int:
        calls.append((atlas.version, filters))
        return len(atlas.cities)

    return cities_in, calls


def test_the_same_version_is_served_from_the_cache(small_atlas):
    for resource in (False, True):
        cities_in, calls = _counted(resource)
        cities_in.clear()
        assert cities_in(small_atlas, Filters()) == len(small_atlas.cities)
        # the tables are not hashed, the version names them: same version, same answer
        same = replace(small_atlas, cities=small_atlas.cities.head(1))
        assert cities_in(same, Filters()) == len(small_atlas.cities) > 1
        assert len(calls) == 1


def test_a_new_version_is_computed_again(small_atlas):
    cities_in, calls = _counted(False)
    cities_in.clear()
    cities_in(small_atlas, Filters())
    extended = replace(small_atlas, version=small_atlas.version + "|mine:1")
    cities_in(extended, Filters())
    assert [v for v, _ in calls] == [small_atlas.version, extended.version]


def test_every_field_of_the_filters_is_part_of_the_key(small_atlas):
    """No hand-built key: a field a key would have to list (year, extra) still counts."""
    cities_in, calls = _counted(False)
    cities_in.clear()
    variants = [
        Filters(),
        Filters(regions=("Europe",)),
        Filters(year=2020),
        Filters(extra={"note": "x"}),
    ]
    for filters in variants:
        cities_in(small_atlas, filters)
    assert [f for _, f in calls] == variants


def test_data_results_are_copies_resources_are_shared(small_atlas):
    @atlas_cached()
    def table(atlas: Atlas) -> pd.DataFrame:
        return atlas.cities[["name"]].copy()

    @atlas_cached(resource=True)
    def shared(atlas: Atlas) -> pd.DataFrame:
        return atlas.cities[["name"]].copy()

    assert table(small_atlas) is not table(small_atlas)
    assert shared(small_atlas) is shared(small_atlas)


def test_the_runs_language_is_part_of_the_key_and_the_function_runs_in_it(small_atlas):
    """A cached caption made for a Catalan visitor is never served to an English one."""
    from atlas import i18n

    seen: list[str] = []

    @atlas_cached()
    def caption(atlas: Atlas) -> str:
        seen.append(i18n.current_language())
        return i18n._("no data")

    caption.clear()
    english = caption(small_atlas)
    with i18n.language("ca"):
        catalan = caption(small_atlas)
        assert caption(small_atlas) == catalan
    assert caption(small_atlas) == english == "no data"
    assert seen == ["en", "ca"]
    assert catalan == i18n.translations("ca").gettext("no data")

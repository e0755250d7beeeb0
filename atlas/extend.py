"""Add indicators that exist only for one browser session (an upload, a user-built index).

The curated Atlas is loaded once per process and shared by every session, so it is never
mutated: a session's own indicators are joined onto a copy. Each added catalogue row says where
it came from (`origin`), so every page can mark user data as such.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from atlas.load import Atlas, concat_rows
from atlas.schema import VALUES

ORIGIN_CURATED = "curated"
ORIGIN_DERIVED = "derived"
ORIGIN_USER = "user"
ORIGIN_INDEX = "index"
SESSION_ORIGINS = (ORIGIN_USER, ORIGIN_INDEX)

_CATALOGUE_DEFAULTS = {
    "group": "outputs",
    "higher_is_better": True,
    "geo_unit": "as given by the user",
    "value_type": "number",
    "description": "",
    "default_source_id": pd.NA,
    "derived": False,
    "per_million": False,
    "per_million_note": pd.NA,
}


def _with_optional_columns(values: pd.DataFrame) -> pd.DataFrame:
    """Session values need not carry the columns a curated package may lack (other_value ...)."""
    absent = [name for name in VALUES.late_column_names if name not in values]
    return values.assign(**{name: pd.NA for name in absent}) if absent else values


def extend_atlas(
    atlas: Atlas,
    *,
    indicators: pd.DataFrame,
    values: pd.DataFrame,
    origin: str,
    sources: pd.DataFrame | None = None,
    cities: pd.DataFrame | None = None,
) -> Atlas:
    """A copy of `atlas` with extra catalogue rows, values, sources and cities.

    Ids that clash with curated ones are refused: a session must never change what a curated
    indicator, source or city means.
    """
    if origin not in SESSION_ORIGINS:
        raise ValueError(f"origin must be one of {SESSION_ORIGINS}, not {origin!r}")
    new_ids = indicators["indicator_id"].astype(str)
    clash = sorted(set(new_ids) & set(atlas.indicators.index))
    if clash:
        raise ValueError(f"indicator ids already in the Atlas: {clash}")
    catalogue = indicators.copy()
    for column, default in _CATALOGUE_DEFAULTS.items():
        if column not in catalogue.columns:
            catalogue[column] = default
    catalogue["origin"] = origin
    catalogue = catalogue.set_index(new_ids.to_numpy())
    catalogue.index.name = "indicator_id"
    unknown = sorted(set(values["indicator_id"].astype(str)) - set(new_ids))
    if unknown:
        raise ValueError(f"values for indicators not added: {unknown}")
    changes: dict[str, object] = {
        "indicators": pd.concat([atlas.indicators, catalogue[atlas.indicators.columns]]),
        "values": concat_rows([atlas.values, _with_optional_columns(values)[atlas.values.columns]]),
    }
    if sources is not None and len(sources):
        ids = sources["source_id"].astype(str)
        overlap = sorted(set(ids) & set(atlas.sources.index))
        if overlap:
            raise ValueError(f"source ids already in the Atlas: {overlap}")
        extra = sources.set_index(ids.to_numpy())
        changes["sources"] = pd.concat(
            [atlas.sources, extra.reindex(columns=atlas.sources.columns)]
        )
    if cities is not None and len(cities):
        ids = cities["city_id"].astype(str)
        overlap = sorted(set(ids) & set(atlas.cities.index))
        if overlap:
            raise ValueError(f"city ids already in the Atlas: {overlap}")
        extra = cities.set_index(ids.to_numpy())
        changes["cities"] = pd.concat([atlas.cities, extra.reindex(columns=atlas.cities.columns)])
    return replace(atlas, **changes)

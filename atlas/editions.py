"""How much of a published ranking the Atlas holds, and how a missing figure is worded.

Most rankings in the Atlas are fragments of the publisher's table (WIPO ranks 100 clusters;
the Atlas has the ones its sources name). Pages say so with these sentences, built from
``Atlas.editions`` (places the publisher ranked) and ``Atlas.values`` (places held), so no
count is typed into prose. A city without a figure in a partial ranking is "not in the Atlas's
copy of this ranking", not "no data": it may well be ranked.
"""

from __future__ import annotations

import pandas as pd

from atlas.i18n import N_, _, ngettext
from atlas.load import Atlas
from atlas.numbers import NO_DATA, format_count, format_number

__all__ = [
    "NOT_IN_COPY",
    "absent_from_partial",
    "disagreement_text",
    "held_count",
    "holdings_note",
    "holdings_notes",
    "holdings_summary",
    "missing_text",
    "not_in_copy",
    "places_ranked",
]

#: English source text; shown through :func:`not_in_copy` (``_()`` where it is shown).
NOT_IN_COPY = N_("not in the Atlas's copy of this ranking")
_CLUSTERS = "GII cluster"
_ECOSYSTEMS = "startup ecosystem"


def not_in_copy() -> str:
    """ "not in the Atlas's copy of this ranking" in the run's language."""
    return _(NOT_IN_COPY)


def _unit_kind(meta: pd.Series) -> str:
    """Which noun counts the places of a ranking: clusters, ecosystems or cities. The catalogue
    may arrive in the run's language, so the English value and its translation both match."""
    unit = str(meta["geo_unit"])
    for kind in (_CLUSTERS, _ECOSYSTEMS):
        if unit in (kind, _(kind)):
            return kind
    return "city"


def _held_of(held: int, total: int, kind: str) -> str:
    """'32 of 100 clusters' with the noun agreeing with the total."""
    n = {"n": format_count(held), "total": format_count(total)}
    if kind == _CLUSTERS:
        return ngettext("{n} of {total} cluster", "{n} of {total} clusters", total).format(**n)
    if kind == _ECOSYSTEMS:
        return ngettext("{n} of {total} ecosystem", "{n} of {total} ecosystems", total).format(**n)
    return ngettext("{n} of {total} city", "{n} of {total} cities", total).format(**n)


def _held_of_the(held: int, total: int, kind: str) -> str:
    """'32 of the 100 clusters', for a sentence that names the whole table."""
    n = {"n": format_count(held), "total": format_count(total)}
    if kind == _CLUSTERS:
        return ngettext("{n} of the {total} cluster", "{n} of the {total} clusters", total).format(
            **n
        )
    if kind == _ECOSYSTEMS:
        return ngettext(
            "{n} of the {total} ecosystem", "{n} of the {total} ecosystems", total
        ).format(**n)
    return ngettext("{n} of the {total} city", "{n} of the {total} cities", total).format(**n)


def places_ranked(atlas: Atlas, indicator_id: str, year: int | None) -> int | None:
    """How many places the publisher ranked in that edition, where a source says."""
    editions = atlas.editions
    if year is None or editions is None or editions.empty:
        return None
    match = editions.loc[(editions["indicator_id"] == indicator_id) & (editions["year"] == year)]
    return None if match.empty else int(match["places_ranked"].iloc[0])


def held_count(atlas: Atlas, indicator_id: str, year: int) -> int:
    """Places with a figure for the edition in the Atlas."""
    values = atlas.values
    rows = values.loc[(values["indicator_id"] == indicator_id) & (values["year"] == year)]
    return int(rows["city_id"].nunique())


def holdings_note(atlas: Atlas, indicator_id: str, year: int | None) -> str | None:
    """'The Atlas holds 31 of the 100 clusters ranked in the 2024 edition ...' or None.

    None when the size of the edition is not known (nothing can be said) or the Atlas holds
    the whole table.
    """
    total = places_ranked(atlas, indicator_id, year)
    if total is None or year is None:
        return None
    held = held_count(atlas, indicator_id, year)
    if held >= total:
        return None
    meta = atlas.indicators.loc[indicator_id]
    return _(
        "The Atlas holds {held} ranked in the {year} edition of {label}: a city without a "
        "figure is not in the Atlas's copy of this ranking, not necessarily unranked."
    ).format(held=_held_of_the(held, total, _unit_kind(meta)), year=year, label=meta["label"])


def _latest_year(atlas: Atlas, indicator_id: str, up_to: int | None) -> int | None:
    """The newest edition of an indicator the Atlas holds (up to ``up_to``), or None."""
    years = atlas.values.loc[atlas.values["indicator_id"] == indicator_id, "year"]
    if up_to is not None:
        years = years[years <= up_to]
    return None if years.empty else int(years.max())


def holdings_notes(
    atlas: Atlas, indicator_ids: list[str] | tuple[str, ...], up_to: int | None = None
) -> list[str]:
    """The holdings note of each indicator's latest edition (up to ``up_to``), where partial."""
    notes = []
    for indicator_id in indicator_ids:
        year = _latest_year(atlas, indicator_id, up_to)
        if year is None:
            continue
        note = holdings_note(atlas, indicator_id, year)
        if note:
            notes.append(note)
    return notes


def holdings_summary(
    atlas: Atlas, indicator_ids: list[str] | tuple[str, ...], up_to: int | None = None
) -> list[str]:
    """'GII S&T cluster rank 2024: 32 of 100 clusters' for each partial latest edition."""
    out = []
    for indicator_id in indicator_ids:
        year = _latest_year(atlas, indicator_id, up_to)
        if year is None:
            continue
        total = places_ranked(atlas, indicator_id, year)
        held = held_count(atlas, indicator_id, year)
        if total is None or held >= total:
            continue
        meta = atlas.indicators.loc[indicator_id]
        out.append(
            _("{label} {year}: {held}").format(
                label=meta["label"], year=year, held=_held_of(held, total, _unit_kind(meta))
            )
        )
    return out


def missing_text(atlas: Atlas, indicator_id: str, year: int | None) -> str:
    """What an empty cell says, in the run's language: 'not in the Atlas's copy of this
    ranking' or 'no data'."""
    total = places_ranked(atlas, indicator_id, year)
    if total is not None and year is not None and held_count(atlas, indicator_id, year) < total:
        return not_in_copy()
    return _(NO_DATA)


def absent_from_partial(atlas: Atlas, city_id: str, up_to: int | None = None) -> list[str]:
    """Partial rankings whose latest edition (up to ``up_to``) has no figure for the city:
    'GII S&T cluster rank 2024 (the Atlas holds 32 of the 100 clusters ranked)'."""
    editions = atlas.editions
    if editions is None or editions.empty:
        return []
    if up_to is not None:
        editions = editions.loc[editions["year"] <= up_to]
    latest = editions.sort_values("year").drop_duplicates("indicator_id", keep="last")
    mine = atlas.values.loc[atlas.values["city_id"] == city_id, ["indicator_id", "year"]]
    held_here = set(zip(mine["indicator_id"], mine["year"], strict=True))
    out = []
    for row in latest.itertuples(index=False):
        year, indicator_id = int(row.year), str(row.indicator_id)
        if indicator_id not in atlas.indicators.index or (indicator_id, year) in held_here:
            continue
        held = held_count(atlas, indicator_id, year)
        if held >= int(row.places_ranked):
            continue
        meta = atlas.indicators.loc[indicator_id]
        out.append(
            _("{label} {year} (the Atlas holds {held} ranked)").format(
                label=meta["label"],
                year=year,
                held=_held_of_the(held, int(row.places_ranked), _unit_kind(meta)),
            )
        )
    return out


def disagreement_text(row: pd.Series, sources: pd.DataFrame) -> str | None:
    """'Sources disagree: 45 (WIPO, 2025) and 62 (...)' for a value with an other_value."""
    other = row.get("other_value")
    if other is None or pd.isna(other):
        return None
    publisher = sources["publisher"]
    first = publisher.get(row["source_id"], row["source_id"])
    second = publisher.get(row.get("other_source_id"), row.get("other_source_id"))
    return _("Sources disagree: {value} ({source}) and {other} ({other_source})").format(
        value=format_number(row["value"]),
        source=first,
        other=format_number(other),
        other_source=second,
    )

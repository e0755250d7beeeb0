"""The hubs directory as plain functions: who operates which office where, and since when.

Pages (Hubs, City profile) filter and count hubs the same way through these functions, so a
hub counted on one page is the hub listed on the other. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import pycountry
from babel import Locale

from atlas import terms
from atlas.i18n import N_, SOURCE_LANGUAGE, _, current_language
from atlas.schema import HUBS

#: Operators that are not one country (docs/DATA_MODEL.md, hubs.operator_country).
MULTILATERAL_OPERATORS: dict[str, str] = {
    "EU": N_("European Union"),
    "NORDIC": N_("Nordic countries (jointly)"),
    "INT": N_("International organisation"),
}
#: What a missing operator or status reads as.
NOT_STATED = N_("not stated")

DIRECTORY_COLUMNS: list[str] = [
    "hub_id",
    "name",
    "type",
    "operator",
    "operator_country",
    "operator_country_name",
    "host_city_id",
    "host_city",
    "host_country_name",
    "year_opened",
    "status",
    "year_closed",
    "last_confirmed",
    "source_id",
    "source",
    "source_url",
]


def operator_country_name(code: object) -> str:
    """'CH' -> 'Switzerland', 'EU' -> 'European Union'; an unknown code is shown as given.

    In the run's language: Babel's CLDR territory names (*Suiza*, *Suïssa*, *Suisse*); English
    keeps pycountry's common names, which the Atlas has always shown.
    """
    if not isinstance(code, str) or not code:
        return _(NOT_STATED)
    if code in MULTILATERAL_OPERATORS:
        return _(MULTILATERAL_OPERATORS[code])
    language = current_language()
    if language != SOURCE_LANGUAGE:
        name = Locale.parse(language).territories.get(code)
        if name:
            return name
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def operator_names(codes: Collection[object]) -> dict[str, str]:
    """Code -> display name for every operator code present, sorted by name."""
    names = {str(c): operator_country_name(c) for c in pd.unique(pd.Series(list(codes))) if c}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def select_hubs(
    hubs: pd.DataFrame,
    *,
    types: Collection[str] = (),
    statuses: Collection[str] = (),
    operators: Collection[str] = (),
    host_city_ids: Collection[str] | None = None,
    opened_by: int | None = None,
    confirmed_since: int | None = None,
) -> pd.DataFrame:
    """Hubs passing every given filter; an empty collection means 'no filter on this'.

    ``opened_by`` keeps hubs opened in or before that year; a hub with no known opening year
    cannot be shown to exist by then and is left out (pages say how many).
    ``confirmed_since`` keeps hubs whose newest confirming source is from that year or later;
    a hub whose sources are undated is left out.
    """
    keep = pd.Series(True, index=hubs.index)
    if types:
        keep &= hubs["type"].isin(list(types)).fillna(False).astype(bool)
    if statuses:
        keep &= hubs["status"].isin(list(statuses)).fillna(False).astype(bool)
    if operators:
        keep &= hubs["operator_country"].isin(list(operators)).fillna(False).astype(bool)
    if host_city_ids is not None:
        keep &= hubs["host_city_id"].isin(list(host_city_ids)).fillna(False).astype(bool)
    if opened_by is not None:
        keep &= hubs["year_opened"].le(opened_by).fillna(False).astype(bool)
    if confirmed_since is not None:
        keep &= hubs["last_confirmed"].ge(confirmed_since).fillna(False).astype(bool)
    return hubs.loc[keep]


def status_text(status: object, year_closed: object, last_confirmed: object) -> str:
    """'closed in 2018', 'active, last confirmed 2006': what the sources say, with their age."""
    missing = status is None or pd.isna(status)
    shown = _(NOT_STATED) if missing else terms.hub_status(status)
    if status == "closed" and not pd.isna(year_closed):
        shown = _("closed in {year}").format(year=int(year_closed))
    if pd.isna(last_confirmed):
        return _("{status}, source undated").format(status=shown)
    return _("{status}, last confirmed {year}").format(status=shown, year=int(last_confirmed))


def directory(hubs: pd.DataFrame, cities: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Hubs with the names a reader needs (operator country, host city, source publisher).

    ``cities`` and ``sources`` are indexed by their ids, as on ``Atlas``. Sorted by host city,
    then hub name, so the list reads like a directory.
    """
    for column in HUBS.late_column_names:  # a package made before they existed
        if column not in hubs.columns:
            hubs = hubs.assign(**{column: pd.Series(pd.NA, index=hubs.index, dtype="Int64")})
    out = hubs.assign(
        operator_country_name=hubs["operator_country"].map(operator_country_name),
        host_city=hubs["host_city_id"].map(cities["name"]),
        host_country_name=hubs["host_city_id"].map(cities["country_name"]),
        source=hubs["source_id"].map(sources["publisher"]),
        source_url=hubs["source_id"].map(sources["url"]),
    )
    out = out.sort_values(["host_city", "name"], kind="stable")
    return out.loc[:, DIRECTORY_COLUMNS].reset_index(drop=True)


def counts_by(frame: pd.DataFrame, key: str, label: str, cite_col: str = "source") -> pd.DataFrame:
    """How many rows each ``key`` has, with its display ``label``, largest first.

    ``cite_col`` (publishers) is joined per group into a ``sources`` column, so a table or a
    download of the counts still credits every publisher behind them.
    """
    columns = [key, label, "hubs", "sources"]
    if frame.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c == "hubs" else "str") for c in columns}
        )
    grouped = frame.groupby(key, sort=False, dropna=True)
    out = pd.DataFrame(
        {
            label: grouped[label].first(),
            "hubs": grouped.size(),
            "sources": grouped[cite_col].agg(lambda s: "; ".join(sorted(set(s.dropna())))),
        }
    ).reset_index()
    out = out.sort_values(["hubs", label], ascending=[False, True], kind="stable")
    return out.loc[:, columns].reset_index(drop=True)


def hosted_by(hubs: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """Hubs located in the city, any status (closed ones are history worth showing)."""
    return hubs.loc[hubs["host_city_id"] == city_id]


def operated_elsewhere(hubs: pd.DataFrame, cities: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """Hubs the city's country operates in other cities (abroad, or elsewhere at home).

    ``cities`` is indexed by city id. A city-run initiative is operated by its country code
    too, so the city's own hubs are excluded by host, not by operator.
    """
    country = cities.at[city_id, "country"]
    mine = hubs["operator_country"].eq(country).fillna(False).astype(bool)
    return hubs.loc[mine & hubs["host_city_id"].ne(city_id).fillna(True).astype(bool)]

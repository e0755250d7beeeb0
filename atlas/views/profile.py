"""The City profile's model: everything the page shows about one city, no Streamlit.

:func:`city_profile` gathers each section's table with display names, its sources line and the
counts the header shows, so a rerun of the page only draws. ui/profile_view.py caches it as a
shared resource (no copy per read: unpickling was a third of a rerun) and draws the figure and
the partner map; the profile is read-only for pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from atlas import hubs as hub_data
from atlas import network, terms
from atlas.catalogue import GROUP_ORDER
from atlas.citation import DERIVED_SHORT, markdown_line
from atlas.i18n import N_, _
from atlas.load import Atlas
from atlas.numbers import format_number
from atlas.percentiles import percentiles
from atlas.placenames import city_picker_labels
from atlas.schema import DERIVED_SOURCE_ID
from atlas.urlstate import OptionalChoice
from atlas.views.links import profile_url
from atlas.wording import quantity


def city_param(labels: Mapping[str, str]) -> OptionalChoice:
    """The profile's `city` link parameter: any city id, or none chosen yet."""
    return OptionalChoice(
        "city",
        labels,
        label=N_("city"),
        unknown=N_("is not a city in the Atlas; choose one from the list below."),
    )


@dataclass
class Section:
    """One table of the profile: display columns plus ``source_id``, and its sources line."""

    table: pd.DataFrame
    line: str

    @property
    def empty(self) -> bool:
        return self.table.empty


@dataclass
class CityProfile:
    """The frames and counts of one city's profile (for one sidebar year)."""

    city_id: str
    standing: Section
    outputs_long: pd.DataFrame  # several editions: long rows for the small multiples
    outputs_table: Section  # the same rows as a table
    outputs_latest: Section  # indicators published for one edition only
    hosted: Section
    elsewhere: Section
    partners_raw: pd.DataFrame  # every agreement, seen from the city (for the map)
    partners: Section
    networks: Section
    active_hubs: int
    active_elsewhere: int
    active_partners: int
    n_networks: int


def city_labels(atlas: Atlas) -> dict[str, str]:
    """city id -> 'Name, Country (other names)', ordered by that label (the picker's order)."""
    return city_picker_labels(atlas)


def suggested_cities(atlas: Atlas, limit: int = 8) -> list[str]:
    """Cities with the most active hubs: good first profiles to open."""
    hosted = atlas.values.loc[atlas.values["indicator_id"] == "hubs_hosted"]
    ranked = hosted.sort_values(["value", "city_id"], ascending=[False, True])
    return [c for c in ranked["city_id"].head(limit) if c in atlas.cities.index]


def city_profile(atlas: Atlas, city_id: str, year: int | None) -> CityProfile:
    """The profile of ``city_id`` with figures up to ``year`` (None: latest)."""
    values = atlas.values if year is None else atlas.values.loc[atlas.values["year"] <= year]
    hosted_raw = hub_data.directory(
        hub_data.hosted_by(atlas.hubs, city_id), atlas.cities, atlas.sources
    )
    elsewhere_raw = hub_data.directory(
        hub_data.operated_elsewhere(atlas.hubs, atlas.cities, city_id),
        atlas.cities,
        atlas.sources,
    )
    partners_raw = _partners(atlas, city_id)
    members = _memberships(atlas, city_id)
    outputs = _outputs(atlas, values, city_id)
    several = outputs.loc[outputs["editions"] > 1]
    latest = outputs.loc[outputs["editions"] == 1].drop_duplicates("indicator_id", keep="last")
    active = partners_raw["status"] == "active"
    return CityProfile(
        city_id=city_id,
        standing=_section(atlas, _standing(atlas, values, city_id)),
        outputs_long=several,
        outputs_table=_section(atlas, several[list(OUTPUT_COLUMNS)].rename(columns=OUTPUT_COLUMNS)),
        outputs_latest=_section(atlas, latest[list(OUTPUT_COLUMNS)].rename(columns=OUTPUT_COLUMNS)),
        hosted=_section(
            atlas, _hub_terms(hosted_raw)[list(HOSTED_COLUMNS)].rename(columns=HOSTED_COLUMNS)
        ),
        elsewhere=_section(
            atlas,
            _hub_terms(elsewhere_raw)[list(ELSEWHERE_COLUMNS)].rename(columns=ELSEWHERE_COLUMNS),
        ),
        partners_raw=partners_raw,
        partners=_section(
            atlas,
            _agreement_terms(partners_raw)[list(PARTNER_COLUMNS)].rename(columns=PARTNER_COLUMNS),
        ),
        networks=_section(atlas, members[list(NETWORK_COLUMNS)].rename(columns=NETWORK_COLUMNS)),
        active_hubs=int((hosted_raw["status"] == "active").sum()),
        active_elsewhere=int((elsewhere_raw["status"] == "active").sum()),
        active_partners=int(partners_raw.loc[active, "partner_id"].nunique()),
        n_networks=int(members["network_id"].nunique()),
    )


def _hub_terms(hubs: pd.DataFrame) -> pd.DataFrame:
    """Hub types and statuses as the reader's language names them (the raw frame, which the
    counts and colours use, keeps the schema's values)."""
    return hubs.assign(
        type=hubs["type"].map(terms.hub_type, na_action="ignore"),
        status=hubs["status"].map(terms.hub_status, na_action="ignore"),
    )


def _agreement_terms(agreements: pd.DataFrame) -> pd.DataFrame:
    """Agreement types and statuses in the reader's language, for the table shown."""
    return agreements.assign(
        type=agreements["type"].map(terms.partnership_type, na_action="ignore"),
        status=agreements["status"].map(terms.partnership_status, na_action="ignore"),
    )


def _section(atlas: Atlas, table: pd.DataFrame) -> Section:
    return Section(table.reset_index(drop=True), markdown_line(atlas.sources, table["source_id"]))


STANDING_COLUMNS = {
    "label": N_("Indicator"),
    "value_text": N_("Value"),
    "year": N_("Year"),
    "percentile_all": N_("vs all cities"),
    "n_all": N_("Among"),
    "percentile_region": N_("vs region"),
    "n_region": N_("Among (region)"),
    "geography": N_("Geography"),
    "source": N_("Source"),
    "source_id": "source_id",
}
OUTPUT_COLUMNS = {
    "label": N_("Indicator"),
    "value_text": N_("Value"),
    "unit": N_("Unit"),
    "year": N_("Year"),
    "geography": N_("Geography"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "source_id": "source_id",
}
HOSTED_COLUMNS = {
    "name": N_("Hub"),
    "type": N_("Type"),
    "operator": N_("Operator"),
    "operator_country_name": N_("Operator country"),
    "year_opened": N_("Opened"),
    "status": N_("Status"),
    "year_closed": N_("Closed"),
    "last_confirmed": N_("Last confirmed"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "source_id": "source_id",
}
ELSEWHERE_COLUMNS = {
    "name": N_("Hub"),
    "type": N_("Type"),
    "operator": N_("Operator"),
    "host_city": N_("Host city"),
    "host_country_name": N_("Host country"),
    "year_opened": N_("Opened"),
    "status": N_("Status"),
    "year_closed": N_("Closed"),
    "last_confirmed": N_("Last confirmed"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "source_id": "source_id",
}
PARTNER_COLUMNS = {
    "partner": N_("Partner"),
    "partner_country": N_("Country"),
    "type": N_("Type"),
    "year": N_("Year"),
    "status": N_("Status"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "profile": N_("Profile"),
    "source_id": "source_id",
}
NETWORK_COLUMNS = {
    "network": N_("Network"),
    "role": N_("Role"),
    "since": N_("Since"),
    "until": N_("Until"),
    "coverage": N_("Member list"),
    "source": N_("Source"),
    "source_url": N_("Link"),
    "source_id": "source_id",
}


#: How complete a network's member list is, as the Networks table says it.
COMPLETE_LIST = N_("complete list")
INCOMPLETE_LIST = N_("list incomplete")


def _geography(catalogue: pd.DataFrame, indicator_ids: pd.Series, unit_names: list) -> list:
    return [
        # Translators: a figure's geography, e.g. "GII cluster: Barcelona" (the unit's name)
        _("{geo_unit}: {name}").format(geo_unit=catalogue.at[i, "geo_unit"], name=u)
        if isinstance(u, str) and u
        else catalogue.at[i, "geo_unit"]
        for i, u in zip(indicator_ids, unit_names, strict=True)
    ]


def _standing(atlas: Atlas, values: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """Percentile rows (atlas.percentiles) with the geography and source of the city's figure."""
    table = percentiles(values, atlas.cities, city_id, atlas.indicators)
    if table.empty:
        return pd.DataFrame(columns=list(STANDING_COLUMNS.values()))
    own = values.loc[values["city_id"] == city_id].set_index(["indicator_id", "year"])
    keys = list(zip(table["indicator_id"], table["year"], strict=True))
    table["geography"] = _geography(
        atlas.indicators, table["indicator_id"], [own["unit_name"].get(k) for k in keys]
    )
    table["source_id"] = [own["source_id"].get(k) for k in keys]
    table["source"] = table["source_id"].map(atlas.sources["publisher"])
    table.loc[table["source_id"].eq(DERIVED_SOURCE_ID).fillna(False), "source"] = DERIVED_SHORT
    table["value_text"] = [
        quantity(v, u) for v, u in zip(table["value"], table["unit"], strict=True)
    ]
    if pd.isna(atlas.cities.at[city_id, "population_year"]):
        # no source gives a census year for the population: none is shown
        table["year"] = table["year"].astype("Int64").mask(table["indicator_id"] == "population")
    table["_order"] = table["group"].map(GROUP_ORDER)
    table = table.sort_values(["_order", "label"], kind="stable")
    return table[list(STANDING_COLUMNS)].rename(columns=STANDING_COLUMNS)


def _outputs(atlas: Atlas, values: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """The city's output indicators, every edition, with how many editions each has."""
    catalogue = atlas.indicators
    outputs = catalogue.index[catalogue["group"] == "outputs"]
    rows = values.loc[(values["city_id"] == city_id) & values["indicator_id"].isin(outputs)]
    rows = rows.dropna(subset=["value"]).copy()
    rows["name"] = atlas.cities.at[city_id, "name"]
    rows["label"] = rows["indicator_id"].map(catalogue["label"])
    rows["unit"] = rows["indicator_id"].map(catalogue["unit"])
    rows["higher_is_better"] = rows["indicator_id"].map(catalogue["higher_is_better"])
    rows["geography"] = _geography(catalogue, rows["indicator_id"], list(rows["unit_name"]))
    rows["source"] = rows["source_id"].map(atlas.sources["publisher"])
    rows["source_url"] = rows["source_id"].map(atlas.sources["url"])
    rows["value_text"] = rows["value"].map(format_number)
    rows["year"] = rows["year"].astype("int64")
    rows["editions"] = rows["indicator_id"].map(rows.groupby("indicator_id")["year"].nunique())
    return rows.sort_values(["label", "year"], kind="stable")


def _partners(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """Every agreement of the city, seen from it, with the partner's name and coordinates."""
    cities = atlas.cities
    rows = network.partners_of(atlas.partnerships, city_id)
    rows = rows.loc[rows["partner_id"].isin(cities.index)]
    me = cities.loc[city_id]
    return rows.assign(
        partner=rows["partner_id"].map(cities["name"]),
        partner_country=rows["partner_id"].map(cities["country_name"]),
        source=rows["source_id"].map(atlas.sources["publisher"]),
        source_url=rows["source_id"].map(atlas.sources["url"]),
        profile=rows["partner_id"].map(profile_url),
        # arcs drawn from this city to each partner
        name_a=me["name"],
        lat_a=float(me["latitude"]),
        lon_a=float(me["longitude"]),
        name_b=rows["partner_id"].map(cities["name"]),
        lat_b=rows["partner_id"].map(cities["latitude"]),
        lon_b=rows["partner_id"].map(cities["longitude"]),
    ).reset_index(drop=True)


def _memberships(atlas: Atlas, city_id: str) -> pd.DataFrame:
    """The city's network memberships and roles, with the network's list coverage."""
    rows = atlas.memberships.loc[atlas.memberships["city_id"] == city_id]
    networks = atlas.networks
    out = rows.assign(
        network=rows["network_id"].map(networks["name"]),
        coverage=rows["network_id"]
        .map(networks["list_coverage"])
        .map({"complete": _(COMPLETE_LIST), "incomplete": _(INCOMPLETE_LIST)}),
        source=rows["source_id"].map(atlas.sources["publisher"]),
        source_url=rows["source_id"].map(atlas.sources["url"]),
    )
    return out.sort_values(["network", "since", "role"], na_position="last")

"""The Data and methods page's tables, built from the Atlas: sources, definitions, geography.

Pure pandas, no Streamlit: ui/methods_view.py caches them per data version and draws them as
data. The geographic units are worded as data/README.md ("Units: which geography a figure
describes") and docs/DATA_MODEL.md word them, so the page and the documentation never disagree.
"""

from __future__ import annotations

import pandas as pd

from atlas import citation, terms
from atlas.catalogue import group_name
from atlas.extend import ORIGIN_CURATED, ORIGIN_DERIVED, ORIGIN_INDEX, ORIGIN_USER
from atlas.i18n import N_, _
from atlas.load import Atlas
from atlas.upload.text import normalise_name

__all__ = [
    "GEO_UNITS",
    "ORIGIN_LABELS",
    "definitions_table",
    "filter_sources",
    "geography_rows",
    "sources_table",
]

# English source texts, marked for translation; the tables below show them in the run's language.
ORIGIN_LABELS = {
    ORIGIN_CURATED: N_("published figure (curated)"),
    ORIGIN_DERIVED: N_("computed by the Atlas"),
    ORIGIN_USER: N_("your data (this session)"),
    ORIGIN_INDEX: N_("your index (this session)"),
}
GEO_UNITS: dict[str, str] = {
    "city proper": N_(
        "The city within its administrative boundary, as GeoNames records it. "
        "GeoNames population and everything the Atlas counts itself (hubs hosted, partnerships, "
        "network memberships) describe the city proper."
    ),
    "metro": N_(
        "A metropolitan area: the city and the built-up or commuting area around it. The "
        "Atlas has no indicator of its own at this level, but Nature Index cities and some "
        "ranking cities are metropolitan units as their publishers define them. A metro figure is "
        "not comparable with a city-proper one."
    ),
    "GII cluster": N_(
        "WIPO's science and technology clusters are drawn from where inventors and "
        "authors live and can span cities and borders (“Shenzhen–Hong Kong–Guangzhou”, "
        "“Singapore” shared with Malaysia). A cluster figure is attached to one anchor city (the "
        "first-named city of the GII name) and the app always shows the cluster name beside it. "
        "Every Bay Area unit (GII “San Jose–San Francisco”, Nature Index “San Francisco Bay Area”, "
        "Startup Genome “Silicon Valley”) is anchored at San Francisco."
    ),
    "startup ecosystem": N_(
        "Startup Genome's ecosystems cover roughly a 100 km radius; PitchBook's "
        "start-up hubs are similar regional units."
    ),
    "Nature Index city": N_("Metropolitan units as the Nature Index defines them."),
    "ranking city": N_(
        "The unit a city index (GPCI, GIHI, 2thinknow) ranks, city or metro as published."
    ),
    # Translators: geographic unit of a user's uploaded data (its geography is not known)
    N_("as uploaded"): N_(
        "Data you uploaded in this session: the Atlas cannot know which geography "
        "your figures describe, so it shows them as given."
    ),
}


def _fold(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).map(normalise_name)


def sources_table(atlas: Atlas) -> pd.DataFrame:
    """Every source with how many rows of the Atlas cite it, plus a folded search column."""
    cited = pd.concat(
        [
            atlas.values.loc[atlas.values["basis"] != "derived", "source_id"],
            atlas.cities["source_id"],
            atlas.hubs["source_id"],
            atlas.partnerships["source_id"],
            atlas.networks["source_id"],
            atlas.memberships["source_id"],
        ]
    ).value_counts()
    src = atlas.sources
    table = pd.DataFrame(
        {
            "source_id": src.index.astype(str),
            "Publisher": src["publisher"].astype(str).to_numpy(),
            "Title": src["title"].astype(str).to_numpy(),
            "Link": src["url"].where(src["url"].notna(), None).to_numpy(),
            "Licence or terms": src["licence"].to_numpy(),
            "Year": src["year"].astype("Int64").to_numpy(),
            "Retrieved": src["retrieved"].to_numpy(),
            "Rows citing it": src.index.map(lambda s: int(cited.get(s, 0))).to_numpy(),
            "Note": src["note"].to_numpy(),
        }
    )
    table["_search"] = (
        _fold(table["Publisher"])
        + " "
        + _fold(table["Title"])
        + " "
        + _fold(table["Link"])
        + " "
        + _fold(table["Licence or terms"])
        + " "
        + _fold(table["Note"])
    )
    return table.sort_values(["Publisher", "Title"], key=lambda s: s.str.lower()).reset_index(
        drop=True
    )


def filter_sources(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose publisher, title, link, licence or note contain every word of the query
    (accents and case ignored, so "zurich" finds "Zürich")."""
    words = [w for w in normalise_name(query or "").split() if w]
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= table["_search"].str.contains(word, regex=False)
    return table.loc[keep]


def definitions_table(atlas: Atlas) -> pd.DataFrame:
    """The indicator catalogue as people read it: one row per indicator, words not flags, in
    the run's language (column ids stay English: the page labels them, downloads keep them)."""
    cat = atlas.indicators
    src = atlas.sources
    higher, lower = _("higher is better"), _("lower is better")
    # Translators: whether an indicator is derived (computed by the Atlas)
    yes, no = _("yes"), _("no")
    offered, not_offered = _("offered"), _("not offered")

    return pd.DataFrame(
        {
            "indicator_id": cat.index.astype(str),
            "Indicator": cat["label"].to_numpy(),
            "Unit": cat["unit"].to_numpy(),
            "Group": cat["group"].map(group_name).to_numpy(),
            "Direction": cat["higher_is_better"].map(lambda h: higher if h else lower).to_numpy(),
            "Geographic unit": cat["geo_unit"].map(terms.geo_unit).to_numpy(),
            "Description": cat["description"].to_numpy(),
            "Default source": [citation.credit(src, sid) for sid in cat["default_source_id"]],
            "Derived": cat["derived"].map(lambda d: yes if d else no).to_numpy(),
            "Origin": cat["origin"]
            .map(lambda o: _(ORIGIN_LABELS[str(o)]) if str(o) in ORIGIN_LABELS else str(o))
            .to_numpy(),
            "Per million": [
                offered if pm else (note if isinstance(note, str) and note else not_offered)
                for pm, note in zip(cat["per_million"], cat["per_million_note"], strict=True)
            ],
            "_source_id": cat["default_source_id"].to_numpy(),
            "_group": cat["group"].to_numpy(),  # the id the page's group filter compares
        }
    )


def geography_rows(atlas: Atlas) -> list[dict[str, object]]:
    """One row per geographic unit: what it covers and which indicators use it. A unit the
    data uses that GEO_UNITS does not describe yet is listed too, so it is never hidden.

    "Geographic unit" is the data's English value (the key); "Name" and the prose are in the
    run's language. A catalogue whose units arrive already translated matches by the name."""
    cat = atlas.indicators
    used = cat.groupby("geo_unit", sort=False)["label"].agg(list)
    known: set[str] = set()
    rows = []
    for unit, text in GEO_UNITS.items():
        name = terms.geo_unit(unit)
        known.update((unit, name))
        labels = used.get(unit, used.get(name, []))
        if unit == "as uploaded" and not labels:
            continue
        rows.append(
            {
                "Geographic unit": unit,
                "Name": name,
                "What it covers": _(text),
                "Indicators": len(labels),
                # Translators: a geographic unit that no indicator of the Atlas uses
                "Which": "; ".join(labels) if labels else _("none of its own"),
            }
        )
    for unit, labels in used.items():  # a unit added to the data but not described here yet
        if unit not in known:
            rows.append(
                {
                    "Geographic unit": unit,
                    "Name": str(unit),
                    "What it covers": _("See the indicator descriptions."),
                    "Indicators": len(labels),
                    "Which": "; ".join(labels),
                }
            )
    return rows

"""The indicator catalogue's rules, read in one place: what a row of indicators.csv means.

Whether an indicator is a published rank, which direction is better, whether it may be shown
per million inhabitants, how its groups are ordered and how its unit reads on an axis were
decided in the Rankings view (and imported from there by Compare), again in the input/output
pairing, the peers, the percentiles and the Index builder. Each page now asks this module, so
adding an indicator is a row of the catalogue and nothing else.

Every function takes the catalogue frame (``Atlas.indicators``, indexed by ``indicator_id``) or
one of its rows (``meta``), so session catalogues (a user's upload, the Index builder's score)
follow the same rules as the curated one.
"""

from __future__ import annotations

import pandas as pd

from atlas.i18n import N_, _
from atlas.schema import INDICATOR_GROUPS, INDICATORS

__all__ = [
    "COLUMNS",
    "GROUP_NAMES",
    "GROUP_ORDER",
    "ORIGIN_SUFFIX",
    "directions",
    "group_name",
    "higher_is_better",
    "is_rank",
    "labels",
    "per_million_offered",
    "unit_label",
]

#: The catalogue's columns, in the file's order (the schema is their one description).
COLUMNS: tuple[str, ...] = tuple(INDICATORS.column_names)
#: group -> position, for sorting indicators the way the catalogue's groups read.
GROUP_ORDER: dict[str, int] = {group: i for i, group in enumerate(INDICATOR_GROUPS)}
#: group -> its display name (marked here, translated where shown: see :func:`group_name`).
GROUP_NAMES: dict[str, str] = {
    # Translators: indicator group: the talent and money a city puts in (docs/GLOSSARY.md)
    "inputs": N_("inputs"),
    # Translators: indicator group: what a city's inputs produce (docs/GLOSSARY.md)
    "outputs": N_("outputs"),
    # Translators: indicator group: population and other facts about a city
    "profile": N_("profile"),
    # Translators: indicator group: science diplomacy hubs a city hosts
    "diplomacy": N_("diplomacy"),
    # Translators: indicator group: agreements between cities and network memberships
    "partnerships": N_("partnerships"),
}
#: How a picker marks an indicator that exists only in this session.
ORIGIN_SUFFIX = {"user": N_(" (your data)"), "index": N_(" (your index)")}


def group_name(group: object) -> str:
    """A group as a reader sees it, in the run's language; the data keeps the English id
    (filters and links use it), and a group outside the list is shown as it is."""
    text = "" if group is None else str(group)
    return _(GROUP_NAMES[text]) if text in GROUP_NAMES else text


def labels(indicators: pd.DataFrame) -> dict[str, str]:
    """id -> label for pickers, session-only indicators marked as the user's own."""
    origin = (
        indicators["origin"]
        if "origin" in indicators.columns
        else pd.Series("", index=indicators.index)
    )
    suffixes = {k: _(v) for k, v in ORIGIN_SUFFIX.items()}
    return {
        str(i): f"{indicators.at[i, 'label']}{suffixes.get(str(origin.get(i)), '')}"
        for i in indicators.index
    }


def is_rank(meta: pd.Series) -> bool:
    """Published ranks (lower is better) are drawn and compared differently from amounts.

    A user's upload may type its unit "rank" without a value type, so the unit counts too.
    """
    return str(meta.get("value_type")) == "rank" or str(meta.get("unit")).strip() == "rank"


def higher_is_better(meta: pd.Series) -> bool:
    """The indicator's direction: a rank never has higher better; a missing flag means higher
    is better (counts and amounts, the common case)."""
    if is_rank(meta):
        return False
    value = meta.get("higher_is_better")
    return True if value is None or pd.isna(value) else bool(value)


def directions(indicators: pd.DataFrame) -> pd.Series:
    """:func:`higher_is_better` for every indicator of a catalogue, as a boolean Series."""
    if indicators.empty:
        return pd.Series(dtype=bool, index=indicators.index)
    return indicators.apply(higher_is_better, axis=1).astype(bool)


def per_million_offered(meta: pd.Series) -> tuple[bool, str]:
    """Whether a per-million form is valid, and if not, the catalogue's reason in words."""
    flag = meta.get("per_million")
    if flag is not None and not pd.isna(flag) and bool(flag):
        return True, ""
    note = meta.get("per_million_note")
    if note is None or pd.isna(note) or not str(note).strip():
        note = _("the catalogue does not mark this indicator as valid per inhabitant.")
    return False, str(note)


def unit_label(meta: pd.Series, per_million: bool = False) -> str:
    """The unit as an axis or a column header says it, per million where that form is shown."""
    unit = str(meta["unit"])
    return _("{unit} per million inhabitants").format(unit=unit) if per_million else unit

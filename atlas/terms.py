"""The names the Atlas shows for the values of its data's fixed lists, in the run's language.

The data keeps one English value per hub type, status, region or geographic unit (the schema's
lists, atlas/schema.py); filters, colours and links use those values, so they never change
with the language. What a reader sees goes through these functions. A status is translated in
its context, because "active" is *activo* for a hub but *vigente* for an agreement
(docs/GLOSSARY.md). A value outside the lists (a session's upload) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from atlas.i18n import N_, NP_, _, pgettext

# Marked for extraction; the tuples mirror atlas/schema.py, which tests/atlas/test_terms.py
# checks, so a value added there cannot be left untranslated here.
HUB_TYPE_NAMES = (
    N_("innovation centre"),
    N_("science attaché office"),
    N_("agency office"),
    N_("tech diplomacy"),
    N_("landing pad"),
    N_("international organisation"),
    N_("city initiative"),
)
HUB_STATUS_NAMES = (
    NP_("hub status", "active"),
    NP_("hub status", "closed"),
    NP_("hub status", "announced"),
)
PARTNERSHIP_TYPE_NAMES = (
    N_("twinning"),
    N_("sister city"),
    N_("friendship city"),
    N_("cooperation agreement"),
    N_("science partnership"),
)
PARTNERSHIP_STATUS_NAMES = (
    NP_("agreement status", "active"),
    NP_("agreement status", "ended"),
    NP_("agreement status", "suspended"),
    NP_("agreement status", "planned"),
)
REGION_NAMES = (
    N_("Africa"),
    N_("Asia"),
    N_("Europe"),
    N_("Latin America and Caribbean"),
    N_("North America"),
    N_("Oceania"),
)
GEO_UNIT_NAMES = (
    N_("city proper"),
    N_("metro"),
    N_("GII cluster"),
    N_("startup ecosystem"),
    N_("Nature Index city"),
    N_("ranking city"),
    N_("municipality"),
)
ROLE_GROUP_NAMES = (N_("member"), N_("founder"), N_("leadership"))


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def hub_type(value: object) -> str:
    return _(_shown(value)) if value else _shown(value)


def hub_status(value: object) -> str:
    return pgettext("hub status", _shown(value)) if value else _shown(value)


def partnership_type(value: object) -> str:
    return _(_shown(value)) if value else _shown(value)


def partnership_status(value: object) -> str:
    return pgettext("agreement status", _shown(value)) if value else _shown(value)


def region(value: object) -> str:
    return _(_shown(value)) if value else _shown(value)


def geo_unit(value: object) -> str:
    return _(_shown(value)) if value else _shown(value)


def role_group(value: object) -> str:
    return _(_shown(value)) if value else _shown(value)


def named(values: pd.Series, name: Callable[[object], str]) -> pd.Series:
    """``values.map(name, na_action="ignore")``, calling ``name`` once per distinct value.

    A column of a few distinct values (six regions) can hold 100,000 rows at 100x, and a
    translation lookup per row took a tenth of a Partnerships view there. Missing values stay
    missing.
    """
    codes, uniques = pd.factorize(values)  # a missing value gets the code -1
    if not len(uniques):  # nothing to name: the dtype pandas gives an empty or blank column
        return values.map(name, na_action="ignore")
    names = pd.Series(uniques).map(name, na_action="ignore")
    return pd.Series(names.reindex(codes).to_numpy(), index=values.index, dtype=names.dtype)

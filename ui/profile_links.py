"""Profile links in tables that keep the language the visitor chose.

The tables' ``profile?city=…`` links are built once with the cached view (atlas/views/links.py),
the same for every visitor of a language; whether a link carries ``lang`` depends on how this
visitor chose it (a link or the picker: kept; the browser's own language: left to the next
reader's browser), so it is added here, when the table is drawn, and only then.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from atlas.i18n import link_params


def keep_language(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` with the ``lang`` of this run added to the links of ``column`` (no copy when
    the run's links carry no language)."""
    params = link_params()
    if not params or column not in table.columns:
        return table
    suffix = "&" + urlencode(params)
    links = table[column]
    return table.assign(**{column: links.where(links.isna(), links.astype("string") + suffix)})


def profile_query(city_id: str) -> dict[str, str]:
    """The query of a page link to a city's profile, with this run's language."""
    return {"city": city_id, **link_params()}

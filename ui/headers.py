"""Table headers in the reader's language, over tables whose columns keep their English names.

The City profile, Hubs and Partnerships build their display tables in cache with English
column names (marked with ``N_`` where they are defined): code, tests, the text alternatives
and the downloads refer to the columns by those names, and a download's header must not change
with the language of the run that made it. What the reader sees on screen is each column's
label, given here through ``st.column_config``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from atlas.i18n import _


def translated_headers(
    columns: Iterable[str], config: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``config`` with every column of ``columns`` labelled in the run's language.

    A label a page gave on purpose (not the column's own English name, e.g. "vs Europe") is
    kept; a column config given as a plain string is a label too.
    """
    given = dict(config or {})
    out: dict[str, Any] = dict(given)
    for name in columns:
        column = given.get(name)
        if isinstance(column, str):
            continue
        column = dict(column or {})
        if not column.get("label") or column["label"] == name:
            column["label"] = _(name)
        out[name] = column
    return out

"""How many rows a table sends to the browser.

st.dataframe ships every row it is given, as Arrow, on every rerun. A 100,000-row agreement
list is tens of megabytes for a table a reader scrolls a few screens of, so tables show their
first rows (in the order the page sorted them) and say that "Download data" has them all.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from atlas.i18n import _
from atlas.numbers import format_count

MAX_TABLE_ROWS = 1000


def table_rows(
    table: pd.DataFrame, limit: int = MAX_TABLE_ROWS, downloadable: bool = True
) -> tuple[pd.DataFrame, str | None]:
    """The rows to show and, when some are left out, a note saying so and where they are.

    `downloadable` says whether the page offers the whole table under "Download data".
    """
    if len(table) <= limit:
        return table, None
    fields = {"shown": format_count(limit), "total": format_count(len(table))}
    if downloadable:
        note = _(
            "The table shows the first {shown} of {total} rows, in the order listed; its search "
            "and sorting apply to those rows. Download data has all {total}; the sidebar "
            "filters narrow the list."
        ).format(**fields)
    else:
        note = _(
            "The table shows the first {shown} of {total} rows, in the order listed; its search "
            "and sorting apply to those rows. The sidebar filters narrow the list."
        ).format(**fields)
    return table.head(limit), note


def capped_dataframe(table: pd.DataFrame, *, downloadable: bool = True, **kwargs: Any) -> Any:
    """st.dataframe of the rows `table_rows` keeps, with its note above when some are left out.

    `kwargs` go to st.dataframe; its return value (a selection event, if asked for) is returned.
    """
    rows, note = table_rows(table, downloadable=downloadable)
    if note:
        st.caption(note)
    return st.dataframe(rows, **kwargs)

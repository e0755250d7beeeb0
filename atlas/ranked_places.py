"""How many places a publisher ranked in one edition of a ranking, when the data says so.

"55th of 100" needs the edition's length, which the Atlas cannot infer from the rows it holds
(it holds part of most rankings). The data package's `editions` table gives it; with that
table absent or silent on an edition, the answer is None and sentences leave out "of N".
No Streamlit here.
"""

from __future__ import annotations

import pandas as pd


def places_ranked(atlas: object, indicator_id: str, year: int) -> int | None:
    """The number of places ranked in ``indicator_id``'s ``year`` edition, or None if unknown.

    Read tolerantly: an Atlas without an ``editions`` table (data packages older than the
    table) answers None.
    """
    table = getattr(atlas, "editions", None)
    if not isinstance(table, pd.DataFrame) or table.empty:
        return None
    if not {"indicator_id", "year", "places_ranked"} <= set(table.columns):
        return None
    rows = table.loc[
        (table["indicator_id"] == indicator_id)
        & (pd.to_numeric(table["year"], errors="coerce") == year)
    ]
    counts = pd.to_numeric(rows["places_ranked"], errors="coerce").dropna()
    return int(counts.iloc[0]) if not counts.empty else None

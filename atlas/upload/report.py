"""What validating an upload produces: the report a person acts on, and the issue codes.

Kept apart from the checks so that pages, the upload view and the conversion to Atlas frames
depend on the report's shape only, not on how rows are judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas.upload.gazetteer import GazetteerCandidate
from atlas.upload.match import CitySuggestion

YEAR_MIN, YEAR_MAX = 1900, 2100  # the years an upload may give

# Issue codes, stable for pages and tests. Messages are generated per code.
OUT_OF_RANGE_CODES = frozenset(
    {"non_numeric", "negative_count", "rank_below_one", "year_invalid", "year_out_of_range"}
)
_CITY_STATUS_CODE = {
    "unmatched": "city_unmatched",
    "ambiguous": "city_ambiguous",
    "conflict": "city_conflict",
    "unknown_country": "country_unknown",
}


@dataclass(frozen=True)
class RowIssue:
    """One reason a row (or one value of a wide row) was rejected.

    `value` is the offending cell exactly as uploaded (cut to 200 characters). It is untrusted:
    show it as plain text (e.g. st.dataframe / st.text), never as Markdown or HTML.
    """

    line: int
    column: str
    reason: str
    code: str
    value: str = ""


@dataclass(frozen=True)
class UnmatchedCity:
    """A city reference the Atlas could not resolve, with what the page can offer instead."""

    text: str
    country: str
    reason: str
    code: str
    lines: tuple[int, ...]
    suggestions: tuple[CitySuggestion, ...] = ()
    gazetteer: tuple[GazetteerCandidate, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """Rows giving the same city, indicator and year; the first line is kept."""

    city_id: str
    indicator: str
    year: int
    lines: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class UserIndicator:
    """An indicator found in the upload, as it will appear in the catalogue."""

    name: str
    indicator_id: str
    unit: str
    value_type: str
    higher_is_better: bool
    rows: int


@dataclass(frozen=True, eq=False)
class ValidationReport:
    """What happened to an upload. `messages` are plain sentences, in order, for the page.

    For the long form a "row" is a file row; for the wide form it is one value (one city x
    indicator cell), since a wide row can be partly right. `accepted` holds the accepted rows
    (city_id, indicator, indicator_key, year, value, source, unit, line, note, unit_name);
    to_atlas_frames() turns it into Atlas tables.
    """

    ok: bool
    file_error: str | None
    messages: tuple[str, ...]
    form: str | None = None
    file_kind: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rejected: tuple[RowIssue, ...] = ()
    unmatched_cities: tuple[UnmatchedCity, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    out_of_range: tuple[RowIssue, ...] = ()
    indicators: tuple[UserIndicator, ...] = ()
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def rejected_frame(self) -> pd.DataFrame:
        """Rejections as a table (line, column, value, reason) for display as plain text."""
        return pd.DataFrame(
            [(i.line, i.column, i.value, i.reason) for i in self.rejected],
            columns=["line", "column", "value", "reason"],
        )


@dataclass(frozen=True)
class UserData:
    """Accepted upload shaped like the Atlas tables (DATA_MODEL.md), ready to concatenate."""

    values: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame

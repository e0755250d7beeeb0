"""Bring-your-own-data: read, check and match a user's CSV/xlsx upload, entirely in memory.

Pure Python (no Streamlit) so the page stays thin and every rule is unit-tested. Typical use:

    report = validate_upload(uploaded.getvalue(), atlas.cities, filename=uploaded.name,
                             gazetteer=default_gazetteer())
    for message in report.messages: st.text(message)   # plain text, never HTML
    if report.ok: extra = to_atlas_frames(report)       # values / indicators / sources rows
"""

from atlas.upload.checks import VALUE_TYPES
from atlas.upload.frames import to_atlas_frames
from atlas.upload.gazetteer import (
    GAZETTEER_SOURCE_ID,
    Gazetteer,
    GazetteerCandidate,
    alternate_names_for,
    candidate_to_city_row,
    default_gazetteer,
    gazetteer_source_row,
    region_for_country,
)
from atlas.upload.match import CityMatch, CityMatcher, CitySuggestion, country_code
from atlas.upload.numbers import detect_decimal, parse_number, parse_numbers
from atlas.upload.read import (
    DEFAULT_LIMITS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    RawTable,
    UploadError,
    UploadLimits,
    decode_text,
    detect_delimiter,
    file_subject,
    read_upload,
    too_large_message,
)
from atlas.upload.report import (
    YEAR_MAX,
    YEAR_MIN,
    Duplicate,
    RowIssue,
    UnmatchedCity,
    UserData,
    UserIndicator,
    ValidationReport,
)
from atlas.upload.safety import has_markup, is_formula_like
from atlas.upload.templates import (
    long_template_csv,
    long_template_xlsx,
    wide_template_csv,
    wide_template_xlsx,
)
from atlas.upload.text import normalise_name, slugify
from atlas.upload.validate import Progress, validate_upload

__all__ = [
    "DEFAULT_LIMITS",
    "GAZETTEER_SOURCE_ID",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "VALUE_TYPES",
    "YEAR_MAX",
    "YEAR_MIN",
    "CityMatch",
    "CityMatcher",
    "CitySuggestion",
    "Duplicate",
    "Gazetteer",
    "GazetteerCandidate",
    "Progress",
    "RawTable",
    "RowIssue",
    "UnmatchedCity",
    "UploadError",
    "UploadLimits",
    "UserData",
    "UserIndicator",
    "ValidationReport",
    "alternate_names_for",
    "candidate_to_city_row",
    "country_code",
    "decode_text",
    "default_gazetteer",
    "detect_decimal",
    "detect_delimiter",
    "file_subject",
    "gazetteer_source_row",
    "has_markup",
    "is_formula_like",
    "long_template_csv",
    "long_template_xlsx",
    "normalise_name",
    "parse_number",
    "parse_numbers",
    "read_upload",
    "region_for_country",
    "slugify",
    "to_atlas_frames",
    "too_large_message",
    "validate_upload",
    "wide_template_csv",
    "wide_template_xlsx",
]

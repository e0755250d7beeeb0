"""What every Atlas map shares: symbol sizes, escaping, missing values, tooltip records.

The map builders (components/map_*.py) draw plain data into pydeck objects.

Every page draws its maps through these functions so that land, colours, symbol sizes and
tooltips look and behave the same everywhere, and so tests can inspect a deck's JSON spec
without a browser. Nothing here touches Streamlit.

Three rules shape the code:

* Offline first. The default deck loads no basemap tiles; the bundled Natural Earth outlines
  (``data/geo/countries.geojson``, built by ``scripts/build_country_outlines.py``), painted into
  one picture served by the app (``static/``, by ``scripts/build_basemap.py``) over the sea, are
  what makes the map readable. Tiles are an opt-in extra.
* Small specs. Streamlit re-sends the whole deck JSON on every rerun, so layers receive
  hand-built records holding only the fields they draw or show, never whole DataFrames, and the
  deck serialises without pretty-printing.
* Safe, honest tooltips. Every text that reaches a tooltip or the layer data is escaped here
  (``escape_text``) before it enters the deck, because pydeck's own HTML renderer pastes fields
  into ``innerHTML`` unescaped and the JSON may end up inside a ``<script>`` tag.
  A missing value is shown as "no data" and drawn in the neutral no-data grey, never as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from atlas.i18n import N_, _
from components import theme

REPO_ROOT = Path(__file__).resolve().parents[1]
# Outlines are a static asset of the app, not part of the replaceable data folder
# (ATLAS_DATA_DIR), so a test data set never needs its own copy.
DEFAULT_OUTLINES_PATH = REPO_ROOT / "data" / "geo" / "countries.geojson"

# One template for every pickable layer: each layer's records carry these two fields, already
# escaped. Line breaks live in ``tt_body`` as "\n" and are shown by ``white-space: pre-line``,
# because renderers that escape field values (Streamlit does) would print a "<br>" literally.
TOOLTIP_FIELDS: tuple[str, str] = ("tt_title", "tt_body")
TOOLTIP_HTML = "<b>{tt_title}</b><br/>{tt_body}"

DEFAULT_VIEW: dict[str, float] = {"latitude": 20.0, "longitude": 10.0, "zoom": 1.2}


# Symbol sizes in screen pixels, before the caller's ``scale`` (presentation mode enlarges).
CITY_MIN_RADIUS_PX = 3.0
CITY_MAX_RADIUS_PX = 22.0
CITY_PLAIN_RADIUS_PX = 5.0
NO_DATA_RADIUS_PX = 2.5
HUB_RADIUS_PX = 5.0
RING_BASE_RADIUS_PX = 7.0
RING_STEP_PX = 3.5
ARC_WIDTH_PX = 1.5

FILL_ALPHA = 215
# Closed or planned hubs fade so the active network reads first, and are drawn as rings in
# their type's colour, so status is told by shape, not only by a paler colour (WCAG 1.4.1:
# colour is never the only carrier of meaning).
INACTIVE_RING_PX = 2.5
# English source text; shown as hub_status_key() (or _(HUB_STATUS_KEY)) in the run's language
HUB_STATUS_KEY = N_("Filled dot: active hub. Ring: closed or announced.")
INACTIVE_FILL_ALPHA = 40
ARC_ALPHA = 190
# Web Mercator stops at +-85.0511 degrees; the ocean rectangle covers exactly the drawable world.
_MERCATOR_LAT = 85.0511
# pydeck turns bare strings into accessor expressions ("@@=pixels"); quotes keep a literal.
_PIXELS = "'pixels'"
_MARKUP_CHARS = str.maketrans({"<": "&lt;", ">": "&gt;"})


# --------------------------------------------------------------------------------------------
# small helpers


def escape_text(value: object) -> str:
    """Neutralise markup once, here, so no page can forget to.

    Only ``<`` and ``>`` are replaced. Fields only ever land in element content (see
    ``TOOLTIP_HTML``), where no tag, script or attribute can start without ``<``, so this is
    enough for pydeck's own HTML export, which pastes fields into ``innerHTML`` unescaped.
    ``html.escape`` would also turn ``&`` and quotes into entities, and Streamlit 1.67 escapes
    tooltip fields a second time in the browser, so "R&D" would be shown as "R&amp;D" and
    "Xi'an" as "Xi&#x27;an". A hostile ``<img ...>`` name still shows as inert text.
    """
    return str(value).translate(_MARKUP_CHARS)


def hub_status_key() -> str:
    """How the hub layer shows status, in the run's language (a caption under its legend)."""
    return _(HUB_STATUS_KEY)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str | None:
    """Normalise a cell to stripped text or None, so pd.NA never leaks into JSON as '<NA>'."""
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def _year_text(value: object) -> str | None:
    if _missing(value):
        return None
    try:
        return str(int(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _text(value)


def _col(frame: pd.DataFrame, column: str) -> pd.Series:
    """Optional columns read as all-missing, so builders accept thinner frames in tests/pages."""
    if column in frame.columns:
        return frame[column]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} frame lacks column(s) {missing}")


def _positional(frame: pd.DataFrame) -> pd.DataFrame:
    """Merged or filtered frames may carry duplicate index labels; cell lookups need unique ones."""
    return frame.reset_index(drop=True)


def _coord(value: object) -> float | None:
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return round(number, 4) if math.isfinite(number) else None


def _tooltip(title: str, lines: Iterable[str | None]) -> dict[str, str]:
    """Build the shared tooltip fields; every piece is escaped exactly once."""
    body = "\n".join(escape_text(line) for line in lines if line)
    return {"tt_title": escape_text(title), "tt_body": body}


def mercator_y(lat: float) -> float:
    """Web Mercator's northing for a latitude in degrees, on a world 2π wide (±π at
    ±_MERCATOR_LAT): every picture of the map (SVG briefings, the basemap) projects with it,
    as deck.gl does."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _rgb(colour: str, alpha: int = 255) -> list[int]:
    return theme.hex_to_rgb(colour, alpha)

"""Build the offline country outlines that every Atlas map draws underneath its data.

The maps must work without a tile server (conference Wi-Fi, air-gapped laptops), so the land
shapes ship with the repository. They come from the Natural Earth 1:110m countries that pyogrio
already bundles as a test fixture, which avoids any download and pins the source to the
installed pyogrio version. The result is simplified and rounded so the file stays small enough to
travel inside every pydeck spec, and written byte-for-byte deterministically so that re-running
the script never produces a spurious diff.

Usage: python scripts/build_country_outlines.py [--out PATH] [--tolerance DEGREES]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pycountry
import pyogrio
import shapely
from shapely.geometry import mapping

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "geo" / "countries.geojson"

# 0.1 degree is about a third of a screen pixel at the Atlas's world zoom (1.2) and still
# under two pixels at zoom 4, so coastlines keep their shape while the file drops well under
# the 300 KB budget.
DEFAULT_TOLERANCE = 0.1
# Three decimals is ~100 m at the equator: far below what a 1:110m outline can resolve.
DECIMALS = 3

# Natural Earth codes these as "-99" in this edition because of overseas territories or
# disputed status. Norway and France have ordinary ISO codes; Kosovo's XKX/XK is the
# user-assigned code used by the EU and the World Bank. N. Cyprus and Somaliland have no
# ISO code and stay null rather than getting an invented one.
ISO_OVERRIDES: dict[str, tuple[str, str]] = {
    "France": ("FRA", "FR"),
    "Norway": ("NOR", "NO"),
    "Kosovo": ("XKX", "XK"),
}

SOURCE_NOTE = {
    "name": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (naturalearth_lowres)",
    "url": "https://www.naturalearthdata.com/",
    "licence": "public domain",
    "scale": "1:110m",
    "via": f"pyogrio {pyogrio.__version__} test fixtures (pyogrio/tests/fixtures/"
    "naturalearth_lowres)",
}
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."


def find_source() -> Path:
    """The fixture path moves with the installed pyogrio, so it is derived, never hard-coded."""
    path = (
        Path(pyogrio.__file__).resolve().parent
        / "tests"
        / "fixtures"
        / "naturalearth_lowres"
        / "naturalearth_lowres.shp"
    )
    if not path.exists():
        raise FileNotFoundError(
            f"Natural Earth fixture not found at {path}; is pyogrio installed with its tests?"
        )
    return path


def _alpha2(alpha3: str | None) -> str | None:
    """City rows carry ISO alpha-2, so outlines need it too for any join or highlight."""
    if alpha3 is None:
        return None
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country is not None else None


def _codes(name: str, raw_alpha3: str) -> tuple[str | None, str | None]:
    if name in ISO_OVERRIDES:
        return ISO_OVERRIDES[name]
    alpha3 = raw_alpha3 if raw_alpha3 and raw_alpha3 != "-99" else None
    return alpha3, _alpha2(alpha3)


def _round_coords(value: Any) -> Any:
    """Round nested coordinate arrays so the JSON prints short, stable numbers."""
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), DECIMALS) + 0.0 for v in value]  # + 0.0 turns -0.0 into 0.0
        return [_round_coords(v) for v in value]
    return value


def simplify_geometry(geometry: shapely.Geometry, tolerance: float) -> shapely.Geometry:
    """Topology-preserving simplification keeps islands and lakes from collapsing or crossing."""
    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, 10**-DECIMALS)
    # RFC 7946 winding (exterior counter-clockwise) so strict GeoJSON readers accept the file.
    return shapely.orient_polygons(snapped, exterior_cw=False)


def build_outlines(source: Path, tolerance: float = DEFAULT_TOLERANCE) -> dict[str, Any]:
    """Return the FeatureCollection; kept separate from writing so tests can inspect it."""
    frame = pyogrio.read_dataframe(source)
    features: list[dict[str, Any]] = []
    for row in frame.itertuples(index=False):
        geometry = simplify_geometry(row.geometry, tolerance)
        if geometry is None or geometry.is_empty:
            continue
        alpha3, alpha2 = _codes(str(row.name), str(row.iso_a3))
        geo = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": str(row.name),
                    "iso_a3": alpha3,
                    "iso_a2": alpha2,
                    "continent": str(row.continent),
                },
                "geometry": {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])},
            }
        )
    features.sort(key=lambda f: (f["properties"]["name"], f["properties"]["iso_a3"] or ""))
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "source": {**SOURCE_NOTE, "simplification": _simplification_note(tolerance)},
        "features": features,
    }


def _simplification_note(tolerance: float) -> str:
    return (
        f"shapely simplify (preserve_topology) tolerance {tolerance} degrees, "
        f"coordinates rounded to {DECIMALS} decimals"
    )


def render(collection: dict[str, Any]) -> str:
    """One feature per line: compact enough to ship, yet a re-build diffs country by country."""
    head = {k: v for k, v in collection.items() if k != "features"}
    head_json = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        for feature in collection["features"]
    ]
    return head_json[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_outlines(out: Path, tolerance: float = DEFAULT_TOLERANCE) -> tuple[int, int]:
    """Build and write; returns (features, bytes) so the caller can report what happened."""
    collection = build_outlines(find_source(), tolerance)
    payload = render(collection).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(payload)
    return len(collection["features"]), len(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output GeoJSON path")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="simplification tolerance in degrees (default %(default)s)",
    )
    args = parser.parse_args(argv)
    features, size = write_outlines(args.out, args.tolerance)
    print(f"wrote {features} features, {size:,} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

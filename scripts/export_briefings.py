"""Write every city's offline briefing to a folder, with an index page: a static Atlas for a CDN.

A Streamlit server holds a websocket and some memory per user, so a very large audience (a
link in a newsletter, a conference screen) is better served by plain files. The briefing
(components/briefing.py) is already one self-contained HTML file per city: no script, no
network, every figure with its source. This writes them all, plus `index.html` listing the
cities by region and country, ready for any static host or CDN::

    python scripts/export_briefings.py --out site/briefings
    ATLAS_DATA_DIR=bench/out/synthetic-10 python scripts/export_briefings.py --out /tmp/b --limit 50

File names are the stable city ids (`barcelona-es.html`), so links keep working across data
updates. The index is escaped like the briefings: data text never becomes markup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from atlas.load import Atlas, load_atlas  # noqa: E402
from components.briefing import briefing_html  # noqa: E402

INDEX_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#111;line-height:1.5}h2{margin-top:2rem;border-bottom:1px solid #ccc}"
    "ul{columns:3 14rem}a{color:#0072B2}.meta{color:#555}"
)


def index_html(atlas: Atlas, generated: dt.date, written: list[str]) -> str:
    """A page linking every written briefing, grouped by region, then country."""
    cities = atlas.cities.loc[written].sort_values(["region", "country_name", "name"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>City Science Diplomacy Atlas: city briefings</title>",
        f"<style>{INDEX_STYLE}</style></head><body>",
        "<h1>City Science Diplomacy Atlas: city briefings</h1>",
        f'<p class="meta">{len(written)} cities · data as of '
        f"{escape(str(atlas.data_as_of or 'unknown date'))} · exported {generated.isoformat()}. "
        "Each briefing is one file that opens offline and lists the source of every "
        "figure.</p>",
    ]
    for region, in_region in cities.groupby("region", sort=True):
        parts.append(f"<h2>{escape(str(region))}</h2><ul>")
        for city_id, row in in_region.iterrows():
            parts.append(
                f'<li><a href="{escape(str(city_id))}.html">{escape(str(row["name"]))}</a>, '
                f"{escape(str(row['country_name']))}</li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def export(
    atlas: Atlas, out: Path, generated: dt.date | None = None, limit: int | None = None
) -> list[str]:
    """Write `<city_id>.html` for every city (or the first `limit`) and index.html."""
    day = generated or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    city_ids = list(atlas.cities.index)[:limit]
    for number, city_id in enumerate(city_ids, start=1):
        html = briefing_html(atlas, [city_id], generated=day)
        (out / f"{city_id}.html").write_text(html, encoding="utf-8")
        if number % 100 == 0:
            print(f"  {number:,} of {len(city_ids):,} briefings written", flush=True)
    (out / "index.html").write_text(index_html(atlas, day, city_ids), encoding="utf-8")
    return city_ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--limit", type=int, help="only the first N cities (a quick check)")
    parser.add_argument("--data", type=Path, help="data folder (default: ATLAS_DATA_DIR or data/)")
    args = parser.parse_args(argv)
    atlas = load_atlas(args.data)
    written = export(atlas, args.out, limit=args.limit)
    print(f"Wrote {len(written):,} briefings and index.html to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

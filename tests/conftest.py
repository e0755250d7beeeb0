"""Fixtures shared across the test folders."""

from __future__ import annotations

import pytest

from atlas.load import Atlas, load_atlas
from tests.fixtures.small_atlas import write_small_atlas


@pytest.fixture(scope="session")
def small_atlas(tmp_path_factory) -> Atlas:
    """The five-city package of tests/fixtures/small_atlas.py, loaded and validated."""
    return load_atlas(write_small_atlas(tmp_path_factory.mktemp("small-atlas")))

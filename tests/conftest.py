"""Fixtures and the AppTest opener shared across the test folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.load import Atlas, load_atlas
from tests.fixtures.small_atlas import write_small_atlas

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="session")
def small_atlas(tmp_path_factory) -> Atlas:
    """The five-city package of tests/fixtures/small_atlas.py, loaded and validated."""
    return load_atlas(write_small_atlas(tmp_path_factory.mktemp("small-atlas")))


@pytest.fixture(scope="session")
def curated_atlas() -> Atlas:
    """The curated package in data/, loaded once for every test that reads it."""
    return load_atlas()


def open_page(
    page: str, /, *, default_first: bool = False, timeout: float = 60, **query: str
) -> AppTest:
    """Open `page` through app.py as a link with `query` would, and check nothing raised.

    AppTest starts on the default page; the link's parameters are set before the switch, so
    the shell (filters, URL state) reads them on the page's first run as a browser opening
    /page?... would. `default_first` runs the default page once before, as a visitor who
    arrives on the Overview and then follows the link (its run rewrites the URL first).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    if default_first:
        at.run()
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at

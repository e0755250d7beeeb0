"""bench/page_load.py: which downloads count as a page's bytes."""

from __future__ import annotations

import pytest

from bench.page_load import streamlit_bundle


@pytest.mark.parametrize(
    ("url", "bundle"),
    [
        ("http://127.0.0.1:8501/static/js/index.DormvYxC.js", True),
        ("http://127.0.0.1:8501/atlas/static/css/index.css", True),
        # The app's own files (the basemap picture) are sent to a first visitor like data.
        ("http://127.0.0.1:8501/app/static/basemap-light.png", False),
        ("http://127.0.0.1:8501/atlas/app/static/basemap-dark.png", False),
        ("http://127.0.0.1:8501/_stcore/health", False),
        ("http://127.0.0.1:8501/media/abc.png?static/", False),
    ],
)
def test_only_streamlits_bundle_is_left_out_of_a_pages_bytes(url: str, bundle: bool) -> None:
    assert streamlit_bundle(url) is bundle

"""Every page test runs its page through app.py, as the server does (see ui/apptest.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import app_test

from ui.apptest import NavigationPagesManager


@pytest.fixture(autouse=True)
def _run_pages_through_app(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", NavigationPagesManager)

"""Every page test runs its page through app.py, as the server does (see ui/pages_folder.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import app_test

from ui.pages_folder import NavigationPagesManager


@pytest.fixture(autouse=True)
def _run_pages_through_app(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", NavigationPagesManager)

"""Run Streamlit's AppTest the way the server runs the app: always through app.py.

AppTest resets Streamlit's "legacy pages/ folder" flag before every run, so with a `pages/`
folder each rerun after a widget change would execute the page script alone, skipping the
shared shell (sidebar filters, URL writing). The server switches to `st.navigation` for good on
its first run; `run_through_app()` makes AppTest do the same. Used by tests and benchmarks.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test


class NavigationPagesManager(PagesManager):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False


def run_through_app() -> None:
    app_test.PagesManager = NavigationPagesManager  # type: ignore[misc]

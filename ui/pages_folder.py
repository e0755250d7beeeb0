"""The pages stay in the user's `pages/` folder while app.py routes with `st.navigation`.

Everything the app does because of that layout lives here, each piece named by the Streamlit
(1.67) behaviour it works around:

1. **The legacy `pages/` flag and AppTest.** `PagesManager.uses_pages_directory` is set to True
   when a `pages/` folder sits beside the entry script (`runtime/pages_manager.py`) and is set
   to False by the first `st.navigation` call (`commands/navigation.py`); on the server that
   happens once, on the first run. `AppTest` resets the flag to None before *every* run
   (`testing/v1/app_test.py`), so each rerun after a widget change would run the page script
   alone as a legacy page, without app.py's shell (sidebar filters, the URL written at the end).
   `NavigationPagesManager` / `run_through_app()` make AppTest keep st.navigation's answer.
2. **Streamlit's own menu.** With sections, `st.navigation`'s sidebar menu is a `<ul>` whose
   children are `<div>`s holding the `<li>`s, which axe-core reports as two serious violations
   (`list`, `listitem`) on every page: screen readers announce a broken list. The app therefore
   calls `st.navigation(..., position="hidden")` for routing and page URLs only, and draws the
   menu itself with `st.page_link` under plain section labels: it reads correctly, looks the
   same and still marks the page being shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

__all__ = ["NavigationPagesManager", "navigation", "run_through_app", "sidebar_nav"]


def navigation(
    pages: Mapping[str, Sequence[StreamlitPage]],
    *,
    menu: Mapping[str, Sequence[StreamlitPage]] | None,
) -> StreamlitPage:
    """Route with st.navigation, its own menu hidden; draw ours with the pages in ``menu``
    (the registry's menu pages), or none when ``menu`` is None (an embedded view)."""
    page = st.navigation(pages, position="hidden")
    if menu is not None:
        sidebar_nav(menu)
    return page


def sidebar_nav(pages: Mapping[str, Sequence[StreamlitPage]]) -> None:
    """One link per page under its section's name, in app.py's order, at the sidebar's top."""
    with st.sidebar.container(key="atlas_nav"):
        for section, items in pages.items():
            st.caption(section)
            for page in items:
                st.page_link(page, label=page.title, icon=page.icon, width="stretch")


class NavigationPagesManager(PagesManager):
    """A PagesManager that never goes back to the legacy `pages/` folder mode (see 1 above)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False


def run_through_app() -> None:
    """Make every AppTest run execute app.py and the page, as the server does (tests, bench)."""
    from streamlit.testing.v1 import app_test  # not imported by the app itself

    app_test.PagesManager = NavigationPagesManager  # type: ignore[misc]

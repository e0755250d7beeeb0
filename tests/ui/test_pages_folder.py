"""The `pages/` folder workaround: what Streamlit does, and what the app's manager does instead."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

from ui.pages_folder import NavigationPagesManager


def test_a_pages_folder_turns_on_legacy_mode_unless_navigation_has_spoken(tmp_path, monkeypatch):
    (tmp_path / "pages").mkdir()
    script = str(tmp_path / "app.py")
    # AppTest resets the flag before every run; Streamlit's manager then reads the folder
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(script)
    assert PagesManager.uses_pages_directory is True
    # the app's manager keeps st.navigation's answer, as the server does after its first run
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    NavigationPagesManager(script)
    assert PagesManager.uses_pages_directory is False

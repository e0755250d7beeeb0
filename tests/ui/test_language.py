"""Choosing the run's language: the link, else the browser, else English; the picker; links."""

from __future__ import annotations

import pytest

from atlas import i18n
from tests.conftest import open_page
from tests.pages.conftest import _run_pages_through_app  # noqa: F401 - runs pages via app.py
from ui import language

OVERVIEW = "pages/overview.py"


def _picker(at):
    return at.sidebar.selectbox(key=language.KEY)


def _menu_titles(at) -> str:
    return " ".join(str(c.value) for c in at.sidebar.caption)


def test_english_by_default_and_no_lang_in_the_link():
    at = open_page(OVERVIEW)
    assert _picker(at).value == "en"
    assert "lang" not in at.query_params


def test_the_links_language_is_used_and_kept_in_the_link():
    at = open_page(OVERVIEW, lang="ca")
    assert _picker(at).value == "ca"
    assert "ca" in str(at.query_params["lang"])
    assert "Dades a" in _menu_titles(at)  # the sidebar's data date line, in Catalan


def test_a_regional_tag_is_read_as_its_language():
    at = open_page(OVERVIEW, lang="fr-CA")
    assert _picker(at).value == "fr"


def test_an_unknown_language_is_a_note_and_english():
    at = open_page(OVERVIEW, lang="xx")
    assert _picker(at).value == "en"
    notes = " ".join(str(i.value) for i in at.info)
    assert "“xx”" in notes and "Català" in notes
    assert not at.exception


def test_the_browsers_language_when_the_link_has_none(monkeypatch):
    monkeypatch.setattr(language, "_browser_locale", lambda: "es-ES")
    at = open_page(OVERVIEW)
    assert _picker(at).value == "es"
    # the reader's own language is not written into links: the next reader's browser decides
    assert "lang" not in at.query_params


def test_the_picker_changes_the_language_and_the_link_keeps_it():
    at = open_page(OVERVIEW)
    _picker(at).set_value("fr").run()
    assert not at.exception
    assert _picker(at).value == "fr"
    assert "Données au" in _menu_titles(at)
    # the next run (any page) keeps it, and so does the link
    at.run()
    assert _picker(at).value == "fr"
    assert "fr" in str(at.query_params["lang"])


def test_a_shared_link_wins_over_the_picker():
    at = open_page(OVERVIEW)
    _picker(at).set_value("fr").run()
    at.query_params["lang"] = "es"  # the visitor opens another language's link
    at.run()
    assert _picker(at).value == "es"


@pytest.mark.parametrize("code", ["es", "ca", "fr"])
def test_link_params_follow_a_chosen_language(code):
    i18n.use_language(code, in_links=True)
    try:
        assert i18n.link_params() == {"lang": code}
        i18n.use_language(code)
        assert i18n.link_params() == {}
    finally:
        i18n.use_language("en")


def _callback_script() -> None:
    import streamlit as st

    from atlas.i18n import _
    from ui import language

    def clicked() -> None:
        st.session_state["said"] = _("no data")

    language.start()
    st.button("go", on_click=clicked)
    st.write(st.session_state.get("said", ""))


def test_a_widget_callback_writes_in_the_sessions_language():
    """Streamlit runs callbacks before the script's first line, so before language.start()."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_callback_script)
    at.query_params["lang"] = "ca"
    at.run()
    at.button[0].click().run()
    assert at.markdown[0].value == "sense dades"


def test_a_thread_without_a_language_reads_the_registered_fallback():
    import threading

    seen: list[str] = []
    i18n.set_fallback(lambda: "fr")
    try:
        thread = threading.Thread(target=lambda: seen.append(i18n.current_language()))
        thread.start()
        thread.join()
    finally:
        i18n.set_fallback(language._session_language)
    assert seen == ["fr"]
    assert i18n.current_language() in i18n.LANGUAGES

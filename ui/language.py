"""The visitor's language: read from the link, else the browser, held in the session, chosen
again with the sidebar's picker, kept in every link, and set as the page's ``<html lang>``.

app.py calls :func:`start` before anything draws text, so every page, cache and component of
the run writes in that language (atlas/i18n.py holds it for the run's thread).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from atlas import i18n
from atlas.i18n import LANGUAGES, _

KEY = "language"  # the picker's widget key; its value is the run's language
PARAM = "lang"
_SOURCE = "_language_source"
_LINK_SEEN = "_language_link_seen"
_NOTE = "_language_note"

# Sets the document's language for screen readers, hyphenation and the browser's translate
# offer: Streamlit serves one index.html with lang="en" whatever the page says. Inline, nothing
# fetched, no iframe (st.components.v2), like the tour's keys (ui/tour.py).
_LANG_JS = """
export default function (component) {
  const lang = component.data && component.data.lang;
  if (lang) document.documentElement.setAttribute("lang", lang);
}
"""
_html_lang = st.components.v2.component("atlas_html_lang", js=_LANG_JS)


def _session_language() -> str | None:
    """The session's language for code that runs before app.py sets it (widget callbacks run
    before the script); None outside a session (the warm-up thread, scripts)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    value = st.session_state.get(KEY)
    return value if isinstance(value, str) else None


i18n.set_fallback(_session_language)


def _browser_locale() -> str | None:
    return st.context.locale  # None without a browser (AppTest)


def start() -> None:
    """Choose this run's language and set it for everything the run draws.

    A link's ``lang`` that differs from the one this session last wrote came from outside (a
    shared link): it wins over the picker. Otherwise the picker's value stands; on a session's
    first run it starts from the link, the browser or English (atlas.i18n.choose_language).
    """
    link = st.query_params.get(PARAM)
    from_outside = link is not None and link != st.session_state.get(_LINK_SEEN)
    if KEY not in st.session_state or from_outside:
        choice = i18n.choose_language(link, _browser_locale())
        st.session_state[KEY] = choice.language
        st.session_state[_SOURCE] = choice.source
        st.session_state[_NOTE] = choice.note
    language = st.session_state[KEY]
    if language not in LANGUAGES:  # a hand-edited session value
        language = st.session_state[KEY] = i18n.SOURCE_LANGUAGE
    chosen = st.session_state.get(_SOURCE) in ("link", "picker")
    i18n.use_language(language, in_links=chosen)
    st.session_state[_LINK_SEEN] = language if chosen else None


def _picked() -> None:
    st.session_state[_SOURCE] = "picker"
    st.session_state[_NOTE] = None


def picker() -> None:
    """The sidebar's language picker: each language named in itself."""
    with st.sidebar:
        st.selectbox(
            _("Language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=KEY,
            on_change=_picked,
            help=_(
                "The Atlas's texts, numbers and place names in this language. Links you share "
                "from here open in it."
            ),
        )
        _html_lang(data={"lang": i18n.current_language()}, key="atlas_html_lang")


def note() -> str | None:
    """The note for a link whose ``lang`` the Atlas does not have, shown once on the page."""
    return st.session_state.pop(_NOTE, None)


def link_params() -> dict[str, str]:
    return i18n.link_params()

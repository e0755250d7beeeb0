"""The meeting tour in the app: the shell's "Add this view" button, tour mode and its keys.

The tour lives in session state as a tuple of ``atlas.tour.Stop``. Tour mode is a step
number: while it is set, app.py draws a bar with Previous/Next on top of every page, hides the
sidebar and menus (presentation style), and opens the step's page with its link parameters
(``st.switch_page``), so each step is the real, live view rather than a picture of it.

Arrow keys: Streamlit has no key-binding API, so a tiny ``st.components.v2`` component (inline
JavaScript, nothing fetched, no iframe) listens for ArrowRight/PageDown and ArrowLeft/PageUp,
the keys a presenter's clicker sends, and presses the bar's own Next/Previous button, so a key
does exactly what a click does. It never uses r, c or Esc, which Streamlit and the browser keep
for themselves, and ignores keys typed into text boxes. The component's HTML is fixed when the
module is imported, before a run has a language, so its button gets its text from the run
(``data``) and writes it in from JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas import i18n, tour
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.text import md_text
from atlas.views.map import indicator_options, region_names
from ui import url
from ui.cache import atlas_cached
from ui.presentation import presentation_style

STOPS = "_tour_stops"
AT = "_tour_at"
_GO = "_tour_go"
PAGES = "_tour_pages"
TOUR_PAGE = "tour"

_KEYS_JS = """
export default function (component) {
  const { parentElement, data } = component;
  const typing = (el) =>
    el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    let key = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") key = "tour_next";
    if (event.key === "ArrowLeft" || event.key === "PageUp") key = "tour_prev";
    if (key === null) return;
    // capture phase: the map would otherwise pan on the same arrow key
    event.preventDefault();
    event.stopPropagation();
    const target = document.querySelector(`.st-key-${key} button`);
    if (target && !target.disabled) target.click();
  };
  window.addEventListener("keydown", onKey, true);
  const button = parentElement.querySelector("button");
  // the run's language: the HTML holds the English text until this line runs
  if (button && data && data.label) button.textContent = data.label;
  const full = () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  };
  if (button) button.addEventListener("click", full);
  return () => {
    window.removeEventListener("keydown", onKey, true);
    if (button) button.removeEventListener("click", full);
  };
}
"""
_KEYS_HTML = '<button type="button" class="tour-full">Full screen</button>'
_KEYS_CSS = """
.tour-full { font: inherit; padding: 0.35rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.3); background: transparent; color: inherit; }
"""
_keys = st.components.v2.component("atlas_tour_keys", html=_KEYS_HTML, css=_KEYS_CSS, js=_KEYS_JS)


def stops() -> tuple[tour.Stop, ...]:
    return tuple(st.session_state.get(STOPS, ()))


def set_stops(new: tuple[tour.Stop, ...]) -> None:
    st.session_state[STOPS] = tuple(new)


def page_id(page: object) -> str:
    """The id a stop records for a page: the url path given in app.py ("map", "overview")."""
    return str(getattr(page, "_url_path", None) or getattr(page, "url_path", ""))


# ------------------------------------------------------------------ adding a view


@atlas_cached(max_entries=4)
def view_labels(atlas: Atlas) -> dict[str, str]:
    """Names for the ids a link holds (cities, indicators, regions), for a stop's first title."""
    cities = atlas.cities["name"].astype(str).to_dict()
    return {**cities, **indicator_options(atlas), **region_names()}


def _add(page: str, title: str, labels: Mapping[str, str], language: str) -> None:
    # a callback runs before the script, so before app.py sets the run's language: the
    # language of the run that drew the button comes as an argument
    with i18n.language(language):
        _add_in_language(page, title, labels)


def _add_in_language(page: str, title: str, labels: Mapping[str, str]) -> None:
    query = {k: st.query_params[k] for k in st.query_params}
    name = tour.default_title(title, query, labels)
    before = stops()
    after = tour.add(before, tour.make_stop(name, page, query))
    set_stops(after)
    st.session_state["_tour_added"] = (
        _("Added to your tour as view {n}: {title}.").format(n=format_count(len(after)), title=name)
        if len(after) > len(before)
        else _("Your tour is full ({n} views): remove one to add this view.").format(
            n=format_count(tour.MAX_STOPS)
        )
    )


def add_view_control(current: object, labels: Mapping[str, str]) -> None:
    """The sidebar's "Add this view to my tour" button and the way to the tour."""
    page = page_id(current)
    with st.sidebar:
        if page != TOUR_PAGE:
            st.button(
                _("Add this view to my tour"),
                icon=":material/playlist_add:",
                key="tour.add",
                on_click=_add,
                args=(page, getattr(current, "title", page), labels, i18n.current_language()),
                help=_(
                    "Keeps this exact view (page, filters, choices) as a step of a tour to "
                    "present at a meeting."
                ),
                width="stretch",
            )
        added = st.session_state.pop("_tour_added", None)
        if added:
            st.caption(added)
        count = len(stops())
        st.page_link(
            "pages/tour.py",
            label=ngettext("My tour ({n} view)", "My tour ({n} views)", count).format(
                n=format_count(count)
            ),
            icon=":material/slideshow:",
        )


# ------------------------------------------------------------------ tour mode


def start(at: int = 0) -> None:
    """Enter tour mode at step `at` (0-based); the next run opens that step."""
    if stops():
        st.session_state[AT] = max(0, min(at, len(stops()) - 1))
        st.session_state[_GO] = True


def step(offset: int) -> None:
    at = st.session_state.get(AT)
    if at is None:
        return
    target = max(0, min(at + offset, len(stops()) - 1))
    if target != at:
        st.session_state[AT] = target
        st.session_state[_GO] = True


def end() -> None:
    st.session_state[AT] = None


def active() -> bool:
    return st.session_state.get(AT) is not None and bool(stops())


def register_pages(groups: Mapping[str, list]) -> None:
    """app.py's pages by the id stops use, for the tour page and for jumping to a step."""
    st.session_state[PAGES] = {page_id(p): p for group in groups.values() for p in group}


def pages() -> dict[str, object]:
    return dict(st.session_state.get(PAGES, {}))


def run_shell() -> None:
    """Called by app.py before the page runs: in tour mode, the bar, the keys and the jump."""
    if not active():
        return
    presentation_style()
    items = stops()
    at = min(st.session_state[AT], len(items) - 1)
    with st.container(key="tour_bar", border=True):
        label_col, prev_col, next_col, full_col, end_col = st.columns(
            [8, 2, 2, 2, 2], vertical_alignment="center"
        )
        label_col.markdown(
            _("**Step {n} of {total}:** {title}").format(
                n=format_count(at + 1),
                total=format_count(len(items)),
                title=md_text(items[at].title),
            )
        )
        prev_col.button(
            _("Previous"),
            icon=":material/arrow_back:",
            key="tour_prev",
            on_click=step,
            args=(-1,),
            disabled=at == 0,
            width="stretch",
        )
        next_col.button(
            _("Next"),
            icon=":material/arrow_forward:",
            key="tour_next",
            on_click=step,
            args=(1,),
            disabled=at == len(items) - 1,
            width="stretch",
            type="primary",
        )
        with full_col:
            _keys(key="tour_keys", data={"label": _("Full screen")})
        end_col.button(
            _("End tour"), icon=":material/close:", key="tour.end", on_click=end, width="stretch"
        )
    if st.session_state.pop(_GO, False):
        stop = items[st.session_state[AT]]
        target = pages().get(stop.page)
        if target is not None:
            url.open_exactly()  # the step's link sets the whole view, defaults included
            # the step's view in the presenter's language (a stop keeps no language of its own)
            params = {**stop.params, **i18n.link_params()}
            st.switch_page(target, query_params=params)  # type: ignore[arg-type]

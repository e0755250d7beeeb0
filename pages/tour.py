"""My tour: the views a presenter prepared for a meeting, to reorder, rename, save and present.

The tour is the page's link (``?tour=...``), a small JSON file to download and load again, and
a full-screen mode that steps through the live views with Next/Previous or the arrow keys.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from atlas import i18n, tour
from atlas.i18n import _, ngettext
from atlas.numbers import format_count
from ui import tour as tour_ui
from ui import url
from ui.data import get_atlas

get_atlas()  # runs the page through app.py's shell even on a fresh server's first visit
PAGES = tour_ui.pages()
LOADED = "_tour_loaded_link"
LINK_NOTES = "_tour_link_notes"

st.title(_("My meeting tour"))

# A link from outside carries a tour: load it once (the address bar then follows the edits,
# and the link this page wrote last is never read back over them).
link_value = st.query_params.get("tour")
if (
    link_value
    and link_value != st.session_state.get(LOADED)
    and link_value != tour.to_link(tour_ui.stops())
):
    result = tour.from_link(link_value, PAGES)
    if result.stops:
        tour_ui.set_stops(result.stops)
        st.session_state[LINK_NOTES] = [
            ngettext(
                "Loaded a tour of {n} view from the link.",
                "Loaded a tour of {n} views from the link.",
                len(result.stops),
            ).format(n=format_count(len(result.stops)))
        ]
    st.session_state[LINK_NOTES] = st.session_state.get(LINK_NOTES, []) + list(result.notes)
    st.session_state[LOADED] = link_value
for note in st.session_state.pop(LINK_NOTES, []):
    st.info(note, icon=":material/link:")

url.show_notes(st.session_state.get("_link_notes", []))
stops = tour_ui.stops()


def _load_file(language: str) -> None:
    # a callback runs before app.py sets the run's language: it comes as an argument
    with i18n.language(language):
        _read_file()


def _read_file() -> None:
    upload = st.session_state.get("tour.file")
    if upload is None:
        return
    result = tour.from_json(upload.getvalue(), PAGES)
    if result.stops:
        tour_ui.set_stops(result.stops)
        message = ngettext(
            "Loaded {n} view from {file}.", "Loaded {n} views from {file}.", len(result.stops)
        ).format(n=format_count(len(result.stops)), file=upload.name)
        st.session_state["_tour_file_notes"] = [message, *result.notes]
    else:
        st.session_state["_tour_file_notes"] = [
            _("{file} could not be loaded: {reasons} Your tour is unchanged.").format(
                file=upload.name, reasons=" ".join(result.notes)
            )
        ]


def _rename(index: int, widget: str) -> None:
    tour_ui.set_stops(tour.rename(tour_ui.stops(), index, st.session_state.get(widget, "")))


def _move(index: int, offset: int) -> None:
    tour_ui.set_stops(tour.move(tour_ui.stops(), index, offset))


def _remove(index: int) -> None:
    tour_ui.set_stops(tour.remove(tour_ui.stops(), index))


def _clear() -> None:
    tour_ui.set_stops(())
    tour_ui.end()


def _digest(stop: tour.Stop) -> str:
    raw = repr((stop.title, stop.page, stop.query)).encode("utf-8")
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:10]


for note in st.session_state.pop("_tour_file_notes", []):
    st.info(note, icon=":material/upload_file:")

if not stops:
    st.info(
        _(
            "Your tour is empty. Open any page, set up the view you want to show (filters, "
            "region, year, city), then press **{add}** in the sidebar. Or load a tour file "
            "below."
        ).format(add=_("Add this view to my tour")),
        icon=":material/slideshow:",
    )
else:
    start_col, note_col = st.columns([2, 5], vertical_alignment="center")
    start_col.button(
        _("Start the tour"),
        icon=":material/play_arrow:",
        type="primary",
        key="tour.start",
        on_click=tour_ui.start,
        width="stretch",
    )
    note_col.caption(
        _(
            "Full screen, one view after another: {next} and {previous}, or the arrow keys "
            "(→ ←) and a presenter's clicker. Works without internet once the Atlas is open."
        ).format(next=_("Next"), previous=_("Previous"))
    )
    page_titles = {k: str(getattr(p, "title", k)) for k, p in PAGES.items()}
    for i, stop in enumerate(stops):
        with st.container(border=True, key=f"tour_stop_{i}"):
            number_col, title_col, page_col, buttons_col = st.columns(
                [1, 5, 4, 11], vertical_alignment="center"
            )
            number_col.markdown(f"**{i + 1}**")
            widget = f"tour.title.{i}.{_digest(stop)}"
            title_col.text_input(
                _("Title"),
                value=stop.title,
                key=widget,
                max_chars=tour.MAX_TITLE,
                on_change=_rename,
                args=(i, widget),
                label_visibility="collapsed",
            )
            page = PAGES.get(stop.page)
            if page is not None:
                page_col.page_link(
                    page,
                    label=_("Open ({page})").format(page=page_titles.get(stop.page, stop.page)),
                    icon=":material/open_in_new:",
                    query_params=stop.params,
                )
            up, down, present, drop = buttons_col.columns(4)
            # short words beside the icons: a button needs a name a screen reader can say
            up.button(
                _("Up"),
                icon=":material/arrow_upward:",
                key=f"tour.up.{i}",
                help=_("Move this view up"),
                on_click=_move,
                args=(i, -1),
                disabled=i == 0,
            )
            down.button(
                _("Down"),
                icon=":material/arrow_downward:",
                key=f"tour.down.{i}",
                help=_("Move this view down"),
                on_click=_move,
                args=(i, 1),
                disabled=i == len(stops) - 1,
            )
            present.button(
                _("Show"),
                icon=":material/slideshow:",
                key=f"tour.from.{i}",
                help=_("Start the tour at this view"),
                on_click=tour_ui.start,
                args=(i,),
            )
            drop.button(
                _("Remove"),
                icon=":material/delete:",
                key=f"tour.remove.{i}",
                help=_("Remove this view from the tour"),
                on_click=_remove,
                args=(i,),
            )

st.subheader(_("Keep the tour"))
save_col, load_col = st.columns(2)
with save_col:
    if stops:
        st.download_button(
            _("Download the tour file (JSON)"),
            tour.to_json(stops).encode("utf-8"),
            file_name="atlas-tour.json",
            mime="application/json",
            icon=":material/download:",
            key="tour.download",
            on_click="ignore",
        )
        st.caption(
            _(
                "The address bar of this page holds the tour too: copy it to share the tour or "
                "open it on the meeting room's computer."
            )
        )
        st.button(
            _("Clear the tour"), key="tour.clear", on_click=_clear, icon=":material/clear_all:"
        )
with load_col:
    st.file_uploader(
        _("Load a tour file"),
        type=["json"],
        key="tour.file",
        on_change=_load_file,
        args=(i18n.current_language(),),
        help=_("A file saved with '{download}'. It replaces the current tour.").format(
            download=_("Download the tour file (JSON)")
        ),
    )

# the tour is the page's link
if stops:
    code = tour.to_link(stops)
    url.keep({"tour": code})
    st.session_state[LOADED] = code  # our own link: not a tour to load on the next run

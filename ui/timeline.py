"""The Map's year control: a slider with Play/Pause that steps through the years.

Streamlit has no animation of its own, so playing is a fragment that reruns on a timer
(``st.fragment(run_every=...)``) and asks for a full rerun with the next year. The fragment
never touches the slider's state itself (a widget's state cannot change once it is drawn in a
run); it leaves the next year in session state and the page applies it before drawing the
slider. The player always starts paused: a link or a fresh visit shows one year, standing still.
"""

from __future__ import annotations

import time

import streamlit as st

from atlas import mapdata
from atlas.i18n import _
from atlas.load import Atlas
from atlas.numbers import format_number

NOW = "now"
PLAYING = "_timeline_playing"
_PENDING = "_timeline_next_year"
_LAST_STEP = "_timeline_last_step"
STEP_SECONDS = 1.5


def year_options(atlas: Atlas) -> dict[str, str]:
    """Slider stops: every year with a recorded opening or signature, then today."""
    return {**{str(y): str(y) for y in mapdata.timeline_years(atlas)}, NOW: _("Today")}


def chosen_year(value: str | None) -> int | None:
    """The slider's value as a year (None: today, i.e. no time filter)."""
    return None if value in (None, NOW) else int(value)


def apply_pending(key: str) -> None:
    """Call before the slider is drawn: move it to the year the player stepped to."""
    if _PENDING in st.session_state:
        st.session_state[key] = st.session_state.pop(_PENDING)


def _years(options: dict[str, str]) -> list[int]:
    return [int(y) for y in options if y != NOW]


def _toggle(key: str, options: dict[str, str]) -> None:
    if st.session_state.get(PLAYING):
        st.session_state[PLAYING] = False
        return
    years = _years(options)
    current = chosen_year(st.session_state.get(key))
    if current is None or current == years[-1]:
        st.session_state[key] = str(years[0])  # from the start when at today or the end
    st.session_state[PLAYING] = True
    st.session_state[_LAST_STEP] = time.monotonic()


def pause() -> None:
    st.session_state[PLAYING] = False


def play_button(key: str, options: dict[str, str]) -> None:
    """Play/Pause; drawn beside the slider."""
    playing = bool(st.session_state.get(PLAYING))
    st.button(
        _("Pause") if playing else _("Play"),
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="timeline.play",
        on_click=_toggle,
        args=(key, options),
        help=_(
            "Steps through the years, one every {seconds} seconds, and stops at the newest year."
        ).format(seconds=format_number(STEP_SECONDS)),
        disabled=len(options) < 2,
    )


@st.fragment(run_every=STEP_SECONDS)
def _ticker(key: str, years: list[int]) -> None:
    if not st.session_state.get(PLAYING):
        return
    now = time.monotonic()
    # a full run also calls this fragment: only step when a whole interval has passed
    if now - st.session_state.get(_LAST_STEP, 0.0) < STEP_SECONDS * 0.8:
        return
    st.session_state[_LAST_STEP] = now
    following = mapdata.next_year(years, chosen_year(st.session_state.get(key)))
    if following is None:
        st.session_state[PLAYING] = False
    else:
        st.session_state[_PENDING] = str(following)
    st.rerun(scope="app")


def keep_playing(key: str, options: dict[str, str]) -> None:
    """Call once per run after the slider: schedules the next step while playing."""
    if st.session_state.get(PLAYING):
        _ticker(key, _years(options))

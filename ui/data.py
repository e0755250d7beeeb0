"""Load the Atlas once per process and show data problems as a message, never a traceback."""

from __future__ import annotations

import streamlit as st

from atlas.load import FIX_HINT, Atlas, DataValidationError, load_atlas, resolve_data_dir

MAX_LISTED_PROBLEMS = 25


@st.cache_data(show_spinner="Loading and checking the Atlas data…", max_entries=2)
def _cached_atlas(data_dir: str) -> Atlas:
    return load_atlas(data_dir)


def get_atlas() -> Atlas:
    """The validated Atlas, or a clear error on the page and a stop (the app keeps running)."""
    folder = str(resolve_data_dir())
    try:
        return _cached_atlas(folder)
    except DataValidationError as err:
        show_problems(err)
        st.stop()
        raise  # pragma: no cover - st.stop() raises


def show_problems(err: DataValidationError) -> None:
    problems = err.problems
    st.error(
        f"The Atlas cannot show its data: {len(problems)} problem(s) were found in the data "
        f"files. {FIX_HINT}",
        icon=":material/error:",
    )
    lines = [p.message for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_LISTED_PROBLEMS} more.")
    st.code("\n".join(lines), language=None)

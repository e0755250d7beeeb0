"""Keep widgets and the URL in step, so any view can be shared as a link.

Each run the app writes the URL from the widgets. A run that starts with a URL different from
the one it last wrote was opened from outside (a shared link, a profile link): that URL is then
decoded into the widgets' session state before they are drawn. Bad parts of a link become
notes shown on the page, never errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from atlas.urlstate import MultiChoice, Param, decode, encode

_LAST = "_url_last_written"
_COLLECTED = "_url_collected"
_NOTES = "_url_notes"


def widget_key(scope: str, spec: Param) -> str:
    return f"{scope}.{spec.name}"


def _query() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params}


def bind(specs: Sequence[Param], scope: str) -> list[str]:
    """Apply a URL that came from outside to the widgets of `scope`; return notes for the page."""
    query = _query()
    names = {s.name for s in specs}
    relevant = {k: v for k, v in query.items() if k in names}
    st.session_state.setdefault(_COLLECTED, {})
    came_from_outside = query != st.session_state.get(_LAST)
    notes: list[str] = []
    first_time = f"_url_bound.{scope}" not in st.session_state
    if (came_from_outside and relevant) or first_time:
        result = decode(specs, relevant)
        notes = list(result.notes)
        for spec in specs:
            key = widget_key(scope, spec)
            if spec.name in relevant or key not in st.session_state:
                value: Any = result.values[spec.name]
                st.session_state[key] = list(value) if isinstance(spec, MultiChoice) else value
        st.session_state[f"_url_bound.{scope}"] = True
    return notes


def remember(specs: Sequence[Param], scope: str) -> None:
    """Record the scope's current widget values for the URL written at the end of the run."""
    values = {}
    for spec in specs:
        value = st.session_state.get(widget_key(scope, spec))
        if isinstance(spec, MultiChoice):
            value = tuple(value or ())
        values[spec.name] = value
    try:
        encoded = encode(specs, values)
    except ValueError:
        return  # a value the codec cannot express stays out of the link
    st.session_state.setdefault(_COLLECTED, {}).update(encoded)


def start_run() -> None:
    st.session_state[_COLLECTED] = {}


def write_url() -> None:
    """Replace the query string with what this run's scopes recorded."""
    collected = dict(st.session_state.get(_COLLECTED, {}))
    if collected != _query():
        st.query_params.from_dict(collected)
    st.session_state[_LAST] = collected


def show_notes(notes: Sequence[str]) -> None:
    if notes:
        st.info(
            "The link could not be followed exactly:\n\n" + "\n".join(f"- {n}" for n in notes),
            icon=":material/link_off:",
        )

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

from atlas import i18n
from atlas.i18n import _
from atlas.redirects import redirect_query
from atlas.urlstate import MultiChoice, Param, decode, encode

_LAST = "_url_last_written"
_COLLECTED = "_url_collected"
_NOTES = "_url_notes"
_FORCE = "_url_open_exactly"


def widget_key(scope: str, spec: Param) -> str:
    return f"{scope}.{spec.name}"


def _query() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params}


def bind(specs: Sequence[Param], scope: str) -> list[str]:
    """Apply a URL that came from outside to the widgets of `scope`; return notes for the page.

    Choices kept across pages are Streamlit's: pages draw these widgets with
    ``persist_state="session"``, so coming back each keeps the value it had when last seen.
    This only fills a widget Streamlit has no value for yet with the link's default.
    """
    query = _query()
    names = {s.name for s in specs}
    # Ids renamed since a link was made (odz-pl -> lodz-pl) are read as their new form.
    relevant = redirect_query({k: v for k, v in query.items() if k in names})
    st.session_state.setdefault(_COLLECTED, {})
    came_from_outside = query != st.session_state.get(_LAST)
    first_time = f"_url_bound.{scope}" not in st.session_state
    force = bool(st.session_state.get(_FORCE))
    apply_link = (came_from_outside and bool(relevant)) or first_time or force
    result = decode(specs, relevant)
    notes = list(result.notes) if apply_link else []
    for spec in specs:
        key = widget_key(scope, spec)
        value: Any
        if apply_link and (force or spec.name in relevant or key not in st.session_state):
            value = result.values[spec.name]
        elif key not in st.session_state:
            value = spec.default
        else:
            continue
        st.session_state[key] = list(value) if isinstance(spec, MultiChoice) else value
    st.session_state[f"_url_bound.{scope}"] = True
    return notes


def encoded(specs: Sequence[Param], scope: str) -> dict[str, str]:
    """The scope's current widget values as link parameters (defaults left out)."""
    values = {}
    for spec in specs:
        value = st.session_state.get(widget_key(scope, spec))
        if isinstance(spec, MultiChoice):
            value = tuple(value or ())
        values[spec.name] = value
    try:
        return encode(specs, values)
    except ValueError:
        return {}  # a value the codec cannot express stays out of the link


def remember(specs: Sequence[Param], scope: str) -> None:
    """Record the scope's current widget values for the URL written at the end of the run."""
    st.session_state.setdefault(_COLLECTED, {}).update(encoded(specs, scope))


def open_exactly() -> None:
    """Make the next run's link set the whole view: what it does not name goes to the default.

    A link from outside normally sets only the parameters it names and keeps the others as
    they were; a tour step must show exactly its view. The browser re-sends its widgets' last
    values with the next run, so forgetting them on the server is not enough: the next run's
    `bind` sets every widget of every scope from the link instead.
    """
    st.session_state[_FORCE] = True


def keep(params: dict[str, str]) -> None:
    """Add parameters a page encodes itself (a whole tour) to the link written at the end."""
    st.session_state.setdefault(_COLLECTED, {}).update(params)


def view_query(specs: Sequence[Param], scope: str) -> dict[str, str]:
    """The whole link of the current view: shared parameters so far plus this page's."""
    return {**st.session_state.get(_COLLECTED, {}), **encoded(specs, scope)}


def start_run() -> None:
    st.session_state[_COLLECTED] = {}


def keep_language() -> None:
    """Put the visitor's chosen language into the link written at the end of the run."""
    st.session_state.setdefault(_COLLECTED, {}).update(i18n.link_params())


def write_url() -> None:
    """Replace the query string with what this run's scopes recorded."""
    collected = dict(st.session_state.get(_COLLECTED, {}))
    if collected != _query():
        st.query_params.from_dict(collected)
    st.session_state[_LAST] = collected
    st.session_state.pop(_FORCE, None)


def show_notes(notes: Sequence[str]) -> None:
    if notes:
        st.info(
            _("The link could not be followed exactly:")
            + "\n\n"
            + "\n".join(f"- {n}" for n in notes),
            icon=":material/link_off:",
        )

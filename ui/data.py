"""Load the Atlas once per process and show data problems as a message, never a traceback.

A session may add its own indicators (an upload, the index it built). They live in that
session's state only and are joined onto the shared, cached Atlas here, so every page sees them
and no other session ever does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from atlas.extend import extend_atlas
from atlas.i18n import SOURCE_LANGUAGE, _, current_language, ngettext
from atlas.load import FIX_HINT, Atlas, DataValidationError, load_atlas, resolve_data_dir
from atlas.localise import localised
from atlas.numbers import format_count
from ui import warmup

MAX_LISTED_PROBLEMS = 25
_EXTRAS = "_atlas_extras"
_MERGED = "_atlas_merged"
_SHELL_MARK = "_shell_ran"
_SUFFIXES = "_atlas_version_suffixes"


@dataclass(frozen=True)
class SessionExtra:
    """Tables a session adds to the Atlas; `token` changes whenever their content changes."""

    token: str
    origin: str
    indicators: pd.DataFrame
    values: pd.DataFrame
    sources: pd.DataFrame | None = None
    cities: pd.DataFrame | None = None


@st.cache_resource(show_spinner="Loading and checking the Atlas data…", max_entries=2)
def _cached_atlas(data_dir: str) -> Atlas:
    """One shared Atlas per process, served without copying (pages treat it as read-only;
    a session's own indicators are joined onto a copy, see atlas/extend.py).

    Started by scripts/serve.py, the server began loading it at start: a visitor waits on
    that load (under this spinner) instead of starting another, see ui/warmup.py.
    """
    started = warmup.take(data_dir)
    if started is not None:
        return started.result()  # raises a broken package's DataValidationError here
    warmup.LOG.info("%s (%s)", warmup.IN_VISITOR_RUN, data_dir)
    atlas = load_atlas(data_dir)
    warmup.start(atlas)
    return atlas


def base_atlas() -> Atlas:
    """The curated Atlas shared by every session, or a clear error and a stop."""
    folder = str(resolve_data_dir())
    try:
        return _cached_atlas(folder)
    except DataValidationError as err:
        show_problems(err)
        st.stop()
        raise  # pragma: no cover - st.stop() raises


def mark_shell() -> None:
    """Called by app.py at the start of every run, before any page."""
    st.session_state[_SHELL_MARK] = True


def _ensure_shell() -> None:
    """Run a page through app.py even when Streamlit started it as a legacy `pages/` script.

    With a `pages/` folder, a fresh server serves its very first visit the pre-`st.navigation`
    way: a deep link (`/map?city=…`) runs pages/map.py alone, without the shared shell (filters,
    URL sync, navigation). The first call of `st.navigation` switches the process over for
    good, so a page that finds the shell has not run switches it over and reruns.
    """
    if _SHELL_MARK not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False, max_entries=8)
def _localised_atlas(version: str, language_code: str, _atlas: Atlas) -> Atlas:
    """The shared Atlas in one language, made once per process and language (the version and
    the language are the key; the Atlas itself is not hashed)."""
    return localised(_atlas, language_code)


def get_atlas() -> Atlas:
    """The curated Atlas in the run's language, plus this session's own indicators (uploads,
    the user's index), which keep the labels their user gave them."""
    _ensure_shell()
    atlas = base_atlas()
    language_code = current_language()
    if language_code != SOURCE_LANGUAGE:
        atlas = _localised_atlas(atlas.version, language_code, atlas)
    extras: dict[str, SessionExtra] = st.session_state.get(_EXTRAS, {})
    if not extras:
        return atlas
    tokens = tuple(sorted((name, e.token) for name, e in extras.items()))
    key = (atlas.version, tokens)
    merged = st.session_state.get(_MERGED)
    if merged is not None and merged[0] == key:
        return merged[1]
    for name in sorted(extras):
        extra = extras[name]
        try:
            atlas = extend_atlas(
                atlas,
                indicators=extra.indicators,
                values=extra.values,
                origin=extra.origin,
                sources=extra.sources,
                cities=extra.cities,
            )
        except ValueError as err:
            st.warning(
                _(
                    "Your added data “{name}” could not be joined to the Atlas ({problem}). It "
                    "is left out; open Data and methods to upload it again."
                ).format(name=name, problem=err),
                icon=":material/warning:",
            )
    suffixes = {name: f"|{name}:{extras[name].token}.{_digest(extras[name])}" for name in extras}
    atlas = replace(atlas, version=atlas.version + "".join(suffixes[n] for n, _ in tokens))
    st.session_state[_MERGED] = (key, atlas)
    st.session_state[_SUFFIXES] = suffixes
    return atlas


def _digest(extra: SessionExtra) -> str:
    """A fingerprint of an extra's content, so caches shared by all sessions (keyed on the
    version) can never mix up two sessions' data that happen to share a token."""
    h = hashlib.sha256()
    for frame in (extra.indicators, extra.values, extra.sources, extra.cities):
        if frame is not None:
            h.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy())
    return h.hexdigest()[:16]


def version_without(atlas: Atlas, name: str) -> str:
    """The Atlas's version leaving out one session extra (e.g. the index built from it)."""
    suffix = st.session_state.get(_SUFFIXES, {}).get(name, "")
    return atlas.version.replace(suffix, "") if suffix else atlas.version


def set_session_extra(name: str, extra: SessionExtra) -> None:
    """Add or replace one set of session-only indicators (seen by this browser session only)."""
    extras = dict(st.session_state.get(_EXTRAS, {}))
    extras[name] = extra
    st.session_state[_EXTRAS] = extras


def clear_session_extra(name: str) -> None:
    extras = dict(st.session_state.get(_EXTRAS, {}))
    extras.pop(name, None)
    st.session_state[_EXTRAS] = extras


def session_extras() -> dict[str, SessionExtra]:
    return dict(st.session_state.get(_EXTRAS, {}))


def show_problems(err: DataValidationError) -> None:
    problems = err.problems
    st.error(
        ngettext(
            "The Atlas cannot show its data: {n} problem was found in the data files. {fix}",
            "The Atlas cannot show its data: {n} problems were found in the data files. {fix}",
            len(problems),
        ).format(n=format_count(len(problems)), fix=_(FIX_HINT)),
        icon=":material/error:",
    )
    lines = [p.message for p in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        rest = len(problems) - MAX_LISTED_PROBLEMS
        lines.append(
            ngettext("… and {n} more.", "… and {n} more.", rest).format(n=format_count(rest))
        )
    st.code("\n".join(lines), language=None)

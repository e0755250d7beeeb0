"""One caching decorator for everything computed from the Atlas.

Hashing the Atlas's tables on every call would cost more than most of the work it saves, and
`Atlas.version` already names their content (ui/data.py extends it with a digest of a session's
own tables). So the Atlas is hashed as its version and every other argument as Streamlit hashes
it: filters (a dataclass), lists and frames are hashed whole, so no hand-built key can forget
one of their fields. A public function is cached directly; there is no wrapper that passes
``atlas.version`` to a private twin.

A cached result may hold text (labels, captions, chart titles) in the language of the run that
made it, so the run's language is part of every key: a Catalan visitor never gets the figure an
English one cached. The function itself runs in that language (it may run outside the visitor's
own context, in Streamlit's cache machinery), so ``_`` inside it translates as the page does.

``resource=True`` keeps the returned object itself (figures, decks, views the page only reads);
the default copies it out of the cache on every call (tables a page may change).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

from atlas import i18n
from atlas.load import Atlas

__all__ = ["atlas_cached", "atlas_hash"]

F = TypeVar("F", bound=Callable[..., Any])


def atlas_hash(atlas: Atlas) -> str:
    """What identifies an Atlas in a cache key: its version, not its tables."""
    return atlas.version


def atlas_cached(
    *,
    resource: bool = False,
    max_entries: int | None = None,
    show_spinner: bool | str = False,
    hash_funcs: Mapping[type, Callable[[Any], Any]] | None = None,
) -> Callable[[F], F]:
    """Cache a function whose arguments may include the Atlas, keyed on the Atlas's version.

    ``show_spinner`` is off by default: only work that can take over a second says so.
    """
    cache = st.cache_resource if resource else st.cache_data
    hashers: dict[Any, Callable[[Any], Any]] = {Atlas: atlas_hash, **(hash_funcs or {})}

    def decorate(func: F) -> F:
        # Streamlit names a cache by the function's module, name and source, and names the
        # positional arguments from its signature (a leading "_" is not hashed): `wraps` hands
        # it the wrapped function's, so the language goes in as a keyword it hashes by name.
        @functools.wraps(func)
        def in_language(*args: Any, atlas_language: str, **kwargs: Any) -> Any:
            with i18n.language(atlas_language):
                return func(*args, **kwargs)

        cached = cache(max_entries=max_entries, show_spinner=show_spinner, hash_funcs=hashers)(
            in_language
        )

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            return cached(*args, atlas_language=i18n.current_language(), **kwargs)

        call.clear = cached.clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate

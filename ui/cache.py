"""One caching decorator for everything computed from the Atlas.

Hashing the Atlas's tables on every call would cost more than most of the work it saves, and
`Atlas.version` already names their content (ui/data.py extends it with a digest of a session's
own tables). So the Atlas is hashed as its version and every other argument as Streamlit hashes
it: filters (a dataclass), lists and frames are hashed whole, so no hand-built key can forget
one of their fields. A public function is cached directly; there is no wrapper that passes
``atlas.version`` to a private twin.

``resource=True`` keeps the returned object itself (figures, decks, views the page only reads);
the default copies it out of the cache on every call (tables a page may change).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

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
    return cache(max_entries=max_entries, show_spinner=show_spinner, hash_funcs=hashers)

"""Work the first visitor of a page would otherwise wait for, done once when the server starts.

With a large data set the Partnerships page measures the whole network (betweenness over
10,000 cities takes seconds) before it can draw anything. Its default view is the same for
every visitor, so it is computed in the background as soon as the data is loaded; a visitor
who arrives first waits on the same cache entry instead of starting a second computation.
"""

from __future__ import annotations

import logging
import threading

from atlas.filters import Filters
from atlas.load import Atlas

LOG = logging.getLogger(__name__)


def _warm(atlas: Atlas) -> None:
    from ui import network_view  # imported here: pages' modules are not needed to load data

    try:
        first, last = network_view.year_bounds(atlas)
        network_view.compute(atlas, (), first, last, Filters())
        network_view.cached_pictures(atlas, (), first, last, Filters())
    except Exception:  # a warm-up must never take the server down; the page computes itself
        LOG.exception("warming the Partnerships page's default view failed")


def start(atlas: Atlas) -> threading.Thread | None:
    """Warm the default views in a daemon thread, on a real server only (not under AppTest)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    thread = threading.Thread(target=_warm, args=(atlas,), name="atlas-warmup", daemon=True)
    thread.start()
    return thread

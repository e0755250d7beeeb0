"""A meeting tour: views of the Atlas a diplomat prepares beforehand and steps through.

A stop is a page and the link parameters that reopen its view, plus a title the presenter
chooses. Because every Atlas view is already a link, a tour is just an ordered list of links;
it travels as a small JSON file (to keep on a laptop, for a room with no internet) or packed
into one link parameter. Both are read with the same checks: a file or link from elsewhere may
be old, cut off or hostile, so reading never raises and says what it left out.

No Streamlit here, so the model is tested without a running app.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from atlas.i18n import _, ngettext
from atlas.numbers import format_count

FORMAT = "city-science-diplomacy-atlas/tour"
VERSION = 1
MAX_STOPS = 30
MAX_TITLE = 80
MAX_PARAMS = 20
MAX_VALUE = 1000  # the same bound the link codec puts on one parameter
MAX_FILE_BYTES = 200_000
MAX_LINK_CHARS = 8000
_NAME_RE = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# parameters that belong to how a page is shown, not to the view a tour step reopens
NOT_IN_STOPS = frozenset({"iframe", "embed", "tour"})
# The language is the presenter's, not the step's: a step that carried `lang` would switch a
# tour presented in Catalan back to the language the view was added in. Dropped when a stop
# is made and when one is read.
LANGUAGE_PARAM = "lang"


@dataclass(frozen=True)
class Stop:
    """One prepared view: `page` is the page's url path ("map"), `query` its link parameters."""

    title: str
    page: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)


@dataclass(frozen=True)
class ReadResult:
    stops: tuple[Stop, ...]
    notes: tuple[str, ...]


def clean_title(text: object) -> str:
    """A title as plain one-line text of reasonable length."""
    title = _CONTROL_RE.sub(" ", str(text)).strip()
    return title[:MAX_TITLE].strip()


def make_stop(title: str, page: str, query: Mapping[str, str]) -> Stop:
    """A stop from the current page and its link; display-only parameters are dropped."""
    params = tuple(
        (str(k), str(v)) for k, v in query.items() if k not in NOT_IN_STOPS and k != LANGUAGE_PARAM
    )
    return Stop(clean_title(title) or page, page, params)


def default_title(page_title: str, query: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """'Map: Europe, 1995' from the page and the link values that have a human label."""
    shown = [
        labels.get(v, v)
        for k, v in query.items()
        if k not in NOT_IN_STOPS
        and k != LANGUAGE_PARAM
        and (v in labels or (len(v) == 4 and v.isdigit()))
    ]
    # Translators: a tour stop's first title, the page and what its link shows
    # ("Map: Europe, 1995")
    title = (
        page_title
        if not shown
        else _("{page}: {shown}").format(page=page_title, shown=", ".join(shown))
    )
    return clean_title(title)


# ------------------------------------------------------------------ editing


def add(stops: Sequence[Stop], stop: Stop) -> tuple[Stop, ...]:
    """The tour with `stop` at its end; a full tour is returned unchanged (see MAX_STOPS)."""
    if len(stops) >= MAX_STOPS:
        return tuple(stops)
    return (*stops, stop)


def move(stops: Sequence[Stop], index: int, offset: int) -> tuple[Stop, ...]:
    """The tour with stop `index` moved by `offset` places (kept inside the tour)."""
    items = list(stops)
    if not 0 <= index < len(items):
        return tuple(items)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return tuple(items)


def remove(stops: Sequence[Stop], index: int) -> tuple[Stop, ...]:
    return tuple(s for i, s in enumerate(stops) if i != index)


def rename(stops: Sequence[Stop], index: int, title: str) -> tuple[Stop, ...]:
    """The tour with stop `index` retitled; an empty title keeps the old one."""
    new = clean_title(title)
    return tuple(replace(s, title=new) if i == index and new else s for i, s in enumerate(stops))


# ------------------------------------------------------------------ file and link


def to_data(stops: Sequence[Stop]) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "stops": [{"title": s.title, "page": s.page, "query": s.params} for s in stops],
    }


def to_json(stops: Sequence[Stop]) -> str:
    """The tour as the small JSON file a presenter downloads and loads again."""
    return json.dumps(to_data(stops), ensure_ascii=False, indent=2)


def to_link(stops: Sequence[Stop]) -> str:
    """The tour packed into one URL-safe link value (compressed JSON, base64url)."""
    raw = json.dumps(to_data(stops)["stops"], ensure_ascii=False, separators=(",", ":"))
    packed = zlib.compress(raw.encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _stops_from(items: object, pages: Collection[str]) -> ReadResult:
    if not isinstance(items, list):
        return ReadResult((), (_("It holds no list of views."),))
    notes: list[str] = []
    stops: list[Stop] = []
    bad = 0
    for item in items:
        if len(stops) >= MAX_STOPS:
            notes.append(
                _("Only the first {n} views were kept (a tour holds at most that).").format(
                    n=format_count(MAX_STOPS)
                )
            )
            break
        stop = _stop_from(item, pages)
        if stop is None:
            bad += 1
            continue
        stops.append(stop)
    if bad:
        notes.append(
            ngettext(
                "{n} view was left out: not a page of this Atlas or not readable as a view.",
                "{n} views were left out: not a page of this Atlas or not readable as a view.",
                bad,
            ).format(n=format_count(bad))
        )
    return ReadResult(tuple(stops), tuple(notes))


def _stop_from(item: object, pages: Collection[str]) -> Stop | None:
    if not isinstance(item, dict):
        return None
    page, query = item.get("page"), item.get("query", {})
    if not isinstance(page, str) or page not in pages or not isinstance(query, dict):
        return None
    if len(query) > MAX_PARAMS:
        return None
    params = []
    for key, value in query.items():
        if key == LANGUAGE_PARAM:
            continue
        if not isinstance(key, str) or not _NAME_RE.fullmatch(key) or key in NOT_IN_STOPS:
            return None
        if not isinstance(value, str | int) or len(str(value)) > MAX_VALUE:
            return None
        params.append((key, _CONTROL_RE.sub("", str(value))))
    title = clean_title(item.get("title", "")) or page
    return Stop(title, page, tuple(params))


def from_json(text: str | bytes, pages: Collection[str]) -> ReadResult:
    """Read a tour file. Never raises: a bad file gives no stops and a note saying why."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            return ReadResult((), (_too_large(),))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ReadResult((), (_("The file is not UTF-8 text."),))
    if len(text) > MAX_FILE_BYTES:
        return ReadResult((), (_too_large(),))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ReadResult((), (_("The file is not JSON."),))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return ReadResult((), (_("The file is not an Atlas tour (its 'format' is not a tour)."),))
    return _stops_from(data.get("stops"), pages)


def _too_large() -> str:
    return _("The file is larger than {n} bytes.").format(n=format_count(MAX_FILE_BYTES))


def from_link(value: str, pages: Collection[str]) -> ReadResult:
    """Read a tour link value. Never raises: a bad value gives no stops and a note."""
    if len(value) > MAX_LINK_CHARS:
        return ReadResult(
            (),
            (
                _("The tour in the link is too long ({n} characters).").format(
                    n=format_count(len(value))
                ),
            ),
        )
    try:
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        raw = zlib.decompressobj().decompress(packed, MAX_FILE_BYTES)
        items = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError, RecursionError):
        return ReadResult((), (_("The tour in the link could not be read (it may be cut off)."),))
    return _stops_from(items, pages)

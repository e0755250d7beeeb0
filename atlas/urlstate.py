"""The view state of a page, carried in the URL's query string.

Every Atlas view can be shared as a link, so a page's choices (indicator, cities, year, weights,
...) live in the query string. Links are typed by hand, cut off by chat apps, forwarded for years
and outlive the data they were made with (a city id may disappear), so reading them must never
fail: a bad part is ignored, the page falls back to its default for that part, and a human note
says so. Writing them must keep them short and readable, so defaults are left out and values are
ids (``cities=barcelona-es,paris-fr``), never positions in a list that may change.

Each page declares its parameters once, as a list of specs, and uses that list both ways::

    SPECS = [
        Choice("indicator", indicator_labels, default="gii_cluster_rank"),  # id -> label mapping
        MultiChoice("cities", city_labels, default=("barcelona-es",), max_items=12),
        IntParam("year", 2015, 2024, default=2024),
        BoolParam("per_million", default=False, label="per million"),
        WeightsParam("w", indicator_labels, default={"hubs_hosted": 50, "gii_pct": 50}),
    ]
    state = decode(SPECS, st.query_params.to_dict())   # page shows state.notes, uses state.values
    st.query_params.from_dict(encode(SPECS, current_values))

Options may be a plain collection of ids or a mapping ``id -> label``; labels only make the notes
readable. Notes are plain text: values copied from the link are shortened and reduced to a safe
set of characters before being quoted, but pages should still render notes as text (for example
``st.caption`` with no links) rather than as trusted markdown.

No Streamlit here, so the codec is tested without a running app.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from atlas.i18n import N_, _, ngettext, pgettext

__all__ = [
    "MAX_VALUE_LENGTH",
    "BoolParam",
    "Choice",
    "DecodeResult",
    "IntParam",
    "MultiChoice",
    "OptionalChoice",
    "Param",
    "WeightsParam",
    "decode",
    "encode",
    "to_query_string",
]

#: Longest raw value accepted for one parameter. Real links stay far below it (a dozen city ids
#: is ~200 characters); anything longer is junk or an attempt to make the page do needless work.
MAX_VALUE_LENGTH = 1000

_SHOWN_CHARS = 40  # how much of a foreign value a note quotes
_LISTED_ITEMS = 3  # how many rejected items a note names before "and N more"
_SAFE_SHOWN_RE = re.compile(r"[^A-Za-z0-9 _.,:+\-]")
_NAME_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_INT_RE = re.compile(r"[+-]?\d+")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _shown(raw: str) -> str:
    """Quote-able excerpt of text that came from a link (untrusted)."""
    text = raw if len(raw) <= _SHOWN_CHARS else raw[: _SHOWN_CHARS - 1] + "…"
    return _SAFE_SHOWN_RE.sub("?", text)


def quoted(text: str) -> str:
    """A value or a parameter's name quoted in a note, with the language's quotation marks."""
    # Translators: a value or a name quoted in a note about a link; use your quotation marks.
    return _("'{text}'").format(text=text)


def _listing(items: Sequence[str]) -> str:
    named = ", ".join(quoted(_shown(i)) for i in items[:_LISTED_ITEMS])
    extra = len(items) - _LISTED_ITEMS
    if extra <= 0:
        return named
    # Translators: a list of values cut short: "'a', 'b', 'c' and 4 more".
    return _("{items} and {n} more").format(items=named, n=extra)


def _check_option_ids(name: str, options: Sequence[str], forbidden: str = "") -> None:
    if not options:
        raise ValueError(f"{name}: options must not be empty")
    for option in options:
        if not isinstance(option, str) or not option or option != option.strip():
            raise ValueError(f"{name}: option {option!r} must be a non-empty trimmed string")
        if any(ch in option for ch in forbidden):
            raise ValueError(f"{name}: option {option!r} must not contain {forbidden!r}")
    if len(set(options)) != len(options):
        raise ValueError(f"{name}: options contain duplicates")


def _split_options(
    options: Collection[str] | Mapping[str, str], labels: Mapping[str, str] | None
) -> tuple[tuple[str, ...], dict[str, str]]:
    # ``tuple()`` also protects against pandas Series, whose ``in`` tests the index, not values.
    ids = tuple(options)
    merged = dict(options) if isinstance(options, Mapping) else {}
    merged.update(labels or {})
    return ids, {k: str(v) for k, v in merged.items()}


def _lookup_table(options: Sequence[str]) -> dict[str, str]:
    """Map exact ids, and case-insensitively unambiguous ids, to the canonical id."""
    table: dict[str, str] = {}
    folded: dict[str, list[str]] = {}
    for option in options:
        folded.setdefault(option.casefold(), []).append(option)
    for key, matches in folded.items():
        if len(matches) == 1:
            table[key] = matches[0]
    table.update({o: o for o in options})
    return table


def _find(table: Mapping[str, str], raw: str) -> str | None:
    return table.get(raw) or table.get(raw.casefold())


class Param(ABC):
    """One query-string parameter: how to read it from a link and how to write it back."""

    name: str
    label: str | None
    default: Any

    @property
    def title(self) -> str:
        """The parameter as notes name it: its label when the page gave one, in the run's
        language (a label marked with ``N_`` at import is translated here)."""
        return _(self.label) if self.label else self.name

    @property
    def quoted_title(self) -> str:
        return quoted(self.title)

    @abstractmethod
    def parse(self, raw: str) -> tuple[Any, list[str]]:
        """Read one raw value; never raises, falls back to the default with notes."""

    @abstractmethod
    def format(self, value: Any) -> str:
        """Write a valid value; raises ``ValueError`` on an invalid one (a bug in the page)."""

    @abstractmethod
    def shown(self, value: Any) -> str:
        """Describe a value for a note, using labels where known."""

    def joins_repeats(self) -> bool:
        """Whether ``?p=a&p=b`` means ``p=a,b`` (lists) rather than "the last one wins"."""
        return False

    def _check_name(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.fullmatch(self.name):
            raise ValueError(f"parameter name {self.name!r} must be a short URL-safe word")

    def _fallback(self, reason: str) -> tuple[Any, list[str]]:
        # Translators: {reason} is one of the notes about a link's value, {value} the default.
        note = _("{reason}; showing {value} instead.").format(
            reason=reason, value=self.shown(self.default)
        )
        return self.default, [note]

    def _index_options(self, forbidden: str = "") -> tuple[str, ...]:
        """Check the option ids and build the lookup tables every id-valued parameter uses."""
        ids, labels = _split_options(self.options, self.labels)  # type: ignore[attr-defined]
        _check_option_ids(self.name, ids, forbidden)
        object.__setattr__(self, "_ids", ids)
        object.__setattr__(self, "_labels", labels)
        object.__setattr__(self, "_table", _lookup_table(ids))
        return ids


@dataclass(frozen=True, eq=False)
class Choice(Param):
    """Exactly one id out of ``options`` (an indicator, a region, a chart type)."""

    name: str
    options: Collection[str] | Mapping[str, str]
    default: str
    labels: Mapping[str, str] | None = None
    label: str | None = None
    _ids: tuple[str, ...] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)
    _table: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._check_name()
        ids = self._index_options()
        if self.default not in ids:
            raise ValueError(f"{self.name}: default {self.default!r} is not an option")

    def parse(self, raw: str) -> tuple[str, list[str]]:
        value = raw.strip()
        if not value:
            return self._fallback(
                _("The link gives no value for {name}").format(name=self.quoted_title)
            )
        found = _find(self._table, value)
        if found is None:
            return self._fallback(
                _("The link's value {value} for {name} is not known").format(
                    value=quoted(_shown(value)), name=self.quoted_title
                )
            )
        return found, []

    def format(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self._ids:
            raise ValueError(f"{self.name}: {value!r} is not an option")
        return value

    def shown(self, value: Any) -> str:
        return quoted(self._labels.get(value, value))


@dataclass(frozen=True, eq=False)
class OptionalChoice(Param):
    """At most one id (a selected city); nothing chosen is the default and stays out of links."""

    name: str
    options: Collection[str] | Mapping[str, str]
    default: None = None
    labels: Mapping[str, str] | None = None
    label: str | None = None
    # how a note ends when the link names an unknown id (pages can say what to do instead)
    unknown: str = N_("is not known, so nothing is selected")
    _ids: tuple[str, ...] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)
    _table: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._check_name()
        if self.default is not None:
            raise ValueError(f"{self.name}: an optional choice has no default")
        self._index_options()

    def parse(self, raw: str) -> tuple[str | None, list[str]]:
        value = raw.strip()
        if not value:
            return None, []
        found = _find(self._table, value)
        if found is None:
            # Translators: {ending} says what happens instead ("is not known, so nothing is ...").
            note = _("The link's value {value} for {name} {ending}").format(
                value=quoted(_shown(value)), name=self.quoted_title, ending=_(self.unknown)
            )
            return None, [note]
        return found, []

    def format(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self._ids:
            raise ValueError(f"{self.name}: {value!r} is not an option")
        return value

    def shown(self, value: Any) -> str:
        return _("nothing") if value is None else quoted(self._labels.get(value, value))


@dataclass(frozen=True, eq=False)
class MultiChoice(Param):
    """An ordered selection of distinct ids, written comma-separated (``a,b,c``).

    The order is the reader's (it drives legends and table order) and is kept. An empty value
    (``cities=``) is how an explicitly empty selection is written, so it is accepted without a
    note when ``min_items`` is 0.
    """

    name: str
    options: Collection[str] | Mapping[str, str]
    default: Sequence[str] = ()
    max_items: int | None = None
    min_items: int = 0
    labels: Mapping[str, str] | None = None
    label: str | None = None
    _ids: tuple[str, ...] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)
    _table: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._check_name()
        self._index_options(forbidden=",")
        if self.max_items is not None and self.max_items < max(self.min_items, 1):
            raise ValueError(f"{self.name}: max_items must be at least max(min_items, 1)")
        object.__setattr__(self, "default", tuple(self.default))
        self.format(self.default)  # the default must itself be a valid value

    def joins_repeats(self) -> bool:
        return True

    def parse(self, raw: str) -> tuple[tuple[str, ...], list[str]]:
        items = [item.strip() for item in raw.split(",")]
        items = [item for item in items if item]
        if not items:
            if self.min_items == 0:
                return (), []
            return self._fallback(
                _("The link gives no value for {name}").format(name=self.quoted_title)
            )

        notes: list[str] = []
        chosen: list[str] = []
        unknown: list[str] = []
        repeated: list[str] = []
        for item in items:
            found = _find(self._table, item)
            if found is None:
                unknown.append(item)
            elif found in chosen:
                if found not in repeated:
                    repeated.append(found)
            else:
                chosen.append(found)

        if not chosen:
            return self._fallback(
                _("None of the link's values for {name} is known").format(name=self.quoted_title)
            )
        if unknown:
            notes.append(
                ngettext(
                    "The link's value {values} for {name} is not known and was left out.",
                    "The link's values {values} for {name} are not known and were left out.",
                    len(unknown),
                ).format(values=_listing(unknown), name=self.quoted_title)
            )
        if repeated:
            notes.append(
                _("The link names {values} more than once for {name}; each is used once.").format(
                    values=_listing(repeated), name=self.quoted_title
                )
            )
        if self.max_items is not None and len(chosen) > self.max_items:
            notes.append(
                _(
                    "The link gives {n} values for {name} but at most {max} can be shown; "
                    "keeping the first {max}."
                ).format(n=len(chosen), name=self.quoted_title, max=self.max_items)
            )
            chosen = chosen[: self.max_items]
        if len(chosen) < self.min_items:
            fallback, more = self._fallback(
                _("The link gives too few known values for {name} (at least {min} needed)").format(
                    name=self.quoted_title, min=self.min_items
                )
            )
            return fallback, notes + more
        return tuple(chosen), notes

    def format(self, value: Any) -> str:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValueError(f"{self.name}: expected a sequence of ids, got {value!r}")
        items = list(value)
        for item in items:
            if item not in self._ids:
                raise ValueError(f"{self.name}: {item!r} is not an option")
        if len(set(items)) != len(items):
            raise ValueError(f"{self.name}: items repeat in {items!r}")
        if len(items) < self.min_items or (
            self.max_items is not None and len(items) > self.max_items
        ):
            raise ValueError(f"{self.name}: {len(items)} items is outside the allowed count")
        return ",".join(items)

    def shown(self, value: Any) -> str:
        if not value:
            return _("none")
        return ", ".join(quoted(self._labels.get(v, v)) for v in value)


@dataclass(frozen=True, eq=False)
class IntParam(Param):
    """A whole number within ``[min, max]`` (a year, a top-N). Out-of-range links are clamped."""

    name: str
    min: int
    max: int
    default: int
    label: str | None = None

    def __post_init__(self) -> None:
        self._check_name()
        if not self.min <= self.default <= self.max:
            raise ValueError(f"{self.name}: default {self.default} is outside [min, max]")

    def parse(self, raw: str) -> tuple[int, list[str]]:
        text = raw.strip()
        if not text:
            return self._fallback(
                _("The link gives no value for {name}").format(name=self.quoted_title)
            )
        if not _INT_RE.fullmatch(text):
            return self._fallback(
                _("The link's value {value} for {name} is not a whole number").format(
                    value=quoted(_shown(text)), name=self.quoted_title
                )
            )
        number = int(text)
        if number < self.min or number > self.max:
            clamped = min(max(number, self.min), self.max)
            return clamped, [
                _(
                    "The link's value {value} for {name} is outside {low}–{high}; showing "
                    "{shown} instead."
                ).format(
                    value=quoted(_shown(text)),
                    name=self.quoted_title,
                    low=self.min,
                    high=self.max,
                    shown=clamped,
                )
            ]
        return number, []

    def format(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{self.name}: {value!r} is not an int")
        if not self.min <= value <= self.max:
            raise ValueError(f"{self.name}: {value} is outside [{self.min}, {self.max}]")
        return str(value)

    def shown(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True, eq=False)
class BoolParam(Param):
    """An on/off switch, written ``1``/``0``; hand-typed ``true``/``yes``/``on`` are also read."""

    name: str
    default: bool
    label: str | None = None

    def __post_init__(self) -> None:
        self._check_name()
        if not isinstance(self.default, bool):
            raise ValueError(f"{self.name}: default must be a bool")

    def parse(self, raw: str) -> tuple[bool, list[str]]:
        text = raw.strip().casefold()
        if text in _TRUE:
            return True, []
        if text in _FALSE:
            return False, []
        if not text:
            return self._fallback(
                _("The link gives no value for {name}").format(name=self.quoted_title)
            )
        return self._fallback(
            _("The link's value {value} for {name} is not 1 or 0").format(
                value=quoted(_shown(raw.strip())), name=self.quoted_title
            )
        )

    def format(self, value: Any) -> str:
        if not isinstance(value, bool):
            raise ValueError(f"{self.name}: {value!r} is not a bool")
        return "1" if value else "0"

    def shown(self, value: Any) -> str:
        return quoted(pgettext("a switch", "on") if value else pgettext("a switch", "off"))


@dataclass(frozen=True, eq=False)
class WeightsParam(Param):
    """Whole-number weights for some of ``options``, written ``id:30,id:70``.

    Weights are 0..``max_weight`` and need not add up to anything: the page normalises them.
    The value is a dict in the options' order; an empty dict is only valid as the default
    (meaning "the page's own weighting", e.g. equal weights).
    """

    name: str
    options: Collection[str] | Mapping[str, str]
    default: Mapping[str, int] = field(default_factory=dict)
    max_weight: int = 100
    labels: Mapping[str, str] | None = None
    label: str | None = None
    _ids: tuple[str, ...] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)
    _table: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._check_name()
        self._index_options(forbidden=",:")
        if self.max_weight < 1:
            raise ValueError(f"{self.name}: max_weight must be positive")
        object.__setattr__(self, "default", self._ordered(self.default))
        if self.default:
            self.format(self.default)

    def _ordered(self, weights: Mapping[str, int]) -> dict[str, int]:
        return {k: weights[k] for k in self._ids if k in weights} | {
            k: v for k, v in weights.items() if k not in self._ids
        }

    def parse(self, raw: str) -> tuple[dict[str, int], list[str]]:
        pairs = [p.strip() for p in raw.split(",")]
        pairs = [p for p in pairs if p]
        if not pairs:
            return self._fallback(
                _("The link gives no weights for {name}").format(name=self.quoted_title)
            )

        weights: dict[str, int] = {}
        unknown: list[str] = []
        bad: list[str] = []
        repeated: list[str] = []
        for pair in pairs:
            key, sep, number = (part.strip() for part in pair.partition(":"))
            found = _find(self._table, key) if sep else None
            if not sep:
                bad.append(pair)
            elif found is None:
                unknown.append(pair)
            elif not _INT_RE.fullmatch(number) or not 0 <= int(number) <= self.max_weight:
                bad.append(pair)
            elif found in weights:
                if found not in repeated:
                    repeated.append(found)
            else:
                weights[found] = int(number)

        if not weights:
            return self._fallback(
                _("None of the link's weights for {name} can be used").format(
                    name=self.quoted_title
                )
            )
        notes: list[str] = []
        if unknown:
            notes.append(
                _(
                    "The link's weights {values} for {name} name unknown options and were left out."
                ).format(values=_listing(unknown), name=self.quoted_title)
            )
        if bad:
            notes.append(
                _(
                    "The link's weights {values} for {name} are not written as id:number with a "
                    "whole number from 0 to {max}, and were left out."
                ).format(values=_listing(bad), name=self.quoted_title, max=self.max_weight)
            )
        if repeated:
            notes.append(
                _(
                    "The link gives more than one weight for {values} in {name}; the first is used."
                ).format(values=_listing(repeated), name=self.quoted_title)
            )
        return self._ordered(weights), notes

    def format(self, value: Any) -> str:
        if not isinstance(value, Mapping) or not value:
            raise ValueError(f"{self.name}: expected a non-empty mapping, got {value!r}")
        for key, weight in value.items():
            if key not in self._ids:
                raise ValueError(f"{self.name}: {key!r} is not an option")
            if isinstance(weight, bool) or not isinstance(weight, int):
                raise ValueError(f"{self.name}: weight {weight!r} of {key!r} is not an int")
            if not 0 <= weight <= self.max_weight:
                raise ValueError(f"{self.name}: weight {weight} is outside 0..{self.max_weight}")
        return ",".join(f"{k}:{w}" for k, w in self._ordered(value).items())

    def shown(self, value: Any) -> str:
        if not value:
            return _("the default weights")
        return ", ".join(f"{quoted(self._labels.get(k, k))} {w}" for k, w in value.items())


@dataclass
class DecodeResult:
    """What a link asked for, made valid: one value per declared parameter, plus the notes
    to show the reader about anything that was ignored or changed."""

    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _check_specs(specs: Sequence[Param]) -> None:
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"parameter names repeat: {names}")


def _raw_value(spec: Param, value: Any) -> str | None:
    """One string from what a query mapping holds (``str``, or a list for repeated keys)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        parts = [str(v) for v in value]
        if not parts:
            return None
        return ",".join(parts) if spec.joins_repeats() else parts[-1]
    return None if value is None else str(value)


def decode(
    specs: Sequence[Param],
    query: Mapping[str, str | list[str]],
    *,
    ignore: Collection[str] = (),
) -> DecodeResult:
    """Read a page's state from a query mapping such as ``st.query_params.to_dict()``.

    Never raises on anything that came from the link: each bad part falls back to its default
    with a note, so an old or mangled link still opens a working page. Parameters the page does
    not declare are noted too (a misspelt name would otherwise fail silently), except those in
    ``ignore`` (parameters other parts of the app own, tracking tags).
    """
    _check_specs(specs)
    values: dict[str, Any] = {}
    notes: list[str] = []
    for spec in specs:
        raw = _raw_value(spec, query.get(spec.name)) if spec.name in query else None
        if raw is None:
            values[spec.name] = spec.default
            continue
        if len(raw) > MAX_VALUE_LENGTH:
            value, more = spec._fallback(
                _(
                    "The link's value for {name} is too long ({n} characters) and was ignored"
                ).format(name=spec.quoted_title, n=len(raw))
            )
        else:
            try:
                value, more = spec.parse(raw)
            except Exception:  # last line of defence: a link must never break a page
                value, more = spec._fallback(
                    _("The link's value for {name} could not be read").format(
                        name=spec.quoted_title
                    )
                )
        values[spec.name] = value
        notes.extend(more)

    declared = {spec.name for spec in specs}
    unused = [str(k) for k in query if k not in declared and k not in ignore]
    if unused:
        notes.append(
            ngettext(
                "The link's parameter {names} is not used on this page and was ignored.",
                "The link's parameters {names} are not used on this page and were ignored.",
                len(unused),
            ).format(names=_listing(unused))
        )
    return DecodeResult(values=values, notes=notes)


def encode(specs: Sequence[Param], values: Mapping[str, Any]) -> dict[str, str]:
    """Write a page's state as query parameters, in the order the specs are declared.

    Values equal to their default are left out so shared links stay short and a link made today
    follows a better default chosen later. Missing names count as defaults; names without a
    spec are not written. An invalid value raises ``ValueError``: page values come from widgets
    bound to the same options, so an invalid one is a bug to surface, not to hide.
    """
    _check_specs(specs)
    encoded: dict[str, str] = {}
    for spec in specs:
        if spec.name not in values:
            continue
        value = values[spec.name]
        if _same(spec, value, spec.default):
            continue
        encoded[spec.name] = spec.format(value)
    return encoded


def _same(spec: Param, value: Any, default: Any) -> bool:
    if isinstance(spec, MultiChoice):
        return (
            not isinstance(value, str) and isinstance(value, Iterable) and (tuple(value) == default)
        )
    if isinstance(spec, BoolParam | IntParam):
        # True == 1 in Python; a bool given for an int (or vice versa) is not "the default".
        return type(value) is type(default) and value == default
    return bool(value == default)


def to_query_string(encoded: Mapping[str, str]) -> str:
    """Join encoded parameters into ``a=1&cities=x,y`` for a share link (no leading ``?``).

    Keeps ``,`` and ``:`` readable (they are legal in a query); everything else is escaped.
    """
    return "&".join(
        f"{quote(str(k), safe='')}={quote(str(v), safe=',:')}" for k, v in encoded.items()
    )

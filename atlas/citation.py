"""How the Atlas cites a source: the one home for turning source ids into credits.

Every figure, table caption, map tooltip, download and briefing names its publishers the same
way, "Publisher (year)", and figures computed by the Atlas itself say so instead of naming a
publisher. Before this module six places wrote that rule, capping the list at three, at six or
not at all, so the caption under a chart and the chart's own footer could disagree.

The cap is one rule, :data:`SHOWN`: three names, then "and N more". Three "Publisher (year)"
credits fit on one footer line of a two-thirds-wide chart on a 390 px phone and on a projector;
a longer list wraps into the plot. The full list is never lost: every view that cites more
offers the sources in its download, which is what the "and N more" points to.

Sources frames are indexed by ``source_id`` (as on ``Atlas.sources``); a frame that only has a
``source_id`` column works too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count
from atlas.schema import DERIVED_SOURCE_ID, SOURCES
from atlas.text import md_text

__all__ = [
    "DERIVED_SHORT",
    "DERIVED_TEXT",
    "SHOWN",
    "SOURCE_COLUMNS",
    "Citation",
    "citations",
    "cited_ids",
    "cited_rows",
    "credit",
    "credits",
    "label",
    "labels",
    "line",
    "markdown_line",
]

#: What a figure computed by the Atlas (source ``atlas-derived``) credits instead of a publisher.
#: English source texts (marked for translation); this module's functions return them in the
#: run's language, and code that shows one of them directly translates it with ``_()``.
DERIVED_TEXT = N_("computed by the Atlas from its hub, partnership and network lists")
#: The same, short enough for a table cell or a hover.
DERIVED_SHORT = N_("computed by the Atlas")
#: How many credits a line names before "and N more" (why three: see the module docstring).
SHOWN = 3
#: Where the rest of a capped list is: every view citing more offers its sources in a download.
MORE_HINT = N_("see the download")
#: Columns of the sources table offered with every download, in the schema's order
#: (``source_id`` first: it is the key the data rows cite). The editor's note stays internal.
SOURCE_COLUMNS: tuple[str, ...] = tuple(c for c in SOURCES.column_names if c != "note")


@dataclass(frozen=True)
class Citation:
    """One cited source, with what a reference list needs to find it again."""

    source_id: str
    publisher: str
    title: str
    url: str
    year: int | None
    retrieved: str
    licence: str

    @property
    def short(self) -> str:
        """'Publisher (year)', the way every table and footer in the Atlas names a source."""
        return self.publisher if self.year is None else f"{self.publisher} ({self.year})"


def _indexed(sources: pd.DataFrame) -> pd.DataFrame:
    if sources.index.name == "source_id" or "source_id" not in sources.columns:
        return sources
    return sources.set_index("source_id", drop=False)


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def cited_ids(source_ids: Iterable[object]) -> list[str]:
    """The distinct source ids cited, in order of first citation (missing ones skipped).

    A pandas column is reduced to its distinct values first: iterating an Arrow-backed column
    element by element took 0.1 s for the 100,000 agreements of a Partnerships view at 100x.
    """
    if isinstance(source_ids, (pd.Series, pd.Index)):
        source_ids = pd.unique(source_ids.to_numpy(dtype=object))  # order of first appearance
    return [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]


def citations(sources: pd.DataFrame, source_ids: Iterable[object]) -> list[Citation]:
    """The known sources among ``source_ids``, in order of first citation.

    The Atlas's own figures (``atlas-derived``) and ids the table does not know are left out:
    they are not publications a reader can look up.
    """
    table = _indexed(sources)
    wanted = [
        sid for sid in cited_ids(source_ids) if sid != DERIVED_SOURCE_ID and sid in table.index
    ]
    # one lookup for all the rows: a `.loc` per source cost 0.1 ms each, 0.6 s for the
    # 4,000 sources of a Partnerships view at 100x
    rows = table.loc[wanted]

    def column(name: str) -> list[object]:
        return rows[name].tolist() if name in rows.columns else [None] * len(wanted)

    return [
        Citation(
            source_id=sid,
            publisher=_text(publisher),
            title=_text(title),
            url=_text(url),
            year=None if year is None or pd.isna(year) else int(year),
            retrieved=_text(retrieved),
            licence=_text(licence),
        )
        for sid, publisher, title, url, year, retrieved, licence in zip(
            wanted,
            column("publisher"),
            column("title"),
            column("url"),
            column("year"),
            column("retrieved"),
            column("licence"),
            strict=True,
        )
    ]


def labels(sources: pd.DataFrame) -> pd.Series:
    """source id -> 'Publisher (year)' for every source (the derived one says it is computed)."""
    table = _indexed(sources)
    year = table["year"].map(lambda y: "" if pd.isna(y) else f" ({int(y)})")
    out = table["publisher"].astype(str) + year
    if DERIVED_SOURCE_ID in out.index:
        out.loc[DERIVED_SOURCE_ID] = _(DERIVED_TEXT)
    return out


def label(sources: pd.DataFrame, source_ids: pd.Series) -> pd.Series:
    """'Publisher (year)' for each row's source id, for tooltips and table cells."""
    out = source_ids.map(labels(sources))
    return out.where(source_ids != DERIVED_SOURCE_ID, _(DERIVED_TEXT))


def credit(
    sources: pd.DataFrame,
    source_id: object,
    *,
    with_year: bool = True,
    missing: str | None = None,
) -> str:
    """Who published one value, for a table cell or a tooltip: 'Publisher (year)', the Atlas
    itself for derived figures, the bare id for a source the table does not know (all there is
    to go on), or ``missing`` (why there is none; "not stated" by default)."""
    if not isinstance(source_id, str) or not source_id:
        # Translators: a value's source, when the row names none
        return _("not stated") if missing is None else missing
    if source_id == DERIVED_SOURCE_ID:
        return _(DERIVED_SHORT)
    found = citations(sources, [source_id])
    if not found:
        return source_id
    return found[0].short if with_year else found[0].publisher


def credits(
    sources: pd.DataFrame,
    source_ids: Iterable[object],
    *,
    escape: Callable[[str], str] = str,
    limit: int = SHOWN,
    more_hint: str | None = None,
) -> tuple[str, int]:
    """'Publisher (year); …; and N more (see the download)' and how many credits there are.

    ``more_hint`` says where the rest are when the view has no download (a finding's card),
    in the run's language; by default :data:`MORE_HINT`, translated.
    ``escape`` is applied to each data-derived name (markdown needs it, plotly does it itself).
    """
    ids = cited_ids(source_ids)
    known = {c.source_id: escape(c.short) for c in citations(sources, ids)}
    derived = _(DERIVED_TEXT)
    parts = [derived if s == DERIVED_SOURCE_ID else known.get(s) for s in ids]
    parts = list(dict.fromkeys(p for p in parts if p))
    text = "; ".join(parts[:limit])
    if len(parts) > limit:
        rest = len(parts) - limit
        hint = _(MORE_HINT) if more_hint is None or more_hint == MORE_HINT else more_hint
        # Translators: the end of a capped list of sources, "…; and 2 more (see the download)"
        text += ngettext("; and {n} more ({hint})", "; and {n} more ({hint})", rest).format(
            n=format_count(rest), hint=hint
        )
    return text, len(parts)


def _prefixed(prefix: str, text: str, count: int) -> str:
    """The line's sentence, whole, in the run's language: a language may inflect "Source"
    differently from English's added "s", and puts its own space before the colon."""
    if prefix == "Default source":
        if not count:
            return _("Default source: no source for this view")
        return ngettext("Default source: {credits}", "Default sources: {credits}", count).format(
            credits=text
        )
    if prefix == "Source":
        if not count:
            return _("Source: no source for this view")
        return ngettext("Source: {credits}", "Sources: {credits}", count).format(credits=text)
    if not count:  # a caller's own prefix, already in the run's language
        return _("{prefix}: no source for this view").format(prefix=prefix)
    return _("{prefix}: {credits}").format(prefix=prefix, credits=text)


def line(
    sources: pd.DataFrame,
    source_ids: Iterable[object],
    prefix: str = "Source",
    *,
    escape: Callable[[str], str] = str,
    limit: int = SHOWN,
    more_hint: str | None = None,
) -> str:
    """'Source: Publisher (year); …' as plain text, for figures and other non-markdown text.

    ``prefix`` is "Source" or "Default source" (each a whole translated sentence, singular or
    plural by the count), or a caller's own word, in the run's language, used as it is.
    Use :func:`markdown_line` for a page's caption.
    """
    text, count = credits(sources, source_ids, escape=escape, limit=limit, more_hint=more_hint)
    return _prefixed(prefix, text, count)


def markdown_line(
    sources: pd.DataFrame,
    source_ids: Iterable[object],
    prefix: str = "Source",
    *,
    more_hint: str | None = None,
) -> str:
    """:func:`line` for a page's markdown caption: the same credits, publishers escaped."""
    return line(sources, source_ids, prefix, escape=md_text, more_hint=more_hint)


def cited_rows(
    frame: pd.DataFrame, sources: pd.DataFrame, column: str = "source_id"
) -> pd.DataFrame:
    """The sources the rows of a view actually cite, in the sources table's order.

    A download should credit the publishers behind *its* figures, not the whole bibliography.
    Rows citing ``atlas-derived`` (or any id missing from ``sources``) simply find no match.
    """
    if column not in frame.columns or "source_id" not in sources.columns:
        return sources.iloc[0:0]
    cited = set(frame[column].dropna().astype(str))
    return sources[sources["source_id"].astype(str).isin(cited)]

"""What the data says, drawn: the Overview's findings and a city's reading.

The sentences come from ``atlas.findings`` and ``atlas.reading`` (generated from the data);
this module caches them per data version and draws them as text (never as markup), each with
its sources line and a link to the view that shows it.
"""

from __future__ import annotations

import streamlit as st

from atlas import inout
from atlas.citation import markdown_line
from atlas.findings import Finding, findings
from atlas.i18n import _
from atlas.load import Atlas
from atlas.reading import Reading, city_reading
from atlas.text import md_text
from ui.cache import atlas_cached

FINDINGS_PER_ROW = 3


@atlas_cached(resource=True, max_entries=8)
def overview_findings(atlas: Atlas) -> list[Finding]:
    return findings(atlas)


@atlas_cached(resource=True, max_entries=128)
def reading(atlas: Atlas, city_id: str) -> Reading:
    return city_reading(atlas, city_id, _default_pairing(atlas))


@atlas_cached(resource=True, max_entries=8)
def _default_pairing(atlas: Atlas) -> inout.Pairing | None:
    """The pairing every reading cites, once per data version (it spans the whole Atlas)."""
    x_id, y_id = inout.DEFAULT_PAIR
    if x_id not in atlas.indicators.index or y_id not in atlas.indicators.index:
        return None
    return inout.pair_atlas(atlas, x_id, y_id)


def _short_line(atlas: Atlas, source_ids: tuple[str, ...]) -> str:
    # A card has no download: the rest are in the view its link opens.
    return markdown_line(
        atlas.sources, source_ids, more_hint=_("listed in the view the link opens")
    )


@atlas_cached(resource=True, max_entries=8)
def _cards(atlas: Atlas) -> list[tuple[Finding, str, str, str]]:
    """Each finding with its title, text and sources line made markdown-safe, once per data
    version (escaping and looking up sources cost more than the rest of the Overview's rerun)."""
    return [
        (f, md_text(f.title), md_text(f.text), _short_line(atlas, f.source_ids))
        for f in overview_findings(atlas)
    ]


def finding_cards(atlas: Atlas) -> list[tuple[Finding, str, str, str]]:
    """The Overview's cards for this data version (ui/warmup.py builds them at start)."""
    return _cards(atlas)


def show_findings(atlas: Atlas) -> None:
    """The findings in rows of cards: title, sentence, sources, a link to the view."""
    # the spinner is drawn here, not by the cache, so that it speaks the run's language (it
    # shows only when the work takes more than a moment: a cached rerun draws nothing)
    with st.spinner(_("Reading the data…")):
        found = finding_cards(atlas)
    if not found:
        st.info(
            _(
                "The data holds too little to state a finding yet. The sections below show "
                "what it holds."
            ),
            icon=":material/info:",
        )
        return
    for start in range(0, len(found), FINDINGS_PER_ROW):
        columns = st.columns(FINDINGS_PER_ROW)
        for column, card in zip(columns, found[start : start + FINDINGS_PER_ROW], strict=False):
            finding, title, text, line = card
            with column.container(border=True, key=f"finding-{finding.key}"):
                st.markdown(f"**{title}**")
                st.markdown(text)
                st.caption(line)
                st.page_link(
                    finding.page,
                    label=finding.link_label,
                    query_params=finding.query or None,
                    icon=":material/arrow_forward:",
                )


def show_reading(atlas: Atlas, city_id: str) -> None:
    """The city's reading as a paragraph, with the sources of its figures."""
    text, caption = _reading_md(atlas, city_id)
    with st.container(border=True, key="city-reading"):
        st.markdown(text)
        st.caption(caption)


@atlas_cached(resource=True, max_entries=128)
def _reading_md(atlas: Atlas, city_id: str) -> tuple[str, str]:
    r = reading(atlas, city_id)
    caption = (
        markdown_line(atlas.sources, r.source_ids)
        + ". "
        + _("Generated from the Atlas's data; figures and sources in the sections below.")
    )
    return md_text(r.text), caption

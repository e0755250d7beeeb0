"""What the data says, drawn: the Overview's findings and a city's reading.

The sentences come from ``atlas.findings`` and ``atlas.reading`` (generated from the data);
this module caches them per data version and draws them as text (never as markup), each with
its sources line and a link to the view that shows it.
"""

from __future__ import annotations

import streamlit as st

from atlas import inout
from atlas.findings import Finding, findings
from atlas.load import Atlas
from atlas.reading import Reading, city_reading
from ui.facts import md_text, source_line

FINDINGS_PER_ROW = 3


def overview_findings(atlas: Atlas) -> list[Finding]:
    return _findings(atlas, atlas.version)


@st.cache_resource(max_entries=8, show_spinner="Reading the data…")
def _findings(_atlas: Atlas, version: str) -> list[Finding]:
    return findings(_atlas)


def reading(atlas: Atlas, city_id: str) -> Reading:
    return _reading(atlas, atlas.version, city_id)


@st.cache_resource(max_entries=128, show_spinner=False)
def _reading(_atlas: Atlas, version: str, city_id: str) -> Reading:
    return city_reading(_atlas, city_id, _default_pairing(_atlas, version))


@st.cache_resource(max_entries=8, show_spinner=False)
def _default_pairing(_atlas: Atlas, version: str) -> inout.Pairing | None:
    """The pairing every reading cites, once per data version (it spans the whole Atlas)."""
    x_id, y_id = inout.DEFAULT_PAIR
    if x_id not in _atlas.indicators.index or y_id not in _atlas.indicators.index:
        return None
    return inout.pair_atlas(_atlas, x_id, y_id)


#: Sources a finding's card names before "and N more" (the card has no download to list them).
CARD_SOURCES = 4


def _short_line(atlas: Atlas, source_ids: tuple[str, ...]) -> str:
    line = source_line(atlas, source_ids[:CARD_SOURCES])
    rest = len(source_ids) - CARD_SOURCES
    if rest > 0:
        line += f"; and {rest} more (listed in the view the link opens)"
    return line


@st.cache_resource(max_entries=8, show_spinner=False)
def _cards(_atlas: Atlas, version: str) -> list[tuple[Finding, str, str, str]]:
    """Each finding with its title, text and sources line made markdown-safe, once per data
    version (escaping and looking up sources cost more than the rest of the Overview's rerun)."""
    return [
        (f, md_text(f.title), md_text(f.text), _short_line(_atlas, f.source_ids))
        for f in overview_findings(_atlas)
    ]


def finding_cards(atlas: Atlas) -> list[tuple[Finding, str, str, str]]:
    """The Overview's cards for this data version (ui/warmup.py builds them at start)."""
    return _cards(atlas, atlas.version)


def show_findings(atlas: Atlas) -> None:
    """The findings in rows of cards: title, sentence, sources, a link to the view."""
    found = finding_cards(atlas)
    if not found:
        st.info(
            "The data holds too little to state a finding yet. The sections below show what "
            "it holds.",
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
    text, caption = _reading_md(atlas, atlas.version, city_id)
    with st.container(border=True, key="city-reading"):
        st.markdown(text)
        st.caption(caption)


@st.cache_resource(max_entries=128, show_spinner=False)
def _reading_md(_atlas: Atlas, version: str, city_id: str) -> tuple[str, str]:
    r = reading(_atlas, city_id)
    caption = (
        source_line(_atlas, r.source_ids)
        + ". Generated from the Atlas's data; figures and sources in the sections below."
    )
    return md_text(r.text), caption

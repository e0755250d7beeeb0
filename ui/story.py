"""What the data says, drawn: the Overview's findings and a city's reading.

The sentences come from ``atlas.findings`` and ``atlas.reading`` (generated from the data);
this module caches them per data version and draws them as text (never as markup), each with
its sources line and a link to the view that shows it.
"""

from __future__ import annotations

import streamlit as st

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
    return city_reading(_atlas, city_id)


#: Sources a finding's card names before "and N more" (the card has no download to list them).
CARD_SOURCES = 4


def _short_line(atlas: Atlas, source_ids: tuple[str, ...]) -> str:
    line = source_line(atlas, source_ids[:CARD_SOURCES])
    rest = len(source_ids) - CARD_SOURCES
    if rest > 0:
        line += f"; and {rest} more (listed in the view the link opens)"
    return line


def show_findings(atlas: Atlas) -> None:
    """The findings in rows of cards: title, sentence, sources, a link to the view."""
    found = overview_findings(atlas)
    if not found:
        st.info(
            "The data holds too little to state a finding yet. The sections below show what "
            "it holds.",
            icon=":material/info:",
        )
        return
    for start in range(0, len(found), FINDINGS_PER_ROW):
        columns = st.columns(FINDINGS_PER_ROW)
        for column, finding in zip(columns, found[start : start + FINDINGS_PER_ROW], strict=False):
            with column.container(border=True, key=f"finding-{finding.key}"):
                st.markdown(f"**{md_text(finding.title)}**")
                st.markdown(md_text(finding.text))
                st.caption(_short_line(atlas, finding.source_ids))
                st.page_link(
                    finding.page,
                    label=finding.link_label,
                    query_params=finding.query or None,
                    icon=":material/arrow_forward:",
                )


def show_reading(atlas: Atlas, city_id: str) -> None:
    """The city's reading as a paragraph, with the sources of its figures."""
    r = reading(atlas, city_id)
    with st.container(border=True, key="city-reading"):
        st.markdown(md_text(r.text))
        st.caption(
            source_line(atlas, r.source_ids)
            + ". Generated from the Atlas's data; figures and sources in the sections below."
        )

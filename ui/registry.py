"""The Atlas's pages: the one list app.py routes, the menu shows, the tests and benchmarks read.

Before this list, the pages lived only as `st.Page(...)` calls in app.py, and a test (a regex)
and the page benchmark (`ast`) each parsed app.py's source to find them. Adding a page now means
one entry here, the page file and its AppTest in tests/pages/ (docs/CONTRIBUTING.md).
The list itself is plain data, so reading it needs no Streamlit run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, how it is named and reached, and where it sits in the menu."""

    path: str  # the script, relative to the repository root (pages/NAME.py)
    title: str
    icon: str
    url_path: str  # the page's address; links (/map?city=...) depend on it, so never rename
    section: str  # the menu heading it is listed under
    in_menu: bool = True  # False: reachable by its link only
    default: bool = False  # shown at the root URL; exactly one page is

    @property
    def link(self) -> str:
        """The path to open the page at: "" for the default page, which Streamlit serves at the
        root URL only (its own path shows "Page not found" before running the default page)."""
        return "" if self.default else self.url_path

    @property
    def stem(self) -> str:
        """The script's name without folder and suffix (its AppTest is tests/pages/test_STEM.py)."""
        return Path(self.path).stem


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "Overview",
        ":material/public:",
        "overview",
        "Explore",
        default=True,
    ),
    PageSpec("pages/map.py", "Map", ":material/map:", "map", "Explore"),
    PageSpec("pages/profile.py", "City profile", ":material/location_city:", "profile", "Explore"),
    PageSpec(
        "pages/rankings.py", "Rankings", ":material/leaderboard:", "rankings", "Rank and compare"
    ),
    PageSpec("pages/compare.py", "Compare", ":material/compare:", "compare", "Rank and compare"),
    PageSpec(
        "pages/index_builder.py",
        "Index builder",
        ":material/tune:",
        "index_builder",
        "Rank and compare",
    ),
    PageSpec(
        "pages/inputs_outputs.py",
        "Inputs and outputs",
        ":material/scatter_plot:",
        "inputs_outputs",
        "Rank and compare",
    ),
    PageSpec(
        "pages/partnerships.py",
        "Partnerships",
        ":material/hub:",
        "partnerships",
        "Diplomacy networks",
    ),
    PageSpec("pages/hubs.py", "Hubs", ":material/apartment:", "hubs", "Diplomacy networks"),
    PageSpec("pages/tour.py", "My tour", ":material/slideshow:", "tour", "Present"),
    PageSpec(
        "pages/data_methods.py",
        "Data and methods",
        ":material/dataset:",
        "data_methods",
        "About the data",
    ),
)


def sections(specs: Sequence[PageSpec] = PAGES) -> dict[str, list[PageSpec]]:
    """The pages grouped under their section headings, sections in order of first appearance."""
    grouped: dict[str, list[PageSpec]] = {}
    for spec in specs:
        grouped.setdefault(spec.section, []).append(spec)
    return grouped


def streamlit_pages(specs: Sequence[PageSpec] = PAGES) -> dict[str, list[StreamlitPage]]:
    """`st.Page` objects by section, in the shape st.navigation takes."""
    return {
        section: [
            st.Page(
                spec.path,
                title=spec.title,
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec.default,
            )
            for spec in group
        ]
        for section, group in sections(specs).items()
    }


def menu_pages(
    pages: dict[str, list[StreamlitPage]], specs: Sequence[PageSpec] = PAGES
) -> dict[str, list[StreamlitPage]]:
    """The same page objects (st.page_link needs the ones st.navigation was given), less those
    kept out of the menu; a section left empty is dropped. Matched to their entries by
    position, as streamlit_pages built them: a page object's url_path cannot be used, since
    Streamlit reports "" for the default page."""
    grouped = sections(specs)
    kept = {
        name: [page for page, spec in zip(group, grouped[name], strict=True) if spec.in_menu]
        for name, group in pages.items()
    }
    return {name: group for name, group in kept.items() if group}

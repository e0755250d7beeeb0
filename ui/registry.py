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

from atlas.i18n import N_, _


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, how it is named and reached, and where it sits in the menu."""

    path: str  # the script, relative to the repository root (pages/NAME.py)
    title: str  # English, marked with N_; shown translated (_) in the run's language
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
        N_("Overview"),
        ":material/public:",
        "overview",
        N_("Explore"),
        default=True,
    ),
    PageSpec("pages/map.py", N_("Map"), ":material/map:", "map", N_("Explore")),
    PageSpec(
        "pages/profile.py", N_("City profile"), ":material/location_city:", "profile", N_("Explore")
    ),
    PageSpec(
        "pages/rankings.py",
        N_("Rankings"),
        ":material/leaderboard:",
        "rankings",
        N_("Rank and compare"),
    ),
    PageSpec(
        "pages/compare.py", N_("Compare"), ":material/compare:", "compare", N_("Rank and compare")
    ),
    PageSpec(
        "pages/index_builder.py",
        N_("Index builder"),
        ":material/tune:",
        "index_builder",
        N_("Rank and compare"),
    ),
    PageSpec(
        "pages/inputs_outputs.py",
        N_("Inputs and outputs"),
        ":material/scatter_plot:",
        "inputs_outputs",
        N_("Rank and compare"),
    ),
    PageSpec(
        "pages/partnerships.py",
        N_("Partnerships"),
        ":material/hub:",
        "partnerships",
        N_("Diplomacy networks"),
    ),
    PageSpec("pages/hubs.py", N_("Hubs"), ":material/apartment:", "hubs", N_("Diplomacy networks")),
    PageSpec("pages/tour.py", N_("My tour"), ":material/slideshow:", "tour", N_("Present")),
    PageSpec(
        "pages/data_methods.py",
        N_("Data and methods"),
        ":material/dataset:",
        "data_methods",
        N_("About the data"),
    ),
)


def sections(specs: Sequence[PageSpec] = PAGES) -> dict[str, list[PageSpec]]:
    """The pages grouped under their section headings, sections in order of first appearance."""
    grouped: dict[str, list[PageSpec]] = {}
    for spec in specs:
        grouped.setdefault(spec.section, []).append(spec)
    return grouped


def streamlit_pages(specs: Sequence[PageSpec] = PAGES) -> dict[str, list[StreamlitPage]]:
    """`st.Page` objects by section, in the shape st.navigation takes, named in the run's
    language (the url paths never change with it)."""
    return {
        _(section): [
            st.Page(
                spec.path,
                title=_(spec.title),
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
    grouped = sections(specs).values()
    kept = {
        name: [page for page, spec in zip(group, entries, strict=True) if spec.in_menu]
        for (name, group), entries in zip(pages.items(), grouped, strict=True)
    }
    return {name: group for name, group in kept.items() if group}

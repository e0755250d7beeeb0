"""How a source is cited: one rule for footers, captions, cells, downloads and briefings."""

from __future__ import annotations

import pandas as pd

from atlas import citation
from atlas.citation import DERIVED_SHORT, DERIVED_TEXT, SHOWN, SOURCE_COLUMNS


def test_citations_keep_order_of_first_citation_and_skip_unknown(small_atlas) -> None:
    ids = ["wipo-2024", None, "hubs-src", "wipo-2024", "nope", "atlas-derived", float("nan")]
    found = citation.citations(small_atlas.sources, ids)
    assert [c.source_id for c in found] == ["wipo-2024", "hubs-src"]
    wipo = found[0]
    assert (wipo.publisher, wipo.title, wipo.year, wipo.short) == (
        "WIPO",
        "Global Innovation Index 2024",
        2024,
        "WIPO (2024)",
    )
    assert wipo.url == "https://example.org/gii2024"


def test_a_source_without_year_is_named_without_brackets(small_atlas) -> None:
    (geo,) = citation.citations(small_atlas.sources, ["geonames"])
    assert geo.year is None and geo.short == "GeoNames"


def test_line_names_each_publisher_once_and_the_derived_figures_as_computed(small_atlas) -> None:
    line = citation.line(small_atlas.sources, ["wipo-2024", "wipo-2024", "atlas-derived"])
    assert line == f"Sources: WIPO (2024); {DERIVED_TEXT}"
    assert citation.line(small_atlas.sources, ["hubs-src"]) == "Source: Hub Registry (2025)"


def test_line_caps_at_one_rule_and_says_where_the_rest_are(small_atlas) -> None:
    ids = ["wipo-2024", "wipo-2023", "nature-2024", "hubs-src", "pairs-src"]
    line = citation.line(small_atlas.sources, ids)
    assert line.count(";") == SHOWN  # SHOWN names, then the "and N more"
    assert line.endswith(f"; and {len(ids) - SHOWN} more (see the download)")
    hinted = citation.line(small_atlas.sources, ids, more_hint="listed in the linked view")
    assert hinted.endswith("more (listed in the linked view)")


def test_line_without_any_known_source_says_so(small_atlas) -> None:
    assert citation.line(small_atlas.sources, [None, "nope"]) == "Source: no source for this view"
    assert citation.line(small_atlas.sources, [], prefix="Default source").startswith(
        "Default source: no source"
    )


def test_markdown_line_escapes_the_publisher_but_says_the_same() -> None:
    sources = pd.DataFrame(
        {
            "source_id": ["s"],
            "publisher": ["*Bold* [link](x)"],
            "title": ["t"],
            "url": ["u"],
            "year": [2024],
            "licence": ["l"],
            "retrieved": ["2026-01-01"],
        }
    ).set_index("source_id", drop=False)
    md = citation.markdown_line(sources, ["s"])
    assert md == r"Source: \*Bold\* \[link\]\(x\) \(2024\)"
    assert citation.line(sources, ["s"]) == "Source: *Bold* [link](x) (2024)"


def test_label_gives_each_row_its_credit(small_atlas) -> None:
    ids = pd.Series(["wipo-2023", "atlas-derived", "geonames", "nope"])
    out = citation.label(small_atlas.sources, ids)
    assert list(out[:3]) == ["WIPO (2023)", DERIVED_TEXT, "GeoNames"]
    assert pd.isna(out[3])


def test_credit_for_one_cell(small_atlas) -> None:
    src = small_atlas.sources
    assert citation.credit(src, "wipo-2024") == "WIPO (2024)"
    assert citation.credit(src, "wipo-2024", with_year=False) == "WIPO"
    assert citation.credit(src, "atlas-derived") == DERIVED_SHORT
    assert citation.credit(src, None) == "not stated"
    assert citation.credit(src, "", missing="source not given") == "source not given"
    assert citation.credit(src, "unknown-id") == "unknown-id"


def test_cited_rows_keep_only_what_a_view_cites_in_the_tables_order(small_atlas) -> None:
    view = pd.DataFrame({"source_id": ["nature-2024", "wipo-2024", None, "atlas-derived"]})
    rows = citation.cited_rows(view, small_atlas.sources)
    assert list(rows["source_id"]) == ["atlas-derived", "wipo-2024", "nature-2024"]
    assert citation.cited_rows(view.rename(columns={"source_id": "x"}), small_atlas.sources).empty


def test_download_columns_come_from_the_schema() -> None:
    assert SOURCE_COLUMNS[0] == "source_id"
    assert "note" not in SOURCE_COLUMNS
    assert {"publisher", "title", "url", "year", "retrieved"} <= set(SOURCE_COLUMNS)


def test_the_cap_and_the_prefix_read_in_the_run_language(small_atlas) -> None:
    from atlas.i18n import language

    ids = ["wipo-2024", "wipo-2023", "nature-2024", "hubs-src", "pairs-src"]
    with language("fr"):
        capped = citation.line(small_atlas.sources, ids)
        one_more = citation.line(small_atlas.sources, ids[:4])
        single = citation.line(small_atlas.sources, ["hubs-src"])
        default = citation.line(small_atlas.sources, [], prefix="Default source")
        derived = citation.credit(small_atlas.sources, "atlas-derived")
    assert capped.startswith("Sources\u00a0: ")
    assert capped.endswith(f"; et {len(ids) - SHOWN} autres (voir le téléchargement)")
    assert one_more.endswith("; et 1 autre (voir le téléchargement)")  # French singular
    assert single == "Source\u00a0: Hub Registry (2025)"
    assert default == "Source par défaut\u00a0: aucune source pour cette vue"
    assert derived == "calculé par l'Atlas"


def test_a_column_of_source_ids_is_cited_like_a_list_of_them() -> None:
    ids = ["b", None, "a", "b", "", "c", "a"]
    expected = citation.cited_ids(ids)
    assert expected == ["b", "a", "c"]
    assert citation.cited_ids(pd.Series(ids, dtype="str")) == expected
    assert citation.cited_ids(pd.Index(ids, dtype=object)) == expected
    assert citation.cited_ids(pd.Series([], dtype="str")) == []

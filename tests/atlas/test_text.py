"""atlas.text: the one folding function must transliterate letters NFKD cannot split."""

from __future__ import annotations

import pytest

from atlas.text import fold, slugify, to_ascii


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Łódź", "lodz"),
        ("Wrocław", "wroclaw"),
        ("Białystok", "bialystok"),
        ("Balıkesir", "balikesir"),
        ("Straße", "strasse"),
        ("São Paulo", "sao paulo"),
        ("ZÜRICH", "zurich"),
        ("Đà Nẵng", "da nang"),
        ("Ørsted", "orsted"),
    ],
)
def test_fold_transliterates_every_latin_letter(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_to_ascii_keeps_case_and_other_scripts() -> None:
    assert to_ascii("Łódź") == "Lodz"
    assert to_ascii("北京") == "北京"  # a search typed in Chinese still meets the Chinese name


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Łódź", "lodz"), ("Xi'an", "xian"), ("Tokyo–Yokohama", "tokyo-yokohama"), ("北京", "")],
)
def test_slugify_is_ascii_and_never_drops_a_latin_letter(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_search_upload_and_file_names_share_the_folding() -> None:
    from atlas.export import download_filename
    from atlas.rankings import fold_text
    from atlas.upload.text import normalise_name

    assert fold_text("Łódź") == "lodz"
    assert normalise_name("Łódź") == "lodz"
    assert download_filename("Łódź", "csv").startswith("lodz-")

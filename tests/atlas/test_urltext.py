"""The free-text link parameter: round trip, cleaning of hostile text, default left out."""

from __future__ import annotations

import pytest

from atlas.urlstate import decode, encode
from atlas.urltext import TextParam, clean_text

SPEC = TextParam("q", max_length=20, label="search")


def test_round_trip_and_default_left_out():
    assert encode([SPEC], {"q": "GeoNames"}) == {"q": "GeoNames"}
    assert encode([SPEC], {"q": ""}) == {}
    assert decode([SPEC], {"q": "GeoNames"}).values == {"q": "GeoNames"}
    assert decode([SPEC], {}).values == {"q": ""}


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("  two   words ", "two words"),
        ("a\x00b\u202ec", "a b c"),
        ("<script>alert(1)</script>", "<script>alert(1)</sc"),
    ],
)
def test_clean_text(raw, text):
    assert clean_text(raw, 20) == text


def test_long_text_is_cut_with_a_note():
    result = decode([SPEC], {"q": "x" * 50})
    assert result.values == {"q": "x" * 20}
    assert result.notes == [
        "The link's text for 'search' was longer than 20 characters and was shortened."
    ]


def test_format_refuses_non_text():
    with pytest.raises(ValueError):
        SPEC.format(3)

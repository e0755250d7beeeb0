"""Rules of English for generated sentences: plurals, units of 1, ordinals, name lists."""

from __future__ import annotations

import math

import pytest

from atlas.i18n import language
from atlas.numbers import format_number as number
from atlas.wording import (
    join_clauses,
    join_names,
    ordinal,
    percent,
    plural,
    quantity,
    unit_for,
)


def test_plural_and_irregular_plural():
    assert plural(1, "agreement") == "1 agreement"
    assert plural(3, "agreement") == "3 agreements"
    assert plural(1204, "city", "cities") == "1,204 cities"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "countries or bodies", "1 country or body"),
        (2, "countries or bodies", "2 countries or bodies"),
        (1, "hubs per million inhabitants", "1 hub per million inhabitants"),
        (1, "PCT applications (5-year total)", "1 PCT application (5-year total)"),
        (1, "Share (fractional count)", "1 Share (fractional count)"),
        (12, "rank", "rank 12"),
        (0.5, "", "0.5"),
    ],
)
def test_quantity_reads_the_unit_in_the_right_number(value, unit, expected):
    assert quantity(value, unit) == expected


def test_unknown_unit_is_left_as_spelt():
    assert unit_for(1, "widgets of state") == "widgets of state"
    assert unit_for(1, None) == ""


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (11, "11th"),
        (12, "12th"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_join_names():
    assert join_names(["Geneva"]) == "Geneva"
    assert join_names(["Geneva", "Bern"]) == "Geneva and Bern"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["A", "B", "C", "D", "E"]) == "A, B, C and 2 others"


def test_number_and_percent():
    assert number(1234.0) == "1,234"
    assert number(0.04561) == "0.0456"
    assert percent(0.004) == "< 1 %"
    assert percent(0.996) == "> 99 %"
    assert percent(0.5) == "50 %"
    assert percent(math.nan) == "no data"


# --- the same rules in Spanish, Catalan and French ---------------------------------------------


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("es", 25, "25.ª"),
        ("ca", 1, "1a"),
        ("fr", 1, "1er"),
        ("fr", 12, "12e"),
        ("ca", 1204, "1.204a"),
    ],
)
def test_ordinal_agrees_with_the_word_it_goes_with(lang, n, text):
    # es *posición* and ca *posició* are feminine, fr *rang* masculine
    with language(lang):
        assert ordinal(n) == text


def test_names_are_joined_with_the_languages_conjunction():
    with language("es"):
        assert join_names(["Ginebra", "Berna", "Basilea"]) == "Ginebra, Berna y Basilea"
        assert join_names(["A", "B", "C", "D", "E"]) == "A, B, C y 2 más"
    with language("ca"):
        assert join_names(["Ginebra", "Berna"]) == "Ginebra i Berna"
    with language("fr"):
        assert join_names(["A", "B", "C", "D"]) == "A, B, C et 1 autre"


def test_units_read_singular_as_each_language_counts():
    with language("es"):
        assert quantity(1, "hubs por millón de habitantes") == "1 hub por millón de habitantes"
        assert quantity(2, "países u organismos") == "2 países u organismos"
        assert (
            quantity(1, "solicitudes PCT (total de 5 años)") == "1 solicitud PCT (total de 5 años)"
        )
        assert quantity(12, "posición") == "posición 12"
    with language("fr"):
        # French counts 0 as singular
        assert unit_for(0, "villes partenaires") == "ville partenaire"
        assert unit_for(2, "villes partenaires") == "villes partenaires"
        assert quantity(1500, "habitants") == "1\u202f500 habitants"
    with language("ca"):
        assert unit_for(1, "widgets") == "widgets"  # unknown units are left as spelt


def test_percent_and_clauses_in_french():
    with language("fr"):
        assert percent(0.5) == "50\u00a0%"
        assert percent(0.004) == "< 1\u00a0%"
        assert percent(math.nan) == "pas de données"
        assert join_clauses(["a", "b", "c"]) == "a\u00a0; b\u00a0; c"
    assert join_clauses(["a", "b"]) == "a; b"

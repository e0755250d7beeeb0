"""Links must always open a working page, and a page's state must survive a round trip."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd
import pytest

from atlas.i18n import N_, language
from atlas.urlstate import (
    MAX_VALUE_LENGTH,
    BoolParam,
    Choice,
    IntParam,
    MultiChoice,
    Param,
    WeightsParam,
    decode,
    encode,
    to_query_string,
)

INDICATORS = {
    "gii_cluster_rank": "GII cluster rank",
    "hubs_hosted": "Hubs hosted",
    "gii_pct_applications": "GII share of applications",
}
CITIES = {
    "barcelona-es": "Barcelona",
    "paris-fr": "Paris",
    "sao-paulo-br": "São Paulo",
    "zurich-ch": "Zürich",
}

SPECS: list[Param] = [
    Choice("indicator", INDICATORS, default="gii_cluster_rank"),
    MultiChoice("cities", CITIES, default=("barcelona-es", "paris-fr"), max_items=3),
    IntParam("year", 2015, 2024, default=2024),
    BoolParam("per_million", default=False, label="per million"),
    WeightsParam("w", INDICATORS, default={"hubs_hosted": 50, "gii_cluster_rank": 50}),
]
DEFAULTS = {spec.name: spec.default for spec in SPECS}


def _decode(query: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    result = decode(SPECS, query)
    return result.values, result.notes


def _with(**changes: Any) -> dict[str, Any]:
    return DEFAULTS | changes


# ------------------------------------------------------------------------------ round trips


VALID_VALUES = [
    {},
    {"indicator": "hubs_hosted"},
    {"indicator": "gii_pct_applications"},
    {"cities": ("zurich-ch",)},
    {"cities": ("sao-paulo-br", "barcelona-es", "zurich-ch")},
    {"cities": ()},
    {"cities": ("paris-fr", "barcelona-es")},  # order is kept: it is not the default
    {"year": 2015},
    {"year": 2020},
    {"per_million": True},
    {"w": {"hubs_hosted": 30, "gii_pct_applications": 70}},
    {"w": {"gii_cluster_rank": 0, "hubs_hosted": 100}},
    {"w": {"gii_pct_applications": 1}},
    {
        "indicator": "hubs_hosted",
        "cities": ("zurich-ch", "sao-paulo-br"),
        "year": 2016,
        "per_million": True,
        "w": {"hubs_hosted": 30, "gii_pct_applications": 70},
    },
]


@pytest.mark.parametrize("changes", VALID_VALUES)
def test_decode_encode_round_trip(changes: dict[str, Any]) -> None:
    values = _with(**changes)
    encoded = encode(SPECS, values)
    result = decode(SPECS, encoded)
    assert result.notes == []
    assert result.values == values
    assert encode(SPECS, result.values) == encoded


def test_encode_omits_defaults_and_keeps_declared_order() -> None:
    assert encode(SPECS, DEFAULTS) == {}
    assert encode(SPECS, {}) == {}
    encoded = encode(
        SPECS,
        {
            "w": {"gii_pct_applications": 70, "hubs_hosted": 30},
            "year": 2020,
            "cities": ["zurich-ch", "paris-fr"],
            "indicator": "hubs_hosted",
            "per_million": True,
            "not_a_param": "ignored",
        },
    )
    assert list(encoded) == ["indicator", "cities", "year", "per_million", "w"]
    assert encoded == {
        "indicator": "hubs_hosted",
        "cities": "zurich-ch,paris-fr",
        "year": "2020",
        "per_million": "1",
        "w": "hubs_hosted:30,gii_pct_applications:70",  # options' order, whatever the input
    }
    assert to_query_string(encoded) == (
        "indicator=hubs_hosted&cities=zurich-ch,paris-fr&year=2020&per_million=1"
        "&w=hubs_hosted:30,gii_pct_applications:70"
    )


def test_default_weights_in_another_order_are_still_the_default() -> None:
    assert encode(SPECS, {"w": {"gii_cluster_rank": 50, "hubs_hosted": 50}}) == {}


def test_bool_and_int_are_not_confused() -> None:
    spec = [IntParam("n", 0, 5, default=1)]
    with pytest.raises(ValueError):
        encode(spec, {"n": True})


MESSY_QUERIES: list[dict[str, Any]] = [
    {"indicator": "HUBS_HOSTED", "cities": " paris-fr , ZURICH-CH ,, "},
    {"cities": "atlantis-xx,paris-fr,paris-fr,zurich-ch,barcelona-es,sao-paulo-br"},
    {"year": "1900", "per_million": "yes"},
    {"year": "007", "w": "hubs_hosted:030, gii_cluster_rank:5,hubs_hosted:1"},
    {"w": "nonsense", "indicator": "", "utm_source": "x"},
    {"cities": ["paris-fr", "zurich-ch"], "year": ["2016", "2017"]},
]


@pytest.mark.parametrize("query", MESSY_QUERIES)
def test_encode_of_decode_is_stable(query: dict[str, Any]) -> None:
    first = encode(SPECS, decode(SPECS, query).values)
    again = decode(SPECS, first)
    assert again.notes == []
    assert encode(SPECS, again.values) == first


def test_fuzzed_links_never_raise_and_settle() -> None:
    rng = random.Random(20240601)
    alphabet = list("abc-_,:=+@%/\t\r 0123456789") + list(CITIES) + list(INDICATORS) + ["é", "ü"]
    for _ in range(500):
        query = {
            name: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            for name in [*DEFAULTS, "junk"]
            if rng.random() < 0.7
        }
        result = decode(SPECS, query)
        assert set(result.values) == set(DEFAULTS)
        canonical = encode(SPECS, result.values)
        assert decode(SPECS, canonical).values == result.values


# ---------------------------------------------------------------------------- bad links


def test_unknown_choice_falls_back_with_labelled_note() -> None:
    values, notes = _decode({"indicator": "xyz"})
    assert values == DEFAULTS
    assert notes == [
        "The link's value 'xyz' for 'indicator' is not known; showing 'GII cluster rank' instead."
    ]


def test_ids_are_matched_case_insensitively_and_trimmed() -> None:
    values, notes = _decode({"indicator": " Hubs_Hosted ", "cities": "PARIS-FR"})
    assert values["indicator"] == "hubs_hosted"
    assert values["cities"] == ("paris-fr",)
    assert notes == []


def test_unknown_city_is_left_out_others_kept() -> None:
    values, notes = _decode({"cities": "paris-fr,atlantis-xx"})
    assert values["cities"] == ("paris-fr",)
    assert notes == ["The link's value 'atlantis-xx' for 'cities' is not known and was left out."]


def test_only_unknown_cities_fall_back_to_default() -> None:
    values, notes = _decode({"cities": "atlantis-xx,el-dorado-xx"})
    assert values["cities"] == ("barcelona-es", "paris-fr")
    assert notes == [
        "None of the link's values for 'cities' is known; showing 'Barcelona', 'Paris' instead."
    ]


def test_many_unknown_items_are_summarised() -> None:
    unknown = ",".join(f"x{i}" for i in range(10))
    _, notes = _decode({"cities": f"paris-fr,{unknown}"})
    assert notes == [
        "The link's values 'x0', 'x1', 'x2' and 7 more for 'cities' are not known "
        "and were left out."
    ]


def test_duplicate_cities_are_used_once() -> None:
    values, notes = _decode({"cities": "zurich-ch,paris-fr,zurich-ch,Zurich-CH"})
    assert values["cities"] == ("zurich-ch", "paris-fr")
    assert notes == ["The link names 'zurich-ch' more than once for 'cities'; each is used once."]


def test_too_many_cities_keeps_the_first() -> None:
    values, notes = _decode({"cities": ",".join(CITIES)})
    assert values["cities"] == ("barcelona-es", "paris-fr", "sao-paulo-br")
    assert notes == [
        "The link gives 4 values for 'cities' but at most 3 can be shown; keeping the first 3."
    ]


def test_empty_cities_is_an_explicit_empty_selection() -> None:
    values, notes = _decode({"cities": ""})
    assert values["cities"] == ()
    assert notes == []


def test_empty_selection_falls_back_when_items_are_required() -> None:
    spec = MultiChoice("cities", CITIES, default=("paris-fr",), min_items=1)
    result = decode([spec], {"cities": " , "})
    assert result.values == {"cities": ("paris-fr",)}
    assert result.notes == ["The link gives no value for 'cities'; showing 'Paris' instead."]


def test_repeated_keys_join_for_lists_and_last_wins_for_scalars() -> None:
    values, notes = _decode({"cities": ["paris-fr", "zurich-ch"], "year": ["2016", "2017"]})
    assert values["cities"] == ("paris-fr", "zurich-ch")
    assert values["year"] == 2017
    assert notes == []


NOT_INT = "The link's value '{}' for 'year' is not a whole number; showing 2024 instead."
OUTSIDE = "The link's value '{}' for 'year' is outside 2015–2024; showing {} instead."


@pytest.mark.parametrize(
    ("raw", "expected", "note"),
    [
        ("abc", 2024, NOT_INT.format("abc")),
        ("2020.5", 2024, NOT_INT.format("2020.5")),
        ("1_000", 2024, NOT_INT.format("1_000")),
        ("", 2024, "The link gives no value for 'year'; showing 2024 instead."),
        ("1900", 2015, OUTSIDE.format("1900", 2015)),
        ("99999999999999999999", 2024, OUTSIDE.format("99999999999999999999", 2024)),
        ("-5", 2015, OUTSIDE.format("-5", 2015)),
    ],
)
def test_bad_ints(raw: str, expected: int, note: str) -> None:
    values, notes = _decode({"year": raw})
    assert values["year"] == expected
    assert notes == [note]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("0", False), ("TRUE", True), ("off", False), (" yes ", True)],
)
def test_bools_accept_hand_typed_forms(raw: str, expected: bool) -> None:
    values, notes = _decode({"per_million": raw})
    assert values["per_million"] is expected
    assert notes == []


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        (
            "maybe",
            "The link's value 'maybe' for 'per million' is not 1 or 0; showing 'off' instead.",
        ),
        ("", "The link gives no value for 'per million'; showing 'off' instead."),
    ],
)
def test_bad_bools(raw: str, note: str) -> None:
    values, notes = _decode({"per_million": raw})
    assert values["per_million"] is False
    assert notes == [note]


BAD_FORMAT = "are not written as id:number with a whole number from 0 to 100, and were left out."


@pytest.mark.parametrize(
    ("raw", "expected", "notes"),
    [
        (
            "hubs_hosted:-5,gii_cluster_rank:40",
            {"gii_cluster_rank": 40},
            [f"The link's weights 'hubs_hosted:-5' for 'w' {BAD_FORMAT}"],
        ),
        (
            "hubs_hosted:abc,gii_cluster_rank:1.5,gii_pct_applications:101,hubs_hosted,x:1",
            {"gii_cluster_rank": 50, "hubs_hosted": 50},
            [
                "None of the link's weights for 'w' can be used; "
                "showing 'GII cluster rank' 50, 'Hubs hosted' 50 instead."
            ],
        ),
        (
            "foo:30,hubs_hosted:70",
            {"hubs_hosted": 70},
            ["The link's weights 'foo:30' for 'w' name unknown options and were left out."],
        ),
        (
            "hubs_hosted:30,hubs_hosted:70",
            {"hubs_hosted": 30},
            ["The link gives more than one weight for 'hubs_hosted' in 'w'; the first is used."],
        ),
        (
            "",
            {"gii_cluster_rank": 50, "hubs_hosted": 50},
            [
                "The link gives no weights for 'w'; "
                "showing 'GII cluster rank' 50, 'Hubs hosted' 50 instead."
            ],
        ),
    ],
)
def test_bad_weights(raw: str, expected: dict[str, int], notes: list[str]) -> None:
    values, got = _decode({"w": raw})
    assert values["w"] == expected
    assert got == notes


def test_empty_choice_falls_back() -> None:
    values, notes = _decode({"indicator": "  "})
    assert values["indicator"] == "gii_cluster_rank"
    assert notes == ["The link gives no value for 'indicator'; showing 'GII cluster rank' instead."]


def test_unknown_parameter_names_are_noted_unless_ignored() -> None:
    values, notes = _decode({"colour": "red"})
    assert values == DEFAULTS
    assert notes == ["The link's parameter 'colour' is not used on this page and was ignored."]

    _, notes = _decode({"colour": "red", "indcator": "hubs_hosted"})
    assert notes == [
        "The link's parameters 'colour', 'indcator' are not used on this page and were ignored."
    ]

    result = decode(SPECS, {"utm_source": "newsletter"}, ignore={"utm_source"})
    assert result.notes == []


def test_too_long_values_are_rejected() -> None:
    values, notes = _decode({"cities": "paris-fr," * (MAX_VALUE_LENGTH // 9 + 1)})
    assert values["cities"] == DEFAULTS["cities"]
    assert len(notes) == 1
    assert notes[0].startswith("The link's value for 'cities' is too long (")
    assert notes[0].endswith("and was ignored; showing 'Barcelona', 'Paris' instead.")


def test_notes_do_not_echo_markup_or_long_text() -> None:
    _, notes = _decode({"indicator": "[click me](https://evil.example)<script>" + "x" * 200})
    (note,) = notes
    for char in "[]()<>/":
        assert char not in note.split(" for ")[0]
    assert len(note) < 160


def test_odd_query_values_never_raise() -> None:
    result = decode(SPECS, {"year": [], "cities": None, "indicator": 7, "w": ["hubs_hosted:5"]})  # type: ignore[dict-item]
    assert result.values["year"] == 2024
    assert result.values["cities"] == DEFAULTS["cities"]
    assert result.values["indicator"] == "gii_cluster_rank"
    assert result.values["w"] == {"hubs_hosted": 5}


# ------------------------------------------------------------------------------- the specs


def test_options_may_be_a_pandas_series() -> None:
    # ``"x" in series`` looks at the index; the codec must look at the values.
    ids = pd.Series(["paris-fr", "zurich-ch"], index=[10, 11])
    spec = Choice("city", ids, default="zurich-ch")
    assert decode([spec], {"city": "paris-fr"}).values == {"city": "paris-fr"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: Choice("indicator", INDICATORS, default="nope"),
        lambda: Choice("indicator", [], default="x"),
        lambda: Choice("bad name!", INDICATORS, default="hubs_hosted"),
        lambda: MultiChoice("cities", ["a,b"], default=()),
        lambda: MultiChoice("cities", CITIES, default=("nope",)),
        lambda: MultiChoice("cities", CITIES, default=tuple(CITIES), max_items=2),
        lambda: IntParam("year", 2015, 2024, default=2030),
        lambda: BoolParam("flag", default=1),  # type: ignore[arg-type]
        lambda: WeightsParam("w", ["a:b"]),
        lambda: WeightsParam("w", INDICATORS, default={"hubs_hosted": 500}),
    ],
)
def test_invalid_specs_fail_at_declaration(make: Any) -> None:
    with pytest.raises(ValueError):
        make()


def test_duplicate_parameter_names_fail() -> None:
    with pytest.raises(ValueError):
        decode([BoolParam("x", default=False), IntParam("x", 0, 1, default=0)], {})


@pytest.mark.parametrize(
    "values",
    [
        {"indicator": "nope"},
        {"cities": ("nope",)},
        {"cities": "paris-fr"},
        {"cities": ("paris-fr", "paris-fr")},
        {"cities": tuple(CITIES)},
        {"year": 2030},
        {"year": "2020"},
        {"per_million": 1},
        {"w": {"hubs_hosted": -1}},
        {"w": {"nope": 1}},
        {"w": {}},
    ],
)
def test_encode_rejects_invalid_values(values: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        encode(SPECS, values)


def test_optional_choice_round_trip_and_bad_values():
    from atlas.urlstate import OptionalChoice, decode, encode

    spec = OptionalChoice("city", {"barcelona-es": "Barcelona", "paris-fr": "Paris"})
    assert decode([spec], {}).values == {"city": None}
    assert encode([spec], {"city": None}) == {}
    assert encode([spec], {"city": "paris-fr"}) == {"city": "paris-fr"}
    assert decode([spec], {"city": "paris-fr"}).values == {"city": "paris-fr"}
    result = decode([spec], {"city": "atlantis-xx"})
    assert result.values == {"city": None}
    assert result.notes == [
        "The link's value 'atlantis-xx' for 'city' is not known, so nothing is selected"
    ]


def test_notes_are_written_in_the_runs_language():
    specs = [
        MultiChoice("region", {"Europe": "Europa", "Asia": "Asia"}, label=N_("region")),
        IntParam("year", 2015, 2024, default=2024, label="year"),
    ]
    with language("es"):
        result = decode(specs, {"region": "Europe,Atlantis,Mars", "year": "1990", "zz": "1"})
    assert result.values == {"region": ("Europe",), "year": 2015}
    assert result.notes == [
        "Los valores «Atlantis», «Mars» del enlace para «región» no son conocidos y se han "
        "omitido.",
        "El valor «1990» del enlace para «año» está fuera de 2015–2024; se muestra 2015 en su "
        "lugar.",
        "El parámetro «zz» del enlace no se usa en esta página y se ha ignorado.",
    ]


def test_a_fallback_note_in_french_names_the_default_by_its_label():
    spec = Choice("indicator", {"a": "Hubs accueillis", "b": "B"}, default="a", label="indicator")
    with language("fr"):
        value, notes = spec.parse("nope")
    assert value == "a"
    assert notes == [
        "La valeur «\u00a0nope\u00a0» du lien pour «\u00a0indicateur\u00a0» n'est pas "
        "connue\u00a0; «\u00a0Hubs accueillis\u00a0» est affiché à la place."
    ]

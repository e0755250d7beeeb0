"""The City profile in French shows the city's and the country's French names (AppTest)."""

from __future__ import annotations

import pytest

from tests.conftest import open_page

PAGE = "pages/profile.py"
KEY = "profile.city"


@pytest.mark.parametrize(
    ("lang", "heading", "country"),
    [
        ("fr", "Genève, Suisse", "Suisse"),
        ("es", "Ginebra, Suiza", "Suiza"),
        ("en", "Geneva, Switzerland", "Switzerland"),
    ],
)
def test_profile_names_the_city_and_country_in_the_language(lang, heading, country) -> None:
    at = open_page(PAGE, city="geneva-ch", lang=lang)
    assert at.selectbox(key=KEY).value == "geneva-ch"
    assert heading in [h.value for h in at.header]
    assert country in [m.value for m in at.metric]


def test_the_picker_offers_the_other_languages_names() -> None:
    at = open_page(PAGE, city="geneva-ch", lang="fr")
    picker = at.selectbox(key=KEY)
    assert "Genève, Suisse (Ginebra · Geneva)" in picker.options
    assert "Londres, Royaume-Uni (London)" in picker.options

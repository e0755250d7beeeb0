"""Profile links in tables keep the language the visitor chose, and only that."""

from __future__ import annotations

import pandas as pd

from atlas import i18n
from ui.profile_links import keep_language, profile_query


def _table() -> pd.DataFrame:
    return pd.DataFrame({"City": ["Lyon", "Nowhere"], "Profile": ["profile?city=lyon-fr", None]})


def test_a_chosen_language_is_kept_in_profile_links():
    i18n.use_language("ca", in_links=True)
    try:
        shown = keep_language(_table(), "Profile")
        assert shown["Profile"].iloc[0] == "profile?city=lyon-fr&lang=ca"
        assert pd.isna(shown["Profile"].iloc[1])  # no profile, no link made up
        assert profile_query("lyon-fr") == {"city": "lyon-fr", "lang": "ca"}
    finally:
        i18n.use_language("en")


def test_a_language_from_the_browser_is_left_out_of_links():
    i18n.use_language("fr", in_links=False)
    try:
        table = _table()
        assert keep_language(table, "Profile") is table
        assert profile_query("lyon-fr") == {"city": "lyon-fr"}
    finally:
        i18n.use_language("en")

"""Links the pages' tables carry, shared by several page models (no Streamlit)."""

from __future__ import annotations


def profile_url(city_id: object) -> str | None:
    """Relative link to a city's profile, for tables (LinkColumn) where st.page_link can't go.

    Built with the table rather than when drawn, so the downloads carry the same link.
    """
    return f"profile?city={city_id}" if isinstance(city_id, str) and city_id else None

"""Shared, pure chart and map builders: DataFrame in, plotly Figure or pydeck Deck out.

No Streamlit session state here, so every page draws the same way and tests can inspect specs.
"""

"""Streamlit glue shared by the pages: cached data, sidebar filters, URL state, layout helpers.

Pages stay thin (widgets and layout); everything they compute comes from `atlas`, everything
they draw from `components`.
"""

"""Pure models of the pages' views: tables and rows built from the Atlas, no Streamlit."""

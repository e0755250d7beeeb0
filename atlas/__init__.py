"""Domain package of the City Science Diplomacy Atlas.

Kept free of Streamlit so that loading, validation and every computation can be tested and
benchmarked without a running app, and reused by scripts (build, benchmark, briefing export).
"""

"""Tables send at most MAX_TABLE_ROWS rows and say where the rest are."""

from __future__ import annotations

import pandas as pd

from ui.rowcap import MAX_TABLE_ROWS, table_rows


def test_a_short_table_is_sent_whole_without_a_note() -> None:
    table = pd.DataFrame({"x": range(5)})
    rows, note = table_rows(table)
    assert rows is table
    assert note is None


def test_a_long_table_sends_its_first_rows_and_points_to_the_download() -> None:
    table = pd.DataFrame({"x": range(MAX_TABLE_ROWS + 250)})
    rows, note = table_rows(table)
    assert list(rows["x"]) == list(range(MAX_TABLE_ROWS))
    assert note is not None
    assert f"first {MAX_TABLE_ROWS:,} of {MAX_TABLE_ROWS + 250:,} rows" in note
    assert "Download data has all" in note
    _, note = table_rows(table, limit=10, downloadable=False)
    assert note is not None and "Download" not in note


def test_capped_dataframe_draws_the_kept_rows_under_their_note(monkeypatch):
    from ui import rowcap

    drawn: dict = {}
    monkeypatch.setattr(rowcap.st, "caption", lambda text: drawn.setdefault("note", text))
    monkeypatch.setattr(
        rowcap.st, "dataframe", lambda rows, **kw: drawn.update(rows=rows, kw=kw) or "event"
    )
    table = pd.DataFrame({"x": range(MAX_TABLE_ROWS + 1)})
    assert rowcap.capped_dataframe(table, hide_index=True) == "event"
    assert len(drawn["rows"]) == MAX_TABLE_ROWS
    assert drawn["kw"] == {"hide_index": True}
    assert "Download data has all" in drawn["note"]

"""bench/page_rerun.py: which widget states a rerun switches between."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import page_rerun  # noqa: E402


@pytest.mark.parametrize(
    ("kind", "options", "current", "multi", "expected"),
    [
        ("selectbox", ["a", "b", "c"], "b", False, ["b", "c"]),
        ("selectbox", ["a", "b", "c"], "c", False, ["c", "a"]),
        ("selectbox", ["a", "b"], None, False, ["a", "b"]),
        ("selectbox", ["a"], "a", False, []),
        ("multiselect", ["a", "b", "c"], ["a", "c"], True, [["a", "c"], ["a"]]),
        ("multiselect", ["a", "b", "c"], [], True, [["a"], ["a", "b"]]),
        ("toggle", [], False, False, [False, True]),
        ("checkbox", [], True, False, [True, False]),
        ("slider", [2000, 2025, 1], 2025, False, [2025, 2024]),
        ("slider", [2000, 2025, 1], 2000, False, [2000, 2001]),
        ("slider", [0, 10, 1], (3, 8), False, [[3, 8], [2, 8]]),
    ],
)
def test_choose_states_switches_between_two_real_choices(kind, options, current, multi, expected):
    assert page_rerun.choose_states(kind, options, current, multi) == expected

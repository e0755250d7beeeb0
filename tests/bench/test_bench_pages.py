"""The pure parts of the page benchmark: percentiles, page discovery, widget states, tables.

The benchmark itself is not run here (it takes minutes and measures the machine); these
helpers decide what it measures and how it is reported, so they are tested like code.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_pages  # noqa: E402
import load_test  # noqa: E402


def test_percentile_interpolates_between_order_statistics():
    assert bench_pages.percentile([1, 2, 3, 4, 5], 50) == 3
    assert bench_pages.percentile([5, 1, 4, 2, 3], 90) == pytest.approx(4.6)
    assert bench_pages.percentile([10.0], 95) == 10.0
    assert bench_pages.percentile([1, 2], 0) == 1
    assert bench_pages.percentile([1, 2], 100) == 2
    assert math.isnan(bench_pages.percentile([], 50))


def test_summarize_gives_median_and_tail():
    summary = bench_pages.summarize([100, 120, 110, 300, 105])
    assert summary["n"] == 5
    assert summary["median"] == 110
    assert summary["p90"] == pytest.approx(228)
    assert summary["min"] == 100 and summary["max"] == 300
    assert bench_pages.summarize([])["n"] == 0


def test_registered_pages_are_the_registry_in_order():
    from ui import registry

    pages = bench_pages.registered_pages()
    assert [p.path for p in pages] == [s.path for s in registry.PAGES]
    assert [p.url_path for p in pages] == [s.url_path for s in registry.PAGES]
    assert [p.title for p in pages] == [s.title for s in registry.PAGES]
    assert [p.default for p in pages] == [s.path == "pages/overview.py" for s in registry.PAGES]


def test_every_page_of_the_real_app_is_found():
    pages = bench_pages.registered_pages()
    assert pages, "app.py registers no st.Page"
    for page in pages:
        assert (ROOT / page.path).is_file()
    assert len({p.url_path for p in pages}) == len(pages)


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
    assert bench_pages.choose_states(kind, options, current, multi) == expected


def test_formatting_of_figures():
    assert bench_pages.format_ms(87.4) == "87 ms"
    assert bench_pages.format_ms(1530) == "1.53 s"
    assert bench_pages.format_ms(None) == "–"
    assert bench_pages.format_bytes(2048) == "2 kB"
    assert bench_pages.format_bytes(6 * 1024 * 1024) == "6.0 MB"
    assert bench_pages.format_mb(math.nan) == "–"
    assert bench_pages.verdict(160, 150) == " ✗"
    assert bench_pages.verdict(140, 150) == ""
    assert bench_pages.verdict(140, None) == ""


def _scale(rerun_ms: float, sent: int, profile: list[str]) -> dict:
    return {
        "data_dir": "bench/out/synthetic-100",
        "sizes": {"cities": 10_000},
        "run": {"date": "2026-11-25 10:00", "load_start": 1.0, "load_end": 1.2},
        "bare_render": {"median": 1000.0, "n": 3},
        "floor_render": {"median": 2400.0, "n": 3},
        "server": {"start_mb": 80.0, "peak_mb": 1200.0, "first_load_ms": 20000.0},
        "pages": {
            "pages/map.py": {
                "widget": "selectbox 'map.indicator'",
                "rerun": {"median": rerun_ms, "p90": rerun_ms * 1.2},
                "rerun_cpu": {"median": rerun_ms * 0.8},
                "render": {"median": 1400.0},
                "render_ratio": 1.4,
                "render_floor_ratio": 0.58,
                "bytes": sent,
                "rss_mb": 900.0,
                "profile": profile,
            }
        },
    }


def test_results_table_marks_misses_and_lists_hotspots():
    machine = {
        "date": "2026-11-25 10:00",
        "cores": 2,
        "memory_gb": 23.5,
        "python": "3.11",
        "streamlit": "1.67.0",
    }
    text = bench_pages.render_results(
        machine, {"100": _scale(2000.0, 6 * 1024 * 1024, ["900 ms atlas/mapdata.py:10 arcs"])}
    )
    assert "## Scale 100" in text
    assert "| pages/map.py | selectbox 'map.indicator' | 2.00 s ✗ |" in text
    assert "6.0 MB ✗" in text
    assert "peak 1200 MB ✗" in text
    assert "2 cores, 23.5 GB memory" in text
    assert "| 1.40 s | 1.40 | 0.58 |" in text  # × bare, then × the chart floor
    assert "Chart floor" in text and "(2.40× bare)" in text
    assert "## Hotspots of the pages that miss a target" in text
    assert "`900 ms atlas/mapdata.py:10 arcs`" in text


def test_results_table_without_misses_has_no_hotspot_section():
    machine = {"date": "d", "cores": 2, "memory_gb": 1, "python": "3.11", "streamlit": "1.67"}
    text = bench_pages.render_results(machine, {"100": _scale(800.0, 1024 * 1024, ["x"])})
    assert "✗" not in text.split("| pages/map.py")[1].split("\n")[0]
    assert "Hotspots" not in text


def test_load_test_summary_counts_errors_per_page():
    records = [
        load_test.LoadRecord(0, "pages/map.py", 0.0, completion_ms=1000.0),
        load_test.LoadRecord(1, "pages/map.py", 0.0, completion_ms=3000.0),
        load_test.LoadRecord(2, "pages/map.py", 0.0, error="TimeoutError: still running"),
        load_test.LoadRecord(3, "pages/hubs.py", 0.0, completion_ms=500.0),
    ]
    overall, per_page = load_test.summarize_loads(records)
    assert overall["n"] == 3
    assert overall["median"] == 1000.0
    assert per_page["pages/map.py"]["errors"] == 1
    assert per_page["pages/hubs.py"]["errors"] == 0
    assert load_test.error_lines(records) == ["1× pages/map.py: TimeoutError: still running"]


def test_load_section_reports_memory_before_during_after():
    report = {
        "scale": "curated",
        "sessions": 20,
        "duration_s": 60,
        "ttl_s": 15,
        "settle_s": 45,
        "loads": 120,
        "errors": [],
        "completion": {"median": 4000.0, "p95": 9000.0},
        "per_page": {"pages/map.py": {"n": 12, "median": 5000.0, "p95": 9500.0, "errors": 0}},
        "rss_mb": {"before": 250.0, "peak_during": 900.0, "at_close": 850.0, "after_settle": 300},
        "machine": {"date": "2026-11-25 10:00", "load_average": 2.0},
    }
    text = bench_pages.render_load_section(report)
    assert "95th percentile 9.0 s" in text
    assert "250 MB before, peak 900 MB during" in text
    assert "300 MB 45 s later" in text
    assert "(none)" in text
    assert "| pages/map.py | 12 | 5.0 s | 9.5 s | 0 |" in text


def test_merge_scale_keeps_earlier_scales_and_pages():
    previous = {
        "100": {"pages": {"pages/map.py": {"bytes": 1}}},
        "curated": {
            "sizes": {"cities": 387},
            "pages": {
                "pages/map.py": {"bytes": 10, "error": "old"},
                "pages/hubs.py": {"bytes": 20},
            },
        },
    }
    new = {"run": {"date": "d"}, "pages": {"pages/map.py": {"bytes": 11, "error": None}}}
    merged = bench_pages.merge_scale(previous, "curated", new)
    assert list(merged) == ["curated", "100"]
    assert merged["curated"]["sizes"] == {"cities": 387}
    assert merged["curated"]["pages"]["pages/map.py"] == {"bytes": 11, "error": None}
    assert merged["curated"]["pages"]["pages/hubs.py"] == {"bytes": 20}
    assert previous["curated"]["pages"]["pages/map.py"]["bytes"] == 10  # not mutated

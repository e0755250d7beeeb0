"""bench/page_report.py: percentiles, summaries, the figures' formats and RESULTS.md's tables.

These decide how the benchmark reports, so they are tested like code."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import page_report  # noqa: E402


def test_percentile_interpolates_between_order_statistics():
    assert page_report.percentile([1, 2, 3, 4, 5], 50) == 3
    assert page_report.percentile([5, 1, 4, 2, 3], 90) == pytest.approx(4.6)
    assert page_report.percentile([10.0], 95) == 10.0
    assert page_report.percentile([1, 2], 0) == 1
    assert page_report.percentile([1, 2], 100) == 2
    assert math.isnan(page_report.percentile([], 50))


def test_summarize_gives_median_and_tail():
    summary = page_report.summarize([100, 120, 110, 300, 105])
    assert summary["n"] == 5
    assert summary["median"] == 110
    assert summary["p90"] == pytest.approx(228)
    assert summary["min"] == 100 and summary["max"] == 300
    assert page_report.summarize([])["n"] == 0


def test_formatting_of_figures():
    assert page_report.format_ms(87.4) == "87 ms"
    assert page_report.format_ms(1530) == "1.53 s"
    assert page_report.format_ms(None) == "–"
    assert page_report.format_bytes(2048) == "2 kB"
    assert page_report.format_bytes(6 * 1024 * 1024) == "6.0 MB"
    assert page_report.format_mb(math.nan) == "–"
    assert page_report.verdict(160, 150) == " ✗"
    assert page_report.verdict(140, 150) == ""
    assert page_report.verdict(140, None) == ""


def _scale(rerun_ms: float, sent: int, profile: list[str], warm_floor: float = 1.1) -> dict:
    return {
        "data_dir": "bench/out/synthetic-100",
        "sizes": {"cities": 10_000},
        "run": {"date": "2026-11-25 10:00", "load_start": 1.0, "load_end": 1.2},
        "bare_render": {"median": 1000.0, "n": 3},
        "floor_render": {"median": 2400.0, "n": 3},
        "server": {"start_mb": 80.0, "peak_mb": 1200.0},
        "first_visit": {
            "page": "pages/overview.py",
            "n": 3,
            "render_ms": 2700.0,
            "start_to_drawn_ms": 9000.0,
            "later_median_ms": 1800.0,
            "ratio": 1.5,
        },
        "pages": {
            "pages/map.py": {
                "widget": "selectbox 'map.indicator'",
                "rerun": {"median": rerun_ms, "p90": rerun_ms * 1.2},
                "rerun_cpu": {"median": rerun_ms * 0.8},
                "render": {"median": 1400.0},
                "render_ratio": 1.4,
                "render_floor_ratio": 0.58,
                "render_warm": {"median": 900.0},
                "render_floor_warm_ratio": warm_floor,
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
    text = page_report.render_results(
        machine,
        {"100": _scale(2000.0, 6 * 1024 * 1024, ["900 ms atlas/mapdata.py:10 arcs"], 1.25)},
    )
    assert "## Scale 100" in text
    assert "| pages/map.py | selectbox 'map.indicator' | 2.00 s ✗ | 2.40 s ✗ |" in text
    assert "6.0 MB ✗" in text
    assert "peak 1200 MB ✗" in text
    assert "2 cores, 23.5 GB memory" in text
    # cold and × the chart floor, warm and × its warm floor (over 1.2: a miss), then × bare
    assert "| 1.40 s | 0.58 | 900 ms | 1.25 ✗ | 1.40 |" in text
    assert "first render ≤ 1.2× the chart floor, cold and warm" in text
    assert "Chart floor" in text and "(2.40× bare)" in text
    assert "## Hotspots of the pages that miss a target" in text
    assert "`900 ms atlas/mapdata.py:10 arcs`" in text


def test_results_name_the_first_visitor_against_later_ones():
    machine = {"date": "d", "cores": 2, "memory_gb": 1, "python": "3.11", "streamlit": "1.67"}
    text = page_report.render_results(machine, {"curated": _scale(100.0, 1024, ["x"])})
    assert "median of 3 servers): drawn in 2.70 s, 9.00 s after the server process" in text
    assert "later visitors (fresh browser contexts) median 1.80 s: 1.50× ✗ (target ≤ 1.3×)" in text


def test_results_table_without_misses_has_no_hotspot_section():
    machine = {"date": "d", "cores": 2, "memory_gb": 1, "python": "3.11", "streamlit": "1.67"}
    text = page_report.render_results(machine, {"100": _scale(800.0, 1024 * 1024, ["x"])})
    assert "✗" not in text.split("| pages/map.py")[1].split("\n")[0]
    assert "Hotspots" not in text


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
    text = page_report.render_load_section(report)
    assert "95th percentile 9.0 s" in text
    assert "250 MB before, peak 900 MB during" in text
    assert "300 MB 45 s later" in text
    assert "(none)" in text
    assert "| pages/map.py | 12 | 5.0 s | 9.5 s | 0 |" in text

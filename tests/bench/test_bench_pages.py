"""The pure parts of the page benchmark: percentiles, page discovery, widget states, tables.

The benchmark itself is not run here (it takes minutes and measures the machine); these
helpers decide what it measures and how it is reported, so they are tested like code.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_pages  # noqa: E402
import load_test  # noqa: E402


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

"""bench/lighthouse.py: scores read from a report, the RESULTS.md section replaced in place."""

from __future__ import annotations

from bench.bench_pages import kept_sections
from bench.lighthouse import (
    merge_rows,
    render_section,
    summarize,
    write_section,
)

REPORT = {
    "categories": {
        "accessibility": {
            "score": 0.96,
            "auditRefs": [
                {"id": "heading-order", "weight": 3},
                {"id": "image-alt", "weight": 10},
                {"id": "bypass", "weight": 0},
            ],
        },
        "performance": {"score": 0.41},
    },
    "audits": {
        "heading-order": {"score": 0},
        "image-alt": {"score": 1},
        "bypass": {"score": 0},
        "first-contentful-paint": {"numericValue": 1234.0},
        "largest-contentful-paint": {"numericValue": 4321.0},
        "total-blocking-time": {"numericValue": 250.0},
    },
}


def test_summarize_reads_scores_and_weighted_failures():
    row = summarize(REPORT)
    assert row["accessibility"] == 96 and row["performance"] == 41
    assert row["failing"] == ["heading-order"]  # a weight-0 audit does not count
    assert row["lcp_ms"] == 4321.0 and row["error"] is None


def _results(score: float) -> dict:
    report = {**REPORT, "categories": {**REPORT["categories"]}}
    report["categories"]["accessibility"] = {**REPORT["categories"]["accessibility"]}
    report["categories"]["accessibility"]["score"] = score
    row = {"page": "map", "preset": "mobile", **summarize(report)}
    return {"date": "2026-12-01 15:00", "machine": {"cores": 2}, "load": 1.5, "rows": [row]}


def test_section_marks_pages_below_target_and_is_replaced_in_place(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Page benchmark results\n\n## Scale curated\n\ntable\n")
    write_section(render_section(_results(0.9)), path)
    first = path.read_text()
    assert "| map | mobile | 90 ✗ | 41 | 1.2 s | 4.3 s | 250 ms | heading-order |" in first
    write_section(render_section(_results(0.97)), path)
    second = path.read_text()
    assert second.count("<!-- lighthouse -->") == 1 and second.count("<!-- /lighthouse -->") == 1
    assert "| map | mobile | 97 ✓ |" in second and "## Scale curated" in second
    assert kept_sections(second)["lighthouse"].startswith("## Lighthouse")  # bench_pages keeps it


def test_a_rerun_of_one_page_keeps_the_other_rows():
    earlier = [
        {"page": "map", "preset": "desktop", "accessibility": 90},
        {"page": "overview", "preset": "mobile", "accessibility": 98},
    ]
    new = [{"page": "map", "preset": "desktop", "accessibility": 97}]
    rows = merge_rows(earlier, new, ["overview", "map"])
    assert [(r["page"], r["accessibility"]) for r in rows] == [("overview", 98), ("map", 97)]

"""The soak's own logic: the memory verdict, the per-replica count, its RESULTS.md section.

The soak itself (two replicas, nginx, 20 browsers for 10 minutes) is not run here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_pages  # noqa: E402
import soak  # noqa: E402


def test_memory_back_within_ten_percent_passes_and_beyond_fails():
    fine = soak.memory_verdict(
        {"a": {"baseline": 300.0, "after": 329.0}, "b": {"baseline": 310.0, "after": 300.0}}, 0.10
    )
    assert fine["a"] == {"ok": True, "change": 0.0967}
    assert fine["total"]["ok"] is True
    grown = soak.memory_verdict(
        {"a": {"baseline": 300.0, "after": 340.0}, "b": {"baseline": 300.0, "after": 290.0}}, 0.10
    )
    assert grown["a"]["ok"] is False
    assert grown["total"]["ok"] is False  # one replica over the limit fails the soak


def test_a_missing_figure_is_no_proof():
    verdict = soak.memory_verdict({"a": {"baseline": 300.0, "after": None}}, 0.10)
    assert verdict["a"] == {"ok": False, "change": None}
    assert verdict["total"]["ok"] is False


def test_page_loads_per_replica_come_from_the_access_log():
    log = "\n".join(
        [
            '127.0.0.1 [t] "GET /map?city=x HTTP/1.1" 200 9 upstream=127.0.0.1:8521',
            '127.0.0.1 [t] "GET /overview HTTP/1.1" 200 9 upstream=127.0.0.1:8522',
            # retried after a refused connection: the last address answered
            '127.0.0.1 [t] "GET /hubs HTTP/1.1" 200 9 upstream=127.0.0.1:8521, 127.0.0.1:8522',
            # not page loads: scripts, Streamlit's routes, the websocket
            '127.0.0.1 [t] "GET /static/js/index.js HTTP/1.1" 200 9 upstream=127.0.0.1:8521',
            '127.0.0.1 [t] "GET /_stcore/stream HTTP/1.1" 101 9 upstream=127.0.0.1:8521',
            '127.0.0.1 [t] "GET /map/_stcore/health HTTP/1.1" 200 2 upstream=127.0.0.1:8521',
        ]
    )
    counts = soak.count_per_replica(log, {"a": "127.0.0.1:8521", "b": "127.0.0.1:8522"})
    assert counts == {"a": 1, "b": 2}


def _report(errors=(), after_a=310.0, **extra):
    rss = {
        "a": {"baseline": 300.0, "peak": 400.0, "at_close": 390.0, "after": after_a},
        "b": {"baseline": 300.0, "peak": 380.0, "at_close": 370.0, "after": 305.0},
    }
    rss["total"] = {k: rss["a"][k] + rss["b"][k] for k in rss["a"]}
    return {
        "scale": "10",
        "sessions": 20,
        "duration_s": 600,
        "ttl_s": 15,
        "settle_s": 90,
        "tolerance": 0.1,
        "loads": 500,
        "errors": list(errors),
        "completion": {"median": 12000.0, "p95": 30000.0},
        "per_replica_loads": {"a": 250, "b": 250},
        "rss_mb": rss,
        "load_average": {"start": "1.0 1.0 1.0", "end_of_sessions": "9.0 8.0 5.0"},
        "machine": {"date": "2026-12-01 16:00"},
        **extra,
    }


def test_section_gives_pass_memory_table_and_load_average():
    section = soak.render_soak_section(_report())
    assert section.startswith("## Soak")
    assert "**Passed**: 0 errors in 500 page loads" in section
    assert "| a | 300 MB | 400 MB | 390 MB | 310 MB | +3.3 % |" in section
    assert "| total | 600 MB | 780 MB | 760 MB | 615 MB | +2.5 % |" in section
    assert "9.0 8.0 5.0 when the sessions ended" in section


def test_section_says_failed_on_errors_or_memory():
    assert "**Failed**: 1 error in" in soak.render_soak_section(_report(errors=["1× x: boom"]))
    assert "**Failed**" in soak.render_soak_section(_report(after_a=400.0))


def test_results_keep_the_soak_section_when_rewritten():
    text = bench_pages.splice_section("# Results\n\nold\n", "soak", "## Soak\n\nfirst")
    assert text.endswith("<!-- soak -->\n## Soak\n\nfirst\n<!-- /soak -->\n")
    again = bench_pages.splice_section(text, "soak", "## Soak\n\nsecond")
    assert again.count("## Soak") == 1 and "second" in again and "first" not in again
    assert bench_pages.kept_sections(again) == {"soak": "## Soak\n\nsecond"}
    rewritten = bench_pages.splice_section("# Results\n\nnew\n", "soak", "## Soak\n\nsecond")
    assert rewritten.startswith("# Results\n\nnew\n") and "second" in rewritten


def test_arguments_default_to_the_issue():
    args = soak.build_parser().parse_args([])
    assert (args.sessions, args.duration, args.scale, args.tolerance) == (20, 600, "10", 0.10)


def test_this_run_reads_only_what_was_logged_after_the_offset(tmp_path):
    log = tmp_path / "nginx-access.log"
    assert soak.this_run(log, 0) == ""
    log.write_text('"GET /map HTTP/1.1" upstream=127.0.0.1:1\n', encoding="utf-8")
    offset = log.stat().st_size
    with log.open("a", encoding="utf-8") as handle:
        handle.write('"GET /hubs HTTP/1.1" upstream=127.0.0.1:2\n')
    assert soak.this_run(log, offset) == '"GET /hubs HTTP/1.1" upstream=127.0.0.1:2\n'


def test_section_names_the_replicas_allocator_and_only_the_options_given():
    section = soak.render_soak_section(
        _report(environment={"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"})
    )
    assert "--settle 90`" in section and "--malloc-arena-max" not in section
    assert "Replica environment: `MALLOC_ARENA_MAX=2`, `MALLOC_MMAP_THRESHOLD_=131072`." in section
    given = soak.render_soak_section(_report(malloc_arena_max=4, environment={}))
    assert "--settle 90 --malloc-arena-max 4`" in given
    assert "Replica environment: glibc defaults." in given

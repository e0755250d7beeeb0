"""The failover check's own logic: its links, what counts as the same view, its summary.

The check itself (two replicas, nginx, 20 browsers, a SIGKILL) is not run here; these are the
parts that decide what it reports, so they are tested like code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_pages  # noqa: E402
import failover  # noqa: E402

VIEW = {
    "path": "/rankings",
    "query": "?indicator=hubs_hosted&top=10",
    "heading": "Rankings",
    "main": "Rankings\nTop 10   by hubs",
    "sidebar": "Filters",
    "exception": 0,
}


def test_twenty_different_links_over_every_registered_page():
    assert len(failover.VIEWS) == len(set(failover.VIEWS)) == 20
    pages = {p.url_path for p in bench_pages.registered_pages()}
    default = next(p.url_path for p in bench_pages.registered_pages() if p.default)
    used = {urlparse(f"http://x/{view}").path.strip("/") or default for view in failover.VIEWS}
    assert used == pages
    assert sum("?" in view for view in failover.VIEWS) == 20  # every link carries a view


def test_same_view_ignores_whitespace_and_parameter_order():
    again = dict(VIEW, query="?top=10&indicator=hubs_hosted", main="Rankings Top 10 by hubs")
    assert failover.difference(VIEW, again) is None


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ({"path": "/"}, "address"),
        ({"query": "?indicator=hubs_hosted"}, "parameters"),
        ({"heading": ""}, "heading"),
        ({"main": "Rankings Top 20 by hubs"}, "main area text"),
        ({"sidebar": "Filters Europe"}, "sidebar text"),
    ],
)
def test_a_changed_view_says_which_part_changed(change, part):
    assert failover.difference(VIEW, dict(VIEW, **change)).startswith(f"{part} differs")


def test_problems_on_the_page_are_found():
    assert failover.problem_in(VIEW) is None
    assert failover.problem_in(dict(VIEW, exception=1)) == "exception box"
    assert failover.problem_in(dict(VIEW, main="Page not found")) == "'Page not found' on the page"
    note = dict(VIEW, sidebar="The link could not be followed exactly")
    assert failover.problem_in(note) == "'could not be followed' on the page"


def _session(n, affected, recover_s=None, problem=None):
    return failover.Session(
        n,
        failover.VIEWS[n],
        affected=affected,
        recovered=affected and problem is None,
        recover_s=recover_s,
        problem=problem,
    )


def test_summary_counts_affected_sessions_recovery_times_and_lost_views():
    sessions = [
        _session(0, True, 3.0),
        _session(1, True, 5.0),
        _session(2, True, 4.0),
        _session(3, False),
        _session(4, True, None, "not back on replica b within 180 s"),
        _session(5, False, None, "exception box"),
    ]
    summary = failover.summarise(sessions)
    assert summary["sessions"] == 6
    assert (summary["affected"], summary["recovered"]) == (4, 3)
    assert (summary["recover_median_s"], summary["recover_max_s"]) == (4.0, 5.0)
    assert summary["lost_views"] == 2
    lines = failover.report_lines(summary, {"new_visitors": 4, "new_on_restarted": 2})
    assert lines[-1] == "lost views: 2"
    assert "time to recover: median 4.0 s, max 5.0 s" in lines


def test_nothing_lost_ends_with_lost_views_zero():
    summary = failover.summarise([_session(0, True, 2.5), _session(1, False)])
    lines = failover.report_lines(summary, {"new_visitors": 4, "new_on_restarted": 2})
    assert lines[-1] == "lost views: 0"
    assert failover.report_lines(failover.summarise([]), {})[-1] == "lost views: 0"


def test_arguments_default_to_the_issue_and_stay_bounded():
    args = failover.build_parser().parse_args([])
    assert (args.sessions, args.kill, args.ports, args.proxy_port) == (20, "a", [8521, 8522], 8529)
    assert 0 < args.max_seconds <= 3600 and args.recover_timeout < args.max_seconds

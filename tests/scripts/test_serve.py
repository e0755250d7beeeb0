"""scripts/serve.py hands Streamlit a served command line: no file watcher unless asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from streamlit.web import cli

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402


def _options(argv: list[str]) -> dict[str, object]:
    """What Streamlit's own `run` command would receive from this command line."""
    assert argv[1] == "run"
    command = cli.main.get_command(click.Context(cli.main), "run")
    with command.make_context("run", argv[2:]) as context:
        return dict(context.params)


def test_served_atlas_does_not_watch_files():
    argv = serve.streamlit_argv(["--server.port", "8600"])
    assert argv[:3] == ["streamlit", "run", str(ROOT / "app.py")]
    options = _options(argv)
    assert options["server_fileWatcherType"] == "none"
    assert options["server_port"] == 8600


def test_a_watcher_asked_for_on_the_command_line_wins():
    options = _options(serve.streamlit_argv(["--server.fileWatcherType", "auto"]))
    assert options["server_fileWatcherType"] == "auto"
    assert options["target"] == str(ROOT / "app.py")


def test_the_allocator_is_tuned_before_the_load_and_the_server_start(monkeypatch):
    from ui import memory, warmup

    order: list[str] = []
    # main() sets up the start-up log; the test leaves the logger as other tests expect it
    monkeypatch.setattr(warmup.LOG, "handlers", list(warmup.LOG.handlers))
    monkeypatch.setattr(warmup.LOG, "propagate", warmup.LOG.propagate)
    monkeypatch.setattr(warmup.LOG, "level", warmup.LOG.level)
    monkeypatch.setattr(memory, "tune_allocator", lambda: order.append("allocator") or {})
    monkeypatch.setattr(warmup, "preload", lambda: order.append("preload"))
    monkeypatch.setattr(warmup, "hold_health_until_ready", lambda: order.append("health"))
    monkeypatch.setattr(memory, "start_trimmer", lambda: order.append("trimmer"))
    monkeypatch.setattr(cli, "main", lambda **kwargs: order.append("streamlit"))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    serve.main(["--server.port", "8600"])
    assert order == ["allocator", "preload", "health", "trimmer", "streamlit"]
    assert sys.argv[:2] == ["streamlit", "run"]

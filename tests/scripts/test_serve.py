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

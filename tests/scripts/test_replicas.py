"""The replica runner's configuration: nginx site and main config, loopback guard, compose file.

Running the topology takes two app servers and nginx (bench/failover.py does it); what is
tested here is what those runs are built from, including that nginx itself accepts the config.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import replicas  # noqa: E402

TEMPLATE = (ROOT / "deploy" / "atlas.conf.template").read_text(encoding="utf-8")
LOOPBACK = {"a": "127.0.0.1:8521", "b": "127.0.0.1:8522"}


def _site() -> str:
    return replicas.render_site(TEMPLATE, LOOPBACK, "127.0.0.1:8529")


def test_site_fills_every_placeholder_and_keeps_nginx_variables():
    site = _site()
    assert "${" not in site
    assert "server 127.0.0.1:8521 max_fails=1 fail_timeout=5s;" in site
    assert "server 127.0.0.1:8522 backup;" in site  # a's tabs go to b only when a is down
    assert "listen 127.0.0.1:8529;" in site
    for variable in ("$cookie_atlas_node", "$upstream_addr", "$http_upgrade", "$atlas_served"):
        assert variable in site
    assert 'add_header Set-Cookie "atlas_node=$atlas_served;' in site


def test_unknown_placeholder_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="ATLAS_NOPE"):
        replicas.render_site("listen ${ATLAS_NOPE};", LOOPBACK, "127.0.0.1:8529")


def test_proxy_allows_uploads_above_streamlits_hard_limit():
    """Otherwise nginx answers 413 and the page cannot name the oversized file (issue 21)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    body = next(line for line in TEMPLATE.splitlines() if "client_max_body_size" in line)
    limit_mb = int(body.split()[1].rstrip(";").rstrip("m"))
    assert limit_mb > config["server"]["maxUploadSize"]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses_are_accepted(host):
    assert replicas.require_loopback(host) == host


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.11", "192.168.1.2", "example.org", "::"])
def test_other_addresses_are_refused(host):
    with pytest.raises(ValueError, match="not a loopback address"):
        replicas.require_loopback(host)


def test_main_config_keeps_everything_in_the_run_folder(tmp_path):
    main = replicas.render_main(tmp_path, tmp_path / "atlas.conf", as_root=False)
    assert "daemon off;" in main
    assert f"pid {tmp_path / 'nginx.pid'};" in main
    assert f"include {tmp_path / 'atlas.conf'};" in main
    assert all(f"{tmp_path / 'temp' / name};" in main for name in replicas.TEMP_DIRS)
    assert "user " not in main
    assert main.startswith("# written by") and "user nobody nogroup;" in replicas.render_main(
        tmp_path, tmp_path / "atlas.conf", as_root=True
    )


@pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (scripts/serve_replicas.sh installs it)",
)
def test_nginx_accepts_the_rendered_config(tmp_path):
    topology = replicas.Topology((18521, 18522), 18529, run_dir=tmp_path, lifetime_s=60)
    try:
        main = topology.write_config()
        check = subprocess.run(
            [replicas.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(main)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        topology.stop()  # nothing was started; closes the log files
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


def test_topology_needs_three_distinct_ports(tmp_path):
    with pytest.raises(ValueError, match="distinct"):
        replicas.Topology((8521, 8521), 8529, run_dir=tmp_path)
    with pytest.raises(ValueError, match="distinct"):
        replicas.Topology((8521, 8522), 8522, run_dir=tmp_path)


def test_serve_arguments_are_bounded_by_default():
    args = replicas.build_parser().parse_args(["serve"])
    assert (args.ports, args.proxy_port, args.seconds, args.restart) == (
        [8521, 8522],
        8529,
        3600.0,
        True,
    )
    args = replicas.build_parser().parse_args(["serve", "--for", "60", "--no-restart"])
    assert (args.seconds, args.restart) == (60.0, False)


# ------------------------------------------------------------------------- docker-compose.yml


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_nginx_in_front_of_two_healthy_replicas(compose):
    services = compose["services"]
    assert set(services) == {"nginx", "replica-a", "replica-b"}
    for name in ("replica-a", "replica-b"):
        replica = services[name]
        assert replica["build"] == "."
        assert "_stcore/health" in " ".join(replica["healthcheck"]["test"])
        assert "STREAMLIT_SERVER_COOKIE_SECRET" in replica["environment"]
    assert services["nginx"]["depends_on"] == {
        "replica-a": {"condition": "service_healthy"},
        "replica-b": {"condition": "service_healthy"},
    }


def test_compose_nginx_uses_the_same_template_and_the_replicas_addresses(compose):
    nginx = compose["services"]["nginx"]
    (mount,) = nginx["volumes"]
    source, target, _ = mount.split(":")
    assert (ROOT / source).resolve() == (ROOT / "deploy" / "atlas.conf.template").resolve()
    assert target == "/etc/nginx/templates/default.conf.template"
    env = nginx["environment"]
    for letter in ("a", "b"):
        address = compose["services"][f"replica-{letter}"]["networks"]["atlas"]["ipv4_address"]
        assert env[f"ATLAS_REPLICA_{letter.upper()}"] == f"{address}:8501"
    # every placeholder the template uses is given
    site = replicas.render_site(
        TEMPLATE, {"a": env["ATLAS_REPLICA_A"], "b": env["ATLAS_REPLICA_B"]}, env["ATLAS_LISTEN"]
    )
    assert "${" not in site

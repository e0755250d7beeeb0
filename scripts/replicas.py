"""Two Atlas replicas behind nginx on this machine: start, health-check, break, restart, stop.

The topology docs/DEPLOY.md recommends, run for real on loopback ports so that what a user sees
when a replica dies can be measured (bench/failover.py) and loaded (bench/soak.py):

    replica a: streamlit run app.py on 127.0.0.1:8521 ┐
    replica b: streamlit run app.py on 127.0.0.1:8522 ┴─ nginx on 127.0.0.1:8529 (sticky)

nginx is Debian's binary run as a plain foreground child process with its own prefix, config,
logs and temp folders under the run folder (bench/out/replicas by default): never the system
service, never port 80. The site part of its config is deploy/atlas.conf.template, the same
file docker-compose.yml gives the nginx image, so both ways run one configuration.

Everything here stops by itself: `serve` ends after `--for` seconds (an hour by default) or on
Ctrl-C/SIGTERM, stopping nginx and both replicas; the Topology class used by the benchmarks
stops its processes on exit and after its own lifetime. Only loopback addresses are accepted.

    bash scripts/serve_replicas.sh                   # installs nginx if missing, then `serve`
    python scripts/replicas.py serve --for 600 --data bench/out/synthetic-10
    python scripts/replicas.py render                # print the site config it would use
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python scripts/replicas.py`

# the same start and health check as the browser tests and benchmarks
from bench.harness import (  # noqa: E402
    HEALTH,
    healthy,
    proc_status_mb,
    streamlit_command,
    wait_healthy,
)
from ui import memory  # noqa: E402

TEMPLATE = ROOT / "deploy" / "atlas.conf.template"
RUN_DIR = ROOT / "bench" / "out" / "replicas"
NAMES = ("a", "b")
DEFAULT_PORTS = (8521, 8522)
DEFAULT_PROXY_PORT = 8529
HOST = "127.0.0.1"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_PLACEHOLDER = re.compile(r"\$\{(ATLAS_[A-Z_]+)\}")


# ------------------------------------------------------------------------------ configuration


def require_loopback(host: str) -> str:
    """Refuse anything but a loopback address: this runner never listens beyond the machine."""
    if host == "localhost":
        return host
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ValueError(f"{host!r} is not a loopback address; only 127.0.0.1 or ::1 are used here")


def render_site(template: str, replicas: Mapping[str, str], listen: str) -> str:
    """Fill in the ${ATLAS_...} names of the site template; nginx's own $variables stay.

    Works like the nginx image's envsubst step (which only replaces the variables it is given),
    so the rendered text is what docker compose would run, with loopback addresses.
    """
    values = {
        "ATLAS_REPLICA_A": replicas["a"],
        "ATLAS_REPLICA_B": replicas["b"],
        "ATLAS_LISTEN": listen,
    }

    def fill(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise ValueError(f"the template uses ${{{match.group(1)}}}, which has no value")
        return values[match.group(1)]

    return _PLACEHOLDER.sub(fill, template)


#: glibc allocator settings for the replicas, named as environment variables. scripts/serve.py
#: applies them itself (ui/memory.py, their one home); they are also set in each replica's
#: environment so that a report says what the replicas ran with (an environment that sets one
#: wins).
MALLOC_ENV = memory.allocator_env()


def render_main(run_dir: Path, site: Path, *, as_root: bool) -> str:
    """A minimal nginx.conf around the site: foreground, its own pid, logs and temp folders."""
    temp = "\n".join(f"    {name}_temp_path {run_dir / 'temp' / name};" for name in TEMP_DIRS)
    # As root, nginx's workers switch to `user`; the temp folders are made writable for them.
    user = "user nobody nogroup;\n" if as_root else ""
    return (
        f"# written by scripts/replicas.py; the site config is {site.name}\n"
        f"{user}worker_processes 1;\n"
        "daemon off;\n"
        f"pid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'logs' / 'nginx-error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        # which replica answered each request: bench/soak.py counts sessions per replica
        '    log_format atlas \'$remote_addr [$time_local] "$request" $status '
        "$body_bytes_sent upstream=$upstream_addr';\n"
        f"    access_log {run_dir / 'logs' / 'nginx-access.log'} atlas;\n"
        f"{temp}\n"
        f"    include {site};\n"
        "}\n"
    )


def nginx_binary() -> str:
    """Debian's nginx (scripts/serve_replicas.sh installs it when missing)."""
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("nginx is not installed: run `bash scripts/serve_replicas.sh` (apt-get)")


# ---------------------------------------------------------------------------------- processes


class Replica:
    """One `scripts/serve.py` (`streamlit run app.py`, the data loaded at start) on a loopback
    port, in its own process group."""

    def __init__(self, name: str, port: int, env: Mapping[str, str], flags: Sequence[str], log):
        self.name, self.port = name, port
        self.url = f"http://{HOST}:{port}"
        self.addr = f"{HOST}:{port}"
        self.env, self.flags, self.log = dict(env), list(flags), log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            # scripts/serve.py: streamlit run app.py, data loaded at start
            streamlit_command(ROOT / "app.py", self.port, HOST, self.flags),
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would end it: no goodbye to anyone."""
        if self.alive:
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.alive:
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def rss_mb(self) -> float | None:
        return proc_status_mb(self.proc.pid, "VmRSS") if self.alive and self.proc else None


class Topology:
    """nginx and two replicas, started together and always stopped together.

    `lifetime_s` bounds the whole thing: a timer stops every process when it runs out, even if
    the caller hangs. Use as a context manager.
    """

    def __init__(
        self,
        ports: Sequence[int] = DEFAULT_PORTS,
        proxy_port: int = DEFAULT_PROXY_PORT,
        *,
        run_dir: Path = RUN_DIR,
        data_dir: Path | None = None,
        ttl_s: int | None = None,
        lifetime_s: float = 3600,
        start_timeout_s: float = 120,
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        if len(ports) != len(NAMES) or len(set([*ports, proxy_port])) != len(NAMES) + 1:
            raise ValueError("two distinct replica ports and a third port for nginx are needed")
        self.run_dir = run_dir.resolve()
        self.proxy_port = proxy_port
        self.url = f"http://{require_loopback(HOST)}:{proxy_port}"
        self.lifetime_s = lifetime_s
        self.start_timeout_s = start_timeout_s
        env = dict(os.environ)
        # One cookie secret for both replicas: signed cookies (XSRF) stay valid after a tab
        # moves to the other replica.
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = secrets.token_hex(32)
        for name, value in MALLOC_ENV.items():
            env.setdefault(name, value)
        if data_dir is not None:
            env["ATLAS_DATA_DIR"] = str(Path(data_dir).resolve())
        env.update(extra_env or {})
        flags = ["--server.disconnectedSessionTTL", str(ttl_s)] if ttl_s is not None else []
        (self.run_dir / "logs").mkdir(parents=True, exist_ok=True)
        self._logs = []
        self.replicas: dict[str, Replica] = {}
        for name, port in zip(NAMES, ports, strict=True):
            log = (self.run_dir / "logs" / f"replica-{name}.log").open("a")
            self._logs.append(log)
            self.replicas[name] = Replica(name, port, env, flags, log)
        self.nginx: subprocess.Popen | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    # -- files

    def write_config(self) -> Path:
        site = self.run_dir / "atlas.conf"
        site.write_text(
            render_site(
                TEMPLATE.read_text(encoding="utf-8"),
                {name: r.addr for name, r in self.replicas.items()},
                f"{HOST}:{self.proxy_port}",
            ),
            encoding="utf-8",
        )
        as_root = os.geteuid() == 0
        for name in TEMP_DIRS:
            folder = self.run_dir / "temp" / name
            folder.mkdir(parents=True, exist_ok=True)
            if as_root:
                folder.chmod(0o1777)
        main = self.run_dir / "nginx.conf"
        main.write_text(render_main(self.run_dir, site, as_root=as_root), encoding="utf-8")
        return main

    # -- lifecycle

    def __enter__(self) -> Topology:
        self._timer = threading.Timer(self.lifetime_s, self.stop)
        self._timer.daemon = True
        self._timer.start()
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        nginx = nginx_binary()
        main = self.write_config()
        check = subprocess.run(
            [nginx, "-t", "-q", "-p", str(self.run_dir), "-c", str(main)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the config {main}:\n{check.stderr}")
        for replica in self.replicas.values():
            replica.start()
        for replica in self.replicas.values():
            if not wait_healthy(replica.url, self.start_timeout_s, replica.proc):
                raise RuntimeError(
                    f"replica {replica.name} did not answer {HEALTH} on {replica.url} in "
                    f"{self.start_timeout_s:.0f} s; see {self.run_dir / 'logs'}"
                )
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(self.run_dir), "-c", str(main)],
            stdout=self._logs[0],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_healthy(self.url, 30, self.nginx):
            raise RuntimeError(f"nginx did not answer on {self.url}; see {self.run_dir}/logs")

    def kill(self, name: str) -> None:
        self.replicas[name].kill()

    def restart(self, name: str) -> bool:
        """Start a stopped or killed replica again and wait for its health check."""
        replica = self.replicas[name]
        replica.stop()
        replica.start()
        return wait_healthy(replica.url, self.start_timeout_s, replica.proc)

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            if self.nginx is not None and self.nginx.poll() is None:
                self.nginx.terminate()  # fast shutdown: it does not wait for open websockets
                try:
                    self.nginx.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.nginx.kill()
                    self.nginx.wait(timeout=10)
            for replica in self.replicas.values():
                replica.stop()
            for log in self._logs:
                if not log.closed:
                    log.close()

    def status(self) -> dict[str, str]:
        """Each replica's health as nginx's health route would see it, and nginx's own."""
        out = {f"replica {n}": "ok" if healthy(r.url) else "down" for n, r in self.replicas.items()}
        out["nginx"] = "ok" if healthy(self.url) else "down"
        return out


# -------------------------------------------------------------------------------------- CLI


def serve(args: argparse.Namespace) -> int:
    """Run the topology until --for seconds pass or a signal comes; restart dead replicas."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with Topology(
        args.ports,
        args.proxy_port,
        run_dir=args.run_dir,
        data_dir=args.data,
        ttl_s=args.ttl,
        lifetime_s=args.seconds + 60,
    ) as topology:
        print(f"Atlas on {topology.url} (nginx) for {args.seconds:.0f} s; Ctrl-C stops it.")
        for name, replica in topology.replicas.items():
            print(
                f"  replica {name}: {replica.url} (pid {replica.proc.pid if replica.proc else '-'})"
            )
        print(f"  config and logs: {topology.run_dir}", flush=True)
        deadline = time.monotonic() + args.seconds
        while not stop.wait(2.0) and time.monotonic() < deadline:
            for name, replica in topology.replicas.items():
                if args.restart and not replica.alive:
                    print(
                        f"replica {name} exited; nginx sends its tabs to the other one. "
                        "Restarting it…",
                        flush=True,
                    )
                    ok = topology.restart(name)
                    print(f"replica {name} {'is back' if ok else 'did not come back'}", flush=True)
        print("stopping nginx and both replicas", flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="run nginx and two replicas until --for seconds pass")
    run.add_argument("--ports", type=int, nargs=2, default=list(DEFAULT_PORTS))
    run.add_argument("--proxy-port", type=int, default=DEFAULT_PROXY_PORT)
    run.add_argument("--for", dest="seconds", type=float, default=3600.0)
    run.add_argument("--data", type=Path, default=None, help="ATLAS_DATA_DIR for both replicas")
    run.add_argument("--ttl", type=int, default=None, help="server.disconnectedSessionTTL, s")
    run.add_argument("--run-dir", type=Path, default=RUN_DIR)
    run.add_argument(
        "--no-restart",
        dest="restart",
        action="store_false",
        help="leave a replica that died down (to watch nginx serve from the other one)",
    )
    show = sub.add_parser("render", help="print the nginx site config for these ports")
    show.add_argument("--ports", type=int, nargs=2, default=list(DEFAULT_PORTS))
    show.add_argument("--proxy-port", type=int, default=DEFAULT_PROXY_PORT)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "render":
        replicas = {n: f"{HOST}:{p}" for n, p in zip(NAMES, args.ports, strict=True)}
        print(
            render_site(TEMPLATE.read_text(encoding="utf-8"), replicas, f"{HOST}:{args.proxy_port}")
        )
        return 0
    return serve(args)


if __name__ == "__main__":
    raise SystemExit(main())

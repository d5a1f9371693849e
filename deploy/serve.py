"""Start the reference deployment on this machine: N app processes behind nginx.

    python deploy/serve.py --processes 2 --listen 127.0.0.1:8080

Every process uses the same store (NAP_DATABASE_URL: PostgreSQL when several processes
write) and the same configuration; nginx keeps each browser on one process. This is
what the deployment test starts; in production, run the same pieces under systemd
(deploy/nap-app@.service) with TLS in nginx. Stops everything on Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(run_dir: Path, listen: str, ports: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    # @NAME@ placeholders: nginx's own $variables stay as they are.
    text = (HERE / "nginx.conf.template").read_text(encoding="utf-8")
    values = {"RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAM_SERVERS": servers}
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy in {timeout:.0f} s")


class Deployment:
    """App processes on free loopback ports and nginx in front of them."""

    def __init__(self, processes: int, listen: str, env: dict[str, str] | None = None):
        self.ports = [free_port() for _ in range(processes)]
        self.listen = listen
        self.env = {**os.environ, **(env or {})}
        self.run_dir = Path(tempfile.mkdtemp(prefix="nap-deploy-"))
        # Started as root, nginx's workers run as an unprivileged user; they must reach
        # the temp folders below (a request body over 16 KB is buffered to a file).
        self.run_dir.chmod(0o755)
        self.procs: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        return f"http://{self.listen}"

    def app_url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n]}"

    def start(self) -> Deployment:
        for port in self.ports:
            log = (self.run_dir / f"app-{port}.log").open("wb")
            self.procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        str(REPO / "app.py"),
                        "--server.address",
                        "127.0.0.1",
                        "--server.port",
                        str(port),
                        "--server.headless",
                        "true",
                        "--server.fileWatcherType",
                        "none",
                        "--browser.gatherUsageStats",
                        "false",
                    ],
                    cwd=REPO,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        config = self.run_dir / "nginx.conf"
        config.write_text(nginx_config(self.run_dir, self.listen, self.ports), encoding="utf-8")
        log = (self.run_dir / "nginx.out").open("wb")
        self.procs.append(
            subprocess.Popen(
                [
                    NGINX,
                    "-c",
                    str(config),
                    "-p",
                    str(self.run_dir),
                    "-e",
                    str(self.run_dir / "nginx-error.log"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        for n in range(len(self.ports)):
            wait_healthy(self.app_url(n))
        wait_healthy(self.url)
        return self

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address")
    args = parser.parse_args()
    deployment = Deployment(args.processes, args.listen).start()
    ports = ", ".join(map(str, deployment.ports))
    print(f"serving {deployment.url} (app processes on {ports}); Ctrl+C stops")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

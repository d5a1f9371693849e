"""A throw-away PostgreSQL server for the tests: initdb in a temp dir, on a free loopback port.

`tools/system_deps.sh` (run by `make test`) installs Debian's postgresql package when
it is missing; this module only starts and stops a private cluster of it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def available() -> bool:
    return bool(_bin("initdb") and _bin("pg_ctl"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="nap-pg-"))
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.url = f"postgresql+psycopg://nap@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        # PostgreSQL refuses to run as root; as root we run it as the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresServer:
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        data = str(self.dir / "data")
        self._run(
            _bin("initdb"), "-D", data, "-U", "nap", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        self._run(
            _bin("pg_ctl"),
            "-D",
            data,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            # Every AppTest keeps an engine per store URL for the process (cache_resource),
            # so a PostgreSQL run of the page tests holds many idle connections.
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=600",
        )
        return self

    def new_database(self, name: str, template: str | None = None) -> str:
        """A new database; with `template`, a copy of that one (fast: a file copy)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="nap", dbname="postgres", autocommit=True
        ) as conn:
            # Names are made by the test suite, never by input.
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return f"postgresql+psycopg://nap@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            time.sleep(0.2)
            shutil.rmtree(self.dir, ignore_errors=True)

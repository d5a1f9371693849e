"""A real OpenID Connect provider on loopback for sign-in tests: oidc-provider-mock.

It is a full provider (discovery document, RS256-signed ID tokens, JWKS, token and
end-session endpoints). Its authorize page asks for a subject (`sub`) in a text field
with an "Authorize" button; a subject it does not know gets the claim `email` = `sub`.
`set_claims` gives a subject other claims through the provider's own `PUT /users/<sub>`,
which it then signs into the next ID token.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, expect: bytes | None, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}")
        try:
            body = urllib.request.urlopen(url, timeout=2).read()
            if expect is None or body == expect:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


class Provider:
    """`python -m oidc_provider_mock` in its own process on a free loopback port."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log_path = log
        self._proc: subprocess.Popen | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def start(self) -> Provider:
        self._log = self._log_path.open("w")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1"]
            + ["--port", str(self.port)],
            env={**os.environ, "NO_COLOR": "1"},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.metadata_url, None, self._proc)
        return self

    def set_claims(self, sub: str, **claims: object) -> None:
        request = urllib.request.Request(
            f"{self.base}/users/{sub}",
            data=json.dumps(claims).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204, response.status

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=20)
            self._log.close()


def write_secrets(path: Path, app_base: str, provider: Provider, cookie_secret: str) -> Path:
    """A secrets.toml with the `[auth]` section Streamlit's st.login reads."""
    path.write_text(
        "\n".join(
            [
                "[auth]",
                f'redirect_uri = "{app_base}/oauth2callback"',
                f'cookie_secret = "{cookie_secret}"',
                'client_id = "nap-dashboard"',
                'client_secret = "not-checked-by-the-test-provider"',
                f'server_metadata_url = "{provider.metadata_url}"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path

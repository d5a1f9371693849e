"""Start-up checks (reliability.md, T11): the settings that keep the app safe, checked
before it serves anyone. Each problem is a message key (nap_data/i18n/audit.toml).

The Streamlit settings are handed in (`ServerSettings`) because only `nap_data.ui` reads
Streamlit; the command line can run the other checks without a server.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from nap_data.store import is_sqlite

# The returns gate caps a workbook at 10 MB; the server's own cap may leave some room for
# register and framework files, but not Streamlit's default of 200 MB.
MAX_UPLOAD_MB = 20


@dataclass(frozen=True)
class ServerSettings:
    xsrf_protection: bool
    max_upload_mb: float | None


def problems(engine: Engine, server: ServerSettings | None = None) -> list[str]:
    """Message keys of what is unsafe; empty when the app may start."""
    found = [] if defusedxml_active() else ["startup.defusedxml"]
    if server is not None:
        found += server_problems(server)
    return found + sqlite_problems(engine)


def defusedxml_active() -> bool:
    # openpyxl decides at import time (defusedxml installed, OPENPYXL_DEFUSEDXML not False).
    import openpyxl.xml

    return openpyxl.xml.DEFUSEDXML is True


def server_problems(server: ServerSettings) -> list[str]:
    found = [] if server.xsrf_protection is True else ["startup.xsrf"]
    cap = server.max_upload_mb
    if not isinstance(cap, int | float) or not 0 < cap <= MAX_UPLOAD_MB:
        found.append("startup.upload_cap")
    return found


# pragma -> (statement, is the value right?); on a real connection from the engine's pool,
# so the engine's connect listener is what is checked.
_PRAGMAS = {
    "journal_mode": ("PRAGMA journal_mode", lambda v: str(v).lower() == "wal"),
    "foreign_keys": ("PRAGMA foreign_keys", lambda v: v == 1),
    "synchronous": ("PRAGMA synchronous", lambda v: v == 2),  # 2 = FULL
    "busy_timeout": ("PRAGMA busy_timeout", lambda v: isinstance(v, int) and v > 0),
}


def sqlite_problems(engine: Engine) -> list[str]:
    if not is_sqlite(engine):
        return []
    with engine.connect() as conn:
        values = {name: conn.exec_driver_sql(sql).scalar() for name, (sql, _) in _PRAGMAS.items()}
    return [f"startup.{name}" for name, (_, ok) in _PRAGMAS.items() if not ok(values[name])]

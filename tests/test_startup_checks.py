"""Start-up checks (T11): each passes on the real configuration and fails when broken, and
a failing check stops the app with a message instead of showing it."""

from __future__ import annotations

import tomllib

import openpyxl.xml
import pytest
from sqlalchemy import create_engine, event
from streamlit.testing.v1 import AppTest

from nap_data import startup
from nap_data.i18n import catalogue
from nap_data.store import make_engine
from nap_data.ui.startup_checks import identity_problems, server_settings
from tests.conftest import REPO

CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
GOOD = startup.ServerSettings(xsrf_protection=True, max_upload_mb=10)


@pytest.fixture
def engine(tmp_path):
    made = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    yield made
    made.dispose()


def test_the_real_configuration_passes_every_check(engine):
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert 0 < CONFIG["server"]["maxUploadSize"] <= startup.MAX_UPLOAD_MB
    # What Streamlit reads (the tests run in the checkout, beside .streamlit/).
    settings = server_settings()
    assert settings == startup.ServerSettings(True, CONFIG["server"]["maxUploadSize"])
    assert startup.problems(engine, settings) == []


def test_every_problem_has_words_in_both_languages():
    keys = ["startup.title", "startup.intro", "startup.defusedxml", "startup.xsrf"]
    keys += ["startup.upload_cap"] + [f"startup.{name}" for name in startup._PRAGMAS]
    assert all(key in catalogue() for key in keys)


def test_openpyxl_without_defusedxml_is_refused(engine, monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert startup.problems(engine, GOOD) == ["startup.defusedxml"]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (startup.ServerSettings(False, 10), ["startup.xsrf"]),
        (startup.ServerSettings(True, 200), ["startup.upload_cap"]),  # Streamlit's default
        (startup.ServerSettings(True, 0), ["startup.upload_cap"]),
        (startup.ServerSettings(True, None), ["startup.upload_cap"]),
        (startup.ServerSettings(True, 20), []),
        (startup.ServerSettings(False, 500), ["startup.xsrf", "startup.upload_cap"]),
    ],
)
def test_server_settings(engine, settings, expected):
    assert startup.problems(engine, settings) == expected


GOOD_PRAGMAS = {
    "journal_mode": "PRAGMA journal_mode=WAL",
    "foreign_keys": "PRAGMA foreign_keys=ON",
    "synchronous": "PRAGMA synchronous=FULL",
    "busy_timeout": "PRAGMA busy_timeout=30000",
}
# SQLite's own defaults, or what a careless engine might set.
BAD_PRAGMAS = {
    "journal_mode": "PRAGMA journal_mode=DELETE",
    "foreign_keys": "PRAGMA foreign_keys=OFF",
    "synchronous": "PRAGMA synchronous=NORMAL",
    "busy_timeout": "PRAGMA busy_timeout=0",
}


def _sqlite(path, bad: tuple[str, ...] = ()):
    """A SQLite engine with the store's pragmas, except the `bad` ones."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    statements = [BAD_PRAGMAS[n] if n in bad else sql for n, sql in GOOD_PRAGMAS.items()]

    @event.listens_for(engine, "connect")
    def _set(dbapi_conn, _record):
        for sql in statements:
            dbapi_conn.execute(sql)

    return engine


def test_sqlite_without_the_pragmas_fails_each_check(tmp_path):
    assert startup.problems(_sqlite(tmp_path / "bad.db", tuple(BAD_PRAGMAS)), GOOD) == [
        "startup.journal_mode",
        "startup.foreign_keys",
        "startup.synchronous",
        "startup.busy_timeout",
    ]


def test_a_bare_sqlite_engine_fails_wal_foreign_keys_and_busy_timeout(tmp_path):
    bare = create_engine(f"sqlite:///{tmp_path / 'bare.db'}", connect_args={"timeout": 0})
    found = startup.problems(bare, GOOD)
    assert {"startup.journal_mode", "startup.foreign_keys", "startup.busy_timeout"} <= set(found)


@pytest.mark.parametrize("pragma", list(startup._PRAGMAS))
def test_each_sqlite_pragma_is_checked_on_a_real_connection(tmp_path, pragma):
    assert startup.problems(_sqlite(tmp_path / "good.db"), GOOD) == []
    broken = _sqlite(tmp_path / f"{pragma}.db", (pragma,))
    assert startup.problems(broken, GOOD) == [f"startup.{pragma}"]


@pytest.mark.postgres
def test_postgresql_has_no_pragmas_to_check(pg_server):
    engine = make_engine(pg_server.new_database("startup_checks"))
    try:
        assert startup.problems(engine, GOOD) == []
    finally:
        engine.dispose()


STRONG = "3v9Qm2Lx8Rt6Wc1Zp4Hk7Nd0Bs5Fy2Gj9Ue6Ta"


@pytest.mark.parametrize(
    ("mode", "secret", "expected"),
    [
        ("oidc", None, ["identity.config.cookie_missing"]),
        ("oidc", "kort", ["identity.config.cookie_short"]),
        ("oidc", "change-me-change-me-change-me-change-me", ["identity.config.cookie_placeholder"]),
        ("oidc", STRONG, []),
        ("none", "kort", []),  # sign-in off: no cookie is signed
    ],
)  # fmt: skip
def test_with_sign_in_on_a_weak_cookie_secret_is_refused(monkeypatch, mode, secret, expected):
    monkeypatch.setenv("NAP_AUTH", mode)
    auth = {} if secret is None else {"cookie_secret": secret}
    assert identity_problems(auth) == expected
    assert all(key in catalogue() for key in expected)


# --- the app refuses -----------------------------------------------------------------------


def _run(path: str, **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("path", ["app.py", "pages/12_Audit.py"])
def test_a_failing_check_stops_the_app_with_a_message(demo_db, monkeypatch, path):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    at = _run(path, lang="en")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "**The dashboard does not start: the installation is not safe**"
    ]
    assert "defusedxml is not active" in at.markdown[-1].value
    assert not at.title and not at.dataframe and not at.sidebar.get("page_link")


def test_presentation_mode_is_refused_too(demo_db, monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    at = _run("app.py", lang="nl", present="1")
    assert "de installatie is niet veilig" in at.error[0].value
    assert not [m for m in at.markdown if "slide-title" in m.value]


def test_a_weak_cookie_secret_stops_the_app_before_sign_in(demo_db, monkeypatch):
    monkeypatch.setenv("NAP_AUTH", "oidc")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["auth"] = {"cookie_secret": "kort"}
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "the installation is not safe" in at.error[0].value
    assert "shorter than 32 characters" in at.markdown[-1].value
    assert not at.title and not at.button


def test_with_every_check_passing_the_app_starts(demo_db):
    at = _run("app.py", lang="en")
    assert not at.error and at.title

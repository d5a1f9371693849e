"""Shared fixtures: real SQLite files under tmp_path, built by the package itself.

With NAP_TEST_ENGINE=postgres, `demo_engine` and `empty_engine` are databases on a real
PostgreSQL server that the session starts (`make test` runs the store, import, service,
review and page tests a second time that way).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nap_data.services.setup import init_store
from nap_data.store import make_engine

REPO = Path(__file__).resolve().parent.parent
ON_POSTGRES = os.environ.get("NAP_TEST_ENGINE") == "postgres"


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """One store with framework and demo data, built once per test run."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(_url(path))
    init_store(engine, with_demo=True)
    engine.dispose()
    return path


@pytest.fixture
def demo_db(request, demo_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the demo store, set as NAP_DATABASE_URL for this test.

    With NAP_TEST_ENGINE=postgres, NAP_DATABASE_URL is a PostgreSQL copy of the demo
    store instead; tests that run there read the store through NAP_DATABASE_URL.
    """
    path = tmp_path / "nap.db"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("NAP_DATABASE_URL", _url(path))
    if ON_POSTGRES:
        template = request.getfixturevalue("pg_demo_template")
        url = request.getfixturevalue("pg_server").new_database(
            f"e{next(_pg_counter)}", template=template
        )
        monkeypatch.setenv("NAP_DATABASE_URL", url)
    return path


@pytest.fixture
def demo_engine(request):
    """A private demo store (NAP_DATABASE_URL): SQLite, or PostgreSQL when asked for."""
    request.getfixturevalue("demo_db")
    engine = make_engine(os.environ["NAP_DATABASE_URL"])
    yield engine
    engine.dispose()


@pytest.fixture
def empty_engine(request, tmp_path, monkeypatch):
    """A store with the schema and framework but no organisations or returns."""
    if ON_POSTGRES:
        url = request.getfixturevalue("pg_server").new_database(f"e{next(_pg_counter)}")
    else:
        url = _url(tmp_path / "empty.db")
    monkeypatch.setenv("NAP_DATABASE_URL", url)
    engine = make_engine(url)
    init_store(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_server():
    from tests import pg_server

    if not pg_server.available():
        pytest.skip("PostgreSQL server binaries not installed (tools/system_deps.sh installs them)")
    server = pg_server.PostgresServer().start()
    yield server
    server.stop()


_pg_counter = iter(range(1, 10_000))


@pytest.fixture(scope="session")
def pg_demo_template(pg_server) -> str:
    """A PostgreSQL database with framework and demo data, built once; tests get copies."""
    engine = make_engine(pg_server.new_database("demo_template"))
    init_store(engine, with_demo=True)
    engine.dispose()
    return "demo_template"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_any_url(request, demo_template, tmp_path, monkeypatch) -> str:
    """A private demo store on SQLite and on PostgreSQL, set as NAP_DATABASE_URL."""
    if request.param == "sqlite":
        path = tmp_path / "nap.db"
        shutil.copyfile(demo_template, path)
        url = _url(path)
    else:
        template = request.getfixturevalue("pg_demo_template")
        url = request.getfixturevalue("pg_server").new_database(
            f"d{next(_pg_counter)}", template=template
        )
    monkeypatch.setenv("NAP_DATABASE_URL", url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_engine(request, tmp_path, monkeypatch):
    """An initialised store (schema + framework), once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        url = _url(tmp_path / "any.db")
    else:
        url = request.getfixturevalue("pg_server").new_database(f"t{next(_pg_counter)}")
    monkeypatch.setenv("NAP_DATABASE_URL", url)
    engine = make_engine(url)
    init_store(engine)
    yield engine
    engine.dispose()

"""The benchmark's stores: W1 is the demo store, W2 the demo generator's logic at scale."""

from __future__ import annotations

from pathlib import Path

from nap_data import store
from nap_data.services.setup import init_store


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def build_w1(path: Path) -> str:
    """A new SQLite store with the framework and the demo data, as `make run` makes it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = sqlite_url(path)
    engine = store.make_engine(url)
    try:
        init_store(engine, with_demo=True)
    finally:
        engine.dispose()
    return url


def build_w2(path: Path, reports: int, values: int) -> str:
    """A new SQLite store with exactly `reports` activity reports and `values` indicator
    values, made by replicating the demo generator's datasets (see `w2_store`)."""
    from nap_data.bench import w2_store

    return w2_store.build(path, reports, values)

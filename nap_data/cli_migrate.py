"""`python -m nap_data migrate-store --to URL`: move the store to another database."""

from __future__ import annotations

import argparse

from nap_data.store import StoreError, database_url, make_engine


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "migrate-store",
        help="copy the whole store (NAP_DATABASE_URL) into an empty database, then verify it",
        description="Copies every table into an empty target (usually PostgreSQL), then "
        "compares each table's row count and checksum. Refuses a target that holds data.",
    )
    p.add_argument("--to", required=True, metavar="URL", help="e.g. postgresql+psycopg://...")


def run(args: argparse.Namespace) -> int:
    from nap_data.services.migrate_store import migrate_store

    source, target = make_engine(database_url()), make_engine(args.to)
    try:
        checks = migrate_store(source, target)
    except StoreError as exc:
        print(f"error: {exc}")
        return 1
    finally:
        target.dispose()
    width = max(len(c.table) for c in checks)
    for c in checks:
        print(f"{c.table:<{width}}  {c.rows:>9,} rows  sha256 {c.checksum[:16]}")
    print(f"moved {sum(c.rows for c in checks):,} rows; counts and checksums equal")
    return 0

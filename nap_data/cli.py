"""`python -m nap_data ...`: set up the store, export data (and, later, import returns).

Kept free of Streamlit so that it starts quickly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nap_data.store import StoreError, make_engine

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line and exit code 2."""

    def error(self, message: str):  # noqa: D401
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m nap_data",
        description="NAP 1325-IV monitoring store. The store is NAP_DATABASE_URL "
        "(any SQLAlchemy URL); default: the SQLite file data/nap.db in the checkout.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    init = sub.add_parser("init", help="create or upgrade the store and load the framework")
    init.add_argument("--demo", action="store_true", help="also add the demo data (only once)")
    init.add_argument("--framework", type=Path, help="results framework TOML (default: NAP-IV)")

    export = sub.add_parser("export", help="export the current data, every row and column")
    export.add_argument("what", choices=("activities", "indicators"))
    export.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name")
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    export.add_argument("--scope", choices=("submitted", "approved"), default="submitted",
                        help="submitted and approved returns (default) or approved only")  # fmt: skip
    export.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of headers")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _init(args) -> int:
    from nap_data.framework import DEFAULT_FRAMEWORK, FrameworkError
    from nap_data.services.setup import init_store

    engine = make_engine()
    try:
        result = init_store(engine, with_demo=args.demo,
                            framework_path=args.framework or DEFAULT_FRAMEWORK)  # fmt: skip
    except (FrameworkError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"store ready at {engine.url.render_as_string(hide_password=True)}")
    print("framework " + ("loaded" if result.framework_changed else "unchanged"))
    if args.demo:
        print("demo data " + ("added" if result.demo_added else "already present, unchanged"))
    return EXIT_OK


def _export(args) -> int:
    from nap_data.exports import export_table
    from nap_data.store import check_reachable, schema_is_current

    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        print("error: give --format csv|xlsx or an output name ending in .csv or .xlsx",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    engine = make_engine()
    check_reachable(engine)
    if not schema_is_current(engine):
        print("error: the store is not initialised; run `python -m nap_data init`", file=sys.stderr)
        return EXIT_USAGE
    rows = export_table(engine, args.what, args.output, fmt, scope=args.scope, lang=args.lang)
    print(f"wrote {rows} rows to {args.output}")
    return EXIT_OK


_COMMANDS = {"init": _init, "export": _export}

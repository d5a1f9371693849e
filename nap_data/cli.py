"""`python -m nap_data ...`: set up the store, export data (and, later, import returns).

Kept free of Streamlit so that it starts quickly.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from nap_data import (
    cli_backup,
    cli_deck,
    cli_migrate,
    cli_options,
    cli_register,
    cli_report,
    cli_users,
)
from nap_data.store import (
    FULL,
    StoreError,
    as_store_error,
    check_reachable,
    database_url,
    make_engine,
    schema_is_current,
    store_problem,
)

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
    init.add_argument(
        "--dry-run", action="store_true", help="show what the framework would change; write nothing"
    )
    init.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of messages")

    tpl = sub.add_parser("template", help="write an organisation's Excel return template")
    tpl.add_argument("--org", required=True, help="organisation code, e.g. BZ")
    tpl.add_argument("--year", required=True, type=int, help="reporting year")
    tpl.add_argument("-o", "--output", type=Path, required=True, help="file to write (.xlsx)")
    tpl.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the labels")

    imp = sub.add_parser("import", help="import Excel returns (each file all or nothing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="return workbooks (.xlsx)")
    imp.add_argument("--dry-run", action="store_true", help="check and compare, write nothing")
    imp.add_argument("--json", action="store_true", help="one JSON object per file and line")
    imp.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of messages")

    export = sub.add_parser("export", help="export the current data, every row and column")
    export.add_argument("what", choices=("activities", "indicators"))
    export.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file name")
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    cli_options.add_scope(export)
    export.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of headers")

    fig = sub.add_parser("figures", help="print the key figures of a period (the counting rules)")
    fig.add_argument("--from", dest="year_from", type=int, required=True, metavar="YYYY")
    fig.add_argument("--to", dest="year_to", type=int, required=True, metavar="YYYY")
    cli_options.add_scope(fig)
    cli_options.add_plan(fig, "--from")
    fig.add_argument("--json", action="store_true", help="exactly one JSON object")
    fig.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the table")

    cli_register.add_parser(sub)  # register import|export|list
    cli_migrate.add_parser(sub)  # migrate-store --to URL
    cli_users.add_parser(sub)  # users add|list|remove
    cli_backup.add_parsers(sub)  # backup, restore
    cli_report.add_parser(sub)  # report --from --to -o DIR
    cli_deck.add_parser(sub)  # deck --year -o FILE.pptx|FILE.pdf
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # e.g. an output folder that does not exist, or a full disk
        where = f": {exc.filename}" if exc.filename else ""
        if store_problem(exc) == FULL:  # outputs are written whole or not at all
            print(f"error: the disk is full, nothing was written{where}", file=sys.stderr)
        else:
            print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    except (SQLAlchemyError, sqlite3.Error) as exc:
        # Disk full, a locked or an unreachable store in the middle of a command: named,
        # on one line, never a traceback. Anything else is a bug and keeps its traceback.
        named = as_store_error(exc, _safe_url())
        if named is None:
            raise
        print(f"error: {named}", file=sys.stderr)
        return EXIT_USAGE


def _safe_url():
    try:
        return make_url(database_url())
    except Exception:  # noqa: BLE001 (only for a message)
        return None


def initialised_engine():
    """The store's engine; StoreError (exit 2) when it is unreachable or not initialised."""

    url = make_url(database_url())
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        # Connecting would create an empty file; say what to do instead.
        raise StoreError(f"no store at {url.database}; run `python -m nap_data init`")
    engine = make_engine()
    check_reachable(engine)
    if not schema_is_current(engine):
        raise StoreError("the store is not initialised; run `python -m nap_data init`")
    return engine


def _init(args) -> int:
    from nap_data.framework import DEFAULT_FRAMEWORK, FrameworkError
    from nap_data.services.framework import FrameworkRefused
    from nap_data.services.setup import init_store, preview_framework

    engine = make_engine()
    path = args.framework or DEFAULT_FRAMEWORK
    try:
        if args.dry_run:
            return _print_changes(preview_framework(engine, path), args.lang)
        result = init_store(engine, with_demo=args.demo, framework_path=path)
    except FrameworkRefused as exc:
        for change in exc.refusals:
            print(f"refused: {change.describe(args.lang)}", file=sys.stderr)
        return EXIT_REJECTED
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

    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        print(
            "error: give --format csv|xlsx or an output name ending in .csv or .xlsx",
            file=sys.stderr,
        )
        return EXIT_USAGE
    engine = initialised_engine()
    rows = export_table(engine, args.what, args.output, fmt, scope=args.scope, lang=args.lang)
    print(f"wrote {rows} rows to {args.output}")
    return EXIT_OK


def _print_changes(changes, lang: str) -> int:
    """The framework's difference with the store (a dry run: nothing is written)."""
    from nap_data.i18n import t

    if not changes:
        print(t("framework.no_changes", lang))
    for change in changes:
        print(("refused: " if change.refused else "") + change.describe(lang))
    return EXIT_REJECTED if any(c.refused for c in changes) else EXIT_OK


def _template(args) -> int:
    from sqlalchemy import select

    from nap_data.exports import write_file
    from nap_data.models import Organisation
    from nap_data.queries import load_framework
    from nap_data.returns.template import build_template
    from nap_data.services.review import prefill
    from nap_data.store import read_session

    engine = initialised_engine()
    fw = load_framework(engine, year=args.year)
    if not fw.start_year <= args.year <= fw.end_year:
        print(f"error: year {args.year} is in no plan's period in the store", file=sys.stderr)
        return EXIT_USAGE
    with read_session(engine) as session:
        org = session.scalar(select(Organisation).where(Organisation.code == args.org))
        if org is None:
            print(f"error: unknown organisation code {args.org!r}", file=sys.stderr)
            return EXIT_USAGE
        start = prefill(session, org.code, args.year)
        activities = start.activities
        data = build_template(
            fw,
            org.code,
            org.name,
            args.year,
            activities,
            args.lang,
            indicators=start.indicators,
            narratives=start.narratives,
        )
    write_file(args.output, data)  # whole or not at all
    count = len(activities)
    print(f"wrote template for {org.code} {args.year} with {count} activities to {args.output}")
    return EXIT_OK


def _import(args) -> int:
    import json

    from nap_data.plan_store import load_frameworks
    from nap_data.services import Actor
    from nap_data.services.imports import REJECTED, import_return, record_rejection

    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        print(f"error: file not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    engine = initialised_engine()
    framework, actor = load_frameworks(engine), Actor("cli", "admin")
    rejected = 0
    for n, path in enumerate(args.files, start=1):
        result = import_return(
            engine,
            path.read_bytes(),
            path.name,
            actor,
            dry_run=args.dry_run,
            lang=args.lang,
            framework=framework,
        )
        if result.status == REJECTED:
            rejected += 1
            if not args.dry_run:
                record_rejection(engine, result, actor)
        if args.json:
            print(json.dumps({**result.as_json(args.lang), "file": str(path)}, ensure_ascii=False))
            if len(args.files) > 1:  # progress for people, on stderr so stdout stays JSON lines
                print(f"[{n}/{len(args.files)}] {path.name}: {result.status}", file=sys.stderr)
        else:
            _print_result(result, path, n, len(args.files), args.lang)
    return EXIT_REJECTED if rejected else EXIT_OK


def _print_result(result, path: Path, n: int, total: int, lang: str) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    dry = " (dry run)" if result.dry_run else ""
    who = f"{result.organisation or ''} {result.year or ''}"
    print(f"[{n}/{total}] {path}: {result.status}{dry} {who}")
    if result.status != "rejected":
        print(f"    {counts}")
    for f in result.findings:
        where = " ".join(x for x in (f.location(), f.column or "") if x)
        print(
            f"    {f.severity}: {where}: {f.message(lang)}" + (f" [{f.value}]" if f.value else "")
        )


def _figures(args) -> int:
    import json

    from nap_data.metrics import figures
    from nap_data.plan_store import load_plan
    from nap_data.queries import load_figure_frames

    engine = initialised_engine()
    plan = load_plan(engine, args.plan, year=args.year_from)
    if args.plan and plan.code.lower() != args.plan.lower():
        print(f"error: no plan {args.plan!r} in the store", file=sys.stderr)
        return EXIT_USAGE
    for year in (args.year_from, args.year_to):
        if not plan.start_year <= year <= plan.end_year:
            print(
                f"error: year {year} is outside the plan period {plan.start_year}-{plan.end_year}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.year_from > args.year_to:
        print("error: --from must not be after --to", file=sys.stderr)
        return EXIT_USAGE
    frames = load_figure_frames(engine, args.scope, plan)
    result = figures(frames, args.year_from, args.year_to, args.scope)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        from nap_data.figures_text import figures_table

        print(figures_table(result, plan, args.lang))
    return EXIT_OK


_COMMANDS = {
    "init": _init,
    "template": _template,
    "import": _import,
    "export": _export,
    "figures": _figures,
    "register": cli_register.run,
    "migrate-store": cli_migrate.run,
    "users": cli_users.run,
    "backup": cli_backup.backup,
    "restore": cli_backup.restore,
    "report": cli_report.run,
    "deck": cli_deck.run,
}

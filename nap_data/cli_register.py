"""`python -m nap_data register import|export|list`: the signatory register from the shell.

Hooked into `nap_data.cli` by `add_parser` and `run`; exit codes as there: 0 done,
1 the file was rejected, 2 usage (bad arguments, a missing file, no store).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nap_data.cli_table import text_table
from nap_data.i18n import t

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
LIST_FIELDS = ("code", "name", "type", "joined_on", "left_on", "pledged_goals", "contact_email")


def add_parser(sub) -> None:
    """The `register` command and its subcommands, on the subparsers of `nap_data.cli`."""
    reg = sub.add_parser("register", help="the signatory register: import, export, list")
    verbs = reg.add_subparsers(
        dest="register_command",
        metavar="{import,export,list}",
        required=True,
        parser_class=type(reg),
    )
    imp = verbs.add_parser("import", help="import a register file (all or nothing)")
    imp.add_argument("file", type=Path, metavar="FILE", help="register file (.csv or .xlsx)")
    imp.add_argument("--dry-run", action="store_true", help="check and compare, write nothing")
    imp.add_argument("--json", action="store_true", help="exactly one JSON object")
    imp.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of messages")
    exp = verbs.add_parser("export", help="write the register, re-importable")
    exp.add_argument("-o", "--output", type=Path, required=True, help="file (.csv or .xlsx)")
    exp.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of headers")
    lst = verbs.add_parser("list", help="print the register")
    lst.add_argument("--json", action="store_true", help="exactly one JSON object")
    lst.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the table")


def run(args: argparse.Namespace) -> int:
    from nap_data.services.register import RegisterError

    commands = {"import": _import, "export": _export, "list": _list}
    try:
        return commands[args.register_command](args)
    except RegisterError as exc:
        print(f"error: {' '.join(exc.messages(getattr(args, 'lang', 'en')))}", file=sys.stderr)
        return EXIT_USAGE


def _engine():
    from nap_data.cli import initialised_engine

    return initialised_engine()


def _import(args) -> int:
    from nap_data.services import Actor
    from nap_data.services.register import REJECTED, import_register, record_rejection

    if not args.file.is_file():
        print(f"error: file not found: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    engine, actor = _engine(), Actor("cli", "admin")
    result = import_register(
        engine, args.file.read_bytes(), args.file.name, actor, dry_run=args.dry_run, lang=args.lang
    )
    if result.status == REJECTED and not args.dry_run:
        record_rejection(engine, result, actor)
    if args.json:
        out = {**result.as_json(args.lang), "file": str(args.file)}
        print(json.dumps(out, ensure_ascii=False, default=str))
    else:
        _print_result(result, args.file, args.lang)
    return EXIT_REJECTED if result.status == REJECTED else EXIT_OK


def _print_result(result, path: Path, lang: str) -> None:
    from nap_data.register.findings import where

    dry = f" ({t('register.cli.dry_run', lang)})" if result.dry_run else ""
    print(f"{path}: {result.status}{dry}")
    print(f"    {result.summary(lang)}")
    for change in result.changes:
        fields = ", ".join(change.fields)
        print(f"    {change.action} {change.code}: {fields}")
    for f in result.findings:
        place = where(f, lang)
        print(f"    {f.severity}: {place + ': ' if place else ''}{f.message(lang)}")


def _export(args) -> int:
    from nap_data.services.register import export_register

    if args.output.suffix.lower() not in (".csv", ".xlsx"):
        print("error: give an output name ending in .csv or .xlsx", file=sys.stderr)
        return EXIT_USAGE
    rows = export_register(_engine(), args.output, args.lang)
    print(f"wrote {rows} organisations to {args.output}")
    return EXIT_OK


def _list(args) -> int:
    from nap_data import queries
    from nap_data.register.frames import list_rows

    rows = list_rows(queries.load_organisations(_engine()))
    if args.json:
        print(json.dumps({"organisations": rows}, ensure_ascii=False, default=str))
        return EXIT_OK
    print(_table(rows, args.lang))
    return EXIT_OK


def _table(rows: list[dict], lang: str) -> str:
    from nap_data.formatting import format_date
    from nap_data.register import layout

    def cell(field: str, value: object) -> str:
        if value is None or value == []:
            return "—"
        if field == "type":
            return t(f"org_type.{value}", lang)
        if field in ("joined_on", "left_on"):
            return format_date(value, lang)
        return "; ".join(map(str, value)) if isinstance(value, list) else str(value)

    header = [layout.column(f).label(lang) for f in LIST_FIELDS]
    return text_table(header, [[cell(f, row[f]) for f in LIST_FIELDS] for row in rows])

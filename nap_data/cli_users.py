"""`python -m nap_data users add|list|remove`: who may sign in, from the shell.

The command line acts as the admin "cli" (it runs on the server, where the store is).
Exit codes as in `nap_data.cli`: 0 done, 1 nothing to remove, 2 usage (a bad value,
no store).
"""

from __future__ import annotations

import argparse
import json
import sys

from nap_data.cli_table import text_table
from nap_data.i18n import t
from nap_data.services import ROLES, Actor

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
CLI = Actor("cli", "admin")
COLUMNS = ("email", "name", "role", "organisations", "created_at", "created_by")


def add_parser(sub) -> None:
    """The `users` command and its subcommands, on the subparsers of `nap_data.cli`."""
    users = sub.add_parser("users", help="who may sign in: add, list, remove")
    verbs = users.add_subparsers(
        dest="users_command",
        metavar="{add,list,remove}",
        required=True,
        parser_class=type(users),
    )
    add = verbs.add_parser("add", help="add a user, or change one's role and organisations")
    add.add_argument("email", metavar="EMAIL")
    # The service checks the role, so the message is the same here and on the Admin page.
    add.add_argument("--role", required=True, metavar="|".join(ROLES), help="the user's role")
    add.add_argument(
        "--org",
        action="append",
        default=[],
        metavar="CODE",
        help="an organisation a signatory reports for (repeat for several)",
    )
    add.add_argument("--name", default="", help="the person's name")
    lst = verbs.add_parser("list", help="print the users")
    lst.add_argument("--json", action="store_true", help="exactly one JSON object")
    rm = verbs.add_parser("remove", help="take away a user's access")
    rm.add_argument("email", metavar="EMAIL")
    for verb in (add, lst, rm):
        verb.add_argument("--lang", choices=("nl", "en"), default="nl", help="language")


def run(args: argparse.Namespace) -> int:
    from nap_data.services.users import UserError

    commands = {"add": _add, "list": _list, "remove": _remove}
    try:
        return commands[args.users_command](args)
    except UserError as exc:
        print(f"error: {t(exc.code, args.lang, **exc.params)}", file=sys.stderr)
        return EXIT_USAGE


def _engine():
    from nap_data.cli import initialised_engine

    return initialised_engine()


def _add(args) -> int:
    from nap_data.services.users import normalise_email, principal, save_user

    engine = _engine()
    existed = principal(engine, args.email) is not None
    changed = save_user(engine, CLI, args.email, args.role, tuple(args.org), args.name)
    key = ("users.changed" if existed else "users.added") if changed else "users.unchanged"
    role = t(f"access.role.{args.role}", args.lang)
    print(t(key, args.lang, email=normalise_email(args.email), role=role))
    return EXIT_OK


def _remove(args) -> int:
    from nap_data.services.users import normalise_email, remove_user

    email = normalise_email(args.email)
    if not remove_user(_engine(), CLI, args.email):
        print(f"error: {t('users.no_such_user', args.lang, email=email)}", file=sys.stderr)
        return EXIT_REJECTED
    print(t("users.removed", args.lang, email=email))
    return EXIT_OK


def _list(args) -> int:
    from nap_data.services.users import list_users

    rows = [
        {c: getattr(u, c) for c in COLUMNS} | {"organisations": list(u.organisations)}
        for u in list_users(_engine(), CLI)
    ]
    if args.json:
        print(json.dumps({"users": rows}, ensure_ascii=False, default=str))
        return EXIT_OK
    if not rows:
        print(t("users.none", args.lang))
        return EXIT_OK
    print(_table(rows, args.lang))
    return EXIT_OK


def _table(rows: list[dict], lang: str) -> str:
    from nap_data.formatting import format_datetime

    def cell(column: str, value: object) -> str:
        if column == "role":
            return t(f"access.role.{value}", lang)
        if column == "created_at":
            return format_datetime(value, lang)
        if column == "organisations":
            return ", ".join(value) or "—"
        return str(value) or "—"

    header = [t(f"users.col.{c}", lang) for c in COLUMNS]
    return text_table(header, [[cell(c, row[c]) for c in COLUMNS] for row in rows])

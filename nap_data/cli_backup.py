"""`python -m nap_data backup -o FILE` and `python -m nap_data restore FILE [--yes]`.

Both act as the admin "cli" and say what they did in one line or two; a refused copy
is one line with what is wrong, and nothing changes. Exit codes as in `nap_data.cli`:
0 done, 1 refused or not confirmed, 2 usage (no store, no such file, no --yes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nap_data.i18n import t
from nap_data.services import Actor

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
CLI = Actor("cli", "admin")
YES = {"y", "yes", "j", "ja"}


def add_parsers(sub) -> None:
    """The `backup` and `restore` commands, on the subparsers of `nap_data.cli`."""
    backup = sub.add_parser("backup", help="copy the whole store to a file and check the copy")
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    backup.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    restore = sub.add_parser(
        "restore", help="replace the store's content by a backup (the current one is kept aside)"
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a file made by `backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    for parser in (backup, restore):
        parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language")


def backup(args: argparse.Namespace) -> int:
    from nap_data.cli import initialised_engine
    from nap_data.services.backup import BackupError, make_backup

    engine = initialised_engine()
    try:
        made = make_backup(engine, CLI, args.output, overwrite=args.overwrite)
    except BackupError as exc:
        return _refused(exc, args.lang)
    size, rows = _size(made.size, args.lang), sum(made.counts.values())
    print(t("backup.made", args.lang, path=made.path, size=size, rows=rows, sha256=made.sha256))
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    from nap_data.services.backup import BackupError, restore_backup
    from nap_data.store import check_reachable, make_engine

    engine = make_engine()  # an empty or new store may be restored into, so no init check
    check_reachable(engine)
    if not args.file.is_file():
        print(f"error: {t('backup.not_found', args.lang, path=args.file)}", file=sys.stderr)
        return EXIT_USAGE
    if not args.yes:
        answer = _confirm(engine, args)
        if answer is None:
            print(f"error: {t('backup.needs_yes', args.lang)}", file=sys.stderr)
            return EXIT_USAGE
        if not answer:
            print(t("backup.cancelled", args.lang))
            return EXIT_REJECTED
    try:
        done = restore_backup(engine, CLI, args.file)
    except BackupError as exc:
        return _refused(exc, args.lang)
    rows = sum(done.counts.values())
    print(t("backup.restored", args.lang, path=done.path, rows=rows))
    aside = t("backup.aside", args.lang, aside=done.aside) if done.aside else None
    print(aside or t("backup.no_aside", args.lang))
    return EXIT_OK


def _confirm(engine, args) -> bool | None:
    """The person's answer; None when nobody can answer (not a terminal)."""
    if not sys.stdin.isatty():
        return None
    store = engine.url.render_as_string(hide_password=True)
    answer = input(t("backup.confirm", args.lang, store=store, path=args.file))
    return answer.strip().lower() in YES


def _refused(exc, lang: str) -> int:
    print(f"error: {exc.message(lang)}", file=sys.stderr)
    return EXIT_REJECTED


def _size(size: int, lang: str) -> str:
    from nap_data.formatting import format_number

    return t("admin.size", lang, n=format_number(size / 1_000_000, lang, 1))

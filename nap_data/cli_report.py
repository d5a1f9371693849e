"""`python -m nap_data report --from YYYY --to YYYY -o DIR`: the progress report to parliament.

Writes the Word document, PDF, HTML, Excel workbook and the charts (SVG and PNG, loose and
as a ZIP) to DIR, with progress on stderr and the files written on stdout. Hooked into
`nap_data.cli` by `add_parser` and `run`; exit codes as there: 0 done, 2 usage (a year
outside the plan, an unknown filter value, no store).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nap_data.cli_options import add_plan, add_scope

EXIT_OK, EXIT_USAGE = 0, 2
# option -> Filters field (the same names as the dashboard's address uses)
FILTER_OPTIONS = {
    "goal": "goals",
    "focus": "focus",
    "org_type": "org_types",
    "organisation": "organisations",
    "country": "countries",
    "region": "regions",
    "status": "statuses",
    "progress": "progress",
}


def add_parser(sub) -> None:
    rep = sub.add_parser(
        "report", help="make the progress report to parliament (DOCX, PDF, HTML, XLSX, charts)"
    )
    rep.add_argument("--from", dest="year_from", type=int, required=True, metavar="YYYY")
    rep.add_argument("--to", dest="year_to", type=int, required=True, metavar="YYYY")
    rep.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the report")
    add_scope(rep)
    add_plan(rep, "--from")
    rep.add_argument("-o", "--output-dir", type=Path, required=True, help="folder to write to")
    for option in FILTER_OPTIONS:
        rep.add_argument(
            f"--{option.replace('_', '-')}",
            dest=option,
            action="append",
            default=[],
            metavar="VALUE",
            help=f"only this {option.replace('_', ' ')} (repeat for more)",
        )
    rep.add_argument(
        "--exclude-quote",
        action="append",
        default=[],
        metavar="KEY",
        help="leave out a quote by its reference (see the report's annex); repeat for more",
    )


def run(args: argparse.Namespace) -> int:
    from nap_data.cli import initialised_engine
    from nap_data.plan_store import load_plan
    from nap_data.report.build import ReportError, build_report
    from nap_data.services import Actor

    engine = initialised_engine()
    plan = load_plan(engine, args.plan, year=args.year_from)
    if plan is None or (args.plan and plan.code.lower() != args.plan.lower()):
        print(f"error: no plan {args.plan!r} in the store", file=sys.stderr)
        return EXIT_USAGE
    filters, unknown = _filters(args, plan)
    if unknown:
        print(f"error: unknown filter values: {', '.join(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        files = build_report(
            engine,
            Actor("cli", "admin"),
            args.year_from,
            args.year_to,
            lang=args.lang,
            scope=args.scope,
            filters=filters,
            excluded_quotes=tuple(args.exclude_quote),
            out_dir=args.output_dir,
            progress=_progress,
            plan_code=plan.code,
        )
    except ReportError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return EXIT_USAGE
    for path in (*files.documents, *files.charts):
        print(path)
    print(f"made in {files.seconds:.1f} s", file=sys.stderr)
    return EXIT_OK


def _filters(args: argparse.Namespace, plan):
    """The filters as the dashboard reads them from an address; values it would drop are
    named, so a typing error never widens the report silently."""
    from nap_data.filters import Filters

    query = {"year_from": str(args.year_from), "year_to": str(args.year_to)}
    given: dict[str, list[str]] = {}
    for option, name in FILTER_OPTIONS.items():
        values = [v.strip() for v in getattr(args, option) for v in v.split(",") if v.strip()]
        if values:
            query[name] = ",".join(values)
            given[name] = values
    filters = Filters.from_query(query, plan)
    unknown = []
    for name, values in given.items():
        kept = {str(v).upper() for v in getattr(filters, name)}
        unknown += [f"--{_option(name)} {v}" for v in values if v.upper() not in kept]
    return filters, unknown


def _option(name: str) -> str:
    return next(o for o, n in FILTER_OPTIONS.items() if n == name).replace("_", "-")


def _progress(fraction: float, text: str) -> None:
    print(f"[{round(100 * fraction):3d}%] {text}", file=sys.stderr, flush=True)


__all__ = ["add_parser", "run"]

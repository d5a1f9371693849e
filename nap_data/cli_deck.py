"""`python -m nap_data deck --year YYYY [--lang nl|en] [filters] -o FILE.pptx|FILE.pdf`.

The board presentation to take away: the slides of presentation mode for one year, with the
same filters a page link carries (goals, focus, organisations ...), as PowerPoint or PDF.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nap_data.cli_options import add_plan, add_scope

# The filter options, named as in a page link (Filters.to_query), comma-separated values.
FILTERS = {
    "goals": "goal numbers, e.g. 2,3",
    "focus": "national, foreign, both",
    "org_types": "ministry, government, cso, knowledge, other",
    "organisations": "organisation codes, e.g. BZ,DEF",
    "countries": "ISO 3166 alpha-2 codes, e.g. ML,NE",
    "regions": "UN sub-regions, e.g. western_africa",
    "statuses": "planned, ongoing, completed, cancelled",
    "progress": "exceeded, met, limited, no_progress",
}
EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(sub) -> None:
    deck = sub.add_parser(
        "deck", help="write the board presentation of a year as PowerPoint (.pptx) or PDF (.pdf)"
    )
    deck.add_argument("--year", type=int, required=True, metavar="YYYY", help="reporting year")
    deck.add_argument("-o", "--output", type=Path, required=True, help="FILE.pptx or FILE.pdf")
    deck.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the slides")
    add_scope(deck)
    add_plan(deck, "--year")
    for name, values in FILTERS.items():
        deck.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="A,B", help=values)


def filters_from(args: argparse.Namespace, plan):
    """The Filters of the arguments; an error naming the option for a value the plan or the
    vocabulary does not know (a page link drops those quietly, a command should not)."""
    from nap_data.filters import Filters

    params = {"year_from": str(plan.start_year), "year_to": str(args.year), "scope": args.scope}
    given = {name: getattr(args, name) for name in FILTERS if getattr(args, name)}
    f = Filters.from_query({**params, **given}, plan)
    for name, text in given.items():
        items = {p.strip() for p in text.split(",") if p.strip()}
        kept = {str(v).lower() for v in getattr(f, name)}
        unknown = sorted(i for i in items if i.lower() not in kept)
        if unknown:
            option = name.replace("_", "-")
            raise ValueError(f"--{option}: unknown value(s) {', '.join(unknown)}")
    return f


def run(args: argparse.Namespace) -> int:
    from nap_data import deck, queries, slides
    from nap_data.cli import initialised_engine
    from nap_data.exports import write_file
    from nap_data.plan_store import load_plan
    from nap_data.services.setup import demo_loaded
    from nap_data.store import read_session
    from nap_data.vocab import DataScope

    fmt = args.output.suffix.lstrip(".").lower()
    if fmt not in deck.FORMATS:
        print("error: the output name must end in .pptx or .pdf", file=sys.stderr)
        return EXIT_USAGE
    engine = initialised_engine()
    plan = load_plan(engine, args.plan, year=args.year)
    if plan is None or (args.plan and plan.code.lower() != args.plan.lower()):
        print(f"error: no plan {args.plan or ''!r} in the store", file=sys.stderr)
        return EXIT_USAGE
    if not plan.start_year <= args.year <= plan.end_year:
        print(
            f"error: year {args.year} is outside the plan period {plan.start_year}-{plan.end_year}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        f = filters_from(args, plan)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    scope = DataScope(f.scope)
    with read_session(engine) as session:
        demo = demo_loaded(session)
    data = slides.Data(
        plan,
        queries.load_activities(engine, scope),
        queries.load_organisations(engine),
        queries.load_submissions(engine),
        queries.load_indicators(engine, plan.code),
        queries.load_indicator_values(engine, scope),
        demo=demo,
    )
    content = deck.build(data, f, args.lang, fmt)
    write_file(args.output, content)  # whole or not at all
    count = len(slides.sequence(plan, f.goals))
    print(f"wrote {count} slides for {args.year} to {args.output}")
    return EXIT_OK

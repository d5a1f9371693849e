"""Command-line options that several commands take, written once so that their choices and
help read the same in every command."""

from __future__ import annotations


def add_scope(parser) -> None:
    """`--scope`: which returns count, as the dashboard's data scope."""
    parser.add_argument(
        "--scope",
        choices=("submitted", "approved"),
        default="submitted",
        help="submitted and approved returns (default) or approved only",
    )


def add_plan(parser, year_option: str) -> None:
    """`--plan`: a plan code; without it, the plan whose period holds `year_option`'s year."""
    parser.add_argument(
        "--plan", help=f"plan code (default: the plan whose period holds {year_option})"
    )


__all__ = ["add_plan", "add_scope"]

"""The returns received per year, and the methods annex: data scope, the return versions
used, when the report was made, the counting rules, what counts as on track, and which
quotes were chosen or left out."""

from __future__ import annotations

import datetime as dt

import polars as pl

from nap_data.formatting import format_datetime, format_int, format_percent
from nap_data.report.context import Context
from nap_data.report.model import Bullets, Column, Paragraph, Section, Subheading, Table
from nap_data.report.numbers import Counted, returns_per_year
from nap_data.report.words import listing, plain, say

RULES = ("rule_1", "rule_2", "rule_3", "rule_4", "rule_5", "rule_6")


def returns_section(c: Counted, ctx: Context) -> Section:
    per_year = returns_per_year(c.frames, c.filters)
    versions = c.versions
    organisations = versions["organisation_code"].n_unique() if versions.height else 0
    blocks = [
        Paragraph(
            say(
                "report.returns.versions",
                versions.height,
                ctx.lang,
                period=ctx.in_period,
                versions=ctx.n("version", versions.height),
                organisations=ctx.n("organisation", organisations),
            )
        )
    ]
    for row in per_year.iter_rows(named=True):
        blocks.append(
            Paragraph(
                say(
                    "report.returns.year",
                    row["received"],
                    ctx.lang,
                    year=row["year"],
                    received=format_int(row["received"], ctx.lang),
                    expected=ctx.n("signatory", row["expected"]),
                    share=format_percent(row["share"], ctx.lang),
                )
            )
        )
    columns = (
        Column(ctx.t("report.col.year"), "year"),
        Column(ctx.t("report.col.signatories"), "int"),
        Column(ctx.t("report.col.received"), "int"),
        Column(ctx.t("report.col.with_approved"), "int"),
        Column(ctx.t("report.col.share_received"), "percent"),
    )
    table = Table(
        "returns_per_year",
        ctx.t("report.table.returns_per_year", period=ctx.period),
        columns,
        tuple(per_year.iter_rows()),
        note=ctx.t("report.note.returns_per_year", scope=ctx.scope_label),
    )
    return Section("returns", ctx.t("report.section.returns"), (*blocks, table))


def methods_section(
    c: Counted,
    ctx: Context,
    candidates: pl.DataFrame,
    excluded: tuple[str, ...],
    generated_at: dt.datetime,
    data_version: int | None,
) -> Section:
    f = c.filters
    made = ctx.t("report.methods.made", at=format_datetime(generated_at, ctx.lang))
    if data_version is not None:
        made += " " + ctx.t("report.methods.data_version", version=data_version)
    blocks = [
        Subheading(ctx.t("report.sub.data")),
        Paragraph(ctx.t(f"report.methods.scope.{f.scope}")),
        Paragraph(selection_text(ctx)),
        Paragraph(made),
        Paragraph(
            ctx.t(
                "report.methods.check",
                first=f.year_from,
                last=f.year_to,
                scope="approved" if str(f.scope) == "approved" else "submitted",
            )
        ),
        Subheading(ctx.t("report.sub.rules")),
        Bullets(tuple(ctx.t(f"report.methods.{rule}") for rule in RULES)),
        Subheading(ctx.t("report.sub.on_track")),
        Paragraph(ctx.t("report.methods.on_track")),
        Paragraph(ctx.t("report.methods.progress")),
        Subheading(ctx.t("report.sub.quote_rule")),
        Paragraph(ctx.t("report.methods.quote_rule")),
        *_excluded_blocks(candidates, excluded, ctx),
        Subheading(ctx.t("report.sub.versions")),
        Paragraph(ctx.t("report.methods.versions")),
        versions_table(c.versions, ctx),
    ]
    return Section("methods", ctx.t("report.section.methods"), tuple(blocks), annex=True)


def selection_text(ctx: Context) -> str:
    """The filters that narrowed the report, in words; or that none did."""
    f, parts = ctx.filters, []
    if f.goals:
        parts.append(ctx.t("report.sel.goals", goals=listing(list(ctx.goals.values()), ctx.lang)))
    for name, kind in (("focus", "focus"), ("org_types", "org_type"), ("statuses", "status")):
        values = getattr(f, name)
        if values:
            words = listing([ctx.t(f"{kind}.{v}") for v in values], ctx.lang)
            parts.append(ctx.t(f"report.sel.{name}", values=words))
    if f.progress:
        words = listing([ctx.t(f"progress.{v}") for v in f.progress], ctx.lang)
        parts.append(ctx.t("report.sel.progress", values=words))
    for name in ("organisations", "countries", "regions"):
        values = getattr(f, name)
        if values:
            parts.append(ctx.t(f"report.sel.{name}", values=plain(", ".join(values))))
    if not parts:
        return ctx.t("report.sel.none")
    return ctx.t("report.sel.some", parts="; ".join(parts))


def _excluded_blocks(candidates: pl.DataFrame, excluded: tuple[str, ...], ctx: Context) -> list:
    left_out = candidates.filter(pl.col("key").is_in(list(excluded)))
    if not left_out.height:
        return [Paragraph(ctx.t("report.methods.none_excluded"))]
    rows = tuple(
        (
            ctx.plan.goal_label(r["goal"], ctx.lang),
            ctx.t(f"report.kind.{r['kind']}"),
            plain(r["organisation_name"]),
            r["year"],
            r["key"],
        )
        for r in left_out.iter_rows(named=True)
    )
    columns = (
        Column(ctx.t("report.col.goal")),
        Column(ctx.t("report.col.kind")),
        Column(ctx.t("report.col.organisation")),
        Column(ctx.t("report.col.year"), "year"),
        Column(ctx.t("report.col.quote_key")),
    )
    sentence = say(
        "report.methods.excluded",
        left_out.height,
        ctx.lang,
        n=format_int(left_out.height, ctx.lang),
    )
    table = Table("excluded_quotes", ctx.t("report.table.excluded"), columns, rows)
    return [Paragraph(sentence), table]


def versions_table(versions: pl.DataFrame, ctx: Context) -> Table:
    """One row per organisation, one column per year: the version number that counts.
    In the scope with returns not yet reviewed, a last column names the years whose
    counted version is still awaiting review."""
    f = ctx.filters
    years = list(range(f.year_from, f.year_to + 1))
    pending_column = str(f.scope) != "approved"
    rows = []
    for (code,), mine in versions.group_by("organisation_code", maintain_order=True):
        counted = dict(zip(mine["year"].to_list(), mine["version"].to_list(), strict=True))
        row = [plain(mine["organisation_name"][0]), code, *(counted.get(y) for y in years)]
        if pending_column:
            waiting = mine.filter(pl.col("review_status") != "approved")["year"].sort()
            row.append(", ".join(str(y) for y in waiting.to_list()) or None)
        rows.append(tuple(row))
    rows.sort(key=lambda r: (r[0].casefold(), r[1]))
    columns = [
        Column(ctx.t("report.col.organisation")),
        Column(ctx.t("report.col.code")),
        *(Column(str(y), "int") for y in years),
    ]
    if pending_column:
        columns.append(Column(ctx.t("report.col.awaiting_review")))
    return Table(
        "versions",
        ctx.t("report.table.versions", period=ctx.period),
        tuple(columns),
        tuple(rows),
        note=ctx.t("report.note.versions"),
    )


__all__ = ["returns_section", "methods_section", "versions_table", "selection_text"]

"""The register as tables: the file an export writes, pledges beside the work, reminders.

Pure Polars on the frames that `queries` returns (no store, no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import polars as pl

from nap_data.i18n import t
from nap_data.register import layout

_SOURCE = {  # register field -> column of queries.load_organisations
    "code": "organisation_code", "name": "organisation_name", "type": "organisation_type",
    "joined_on": "joined_on", "left_on": "left_on", "pledge": "pledge",
    "pledged_goals": "pledged_goals", "contact_email": "contact_email", "website": "website",
}  # fmt: skip


def export_frame(orgs: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One row per organisation in the register file's columns and labels, re-importable:
    the type in words of `lang`, pledged goals as "1; 3" text, dates as dates."""
    types = {v: t(f"org_type.{v}", lang) for v in orgs["organisation_type"].unique().to_list()}
    shown = {
        "type": pl.col("organisation_type").replace_strict(types, return_dtype=pl.String),
        "pledged_goals": pl.col("pledged_goals")
        .list.eval(pl.element().cast(pl.String))
        .list.join("; "),
    }
    return orgs.sort("organisation_code").select(
        shown.get(field, pl.col(source)).alias(layout.column(field).label(lang))
        for field, source in _SOURCE.items()
    )


PLEDGE_SCHEMA = {"goal": pl.Int64, "pledged": pl.Boolean, "activities": pl.Int64}


def pledges_and_work(
    pledged: list[int] | tuple[int, ...], acts: pl.DataFrame, goals: tuple[int, ...]
) -> pl.DataFrame:
    """Per goal of the plan (and any other pledged or reported goal): pledged or not, and
    how many of the organisation's activities (`acts`, one row each) fall under it."""
    counts = dict(acts.group_by("goal").len().iter_rows()) if acts.height else {}
    numbers = sorted({*goals, *pledged, *counts})
    rows = [(g, g in set(pledged), int(counts.get(g, 0))) for g in numbers]
    return pl.DataFrame(rows, schema=PLEDGE_SCHEMA, orient="row")


@dataclass(frozen=True)
class Reminder:
    url: str | None  # mailto: with the addresses in BCC, None when there is no address
    addresses: tuple[str, ...]
    without_address: int  # missing signatories that have no contact e-mail


def reminder(status: pl.DataFrame, subject: str) -> Reminder:
    """For the signatories whose return is missing (`with_contacts` of the compliance table):
    a mailto: link with their contact e-mails in BCC, so they do not see each other."""
    missing = status.filter(pl.col("state") == "missing")
    emails = missing["contact_email"].drop_nulls().unique(maintain_order=True).to_list()
    emails = tuple(e.strip() for e in emails if e.strip())
    without = missing.height - missing.filter(pl.col("contact_email").is_not_null()).height
    if not emails:
        return Reminder(None, (), without)
    bcc = ",".join(quote(e, safe="@") for e in emails)
    return Reminder(f"mailto:?bcc={bcc}&subject={quote(subject)}", emails, without)


REGISTER_COLUMNS = (
    "organisation_code", "organisation_name", "organisation_type", "joined_on", "left_on",
    "pledge", "pledged_goals", "contact_email", "website",
)  # fmt: skip


def register_table(orgs: pl.DataFrame) -> pl.DataFrame:
    """The register as the page shows it; in words (`labels.readable`) and downloaded, its
    headers are names the register file accepts, so the download imports back unchanged."""
    return orgs.sort("organisation_code").select(REGISTER_COLUMNS)


def list_rows(orgs: pl.DataFrame) -> list[dict]:
    """The register as plain rows by register field (codes, dates and goal lists as they are)."""
    return (
        orgs.sort("organisation_code")
        .select(pl.col(source).alias(field) for field, source in _SOURCE.items())
        .to_dicts()
    )


def with_contacts(status: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """The compliance table (`metrics.returns_status`) with each signatory's contact e-mail
    after its type, so the table and its download say whom to remind."""
    contacts = orgs.select("organisation_code", "contact_email")
    joined = status.join(contacts, on="organisation_code", how="left", maintain_order="left")
    first = ["organisation_code", "organisation_name", "organisation_type"]
    return joined.select(*first, "contact_email", pl.exclude(*first, "contact_email"))

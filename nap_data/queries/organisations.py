"""The register: one row per organisation."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.arrow_load import Read
from nap_data.models import Organisation
from nap_data.queries.reading import Loader, frames_of

ORGANISATION_SCHEMA = {
    "organisation_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "organisation_type": pl.String, "joined_on": pl.Date, "left_on": pl.Date,
    "active": pl.Boolean, "pledge": pl.String, "pledged_goals": pl.List(pl.Int64),
    "contact_email": pl.String, "website": pl.String,
}  # fmt: skip


def load_organisations(engine: Engine) -> pl.DataFrame:
    """The register, one row per organisation; pledged goals sorted, e-mail and website or null."""
    return frames_of(engine, organisations_loader())[0]


def organisations_loader() -> Loader:
    o = Organisation
    stmt = select(
        o.id,
        o.code,
        o.name,
        o.type,
        o.joined_on,
        o.left_on,
        o.active,
        o.pledge,
        o.pledged_goals,
        o.contact_email,
        o.website,
    )
    return Loader((Read(stmt.order_by(o.code), ORGANISATION_SCHEMA, o),), _sorted_pledges)


def _sorted_pledges(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("pledged_goals").fill_null([]).list.sort())

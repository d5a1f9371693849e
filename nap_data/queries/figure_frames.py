"""Everything the counting rules read, in one read transaction."""

from __future__ import annotations

from sqlalchemy import Engine

from nap_data.plan import Plan as PlanView
from nap_data.plan_store import load_plan
from nap_data.queries.activities import activities_loader
from nap_data.queries.indicator_values import indicator_values_loader
from nap_data.queries.organisations import organisations_loader
from nap_data.queries.plan_frames import indicators_read
from nap_data.queries.reading import Loader, frames_of
from nap_data.queries.submissions import submissions_read
from nap_data.store import StoreError
from nap_data.vocab import DataScope


def load_figure_frames(engine: Engine, scope: DataScope | str, plan: PlanView | None = None):
    """Everything the counting rules read for one plan and data scope (see metrics.figures)."""
    from nap_data.metrics.figures import Frames

    scope = DataScope(scope)
    plan = plan or load_plan(engine)
    if plan is None:
        raise StoreError("the store has no plan; run `python -m nap_data init` first")
    # One read transaction for all five frames: one snapshot of the store.
    frames = frames_of(
        engine,
        activities_loader(engine, scope),
        indicator_values_loader(engine, scope),
        organisations_loader(),
        Loader((submissions_read(),)),
        Loader((indicators_read(plan.code),)),
    )
    return Frames(plan, *frames)

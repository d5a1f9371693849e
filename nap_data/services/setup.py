"""Create or upgrade a store, load the framework and (once) the demo data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, exists, select
from sqlalchemy.orm import Session

from nap_data import demo
from nap_data.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from nap_data.models import AuditEvent, Organisation
from nap_data.services import SYSTEM, Actor
from nap_data.services.audit import record
from nap_data.services.framework import Change, apply_framework, diff_framework
from nap_data.services.submissions import add_version
from nap_data.store import read_session, upgrade, write_session


@dataclass(frozen=True)
class InitResult:
    framework_changed: bool
    demo_added: bool


def init_store(
    engine: Engine,
    *,
    with_demo: bool = False,
    framework_path=DEFAULT_FRAMEWORK,
    actor: Actor = SYSTEM,
) -> InitResult:
    upgrade(engine)
    fw = load_framework(framework_path)
    with write_session(engine) as session:
        changed = apply_framework(session, fw, actor)
    added = False
    if with_demo:
        with write_session(engine) as session:
            added = load_demo(session, fw, actor)
    return InitResult(changed, added)


def preview_framework(engine: Engine, framework_path) -> list[Change]:
    """What loading the framework file would change (the store is upgraded, nothing else)."""
    upgrade(engine)
    fw = load_framework(framework_path)
    with read_session(engine) as session:
        return diff_framework(session, fw)


def demo_loaded(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(AuditEvent.action == "demo_loaded"))))


def load_demo(session: Session, fw: Framework, actor: Actor = SYSTEM) -> bool:
    """Add the demo data unless it is there already; False when nothing was added."""
    if demo_loaded(session):
        return False
    data = demo.generate(fw)
    pledged = demo_pledges(data, tuple(g.number for g in fw.goals))
    existing = {o.code: o for o in session.scalars(select(Organisation))}
    for spec in data.organisations:
        if spec.code not in existing:
            org = Organisation(
                code=spec.code,
                name=spec.name,
                type=spec.type,
                joined_on=spec.joined_on,
                pledge=spec.pledge,
                active=spec.active,
                left_on=spec.left_on,
                pledged_goals=pledged.get(spec.code, []),
                contact_email=f"nap1325@{spec.code.lower()}.example",  # .example: never delivered
            )
            session.add(org)
            existing[spec.code] = org
    session.flush()
    for version in data.versions:
        org = existing[version.content.organisation_code]
        add_version(
            session,
            actor,
            org,
            version.content,
            source="demo",
            review_status=version.review_status,
            created_at=version.created_at,
        )
    record(
        session,
        actor,
        "demo_loaded",
        "store",
        None,
        seed=demo.SEED,
        organisations=len(data.organisations),
        versions=len(data.versions),
    )
    return True


def demo_pledges(data: demo.DemoData, goals: tuple[int, ...]) -> dict[str, list[int]]:
    """Demo pledges: the goals of an organisation's first return, as if pledged on signing
    (later returns may go beyond them, which the profile then shows); one goal picked by
    the code for an organisation that has not reported yet."""
    first: dict[str, int] = {}
    pledged = {o.code: set() for o in data.organisations}
    for version in sorted(data.versions, key=lambda v: v.content.year):
        code, year = version.content.organisation_code, version.content.year
        if first.setdefault(code, year) == year:
            pledged[code].update(a.goal_number for a in version.content.activities)
    for code, numbers in pledged.items():
        if not numbers and goals:
            numbers.add(goals[sum(map(ord, code)) % len(goals)])
    return {code: sorted(numbers) for code, numbers in pledged.items()}

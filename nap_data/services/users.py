"""The people who may sign in: their role and, for a signatory, their organisations.

Single sign-on says who someone is (an e-mail address); this table says what they may
do. Every change is checked (admins manage users) and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from nap_data.models import AppUser, Organisation
from nap_data.services import ROLES, SIGNATORY, Actor, access
from nap_data.services.audit import record
from nap_data.store import read_session, write_session


class UserError(ValueError):
    """A user change that cannot be made; `code` and `params` make the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class UserRow:
    email: str
    name: str
    role: str
    organisations: tuple[str, ...]
    created_at: object
    created_by: str


def normalise_email(email: str) -> str:
    return " ".join((email or "").split()).lower()


def principal(engine: Engine, email: str | None) -> Actor | None:
    """The Actor for a signed-in e-mail address, or None when the store gives it no role."""
    key = normalise_email(email or "")
    if not key:
        return None
    with read_session(engine) as session:
        user = session.scalar(select(AppUser).where(AppUser.email == key))
        if user is None:
            return None
        codes = tuple(o.code for o in user.organisations)
        return Actor(key, user.role, codes)


def list_users(engine: Engine, actor: Actor) -> list[UserRow]:
    access.require(engine, actor, access.MANAGE_USERS)
    with read_session(engine) as session:
        users = session.scalars(select(AppUser).order_by(AppUser.email)).all()
        return [
            UserRow(
                u.email,
                u.name,
                u.role,
                tuple(o.code for o in u.organisations),
                u.created_at,
                u.created_by,
            )
            for u in users
        ]


def save_user(
    engine: Engine,
    actor: Actor,
    email: str,
    role: str,
    organisations: tuple[str, ...] = (),
    name: str = "",
) -> bool:
    """Add a user or change one's role and organisations; True when something changed."""
    access.require(engine, actor, access.MANAGE_USERS)
    key = normalise_email(email)
    if "@" not in key or " " in key:
        raise UserError("users.bad_email", email=email)
    if role not in ROLES:
        raise UserError("users.bad_role", role=role)
    codes = tuple(sorted({c.strip().upper() for c in organisations if c.strip()}))
    if role == SIGNATORY and not codes:
        raise UserError("users.signatory_needs_organisation")
    if role != SIGNATORY and codes:
        raise UserError("users.only_signatories_have_organisations", role=role)
    with write_session(engine) as session:
        orgs = session.scalars(
            select(Organisation).where(func.upper(Organisation.code).in_(codes))
        ).all()
        unknown = sorted(set(codes) - {o.code.upper() for o in orgs})
        if unknown:
            raise UserError("users.unknown_organisation", codes=", ".join(unknown))
        user = session.scalar(select(AppUser).where(AppUser.email == key))
        before = None
        if user is None:
            user = AppUser(email=key, name=name.strip(), role=role, created_by=actor.name)
            session.add(user)
        else:
            before = {"role": user.role, "organisations": [o.code for o in user.organisations]}
            if name.strip():
                user.name = name.strip()
        after = {"role": role, "organisations": sorted(o.code for o in orgs)}
        if before == after:
            return False
        user.role = role
        user.organisations = sorted(orgs, key=lambda o: o.code)
        session.flush()
        record(
            session,
            actor,
            "user_added" if before is None else "user_changed",
            "app_user",
            user.id,
            email=key,
            before=before,
            after=after,
        )
        return True


def remove_user(engine: Engine, actor: Actor, email: str) -> bool:
    """Take away someone's access; False when there was no such user."""
    access.require(engine, actor, access.MANAGE_USERS)
    key = normalise_email(email)
    if key == normalise_email(actor.name):
        raise UserError("users.not_yourself")
    with write_session(engine) as session:
        user = session.scalar(select(AppUser).where(AppUser.email == key))
        if user is None:
            return False
        before = {"role": user.role, "organisations": [o.code for o in user.organisations]}
        user.organisations = []
        session.flush()
        session.delete(user)
        record(session, actor, "user_removed", "app_user", None, email=key, before=before)
        return True


def record_sign_in(engine: Engine, actor: Actor) -> None:
    """Note in the audit trail that `actor` (named by e-mail) signed in to a session.

    No permission is checked: anyone the provider vouches for may be noted, and the event
    changes no figure (audit.NO_DATA_CHANGE), so every cached frame stays valid.
    """
    with write_session(engine) as session:
        record(session, actor, "signed_in", "app_user", None, email=actor.name, role=actor.role)


def record_sign_out(engine: Engine, actor: Actor, reason: str = "button") -> None:
    """Note that `actor` signed out: by the button, or because the sign-in expired."""
    with write_session(engine) as session:
        record(
            session,
            actor,
            "signed_out",
            "app_user",
            None,
            email=actor.name,
            role=actor.role,
            reason=reason,
        )

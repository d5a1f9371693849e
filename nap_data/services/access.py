"""Who may do what: the one policy table, checked by every use case before it acts.

Identity comes from single sign-on (or the local `none` mode); authority comes from the
store's own user table (see `services.users`). A hidden button protects nothing, so the
services call `require` themselves and the pages only use `allowed` to decide what to
show. A refusal is recorded in the audit trail (who tried what), in its own transaction,
and never moves the data version.
"""

from __future__ import annotations

from sqlalchemy import Engine

from nap_data.services import ADMIN, ANONYMOUS, POLICY_OFFICER, SIGNATORY, VIEWER, Actor
from nap_data.vocab import DataScope

# The actions of the policy. "own" actions concern one organisation's returns.
VIEW_DASHBOARDS = "view_dashboards"
VIEW_UNAPPROVED = "view_unapproved"  # own: a return's versions before approval
TEMPLATE = "template"  # own: the prefilled template of an organisation
UPLOAD = "upload"  # own
DOWNLOAD_ORIGINAL = "download_original"  # own: the workbook exactly as received
APPROVE = "approve"
RETURN = "return"
RESTORE = "restore"
EXPORT = "export"  # data exports (CSV/XLSX of tables, the command line's export)
REPORTS = "reports"
CHANGE_REGISTER = "change_register"
CHANGE_FRAMEWORK = "change_framework"
MANAGE_USERS = "manage_users"
BACKUP = "backup"
VIEW_AUDIT = "view_audit"

ALL = "all"  # allowed for any organisation
OWN = "own"  # allowed for the actor's own organisations only
NO = "no"

_STAFF = {POLICY_OFFICER: ALL, ADMIN: ALL}
# action -> role -> ALL | OWN (a role not named is refused).
POLICY: dict[str, dict[str, str]] = {
    VIEW_DASHBOARDS: {VIEWER: ALL, SIGNATORY: ALL, **_STAFF},
    VIEW_UNAPPROVED: {SIGNATORY: OWN, **_STAFF},
    TEMPLATE: {SIGNATORY: OWN, **_STAFF},
    UPLOAD: {SIGNATORY: OWN, **_STAFF},
    DOWNLOAD_ORIGINAL: {SIGNATORY: OWN, **_STAFF},
    APPROVE: dict(_STAFF),
    RETURN: dict(_STAFF),
    RESTORE: dict(_STAFF),
    EXPORT: dict(_STAFF),
    REPORTS: dict(_STAFF),
    CHANGE_REGISTER: dict(_STAFF),
    VIEW_AUDIT: dict(_STAFF),
    CHANGE_FRAMEWORK: {ADMIN: ALL},
    MANAGE_USERS: {ADMIN: ALL},
    BACKUP: {ADMIN: ALL},
}
ACTIONS = tuple(POLICY)


class Denied(Exception):
    """The actor may not do this; `code` and `params` make the message for a person."""

    def __init__(self, actor: Actor, action: str, organisation: str | None = None) -> None:
        super().__init__(f"{actor.name} ({actor.role}) may not {action} {organisation or ''}")
        self.actor, self.action, self.organisation = actor, action, organisation
        self.code = "access.denied_own" if organisation else "access.denied"
        self.params = {"action": action, "organisation": organisation or ""}

    def message(self, lang: str) -> str:
        from nap_data.i18n import t

        name = t(f"access.action.{self.action}", lang)
        return t(self.code, lang, action_name=name, organisation=self.organisation or "")


def grant(actor: Actor, action: str) -> str:
    """ALL, OWN or NO: how far the actor's role may do `action`."""
    if actor.role == ANONYMOUS:
        return NO
    return POLICY[action].get(actor.role, NO)


def allowed(actor: Actor, action: str, organisation: str | None = None) -> bool:
    """May `actor` do `action` (for `organisation`, when the action concerns one)?

    An OWN grant without an organisation answers "for some organisation", which is what
    a page needs to decide whether to show the control at all.
    """
    reach = grant(actor, action)
    if reach == ALL:
        return True
    if reach == OWN:
        return organisation is None or actor.speaks_for(organisation)
    return False


def require(
    engine: Engine | None, actor: Actor, action: str, organisation: str | None = None
) -> None:
    """Raise `Denied` unless allowed; with an engine, record the refusal first.

    Call it before opening the use case's own transaction: on SQLite a second writer
    inside an open write transaction would wait for itself.
    """
    if action not in POLICY:
        raise KeyError(f"unknown action {action!r}")
    if allowed(actor, action, organisation):
        return
    if engine is not None:
        record_denial(engine, actor, action, organisation)
    raise Denied(actor, action, organisation)


def record_denial(engine: Engine, actor: Actor, action: str, organisation: str | None) -> None:
    from nap_data.services.audit import record
    from nap_data.store import write_session

    with write_session(engine) as session:
        record(
            session,
            actor,
            "access_denied",
            "access",
            None,
            attempted=action,
            organisation=organisation,
            role=actor.role,
        )


def sees_all_returns(actor: Actor) -> bool:
    """Reviewers see every organisation's versions; others only approved ones and their own."""
    return grant(actor, VIEW_UNAPPROVED) == ALL


def visible_organisations(actor: Actor) -> tuple[str, ...] | None:
    """None for everyone's returns, else the codes whose unapproved versions the actor sees
    (a signatory's own; empty for a viewer). Cached reads are keyed on this value."""
    if sees_all_returns(actor):
        return None
    if grant(actor, VIEW_UNAPPROVED) == OWN:
        return tuple(sorted(code.upper() for code in actor.organisations))
    return ()


def readable_scope(actor: Actor, scope: DataScope) -> DataScope:
    """The data scope an actor's dashboards count: returns not yet approved only for those
    who may see every organisation's (the secretariat); approved returns for the others."""
    return scope if sees_all_returns(actor) else DataScope.APPROVED_ONLY

"""T6: the authorization matrix, every principal x every action, through the services.

The expected matrix below is written out by hand from the product's policy (who may do
what in the NAP 1325 monitoring), not derived from `services.access.POLICY`: if someone
edits POLICY wrongly, a cell here fails. Every cell runs the real use case on a copy of
a store with demo data and two fresh returns, on SQLite and on PostgreSQL:

- allowed: the use case does what it says (a version approved, a file written, ...);
- refused: `Denied` is raised (or a service error caused by it), no row and no data
  version changes, and one "access_denied" audit event names the actor and the action.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nap_data import exports
from nap_data.framework import load_framework
from nap_data.models import AuditEvent, Base, Organisation, Submission
from nap_data.report.build import build_report
from nap_data.returns.samples import ACTIVITIES_ROWS
from nap_data.returns.template import build_template
from nap_data.services import (
    ADMIN,
    ANONYMOUS,
    POLICY_OFFICER,
    SIGNATORY,
    SYSTEM,
    VIEWER,
    Actor,
    access,
    framework,
    register,
    review,
    users,
)
from nap_data.services.audit_log import audit_events, provenance
from nap_data.services.backup import make_backup, restore_backup
from nap_data.services.imports import import_return
from nap_data.services.setup import init_store
from nap_data.store import data_version, make_engine, read_session
from nap_data.vocab import DataScope

A, B = "ORG005", "ORG006"  # two organisations of the demo store; the signatory is A's
YEAR = 2025
KNOWN_USER = "bekend@example.org"

PRINCIPALS = {
    "anonymous": Actor("niemand", ANONYMOUS),
    "viewer": Actor("kijker@example.org", VIEWER),
    "signatory": Actor("ondertekenaar@org005.example", SIGNATORY, (A,)),
    "officer": Actor("beleid@bz.example", POLICY_OFFICER),
    "admin": Actor("beheer@bz.example", ADMIN),
}

# Y = allowed; - = refused with Denied and recorded; f = refused by the return's own check:
# a signatory may upload, so the file is read, and its About sheet naming another
# organisation is a finding on that cell (the page records it as a rejected upload).
# "own" and "other" are A's and B's, seen from A's signatory.
EXPECTED = """
action                 anonymous  viewer  signatory  officer  admin
view_dashboards        -          Y       Y          Y        Y
view_unapproved_own    -          -       Y          Y        Y
view_unapproved_other  -          -       -          Y        Y
template_own           -          -       Y          Y        Y
template_other         -          -       -          Y        Y
upload_own             -          -       Y          Y        Y
upload_other           -          -       f          Y        Y
approve                -          -       -          Y        Y
return                 -          -       -          Y        Y
restore                -          -       -          Y        Y
download_own           -          -       Y          Y        Y
download_other         -          -       -          Y        Y
export                 -          -       -          Y        Y
list_users             -          -       -          -        Y
save_user              -          -       -          -        Y
remove_user            -          -       -          -        Y
change_register        -          -       -          Y        Y
change_framework       -          -       -          -        Y
audit_trail            -          -       -          Y        Y
provenance             -          -       -          Y        Y
backup                 -          -       -          -        Y
restore_backup         -          -       -          -        Y
report                 -          -       -          Y        Y
"""


def _parse(table: str) -> dict[tuple[str, str], str]:
    head, *rows = [line.split() for line in table.strip().splitlines()]
    return {
        (row[0], who): mark for row in rows for who, mark in zip(head[1:], row[1:], strict=True)
    }


MATRIX = _parse(EXPECTED)

# Actions of the policy that have no service entry point yet, and why; the test below
# fails when one gets an entry point without a row above, or a new action appears.
NOT_IN_MATRIX: dict[str, str] = {}


@dataclass
class Store:
    engine: object
    folder: Path
    a_approved: int  # an approved demo version of A (it counts in the dashboards)
    a_old: int  # A's demo version of YEAR, older than a_new (to restore)
    a_new: int  # A's uploaded version of YEAR, submitted, with its file
    b_new: int  # B's uploaded version of YEAR, submitted, with its file


def _return(org: str, year: int) -> bytes:
    return build_template(load_framework(), org, org, year, ACTIVITIES_ROWS, "nl")


def _versions(engine, org: str, year: int) -> list[Submission]:
    with read_session(engine) as session:
        return session.scalars(
            select(Submission)
            .join(Organisation)
            .where(Organisation.code == org, Submission.year == year)
            .order_by(Submission.version)
        ).all()


def _prepare(engine) -> dict[str, int]:
    """Submitted versions with files for A and B, and a user an admin can remove."""
    for org in (A, B):
        assert import_return(engine, _return(org, YEAR), f"{org}.xlsx", SYSTEM).status == (
            "accepted"
        )
    users.save_user(engine, SYSTEM, KNOWN_USER, VIEWER)
    a_old, a_new = _versions(engine, A, YEAR)[-2:]
    assert a_new.review_status == "submitted" and a_new.version == a_old.version + 1
    approved = [v for v in _versions(engine, A, YEAR - 1) if v.review_status == "approved"]
    return {
        "a_approved": approved[0].id,
        "a_old": a_old.id,
        "a_new": a_new.id,
        "b_new": _versions(engine, B, YEAR)[-1].id,
    }


_names = itertools.count(1)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def prepared(request, demo_template, tmp_path_factory):
    """The prepared store, built once per backend; each cell works on its own copy."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("matrix") / "prepared.db"
        shutil.copyfile(demo_template, path)
        engine, server = make_engine(f"sqlite:///{path}"), None
    else:
        server = request.getfixturevalue("pg_server")
        path = f"matrix_{next(_names)}"
        engine = make_engine(server.new_database(path))
        init_store(engine, with_demo=True)
    ids = _prepare(engine)
    engine.dispose()
    return request.param, path, server, ids


def _pg(server, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user="nap", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


@pytest.fixture
def store(prepared, tmp_path):
    kind, source, server, ids = prepared
    if kind == "sqlite":
        copy = tmp_path / "cell.db"
        shutil.copyfile(source, copy)
        engine = make_engine(f"sqlite:///{copy}")
    else:
        name = f"{source}_cell_{next(_names)}"
        _pg(server, f'CREATE DATABASE "{name}" TEMPLATE "{source}"')  # names made here
        engine = make_engine(f"postgresql+psycopg://nap@127.0.0.1:{server.port}/{name}")
    yield Store(engine, tmp_path, **ids)
    engine.dispose()
    if kind != "sqlite":
        _pg(server, f'DROP DATABASE "{name}"')


# --- the actions: (policy action, organisation it concerns, run, check when allowed) ----


def _content_of(org):
    return lambda s, result: result.organisation_code == org


def _status(submission_field, wanted):
    def check(s, result):
        return getattr(result, submission_field) == wanted

    return check


def _accepted(org):
    def check(s, result):
        return result.status == "accepted" and result.organisation == org

    return check


def _restored(s, result):
    return result.restored_from_id == s.a_old and result.source == "restore"


def _original(s, result):
    name, data = result
    return name.endswith(".xlsx") and data.startswith(b"PK")


# What a writing action writes is called out.*, so a refused one can be seen to write nothing.
def _exported(s, result):
    return result > 0 and (s.folder / "out.csv").stat().st_size > 0


def _backup_name(s) -> str:
    return "db" if s.engine.dialect.name == "sqlite" else "dump"


def _backed_up(s, made):
    return made.path == s.folder / f"out.{_backup_name(s)}" and made.path.stat().st_size > 0


def _copy_path(s) -> Path:
    return s.folder / f"copy.{_backup_name(s)}"


def _copy_to_restore(s) -> None:
    make_backup(s.engine, SYSTEM, _copy_path(s))


def _restored_copy(s, restored):
    return restored.path == _copy_path(s) and restored.counts["submission"] > 0


class _Started(Exception):
    """Raised by the report's first progress step: it got past the policy and began."""


def _stop(_fraction: float, _text: str) -> None:
    raise _Started


def _report(s, who) -> str:
    # A whole report takes a minute (PDF, DOCX, charts); that it starts is what the policy
    # decides, so the cell stops it at its first step. Its files are tested elsewhere.
    try:
        build_report(s.engine, who, YEAR, YEAR, out_dir=s.folder / "out", progress=_stop)
    except _Started:
        return "started"
    return "finished without its first step"


def _new_organisation():
    return {
        "code": "NIEUW1",
        "name": "Nieuwe organisatie",
        "type": "cso",
        "joined_on": dt.date(2024, 1, 1),
        "pledged_goals": [1],
    }


def _revised_framework():
    fw = load_framework()
    return dataclasses.replace(fw, name_en=fw.name_en + " (revised)")


ACTIONS = {
    "view_dashboards": (
        access.VIEW_DASHBOARDS, None,
        lambda s, who: review.version_content(s.engine, who, s.a_approved), _content_of(A),
    ),
    "view_unapproved_own": (
        access.VIEW_UNAPPROVED, A,
        lambda s, who: review.version_content(s.engine, who, s.a_new), _content_of(A),
    ),
    "view_unapproved_other": (
        access.VIEW_UNAPPROVED, B,
        lambda s, who: review.version_content(s.engine, who, s.b_new), _content_of(B),
    ),
    "template_own": (
        access.TEMPLATE, A,
        lambda s, who: review.template_start(s.engine, who, A, YEAR), _content_of(A),
    ),
    "template_other": (
        access.TEMPLATE, B,
        lambda s, who: review.template_start(s.engine, who, B, YEAR), _content_of(B),
    ),
    "upload_own": (
        access.UPLOAD, A,
        lambda s, who: import_return(s.engine, _return(A, 2024), "a.xlsx", who), _accepted(A),
    ),
    "upload_other": (
        access.UPLOAD, B,
        lambda s, who: import_return(s.engine, _return(B, 2024), "b.xlsx", who), _accepted(B),
    ),
    "approve": (
        access.APPROVE, None,
        lambda s, who: review.approve_version(s.engine, who, s.a_new),
        _status("review_status", "approved"),
    ),
    "return": (
        access.RETURN, None,
        lambda s, who: review.return_version(s.engine, who, s.a_new, "Graag de begroting"),
        _status("review_status", "returned"),
    ),
    "restore": (
        access.RESTORE, None,
        lambda s, who: review.restore_version(s.engine, who, s.a_old), _restored,
    ),
    "download_own": (
        access.DOWNLOAD_ORIGINAL, A,
        lambda s, who: review.original_file(s.engine, who, s.a_new), _original,
    ),
    "download_other": (
        access.DOWNLOAD_ORIGINAL, B,
        lambda s, who: review.original_file(s.engine, who, s.b_new), _original,
    ),
    "export": (
        access.EXPORT, None,
        lambda s, who: exports.export_table(
            s.engine, "activities", s.folder / "out.csv", "csv", actor=who
        ),
        _exported,
    ),
    "list_users": (
        access.MANAGE_USERS, None,
        lambda s, who: users.list_users(s.engine, who),
        lambda s, rows: KNOWN_USER in {u.email for u in rows},
    ),
    "save_user": (
        access.MANAGE_USERS, None,
        lambda s, who: users.save_user(s.engine, who, "nieuw@example.org", VIEWER),
        lambda s, changed: changed is True,
    ),
    "remove_user": (
        access.MANAGE_USERS, None,
        lambda s, who: users.remove_user(s.engine, who, KNOWN_USER),
        lambda s, removed: removed is True,
    ),
    "change_register": (
        access.CHANGE_REGISTER, None,
        lambda s, who: register.add_organisation(s.engine, who, _new_organisation()),
        lambda s, change: change.code == "NIEUW1" and change.action == "added",
    ),
    "change_framework": (
        access.CHANGE_FRAMEWORK, None,
        lambda s, who: framework.load(s.engine, _revised_framework(), who),
        lambda s, changed: changed is True,
    ),
    "audit_trail": (
        access.VIEW_AUDIT, None,
        lambda s, who: audit_events(s.engine, who), lambda s, events: events.height > 0,
    ),
    "provenance": (
        access.VIEW_AUDIT, A,
        lambda s, who: provenance(s.engine, who, A, YEAR), lambda s, versions: versions.height >= 2,
    ),
    "backup": (
        access.BACKUP, None,
        lambda s, who: make_backup(s.engine, who, s.folder / f"out.{_backup_name(s)}"), _backed_up,
    ),
    "restore_backup": (
        access.BACKUP, None,
        lambda s, who: restore_backup(s.engine, who, _copy_path(s), s.folder), _restored_copy,
    ),
    "report": (access.REPORTS, None, _report, lambda s, outcome: outcome == "started"),
}  # fmt: skip
# Made before the cell is measured: what the action needs that is no part of its effect.
SETUP = {"restore_backup": _copy_to_restore}


def _row_counts(engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def _newest_event(engine) -> AuditEvent:
    with read_session(engine) as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def _denial(exc: BaseException | None) -> access.Denied | None:
    """The Denied behind an error (the register turns it into a RegisterError)."""
    while exc is not None:
        if isinstance(exc, access.Denied):
            return exc
        exc = exc.__cause__
    return None


CELLS = [(action, who) for action in ACTIONS for who in PRINCIPALS]


@pytest.mark.parametrize(("action", "who"), CELLS, ids=[f"{w}-{a}" for a, w in CELLS])
def test_cell(store, action, who):
    policy_action, organisation, run, check = ACTIONS[action]
    actor, expected = PRINCIPALS[who], MATRIX[(action, who)]
    # The pages' question (may I offer this?) gives the same answer as the use case.
    assert access.allowed(actor, policy_action, organisation) == (expected == "Y")
    SETUP.get(action, lambda s: None)(store)
    counts, version = _row_counts(store.engine), data_version(store.engine)
    if expected == "Y":
        result = run(store, actor)
        assert check(store, result), result
        assert _newest_event(store.engine).action != "access_denied"
        return
    if expected == "f":
        result = run(store, actor)
        assert result.status == "rejected"
        assert [f.code for f in result.errors] == ["returns.validate.org_mismatch"]
        assert _row_counts(store.engine) == counts
    else:
        with pytest.raises(Exception) as raised:
            run(store, actor)
        denied = _denial(raised.value)
        assert denied is not None, f"refused by {raised.value!r}, not by the policy"
        assert (denied.actor, denied.action) == (actor, policy_action)
        event = _newest_event(store.engine)
        assert (event.actor, event.action) == (actor.name, "access_denied")
        assert event.detail["attempted"] == policy_action
        assert event.detail["role"] == actor.role
        # An upload is refused before its file says for whom, so no organisation is named.
        assert denied.organisation in (None, organisation)
        assert event.detail["organisation"] == denied.organisation
        after = _row_counts(store.engine)
        assert after.pop("audit_event") == counts.pop("audit_event") + 1
        assert after == counts
    assert data_version(store.engine) == version
    assert list(store.folder.glob("out*")) == []


def test_the_matrix_covers_every_action_of_the_policy():
    exercised = {policy_action for policy_action, *_ in ACTIONS.values()}
    assert exercised | set(NOT_IN_MATRIX) == set(access.ACTIONS)
    assert not exercised & set(NOT_IN_MATRIX)
    assert set(MATRIX) == set(itertools.product(ACTIONS, PRINCIPALS))


# What the dashboards count for whom: the secretariat sees every return as the page asks;
# everyone else counts approved returns only and sees unapproved versions of their own.
VISIBLE = {
    "anonymous": (),
    "viewer": (),
    "signatory": (A,),
    "officer": None,
    "admin": None,
}


@pytest.mark.parametrize("who", PRINCIPALS)
@pytest.mark.parametrize("scope", list(DataScope))
def test_dashboard_scope_and_visible_organisations(who, scope):
    actor = PRINCIPALS[who]
    assert access.visible_organisations(actor) == VISIBLE[who]
    staff = who in ("officer", "admin")
    assert access.readable_scope(actor, scope) == (scope if staff else DataScope.APPROVED_ONLY)


# --- what the pages offer: a control only where its use case would be allowed ----------


@pytest.fixture
def signed_in_store(demo_engine, monkeypatch):
    """The demo store in oidc mode, with a user for each principal but the anonymous."""
    monkeypatch.setenv("NAP_AUTH", "oidc")
    for who, actor in PRINCIPALS.items():
        if who != "anonymous":
            users.save_user(demo_engine, SYSTEM, actor.name, actor.role, actor.organisations)
    return demo_engine


def _page(path: str, who: str):
    from streamlit.testing.v1 import AppTest

    from tests.test_cache_isolation import AUTH, signed_in

    at = AppTest.from_file("../app.py", default_timeout=120)
    at.secrets["auth"] = AUTH
    at.query_params["lang"] = "en"
    at.user = signed_in(PRINCIPALS[who].name)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _infos(at) -> str:
    return " ".join(i.value for i in at.info)


@pytest.mark.parametrize("who", ["viewer", "signatory", "officer", "admin"])
def test_tables_offer_data_downloads_only_to_those_who_may_export(signed_in_store, who):
    at = _page("pages/2_Goals.py", who)
    assert at.dataframe  # everyone reads the tables
    data = [b.key for b in at.download_button if b.key.startswith(("csv_", "xlsx_"))]
    assert bool(data) == (MATRIX[("export", who)] == "Y"), data


@pytest.mark.parametrize("who", ["signatory", "officer"])
def test_the_register_can_be_changed_only_by_the_secretariat(signed_in_store, who):
    at = _page("pages/9_Register.py", who)
    may = MATRIX[("change_register", who)] == "Y"
    assert ("register_upload" in [u.key for u in at.file_uploader]) == may
    assert ("Only the secretariat" in _infos(at)) == (not may)
    assert at.dataframe  # the register itself is there for both


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_the_framework_can_be_changed_only_by_admins(signed_in_store, who):
    at = _page("pages/10_Framework.py", who)
    may = MATRIX[("change_framework", who)] == "Y"
    assert ("framework_file" in [u.key for u in at.file_uploader]) == may
    assert ("Only admins can change the results framework" in _infos(at)) == (not may)


@pytest.mark.parametrize(
    ("who", "org", "cell"),
    [
        ("viewer", A, "download_own"),
        ("signatory", A, "download_own"),
        ("signatory", B, "download_other"),
        ("officer", B, "download_other"),
    ],
)
def test_the_drill_down_offers_the_original_file_as_the_policy_says(demo_engine, who, org, cell):
    from streamlit.testing.v1 import AppTest

    result = import_return(demo_engine, _return(org, YEAR), f"{org}.xlsx", SYSTEM)
    row = {"organisation_code": org, "submission_id": result.submission_id}
    row |= {"year": YEAR, "version": result.version}
    before = _row_counts(demo_engine)
    at = AppTest.from_file("apps/original_download.py", default_timeout=60)
    at.session_state["_actor"] = PRINCIPALS[who]
    at.session_state["row"] = row
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    offered = [b.key for b in at.download_button] == ["src_drill"]
    assert offered == (MATRIX[(cell, who)] == "Y")
    if not offered:
        assert "Only the secretariat and this organisation's signatory" in at.caption[0].value
    # Asked before it is offered: showing the row records no refusal.
    assert _row_counts(demo_engine) == before

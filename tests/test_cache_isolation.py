"""T7: cache isolation. Streamlit's caches are shared by every session of a process, and
AppTest runs share them too, so running a policy officer's session first and then a
signatory's in the same process is the real situation: the officer's cached frames hold
every organisation's unapproved versions, and nothing of organisation B's may reach the
signatory of organisation A.

Two levels: the cached loaders (a tiny app under tests/apps/ prints what they hand the
actor in session state), and whole pages with single sign-on (oidc mode, `at.user`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time

import pytest
from streamlit.testing.v1 import AppTest

from nap_data.framework import load_framework
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow
from nap_data.returns.template import build_template
from nap_data.services import POLICY_OFFICER, SIGNATORY, SYSTEM, VIEWER, Actor
from nap_data.services.imports import import_return
from nap_data.services.users import save_user
from nap_data.ui import PAGES

A, B, YEAR = "ORG005", "ORG006", 2025
OFFICER = Actor("beleid@secretariaat.example", POLICY_OFFICER)
SIGNATORY_A = Actor("ondertekenaar@org005.example", SIGNATORY, (A,))
VIEWER_ = Actor("bestuur@example.org", VIEWER)


def _unapproved_return(engine, org: str) -> dict[str, object]:
    """Upload a return for `org` whose every text carries a marker of its own; it stays
    submitted (not approved). Returns the markers and the version's id."""
    mark = f"GEHEIM{org}{secrets.token_hex(4).upper()}"
    row = ActivityRow(
        title=f"Titel {mark}",
        goal_number=1,
        focus="foreign",
        status="ongoing",
        start_date=dt.date(YEAR, 2, 1),
        reference=f"REF-{mark}",
        countries=("ML",),
        budget_eur=123_456.0,
        partners=f"Partner {mark}",
        results=f"Resultaat {mark}",
    )
    data = build_template(
        load_framework(),
        org,
        org,
        YEAR,
        [row],
        "nl",
        indicators=[IndicatorRow("P1.1", YEAR, 7, note=f"Noot {mark}")],
        narratives=[NarrativeRow(1, highlights=f"Hoogtepunt {mark}")],
    )
    result = import_return(engine, data, f"bestand-{mark}.xlsx", SYSTEM)
    assert result.status == "accepted", [f.code for f in result.errors]
    return {"mark": mark, "submission_id": result.submission_id}


@pytest.fixture
def secrets_of(demo_engine):
    """A's and B's unapproved returns on a copy of the demo store."""
    return {org: _unapproved_return(demo_engine, org) for org in (A, B)}


# --- the cached loaders ---------------------------------------------------------------


def _loaded(actor: Actor) -> dict[str, list[dict]]:
    at = AppTest.from_file("apps/loaders_for_actor.py", default_timeout=60)
    at.session_state["_actor"] = actor  # what ui.identity puts there for a signed-in user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [t.value for t in at.text]
    return {texts[i]: json.loads(texts[i + 1]) for i in range(0, len(texts), 2)}


def test_loaders_never_hand_one_organisations_unapproved_rows_to_another(secrets_of):
    b_mark, b_id = secrets_of[B]["mark"], secrets_of[B]["submission_id"]
    a_mark, a_id = secrets_of[A]["mark"], secrets_of[A]["submission_id"]
    officer = _loaded(OFFICER)  # first: every cached frame now holds B's unapproved rows
    assert b_id in {r["submission_id"] for r in officer["submissions"]}
    assert b_mark in json.dumps(officer)
    signatory = _loaded(SIGNATORY_A)
    seen = json.dumps(signatory)
    assert b_mark not in seen
    ids = {r["submission_id"] for r in signatory["submissions"]}
    assert b_id not in ids and a_id in ids  # its own unapproved version it does see
    # Dashboards count approved returns only for a signatory, its own included.
    assert a_mark not in json.dumps({k: v for k, v in signatory.items() if k != "submissions"})
    # B's approved versions count in the dashboards, so those it does see; nothing else.
    assert {r["review_status"] for r in signatory["submissions"] if r["organisation_code"] == B}
    assert all(
        r["review_status"] == "approved" or r["organisation_code"] == A
        for r in signatory["submissions"]
    )
    viewer = json.dumps(_loaded(VIEWER_))
    assert b_mark not in viewer and a_mark not in viewer


# --- whole pages, signed in ------------------------------------------------------------

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "Zq7-vN3xKp9Lt2Wr5Yc8Bd1Mf6Hg4Sj0",  # 32 characters, many different
    "client_id": "nap-dashboard",
    "client_secret": "a-client-credential-for-tests-only",
    "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration",
}


def signed_in(email: str) -> dict:
    now = int(time.time())
    return {
        "is_logged_in": True,
        "provider": "default",
        "iss": "http://127.0.0.1:9400",
        "aud": "nap-dashboard",
        "sub": email,
        "email": email,
        "iat": now,
        "exp": now + 3600,
    }


def _every_text(at: AppTest) -> str:
    """All that the element tree holds (every proto: text, labels, options, chart specs with
    their data) and every table's values."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def _visit_every_page(actor: Actor) -> dict[str, str]:
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.secrets["auth"] = AUTH
    at.query_params["lang"] = "en"
    at.user = signed_in(actor.name)
    at.run()
    seen = {"app.py": _every_text(at)}
    for _key, path, _icon in PAGES[1:]:
        at.switch_page(path).run()
        assert not at.exception, (path, [e.value for e in at.exception])
        seen[path] = _every_text(at)
    return seen


@pytest.mark.slow
def test_pages_of_a_signatory_show_nothing_of_another_organisations_unapproved_return(
    secrets_of, demo_engine, monkeypatch
):
    monkeypatch.setenv("NAP_AUTH", "oidc")
    save_user(demo_engine, SYSTEM, OFFICER.name, POLICY_OFFICER)
    save_user(demo_engine, SYSTEM, SIGNATORY_A.name, SIGNATORY, (A,))
    b_mark, a_mark = secrets_of[B]["mark"], secrets_of[A]["mark"]
    officer = _visit_every_page(OFFICER)
    assert any(b_mark in text for text in officer.values()), "the officer saw B's return"
    signatory = _visit_every_page(SIGNATORY_A)
    leaks = [path for path, text in signatory.items() if b_mark in text]
    assert leaks == []
    # The search is not blind: the signatory's own unapproved return is on its Returns page.
    assert a_mark in signatory["pages/5_Returns.py"]

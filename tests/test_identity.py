"""Sign-in (ui.identity) through AppTest: `at.user` stands for the claims a real sign-in
puts in `st.user` (tests/e2e/test_oidc_signin.py does the real one in a browser)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from nap_data.models import AuditEvent
from nap_data.services import POLICY_OFFICER, SIGNATORY, SYSTEM
from nap_data.services.users import save_user
from nap_data.store import read_session
from nap_data.ui import identity

SIGNATORY_EMAIL = "signatory@org005.example"
OFFICER_EMAIL = "officer@secretariat.example"
STRANGER_EMAIL = "stranger@elsewhere.example"
GOOD_AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "k3J9-vQ2xLp8Rt5Wz0Yb7Nc4Md6Fh1Sg",  # 32 characters, many different
    "client_id": "nap-dashboard",
    "client_secret": "client-password-of-the-provider",
    "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration",
}


@pytest.fixture
def oidc(demo_engine, monkeypatch):
    """oidc mode on the demo store, with a signatory of ORG005 and a policy officer."""
    monkeypatch.setenv("NAP_AUTH", "oidc")
    save_user(demo_engine, SYSTEM, SIGNATORY_EMAIL, SIGNATORY, ("ORG005",))
    save_user(demo_engine, SYSTEM, OFFICER_EMAIL, POLICY_OFFICER)
    return demo_engine


def claims(email: str, lifetime: float = 3600) -> dict:
    """What st.user holds after a real sign-in: the ID token's claims and two of Streamlit's."""
    now = int(time.time())
    return {
        "is_logged_in": True,
        "provider": "default",
        "iss": "http://127.0.0.1:9400",
        "aud": "nap-dashboard",
        "sub": email,
        "email": email,
        "iat": now,
        "exp": now + lifetime,
    }


def app(path: str = "app.py", user: dict | None = None, auth: dict | None = None, **params):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["auth"] = GOOD_AUTH if auth is None else auth
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.user = {"is_logged_in": False} if user is None else user
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    return at


def events(engine, action: str) -> list[AuditEvent]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def sidebar_texts(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar.text] + [e.value for e in at.sidebar.caption]


def nav_links(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.sidebar.get("page_link")]


def test_mode_none_says_on_every_page_that_everyone_is_admin(demo_db, monkeypatch):
    monkeypatch.setenv("NAP_AUTH", "none")
    for path in ("app.py", "pages/5_Returns.py"):
        at = app(path)
        assert not at.exception
        assert any("Sign-in is off" in w.value for w in at.sidebar.info)
        assert "Returns" in nav_links(at)  # the local user is admin
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    assert any("iedereen" in w.value and "beheerder" in w.value for w in at.sidebar.info)


def test_an_unsigned_visitor_sees_only_the_sign_in_page(oidc):
    for path in ("app.py", "pages/1_Overview.py"):
        at = app(path)
        assert not at.exception
        assert [e.value for e in at.title] == ["Sign in"]
        assert [b.label for b in at.button] == ["Sign in"]
        assert nav_links(at) == [] and not at.metric and not at.sidebar.radio


def test_presentation_mode_asks_for_sign_in_too(oidc):
    at = app(present="1", slide="1")
    assert [e.value for e in at.title] == ["Sign in"]
    assert not at.metric


def test_signed_in_without_a_role_sees_only_the_ask_for_access_page(oidc):
    at = app(user=claims(STRANGER_EMAIL))
    at.run()  # a second rerun of the same session
    assert not at.exception
    assert [e.value for e in at.title] == ["No access yet"]
    text = " ".join(e.value for e in at.text)
    assert STRANGER_EMAIL in text and "ask the secretariat" in text
    assert [b.label for b in at.button] == ["Sign out"]
    assert nav_links(at) == [] and not at.metric and not at.sidebar.radio
    denied = events(oidc, "access_denied")
    assert [(e.actor, e.detail["attempted"]) for e in denied] == [
        (STRANGER_EMAIL, "view_dashboards")
    ]
    assert events(oidc, "signed_in") == []


def test_a_signatory_sees_who_and_role_and_sign_in_is_recorded_once(oidc):
    at = app(user=claims("Signatory@ORG005.example"))  # addresses compare case-insensitively
    at.run()
    at.switch_page("pages/2_Goals.py").run()
    assert not at.exception
    texts = sidebar_texts(at)
    assert f"Signed in as {SIGNATORY_EMAIL}" in texts
    assert "Role: signatory" in texts and "Organisation: ORG005" in texts
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert "Returns" in nav_links(at)
    assert at.sidebar.radio == [] or all(r.key != "scope" for r in at.sidebar.radio)
    signed_in = events(oidc, "signed_in")
    assert [(e.actor, e.detail["role"]) for e in signed_in] == [(SIGNATORY_EMAIL, "signatory")]


def test_a_policy_officer_gets_the_data_scope_choice(oidc):
    at = app(user=claims(OFFICER_EMAIL))
    assert "Role: policy officer (secretariat)" in sidebar_texts(at)
    assert [r.key for r in at.sidebar.radio] == ["scope"]


def test_the_sign_out_button_signs_out_and_is_recorded(oidc):
    at = app(user=claims(OFFICER_EMAIL))
    at.sidebar.button(key="sign_out").click().run()
    assert at.user == {"is_logged_in": False}  # st.logout() emptied st.user
    assert [e.detail["reason"] for e in events(oidc, "signed_out")] == ["button"]
    at.run()
    assert [e.value for e in at.title] == ["Sign in"]


def test_an_expired_sign_in_signs_the_session_out_and_says_so(oidc):
    at = app(user=claims(SIGNATORY_EMAIL))
    assert "Returns" in nav_links(at)
    at.user = claims(SIGNATORY_EMAIL, lifetime=-1)  # the ID token's exp has passed
    at.run()
    assert not at.exception
    assert [e.value for e in at.title] == ["Sign-in expired"]
    assert "signed out" in at.warning[0].value
    assert identity.ANONYMOUS_ACTOR.role == at.session_state["_actor"].role
    assert nav_links(at) == [] and not at.metric
    assert {b.label for b in at.button} == {"Sign in again", "Sign out"}
    at.run()  # recorded once, however often the page reruns
    out = events(oidc, "signed_out")
    assert [(e.actor, e.detail["reason"]) for e in out] == [(SIGNATORY_EMAIL, "expired")]


def test_a_session_that_starts_with_an_expired_cookie_is_not_let_in(oidc):
    at = app("pages/1_Overview.py", user=claims(OFFICER_EMAIL, lifetime=-60))
    assert [e.value for e in at.title] == ["Sign-in expired"]
    assert not at.metric and events(oidc, "signed_in") == []


WEAK = {
    "missing": ({k: v for k, v in GOOD_AUTH.items() if k != "cookie_secret"}, "is missing"),
    "short": ({**GOOD_AUTH, "cookie_secret": "k3J9-vQ2xLp8Rt5"}, "shorter than 32"),
    "placeholder": (
        {**GOOD_AUTH, "cookie_secret": "change-me-to-a-long-random-string-please"},
        "placeholder",
    ),
    "repeated": ({**GOOD_AUTH, "cookie_secret": "a" * 40}, "placeholder"),
}


@pytest.mark.parametrize("case", list(WEAK))
def test_a_weak_cookie_secret_stops_every_page(oidc, case):
    auth, words = WEAK[case]
    for path in ("app.py", "pages/5_Returns.py"):
        at = app(path, user=claims(OFFICER_EMAIL), auth=auth)
        assert not at.exception
        # Refused by the start-up checks (run first, once per process and store) or by
        # the sign-in itself: either way the page names the problem and shows nothing else.
        shown = " ".join([e.value for e in at.error] + [m.value for m in at.markdown])
        assert at.error and words in shown
        assert not at.title and not at.metric and nav_links(at) == []
    assert events(oidc, "signed_in") == []


def test_missing_provider_settings_stop_the_app_and_are_named(oidc):
    auth = {"cookie_secret": GOOD_AUTH["cookie_secret"], "redirect_uri": "http://x/oauth2callback"}
    at = app(auth=auth)
    assert "client_id, client_secret, server_metadata_url" in at.error[0].value
    assert not at.title


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "cookie_missing"),
        ("", "cookie_missing"),
        ("   ", "cookie_missing"),
        (12345, "cookie_missing"),
        ("k3J9-vQ2xLp8Rt5Wz0Yb7Nc4Md6Fh1S", "cookie_short"),  # 31
        ("xxx" * 12, "cookie_placeholder"),
        ("your-cookie-secret-goes-here-0123456789", "cookie_placeholder"),
        ("REPLACE_WITH_A_RANDOM_VALUE_abcdefghij", "cookie_placeholder"),
        ("0101010101010101010101010101010101", "cookie_placeholder"),
        ("k3J9-vQ2xLp8Rt5Wz0Yb7Nc4Md6Fh1Sg", None),
    ],
)
def test_cookie_secret_problem(value, problem):
    auth = {} if value is None else {"cookie_secret": value}
    assert identity.cookie_secret_problem(auth) == problem


def test_a_generated_secret_always_passes():
    import secrets

    assert all(identity.weak_secret(secrets.token_urlsafe(48)) is None for _ in range(200))


def test_cookie_secret_problem_reads_secrets_toml_without_an_app(tmp_path, monkeypatch):
    # The start-up check runs outside Streamlit: no secrets.toml at all is "missing".
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert identity.cookie_secret_problem() == "cookie_missing"


@pytest.mark.parametrize(
    ("exp", "is_expired"),
    [
        (None, False),
        (1_000_000 + 1, False),
        (1_000_000, True),
        (999_999.5, True),
        ("2999-01-01", True),
        (True, True),
    ],
)
def test_expired(exp, is_expired):
    claims_ = {} if exp is None else {"exp": exp}
    assert identity.expired(claims_, now=1_000_000) is is_expired


def test_the_example_secrets_file_names_every_setting_and_is_refused_as_it_is():
    import tomllib

    from tests.conftest import REPO

    example = tomllib.loads((REPO / ".streamlit" / "secrets.toml.example").read_text("utf-8"))
    assert identity.missing_auth_keys(example["auth"]) == ()
    assert identity.cookie_secret_problem(example["auth"]) == "cookie_placeholder"
    assert example["nap"]["auth_mode"] in identity.MODES

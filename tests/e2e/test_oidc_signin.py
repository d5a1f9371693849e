"""A real sign-in in a real browser: `streamlit run` in `oidc` mode, a real OpenID Connect
provider on loopback (tests/oidc_provider.py), Debian's Chromium filling in its form.

What each person sees follows from the store's user table, not from the provider.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from nap_data.models import AuditEvent
from nap_data.services import POLICY_OFFICER, SIGNATORY, SYSTEM
from nap_data.services.users import save_user
from nap_data.store import make_engine, read_session
from tests.conftest import REPO
from tests.oidc_provider import Provider, free_port, wait_for, write_secrets

pytestmark = pytest.mark.e2e

SIGNATORY_EMAIL = "signatory@org005.example"
OFFICER_EMAIL = "officer@secretariat.example"
STRANGER_EMAIL = "stranger@elsewhere.example"
SHORT_LIVED_EMAIL = "short.lived@secretariat.example"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    p = Provider(tmp_path_factory.mktemp("oidc") / "provider.log").start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def store(demo_template, tmp_path_factory):
    db = tmp_path_factory.mktemp("oidc-store") / "nap.db"
    shutil.copyfile(demo_template, db)
    engine = make_engine(f"sqlite:///{db}")
    save_user(engine, SYSTEM, SIGNATORY_EMAIL, SIGNATORY, ("ORG005",))
    for email in (OFFICER_EMAIL, SHORT_LIVED_EMAIL):
        save_user(engine, SYSTEM, email, POLICY_OFFICER)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app(provider, store, tmp_path_factory):
    """The app in oidc mode; its secrets.toml given by --secrets.files, so a developer's
    own .streamlit/secrets.toml never takes part."""
    folder = tmp_path_factory.mktemp("oidc-app")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets_file = write_secrets(folder / "secrets.toml", base, provider, secrets.token_urlsafe(48))
    env = {**os.environ, "NAP_DATABASE_URL": str(store.url), "NAP_AUTH": "oidc"}
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py")]
        + ["--server.address", "127.0.0.1", "--server.port", str(port)]
        + ["--server.headless", "true", "--secrets.files", str(secrets_file)],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/_stcore/health", b"ok", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _ready(page, marker: str = "h1"):
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.locator(marker).first.wait_for()


def sign_in(page, app: str, email: str, path: str = "/") -> None:
    """What a person does: open the app, press Sign in, name oneself at the provider.

    Streamlit brings everyone back to the home page after the provider, in a new session,
    so the page (and the language) the person wanted is opened again afterwards.
    """
    page.goto(f"{app}{path}?lang=en")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Authorize Client").wait_for()
    page.locator("input[name='sub']").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app}/")
    _ready(page)
    page.goto(f"{app}{path}?lang=en")
    _ready(page)


def events(engine, email: str) -> list[tuple[str, dict]]:
    with read_session(engine) as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.actor == email).order_by(AuditEvent.id)
        )
        return [(e.action, e.detail) for e in rows]


def review_controls(page) -> int:
    """Review buttons on the Returns page, over all its tabs, whatever they are called."""
    tabs = page.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    found = 0
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
        for control in ("Approve", "Send back", "Restore"):
            found += page.get_by_role("button", name=control).count()
    return found


def open_more_filters(page) -> None:
    page.get_by_test_id("stSidebar").get_by_text("More filters").click()


def nav(page):
    return page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")


def test_an_unsigned_visitor_sees_only_the_sign_in_page(app, page):
    for path in ("/", "/Overview", "/Returns"):
        page.goto(f"{app}{path}?lang=en")
        _ready(page)
        expect(page.locator("h1")).to_have_text(["Sign in"])
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(nav(page)).to_have_count(0)
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)


def test_a_signatory_counts_approved_returns_and_cannot_review(app, page, store):
    sign_in(page, app, SIGNATORY_EMAIL, "/Overview")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Signed in as {SIGNATORY_EMAIL}")).to_be_visible()
    expect(sidebar.get_by_text("Role: signatory")).to_be_visible()
    expect(sidebar.get_by_text("Organisation: ORG005")).to_be_visible()
    expect(nav(page).filter(has_text="Returns")).to_have_count(1)
    open_more_filters(page)
    expect(sidebar.get_by_text("The figures count approved returns.")).to_be_visible()
    expect(sidebar.get_by_role("radiogroup", name="Data")).to_have_count(0)  # no scope choice
    nav(page).filter(has_text="Returns").click()
    expect(page.locator("h1").first).to_have_text("Returns")
    assert review_controls(page) == 0
    assert ("signed_in", {"email": SIGNATORY_EMAIL, "role": "signatory"}) in events(
        store, SIGNATORY_EMAIL
    )


def test_a_policy_officer_chooses_the_data_scope_and_reviews(app, page):
    sign_in(page, app, OFFICER_EMAIL, "/Overview")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Role: policy officer (secretariat)")).to_be_visible()
    open_more_filters(page)
    expect(sidebar.get_by_role("radiogroup", name="Data")).to_be_visible()
    nav(page).filter(has_text="Returns").click()
    expect(page.locator("h1").first).to_have_text("Returns")
    assert review_controls(page) > 0


def test_someone_without_a_role_is_asked_to_contact_the_secretariat(app, page, store):
    sign_in(page, app, STRANGER_EMAIL, "/Overview")
    expect(page.locator("h1")).to_have_text(["No access yet"])
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(STRANGER_EMAIL, exact=False)).to_be_visible()
    expect(main.get_by_text("ask the secretariat", exact=False)).to_be_visible()
    expect(main.get_by_role("button")).to_have_count(1)
    expect(main.get_by_role("button", name="Sign out")).to_be_visible()
    expect(nav(page)).to_have_count(0)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    actions = [a for a, _ in events(store, STRANGER_EMAIL)]
    assert actions and set(actions) == {"access_denied"}  # one per session, never signed_in


def test_signing_out_ends_the_sign_in_and_is_recorded(app, page, store):
    sign_in(page, app, OFFICER_EMAIL)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    # Streamlit sends the browser to the provider's end-session endpoint, then back.
    page.get_by_role("button", name="End session").click()
    _ready(page)
    expect(page.locator("h1")).to_have_text(["Aanmelden"])  # home, in the default language
    page.goto(f"{app}/Overview?lang=en")  # the identity cookie is gone
    _ready(page)
    expect(page.locator("h1")).to_have_text(["Sign in"])
    actions = [(a, d.get("reason")) for a, d in events(store, OFFICER_EMAIL)]
    assert actions[-1] == ("signed_out", "button")
    assert actions.count(("signed_out", "button")) == 1 and ("signed_in", None) in actions


def test_an_id_token_that_expires_during_use_signs_the_session_out(app, page, provider, store):
    # The provider signs the `exp` it is given into the ID token: 40 s of validity.
    lifetime = 40
    started = time.monotonic()
    provider.set_claims(SHORT_LIVED_EMAIL, email=SHORT_LIVED_EMAIL, exp=int(time.time()) + lifetime)
    sign_in(page, app, SHORT_LIVED_EMAIL, "/Overview")
    if time.monotonic() - started > lifetime - 3:
        pytest.fail("signing in took longer than the token lived; the machine is too busy")
    role = page.get_by_test_id("stSidebar").get_by_text("Role: policy officer (secretariat)")
    expect(role).to_be_visible()
    time.sleep(max(0.0, lifetime + 1 - (time.monotonic() - started)))
    nav(page).filter(has_text="Goals").click()  # any rerun checks the time again
    expect(page.locator("h1")).to_have_text(["Sign-in expired"])
    expect(nav(page)).to_have_count(0)
    expect(page.get_by_role("button", name="Sign in again")).to_be_visible()
    actions = [(a, d.get("reason")) for a, d in events(store, SHORT_LIVED_EMAIL)]
    assert actions[-1] == ("signed_out", "expired")
    assert {a for a, _ in actions[:-1]} == {"signed_in"}  # one per session before it

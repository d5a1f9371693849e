"""Who is using the app: the sign-in mode, the signed-in person and their role.

Two modes, set by `NAP_AUTH` (or `auth_mode` under `[nap]` in `.streamlit/secrets.toml`):
`none`, the embedded default for one local user, where everyone acts as admin and every
page says that sign-in is off; and `oidc`, where Streamlit's `st.login` signs people in
with an OpenID Connect provider and the store's user table gives them a role
(services.users). Authority is always checked again by the services.

What `st.user` holds in `oidc` mode (Streamlit 1.67, read from its source): the claims
of the ID token that Authlib verified at the callback (`iss`, `aud`, `sub`, `exp`,
`iat`, `email`, `name`, ...), plus `is_logged_in` and `provider`, all kept in a signed
cookie that lives 30 days and is read once when a session starts. Streamlit itself
never looks at `exp` again, so this module does, on every rerun.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

import streamlit as st

from nap_data.i18n import t
from nap_data.services import ADMIN, ANONYMOUS, Actor, access, users

NONE, OIDC = "none", "oidc"
MODES = (NONE, OIDC)
LOCAL_USER = Actor("local user", ADMIN)
ANONYMOUS_ACTOR = Actor("anonymous", ANONYMOUS)
_KEY = "_actor"
_NOTED = "_identity_noted"  # what this session has written to the audit trail already
# The cookie secret signs the identity cookie: whoever knows it can sign in as anyone.
MIN_SECRET_LENGTH = 32
# Words found in copied examples and tutorials. Six letters or more: a random key of 64
# characters holds a given short word like "xxx" or "your" far too often (about 1 in 500).
_PLACEHOLDER_WORDS = ("change", "placeholder", "example", "replace", "secret", "password")
# A generated key of 32 or more characters uses many different characters.
_MIN_DISTINCT = 10
REQUIRED_AUTH_KEYS = ("redirect_uri", "client_id", "client_secret", "server_metadata_url")
NEW_SECRET_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


def secret(key: str, default=None):
    """A value from secrets.toml; the default when there is no such file or key."""
    from streamlit.errors import StreamlitSecretNotFoundError

    try:
        return st.secrets.get(key, default)
    except StreamlitSecretNotFoundError:
        return default


def mode() -> str:
    value = os.environ.get("NAP_AUTH") or (secret("nap") or {}).get("auth_mode") or NONE
    return value if value in MODES else NONE


def _auth_section(auth: Mapping | None) -> Mapping:
    return (secret("auth") or {}) if auth is None else auth


def weak_secret(value: object) -> str | None:
    """Why `value` is no usable cookie secret ("cookie_missing", "cookie_short",
    "cookie_placeholder"), or None when it will do."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return "cookie_missing"
    if len(text) < MIN_SECRET_LENGTH:
        return "cookie_short"
    lowered = text.lower()
    if any(word in lowered for word in _PLACEHOLDER_WORDS) or len(set(text)) < _MIN_DISTINCT:
        return "cookie_placeholder"
    return None


def cookie_secret_problem(auth: Mapping | None = None) -> str | None:
    """What is wrong with `[auth] cookie_secret` (of `auth`, else of secrets.toml), or None.

    A start-up check calls this; in `oidc` mode every page refuses to run while it says
    something.
    """
    return weak_secret(_auth_section(auth).get("cookie_secret"))


def missing_auth_keys(auth: Mapping | None = None) -> tuple[str, ...]:
    """The `[auth]` settings that `st.login` needs and secrets.toml lacks."""
    section = _auth_section(auth)
    return tuple(key for key in REQUIRED_AUTH_KEYS if not section.get(key))


def expired(claims: Mapping, now: float | None = None) -> bool:
    """True when the ID token's `exp` (seconds since 1970) has passed. A token without
    `exp` breaks the OpenID Connect rules, but the cookie's own 30 days still bound it; an
    `exp` that is no number is taken as expired."""
    exp = claims.get("exp")
    if exp is None:
        return False
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return True
    return exp <= (time.time() if now is None else now)


def resolve(lang: str) -> Actor:
    """The acting user of this rerun; in `oidc` mode draws the sign-in page and stops
    the script when nobody (or nobody with a role) is signed in."""
    if mode() == NONE:
        st.sidebar.info(t("identity.off_banner", lang), icon=":material/lock_open:")
        return _acting(LOCAL_USER)
    _acting(ANONYMOUS_ACTOR)
    _refuse_weak_setup(lang)
    claims = st.user.to_dict()
    if not claims.get("is_logged_in", False):
        _sign_in_page(lang)
    email = users.normalise_email(str(claims.get("email") or ""))
    if expired(claims):
        _expired_page(lang, email)
    from nap_data.ui import loaders

    if not loaders.store_ready():  # page_setup says how to set the store up
        return _acting(Actor(email or ANONYMOUS_ACTOR.name, ANONYMOUS))
    engine = loaders.engine()
    actor = users.principal(engine, email)
    if actor is None:
        _no_role_page(lang, engine, email)
    if _noted("in") != actor.name:
        users.record_sign_in(engine, actor)
        _note("in", actor.name)
    _signed_in_box(lang, engine, actor)
    return _acting(actor)


def _acting(actor: Actor) -> Actor:
    st.session_state[_KEY] = actor
    return actor


def _noted(what: str) -> str | None:
    return st.session_state.get(_NOTED, {}).get(what)


def _note(what: str, email: str) -> None:
    st.session_state[_NOTED] = {**st.session_state.get(_NOTED, {}), what: email}


def _refuse_weak_setup(lang: str) -> None:
    problem = cookie_secret_problem()
    missing = missing_auth_keys()
    if problem is None and not missing:
        return
    lines = [f"**{t('identity.config.title', lang)}**"]
    if problem:
        lines.append(t(f"identity.config.{problem}", lang, minimum=MIN_SECRET_LENGTH))
    if missing:
        lines.append(t("identity.config.missing_keys", lang, keys=", ".join(missing)))
    st.error("\n\n".join(lines), icon=":material/lock:")
    if problem:
        st.markdown(t("identity.config.how", lang))
        st.code(NEW_SECRET_COMMAND, language="bash")
    st.stop()


def _sign_in_page(lang: str) -> None:
    st.title(t("identity.signin.title", lang))
    st.markdown(t("identity.signin.text", lang))
    if st.button(
        t("identity.signin.button", lang), key="sign_in", type="primary", icon=":material/login:"
    ):
        st.login()
    st.stop()


def _no_role_page(lang: str, engine, email: str) -> None:
    # Shown instead of the app: no navigation, no figures, only who and a way out.
    st.title(t("identity.no_role.title", lang))
    if email:
        st.text(t("identity.no_role.text", lang, email=email))
    else:
        st.text(t("identity.no_role.no_email", lang))
    nobody = Actor(email or ANONYMOUS_ACTOR.name, ANONYMOUS)
    if _noted("denied") != nobody.name:  # who tried to get in, once per session
        access.record_denial(engine, nobody, access.VIEW_DASHBOARDS, None)
        _note("denied", nobody.name)
    _sign_out_button(lang, engine, nobody)
    st.stop()


def _expired_page(lang: str, email: str) -> None:
    """The ID token's time is up: this session acts for nobody any more.

    It offers a new sign-in rather than calling `st.logout()` itself, which would send
    the browser to the provider's end-session page: with Microsoft Entra ID that signs
    the person out of every Microsoft service in the browser, once an hour.
    """
    from nap_data.ui import loaders

    if _noted("in") == email and _noted("out") != email and loaders.store_ready():
        engine = loaders.engine()
        who = users.principal(engine, email) or Actor(email, ANONYMOUS)
        users.record_sign_out(engine, who, "expired")
        _note("out", email)
    st.title(t("identity.expired.title", lang))
    st.warning(t("identity.expired.text", lang), icon=":material/timer_off:")
    left, right = st.columns(2)
    if left.button(
        t("identity.expired.sign_in_again", lang),
        key="sign_in_again",
        type="primary",
        icon=":material/login:",
    ):
        st.login()
    if right.button(t("identity.who.sign_out", lang), key="sign_out", icon=":material/logout:"):
        st.logout()
    st.stop()


def _signed_in_box(lang: str, engine, actor: Actor) -> None:
    with st.sidebar.container(border=True):
        # st.text: the address is shown as it is, never read as Markdown.
        st.text(t("identity.who.signed_in_as", lang, email=actor.name))
        st.caption(t("identity.who.role", lang, role=t(f"access.role.{actor.role}", lang)))
        if actor.organisations:
            codes = ", ".join(actor.organisations)
            st.caption(t("identity.who.organisations", lang, codes=codes))
        _sign_out_button(lang, engine, actor, width="stretch")


def _sign_out_button(lang: str, engine, actor: Actor, width: str = "content") -> None:
    if st.button(
        t("identity.who.sign_out", lang), key="sign_out", icon=":material/logout:", width=width
    ):
        users.record_sign_out(engine, actor, "button")
        _note("out", actor.name)
        st.logout()
        st.stop()


def current_actor() -> Actor:
    """The actor `resolve` found for this session (anonymous before it ran)."""
    return st.session_state.get(_KEY) or (LOCAL_USER if mode() == NONE else ANONYMOUS_ACTOR)

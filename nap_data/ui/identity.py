"""Who is using the app: the sign-in mode, the signed-in person and their role.

Two modes, set by `NAP_AUTH` (or `auth_mode` under `[nap]` in `.streamlit/secrets.toml`):
`none`, the embedded default for one local user, where everyone acts as admin and every
page says that sign-in is off; and `oidc`, where Streamlit's `st.login` signs people in
with an OpenID Connect provider and the store's user table gives them a role
(services.users). Authority is always checked again by the services.
"""

from __future__ import annotations

import os

import streamlit as st

from nap_data.services import ADMIN, ANONYMOUS, Actor

NONE, OIDC = "none", "oidc"
MODES = (NONE, OIDC)
LOCAL_USER = Actor("local user", ADMIN)
_KEY = "_actor"


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


def resolve(lang: str) -> Actor:
    """The acting user of this rerun; in `oidc` mode draws the sign-in page and stops
    the script when nobody (or nobody with a role) is signed in."""
    actor = LOCAL_USER if mode() == NONE else ANONYMOUS_ACTOR
    st.session_state[_KEY] = actor
    return actor


ANONYMOUS_ACTOR = Actor("anonymous", ANONYMOUS)


def current_actor() -> Actor:
    """The actor `resolve` found for this session (anonymous before it ran)."""
    return st.session_state.get(_KEY) or (LOCAL_USER if mode() == NONE else ANONYMOUS_ACTOR)

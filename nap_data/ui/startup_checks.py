"""Run the start-up checks (nap_data.startup, and in `oidc` mode the cookie secret) once per
process and store, and refuse to show the app, with a clear message, while any fails."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from nap_data import startup, store
from nap_data.i18n import t
from nap_data.ui import identity, loaders


def server_settings() -> startup.ServerSettings:
    """The settings the running server uses (config.toml, command line or environment)."""
    return startup.ServerSettings(
        xsrf_protection=st.get_option("server.enableXsrfProtection"),
        max_upload_mb=st.get_option("server.maxUploadSize"),
    )


def identity_problems(auth: Mapping | None = None) -> list[str]:
    """With sign-in on, a missing, short or copied cookie secret (it signs every identity
    cookie) stops the app as well; `auth` as in identity.cookie_secret_problem."""
    if identity.mode() != identity.OIDC:
        return []
    problem = identity.cookie_secret_problem(auth)
    return [f"identity.config.{problem}"] if problem else []


# Keyed by the store's URL and sign-in mode: another store or mode gets its own check.
@st.cache_resource(show_spinner=False)
def _problems(url: str, mode: str) -> tuple[str, ...]:
    found = startup.problems(loaders.engine(), server_settings())
    return tuple(found + identity_problems())


def refuse_if_unsafe(lang: str) -> None:
    """Show what is wrong and stop the script; nothing when every check passes."""
    found = _problems(store.database_url(), identity.mode())
    if not found:
        return
    limits = {"limit": startup.MAX_UPLOAD_MB, "minimum": identity.MIN_SECRET_LENGTH}
    lines = [t(key, lang, **limits) for key in found]
    st.error(f"**{t('startup.title', lang)}**", icon=":material/gpp_bad:")
    st.markdown(t("startup.intro", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines))
    st.stop()

"""Run the start-up checks (nap_data.startup) once per process and store, and refuse to show
the app, with a clear message, while any of them fails."""

from __future__ import annotations

import streamlit as st

from nap_data import startup, store
from nap_data.i18n import t
from nap_data.ui import loaders


def server_settings() -> startup.ServerSettings:
    """The settings the running server uses (config.toml, command line or environment)."""
    return startup.ServerSettings(
        xsrf_protection=st.get_option("server.enableXsrfProtection"),
        max_upload_mb=st.get_option("server.maxUploadSize"),
    )


# Keyed by the store's URL: a second store (tests) gets its own check.
@st.cache_resource(show_spinner=False)
def _problems(url: str) -> tuple[str, ...]:
    return tuple(startup.problems(loaders.engine(), server_settings()))


def refuse_if_unsafe(lang: str) -> None:
    """Show what is wrong and stop the script; nothing when every check passes."""
    found = _problems(store.database_url())
    if not found:
        return
    lines = [t(key, lang, limit=startup.MAX_UPLOAD_MB) for key in found]
    st.error(f"**{t('startup.title', lang)}**", icon=":material/gpp_bad:")
    st.markdown(t("startup.intro", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines))
    st.stop()

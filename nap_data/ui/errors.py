"""An uncaught exception in a page: a message in the reader's language with an error id.

The id is in the server log next to the traceback, so a reader can quote it and an
administrator can find what happened; the screen never shows a traceback
(`client.showErrorDetails = "none"` in .streamlit/config.toml covers anything that
happens before `install`). A full disk, a locked store and an unreachable store are
named as such.

`install` is called first thing in `ui.page_setup`. It sets the error handler of this
session's script run (`ScriptRunContext.on_script_error`, which Streamlit 1.67 calls for an
uncaught exception and whose True return suppresses its own error box), so nothing global
is patched and every page is covered without wrapping its body.
"""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from nap_data.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from nap_data.store import store_problem

LOG = get_logger(__name__)
# Store problem -> message key; anything else is "error.page".
MESSAGES = {
    "full": "error.store_full",
    "locked": "error.store_locked",
    "unreachable": "error.store_unreachable",
}


def new_id() -> str:
    """A short id a person can read out, e.g. 'E-3F9A0C1B'."""
    return "E-" + secrets.token_hex(4).upper()


def install() -> None:
    """Let `handle` show this run's uncaught exceptions (this session only)."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = handle


def message(exc: BaseException, lang: str, error_id: str) -> str:
    return t(MESSAGES.get(store_problem(exc) or "", "error.page"), lang, id=error_id)


def handle(exc: BaseException) -> bool:
    """Log `exc` with a new error id, show the reader a message with that id; True tells
    Streamlit that it was shown (no error box of its own)."""
    error_id = new_id()
    page = st.session_state.get("_page", "?")
    kind = store_problem(exc) or "bug"
    LOG.error("error id %s on page %s (%s)", error_id, page, kind, exc_info=exc)
    lang = st.session_state.get("_lang")
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    st.error(message(exc, lang, error_id), icon=":material/error:")
    return True

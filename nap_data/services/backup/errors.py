"""The error a backup or restore raises, and the one line of a tool's message it shows."""

from __future__ import annotations

from nap_data.i18n import t


class BackupError(Exception):
    """A backup or restore that was not made; `code` and `params` make the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params

    def message(self, lang: str) -> str:
        return t(self.code, lang, **self.params)


def error_line(exc_or_text: object) -> str:
    """One line of a message: the first that says "error", else the last."""
    lines = [ln.strip() for ln in str(exc_or_text).strip().splitlines() if ln.strip()]
    if not lines:
        return exc_or_text.__class__.__name__
    return next((ln for ln in lines if "error" in ln.lower()), lines[-1])[:300]

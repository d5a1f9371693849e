"""Translations: every word a user sees, in Dutch (default) and English.

Catalogues are TOML files beside this module, one per area of the product
(`ui.toml`, `returns.toml`, ...). Each entry holds both languages side by side,
so a key can never exist in one language only:

    [overview.title]
    nl = "Overzicht"
    en = "Overview"
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_HERE = Path(__file__).parent


def _flatten(prefix: str, node: dict, out: dict[str, dict[str, str]]) -> None:
    if set(node) & set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
        out[prefix] = node
        return
    for key, child in node.items():
        _flatten(f"{prefix}.{key}" if prefix else key, child, out)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All keys of all area files: {"overview.title": {"nl": ..., "en": ...}}."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(_HERE.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out)
    return out


def normalise_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled in.

    A missing key shows the key itself rather than crashing a board meeting;
    tests make sure no key is missing.
    """
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(normalise_language(lang), key)
    return text.format(**params) if params else text

"""Both languages for every word: complete catalogues, and every key the code uses exists."""

from __future__ import annotations

import re

import pytest

from nap_data.i18n import LANGUAGES, catalogue, t
from nap_data.vocab import ActivityStatus, DataScope, Focus, OrgType, Progress, Sex
from tests.conftest import REPO


def test_every_key_has_both_languages_and_the_same_placeholders():
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        holes = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGUAGES}
        assert holes["nl"] == holes["en"], key


def _literal_keys() -> set[str]:
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    files = [*REPO.glob("nap_data/**/*.py"), *REPO.glob("pages/*.py"), REPO / "app.py"]
    return {m for f in files for m in pattern.findall(f.read_text(encoding="utf-8"))}


def test_every_literal_key_in_the_code_is_in_the_catalogue():
    missing = sorted(k for k in _literal_keys() if k not in catalogue())
    assert not missing


@pytest.mark.parametrize(
    ("kind", "vocab"),
    [("focus", Focus), ("status", ActivityStatus), ("progress", Progress), ("org_type", OrgType),
     ("sex", Sex), ("scope", DataScope)],
)  # fmt: skip
def test_every_vocabulary_value_has_a_label(kind, vocab):
    for member in vocab:
        assert f"{kind}.{member}" in catalogue()


def test_goal_names_come_from_the_plan_not_from_the_catalogue():
    assert not [key for key in catalogue() if re.fullmatch(r"goal\.\d+", key)]


def test_placeholders_are_filled_and_unknown_language_falls_back_to_dutch():
    assert t("chart.returns", "en", year=2024) == "Returns for 2024"
    assert t("page.goals", "fr") == "Doelen"


def test_every_label_key_written_as_a_plain_string_exists():
    """Keys handed over in dicts (table headers) are caught too, not only t("...") calls."""
    sections = {key.split(".")[0] for key in catalogue()}
    alternatives = "|".join(sorted(sections))
    pattern = re.compile(rf"""["']((?:{alternatives})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']""")
    skip = {REPO / "nap_data" / "models.py", REPO / "nap_data" / "i18n" / "__init__.py"}  # FKs, doc
    files = [*REPO.glob("nap_data/**/*.py"), *REPO.glob("pages/*.py"), REPO / "app.py"]
    # The benchmark's figure keys ("returns.import_1000") are developer output, not labels.
    files = [f for f in files if "migrations" not in f.parts and "bench" not in f.parts]
    used = {
        m for f in files if f not in skip for m in pattern.findall(f.read_text(encoding="utf-8"))
    }
    # A family prefix handed to a table ("audit.action" for "audit.action.<code>") exists
    # when the catalogue has keys under it.
    families = {k.rsplit(".", 1)[0] for k in catalogue()}
    missing = sorted(
        k for k in used if k not in catalogue() and k not in families and not k.endswith(".py")
    )
    assert not missing

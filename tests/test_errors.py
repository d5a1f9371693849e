"""Errors and faults: a message in the reader's language with an error id the log holds,
disk full / locked / unreachable named as such, no traceback, no partial output."""

from __future__ import annotations

import errno
import logging
import re
import sqlite3
import tomllib

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from nap_data import cli, exports
from nap_data.store import FULL, LOCKED, UNREACHABLE, StoreError, check_reachable, store_problem
from nap_data.ui import errors, loaders
from tests.conftest import REPO


def _db_error(text: str) -> OperationalError:
    return OperationalError("INSERT INTO x VALUES (1)", {}, sqlite3.OperationalError(text))


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_db_error("database or disk is full"), FULL),
        (OSError(errno.ENOSPC, "No space left on device"), FULL),
        (_db_error("database is locked"), LOCKED),
        (_db_error("unable to open database file"), UNREACHABLE),
        (_db_error('connection to server at "db" failed: Connection refused'), UNREACHABLE),
        (RuntimeError("boom"), None),
        (_db_error("no such table: organisation"), None),
    ],
)
def test_store_problems_are_told_apart(exc, kind):
    assert store_problem(exc) == kind
    wrapped = RuntimeError("while loading")
    wrapped.__cause__ = exc
    assert store_problem(wrapped) == kind


def test_a_full_disk_is_not_called_unreachable(monkeypatch, tmp_path):
    from nap_data.store import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")

    def full(*_a, **_k):
        raise _db_error("database or disk is full")

    monkeypatch.setattr(engine, "connect", full)
    with pytest.raises(StoreError) as caught:
        check_reachable(engine)
    assert caught.value.kind == FULL and "full" in str(caught.value)
    assert "cannot reach" not in str(caught.value)


class _Caught(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def server_log():
    handler = _Caught()
    errors.LOG.addHandler(handler)
    yield handler.records
    errors.LOG.removeHandler(handler)


def _overview(lang: str) -> AppTest:
    at = AppTest.from_file("../pages/1_Overview.py", default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


def _all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "error", "warning", "info", "caption", "exception", "title"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("lang", "exc", "words"),
    [
        ("nl", RuntimeError("secret detail 42"), "Er ging iets mis op deze pagina"),
        ("en", RuntimeError("secret detail 42"), "Something went wrong on this page"),
        ("en", _db_error("database or disk is full"), "disk is full"),
        ("nl", _db_error("database or disk is full"), "schijf van de database is vol"),
        ("en", _db_error("database is locked"), "busy with another process"),
        ("en", _db_error("unable to open database file"), "cannot be reached"),
    ],
)
def test_an_exception_in_a_page_is_a_message_with_an_error_id_in_the_log(
    demo_db, monkeypatch, server_log, lang, exc, words
):
    def broken(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr(loaders, "activities", broken)
    at = _overview(lang)
    assert not at.exception, "no Streamlit error box, no traceback"
    [shown] = [e.value for e in at.error]
    assert words in shown
    error_id = re.search(r"E-[0-9A-F]{8}", shown).group(0)
    logged = [r for r in server_log if error_id in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info[1] is exc  # the log holds the traceback
    assert "secret detail" not in _all_text(at) and "Traceback" not in _all_text(at)


def test_config_hides_error_details_and_caps_uploads():
    from streamlit.config import ShowErrorDetailsConfigOptions as Options

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == Options.NONE
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 10


def _raising(exc):
    def command(_args):
        raise exc

    return command


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (_db_error("database or disk is full"), "disk of the store"),
        (_db_error("database is locked"), "locked by another process"),
        (_db_error("unable to open database file"), "cannot reach the store"),
        (OSError(errno.ENOSPC, "No space left on device", "out.csv"), "the disk is full"),
    ],
)
def test_cli_names_the_problem_in_one_line_with_exit_2(monkeypatch, capsys, exc, words):
    monkeypatch.setitem(cli._COMMANDS, "figures", _raising(exc))
    code = cli.main(["figures", "--from", "2021", "--to", "2022"])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_keeps_the_traceback_of_a_bug(monkeypatch):
    monkeypatch.setitem(cli._COMMANDS, "figures", _raising(_db_error("no such column: x")))
    with pytest.raises(OperationalError):
        cli.main(["figures", "--from", "2021", "--to", "2022"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_to_a_full_disk_leaves_nothing_behind(
    demo_db, tmp_path, monkeypatch, capsys, fmt
):
    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports.os, "fsync", full)
    out = tmp_path / "out" / f"acts.{fmt}"
    out.parent.mkdir()
    assert cli.main(["export", "activities", "-o", str(out)]) == 2
    assert "the disk is full, nothing was written" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


def test_a_template_to_a_full_disk_leaves_nothing_behind(demo_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(exports.os, "fsync", lambda *_a: (_ for _ in ()).throw(OSError(28, "x")))
    out = tmp_path / "out" / "t.xlsx"
    out.parent.mkdir()
    assert cli.main(["template", "--org", "BZ", "--year", "2024", "-o", str(out)]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


def test_the_page_upload_cap_and_the_file_check_cap_are_the_same_number():
    import tomllib

    from nap_data.returns.filecheck import Limits
    from tests.conftest import REPO

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # The browser counts maxUploadSize in decimal megabytes.
    assert config["server"]["maxUploadSize"] * 1000 * 1000 == Limits().max_bytes


def test_a_file_just_over_the_limit_does_not_read_as_the_limit():
    from nap_data.returns.filecheck import Limits, check_file

    data = b"PK" + b"\0" * (Limits().max_bytes - 1)
    (finding,) = check_file(data)
    text = finding.message("en")
    assert "10.1 MB" in text and "10.0 MB" in text, text

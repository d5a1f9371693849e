"""The register service on SQLite and PostgreSQL: import discipline, one-at-a-time edits,
history, who may, expected-to-report from join and leave dates, export round trip."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from sqlalchemy import func, select

from nap_data import metrics, queries
from nap_data.framework import DEFAULT_FRAMEWORK
from nap_data.models import AuditEvent, Organisation
from nap_data.register.frames import reminder, with_contacts
from nap_data.returns.content import ReturnContent
from nap_data.services import Actor
from nap_data.services.register import (
    RegisterError,
    add_organisation,
    export_register,
    import_register,
    mark_left,
    organisation_history,
    update_organisation,
)
from nap_data.services.setup import init_store
from nap_data.services.submissions import add_version
from nap_data.store import data_version, make_engine, read_session, write_session
from tests.test_register_file import HEADER_EN, HEADER_NL, to_csv, to_xlsx

ME = Actor("secretariaat@example.org", "admin")
ROWS = [
    ["BZ", "Buitenlandse Zaken", "ministerie", "2020-12-11", "", "Wij doen mee", "1; 3",
     "nap@bz.example", "https://www.rijksoverheid.nl"],
    ["POL", "Politie", "overheid", "2020-12-11", "1-1-2024", "", "2", "", ""],
    ["DEC", "Vertrekt eind 2024", "maatschappelijke organisatie", "2020-06-01", "31-12-2024",
     "", "4", "dec@x.example", ""],
    ["NEW", "Nieuw eind 2023", "kennisinstelling", "31-12-2023", "", "", "5", "", ""],
]  # fmt: skip


def register_file(rows=ROWS, kind="csv") -> bytes:
    return to_csv([HEADER_NL, *rows]) if kind == "csv" else to_xlsx([HEADER_NL, *rows])


def org_count(engine) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(Organisation))


def events(engine, action: str) -> list[AuditEvent]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_dry_run_equals_commit_writes_nothing_then_the_same_file_is_unchanged(any_engine, kind):
    data = register_file(kind=kind)
    before = data_version(any_engine)
    dry = import_register(any_engine, data, f"r.{kind}", ME, dry_run=True, lang="en")
    assert dry.status == "accepted" and dry.dry_run
    assert data_version(any_engine) == before and org_count(any_engine) == 0
    real = import_register(any_engine, data, f"r.{kind}", ME, lang="en")
    assert real.counts == dry.counts == {"added": 4, "changed": 0, "unchanged": 0, "not_in_file": 0}
    assert (
        real.summary("en")
        == dry.summary("en")
        == "4 added, 0 changed, 0 unchanged, 0 not in the file."
    )
    assert len(events(any_engine, "organisation_added")) == 4
    after = data_version(any_engine)
    again = import_register(any_engine, data, f"r.{kind}", ME)
    assert again.status == "unchanged" and again.counts["unchanged"] == 4
    assert data_version(any_engine) == after, "an identical file writes nothing"


def test_stored_values_and_the_register_frame(any_engine):
    import_register(any_engine, register_file(), "r.csv", ME)
    orgs = queries.load_organisations(any_engine)
    bz = orgs.filter(pl.col("organisation_code") == "BZ").row(0, named=True)
    assert bz["organisation_type"] == "ministry" and bz["pledged_goals"] == [1, 3]
    assert bz["contact_email"] == "nap@bz.example" and bz["website"].startswith("https://")
    pol = orgs.filter(pl.col("organisation_code") == "POL").row(0, named=True)
    assert pol["organisation_type"] == "government" and pol["left_on"] == dt.date(2024, 1, 1)
    assert pol["active"] is False and pol["contact_email"] is None


def test_one_changed_cell_is_one_change_with_old_and_new_in_the_audit_trail(any_engine):
    import_register(any_engine, register_file(), "r.csv", ME)
    rows = [list(r) for r in ROWS]
    rows[0][7] = "nieuw@bz.example"
    result = import_register(any_engine, register_file(rows), "r2.csv", ME)
    assert result.counts == {"added": 0, "changed": 1, "unchanged": 3, "not_in_file": 0}
    (change,) = result.changes
    assert change.fields == {"contact_email": ("nap@bz.example", "nieuw@bz.example")}
    (event,) = events(any_engine, "organisation_changed")
    assert event.actor == ME.name and event.detail["changes"] == {
        "contact_email": ["nap@bz.example", "nieuw@bz.example"]
    }
    assert event.detail["file"] == "r2.csv"


def test_a_rename_keeps_id_returns_and_history_and_codes_match_case_insensitively(any_engine):
    import_register(any_engine, register_file(), "r.csv", ME)
    with write_session(any_engine) as s:
        org = s.scalar(select(Organisation).where(Organisation.code == "BZ"))
        org_id = org.id
        add_version(s, ME, org, ReturnContent("BZ", 2023, 1, (), (), ()), source="upload")
    rows = [list(r) for r in ROWS]
    rows[0][:2] = ["bz", "Ministerie van Buitenlandse Zaken"]
    result = import_register(any_engine, register_file(rows), "r.csv", ME)
    assert result.counts["changed"] == 1 and result.counts["added"] == 0
    orgs = queries.load_organisations(any_engine)
    bz = orgs.filter(pl.col("organisation_id") == org_id).row(0, named=True)
    assert bz["organisation_code"] == "BZ", "the register keeps its own spelling of the code"
    assert bz["organisation_name"] == "Ministerie van Buitenlandse Zaken"
    assert queries.load_submissions(any_engine)["organisation_name"].to_list() == [
        "Ministerie van Buitenlandse Zaken"
    ]
    history = organisation_history(any_engine, "bz")
    assert history["action"].unique(maintain_order=True).to_list() == ["added", "changed"]
    renamed = history.filter(pl.col("field") == "name").tail(1).row(0, named=True)
    assert (renamed["old"], renamed["new"]) == ("Buitenlandse Zaken", renamed["new"])


def test_organisations_not_in_the_file_are_kept_and_said(any_engine):
    import_register(any_engine, register_file(), "r.csv", ME)
    result = import_register(any_engine, register_file(ROWS[:2]), "r.csv", ME, lang="en")
    assert result.status == "unchanged" and result.not_in_file == ["DEC", "NEW"]
    assert "not deleted and not marked as left" in result.summary("en")
    assert org_count(any_engine) == 4


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [(4, "2019-01-01", "left_before_joined"), (6, "1; 6", "goal_unknown"),
     (2, "bedrijf", "type_unknown")],
)  # fmt: skip
def test_one_bad_row_rejects_the_whole_file_and_writes_nothing(any_engine, column, value, code):
    rows = [list(r) for r in ROWS]
    rows[2][column] = value
    before = data_version(any_engine)
    result = import_register(any_engine, register_file(rows), "r.csv", ME)
    assert result.status == "rejected" and [f.code for f in result.errors] == [
        f"register.file.{code}"
    ]
    assert result.errors[0].params["row"] == 4
    assert org_count(any_engine) == 0 and data_version(any_engine) == before


def test_a_four_goal_plan_takes_goal_four_and_refuses_goal_five(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'four.db'}")
    init_store(engine, framework_path=DEFAULT_FRAMEWORK.parent / "example_four_goals.toml")
    rows = [["A", "A", "overig", "2028-01-01", "", "", "4", "", ""]]
    assert import_register(engine, register_file(rows), "r.csv", ME).status == "accepted"
    rows = [["B", "B", "overig", "2028-01-01", "", "", "5", "", ""]]
    result = import_register(engine, register_file(rows), "r.csv", ME, lang="en")
    assert result.status == "rejected" and "(1, 2, 3, 4)" in result.errors[0].message("en")
    engine.dispose()


def test_expected_to_report_by_year_follows_join_and_leave_dates(any_engine):
    import_register(any_engine, register_file(), "r.csv", ME)
    orgs, subs = queries.load_organisations(any_engine), queries.load_submissions(any_engine)
    expected = {
        year: metrics.returns_status(orgs, subs, year)["organisation_code"].to_list()
        for year in (2022, 2023, 2024, 2025)
    }
    assert expected == {
        2022: ["BZ", "DEC", "POL"],
        2023: ["BZ", "DEC", "NEW", "POL"],  # NEW joined on 31 December 2023
        2024: ["BZ", "NEW"],  # POL left on 1 January, DEC on 31 December 2024
        2025: ["BZ", "NEW"],
    }
    status = with_contacts(metrics.returns_status(orgs, subs, 2023), orgs)
    dec = status.filter(pl.col("organisation_code") == "DEC").row(0, named=True)
    assert dec["contact_email"] == "dec@x.example" and dec["state"] == "missing"
    found = reminder(status, "NAP 1325: rapportage 2023")
    assert found.addresses == ("nap@bz.example", "dec@x.example")
    assert found.without_address == 2  # NEW and POL have no address
    assert found.url == (
        "mailto:?bcc=nap@bz.example,dec@x.example&subject=NAP%201325%3A%20rapportage%202023"
    )


def test_add_edit_leave_one_at_a_time_each_audited_with_reason(any_engine):
    values = {"code": "ki1", "name": "Kennis", "type": "knowledge"}
    values |= {"joined_on": dt.date(2022, 1, 1), "pledged_goals": [2]}
    added = add_organisation(any_engine, ME, values)
    assert added.action == "added" and added.fields["name"] == (None, "Kennis")
    with pytest.raises(RegisterError) as taken:
        add_organisation(any_engine, ME, {**values, "code": "KI1"})
    assert taken.value.code == "register.exists"
    with pytest.raises(RegisterError) as no_reason:
        update_organisation(any_engine, ME, "KI1", {"name": "Kennis NL"}, reason=" ")
    assert no_reason.value.code == "register.reason_required"
    change = update_organisation(any_engine, ME, "KI1", {"name": "Kennis NL"}, "nieuwe naam")
    assert change.fields == {"name": ("Kennis", "Kennis NL")}
    with pytest.raises(RegisterError) as same:
        update_organisation(any_engine, ME, "KI1", {"name": "Kennis NL"}, "nog eens")
    assert same.value.code == "register.no_change"
    with pytest.raises(RegisterError) as code:
        update_organisation(any_engine, ME, "KI1", {"code": "KI2"}, "andere code")
    assert code.value.code == "register.code_fixed"
    with pytest.raises(RegisterError) as early:
        mark_left(any_engine, ME, "ki1", dt.date(2021, 1, 1), "te vroeg")
    assert "before the date of joining" in " ".join(early.value.messages("en"))
    left = mark_left(any_engine, ME, "ki1", dt.date(2024, 6, 30), "gestopt met het plan")
    assert left.fields == {"left_on": (None, "2024-06-30")}
    with pytest.raises(RegisterError) as twice:
        mark_left(any_engine, ME, "KI1", dt.date(2024, 7, 1), "nog eens")
    assert "30 Jun 2024" in twice.value.messages("en")[0]
    history = organisation_history(any_engine, "KI1")
    assert history.select("action", "field", "old", "new", "reason").rows()[-2:] == [
        ("changed", "name", "Kennis", "Kennis NL", "nieuwe naam"),
        ("left", "left_on", None, "2024-06-30", "gestopt met het plan"),
    ]
    assert set(history["actor"]) == {ME.name}
    with pytest.raises(RegisterError) as unknown:
        organisation_history(any_engine, "NOPE")
    assert unknown.value.code == "register.unknown"


def test_invalid_form_values_say_what_is_wrong(any_engine):
    with pytest.raises(RegisterError) as bad:
        add_organisation(any_engine, ME, {"code": "X", "name": "", "type": "bank"}, lang="en")
    messages = bad.value.messages("en")
    assert messages[0] == "The details were not saved:"
    assert any("column 'Name'" in m and "required" in m for m in messages)
    assert any("'bank' is not an organisation type" in m for m in messages)
    assert org_count(any_engine) == 0


def test_a_signatory_is_refused_with_a_reason_and_the_refusal_is_recorded(any_engine):
    signatory = Actor("someone@org.example", "signatory", "ORG005")
    calls = [
        lambda: import_register(any_engine, register_file(), "r.csv", signatory),
        lambda: add_organisation(any_engine, signatory, {"code": "X"}),
        lambda: mark_left(any_engine, signatory, "BZ", dt.date(2024, 1, 1), "weg"),
    ]
    for call in calls:
        with pytest.raises(RegisterError) as refused:
            call()
        assert refused.value.code == "register.refused"
        assert "ORG005" in refused.value.messages("en")[0]
    refusals = events(any_engine, "access_denied")
    assert [e.detail["attempted"] for e in refusals] == ["change_register"] * 3
    assert {e.actor for e in refusals} == {"someone@org.example"} and org_count(any_engine) == 0


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_export_then_import_is_unchanged(any_engine, tmp_path, suffix, lang):
    rows = [list(r) for r in ROWS]
    # Formula-like at the start and after separators: the export neutralises, the import undoes.
    rows[0][5] = '=HYPERLINK("x"); -meer vrouwen,@aan tafel\n+1 \'al'
    import_register(any_engine, register_file(rows), "r.csv", ME)
    path = tmp_path / f"register.{suffix}"
    assert export_register(any_engine, path, lang) == 4
    result = import_register(any_engine, path.read_bytes(), path.name, ME)
    assert result.status == "unchanged" and result.counts["unchanged"] == 4, result.findings
    assert result.errors == []


def test_english_headers_and_an_export_of_the_other_language(any_engine):
    data = to_csv([HEADER_EN, *ROWS])
    assert import_register(any_engine, data, "r.csv", ME).counts["added"] == 4

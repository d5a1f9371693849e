"""Importing returns through the CLI: versions, idempotency, dry run, rejection, restore."""

from __future__ import annotations

import json

import openpyxl
import polars as pl
import pytest

from nap_data.services import SYSTEM
from nap_data.services.review import ReviewError, approve, restore, return_for_revision
from nap_data.store import write_session
from tests.test_cli import cli


def _template(url: str, tmp_path, org="ORG005", year=2025):
    out = tmp_path / f"{org}-{year}.xlsx"
    result = cli("template", "--org", org, "--year", str(year), "-o", str(out), url=url)
    assert result.returncode == 0, result.stderr
    return out


def _import(url, *files, dry=False):
    args = ["import", *map(str, files), "--json"] + (["--dry-run"] if dry else [])
    result = cli(*args, url=url)
    return result, [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _set_cell(path, sheet_names, cell, value, out):
    wb = openpyxl.load_workbook(path)
    ws = next(wb[n] for n in sheet_names if n in wb.sheetnames)
    ws[cell] = value
    wb.save(out)
    return out


@pytest.fixture
def url(demo_db):
    return f"sqlite:///{demo_db}"


def test_dry_run_summary_equals_commit_summary_and_writes_nothing(url, tmp_path):
    path = _template(url, tmp_path)
    before = cli("export", "activities", "-o", str(tmp_path / "before.csv"), url=url)
    assert before.returncode == 0
    dry, (dry_json,) = _import(url, path, dry=True)
    assert dry.returncode == 0 and dry_json["status"] == "accepted" and dry_json["dry_run"]
    cli("export", "activities", "-o", str(tmp_path / "after_dry.csv"), url=url)
    assert (tmp_path / "before.csv").read_bytes() == (tmp_path / "after_dry.csv").read_bytes()
    real, (real_json,) = _import(url, path)
    assert real_json["status"] == "accepted"
    assert real_json["counts"] == dry_json["counts"]


def test_identical_reupload_is_unchanged(url, tmp_path):
    path = _template(url, tmp_path)
    _import(url, path)
    result, (again,) = _import(url, path)
    assert result.returncode == 0 and again["status"] == "unchanged"


def test_one_changed_cell_gives_one_changed(url, tmp_path):
    path = _template(url, tmp_path, org="BZ")
    _import(url, path)
    wb = openpyxl.load_workbook(path)
    sheet = next(n for n in ("Activiteiten", "Activities") if n in wb.sheetnames)
    ws = wb[sheet]
    header_row = next(
        r
        for r in range(1, 10)
        if any(str(c.value).strip().lower() in ("budget (eur)",) for c in ws[r] if c.value)
    )
    col = next(
        c.column_letter
        for c in ws[header_row]
        if c.value and str(c.value).strip().lower() == "budget (eur)"
    )
    ws[f"{col}{header_row + 1}"] = 123456
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    _result, (out,) = _import(url, changed)
    assert out["status"] == "accepted"
    assert out["counts"]["activities_changed"] == 1
    assert out["counts"]["activities_new"] == 0


def test_rejected_file_changes_no_exported_data_and_exits_1(url, tmp_path):
    path = _template(url, tmp_path)
    wb = openpyxl.load_workbook(path)
    about = next(wb[n] for n in ("Over", "About") if n in wb.sheetnames)
    for row in about.iter_rows():
        if row[0].value and str(row[0].value).strip() in ("Organisatiecode", "Organisation code"):
            row[1].value = "NOPE"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    cli("export", "indicators", "-o", str(tmp_path / "before.csv"), url=url)
    result, (out,) = _import(url, bad)
    assert result.returncode == 1 and out["status"] == "rejected" and out["errors"]
    assert {"sheet", "cell", "column", "value", "message"} <= set(out["errors"][0])
    cli("export", "indicators", "-o", str(tmp_path / "after.csv"), url=url)
    assert (tmp_path / "before.csv").read_bytes() == (tmp_path / "after.csv").read_bytes()


def test_empty_or_non_workbook_files_are_rejected_and_missing_file_is_usage(url, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result, (out,) = _import(url, empty)
    assert result.returncode == 1 and out["status"] == "rejected"
    missing = cli("import", str(tmp_path / "nope.xlsx"), url=url)
    assert missing.returncode == 2


def test_review_rules_and_restore_bring_back_the_old_content(demo_engine):
    import dataclasses

    from sqlalchemy import select

    from nap_data import queries
    from nap_data.framework import load_framework
    from nap_data.models import Organisation, Submission
    from nap_data.returns.template import build_template
    from nap_data.services.imports import import_return
    from nap_data.services.review import content_of
    from nap_data.services.submissions import prefill_activities
    from nap_data.store import read_session

    with read_session(demo_engine) as s:
        rows = prefill_activities(s, "BZ", 2025)
    changed = [dataclasses.replace(rows[0], budget_eur=987_654.0), *rows[1:]]
    data = build_template(load_framework(), "BZ", "BZ", 2025, changed, "nl")
    assert import_return(demo_engine, data, "v2.xlsx", SYSTEM).status == "accepted"
    newest_version = (
        select(Submission)
        .join(Organisation)
        .where(Organisation.code == "BZ", Submission.year == 2025)
        .order_by(Submission.version)
    )
    with write_session(demo_engine) as s:
        versions = s.scalars(newest_version).all()
        old, new = versions[-2], versions[-1]
        with pytest.raises(ReviewError, match="review.comment_required"):
            return_for_revision(s, SYSTEM, new.id, "  ")
        if old.review_status == "submitted":
            with pytest.raises(ReviewError, match="review.superseded"):
                approve(s, SYSTEM, old.id)
        approve(s, SYSTEM, new.id)
        with pytest.raises(ReviewError, match="review.only_submitted"):
            approve(s, SYSTEM, new.id)
        old_id, old_content = old.id, content_of(s, old)
    with write_session(demo_engine) as s:
        restored = restore(s, SYSTEM, old_id)
        assert restored.restored_from_id == old_id and restored.review_status == "submitted"
        assert content_of(s, restored).activities == old_content.activities
        restored_id = restored.id
    with (
        write_session(demo_engine) as s,
        pytest.raises(ReviewError, match="review.already_current"),
    ):
        restore(s, SYSTEM, restored_id)
    shown = queries.load_activities(demo_engine).filter(
        (pl.col("organisation_code") == "BZ") & (pl.col("year") == 2025)
    )
    assert 987_654.0 not in shown["budget_eur"].to_list()
    assert set(shown["submission_id"].to_list()) == {restored_id}


def test_signatory_may_only_submit_for_its_own_organisation(demo_engine, tmp_path):
    from nap_data.framework import load_framework
    from nap_data.returns.samples import clean_return
    from nap_data.services import Actor
    from nap_data.services.imports import import_return

    data = clean_return(load_framework())  # a BZ return
    other = Actor("someone@org5", "signatory", "ORG005")
    result = import_return(demo_engine, data, "bz.xlsx", other, lang="en")
    assert result.status == "rejected"
    assert any(f.code.endswith("org_mismatch") for f in result.errors)
    own = Actor("someone@bz", "signatory", "BZ")
    assert import_return(demo_engine, data, "bz.xlsx", own, dry_run=True).status == "accepted"


@pytest.mark.parametrize("kind", ["empty", "csv", "macro", "truncated"])
def test_hostile_files_through_the_import_path_change_nothing(demo_engine, kind):
    import io as _io
    import zipfile

    from nap_data.framework import load_framework
    from nap_data.returns.samples import clean_return
    from nap_data.services import SYSTEM
    from nap_data.services.imports import import_return
    from nap_data.store import data_version

    good = clean_return(load_framework())
    if kind == "macro":
        buf = _io.BytesIO()
        with zipfile.ZipFile(_io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("xl/vbaProject.bin", b"\x00" * 64)
        good = buf.getvalue()
    data = {"empty": b"", "csv": b"a;b\n1;2\n", "truncated": good[: len(good) // 2]}.get(kind, good)
    before = data_version(demo_engine)
    result = import_return(demo_engine, data, f"{kind}.xlsx", SYSTEM)
    assert result.status == "rejected" and result.errors
    assert data_version(demo_engine) == before


def test_unusually_high_budget_is_a_warning_not_an_error(demo_engine):
    import dataclasses

    from nap_data.framework import load_framework
    from nap_data.returns.samples import ACTIVITIES_ROWS, SAMPLE_NAME
    from nap_data.returns.template import build_template
    from nap_data.services import SYSTEM
    from nap_data.services.imports import import_return

    rows = [dataclasses.replace(ACTIVITIES_ROWS[0], budget_eur=40_000_000.0)]
    data = build_template(load_framework(), "ORG005", SAMPLE_NAME, 2025, rows, "nl")
    result = import_return(demo_engine, data, "x.xlsx", SYSTEM, dry_run=True, lang="en")
    assert result.status == "accepted"
    assert any(w.code == "returns.import.budget_unusual" for w in result.warnings)


def _service_template(engine, org: str, year: int) -> bytes:
    from nap_data.framework import load_framework
    from nap_data.returns.template import build_template
    from nap_data.services.review import prefill
    from nap_data.store import read_session

    with read_session(engine) as s:
        start = prefill(s, org, year)
    return build_template(
        load_framework(),
        org,
        org,
        year,
        start.activities,
        "nl",
        indicators=start.indicators,
        narratives=start.narratives,
    )


@pytest.mark.parametrize(("org", "year"), [("DEF", 2022), ("BZ", 2024), ("OCW", 2025)])
def test_an_untouched_template_of_any_year_is_all_unchanged(demo_engine, org, year):
    from nap_data.services import SYSTEM
    from nap_data.services.imports import import_return

    data = _service_template(demo_engine, org, year)
    result = import_return(demo_engine, data, "t.xlsx", SYSTEM, dry_run=True)
    assert result.status == "accepted", [f.message("en") for f in result.errors]
    counts = result.counts
    assert counts["activities_changed"] == 0 and counts["activities_new"] == 0
    assert counts["activities_unchanged"] > 0 and counts["activities_removed"] == 0
    # a correction copy keeps the indicator values and narratives of that year's version
    from nap_data import queries

    stored = queries.load_indicator_values(demo_engine).filter(
        (pl.col("organisation_code") == org) & (pl.col("reporting_year") == year)
    )
    assert counts["indicator_values"] == stored.height


def test_a_removed_activity_does_not_come_back_in_the_next_template(demo_engine):
    import io as _io

    from nap_data.returns.layout import ACTIVITIES, norm
    from nap_data.services import SYSTEM
    from nap_data.services.imports import import_return

    data = _service_template(demo_engine, "BZ", 2025)
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    ws = wb[ACTIVITIES.nl]
    header = next(r for r in range(1, 31) if any(norm(c.value) == "titel" for c in ws[r]))
    before = sum(1 for r in ws.iter_rows(min_row=header + 1) if any(c.value for c in r))
    ws.delete_rows(header + 1)
    buffer = _io.BytesIO()
    wb.save(buffer)
    result = import_return(demo_engine, buffer.getvalue(), "less.xlsx", SYSTEM)
    assert result.counts["activities_removed"] == 1
    again = openpyxl.load_workbook(_io.BytesIO(_service_template(demo_engine, "BZ", 2025)))[
        ACTIVITIES.nl
    ]
    after = sum(1 for r in again.iter_rows(min_row=header + 1) if any(c.value for c in r))
    assert after == before - 1


def test_organisation_code_in_another_case_is_accepted_as_the_registers(demo_engine):
    import io as _io

    from nap_data.framework import load_framework
    from nap_data.returns.samples import clean_return
    from nap_data.services.imports import import_return

    wb = openpyxl.load_workbook(_io.BytesIO(clean_return(load_framework())))
    about = next(wb[n] for n in ("Over", "About") if n in wb.sheetnames)
    for row in about.iter_rows():
        if row[1].value == "BZ":
            row[1].value = "bz"
    buffer = _io.BytesIO()
    wb.save(buffer)
    result = import_return(demo_engine, buffer.getvalue(), "bz.xlsx", SYSTEM, dry_run=True)
    assert result.status == "accepted" and result.organisation == "BZ"

"""AppTest smoke tests: every page runs on the demo store, in both languages."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from nap_data.ui import PAGES

PAGE_PATHS = [path for _key, path, _icon in PAGES]


def run_page(path: str, lang: str = "nl", **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in {"lang": lang, **params}.items():
        at.query_params[key] = value
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_runs_without_exception(demo_db, path, lang):
    at = run_page(path, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page shows a title"


def test_overview_shows_key_figures_for_the_chosen_year(demo_db):
    at = run_page("pages/1_Overview.py")
    at.select_slider(key="years").set_value((2021, 2024)).run()
    labels = [m.label for m in at.metric]
    assert "Ondertekenaars" in labels and "Rapportages ontvangen" in labels
    assert "2024" in at.caption[0].value
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 4
    assert json.loads(charts[0].proto.spec)["title"]["text"].startswith("Activiteiten per doel")


def test_demo_banner_is_visible(demo_db):
    at = run_page("app.py", "en")
    assert any("Demo data" in w.value for w in at.sidebar.warning)


def test_store_not_initialised_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("NAP_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    at = run_page("app.py", "en")
    assert at.error and "python -m nap_data init" in at.error[0].value


def test_filters_in_the_url_apply_and_survive_a_page_switch(demo_db):
    at = run_page("pages/2_Goals.py", "en", goals="3", focus="foreign", year_to="2024")
    assert at.multiselect(key="goal").value == [3]
    assert at.select_slider(key="years").value == (2021, 2024)
    at.switch_page("pages/1_Overview.py").run()
    assert at.title[0].value == "Overview"
    assert "2024" in at.caption[0].value
    assert at.multiselect(key="goal").value == [3]


def test_the_address_bar_holds_the_current_view(demo_db):
    at = run_page("pages/1_Overview.py", "en")
    at.multiselect(key="focus").set_value(["national"]).run()
    assert at.query_params["focus"] == "national"
    assert at.query_params["lang"] == "en"


def test_upload_preview_import_approve(demo_db, tmp_path):
    import datetime as dt

    from nap_data.framework import load_framework
    from nap_data.returns.content import ActivityRow
    from nap_data.returns.template import build_template

    row = ActivityRow(
        title="Nieuwe training",
        goal_number=3,
        focus="foreign",
        countries=("ML",),
        status="ongoing",
        start_date=dt.date(2025, 3, 1),
        reference="NEW-1",
    )
    data = build_template(load_framework(), "ORG005", "Org", 2025, [row], "nl")
    at = run_page("pages/5_Returns.py", "en")
    at.file_uploader(key="upload").upload(
        "ret.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ).run()
    assert not at.exception
    assert any(m.label == "New" and m.value == "1" for m in at.metric)
    at.button(key="import_1").click().run()
    assert any("Imported as version" in s.value for s in at.success)
    from sqlalchemy import select

    from nap_data.models import Organisation, Submission
    from nap_data.store import database_url, make_engine, read_session

    engine = make_engine(database_url())
    newest = (
        select(Submission)
        .join(Organisation)
        .where(Organisation.code == "ORG005", Submission.year == 2025)
        .order_by(Submission.version.desc())
    )
    with read_session(engine) as s:
        version_id = s.scalars(newest).first().id
    at.selectbox(key="review_pick").set_value(version_id).run()
    at.button(key="approve").click().run()
    assert not at.exception
    with read_session(engine) as s:
        assert s.scalars(newest).first().review_status == "approved"
    engine.dispose()


def test_presentation_mode_walks_through_all_slides(demo_db):
    from nap_data.queries import load_plan
    from nap_data.slides import sequence
    from nap_data.store import database_url, make_engine

    engine = make_engine(database_url())
    slides = sequence(load_plan(engine))
    engine.dispose()

    at = run_page("app.py", "en", present="1", year_to="2024")
    assert not at.exception
    assert not at.sidebar.button, "no sidebar controls in presentation mode"
    titles = []
    for _ in slides:
        titles.append(at.markdown[0].value)
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
        assert not at.exception
    assert len(titles) == len(slides) == 9 and len(set(titles)) == len(slides)
    assert "2024" in titles[0]
    at.button(key="leave").click().run()
    assert "present" not in at.query_params


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_runs_with_filters_applied(demo_db, path):
    at = run_page(
        path,
        "en",
        goals="3",
        focus="foreign",
        regions="eastern_africa",
        year_from="2023",
        year_to="2024",
        scope="approved",
    )
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="goal").value == [3]
    assert at.radio(key="scope").value == "approved"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_copes_with_a_selection_that_matches_nothing(demo_db, path):
    at = run_page(path, "nl", countries="IS", year_from="2021", year_to="2021")
    assert not at.exception, [e.value for e in at.exception]


def test_a_rejected_upload_is_shown_by_cell_and_recorded_once(demo_db):
    from sqlalchemy import func, select

    from nap_data.framework import load_framework
    from nap_data.models import AuditEvent
    from nap_data.returns.samples import return_with_mistakes
    from nap_data.store import database_url, make_engine, read_session

    at = run_page("pages/5_Returns.py", "en")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="upload").upload(
        "bad.xlsx", return_with_mistakes(load_framework()), xlsx
    ).run()
    assert not at.exception
    findings = next(d.value for d in at.dataframe if "cell" in d.value.columns)
    cells = list(findings["cell"])
    assert "D3" in cells and "B4" in cells
    at.run()  # a rerun must not record the same rejection again
    engine = make_engine(database_url())
    with read_session(engine) as s:
        rejected = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "upload_rejected")
        )
    engine.dispose()
    assert rejected == 1

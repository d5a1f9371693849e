"""The Reports page (AppTest): period, data and language, the candidate quotes with a box
each, one click builds every file, and a quote left out is named in the annex."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from nap_data import queries
from nap_data.labels import unmd
from nap_data.models import AuditEvent
from nap_data.store import make_engine
from nap_data.ui.report_panel import RESULT


def _page(lang: str = "nl", **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=600)
    for key, value in {"lang": lang, **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/13_Reports.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_offers_period_data_language_quotes_and_the_build(demo_db, lang):
    at = _page(lang, year_from="2022", year_to="2023")
    assert at.select_slider(key="report_period").value == (2022, 2023)
    build = "Rapportage maken" if lang == "nl" else "Make the report"
    assert [b.label for b in at.button if b.label == build] == [build]
    word = "kandidaten" if lang == "nl" else "candidates"
    goals = [unmd(e.label) for e in at.expander if e.label.endswith(word)]
    engine = make_engine(f"sqlite:///{demo_db}")
    plan = queries.load_plan(engine)
    engine.dispose()
    assert [g.rsplit(":", 1)[0] for g in goals] == list(plan.goal_labels(lang).values())
    assert any(key.startswith("quote_") for key in (c.key for c in at.checkbox))


def test_one_click_makes_every_file_and_a_left_out_quote_is_in_the_annex(demo_db):
    at = _page("en", year_from="2023", year_to="2023", goals="2")
    box = next(c for c in at.checkbox if c.key.startswith("quote_"))
    left_out = box.key.removeprefix("quote_")
    box.check().run()
    next(b for b in at.button if b.label == "Make the report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state[RESULT]
    assert set(result["files"]) == {"docx", "pdf", "html", "xlsx", "charts"}
    names = {name.rsplit(".", 1)[-1] for name, _data in result["files"].values()}
    assert names == {"docx", "pdf", "html", "xlsx", "zip"}
    document = docx.Document(io.BytesIO(result["files"]["docx"][1]))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert left_out in cells  # the methods annex lists the quote that was left out
    downloads = at.get("download_button")
    assert len(downloads) == 5
    engine = make_engine(f"sqlite:///{demo_db}")
    with engine.connect() as conn:
        made = conn.execute(
            select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == "report_made")
        ).all()
    engine.dispose()
    assert len(made) == 1 and made[0].detail["excluded_quotes"] == [left_out]
    assert made[0].detail["filters"]["goals"] == "2"

"""The Framework page: a changed framework is shown as its difference and applied only when
confirmed; a removal with reported values is refused; the indicator page tells of the change."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from nap_data.framework import DEFAULT_FRAMEWORK
from nap_data.models import Indicator
from nap_data.store import read_session

FRAMEWORK = "pages/10_Framework.py"


def _page(path: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(path).run()
    return at


def _upload(at: AppTest, text: str) -> AppTest:
    at.file_uploader(key="framework_file").upload(
        "nap_iv.toml", text.encode("utf-8"), "application/toml"
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _target(engine) -> float:
    with read_session(engine) as s:
        return s.scalar(select(Indicator.target).where(Indicator.code == "P1.1"))


def test_a_changed_target_is_previewed_then_applied(demo_engine):
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace("target = 2500", "target = 3000")
    at = _upload(_page(FRAMEWORK), text)
    changes = next(d.value for d in at.dataframe if "what" in d.value.columns)
    assert changes["what"].to_list() == ["indicator P1.1: target from '2500' to '3000'"]
    assert _target(demo_engine) == 2500  # nothing changes before the confirmation
    at.button(key="framework_apply").click().run()
    assert any("has been updated" in s.value for s in at.success)
    assert _target(demo_engine) == 3000
    indicators = _page("pages/4_Indicators.py")
    indicators.selectbox(key="indicator").set_value("P1.1").run()
    assert any("Target changed on" in c.value for c in indicators.caption)


def test_removing_an_indicator_with_values_is_refused_on_the_page(demo_engine):
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    start = text.index('code = "P1.1"')
    block, end = text.rindex("[[indicators]]", 0, start), text.index("[[indicators]]", start)
    at = _upload(_page(FRAMEWORK, "nl"), text[:block] + text[end:])
    assert any("kan niet worden verwijderd" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "framework_apply"]


def test_a_broken_file_gets_a_message_not_a_traceback(demo_engine):
    at = _upload(_page(FRAMEWORK, "nl"), "[plan\ncode = ")
    assert any("geen geldig raamwerk" in e.value for e in at.error)


def test_the_same_framework_says_there_is_nothing_to_change(demo_engine):
    at = _upload(_page(FRAMEWORK), DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    assert any("No changes" in s.value for s in at.success)

"""The sidebar's organisation filter lists a long register only in part: the chosen ones
and the first ORGANISATIONS_LISTED that match a search field (a W2 register holds tens of
thousands, which Streamlit would format and send on every rerun). A short one is whole."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from nap_data.ui import sidebar


def _overview() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.switch_page("pages/1_Overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _listed(at: AppTest) -> list[str]:
    return [o.rsplit("(", 1)[1].rstrip(")") for o in at.multiselect(key="org").options]


def test_a_short_register_is_listed_whole_without_a_search(demo_db):
    at = _overview()
    assert len(_listed(at)) > 5
    assert not [w for w in at.text_input if w.key == "org_search"]


def test_a_long_register_is_searched(demo_db, monkeypatch):
    monkeypatch.setattr(sidebar, "ORGANISATIONS_LISTED", 5)
    at = _overview()
    assert len(_listed(at)) == 5
    at.text_input(key="org_search").set_value("org002").run()
    assert _listed(at) == ["ORG002"]
    at.multiselect(key="org").set_value(["ORG002"]).run()
    at.text_input(key="org_search").set_value("org01").run()
    listed = _listed(at)
    assert listed[0] == "ORG002"  # what is chosen stays in the list
    assert listed[1:] == ["ORG010", "ORG011", "ORG012", "ORG013", "ORG014"]  # and 5 matches
    assert at.multiselect(key="org").value == ["ORG002"]

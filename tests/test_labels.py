"""Words for readers: translated codes, and signatories' text made safe for Markdown."""

from __future__ import annotations

import polars as pl

from nap_data.labels import country_names, md, readable, translate, unmd
from tests.frames import FOUR_GOALS, PLAN


def test_markdown_in_signatory_text_is_shown_literally():
    assert unmd(md("![x](http://evil/p.png)")) == "![x](http://evil/p.png)"
    assert "](" not in md("![x](http://evil/p.png)") and "![" not in md("![x](y)")
    assert md("<img src=x>") == r"\<img src\=x\>"
    assert md("**bold** _it_ `code`") == r"\*\*bold\*\* \_it\_ \`code\`"
    assert md("Plain words stay") == "Plain words stay"


def test_translate_codes_and_goals():
    frame = pl.DataFrame({"focus": ["foreign", None], "goal": [3, 5]})
    out = translate(frame, {"focus": "focus", "goal": "goal"}, "nl", PLAN.goal_labels("nl"))
    assert out["focus"].to_list() == ["Buitenland", None]
    assert out["goal"].to_list() == ["3. Bescherming", "5. Mainstreaming"]


def test_goals_are_named_by_the_given_plan_and_unknown_goals_keep_their_number():
    frame = pl.DataFrame({"goal": [4, 5, None]})
    out = translate(frame, {"goal": "goal"}, "en", FOUR_GOALS.goal_labels("en"))
    assert out["goal"].to_list() == ["4. Goal 4", "5", None]
    assert translate(frame, {"goal": "goal"}, "en")["goal"].to_list() == ["4", "5", None]


def test_country_lists_become_readable_names():
    frame = pl.DataFrame({"countries": [["ML", "SY"], []]})
    assert country_names(frame, "en")["countries"].to_list() == ["Mali; Syria", ""]
    as_text = pl.DataFrame({"countries": ["ML;SY"]})
    assert country_names(as_text, "en")["countries"].to_list() == ["ML;SY"]  # not a list: kept


def test_readable_puts_every_known_code_column_in_words():
    frame = pl.DataFrame(
        {
            "goal": [1],
            "organisation_type": ["ministry"],
            "review_status": ["approved"],
            "target_groups": ["women;;girls"],
            "countries": [["ML", "NE"]],
            "state": ["missing"],
            "title": ["Mediation"],
        }
    )
    out = readable(frame, "en", PLAN.goal_labels("en"), {"state": "return_state"})
    assert out.row(0, named=True) == {
        "goal": "1. Participation",
        "organisation_type": "Ministry",
        "review_status": "Approved",
        "target_groups": "women; girls",  # the empty group between ";;" is dropped
        "countries": "Mali; Niger",
        "state": "Not received yet",
        "title": "Mediation",
    }
    dutch = readable(frame, "nl", PLAN.goal_labels("nl"))
    assert dutch.row(0, named=True)["state"] == "missing"  # not a known column without `kinds`
    assert dutch.row(0, named=True)["goal"] == "1. Participatie"
    assert dutch.row(0, named=True)["target_groups"] == "vrouwen; meisjes"

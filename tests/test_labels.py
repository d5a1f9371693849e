"""Words for readers: translated codes, and signatories' text made safe for Markdown."""

from __future__ import annotations

import polars as pl

from nap_data.labels import country_names, md, translate


def test_markdown_in_signatory_text_is_shown_literally():
    assert md("![x](http://evil/p.png)") == r"\!\[x\]\(http://evil/p\.png\)"
    assert md("<img src=x>") == r"\<img src=x\>"
    assert md("**bold** _it_ `code`") == r"\*\*bold\*\* \_it\_ \`code\`"
    assert md("Plain words stay") == "Plain words stay"


def test_translate_codes_and_goals():
    frame = pl.DataFrame({"focus": ["foreign", None], "goal": [3, 5]})
    out = translate(frame, {"focus": "focus", "goal": "goal"}, "nl")
    assert out["focus"].to_list() == ["Buitenland", None]
    assert out["goal"].to_list() == ["3. Bescherming", "5. WPS-mainstreaming"]


def test_country_lists_become_readable_names():
    frame = pl.DataFrame({"countries": [["ML", "SY"], []]})
    assert country_names(frame, "en")["countries"].to_list() == ["Mali; Syria", ""]

"""Findings speak the reader's language, amounts included."""

from __future__ import annotations

from nap_data.returns.findings import Euros, warning


def test_an_amount_in_a_message_follows_the_readers_format():
    finding = warning(
        "returns.import.budget_unusual",
        sheet=None,
        value="900000",
        title="Wells",
        usual=Euros(52_800.0),
    )
    assert "mediaan € 52.800" in finding.message("nl").replace("\xa0", " ")
    assert "median €52,800" in finding.message("en")

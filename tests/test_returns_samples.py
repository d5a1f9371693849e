"""The example returns in sample_data/ are what their README says, and up to date."""

from __future__ import annotations

from nap_data.framework import load_framework
from nap_data.returns.reader import read_return
from nap_data.returns.samples import clean_return, return_with_mistakes, write_samples
from tests.conftest import REPO


def test_clean_sample_reads_without_findings():
    content, findings = read_return(clean_return(load_framework()), load_framework())
    assert content is not None and not findings
    assert len(content.activities) == 2


def test_mistakes_sample_names_each_mistake_by_cell():
    content, findings = read_return(return_with_mistakes(load_framework()), load_framework())
    assert content is None
    codes = {f.code.rsplit(".", 1)[-1] for f in findings}
    assert {
        "goal_unknown",
        "country_required",
        "status_unknown",
        "end_before_start",
        "budget_negative",
        "duplicate_title",
    } <= codes
    assert all(f.sheet and f.cell for f in findings)


def test_committed_samples_are_current(tmp_path):
    for fresh in write_samples(tmp_path):
        committed = REPO / "sample_data" / "returns" / fresh.name
        assert committed.exists()
        a, fa = read_return(committed.read_bytes(), load_framework())
        b, fb = read_return(fresh.read_bytes(), load_framework())
        assert a == b
        assert [(f.code, f.cell) for f in fa] == [(f.code, f.cell) for f in fb]

"""The benchmark's table: every figure against its target, never silently missing."""

from __future__ import annotations

import pytest

from nap_data.bench.results import Figure, markdown, table
from nap_data.bench.targets import TARGETS, Target


@pytest.mark.parametrize(
    ("target", "value", "met"),
    [
        (Target("t", "s", at_most=1.5), 1.5, True),
        (Target("t", "s", at_most=1.5), 1.51, False),
        (Target("t", "x", at_least=5), 5.0, True),
        (Target("t", "x", at_least=5), 4.9, False),
    ],
)
def test_a_bound_is_met_up_to_and_including_it(target, value, met):
    assert target.met(value) is met


def test_a_figure_without_a_bound_or_a_value_is_neither_met_nor_missed():
    assert Figure("pipeline.w1.pandas", 1.0, "s").met is None  # in TARGETS, no bound
    assert Figure("load.w2.app", None, "s").met is None
    assert Figure("not.a.target", 1.0, "s").met is None
    assert Figure("load.w2.app", 2.0, "s").met is False
    assert Figure("load.w2.app", 1.0, "s").met is True


def test_the_table_lists_every_target_and_says_which_were_not_measured():
    text = table([Figure("load.w2.app", 2.0, "s", note="the app's path")])
    lines = text.splitlines()
    assert len(lines) == 2 + len(TARGETS)  # header, rule, one line per figure
    row = next(line for line in lines if line.startswith("load.w2.app "))
    assert "2.00 s" in row and "<= 1.5 s" in row and "NO" in row
    unmeasured = next(line for line in lines if line.startswith("rerun.w1.warm "))
    assert "not measured" in unmeasured and "<= 100 ms" in unmeasured


def test_figures_outside_the_targets_follow_them_in_the_table_and_in_markdown():
    figures = [Figure("load.w1.app.postgres", 0.25, "s", note="PostgreSQL")]
    assert table(figures).splitlines()[-1].startswith("load.w1.app.postgres")
    md = markdown(figures)
    assert md.splitlines()[-1] == "| `load.w1.app.postgres` | 250.0 ms |  |  | PostgreSQL |"
    assert "| `pipeline.w2.speedup` | not measured | ≥ 5x |  |" in md

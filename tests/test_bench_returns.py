"""The benchmark's returns part runs at a tiny size and measures each of its figures.

No timing asserts: speed is the benchmark's business, this checks that the part works
(template, and two returns that import as new versions of a fresh W1 copy)."""

from __future__ import annotations

import math

from nap_data.bench import returns
from nap_data.bench.context import Context
from nap_data.framework import load_framework
from nap_data.returns.reader import read_return

KEYS = ("returns.template", "returns.import_1000", "returns.import_50000")


def test_the_returns_part_gives_a_finite_positive_figure_for_each_key(tmp_path):
    ctx = Context(scale=0.001, runs=1, workdir=tmp_path, verbose=False, smoke=True)
    figures = {f.key: f for f in returns.run(ctx)}
    assert sorted(figures) == sorted(KEYS)
    for key in KEYS:
        assert math.isfinite(figures[key].value) and figures[key].value > 0
    small, large = ctx.return_sizes
    assert figures["returns.import_1000"].extra["rows"] == small
    assert figures["returns.import_50000"].extra["rows"] == large


def test_the_benchmark_return_reads_back_as_the_activities_it_was_made_from():
    fw = load_framework()
    rows = returns.activity_rows(fw, 2025, 30)
    data = returns.build_template(fw, returns.ORG, returns.ORG_NAME, 2025, rows, "nl")
    content, findings = read_return(data, fw)
    assert [f for f in findings if f.severity == "error"] == []
    assert [r.comparable() for r in content.activities] == [r.comparable() for r in rows]

"""A smoke run of the benchmark in every `make test`, so that `make bench` does not rot.

Tiny sizes (`--smoke`): the figures say nothing about speed; the test checks that each
part runs to its end, that the pandas reference and the app still agree (the pipeline
part raises when they do not), and that every figure of the table is measured.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from nap_data.bench.targets import TARGETS
from tests.conftest import REPO

pytestmark = pytest.mark.slow

IN_PROCESS_PARTS = ("load", "pipeline", "rerun", "returns")


def _run_bench(tmp_path, parts: tuple[str, ...]) -> dict:
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAP_")}
    cmd = [sys.executable, "-m", "nap_data.bench", "--smoke", "--scale", "0.002", "--runs", "1"]
    cmd += ["--only", ",".join(parts), "--json", str(out), "--workdir", str(tmp_path / "w")]
    # Files, not pipes: a browser or server process that outlives the benchmark must not
    # keep the test waiting for the pipe to close.
    with open(tmp_path / "out.txt", "w+") as stdout, open(tmp_path / "err.txt", "w+") as stderr:
        done = subprocess.run(
            cmd, cwd=REPO, env=env, stdout=stdout, stderr=stderr, text=True, timeout=900
        )
        stdout.seek(0)
        stderr.seek(0)
        printed, errors = stdout.read(), stderr.read()
    assert done.returncode == 0, errors[-4000:]
    # the table names every figure, measured or not
    assert [key for key in TARGETS if key not in printed] == []
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_in_process_part_measures_each_of_its_figures(tmp_path):
    result = _run_bench(tmp_path, IN_PROCESS_PARTS)
    assert result["meta"]["failed"] == []
    measured = {f["key"]: f["value"] for f in result["figures"]}
    wanted = [k for k in TARGETS if k.split(".")[0] in IN_PROCESS_PARTS]
    missing = [k for k in wanted if measured.get(k) is None]
    assert missing == []
    assert all(math.isfinite(measured[k]) and measured[k] >= 0 for k in wanted)


@pytest.mark.e2e
def test_the_server_part_measures_each_of_its_figures_with_real_browsers(tmp_path):
    result = _run_bench(tmp_path, ("server",))
    measured = {f["key"]: f["value"] for f in result["figures"]}
    wanted = [k for k in TARGETS if k.split(".")[0] in ("memory", "server", "browser")]
    assert [k for k in wanted if measured.get(k) is None] == []
    assert all(measured[k] > 0 for k in wanted)

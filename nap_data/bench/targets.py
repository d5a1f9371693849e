"""Every figure of the benchmark with its target (issue 14), in the order of the table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    label: str
    unit: str
    at_most: float | None = None
    at_least: float | None = None

    def met(self, value: float) -> bool:
        if self.at_most is not None and value > self.at_most:
            return False
        return not (self.at_least is not None and value < self.at_least)

    def show(self) -> str:
        if self.at_most is None and self.at_least is None:
            return ""
        bound = self.at_most if self.at_most is not None else self.at_least
        sign = "<=" if self.at_most is not None else ">="
        if self.unit == "s":
            text = f"{bound * 1000:g} ms" if bound < 1 else f"{bound:g} s"
        elif self.unit == "x":
            text = f"{bound:g}x"
        else:
            text = f"{bound:g} {self.unit}"
        return f"{sign} {text}"


def _t(label: str, unit: str = "s", at_most: float | None = None, at_least=None) -> Target:
    return Target(label, unit, at_most, at_least)


TARGETS: dict[str, Target] = {
    # 1. load from the store into Polars frames
    "load.w1.cursor": _t("W1 load, SQLAlchemy cursor rows into frames"),
    "load.w1.arrow": _t("W1 load, Arrow-native (ADBC)"),
    "load.w1.app": _t("W1 load, the path the app uses"),
    "load.w2.cursor": _t("W2 load, SQLAlchemy cursor rows into frames"),
    "load.w2.arrow": _t("W2 load, Arrow-native (ADBC)"),
    "load.w2.app": _t("W2 load into frames, the path the app uses", at_most=1.5),
    # 2. the Overview figure pipeline for one filter change
    "pipeline.w1.polars": _t("W1 Overview figures per filter change, the app (Polars)"),
    "pipeline.w1.pandas": _t("W1 the same figures, pandas reference"),
    "pipeline.w1.numpy": _t("W1 floor: one NumPy pass over the needed columns"),
    "pipeline.w2.polars": _t("W2 Overview figures per filter change, the app", at_most=0.05),
    "pipeline.w2.pandas": _t("W2 the same figures, pandas reference"),
    "pipeline.w2.numpy": _t("W2 floor: one NumPy pass over the needed columns"),
    "pipeline.w2.speedup": _t("W2 pandas reference time / app time", "x", at_least=5),
    "pipeline.w2.prepare": _t("W2 preparation once per data version (not per click)"),
    # 3. a page rerun through AppTest
    "rerun.w1.warm": _t("W1 Overview rerun after a filter change, warm", at_most=0.1),
    "rerun.w1.cold": _t("W1 Overview first load, cold", at_most=1.5),
    "rerun.w2.warm": _t("W2 Overview rerun after a filter change, warm", at_most=0.3),
    "rerun.w2.cold": _t("W2 Overview first load, cold (loads the store)"),
    # 4. returns
    "returns.template": _t("template generation for one organisation"),
    "returns.import_1000": _t("validate + import a return of 1,000 activities", at_most=1.0),
    "returns.import_50000": _t("validate + import a return of 50,000 rows", at_most=10.0),
    # 5. memory
    "memory.w2.5_sessions": _t("peak memory, app process, W2, five sessions", "MB", 1024),
    # 6. concurrent sessions on a real server (W1)
    "server.w1.first_run.1": _t("server time to a session's first run, one alone"),
    "server.w1.first_run.5": _t("server time to each first run, 5 at once (max)"),
    "server.w1.first_run.20": _t("server time to each first run, 20 at once (max)", at_most=3.0),
    "browser.w1.first_chart.1": _t("first chart in the browser, one session alone"),
    "browser.w1.first_chart.5": _t("first chart, 5 browser sessions at once (median)"),
    "browser.w1.first_chart.20": _t("first chart, 20 browser sessions at once (median)"),
    "browser.w1.ratio_5_to_1": _t("first chart, 5 at once / one alone", "x", at_most=1.5),
}

"""A measured figure, its target and the table `make bench` prints."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nap_data.bench.targets import TARGETS, Target


@dataclass(frozen=True)
class Figure:
    """One measured figure. `value` is in `unit` (s, MB, x for ratios, rows, ...);
    `samples` are the single runs the median came from; `note` says what was measured."""

    key: str
    value: float | None
    unit: str
    samples: tuple[float, ...] = ()
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def target(self) -> Target | None:
        return TARGETS.get(self.key)

    @property
    def met(self) -> bool | None:
        """True or False against the target; None without a target or a value."""
        bounded = self.target is not None and self.target.show() != ""
        if not bounded or self.value is None or math.isnan(self.value):
            return None
        return self.target.met(self.value)


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "s":
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    if unit == "x":
        return f"{value:,.2f}x"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.0f} {unit}".strip()


def table(figures: list[Figure]) -> str:
    """Every figure of TARGETS (in its order), then any other measured figures."""
    by_key = {f.key: f for f in figures}
    keys = list(TARGETS) + [k for k in by_key if k not in TARGETS]
    rows = [("figure", "measured", "target", "met", "what")]
    for key in keys:
        fig = by_key.get(key)
        target = TARGETS.get(key)
        value = None if fig is None else fig.value
        unit = fig.unit if fig else (target.unit if target else "")
        met = "" if fig is None or fig.met is None else ("yes" if fig.met else "NO")
        what = fig.note if fig else (target.label if target else "")
        rows.append((key, _show(value, unit), target.show() if target else "", met, what))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) if i == 0 else row[i].rjust(widths[i]) for i in range(4)]
        lines.append("  ".join(cells) + "  " + row[4])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(lines)


def markdown(figures: list[Figure]) -> str:
    """The same table as `table`, as Markdown (for the README and docs/performance.md)."""
    by_key = {f.key: f for f in figures}
    keys = list(TARGETS) + [k for k in by_key if k not in TARGETS]
    lines = ["| figure | measured | target | met | what |", "|---|---:|---:|---|---|"]
    for key in keys:
        fig, target = by_key.get(key), TARGETS.get(key)
        value = None if fig is None else fig.value
        unit = fig.unit if fig else (target.unit if target else "")
        met = "" if fig is None or fig.met is None else ("yes" if fig.met else "**no**")
        what = target.label if target else (fig.note if fig else "")
        shown = target.show().replace("<=", "≤").replace(">=", "≥") if target else ""
        lines.append(f"| `{key}` | {_show(value, unit)} | {shown} | {met} | {what} |")
    return "\n".join(lines) + "\n"


def write_json(path: Path, figures: list[Figure], meta: dict) -> None:
    out = {
        "meta": meta,
        "figures": [
            {
                **asdict(f),
                "target": None if f.target is None else f.target.show(),
                "met": f.met,
            }
            for f in figures
        ],
    }
    path.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")

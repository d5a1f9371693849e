"""`python -m nap_data.bench [--scale S] [--json FILE] [--only load,pipeline,...]`."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from nap_data.bench.context import Context
from nap_data.bench.results import Figure, markdown, table, write_json

PARTS = ("load", "pipeline", "rerun", "returns", "server")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nap_data.bench", description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0, help="W2 size: 1 = 1,000,000 rows")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per figure (median)")
    ap.add_argument("--only", default=",".join(PARTS), help="comma-separated parts")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    ap.add_argument("--workdir", type=Path, help="where the stores go (default: a temp dir)")
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes: checks that every part runs (make test)"
    )
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        ap.error(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    with tempfile.TemporaryDirectory(prefix="nap-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        ctx = Context(
            scale=args.scale,
            runs=args.runs,
            workdir=workdir,
            verbose=not args.quiet,
            smoke=args.smoke,
        )
        figures, failed = run_parts(ctx, parts)
    print(table(figures))
    if args.json:
        meta = {
            "scale": args.scale,
            "smoke": args.smoke,
            "runs": args.runs,
            "parts": parts,
            "failed": failed,
            "python": sys.version.split()[0],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        write_json(args.json, figures, meta)
    if args.markdown:
        args.markdown.write_text(markdown(figures), encoding="utf-8")
    if failed:
        print(f"parts that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def run_parts(ctx: Context, parts: list[str]) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    failed: list[str] = []
    for part in parts:
        ctx.log(f"part {part}")
        t = time.perf_counter()
        try:
            module = importlib.import_module(f"nap_data.bench.{part}")
            figures.extend(module.run(ctx))
        except Exception:  # a broken part is reported, the others still run
            traceback.print_exc()
            failed.append(part)
        ctx.log(f"part {part} took {time.perf_counter() - t:.1f} s")
    return figures, failed


if __name__ == "__main__":
    raise SystemExit(main())

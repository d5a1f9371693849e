"""The benchmark of issue 14: `make bench` or `python -m nap_data.bench --scale S --json FILE`.

Each part (`load`, `pipeline`, `rerun`, `returns`, `server`) is a module with
`run(ctx) -> list[Figure]`; `targets.TARGETS` holds every figure the table prints and
its target, so a figure that a part did not measure shows as "not measured", never
silently missing. Nothing here is imported by the app.
"""

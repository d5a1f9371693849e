"""A plain-text table for the terminal: columns as wide as their widest cell."""

from __future__ import annotations


def text_table(header: list[str], body: list[list[str]]) -> str:
    """`header` and the rows of `body` (cells already as text), two spaces between columns
    and no white space at the end of a line."""
    rows = [header, *body]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


__all__ = ["text_table"]

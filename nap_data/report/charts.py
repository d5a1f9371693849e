"""The report's charts: the dashboard's own chart builders, exported as the dashboard's
downloads are (charts.export.for_export: title, period, scope, filters and source inside
the image), at print resolution.

The export is PAGE_WIDTH (1600) px wide; drawn at scale 1.2 its PNG is 1920 px across,
300 dpi over the 16 cm text width of an A4 page. The PNG says so in its pHYs chunk, so
Word and other programs place it at its printed size.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import altair as alt

from nap_data.charts.export import PageFigure, for_export, to_png, to_svg
from nap_data.charts.locale import localized
from nap_data.filters import Filters

PRINT_WIDTH_CM = 16.0
DPI = 300
SCALE = 1.2  # PAGE_WIDTH 1600 px -> 1920 px over 16 cm: just over DPI


@dataclass(frozen=True)
class Images:
    png: bytes
    svg: bytes


def for_print(
    chart: alt.TopLevelMixin, caption: str, lang: str, filters: Filters | None = None
) -> PageFigure:
    """The chart in the reader's number format, sized for a page, with what it counts."""
    return for_export(localized(chart, lang), caption, lang, filters)


def render(chart: PageFigure) -> Images:
    return Images(png=with_dpi(to_png(chart, scale=SCALE), DPI), svg=to_svg(chart))


def with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with its resolution set to `dpi` (its pHYs chunk replaced or added)."""
    per_metre = round(dpi / 0.0254)
    data = struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", len(data)) + b"pHYs" + data
    chunk += struct.pack(">I", zlib.crc32(b"pHYs" + data) & 0xFFFFFFFF)
    out, pos, placed = [png[:8]], 8, False
    while pos < len(png):
        length = struct.unpack(">I", png[pos : pos + 4])[0]
        kind = png[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind == b"pHYs":
            out.append(chunk)
            placed = True
        else:
            if kind == b"IDAT" and not placed:  # pHYs must come before the image data
                out.append(chunk)
                placed = True
            out.append(png[pos:end])
        pos = end
    return b"".join(out)


__all__ = ["Images", "for_print", "render", "with_dpi", "PRINT_WIDTH_CM", "DPI", "SCALE"]

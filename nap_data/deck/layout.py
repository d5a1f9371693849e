"""Where things sit on a 16:9 page (13.333 x 7.5 inches, PowerPoint's widescreen), shared by
the PowerPoint and the PDF so that both pages look alike. Inches and points."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.5


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


TITLE = Box(MARGIN, 0.3, WIDTH - 2 * MARGIN, 1.25)
CARDS = Box(MARGIN, 1.7, WIDTH - 2 * MARGIN, 1.2)
CHART = Box(MARGIN, 3.1, WIDTH - 2 * MARGIN, 3.75)
FOOTER = Box(MARGIN, 6.95, WIDTH - 2 * MARGIN, 0.42)
CARD_GAP = 0.25

TITLE_PT = 28
TITLE_SIZES = (28, 26, 24, 22, 20)  # a long finding steps down until it fits two lines
TITLE_LINES = 2
CARD_LABEL_PT = 14
CARD_VALUE_PT = 30
CARD_NOTE_PT = 12
FOOTER_PT = 12
NO_CHART_PT = 20

INK = (0x11, 0x11, 0x11)
GREY = (0x55, 0x55, 0x55)
CARD_LINE = (0xC8, 0xC8, 0xC8)
DEMO = (0xA0, 0x30, 0x00)


def card_boxes(n: int) -> list[Box]:
    """`n` cards side by side across the cards' row."""
    if n <= 0:
        return []
    width = (CARDS.width - CARD_GAP * (n - 1)) / n
    return [
        Box(CARDS.left + i * (width + CARD_GAP), CARDS.top, width, CARDS.height) for i in range(n)
    ]


def fit(image_w: int, image_h: int, box: Box = CHART) -> Box:
    """The largest box of the image's shape inside `box`, at its top left (like the screen)."""
    scale = min(box.width / image_w, box.height / image_h)
    return Box(box.left, box.top, image_w * scale, image_h * scale)


def title_pt(text: str) -> int:
    """A title size by length for PowerPoint, which lays out the text itself: about 62
    characters of 28 pt bold fit a line of 12.3 inches in Calibri."""
    per_line_at_28 = 62
    for size in TITLE_SIZES:
        if len(text) <= TITLE_LINES * per_line_at_28 * TITLE_PT / size:
            return size
    return TITLE_SIZES[-1]

"""Name badges: a pure function from people to PDF bytes, through the shared renderer (the
project's fonts, so Arabic, Chinese and Cyrillic names print in their own script; every outside
URL refused). Each badge carries the person's signed QR code.

Two layouts on A4: `sheet`, 2 x 4 badges of 95 x 68 mm with cut marks at their corners, and
`labels`, the 8-up label sheets of the Avery L7165 kind (99.1 x 67.7 mm, no marks)."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from attendance.sign_in_sheet import qr_svg
from core.pdf import PDF_FONT_STYLESHEET, PdfRenderer
from workshops.models import Workshop

PER_PAGE = 8


@dataclass(frozen=True)
class Layout:
    """Where the 8 badges of an A4 page sit (millimetres), and whether to draw cut marks."""

    width: float
    height: float
    left: float
    top: float
    column_pitch: float
    cut_marks: bool

    def marks(self) -> list[tuple[float, float, float, float]]:
        """Cut marks in the page margins (left, top, width, height), on every line a
        guillotine cuts along: the badges touch, so nothing is drawn over them."""
        if not self.cut_marks:
            return []
        xs = [self.left + column * self.width for column in range(3)]
        ys = [self.top + row * self.height for row in range(5)]
        bottom, right = ys[-1], xs[-1]
        tick, gap, line = 6.0, 2.0, 0.25
        vertical = [(x, top, line, tick) for x in xs for top in (ys[0] - gap - tick, bottom + gap)]
        horizontal = [
            (left, y, tick, line) for y in ys for left in (xs[0] - gap - tick, right + gap)
        ]
        return vertical + horizontal

    def slots(self) -> list[tuple[float, float]]:
        return [
            (self.left + column * self.column_pitch, self.top + row * self.height)
            for row in range(4)
            for column in range(2)
        ]


LAYOUTS = {
    "sheet": Layout(width=95, height=68, left=10, top=12.5, column_pitch=95, cut_marks=True),
    "labels": Layout(
        width=99.1, height=67.7, left=4.65, top=13.1, column_pitch=101.6, cut_marks=False
    ),
}


@dataclass(frozen=True)
class Badge:
    full_name: str
    organisation: str
    country: str
    code: str
    qr_payload: str


def badges_pdf(
    *, workshop: Workshop, badges: Sequence[Badge], layout: str = "sheet", language: str = "en"
) -> bytes:
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout: {layout!r}")
    spec = LAYOUTS[layout]
    slots = spec.slots()
    items = [
        (badge, qr_svg(badge.qr_payload), slots[number % PER_PAGE])
        for number, badge in enumerate(badges)
    ]
    pages = [items[start : start + PER_PAGE] for start in range(0, len(items), PER_PAGE)]
    with translation.override(language):
        html = render_to_string(
            "attendance/pdf/badges.html",
            {"workshop": workshop, "pages": pages or [[]], "layout": spec, "marks": spec.marks()},
        )
    return _badge_renderer().pdf(html)


@functools.cache
def _badge_renderer() -> PdfRenderer:
    return PdfRenderer([PDF_FONT_STYLESHEET])

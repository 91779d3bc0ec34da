"""The printable sign-in sheet of a session: a pure function from data to PDF bytes.

It renders through core.pdf (the project's fonts, every outside URL refused; QR codes are
inline SVG, each the person's signed check-in code), so names print in every script on any machine."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.pdf import PDF_FONT_STYLESHEET, PdfRenderer
from workshops.models import Session


@dataclass(frozen=True)
class SheetRow:
    full_name: str
    organisation: str
    code: str
    qr_payload: str = ""  # the signed check-in code; the participant code when empty


def qr_svg(code: str) -> str:
    """A QR code as markup to embed in a PDF's HTML (sign-in sheets, badges)."""
    # segno writes only the path of the code's modules: safe to embed as markup.
    return mark_safe(segno.make(code, error="m").svg_inline(scale=2, border=1))


def sign_in_sheet_pdf(*, session: Session, rows: Sequence[SheetRow], language: str = "en") -> bytes:
    with translation.override(language):
        html = render_to_string(
            "participants/pdf/sign_in_sheet.html",
            {
                "session": session,
                "workshop": session.workshop,
                "rows": [(row, qr_svg(row.qr_payload or row.code)) for row in rows],
            },
        )
    return _sheet_renderer().pdf(html)


@functools.cache
def _sheet_renderer() -> PdfRenderer:
    return PdfRenderer([PDF_FONT_STYLESHEET])

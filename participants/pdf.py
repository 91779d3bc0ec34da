"""The printable sign-in sheet of a session: a pure function from data to PDF bytes.

The sheet needs nothing from outside the document (QR codes are inline SVG), so WeasyPrint's
URL fetcher refuses every URL: a name typed as <img src=http://...> can fetch nothing."""

from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from workshops.models import Session


class ExternalResourceRefused(Exception):
    pass


def refuse_every_url(url: str, *args, **kwargs) -> dict:
    raise ExternalResourceRefused(url)


@dataclass(frozen=True)
class SheetRow:
    full_name: str
    organisation: str
    code: str


def _qr_svg(code: str) -> str:
    # segno writes only the path of the code's modules: safe to embed as markup.
    return mark_safe(segno.make(code, error="m").svg_inline(scale=2, border=1))


def sign_in_sheet_pdf(*, session: Session, rows: Sequence[SheetRow], language: str = "en") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "participants/pdf/sign_in_sheet.html",
            {
                "session": session,
                "workshop": session.workshop,
                "rows": [(row, _qr_svg(row.code)) for row in rows],
            },
        )
    return HTML(string=html, url_fetcher=refuse_every_url).write_pdf()

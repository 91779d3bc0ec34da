"""The participant's QR code: it encodes what staff scan at check-in (the signed check-in code
that attendance registers, see participants.emails.TICKET_QR, or the participant code).

Pure functions returning markup or bytes; segno needs no imaging library."""

import io

import segno


def _qr(code: str) -> segno.QRCode:
    return segno.make(code, error="m", micro=False)


def participant_qr_svg(code: str, *, title: str = "") -> str:
    """Inline SVG (no XML declaration, no style attribute, so the strict CSP allows it)."""
    return _qr(code).svg_inline(scale=6, border=2, title=title or None, svgclass="qr-code")


def participant_qr_png(code: str) -> bytes:
    """A PNG for e-mail, where many clients show no SVG."""
    buffer = io.BytesIO()
    _qr(code).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()

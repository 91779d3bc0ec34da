"""Steps that complete a certificate's PDF as it is stored, inside the issuing transaction.

A plain dict, like the e-mail kinds: an app above this one registers its step under its own
name from its AppConfig.ready() (the credentials app embeds the signed credential), so this
app stores what they add without importing them. Each step gets the certificate (saved, in
the open transaction), what it prints, and the PDF so far, and returns the PDF to store; the
stored checksum is of the finished PDF."""

from collections.abc import Callable

from certificates.models import Certificate
from certificates.pdf import CertificatePrint

PdfFinisher = Callable[..., bytes]  # (*, certificate, item, pdf) -> the finished PDF

PDF_FINISHERS: dict[str, PdfFinisher] = {}


def finish_pdf(*, certificate: Certificate, item: CertificatePrint, pdf: bytes) -> bytes:
    for finisher in PDF_FINISHERS.values():
        pdf = finisher(certificate=certificate, item=item, pdf=pdf)
    return pdf

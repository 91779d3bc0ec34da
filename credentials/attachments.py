"""The credential inside the certificate PDF, as an embedded file: pure functions over bytes.

The rendered PDF is kept byte for byte and the attachment is appended as an incremental update
(pypdf), the way a PDF editor saves a change; any PDF reader lists it among the attachments,
and a wallet or verifier can take it out. Reading refuses what is not a PDF, or is too large,
with ValueError."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

CREDENTIAL_FILENAME = "credential.json"


def attach_credential(pdf: bytes, credential_json: bytes) -> bytes:
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_attachment(CREDENTIAL_FILENAME, credential_json)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def embedded_credential(pdf: bytes) -> bytes | None:
    """The credential JSON embedded in a certificate PDF, or None when it holds none."""
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        found = reader.attachments.get(CREDENTIAL_FILENAME)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValueError(f"Not a readable PDF: {error}") from None
    if not found:
        return None
    return found[-1]

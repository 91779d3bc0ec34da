import pytest

from core.uploads import FileRefused, check_upload, safe_filename
from tests.factories import MINIMAL_PDF
from tests.workshops.uploads_helpers import (
    HTML_BYTES,
    JPEG_BYTES,
    PNG_BYTES,
    SVG_BYTES,
    odt_bytes,
    ooxml_bytes,
    plain_zip_bytes,
    upload,
)

LIMIT = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", MINIMAL_PDF, "application/pdf"),
        (
            "report.docx",
            ooxml_bytes("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            ooxml_bytes("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            ooxml_bytes("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("report.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo.JPEG", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_check_upload_accepts_each_type_by_content(name, content, content_type):
    checked = check_upload(upload(name, content), max_bytes=LIMIT)

    assert checked.file_type.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message_part"),
    [
        ("guidelines.pdf", HTML_BYTES, "content is HTML"),
        ("guidelines.pdf", b"\n  <html><head></head></html>", "content is HTML"),
        ("logo.pdf", SVG_BYTES, "content is SVG"),
        ("logo.png", SVG_BYTES, "content is SVG"),
        ("photo.pdf", PNG_BYTES, "content is PNG"),
        ("report.pdf", ooxml_bytes("docx"), "content is DOCX"),
        ("report.docx", MINIMAL_PDF, "content is PDF"),
        ("macro.docx", ooxml_bytes("docm"), "ZIP archive"),
        ("archive.docx", plain_zip_bytes(), "ZIP archive"),
        ("sheet.odt", odt_bytes("application/vnd.oasis.opendocument.spreadsheet"), "ZIP archive"),
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "not of an accepted type"),
        ("guidelines", MINIMAL_PDF, "(no extension)"),
    ],
)
def test_check_upload_refuses_a_disguised_file(name, content, message_part):
    with pytest.raises(FileRefused) as refusal:
        check_upload(upload(name, content), max_bytes=LIMIT)

    assert message_part in str(refusal.value)


def test_check_upload_refuses_an_empty_file():
    with pytest.raises(FileRefused) as refusal:
        check_upload(upload("empty.pdf", b""), max_bytes=LIMIT)

    assert str(refusal.value) == "The file is empty."


def test_check_upload_refuses_a_file_over_the_limit():
    content = MINIMAL_PDF + b"0" * (2 * 1024 * 1024)

    with pytest.raises(FileRefused) as refusal:
        check_upload(upload("big.pdf", content), max_bytes=LIMIT)

    assert str(refusal.value) == "The file is 2.0 MB; the limit is 1.0 MB."


def test_check_upload_gives_a_safe_name():
    checked = check_upload(upload("../../etc/Rapport final (v2).PDF", MINIMAL_PDF), max_bytes=LIMIT)

    assert checked.filename == "Rapport_final_v2.pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("Лист\u0000\u202eфдп.pdf", "Листфдп.pdf"),
        ("تقرير الورشة.pdf", "تقرير_الورشة.pdf"),
        ('a"b;c\r\nd.pdf', "a_b_cd.pdf"),
        (".pdf", "document.pdf"),
        ("....pdf", "document.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_filename_keeps_letters_and_drops_the_rest(name, expected):
    assert safe_filename(name, extension=".pdf") == expected

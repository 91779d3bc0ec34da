"""Public media: only the types the project writes, never rendered as a page or a script."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _put(root: Path, name: str, content: bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("certificates/evil.html", b"<html><script>alert(1)</script></html>"),
        ("certificates/x.js", b"alert(document.cookie)"),
        ("partners/logo.svg", b"<svg onload='alert(1)'></svg>"),
        ("partners/page.png", b"<!doctype html><script>alert(1)</script>"),
    ],
)
def test_media_of_a_type_the_project_does_not_write_is_not_served(
    client, media_root, name, content
):
    _put(media_root, name, content)

    response = client.get(f"/media/{name}")

    assert response.status_code == 404
    assert b"alert" not in response.content


def test_media_logo_is_served_inline_as_an_image_with_nosniff(client, media_root):
    _put(media_root, "partners/logo.png", PNG_BYTES)

    response = client.get("/media/partners/logo.png")

    assert response.status_code == 200
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
    ) == ("image/png", 'inline; filename="logo.png"', "nosniff")
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_media_document_is_served_as_an_attachment(client, media_root):
    _put(media_root, "documents/2014/report.pdf", PDF_BYTES)

    response = client.get("/media/documents/2014/report.pdf")

    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        "application/pdf",
        'attachment; filename="report.pdf"',
    )
    response.close()


def test_media_path_outside_the_media_root_is_not_served(client, media_root):
    _put(media_root.parent, "secret.pdf", PDF_BYTES)

    assert client.get("/media/../secret.pdf").status_code == 404
    assert client.get("/media/%2e%2e/secret.pdf").status_code == 404

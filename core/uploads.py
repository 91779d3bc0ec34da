"""What an uploaded outcome-document file really is, judged by its content, and a safe name for it.

Pure functions over bytes and names: the services and the admin form call them before anything
is stored. The extension a person typed is never trusted: the content decides the type, and the
name must agree with it (a web page renamed ``report.pdf`` is refused, not served as a PDF)."""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _


class FileRefused(Exception):
    """The file cannot be accepted; the message says why, in words a person can act on."""


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the canonical one


PDF = FileType("PDF", "application/pdf", (".pdf",))
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PPTX = FileType(
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", (".odt",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))

ACCEPTED_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG)
ACCEPTED_EXTENSIONS = tuple(ext for kind in ACCEPTED_TYPES for ext in kind.extensions)

# The main part of each Office Open XML format, as [Content_Types].xml declares it.
OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
# Read no more of a zip member than a real manifest needs (a zip bomb stays small).
ZIP_MANIFEST_MAX_BYTES = 256 * 1024
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class CheckedFile:
    file_type: FileType
    filename: str  # sanitised, with the canonical extension for its type
    size: int
    sha256: str


def accepted_types_text() -> str:
    return ", ".join(kind.label for kind in ACCEPTED_TYPES)


def _read_limited(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(ZIP_MANIFEST_MAX_BYTES)


def _zip_type(stream: BinaryIO) -> FileType | None:
    """DOCX, XLSX, PPTX or ODT by the manifest inside the zip, or None for any other zip."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = _read_limited(archive, "mimetype").strip()
                return ODT if declared == ODT.content_type.encode() else None
            if "[Content_Types].xml" in names:
                manifest = _read_limited(archive, "[Content_Types].xml")
                for part, kind in OOXML_MAIN_PARTS.items():
                    if b'ContentType="' + part + b'"' in manifest:
                        return kind
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def _looks_like_markup(head: bytes) -> str | None:
    """“HTML” or “SVG” when the bytes are a web page or an SVG image, whatever the name says."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return None
    if b"<svg" in text:
        return "SVG"
    if any(tag in text for tag in (b"<!doctype html", b"<html", b"<script", b"<body", b"<head")):
        return "HTML"
    return "XML"


def detect_type(stream: BinaryIO) -> FileType:
    """The accepted type the content is, or FileRefused saying what it is instead."""
    stream.seek(0)
    head = stream.read(2048)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_type(stream)
        if kind is not None:
            return kind
        raise FileRefused(
            _(
                "The file is a ZIP archive, not a DOCX, XLSX, PPTX or ODT document. "
                "Accepted types: %(types)s."
            )
            % {"types": accepted_types_text()}
        )
    markup = _looks_like_markup(head)
    if markup is not None:
        raise FileRefused(
            _(
                "The file's content is %(what)s, not a document, whatever its name says. "
                "Accepted types: %(types)s."
            )
            % {"what": markup, "types": accepted_types_text()}
        )
    raise FileRefused(
        _("The file's content is not of an accepted type. Accepted types: %(types)s.")
        % {"types": accepted_types_text()}
    )


def safe_filename(name: str, *, extension: str) -> str:
    """A name safe on any disk and in a Content-Disposition header: no folders, no control
    characters, letters of any script kept, the given extension at the end."""
    name = unicodedata.normalize("NFC", name or "")
    base = PurePosixPath(name.replace("\\", "/")).name
    if base.lower().endswith(extension):
        stem = base[: -len(extension)]
    else:
        suffix = PurePosixPath(base).suffix
        stem = base[: -len(suffix)] if suffix else base
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = re.sub(r"[^\w.\- ]+", "_", stem)
    stem = re.sub(r"[\s_]+", "_", stem).strip("._- ")
    stem = stem[: MAX_NAME_LENGTH - len(extension)] or "document"
    return f"{stem}{extension}"


def check_upload(upload, *, max_bytes: int) -> CheckedFile:
    """Inspect an uploaded file (Django UploadedFile or any named binary file) without storing
    it. Raises FileRefused for an empty, oversized, disguised or unaccepted file."""
    size = upload.size
    if not size:
        raise FileRefused(_("The file is empty."))
    if size > max_bytes:
        raise FileRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(max_bytes / 1024 / 1024, 1)}
        )
    original = upload.name or ""
    extension = PurePosixPath(original.replace("\\", "/")).suffix.lower()
    file_type = detect_type(upload)
    if extension not in file_type.extensions:
        raise FileRefused(
            _(
                "The file's name ends in “%(extension)s” but its content is %(type)s. "
                "Rename it to end in “%(expected)s” if that is what it is."
            )
            % {
                "extension": extension or _("(no extension)"),
                "type": file_type.label,
                "expected": file_type.extensions[0],
            }
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        file_type=file_type,
        filename=safe_filename(original, extension=extension),
        size=size,
        sha256=digest.hexdigest(),
    )

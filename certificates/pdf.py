"""PDF rendering: pure functions from content to bytes. Storing files and building responses
belong to the callers (services, views).

Certificates render through core.pdf.PdfRenderer (its fetcher serves only the project's own
files) with the shared font stylesheet and certificate.css."""

import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from certificates.texts import (
    RTL_LANGUAGES,
    certificate_date,
    certificate_date_range,
    certificate_texts,
    django_language,
    join_list,
)
from core.pdf import PDF_FONT_STYLESHEET, AssetRoots, PdfRenderer
from core.processes import exit_with

CERTIFICATE_STYLESHEETS = (PDF_FONT_STYLESHEET, "css/certificate.css")


def certificate_renderer(roots: AssetRoots | None = None) -> PdfRenderer:
    """The process's renderer for certificates (each worker process builds its own)."""
    return _renderer_for(roots or AssetRoots.from_settings())


@functools.cache
def _renderer_for(roots: AssetRoots) -> PdfRenderer:
    return PdfRenderer(CERTIFICATE_STYLESHEETS, roots=roots)


@dataclass(frozen=True)
class PartnerMark:
    name: str
    logo: str = ""  # a path under MEDIA_ROOT, or empty


@dataclass(frozen=True)
class CertificateContent:
    """Everything a certificate prints. Two certificates with the same `digest` would print
    the same (apart from their code and issue date), so re-issuing one is unnecessary."""

    holder_name: str
    language: str
    workshop_title: str
    start_date: dt.date
    end_date: dt.date
    city: str
    country: str  # ISO 3166 alpha-2
    office_name: str
    sessions_attended: int
    sessions_held: int
    hours_attended: Decimal
    signatory_name: str = ""
    signatory_title: str = ""
    partners: tuple[PartnerMark, ...] = field(default_factory=tuple)

    def digest(self) -> str:
        data = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return keyed_digest(hashlib.sha256(data.encode()).hexdigest())


def keyed_digest(content_sha256: str) -> str:
    """HMAC-SHA256, under the server's key, of the SHA-256 of what a certificate prints: without
    the key nobody can test a candidate name against a stored digest. Keyed over the plain hash
    (not the content) so that the digests stored before the key existed could be converted
    as they were (migration certificates 0004)."""
    return salted_hmac(
        "certificates.content_digest",
        content_sha256,
        secret=settings.CERTIFICATE_DIGEST_KEY or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


@dataclass(frozen=True)
class CertificatePrint:
    """One certificate to print: its content, its code, when it is issued and where to check it."""

    content: CertificateContent
    code: str
    issued_on: dt.date
    verify_url: str


def format_code(code: str) -> str:
    """“ABCD-EFGH-JKMN”: groups of four are easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def qr_svg(url: str) -> SafeString:
    # segno writes only path data from the URL's bits; nothing from the URL is echoed as markup.
    svg = segno.make(url, error="m").svg_inline(scale=4, border=0, dark="#1b1f24", omitsize=True)
    return mark_safe(svg)


def name_size_class(name: str) -> str:
    """Long names get a smaller type so they stay on one or two lines."""
    if len(name) > 60:
        return "name-very-long"
    if len(name) > 34:
        return "name-long"
    return ""


def certificate_page(item: CertificatePrint) -> dict:
    content = item.content
    language = content.language
    texts = certificate_texts(language)
    with translation.override(django_language(language)):
        hours = formats.number_format(content.hours_attended.normalize(), use_l10n=True)
        country = countries.name(content.country) if content.country else ""
    return {
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "text": texts,
        "holder_name": content.holder_name,
        "name_class": name_size_class(content.holder_name),
        "workshop_title": content.workshop_title,
        "place": join_list([content.city, country], language),
        "dates": certificate_date_range(content.start_date, content.end_date, language),
        "attendance": texts["attendance"]
        % {
            "attended": content.sessions_attended,
            "held": content.sessions_held,
            "hours": hours,
        },
        "office": texts["office"] % {"office": content.office_name},
        "partners": content.partners,
        "signatory_name": content.signatory_name,
        "signatory_title": content.signatory_title,
        "code": format_code(item.code),
        "verify_url": item.verify_url,
        "verify_host": item.verify_url.split("://", 1)[-1].removesuffix("/"),
        "qr_svg": qr_svg(item.verify_url),
        "issued_on": texts["issued_on"] % {"date": certificate_date(item.issued_on, language)},
    }


def certificates_html(items: Sequence[CertificatePrint]) -> str:
    """One HTML document with one page per certificate."""
    return render_to_string(
        "certificates/certificate.html",
        {"pages": [certificate_page(item) for item in items]},
    )


def certificate_pdf(item: CertificatePrint) -> bytes:
    return certificate_renderer().pdf(certificates_html([item]))


def certificate_pdfs(items: Sequence[CertificatePrint]) -> list[bytes]:
    """One PDF per certificate, laid out together in one WeasyPrint run."""
    return pdfs_from_html(certificates_html(items), len(items))


def pdfs_from_html(html: str, expected: int, roots: AssetRoots | None = None) -> list[bytes]:
    """Split a many-certificate document into one PDF per certificate. Runs in worker
    processes too, so it takes the rendered HTML and the asset folders (no settings, no
    database, no templates)."""
    pdfs = certificate_renderer(roots).pdf_per_page(html)
    if len(pdfs) != expected:
        # A certificate that overflowed its page would shift every later one: refuse.
        raise ValueError(f"Expected {expected} certificate pages, got {len(pdfs)}.")
    return pdfs


def render_certificate_chunks(
    items: Sequence[CertificatePrint], *, chunk_size: int, workers: int
) -> Iterator[tuple[Sequence[CertificatePrint], list[bytes] | Exception]]:
    """Render `items` in documents of `chunk_size` certificates, in `workers` processes, and
    yield each chunk with its PDFs (or the error that stopped it) in order, as they finish.

    The HTML is made here (templates, translations); the workers only run WeasyPrint, each
    with its own renderer kept for all its chunks."""
    chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)]
    documents = [certificates_html(chunk) for chunk in chunks]
    if workers <= 1 or len(chunks) <= 1:
        for chunk, html in zip(chunks, documents, strict=True):
            try:
                yield chunk, pdfs_from_html(html, len(chunk))
            except Exception as error:  # one bad chunk must not lose the others
                yield chunk, error
        return
    # forkserver: lean workers (WeasyPrint and fonts, not this process's memory), forked from
    # a server that imported this module once; they need no Django settings and no database.
    # They end with this process however it ends, even SIGKILL (core.processes.exit_with);
    # once they have, the fork server exits too.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    roots = AssetRoots.from_settings()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=exit_with, initargs=(os.getpid(),)
    ) as pool:
        futures = [
            pool.submit(pdfs_from_html, html, len(chunk), roots)
            for chunk, html in zip(chunks, documents, strict=True)
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                yield chunk, future.result()
            except Exception as error:
                yield chunk, error

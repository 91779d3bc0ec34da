"""PDF rendering: pure functions from content to bytes. Storing files and building responses
belong to the callers (services, views).

Every PDF of the project goes through `PdfRenderer`, whose URL fetcher serves only the
project's own static files and media: a name like `<img src="file:///etc/passwd">` is escaped
text, and even markup that slipped through could not make WeasyPrint read a local file or call
an internal address. Other apps (the attendance sign-in sheet) reuse the renderer and the
shared font stylesheet (`PDF_FONT_STYLESHEET`)."""

import datetime as dt
import functools
import hashlib
import json
import mimetypes
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.texts import (
    RTL_LANGUAGES,
    certificate_date,
    certificate_date_range,
    certificate_texts,
    django_language,
    join_list,
)

# Documents resolve their relative URLs against this origin, which never resolves on a
# network (.invalid is reserved); the fetcher maps its /static/ and /media/ paths to disk.
ASSET_ORIGIN = "https://pdf-assets.invalid"
PDF_FONT_STYLESHEET = "css/pdf-fonts.css"
CERTIFICATE_STYLESHEETS = (PDF_FONT_STYLESHEET, "css/certificate.css")


class AssetRefused(ValueError):
    """The PDF asked for something that is not one of the project's own files."""


@dataclass(frozen=True)
class AssetRoots:
    static_dirs: tuple[Path, ...]
    media_root: Path

    @classmethod
    def from_settings(cls) -> "AssetRoots":
        static_dirs = [Path(d) for d in settings.STATICFILES_DIRS]
        if settings.STATIC_ROOT:
            static_dirs.append(Path(settings.STATIC_ROOT))
        return cls(static_dirs=tuple(static_dirs), media_root=Path(settings.MEDIA_ROOT))


class ProjectAssetFetcher(URLFetcher):
    """Serves `ASSET_ORIGIN/static/...` and `ASSET_ORIGIN/media/...` from disk; refuses every
    other URL (file://, data:, http://127.0.0.1/..., paths escaping the roots)."""

    def __init__(self, roots: AssetRoots):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.roots = roots
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            path = self.local_path(url)
        except AssetRefused:
            self.refused.append(url)
            raise
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def local_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != ASSET_ORIGIN or parts.query:
            raise AssetRefused(f"Not one of the project's files: {url}")
        path = unquote(parts.path)
        for prefix, roots in (
            ("/static/", self.roots.static_dirs),
            ("/media/", (self.roots.media_root,)),
        ):
            if not path.startswith(prefix):
                continue
            for root in roots:
                root = root.resolve()
                candidate = (root / path.removeprefix(prefix)).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    return candidate
        raise AssetRefused(f"Not one of the project's files: {url}")


class PdfRenderer:
    """What every document can share: one font configuration, the stylesheets parsed once
    (their @font-face rules loaded once), an image cache and the fetcher."""

    def __init__(self, stylesheets: Sequence[str], *, roots: AssetRoots | None = None):
        self.fetcher = ProjectAssetFetcher(roots or AssetRoots.from_settings())
        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(
                url=f"{ASSET_ORIGIN}/static/{name}",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            for name in stylesheets
        ]
        self.image_cache: dict = {}

    def document(self, html: str) -> Document:
        return HTML(string=html, base_url=f"{ASSET_ORIGIN}/", url_fetcher=self.fetcher).render(
            stylesheets=self.stylesheets, font_config=self.font_config, cache=self.image_cache
        )

    def pdf(self, html: str) -> bytes:
        return self.document(html).write_pdf()

    def pdf_per_page(self, html: str) -> list[bytes]:
        """One PDF for each page of the document: many people laid out in one run."""
        document = self.document(html)
        return [document.copy([page]).write_pdf() for page in document.pages]


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
        return hashlib.sha256(data.encode()).hexdigest()


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
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    roots = AssetRoots.from_settings()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(pdfs_from_html, html, len(chunk), roots)
            for chunk, html in zip(chunks, documents, strict=True)
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                yield chunk, future.result()
            except Exception as error:
                yield chunk, error

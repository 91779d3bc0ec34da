"""The one way this project renders PDFs (certificates, sign-in sheets): WeasyPrint with a URL
fetcher that serves only the project's own static files and media. A name like
`<img src="file:///etc/passwd">` is escaped text anyway, and even markup that slipped through
could not make WeasyPrint read a local file or call an internal address.

Pure rendering: callers pass HTML and get bytes; storing files and building responses are theirs."""

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents resolve their relative URLs against this origin, which never resolves on a
# network (.invalid is reserved); the fetcher maps its /static/ and /media/ paths to disk.
ASSET_ORIGIN = "https://pdf-assets.invalid"
PDF_FONT_STYLESHEET = "css/pdf-fonts.css"


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

import dataclasses
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from certificates.pdf import (
    CERTIFICATE_STYLESHEETS,
    CertificateContent,
    CertificatePrint,
    PartnerMark,
    certificate_pdf,
    certificate_pdfs,
    certificates_html,
)
from core.pdf import ASSET_ORIGIN, AssetRefused, AssetRoots, PdfRenderer, ProjectAssetFetcher
from tests.pdf_helpers import embedded_fonts, pdf_text

MALICIOUS = '<img src="file:///etc/passwd"> <img src="http://127.0.0.1/">'


def make_print(name: str = "Émilie Dubois", language: str = "en", code: str = "ABCDEFGHJKMN"):
    content = CertificateContent(
        holder_name=name,
        language=language,
        workshop_title="Capacity Building Child Online Protection Workshop",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
        city="Port Vila",
        country="VU",
        office_name="Bangkok",
        sessions_attended=5,
        sessions_held=6,
        hours_attended=Decimal("16.5"),
        signatory_name="Regional Director",
        signatory_title="Regional Office, Bangkok",
        partners=(PartnerMark("CTO"), PartnerMark("IMPACT")),
    )
    return CertificatePrint(
        content=content,
        code=code,
        issued_on=dt.date(2025, 5, 2),
        verify_url=f"http://testserver/verify/{code}/",
    )


def test_certificate_pdfs_print_names_in_every_script():
    names = ["فاطمة الزهراء بن علي", "Дмитрий Сергеевич Ковальчук", "王秀英", "Nguyễn Thị Ánh"]
    items = [make_print(name, code=f"CODE{n:08d}") for n, name in enumerate(names)]

    pdfs = certificate_pdfs(items)

    assert [len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs] == [1, 1, 1, 1]
    for name, pdf in zip(names, pdfs, strict=True):
        assert name in pdf_text(pdf).splitlines()


def test_certificate_pdf_embeds_the_shipped_fonts_for_each_script():
    pdfs = certificate_pdfs([make_print("فاطمة بن علي", "ar"), make_print("王秀英", "zh")])

    arabic, chinese = embedded_fonts(pdfs[0]), embedded_fonts(pdfs[1])

    # "PDF-…" are the @font-face families: a system font would carry its own name.
    assert arabic["PDF-Arabic-Bold"] is True
    assert arabic["PDF-Arabic"] is True
    assert chinese["PDF-Chinese"] is True
    assert all(name.startswith("PDF-") for name in {**arabic, **chinese})


@pytest.mark.parametrize(
    ("language", "title", "lead"),
    [
        ("en", "Certificate of Attendance", "This certificate is awarded to"),
        ("fr", "Certificat de participation", "Ce certificat est décerné à"),
        ("es", "Certificado de asistencia", "Se otorga el presente certificado a"),
        ("ar", "شهادة حضور", "تُمنح هذه الشهادة إلى"),
        ("ru", "Сертификат об участии", "Настоящий сертификат выдан"),
        ("zh", "出席证书", "兹证明"),
    ],
)
def test_certificate_pdf_fixed_texts_follow_the_certificate_language(language, title, lead):
    lines = pdf_text(certificate_pdf(make_print(language=language))).splitlines()

    assert lines[1:3] == [title, lead]


def test_certificate_html_lays_arabic_out_right_to_left():
    html = certificates_html([make_print("فاطمة بن علي", "ar"), make_print()])

    assert html.count('dir="rtl"') == 1
    assert '<section class="certificate" lang="ar" dir="rtl">' in html


def test_certificate_pdf_prints_russian_dates_in_the_genitive():
    text = pdf_text(certificate_pdf(make_print(language="ru")))

    assert "22 сентября 2014 – 24 сентября 2014" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/static/css/certificate.css",
        "data:text/plain,hello",
        f"{ASSET_ORIGIN}/static/../../../../etc/passwd",
        f"{ASSET_ORIGIN}/static/%2e%2e/%2e%2e/config/settings.py",
        f"{ASSET_ORIGIN}/etc/passwd",
        "https://pdf-assets.invalid.example.org/static/css/certificate.css",
    ],
)
def test_fetcher_refuses_anything_but_project_files(url):
    fetcher = ProjectAssetFetcher(AssetRoots.from_settings())

    with pytest.raises(AssetRefused):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_fetcher_serves_static_files():
    fetcher = ProjectAssetFetcher(AssetRoots.from_settings())

    response = fetcher.fetch(f"{ASSET_ORIGIN}/static/css/pdf-fonts.css")

    assert response.read().startswith(b"/* Fonts for every PDF")


def test_participant_markup_is_printed_as_text_and_fetches_nothing():
    renderer = PdfRenderer(CERTIFICATE_STYLESHEETS)
    item = make_print(MALICIOUS)

    pdf = renderer.pdf(certificates_html([item]))

    # The long name wraps, maybe inside the URL: compare without white space.
    assert "".join(MALICIOUS.split()) in "".join(pdf_text(pdf).split())
    assert renderer.fetcher.refused == []
    assert all(url.startswith(f"{ASSET_ORIGIN}/static/") for url in renderer.fetcher.served)


def test_renderer_refuses_local_files_and_internal_addresses_even_in_raw_markup():
    renderer = PdfRenderer(CERTIFICATE_STYLESHEETS)

    renderer.pdf(f"<p>{MALICIOUS}</p><link rel=stylesheet href='file:///etc/passwd'>")

    assert sorted(renderer.fetcher.refused) == [
        "file:///etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1/",
    ]


def test_content_digest_changes_with_the_printed_name_only():
    item = make_print()
    same = make_print(code="ZZZZZZZZZZZZ")
    corrected = make_print("Émilie Dubois-Lefèvre")

    assert item.content.digest() == same.content.digest()
    assert item.content.digest() != corrected.content.digest()


def test_partner_logos_are_read_from_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "partners").mkdir()
    (tmp_path / "partners" / "cto.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    )
    renderer = PdfRenderer(CERTIFICATE_STYLESHEETS)
    item = make_print()
    logos = (PartnerMark("CTO", logo="partners/cto.svg"),)
    item = dataclasses.replace(item, content=dataclasses.replace(item.content, partners=logos))

    renderer.pdf(certificates_html([item]))

    assert f"{ASSET_ORIGIN}/media/partners/cto.svg" in renderer.fetcher.served
    assert renderer.fetcher.refused == []

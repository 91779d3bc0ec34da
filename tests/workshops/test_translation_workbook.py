"""The translator's round trip (README "Content in six languages"): export a workshop's texts,
fill a language with openpyxl, import, and the page in that language shows it; a wrong file
changes nothing and says which row and column."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import OutcomeDocumentFactory, SessionFactory, WorkshopFactory
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


def _filled(content: bytes, fill) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    fill(book.active)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _spanish(sheet):
    header = [cell.value for cell in sheet[1]]
    spanish = header.index("es") + 1
    for row in range(2, sheet.max_row + 1):
        english = sheet.cell(row=row, column=header.index("en") + 1).value
        if english:
            sheet.cell(row=row, column=spanish, value=f"ES {english}")


@pytest.fixture
def workshop(office):
    workshop = WorkshopFactory(office=office, languages=["en"], title="Workshop", city="Suva")
    SessionFactory(workshop=workshop, title="Opening")
    OutcomeDocumentFactory(workshop=workshop, title="Report")
    return workshop


def test_round_trip_fills_spanish_and_the_spanish_page_shows_it(
    staff_client, client, workshop, tmp_path
):
    response = staff_client.get(reverse("staff:workshop_translations", args=[workshop.slug]))
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_filled(response.content, _spanish))

    call_command("import_translations", workshop.slug, str(path))

    page = client.get(f"/es/workshops/{workshop.slug}/").text
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert '<h1 id="workshop-title" dir="auto">ES Workshop</h1>' in page
    assert "ES Opening" in page
    assert "ES Suva" in page
    assert Workshop.objects.get(pk=workshop.pk).sequence == 1


def test_export_command_and_a_dry_run_change_nothing(workshop, tmp_path, capsys):
    path = tmp_path / "texts.xlsx"
    call_command("export_translations", workshop.slug, "--output", str(path))
    path.write_bytes(_filled(path.read_bytes(), _spanish))

    call_command("import_translations", workshop.slug, str(path), "--dry-run")

    assert "Would change 4 texts" in capsys.readouterr().out
    assert Workshop.objects.get(pk=workshop.pk).title_es in (None, "")


@pytest.mark.parametrize(
    ("fill", "message"),
    [
        (lambda sheet: sheet.cell(row=1, column=10, value="de"), "Row 1, column J: “de”"),
        (lambda sheet: sheet.cell(row=2, column=1, value="other-slug"), "Row 2, column A"),
        (lambda sheet: sheet.cell(row=3, column=2, value="session 99999"), "Row 3, column B"),
        (lambda sheet: sheet.cell(row=2, column=3, value="slug"), "Row 2, column C"),
        (lambda sheet: sheet.cell(row=2, column=9, value="x" * 201), "Row 2, column I (es)"),
    ],
)
def test_a_wrong_workbook_names_row_and_column_and_changes_nothing(
    workshop, tmp_path, fill, message
):
    path = tmp_path / "texts.xlsx"
    call_command("export_translations", workshop.slug, "--output", str(path))

    def both(sheet):
        _spanish(sheet)
        fill(sheet)

    path.write_bytes(_filled(path.read_bytes(), both))

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_translations", workshop.slug, str(path))
    assert Workshop.objects.get(pk=workshop.pk).title_es in (None, "")
    assert not Session.objects.filter(title_es__startswith="ES").exists()


def test_not_a_workbook_is_refused(workshop, tmp_path):
    path = tmp_path / "texts.xlsx"
    path.write_bytes(b"not a workbook")

    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command("import_translations", workshop.slug, str(path))


def test_another_offices_workbook_is_not_found(staff_client_for, workshop):
    from tests.factories import RegionalOfficeFactory

    client = staff_client_for(office=RegionalOfficeFactory())

    response = client.get(reverse("staff:workshop_translations", args=[workshop.slug]))

    assert response.status_code == 404


def _upload(content: bytes, name: str = "texts.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_staff_import_previews_then_confirms_and_the_spanish_page_shows_it(
    staff_client, client, workshop
):
    url = reverse("staff:workshop_translations_import", args=[workshop.slug])
    workbook = staff_client.get(reverse("staff:workshop_translations", args=[workshop.slug]))

    preview = staff_client.post(url, {"file": _upload(_filled(workbook.content, _spanish))})

    assert preview.status_code == 200
    assert "ES Workshop" in preview.text
    assert Workshop.objects.get(pk=workshop.pk).title_es in (None, "")
    token = preview.context["confirm_form"].initial["token"]

    confirmed = staff_client.post(url, {"token": token})

    assert confirmed.status_code == 302
    assert "ES Workshop" in client.get(f"/es/workshops/{workshop.slug}/").text
    again = staff_client.post(url, {"token": token}, follow=True)
    assert "expired" in again.text


def test_staff_import_of_a_wrong_workbook_names_row_and_column_and_changes_nothing(
    staff_client, workshop
):
    url = reverse("staff:workshop_translations_import", args=[workshop.slug])
    workbook = staff_client.get(reverse("staff:workshop_translations", args=[workshop.slug]))

    def wrong(sheet):
        _spanish(sheet)
        sheet.cell(row=2, column=9, value="x" * 201)

    response = staff_client.post(url, {"file": _upload(_filled(workbook.content, wrong))})
    not_a_workbook = staff_client.post(url, {"file": _upload(b"plain text")})

    assert response.status_code == 200
    assert "Row 2, column I (es)" in response.text
    assert response.context["confirm_form"] is None
    assert "not an Excel workbook" in not_a_workbook.text
    assert Workshop.objects.get(pk=workshop.pk).title_es in (None, "")


def test_staff_import_token_of_another_workshop_changes_nothing(staff_client, office, workshop):
    other = WorkshopFactory(office=office, languages=["en"], title="Other")
    workbook = staff_client.get(reverse("staff:workshop_translations", args=[workshop.slug]))
    preview = staff_client.post(
        reverse("staff:workshop_translations_import", args=[workshop.slug]),
        {"file": _upload(_filled(workbook.content, _spanish))},
    )
    token = preview.context["confirm_form"].initial["token"]

    response = staff_client.post(
        reverse("staff:workshop_translations_import", args=[other.slug]), {"token": token}
    )

    assert response.status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).title_es in (None, "")


def test_staff_import_is_refused_to_viewers_and_other_offices(staff_client_for, workshop):
    from offices.models import StaffMembership
    from tests.factories import RegionalOfficeFactory

    url = reverse("staff:workshop_translations_import", args=[workshop.slug])
    viewer = staff_client_for(StaffMembership.Role.OFFICE_VIEWER, workshop.office)
    assert viewer.get(url).status_code == 403
    stranger = staff_client_for(office=RegionalOfficeFactory())
    assert stranger.post(url, {"file": _upload(b"x")}).status_code == 404

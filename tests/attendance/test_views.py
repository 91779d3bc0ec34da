"""Staff pages: check-in, attendance matrix, sign-in sheet, imports and exports."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from attendance.models import Attendance
from attendance.selectors import checkin_search
from offices.models import StaffMembership
from participants.models import Participant, Registration
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SearchableParticipantFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.pdf_helpers import embedded_fonts, pdf_text

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, title="Opening")


def register(workshop, name, email, **kwargs):
    return RegistrationFactory(
        workshop=workshop,
        participant=SearchableParticipantFactory(full_name=name, email=email),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chloe", "Chloé Dubois"),
        ("DUBOIS", "Chloé Dubois"),
        ("احمد", "محمد الأحمد"),
        ("олена", "Олена Коваленко"),
        ("王", "王伟"),
        ("wang.wei@", "王伟"),
    ],
)
def test_checkin_search_folds_case_and_accents(workshop, session, query, expected):
    for name, email in [
        ("Chloé Dubois", "chloe@example.fr"),
        ("محمد الأحمد", "m@example.eg"),
        ("Олена Коваленко", "olena@example.ua"),
        ("王伟", "wang.wei@example.cn"),
    ]:
        register(workshop, name, email)

    results = checkin_search(workshop=workshop, session=session, query=query)

    assert [r.participant.full_name for r in results] == [expected]


def test_checkin_search_runs_one_query(workshop, session, django_assert_num_queries):
    for n in range(3):
        registration = register(workshop, f"Kwame Mensah {n}", f"k{n}@example.gh")
        AttendanceFactory(registration=registration, session=session)

    with django_assert_num_queries(1):
        results = checkin_search(workshop=workshop, session=session, query="kwame")
        statuses = [(r.participant.full_name, r.session_status) for r in results]

    assert statuses[0] == ("Kwame Mensah 0", "present")


def test_checkin_page_searches_without_javascript(staff_client, workshop, session):
    register(workshop, "Chloé Dubois", "chloe@example.fr")
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.get(url, {"q": "CHLOE"})

    assert response.status_code == 200
    assert [r.participant.email for r in response.context["results"]] == ["chloe@example.fr"]
    assert "js/checkin.js" in response.content.decode()


def test_checkin_scanning_a_code_checks_in_at_once(staff_client, workshop, session):
    registration = register(workshop, "Amina Haddad", "amina@example.org")
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.post(
        url, {"q": registration.participant.code.lower() + "\n"}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"ok": True, "message": "Amina Haddad is checked in.", "present": 1}
    assert Attendance.objects.get().method == "qr"


def test_checkin_search_box_without_a_code_redirects_to_results(staff_client, workshop, session):
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.post(url, {"q": "Amina"})

    assert response.status_code == 302
    assert response.url == url + "?q=Amina"


def test_checkin_attend_then_undo(staff_client, workshop, session):
    registration = register(workshop, "Amina Haddad", "amina@example.org")
    kwargs = {"slug": workshop.slug, "session_id": session.id, "registration_id": registration.id}

    staff_client.post(reverse("staff:checkin_attend", kwargs=kwargs))
    checked_in = Attendance.objects.filter(registration=registration).count()
    response = staff_client.post(
        reverse("staff:checkin_undo", kwargs=kwargs), HTTP_ACCEPT="application/json"
    )

    assert checked_in == 1
    assert response.json()["present"] == 0
    assert Attendance.objects.count() == 0


def test_checkin_json_search(staff_client, workshop, session):
    register(workshop, "Олена Коваленко", "olena@example.ua")

    response = staff_client.get(
        reverse("staff:checkin_search", args=[workshop.slug, session.id]), {"q": "ОЛЕНА"}
    )

    data = response.json()
    assert [(r["name"], r["can_check_in"]) for r in data["results"]] == [("Олена Коваленко", True)]
    assert data["present"] == 0


def test_checkin_refuses_a_cancelled_registration(staff_client, workshop, session):
    registration = register(
        workshop, "Amina Haddad", "amina@example.org", status=Registration.Status.CANCELLED
    )
    kwargs = {"slug": workshop.slug, "session_id": session.id, "registration_id": registration.id}

    response = staff_client.post(
        reverse("staff:checkin_attend", kwargs=kwargs), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 409
    assert "cancelled" in response.json()["message"]
    assert Attendance.objects.count() == 0


def test_checkin_another_offices_workshop_is_404(staff_client):
    other = WorkshopFactory()
    other_session = SessionFactory(workshop=other)
    registration = RegistrationFactory(workshop=other)
    kwargs = {
        "slug": other.slug,
        "session_id": other_session.id,
        "registration_id": registration.id,
    }

    page = staff_client.get(reverse("staff:checkin", args=[other.slug, other_session.id]))
    attend = staff_client.post(reverse("staff:checkin_attend", kwargs=kwargs))

    assert (page.status_code, attend.status_code) == (404, 404)
    assert Attendance.objects.count() == 0


def test_checkin_viewer_gets_403(staff_client_for, client, office, workshop, session):
    staff_client_for(office=office, role=StaffMembership.Role.OFFICE_VIEWER)

    response = client.get(reverse("staff:checkin", args=[workshop.slug, session.id]))

    assert response.status_code == 403


def test_checkin_walk_in_registers_and_checks_in(staff_client, workshop, session):
    response = staff_client.post(
        reverse("staff:checkin_walk_in", args=[workshop.slug, session.id]),
        {"full_name": "Sione Taufa", "email": "sione@example.to", "organisation": ""},
    )

    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.registration.participant.full_name, attendance.method) == (
        "Sione Taufa",
        "walk_in",
    )


def test_checkin_walk_in_bad_email_shows_the_form_again(staff_client, workshop, session):
    response = staff_client.post(
        reverse("staff:checkin_walk_in", args=[workshop.slug, session.id]),
        {"full_name": "Sione Taufa", "email": "sione"},
    )

    assert response.status_code == 400
    assert response.context["walk_in_form"].errors["email"] == ["Enter a valid email address."]
    assert Participant.objects.count() == 0


def test_attendance_matrix_shows_statuses_and_rule(staff_client, workshop, session):
    registration = register(workshop, "Amina Haddad", "amina@example.org")
    AttendanceFactory(registration=registration, session=session, status="late")

    response = staff_client.get(reverse("staff:attendance", args=[workshop.slug]))

    row = response.context["rows"][0]
    assert row["cells"] == [("late", "late")]
    assert row["summary"].sessions_held == 0  # the session is a month ahead


def test_attendance_matrix_cells_and_links_are_rendered_escaped(staff_client, workshop, session):
    late = register(workshop, "Amina <Haddad>", "amina@example.org")
    absent = register(workshop, "Sione Taufa", "sione@example.org")
    AttendanceFactory(registration=late, session=session, status="late")

    page = staff_client.get(reverse("staff:attendance", args=[workshop.slug])).content.decode()

    assert '<td class="status status-late">late</td>' in page
    assert '<td class="status status-none">–</td>' in page
    for registration in (late, absent):
        person = reverse("staff:registration_attendance", args=[workshop.slug, registration.id])
        assert f'<a href="{person}">' in page
    assert "Amina &lt;Haddad&gt;" in page


def test_attendance_matrix_query_count_does_not_grow(
    staff_client, workshop, session, assert_queries_do_not_grow
):
    url = reverse("staff:attendance", args=[workshop.slug])
    people = iter(range(3))

    def add_row():
        n = next(people)
        register(workshop, f"Person {n}", f"p{n}@example.org")

    response = assert_queries_do_not_grow(lambda: staff_client.get(url), add_row=add_row)

    assert len(response.context["rows"]) == 3


def test_registration_attendance_override_needs_a_reason(staff_client, workshop, session):
    registration = register(workshop, "Amina Haddad", "amina@example.org")
    url = reverse("staff:registration_attendance", args=[workshop.slug, registration.id])

    refused = staff_client.post(url, {"decision": "eligible", "reason": ""})
    accepted = staff_client.post(url, {"decision": "eligible", "reason": "Sat the exam"})

    assert refused.context["override_form"].errors["reason"] == [
        "Give a reason for overriding the attendance rule."
    ]
    assert accepted.status_code == 302
    registration.refresh_from_db()
    assert (registration.eligibility_override, registration.eligibility_override_reason) == (
        True,
        "Sat the exam",
    )


def test_registration_attendance_sets_statuses(staff_client, workshop, session):
    registration = register(workshop, "Amina Haddad", "amina@example.org")
    url = reverse("staff:registration_attendance", args=[workshop.slug, registration.id])

    staff_client.post(url, {f"session_{session.id}": "excused"})

    assert Attendance.objects.get().status == "excused"


def test_sign_in_sheet_pdf_lists_names_and_codes(staff_client, workshop, session):
    registration = register(workshop, "Leilani Kalsakau", "leilani@example.vu")

    response = staff_client.get(reverse("staff:sign_in_sheet", args=[workshop.slug, session.id]))

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Leilani Kalsakau" in text
    assert registration.participant.code in text


def test_sign_in_sheet_prints_every_script_with_the_shipped_fonts(staff_client, workshop, session):
    for name, email in [
        ("محمد الأحمد", "m@example.eg"),
        ("王伟", "w@example.cn"),
        ("Олена Коваленко", "o@example.ua"),
    ]:
        register(workshop, name, email)

    response = staff_client.get(reverse("staff:sign_in_sheet", args=[workshop.slug, session.id]))

    text = pdf_text(response.content)
    assert "王伟" in text
    assert "Олена Коваленко" in text
    fonts = embedded_fonts(response.content)
    assert {"PDF-Sans", "PDF-Arabic", "PDF-Chinese"} <= set(fonts)  # the faces of pdf-fonts.css
    assert all(fonts.values())


def _export(client, workshop, fmt):
    response = client.get(reverse("staff:attendance_export", args=[workshop.slug]), {"format": fmt})
    return response, b"".join(response.streaming_content)


def test_attendance_export_csv_neutralises_formulas(staff_client, workshop, session):
    registration = register(workshop, "=HYPERLINK(1)", "x@example.org")
    registration.participant.job_title = "-2+3"
    registration.participant.save()
    AttendanceFactory(registration=registration, session=session)

    response, content = _export(staff_client, workshop, "csv")

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = dict(zip(rows[0], rows[1], strict=True))
    assert header["Full name"] == "'=HYPERLINK(1)"
    assert header["Job title"] == "'-2+3"
    assert header[f"1. Opening ({session.local_start().date().isoformat()})"] == "present"
    assert (
        response["Content-Disposition"] == f'attachment; filename="attendance-{workshop.slug}.csv"'
    )


def test_attendance_export_xlsx_and_json(staff_client, workshop, session):
    register(workshop, "王伟", "wang@example.cn")

    _response, xlsx = _export(staff_client, workshop, "xlsx")
    _response, raw_json = _export(staff_client, workshop, "json")

    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[2]][:2] == ["王伟", "wang@example.cn"]
    assert json.loads(raw_json)[0]["Eligible"] == "no"


def test_attendance_export_another_office_is_404(staff_client):
    response = staff_client.get(reverse("staff:attendance_export", args=[WorkshopFactory().slug]))

    assert response.status_code == 404


def test_registrations_export_date_range_is_scoped_to_the_office(staff_client, workshop):
    register(workshop, "Ours", "ours@example.org")
    RegistrationFactory(participant__full_name="Theirs")

    response = staff_client.get(reverse("staff:registrations_export"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Ours"]
    assert rows[0][0] == "Workshop"


def test_participants_import_preview_then_confirm(staff_client, workshop, settings):
    url = reverse("staff:import_participants", args=[workshop.slug])
    upload = io.BytesIO(b"Name,Email\nAmina Haddad,amina@example.org\n")
    upload.name = "list.csv"

    preview = staff_client.post(url, {"file": upload})
    token = preview.context["confirm_form"].initial["token"]
    before = Participant.objects.count()
    confirmed = staff_client.post(url, {"token": token})

    assert [r.action for r in preview.context["report"].rows] == ["created"]
    assert before == 0
    assert confirmed.status_code == 302
    assert Registration.objects.get().participant.email == "amina@example.org"
    assert not (Path(settings.PRIVATE_ROOT) / "imports" / f"{token}.upload").exists()


def test_participants_import_confirm_needs_the_uploaders_token(staff_client, workshop):
    url = reverse("staff:import_participants", args=[workshop.slug])

    response = staff_client.post(url, {"token": "A" * 32}, follow=True)

    assert Participant.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "This import has expired; upload the file again."
    ]


def test_participants_import_sample_with_errors_offers_no_confirmation(staff_client, workshop):
    url = reverse("staff:import_participants", args=[workshop.slug])
    with (DATA / "participants_windows1252.csv").open("rb") as upload:
        response = staff_client.post(url, {"file": upload})

    assert response.context["confirm_form"] is None
    assert [r.row for r in response.context["report"].errors] == [4, 5]
    assert "Enter a valid email address." in response.content.decode()


def test_participants_import_too_large_file_is_refused(staff_client, workshop, settings):
    settings.IMPORT_MAX_BYTES = 100
    upload = io.BytesIO(b"Name,Email\n" + b"A,a@example.org\n" * 50)
    upload.name = "big.csv"

    response = staff_client.post(
        reverse("staff:import_participants", args=[workshop.slug]), {"file": upload}
    )

    assert response.context["form"].errors["file"] == [
        "The file is 0.0 MB; files up to 0.0 MB can be imported."
    ]


def test_attendance_import_zoom_report_lists_unmatched(staff_client, office):
    import datetime as dt
    import zoneinfo

    zone = zoneinfo.ZoneInfo("Africa/Cairo")
    workshop = WorkshopFactory(
        office=office,
        time_zone="Africa/Cairo",
        start_date=dt.date(2026, 11, 20),
        end_date=dt.date(2026, 11, 20),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    SessionFactory(
        workshop=workshop,
        starts_at=dt.datetime(2026, 11, 20, 9, tzinfo=zone),
        ends_at=dt.datetime(2026, 11, 20, 12, tzinfo=zone),
    )
    register(workshop, "Amina Haddad", "amina.haddad@example.org")
    url = reverse("staff:import_attendance", args=[workshop.slug])
    with (DATA / "zoom_participants_report.csv").open("rb") as upload:
        response = staff_client.post(url, {"file": upload, "session": "", "min_minutes": 60})

    report = response.context["report"]
    assert [(r.email, r.action) for r in report.rows] == [("amina.haddad@example.org", "created")]
    assert len(report.unmatched) == 8
    assert Attendance.objects.count() == 0


# People belong to nobody: a staff import or walk-in with another office's participant's
# address neither changes that person nor tells the office that the address was known.


def _another_office_person():
    person = SearchableParticipantFactory(
        full_name="Amina Haddad", email="amina.haddad@example.eg", organisation="NTRA"
    )
    RegistrationFactory(participant=person, status="confirmed")  # another office's workshop
    return person


def test_checkin_walk_in_with_another_office_person_changes_nothing_and_reveals_nothing(
    staff_client, workshop, session
):
    person = _another_office_person()
    url = reverse("staff:checkin_walk_in", args=[workshop.slug, session.id])
    json_headers = {"headers": {"accept": "application/json"}}

    known = staff_client.post(
        url,
        {"full_name": "Someone Else", "email": "AMINA.HADDAD@example.eg", "organisation": "X"},
        **json_headers,
    )
    unknown = staff_client.post(
        url,
        {"full_name": "Someone Else", "email": "nobody@example.org", "organisation": "X"},
        **json_headers,
    )

    person.refresh_from_db()
    assert (person.full_name, person.email, person.organisation) == (
        "Amina Haddad",
        "amina.haddad@example.eg",
        "NTRA",
    )
    assert known.json()["message"] == unknown.json()["message"]
    assert known.json()["message"] == "Someone Else is registered and checked in."
    assert person.registrations.get(workshop=workshop).status == "confirmed"


def test_participants_import_preview_of_another_office_person_looks_like_a_new_address(
    staff_client, workshop
):
    person = _another_office_person()
    url = reverse("staff:import_participants", args=[workshop.slug])
    upload = io.BytesIO(
        b"Name,Email,Organisation\n"
        b"Someone Else,amina.haddad@example.eg,Evil Corp\n"
        b"Someone Else,nobody@example.org,Evil Corp\n"
    )
    upload.name = "list.csv"

    preview = staff_client.post(url, {"file": upload})
    confirmed = staff_client.post(url, {"token": preview.context["confirm_form"].initial["token"]})

    rows = [row.split("</td><td>")[1:] for row in preview.text.split('<tr class="import-')[1:]]
    assert rows[0][0] == rows[1][0] == "new registration"
    assert [r.action for r in preview.context["report"].rows] == ["created", "created"]
    assert confirmed.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.organisation) == ("Amina Haddad", "NTRA")
    assert person.registrations.get(workshop=workshop).status == "confirmed"

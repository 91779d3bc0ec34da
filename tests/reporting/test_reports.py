import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from offices.models import Region, StaffMembership
from offices.permissions import StaffAccess
from participants.models import Gender, Registration
from reporting.reports import (
    Report,
    ReportScope,
    attendance_rates,
    participants_by_country,
    participants_by_gender,
    workshops_by_region_and_year,
)
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

WHOLE_TIME = ReportScope(start=dt.date(2000, 1, 1), end=dt.date(2100, 12, 31))
HQ = StaffAccess(role=StaffMembership.Role.HEADQUARTERS, office=None)


def _people(workshop, count, **participant):
    for _ in range(count):
        RegistrationFactory(workshop=workshop, participant=ParticipantFactory(**participant))


def test_participants_by_country_ranks_and_folds_small_groups(workshop):
    _people(workshop, 5, country="VU")
    _people(workshop, 3, country="FJ")
    _people(workshop, 1, country="TO")
    _people(workshop, 1, country="WS")
    RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    report = participants_by_country(HQ, WHOLE_TIME)

    assert report.rows == [
        ["Vanuatu", 5],
        ["Fiji", 3],
        ["Other (each fewer than 3)", "fewer than 3"],
    ]
    assert report.bars == [("Vanuatu", 5, "5"), ("Fiji", 3, "3")]


def test_participants_by_gender_shows_a_large_enough_other_group(workshop):
    _people(workshop, 4, gender=Gender.FEMALE)
    _people(workshop, 2, gender=Gender.MALE)
    _people(workshop, 2, gender=Gender.OTHER)

    report = participants_by_gender(HQ, WHOLE_TIME)

    assert report.rows == [["female", 4], ["Other (each fewer than 3)", 4]]


def test_workshops_by_region_and_year_leaves_out_drafts_and_the_period_outside(office):
    WorkshopFactory(office=office, start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24))
    WorkshopFactory(office=office, start_date=dt.date(2016, 4, 1), end_date=dt.date(2016, 4, 2))
    WorkshopFactory(
        office=office, start_date=dt.date(2014, 1, 1), end_date=dt.date(2014, 1, 2), status="draft"
    )

    report = workshops_by_region_and_year(
        HQ, ReportScope(start=dt.date(2014, 1, 1), end=dt.date(2015, 12, 31))
    )

    assert report.rows == [["Asia-Pacific", 2014, 1]]


def test_attendance_rate_is_attended_over_possible(office):
    workshop = WorkshopFactory(
        office=office, start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 23)
    )
    first, second = SessionFactory(workshop=workshop), SessionFactory(workshop=workshop)
    present = RegistrationFactory(workshop=workshop)
    _people(workshop, 2)
    AttendanceFactory(registration=present, session=first)
    AttendanceFactory(registration=present, session=second)
    AttendanceFactory(registration=RegistrationFactory(workshop=workshop), session=first)

    report = attendance_rates(HQ, WHOLE_TIME)

    assert report.rows == [[workshop.title, 4, 2, 3, 38]]


def test_attendance_rate_of_fewer_than_three_people_is_not_shown(office):
    workshop = WorkshopFactory(
        office=office, start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 23)
    )
    session = SessionFactory(workshop=workshop)
    AttendanceFactory(registration=RegistrationFactory(workshop=workshop), session=session)
    RegistrationFactory(workshop=workshop)

    report = attendance_rates(HQ, WHOLE_TIME)

    assert report.rows == [[workshop.title, "fewer than 3", 1, "", ""]]
    assert report.bars == []


def test_office_report_counts_only_its_own_office(office):
    other = RegionalOfficeFactory(slug="cairo", region=Region.objects.get(slug="arab-states"))
    WorkshopFactory(office=office)
    WorkshopFactory(office=other)

    report = workshops_by_region_and_year(
        StaffAccess(role=StaffMembership.Role.OFFICE_VIEWER, office=office), WHOLE_TIME
    )

    assert [row[0] for row in report.rows] == ["Asia-Pacific"]


def test_reports_page_draws_a_chart_with_its_table(staff_client_for, client, workshop):
    _people(workshop, 4, country="VU")
    staff_client_for(office=workshop.office)

    response = client.get(reverse("staff:reports"), {"start": "2000-01-01", "end": "2100-12-31"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart" role="img" aria-labelledby="participants-by-country-title"' in html
    assert '<th scope="row" dir="auto">Vanuatu</th>' in html


def test_reports_page_reports_a_period_ending_before_it_starts(staff_client_for, client, office):
    staff_client_for(office=office)

    response = client.get(reverse("staff:reports"), {"start": "2020-01-01", "end": "2019-01-01"})

    assert response.status_code == 400
    assert "end" in response.context["form"].errors


def test_report_download_csv(staff_client_for, client, workshop):
    _people(workshop, 3, country="VU")
    staff_client_for(office=workshop.office)

    response = client.get(
        reverse("staff:report_download", args=["participants-by-country"]),
        {"start": "2000-01-01", "end": "2100-12-31", "format": "csv"},
    )

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Country,Participants",
        "Vanuatu,3",
    ]


def test_report_download_xlsx(staff_client_for, client, workshop):
    _people(workshop, 3, country="VU")
    staff_client_for(office=workshop.office)

    response = client.get(
        reverse("staff:report_download", args=["participants-by-country"]),
        {"start": "2000-01-01", "end": "2100-12-31", "format": "xlsx"},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Country", "Participants"],
        ["Vanuatu", 3],
    ]


@pytest.mark.parametrize(("report", "file_format"), [("nope", "csv"), ("attendance-rates", "exe")])
def test_report_download_unknown_is_not_found(
    staff_client_for, client, office, report, file_format
):
    staff_client_for(office=office)

    response = client.get(reverse("staff:report_download", args=[report]), {"format": file_format})

    assert response.status_code == 404


def test_headquarters_may_narrow_reports_to_one_office(staff_client_for, client, office):
    other = RegionalOfficeFactory(slug="cairo", region=Region.objects.get(slug="arab-states"))
    WorkshopFactory(office=office)
    WorkshopFactory(office=other)
    staff_client_for(role="headquarters", office=None)

    response = client.get(reverse("staff:reports"), {"office": "cairo"})

    [by_region] = [r for r in response.context["reports"] if r.key == "workshops-by-region"]
    assert [row[0] for row in by_region.rows] == ["Arab States"]


def test_report_download_neutralises_formulas_and_keeps_numbers(staff_client_for, client, office):
    workshop = WorkshopFactory(
        office=office,
        title="=HYPERLINK(1)",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 23),
    )
    session = SessionFactory(workshop=workshop)
    for _ in range(3):
        AttendanceFactory(registration__workshop=workshop, session=session)
    staff_client_for(office=office)

    response = client.get(
        reverse("staff:report_download", args=["attendance-rates"]),
        {"start": "2000-01-01", "end": "2100-12-31", "format": "xlsx"},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("'=HYPERLINK(1)", 3, 1, 3, 100)]


def test_a_long_report_shows_its_first_rows_and_leaves_the_rest_to_the_download(
    staff_client_for, client, office, monkeypatch
):
    monkeypatch.setattr("reporting.views.REPORT_ROWS_SHOWN", 2)
    for year in (2014, 2015, 2016):
        WorkshopFactory(office=office, start_date=dt.date(year, 3, 1), end_date=dt.date(year, 3, 2))
    staff_client_for(office=office)
    period = {"start": "2000-01-01", "end": "2100-12-31"}

    page = client.get(reverse("staff:reports"), period)
    download = client.get(
        reverse("staff:report_download", args=["workshops-by-region"]), {**period, "format": "csv"}
    )

    [shown] = [r for r in page.context["reports"] if r.key == "workshops-by-region"]
    assert [row[1] for row in shown.rows] == [2014, 2015]
    assert "The first 2 rows are shown; 1 more is in the download." in page.content.decode()
    assert len(download.content.decode().strip().splitlines()) == 1 + 3  # header and every row


def test_a_short_report_is_shown_whole():
    report = Report(key="k", title="t", headers=["a"], rows=[["x"], ["y"]], bars=[("x", 1, "1")])

    assert report.shown(2) is report
    assert report.shown(1).rows == [["x"]]
    assert report.shown(1).rows_left_out == 1
    assert report.rows == [["x"], ["y"]]  # the whole report is left as it was

"""Every staff URL, tried as the wrong office: listed from the URL configuration, so a staff
page added later (registrations, certificates) is covered the day it is added. A page about
another office's object answers 403 or 404 and changes nothing; an office-wide page (the
dashboard, reports, exports) shows nothing of the other office."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import Webhook
from api.services import api_token_create
from certificates.models import Certificate, CertificateBatch
from learning.models import QuestionSet
from offices.models import Region, StaffMembership
from participants.models import OutgoingEmail, Registration
from tests.factories import (
    AttendanceFactory,
    NationalActivityFactory,
    OutcomeDocumentFileFactory,
    ParticipantFactory,
    PartnerFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Office A confidential workshop"
SECRET_NAME = "Amaranth Quillfeather"
SECRET_EMAIL = "amaranth.quillfeather@example.org"


def staff_url_patterns() -> list[tuple[str, tuple[str, ...]]]:
    """(name, keyword argument names) of every pattern in the "staff" namespace."""

    def walk(patterns, in_staff):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, in_staff or entry.namespace == "staff")
            elif isinstance(entry, URLPattern) and in_staff and entry.name:
                yield entry.name, tuple(sorted(entry.pattern.regex.groupindex))

    return sorted(set(walk(get_resolver().url_patterns, False)), key=lambda item: item[0])


@pytest.fixture
def office_a_objects():
    office = RegionalOfficeFactory(slug="office-a", name="Office A")
    workshop = WorkshopFactory(
        office=office,
        title=SECRET_TITLE,
        start_date=timezone.now().date() - dt.timedelta(days=1),
        end_date=timezone.now().date() + dt.timedelta(days=1),
    )
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(
        workshop=workshop,
        participant=ParticipantFactory(full_name=SECRET_NAME, email=SECRET_EMAIL),
        status=Registration.Status.CONFIRMED,
    )
    AttendanceFactory(registration=registration, session=session)
    document_file = OutcomeDocumentFileFactory(document__workshop=workshop)
    partner_role = WorkshopPartnerFactory(workshop=workshop, partner=PartnerFactory())
    certificate = Certificate.objects.create(registration=registration, holder_name=SECRET_NAME)
    batch = CertificateBatch.objects.create(workshop=workshop)
    activity = NationalActivityFactory(office=office, title=SECRET_TITLE)
    unsent_email = OutgoingEmail.objects.create(
        registration=registration,
        recipient=SECRET_EMAIL,
        kind="received",
        status=OutgoingEmail.Status.FAILED,
        attempts=6,
    )
    token, _secret = api_token_create(
        user=StaffMembershipFactory(office=office).user,
        office=office,
        name=SECRET_TITLE,
        scopes=["read:registrations"],
    )
    webhook = Webhook.objects.create(
        office=office, url="https://hooks.example.org/a", description=SECRET_TITLE, secret="s"
    )
    question_set = QuestionSet.objects.create(
        office=office, kind=QuestionSet.Kind.KNOWLEDGE, title=SECRET_TITLE
    )
    return {
        "slug": workshop.slug,
        "set_id": question_set.pk,  # an office's question set (learning)
        "fmt": "csv",  # the learning results' download format
        "session_id": session.pk,
        "registration_id": registration.pk,
        "pk": registration.pk,  # registration approve/decline (participants/staff_urls.py)
        "document_id": document_file.document_id,
        "language": document_file.language,
        "partner_role_id": partner_role.pk,
        "certificate_id": certificate.pk,
        "batch_id": batch.pk,
        "email_id": unsent_email.pk,  # an e-mail in the outbox (staff:mail_resend)
        "code": certificate.code,
        "report": "participants-by-country",
        "activity_id": activity.pk,  # an office's national work
        "partner_slug": partner_role.partner.slug,  # the shared partners directory
        "token_id": token.pk,  # an office's API token
        "webhook_id": webhook.pk,  # an office's webhook
    }


# Keyword arguments that do not name an office's object: pages with only these are office-wide.
# Partners belong to no office: any office's staff may correct the shared directory.
OFFICE_WIDE_ARGUMENTS = {"report", "partner_slug"}

# What a POST carries, so that a page missing its check would really change something.
POST_DATA = {
    "title": "Changed by the wrong office",
    "message": "Changed by the wrong office",
    "confirm": "on",
    "publish": "1",
    "status": "present",
    "role": "sponsor",
    "reason": "wrong office",
    "eligibility_override": "true",
    "full_name": "Walk In",
    "email": "walk.in@example.org",
    "start_date": "2031-01-01",
    "starts_at": "2031-01-01T09:00",
    "ends_at": "2031-01-01T10:00",
    "q": SECRET_NAME,
    "action": "enable",
    "otp_token": "000000",
}


def _database_state() -> dict:
    """Every row of the project's models and their histories, to compare before and after."""
    state = {}
    for app_label in ("workshops", "participants", "certificates", "api", "learning", "reminders"):
        for model in apps.get_app_config(app_label).get_models():
            state[model._meta.label] = repr(list(model.objects.order_by("pk").values()))
    return state


def _url(name: str, arguments: tuple[str, ...], objects: dict) -> str:
    unknown = [argument for argument in arguments if argument not in objects]
    if unknown:
        pytest.fail(
            f"staff:{name} takes {unknown}: give office A a value for them in "
            "office_a_objects (tests/test_cross_office.py) so the page is tried as office B"
        )
    return reverse(f"staff:{name}", kwargs={a: objects[a] for a in arguments})


def _close(*responses) -> None:
    """Close file downloads; last in a test, since closing a response also closes the test's
    database connection (Django's request_finished signal)."""
    for response in responses:
        response.close()


def _object_pages():
    return [
        (name, arguments)
        for name, arguments in staff_url_patterns()
        if set(arguments) - OFFICE_WIDE_ARGUMENTS
    ]


def _office_wide_pages():
    return [
        (name, arguments)
        for name, arguments in staff_url_patterns()
        if not set(arguments) - OFFICE_WIDE_ARGUMENTS
    ]


@pytest.fixture
def office_b_staff(staff_client_for, client):
    office_b = RegionalOfficeFactory(
        slug="office-b", name="Office B", region=Region.objects.get(slug="africa")
    )
    WorkshopFactory(office=office_b, title="Office B workshop")
    staff_client_for(role=StaffMembership.Role.OFFICE_STAFF, office=office_b)
    return client


def test_staff_url_list_holds_the_known_pages():
    names = {name for name, _arguments in staff_url_patterns()}

    assert {"dashboard", "workshop", "workshop_edit", "checkin", "reports"} <= names


@pytest.mark.parametrize(("name", "arguments"), _object_pages())
def test_other_office_object_page_is_refused_and_changes_nothing(
    office_b_staff, office_a_objects, name, arguments
):
    url = _url(name, arguments, office_a_objects)
    before = _database_state()

    got = office_b_staff.get(url)
    posted = office_b_staff.post(url, POST_DATA)

    # 405 (a GET to a POST-only page, or the reverse) says nothing about the object; the
    # method the page does take must be refused.
    answers = {got.status_code, posted.status_code}
    assert answers <= {403, 404, 405}, f"{url}: GET {got.status_code}, POST {posted.status_code}"
    assert answers & {403, 404}, url
    assert _database_state() == before
    _close(got, posted)


@pytest.mark.parametrize(("name", "arguments"), _object_pages())
def test_viewer_post_to_own_office_page_changes_nothing(
    staff_client_for, client, office_a_objects, name, arguments
):
    workshop_office = RegionalOfficeFactory(slug="office-a")
    staff_client_for(role=StaffMembership.Role.OFFICE_VIEWER, office=workshop_office)
    url = _url(name, arguments, office_a_objects)
    before = _database_state()

    response = client.post(url, POST_DATA)

    assert response.status_code in (200, 403, 405), f"POST {url}"
    assert _database_state() == before
    _close(response)


@pytest.mark.parametrize(("name", "arguments"), _office_wide_pages())
def test_office_wide_page_shows_nothing_of_another_office(
    office_b_staff, office_a_objects, name, arguments
):
    url = _url(name, arguments, office_a_objects)
    # Wide enough a period for reports and exports to include office A's workshop, were it seen.
    query = {"start": "2000-01-01", "end": "2100-12-31", "format": "csv"}

    response = office_b_staff.get(url, query)

    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    assert response.status_code in (200, 302, 400, 405), url
    assert (SECRET_TITLE in text, SECRET_NAME in text, SECRET_EMAIL in text) == (False,) * 3
    _close(response)


def test_office_wide_report_download_holds_the_own_office_only(office_b_staff, office_a_objects):
    url = reverse("staff:report_download", args=["attendance-rates"])

    response = office_b_staff.get(url, {"start": "2000-01-01", "end": "2100-12-31"})

    assert response.status_code == 200
    assert SECRET_TITLE not in response.content.decode()


def test_admin_refuses_another_offices_staff(office_a_objects, client):
    """The admin is for superusers only (tests/offices/test_admin_one_door.py tries every
    admin URL); here, the reproduction: another office's login reaches nothing of office A's."""
    office_b = RegionalOfficeFactory(slug="office-b", name="Office B")
    client.force_login(StaffMembershipFactory(office=office_b).user)
    workshop_id = Workshop.objects.get(slug=office_a_objects["slug"]).pk
    registration_id = office_a_objects["registration_id"]
    before = _database_state()

    answers = [
        client.get(reverse("admin:workshops_workshop_changelist")).status_code,
        client.get(reverse("admin:workshops_workshop_change", args=[workshop_id])).status_code,
        client.post(
            reverse("admin:workshops_workshop_change", args=[workshop_id]), {"title": "Taken"}
        ).status_code,
        client.get(
            reverse("admin:participants_registration_change", args=[registration_id])
        ).status_code,
        client.get(reverse("admin:participants_participant_changelist")).status_code,
    ]

    assert answers == [403] * 5
    assert _database_state() == before

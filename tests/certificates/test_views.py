import io
import zipfile

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_issue, certificate_revoke
from tests.certificates.conftest import attend_all
from tests.factories import RegionalOfficeFactory, RegistrationFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def certificate(make_attendee, staff_user) -> Certificate:
    registration = make_attendee(full_name="Ana Lima", organisation="Ministry of Secrets")
    return certificate_issue(registration=registration, by=staff_user).certificate


def verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


def test_verify_form_normalises_case_spaces_and_dashes(client):
    response = client.get(reverse("certificates:verify_form"), {"code": " abcd-efgh jkmn "})

    assert response.status_code == 302
    assert response["Location"] == verify_url("ABCDEFGHJKMN")


def test_verify_form_with_a_malformed_code_shows_an_error(client):
    response = client.get(reverse("certificates:verify_form"), {"code": "abc"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "A verification code has 12 letters and digits."
    ]


def test_verify_lowercase_code_redirects_to_the_canonical_url(client, certificate):
    response = client.get(verify_url(certificate.code.lower()))

    assert response.status_code == 301
    assert response["Location"] == verify_url(certificate.code)


def test_verify_valid_certificate_shows_holder_workshop_and_hash_only(client, certificate):
    response = client.get(verify_url(certificate.code))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["status"] == "valid"
    assert "Ana Lima" in page
    assert certificate.pdf_sha256 in page
    assert certificate.registration.workshop.title in page
    assert "Ministry of Secrets" not in page
    assert certificate.registration.participant.email not in page


def test_verify_json_valid_certificate_answers_200(client, certificate):
    response = client.get(verify_url(certificate.code), **JSON)

    data = response.json()
    assert response.status_code == 200
    assert (data["status"], data["holder_name"], data["pdf_sha256"], data["current_code"]) == (
        "valid",
        "Ana Lima",
        certificate.pdf_sha256,
        None,
    )
    assert "Accept" in response["Vary"]


def test_verify_json_superseded_certificate_answers_200_with_the_current_code(
    client, certificate, staff_user
):
    participant = certificate.registration.participant
    participant.full_name = "Ana Lima da Silva"
    participant.save()
    current = certificate_issue(
        registration=certificate.registration, by=staff_user, confirm_name=True
    ).certificate

    response = client.get(verify_url(certificate.code), **JSON)
    page = client.get(verify_url(certificate.code))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["current_code"]) == (
        "superseded",
        current.code,
    )
    assert verify_url(current.code) in page.content.decode()


def test_verify_revoked_certificate_answers_410_with_the_category_not_the_staff_note(
    client, certificate, staff_user
):
    certificate_revoke(
        certificate=certificate,
        category="attendance_corrected",
        reason="Did not attend, his manager phoned",
        by=staff_user,
    )

    response = client.get(verify_url(certificate.code), **JSON)
    page = client.get(verify_url(certificate.code))

    assert response.status_code == 410
    assert (response.json()["status"], response.json()["revoked_category"]) == (
        "revoked",
        "attendance_corrected",
    )
    assert "phoned" not in response.content.decode()
    assert page.status_code == 410
    assert "attendance corrected" in page.content.decode()
    assert "phoned" not in page.content.decode()


def test_verify_unknown_code_answers_404(client):
    response = client.get(verify_url("ZZZZZZZZZZZZ"), **JSON)
    page = client.get(verify_url("ZZZZZZZZZZZZ"))

    assert response.status_code == 404
    assert response.json() == {"code": "ZZZZZZZZZZZZ", "status": "unknown"}
    assert page.status_code == 404
    assert "Certificate not found" in page.content.decode()


def test_verify_is_rate_limited(client, settings):
    settings.RATELIMIT_VERIFY = "2/m"
    for _ in range(2):
        client.get(verify_url("ZZZZZZZZZZZZ"))

    response = client.get(verify_url("ZZZZZZZZZZZZ"))
    api = client.get(verify_url("ZZZZZZZZZZZZ"), **JSON)

    assert response.status_code == 429
    assert api.status_code == 429


def test_me_certificate_downloads_the_current_pdf(client, certificate):
    response = client.get(reverse("me:certificate", args=[certificate.registration.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_me_certificate_without_a_current_certificate_answers_404(client, certificate, staff_user):
    certificate_revoke(certificate=certificate, category="other", reason="Mistake", by=staff_user)

    revoked = client.get(reverse("me:certificate", args=[certificate.registration.token]))
    unknown = client.get(reverse("me:certificate", args=["not-a-token"]))

    assert (revoked.status_code, unknown.status_code) == (404, 404)


# Staff


def section_url(workshop) -> str:
    return reverse("staff:workshop", args=[workshop.slug])


def test_staff_issue_one_creates_the_certificate(client, past_workshop, make_attendee, staff_user):
    registration = make_attendee()
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_issue", args=[past_workshop.slug, registration.pk])
    )

    assert response.status_code == 302
    assert registration.certificates.count() == 1


def test_staff_issue_one_not_qualifying_shows_why_and_issues_nothing(
    client, past_workshop, staff_user
):
    registration = RegistrationFactory(workshop=past_workshop)
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_issue", args=[past_workshop.slug, registration.pk]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Attended 0 of 2 sessions (0%); the rule is 50%."
    ]
    assert Certificate.objects.count() == 0


def test_staff_viewer_cannot_issue(client, past_workshop, make_attendee, viewer_user):
    registration = make_attendee()
    client.force_login(viewer_user)

    response = client.post(
        reverse("staff:certificate_issue", args=[past_workshop.slug, registration.pk])
    )

    assert response.status_code == 403
    assert Certificate.objects.count() == 0


def test_staff_of_another_office_gets_404(client, past_workshop, certificate):
    other = StaffMembershipFactory(office=RegionalOfficeFactory(slug="cairo", name="Cairo")).user
    client.force_login(other)

    download = client.get(
        reverse("staff:certificate_download", args=[past_workshop.slug, certificate.code])
    )
    issue_all = client.post(reverse("staff:certificate_issue_all", args=[past_workshop.slug]))

    assert (download.status_code, issue_all.status_code) == (404, 404)


def test_staff_issue_all_runs_a_batch_and_shows_its_progress(
    client, past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    make_attendee()
    make_attendee()
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:certificate_issue_all", args=[past_workshop.slug]))
    page = client.get(response["Location"])

    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse(
        "staff:certificate_batch", args=[past_workshop.slug, batch.pk]
    )
    assert (batch.status, batch.done_count) == ("done", 2)
    assert page.context["running"] is False
    assert "2 issued, 0 already up to date, 0 failed, of 2." in page.content.decode()


def test_staff_revoke_with_a_reason_revokes(client, past_workshop, certificate, staff_user):
    client.force_login(staff_user)

    client.post(
        reverse("staff:certificate_revoke", args=[past_workshop.slug, certificate.code]),
        {"category": "identity", "reason": "Wrong person"},
    )

    certificate.refresh_from_db()
    assert (certificate.revoked_category, certificate.revoked_reason) == (
        "identity",
        "Wrong person",
    )


def test_staff_revoke_with_an_unknown_category_revokes_nothing(
    client, past_workshop, certificate, staff_user
):
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_revoke", args=[past_workshop.slug, certificate.code]),
        {"category": "because", "reason": "Wrong person"},
        follow=True,
    )

    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert [str(m) for m in response.context["messages"]] == ["Say why the certificate is revoked."]


def test_staff_revoke_without_a_reason_revokes_nothing(
    client, past_workshop, certificate, staff_user
):
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_revoke", args=[past_workshop.slug, certificate.code]),
        {"category": "other", "reason": ""},
        follow=True,
    )

    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert [str(m) for m in response.context["messages"]] == ["Say why the certificate is revoked."]


def test_staff_download_serves_the_pdf(client, past_workshop, certificate, viewer_user):
    client.force_login(viewer_user)

    response = client.get(
        reverse("staff:certificate_download", args=[past_workshop.slug, certificate.code])
    )

    response.close()
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'inline; filename="certificate-{certificate.code}.pdf"'
    )


def test_staff_zip_holds_every_current_certificate(
    client, past_workshop, make_attendee, certificate, staff_user
):
    second = certificate_issue(registration=make_attendee(), by=staff_user).certificate
    client.force_login(staff_user)

    response = client.get(reverse("staff:certificate_zip", args=[past_workshop.slug]))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(
        [f"certificate-{certificate.code}.pdf", f"certificate-{second.code}.pdf"]
    )
    with certificate.pdf.open("rb") as pdf:
        assert archive.read(f"certificate-{certificate.code}.pdf") == pdf.read()


def test_staff_workshop_page_lists_who_qualifies_and_why_not(
    client, past_workshop, make_attendee, certificate, staff_user
):
    RegistrationFactory(workshop=past_workshop, participant__full_name="Absent Person")
    client.force_login(staff_user)

    page = client.get(section_url(past_workshop)).content.decode()

    assert "No: Attended 0 of 2 sessions (0%); the rule is 50%." in page
    assert (
        reverse("staff:certificate_download", args=[past_workshop.slug, certificate.code]) in page
    )
    assert reverse("staff:certificate_zip", args=[past_workshop.slug]) in page


def test_staff_workshop_page_queries_do_not_grow_with_registrations(
    client, past_workshop, staff_user, assert_queries_do_not_grow
):
    """The page holds every app's section; what matters is that no section queries per row."""
    client.force_login(staff_user)
    client.get(section_url(past_workshop))  # warm the session

    assert_queries_do_not_grow(
        lambda: client.get(section_url(past_workshop)),
        add_row=lambda: attend_all(RegistrationFactory(workshop=past_workshop)),
    )


def test_staff_confirm_of_a_changed_name_reissues(client, past_workshop, certificate, staff_user):
    participant = certificate.registration.participant
    participant.full_name = "Ana Lima da Silva"
    participant.save()
    client.force_login(staff_user)
    url = reverse("staff:certificate_issue", args=[past_workshop.slug, certificate.registration_id])

    page = client.get(reverse("staff:workshop", args=[past_workshop.slug])).content.decode()
    unconfirmed = client.post(url, follow=True)
    assert Certificate.objects.current().get().pk == certificate.pk
    client.post(url, {"confirm_name": "1"})

    assert "Confirm the new name and re-issue" in page
    assert "confirm to re-issue" in str(next(iter(unconfirmed.context["messages"])))
    assert Certificate.objects.current().get().holder_name == "Ana Lima da Silva"

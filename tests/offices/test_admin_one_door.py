"""The Django admin is the superuser's system tool; every other role is refused at its door.

The refusal test is generated from the admin site's registry and each ModelAdmin's own URLs
and actions, so a model registered later (or a URL an admin adds) is covered without a change
here; the superuser test fails for a new model until `admin_rows` creates one of its rows."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from attendance.models import Attendance, CheckinAction
from certificates.models import Certificate, CertificateBatch
from credentials.models import CertificateCredential, PublishedKey, StatusList
from learning.models import EvaluationReceipt, LearningSettings, TestResponse
from offices import services as office_services
from offices.models import StaffMembership
from participants.models import Registration
from reminders.models import MailRule, MailSendLog
from tests.factories import (
    AttendanceFactory,
    NationalActivityFactory,
    OutcomeDocumentFactory,
    PartnerFactory,
    RegistrationFactory,
    StaffMembershipFactory,
    UserFactory,
    WorkshopPartnerFactory,
)
from tests.learning.helpers import knowledge_set
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
ROLES = [
    StaffMembership.Role.OFFICE_STAFF,
    StaffMembership.Role.OFFICE_VIEWER,
    StaffMembership.Role.HEADQUARTERS,
]
# Whatever a form, a delete confirmation or an action would take, all in one POST.
POSTED = {
    "post": "yes",
    "title": "Taken",
    "full_name": "Taken",
    "holder_name": "Taken",
    "status": Registration.Status.DECLINED,
    "is_superuser": "on",
    "_save": "Save",
}


@pytest.fixture
def admin_rows(workshop):
    """At least one row of every registered model (and history for the tracked ones)."""
    attendance = AttendanceFactory(registration__workshop=workshop)
    registration = attendance.registration
    certificate = Certificate.objects.create(registration=registration, holder_name="Chloé Dubois")
    CertificateCredential.objects.create(
        certificate=certificate,
        status_list=StatusList.objects.create(name="1"),
        status_index=7,
        key_id="key-0123456789abcdef",
    )
    PublishedKey.objects.create(
        key_id="key-0123456789abcdef",
        public_key_multibase="z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    )
    CertificateBatch.objects.create(workshop=workshop)
    CheckinAction.objects.create(
        client_id=uuid.uuid4(),
        workshop=workshop,
        session=attendance.session,
        registration=registration,
        kind=CheckinAction.Kind.CHECK_IN,
        occurred_at=timezone.now(),
        outcome=CheckinAction.Outcome.APPLIED,
    )
    WorkshopPartnerFactory(workshop=workshop, partner=PartnerFactory())
    OutcomeDocumentFactory(workshop=workshop)
    NationalActivityFactory(office=workshop.office)
    member = StaffMembershipFactory(office=workshop.office).user
    TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
    Group.objects.create(name="Auditors")
    question_set = knowledge_set(workshop.office)
    LearningSettings.objects.create(workshop=workshop, knowledge_check=question_set)
    TestResponse.objects.create(registration=registration, phase="pre", question_set=question_set)
    EvaluationReceipt.objects.create(registration=registration, answered_on=timezone.now().date())
    rule = MailRule.objects.create(workshop=workshop, kind=MailRule.Kind.REMINDER)
    MailSendLog.objects.create(rule=rule, kind=rule.kind, registration=registration)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="certificates.tasks.issue_certificates",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    apps.get_model("axes", "AccessAttempt").objects.create(
        username="bangkok", ip_address="203.0.113.9", user_agent="test", failures_since_start=1
    )
    apps.get_model("axes", "AccessLog").objects.create(
        username="bangkok", ip_address="203.0.113.9", user_agent="test"
    )
    apps.get_model("axes", "AccessFailureLog").objects.create(
        username="bangkok", ip_address="203.0.113.9", user_agent="test"
    )
    return registration


def _database():
    """Every row of every model (sign-in sessions aside: logging in writes them)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


def _object_and_version(model):
    obj = model._default_manager.order_by("pk").first()
    pk = obj.pk if obj is not None else 1
    history = getattr(model, "history", None)
    version = history.filter(pk=pk).first() if history is not None and obj else None
    return pk, (version.history_id if version is not None else 1)


def _admin_urls(model, model_admin):
    """Every URL the ModelAdmin itself declares (changelist, add, change, delete, history,
    revert, import, export, ...), filled in with one of the model's rows."""
    pk, version = _object_and_version(model)
    urls = []
    for pattern in model_admin.get_urls():
        if not getattr(pattern, "name", None):
            continue
        if isinstance(pattern.pattern, RoutePattern):
            kwargs = dict.fromkeys(pattern.pattern.converters, pk)
            urls.append(reverse(f"admin:{pattern.name}", kwargs=kwargs))
        else:
            args = [pk, version][: pattern.pattern.regex.groups]
            urls.append(reverse(f"admin:{pattern.name}", args=args))
    return urls


def _site_urls():
    """The site's own URLs: index, sign-in and out, password, app lists, view on site and the
    autocomplete of every autocomplete field."""
    urls = [
        reverse(f"admin:{name}")
        for name in ("index", "login", "logout", "password_change", "password_change_done")
    ]
    urls += [reverse("admin:jsi18n")]
    urls += [
        reverse("admin:app_list", kwargs={"app_label": label})
        for label in sorted({model._meta.app_label for model, _admin in REGISTERED})
    ]
    workshop = Workshop.objects.first()
    urls.append(
        reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(Workshop).pk, workshop.pk],
        )
    )
    for model, model_admin in REGISTERED:
        for field in model_admin.autocomplete_fields:
            query = (
                f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field}&term=a"
            )
            urls.append(reverse("admin:autocomplete") + query)
    return urls


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _a in REGISTERED]
)
def test_admin_refuses_every_view_and_action_to_a_non_superuser(
    staff_client_for, office, admin_rows, role, model, model_admin
):
    client = staff_client_for(role, office)
    before = _database()
    pks = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
    actions = [name for _func, name, _description in model_admin._get_base_actions()]
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    answers = {}
    for url in _admin_urls(model, model_admin):
        answers[f"GET {url}"] = client.get(url).status_code
        answers[f"POST {url}"] = client.post(url, POSTED).status_code
    for action in actions:
        posted = {**POSTED, "action": action, "_selected_action": pks, "index": "0"}
        answers[f"action {action}"] = client.post(changelist, posted).status_code

    assert answers, "the admin declares no URL for this model"
    assert {answer: code for answer, code in answers.items() if code != 403} == {}
    assert _database() == before


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_pages_refuse_a_non_superuser(staff_client_for, office, admin_rows, role):
    client = staff_client_for(role, office)
    before = _database()

    answers = {}
    for url in _site_urls():
        answers[f"GET {url}"] = client.get(url).status_code
        answers[f"POST {url}"] = client.post(url, POSTED).status_code

    assert {answer: code for answer, code in answers.items() if code != 403} == {}
    assert _database() == before


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _a in REGISTERED]
)
def test_superuser_opens_every_changelist_and_change_page(
    admin_client, admin_rows, model, model_admin
):
    obj = model._default_manager.order_by("pk").first()
    info = model._meta.app_label, model._meta.model_name

    listing = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))

    assert obj is not None, f"admin_rows creates no {model._meta.label}: add one"
    change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert (listing.status_code, change.status_code) == (200, 200)


def test_admin_shows_its_sign_in_page_to_anonymous_visitors(client):
    response = client.get(reverse("admin:workshops_workshop_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_sign_in_accepts_no_office_login(client, office):
    user = StaffMembershipFactory(office=office, user__is_staff=True).user

    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": "password"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"][0].startswith("Please enter the correct")
    assert "_auth_user_id" not in client.session


# Regressions ---------------------------------------------------------------------------------


def test_membership_save_gives_no_admin_flag_and_no_group(office):
    user = UserFactory()

    office_services.staff_membership_save(
        user=user, role=StaffMembership.Role.OFFICE_STAFF, office=office
    )

    user.refresh_from_db()
    assert (user.is_staff, list(user.groups.all())) == (False, [])


def test_admin_membership_delete_takes_the_admin_flag_and_role_group(admin_client, office):
    membership = StaffMembershipFactory(office=office, user__is_staff=True)
    membership.user.groups.add(Group.objects.create(name="Office staff"))

    admin_client.post(
        reverse("admin:offices_staffmembership_delete", args=[membership.pk]), {"post": "yes"}
    )

    user = membership.user
    user.refresh_from_db()
    assert StaffMembership.objects.filter(user=user).exists() is False
    assert (user.is_staff, list(user.groups.all())) == (False, [])


def test_admin_bulk_delete_of_memberships_goes_through_the_service(admin_client, office):
    memberships = [StaffMembershipFactory(office=office, user__is_staff=True) for _ in range(2)]

    admin_client.post(
        reverse("admin:offices_staffmembership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in memberships],
            "post": "yes",
        },
    )

    users = [m.user for m in memberships]
    assert StaffMembership.objects.count() == 0
    assert [type(u)._default_manager.get(pk=u.pk).is_staff for u in users] == [False, False]


def test_admin_registration_form_shows_service_fields_read_only(admin_client, workshop):
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.PENDING)
    url = reverse("admin:participants_registration_change", args=[registration.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"status": Registration.Status.CONFIRMED, "language": "fr"})

    form_fields = set(page.context["adminform"].form.fields)
    assert form_fields & {"status", "participant", "workshop", "token", "source"} == set()
    assert {"status", "participant", "workshop"} <= set(page.context["adminform"].readonly_fields)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_admin_certificate_file_and_name_cannot_be_typed_in(admin_client, workshop):
    certificate = Certificate.objects.create(
        registration=RegistrationFactory(workshop=workshop), holder_name="Chloé Dubois"
    )
    url = reverse("admin:certificates_certificate_change", args=[certificate.pk])

    page = admin_client.get(url)
    posted = admin_client.post(url, {"holder_name": "Someone Else"})

    assert page.context["has_change_permission"] is False
    assert {"pdf", "holder_name"} & set(page.context["adminform"].form.fields) == set()
    assert posted.status_code == 403
    certificate.refresh_from_db()
    assert certificate.holder_name == "Chloé Dubois"


def test_admin_attendance_rows_are_read_only(admin_client, workshop):
    attendance = AttendanceFactory(registration__workshop=workshop)
    url = reverse("admin:attendance_attendance_change", args=[attendance.pk])

    posted = admin_client.post(url, {"status": Attendance.Status.ABSENT})

    attendance.refresh_from_db()
    assert posted.status_code == 403
    assert attendance.status == Attendance.Status.PRESENT


def test_admin_history_revert_is_refused(admin_client, workshop):
    old_title = workshop.title
    workshop.title = "Renamed"
    workshop.save()
    first = workshop.history.order_by("history_id").first()
    url = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, first.history_id])

    page = admin_client.get(url)
    posted = admin_client.post(url, {"title": old_title, "slug": workshop.slug})

    workshop.refresh_from_db()
    assert (page.status_code, page.context["revert_disabled"]) == (200, True)
    assert posted.status_code == 403
    assert workshop.title == "Renamed"


def test_role_groups_migration_removes_groups_and_admin_flags(office):
    migration = importlib.import_module("offices.migrations.0002_role_groups_removed")
    member = StaffMembershipFactory(office=office, user__is_staff=True).user
    superuser = StaffMembershipFactory(office=office, user__is_staff=True, user__is_superuser=True)
    Group.objects.create(name="Office staff")
    kept = Group.objects.create(name="Auditors")

    migration.remove_role_groups(apps, None)

    member.refresh_from_db()
    superuser.user.refresh_from_db()
    assert list(Group.objects.all()) == [kept]
    assert (member.is_staff, superuser.user.is_staff) == (False, True)

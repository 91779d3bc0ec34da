"""factory_boy factories: each builds a valid object with the fewest surprises."""

import datetime as dt
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from attendance.models import Attendance
from offices.models import Region, RegionalOffice, StaffMembership
from participants.models import Participant, Registration
from workshops.models import (
    NationalActivity,
    OutcomeDocument,
    OutcomeDocumentFile,
    Partner,
    Session,
    Workshop,
    WorkshopPartner,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


class RegionalOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalOffice
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Office {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(slug="asia-pacific"))
    city = "Bangkok"
    country = "TH"
    time_zone = "Asia/Bangkok"


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    role = StaffMembership.Role.OFFICE_STAFF
    office = factory.SubFactory(RegionalOfficeFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    acronym = factory.Sequence(lambda n: f"PO{n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Partner.Kind.INDUSTRY


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A published two-day workshop in Port Vila, a month from today, registration open."""

    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"COP Workshop {n}")
    slug = factory.Sequence(lambda n: f"cop-workshop-{n}")
    office = factory.SubFactory(RegionalOfficeFactory)
    country = "VU"
    city = "Port Vila"
    time_zone = "Pacific/Efate"
    start_date = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda w: w.start_date + dt.timedelta(days=1))
    status = Workshop.Status.PUBLISHED
    registration_closes_at = factory.LazyAttribute(
        lambda w: dt.datetime.combine(
            w.start_date, dt.time(0), tzinfo=zoneinfo.ZoneInfo(w.time_zone)
        )
    )
    registration_opens_at = factory.LazyAttribute(
        lambda w: w.registration_closes_at - dt.timedelta(days=60)
    )
    languages = factory.LazyFunction(lambda: ["en"])


class SessionFactory(factory.django.DjangoModelFactory):
    """A morning session on the workshop's first day, in the workshop's time zone."""

    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(
        lambda s: dt.datetime.combine(
            s.workshop.start_date, dt.time(9), tzinfo=zoneinfo.ZoneInfo(s.workshop.time_zone)
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=3))


class WorkshopPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopPartner

    workshop = factory.SubFactory(WorkshopFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = WorkshopPartner.Role.HOST


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Ministry of ICT"
    country = "VU"
    consent_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    participant = factory.SubFactory(ParticipantFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    status = Registration.Status.CONFIRMED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(
        SessionFactory, workshop=factory.SelfAttribute("..registration.workshop")
    )
    status = Attendance.Status.PRESENT
    method = Attendance.Method.DOOR


# Outcome documents and national work ----------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class OutcomeDocumentFactory(factory.django.DjangoModelFactory):
    """A published guidelines document of a workshop (add files with OutcomeDocumentFileFactory)."""

    class Meta:
        model = OutcomeDocument

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Outcome document {n}")
    kind = OutcomeDocument.Kind.GUIDELINES
    year = 2014
    is_published = True


class OutcomeDocumentFileFactory(factory.django.DjangoModelFactory):
    """An English PDF version, stored like an upload would be."""

    class Meta:
        model = OutcomeDocumentFile

    document = factory.SubFactory(OutcomeDocumentFactory)
    language = "en"
    file = factory.django.FileField(filename="guidelines.pdf", data=MINIMAL_PDF)
    original_filename = "guidelines.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)


class NationalActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalActivity

    country = "BN"
    kind = NationalActivity.Kind.GUIDELINES
    title = factory.Sequence(lambda n: f"National work {n}")
    year = 2014


class SearchableParticipantFactory(ParticipantFactory):
    """A participant as the services write one: with its folded search text (check-in)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def search_text(obj, create, extracted, **kwargs):
        from participants.services import participant_refresh_search_text

        participant_refresh_search_text(obj)
        if create:
            obj.save(update_fields=["search_text"])

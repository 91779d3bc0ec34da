"""Demo data: the real workshops, partners and countries of the 2016 COP presentation (the seed),
a few made-up upcoming workshops, and made-up participants in four scripts.

Every object is found by a natural key before it is created, and the made-up people and their
attendance come from a fixed random seed, so loading twice changes nothing. The plans are in
offices_and_people.py and workshop_plans.py; this module turns them into rows."""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from api.models import ApiToken, Scope
from api.services import api_token_create, secret_hash
from attendance.models import Attendance
from certificates.selectors import registration_eligibility
from certificates.services import certificate_issue
from core.page_cache import content_changed
from demo.content_languages import seed_content_languages
from demo.learning import seed_learning
from demo.offices_and_people import (
    ARABIC_FAMILY,
    ARABIC_GIVEN,
    CHINESE_NAMES,
    COUNTRIES_BY_SCRIPT,
    CYRILLIC_FAMILY,
    CYRILLIC_GIVEN,
    DEMO_USERS,
    LATIN_FAMILY,
    LATIN_GIVEN,
    OFFICES,
    ORGANISATIONS,
    PARTNERS,
    SAMPLE_PEOPLE,
    demo_api_token,
    demo_password,
)
from demo.workshop_plans import (
    DOCUMENT_PLANS,
    NATIONAL_STRATEGY_COUNTRIES,
    WorkshopPlan,
    workshop_plans,
)
from offices.models import Region, RegionalOffice, StaffMembership
from offices.services import staff_membership_save
from participants.models import Gender, Participant, Registration, Sector
from participants.services import participant_refresh_search_text
from workshops import services
from workshops.models import (
    Audience,
    NationalActivity,
    OutcomeDocument,
    Partner,
    Pillar,
    Session,
    Workshop,
    WorkshopPartner,
)

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
PLACEHOLDER_LOGO = "The logo shown here is a placeholder wordmark made for the demo."


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    office: str


@dataclass
class DemoToken:
    secret: str
    scopes: list[str]
    office: str


@dataclass
class DemoCredential:
    """A demo participant's certificate, to download as PDF and as a signed credential."""

    token: str
    name: str
    workshop: str


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    tokens: list[DemoToken] = field(default_factory=list)
    credentials: list[DemoCredential] = field(default_factory=list)

    def count(self, label: str, created: bool | int) -> None:
        self.created[label] = self.created.get(label, 0) + int(created)


def _aware(day: dt.date, hhmm: str, zone: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


class DemoSeeder:
    def __init__(self, *, today: dt.date | None = None):
        self.today = today or timezone.now().date()
        self.report = SeedReport()

    @transaction.atomic
    def run(self) -> SeedReport:
        offices = self._offices()
        partners = self._partners()
        self._users(offices)
        self._api_tokens()
        people = self._people()
        for plan in workshop_plans(self.today):
            workshop = self._workshop(plan, offices, partners)
            self._registrations(plan, workshop, people)
        self._national_activities(offices)
        self._documents()
        seed_learning(offices, self.report)
        self.report.count("texts in other languages", seed_content_languages())
        self._demo_certificate()
        content_changed()  # registrations and attendance went in with bulk_create
        return self.report

    def _demo_certificate(self) -> None:
        """One Port Vila participant who qualifies gets their certificate (and with it the
        signed credential), so both can be downloaded on a fresh demo. Issuing again changes
        nothing."""
        registrations = Registration.objects.filter(
            workshop__slug="port-vila-2014", status=Registration.Status.CONFIRMED
        ).select_related("participant", "workshop")
        for registration in registrations.order_by("participant__full_name", "id"):
            if registration_eligibility(registration=registration).reasons:
                continue
            result = certificate_issue(registration=registration, by=None)
            self.report.count("certificates", result.created)
            self.report.credentials.append(
                DemoCredential(
                    token=registration.token,
                    name=registration.participant.full_name,
                    workshop=registration.workshop.title,
                )
            )
            return

    def _offices(self) -> dict[str, RegionalOffice]:
        offices = {}
        for slug, name, region_slug, city, country, zone in OFFICES:
            office, created = RegionalOffice.objects.get_or_create(
                slug=slug,
                defaults={
                    # English; the other languages: demo/content_languages.py.
                    "name_en": name,
                    "region": Region.objects.get(slug=region_slug),
                    "city": city,
                    "country": country,
                    "time_zone": zone,
                },
            )
            self.report.count("regional offices", created)
            offices[slug] = office
        return offices

    def _partners(self) -> dict[str, Partner]:
        partners = {}
        for slug, name, acronym, kind, country, website, description in PARTNERS:
            partner, created = Partner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "acronym": acronym,
                    "kind": kind,
                    "country": country,
                    "website": website,
                    "description": f"{description}\n\n{PLACEHOLDER_LOGO}",
                },
            )
            self.report.count("partners", created)
            logo = DEMO_FILES / "logos" / f"{slugify(acronym)}.png"
            if not partner.logo and logo.exists():
                with logo.open("rb") as image:
                    partner.logo.save(logo.name, File(image), save=True)
            partners[slug] = partner
        return partners

    def _users(self, offices: dict[str, RegionalOffice]) -> None:
        user_model = get_user_model()
        for username, role, office_slug in DEMO_USERS:
            password = demo_password(username)
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(
                    username=username,
                    email=f"{username}@example.org",
                    # Only the superuser uses the admin; the others work in the staff area.
                    is_staff=role == "superuser",
                    is_superuser=role == "superuser",
                )
                user.set_password(password)
                user.save()
                self.report.count("staff logins", 1)
            elif not user.check_password(password):
                # Someone changed it by hand: the printed demo login must keep working.
                user.set_password(password)
                user.save(update_fields=["password"])
            if role != "superuser":
                staff_membership_save(user=user, role=role, office=offices.get(office_slug or ""))
            role_label = (
                "superuser" if role == "superuser" else str(StaffMembership.Role(role).label)
            )
            office_name = offices[office_slug].name if office_slug else "-"
            self.report.logins.append(DemoLogin(username, password, role_label, office_name))

    def _api_tokens(self) -> None:
        """One token with every scope per office that has a demo office-staff login, made by
        that login. A demo token revoked or expired by hand works again after the next run."""
        for username, role, office_slug in DEMO_USERS:
            if role != StaffMembership.Role.OFFICE_STAFF or office_slug is None:
                continue
            user = get_user_model().objects.get(username=username)
            office = user.staff_membership.office
            secret = demo_api_token(office_slug)
            token = ApiToken.objects.filter(secret_hash=secret_hash(secret)).first()
            if token is None:
                token, _secret = api_token_create(
                    user=user,
                    office=office,
                    name=f"Demo token ({office.name})",
                    scopes=list(Scope.values),
                    secret=secret,
                )
                self.report.count("API tokens", 1)
            elif not token.is_active:
                ApiToken.objects.filter(pk=token.pk).update(revoked_at=None, expires_at=None)
            self.report.tokens.append(DemoToken(secret, token.scopes, office.name))

    def _people(self) -> dict[str, list[Participant]]:
        """About three hundred made-up people, grouped by the script of their names."""
        rng = random.Random(20160615)
        people: dict[str, list[tuple[str, str, str]]] = {
            "latin": [],
            "arabic": [],
            "cyrillic": [],
            "chinese": [],
        }
        for number in range(1, 301):
            script = rng.choices(["latin", "arabic", "cyrillic", "chinese"], [5, 2, 2, 1])[0]
            if script == "latin":
                name = f"{rng.choice(LATIN_GIVEN)} {rng.choice(LATIN_FAMILY)}"
            elif script == "arabic":
                name = f"{rng.choice(ARABIC_GIVEN)} {rng.choice(ARABIC_FAMILY)}"
            elif script == "cyrillic":
                name = f"{rng.choice(CYRILLIC_GIVEN)} {rng.choice(CYRILLIC_FAMILY)}"
            else:
                name = rng.choice(CHINESE_NAMES)
            local_part = slugify(name).replace("-", ".") or "participant"
            email = f"{local_part}.{number:03d}@example.org"
            people[script].append((name, email, rng.choice(COUNTRIES_BY_SCRIPT[script])))

        existing = {p.email: p for p in Participant.objects.all()}
        groups: dict[str, list[Participant]] = {}
        for script, rows in [("sample", SAMPLE_PEOPLE), *people.items()]:
            group = []
            for index, (name, email, country) in enumerate(rows):
                participant = existing.get(email)
                if participant is None:
                    organisation, sector = ORGANISATIONS[index % len(ORGANISATIONS)]
                    participant = Participant(
                        full_name=name,
                        email=email,
                        organisation=organisation,
                        sector=sector,
                        country=country,
                        gender=[Gender.FEMALE, Gender.MALE, Gender.UNDISCLOSED][index % 3],
                        consent_at=timezone.now(),
                    )
                    participant_refresh_search_text(participant)
                    participant.save()
                    self.report.count("participants", 1)
                group.append(participant)
            groups[script] = group
        groups["everyone"] = [
            p for key in ("latin", "arabic", "cyrillic", "chinese") for p in groups[key]
        ]
        return groups

    def _workshop(
        self, plan: WorkshopPlan, offices: dict[str, RegionalOffice], partners: dict[str, Partner]
    ) -> Workshop:
        end = plan.start + dt.timedelta(days=plan.days - 1)
        workshop = Workshop.objects.filter(slug=plan.slug).first()
        if workshop is None:
            workshop = Workshop(slug=plan.slug)
            self.report.count("workshops", 1)
        elif plan.upcoming_in_days is not None and workshop.end_date < self.today:
            # A made-up "upcoming" workshop has slipped into the past: move it forward again.
            workshop.sessions.all().delete()
            self.report.count("workshops moved forward", 1)
        else:
            return workshop
        workshop.title = plan.title
        workshop.office = offices[plan.office]
        workshop.country = plan.country
        workshop.city = plan.city
        workshop.venue = plan.venue
        workshop.time_zone = plan.time_zone
        workshop.start_date = plan.start
        workshop.end_date = end
        workshop.status = plan.status
        workshop.format = plan.format
        workshop.join_url = plan.join_url
        workshop.languages = plan.languages
        workshop.capacity = plan.capacity
        workshop.requires_approval = plan.requires_approval
        workshop.summary = plan.summary
        workshop.description = plan.description
        workshop.expected_participants = plan.expected_participants
        workshop.data_note = plan.data_note
        workshop.signatory_name = "Regional Director"
        workshop.signatory_title = f"ITU Regional Office, {offices[plan.office].name}"
        if plan.upcoming_in_days is not None:
            workshop.registration_opens_at = timezone.now() - dt.timedelta(days=14)
            workshop.registration_closes_at = _aware(plan.start, "00:00", plan.time_zone)
        workshop.full_clean()
        workshop.save()
        workshop.pillars.set(Pillar.objects.filter(code__in=plan.pillars))
        workshop.audiences.set(Audience.objects.filter(code__in=plan.audiences))
        for partner_slug, role in plan.partners:
            WorkshopPartner.objects.get_or_create(
                workshop=workshop, partner=partners[partner_slug], role=role
            )
        for session_plan in plan.sessions:
            day = plan.start + dt.timedelta(days=session_plan.day)
            session = Session(
                workshop=workshop,
                title=session_plan.title,
                starts_at=_aware(day, session_plan.start, plan.time_zone),
                ends_at=_aware(day, session_plan.end, plan.time_zone),
                speakers=session_plan.speakers,
                is_mandatory=session_plan.mandatory,
            )
            session.full_clean()
            session.save()
        return workshop

    def _registrations(
        self, plan: WorkshopPlan, workshop: Workshop, people: dict[str, list[Participant]]
    ) -> None:
        rng = random.Random(plan.slug)
        if plan.slug == "cop-regional-workshop-online-2026":
            chosen = people["sample"] + rng.sample(people["everyone"], plan.registrations - 9)
        else:
            count = plan.registrations + plan.waitlisted + plan.pending
            chosen = rng.sample(people["everyone"], count)
        already = set(workshop.registrations.values_list("participant_id", flat=True))
        statuses = (
            [Registration.Status.CONFIRMED] * plan.registrations
            + [Registration.Status.WAITLISTED] * plan.waitlisted
            + [Registration.Status.PENDING] * plan.pending
        )
        new_registrations = []
        for participant, status in zip(chosen, statuses, strict=True):
            if participant.id in already:
                continue
            if plan.minors:
                self._make_minor(participant)
            new_registrations.append(
                Registration(
                    participant=participant,
                    workshop=workshop,
                    status=status,
                    source=Registration.Source.STAFF,
                    confirmed_at=timezone.now()
                    if status == Registration.Status.CONFIRMED
                    else None,
                )
            )
        Registration.objects.bulk_create(new_registrations)
        self.report.count("registrations", len(new_registrations))
        if plan.with_attendance and new_registrations:
            self._attendance(workshop, rng)

    def _make_minor(self, participant: Participant) -> None:
        if participant.is_minor:
            return
        participant.is_minor = True
        participant.sector = Sector.YOUTH
        participant.organisation = "Secondary school"
        participant.guardian_name = "Guardian of " + participant.full_name
        participant.guardian_email = f"guardian.{participant.code.lower()}@example.org"
        participant.guardian_consent_at = timezone.now()
        participant.save()

    def _attendance(self, workshop: Workshop, rng: random.Random) -> None:
        """About three in four people qualify for a certificate; the rest missed sessions."""
        sessions = list(workshop.sessions.all())
        rows = []
        for registration in workshop.registrations.filter(status=Registration.Status.CONFIRMED):
            diligent = rng.random() < 0.75
            for session in sessions:
                attended = rng.random() < (0.97 if diligent else 0.45)
                if not attended:
                    continue
                late = rng.random() < 0.08
                rows.append(
                    Attendance(
                        registration=registration,
                        session=session,
                        status=Attendance.Status.LATE if late else Attendance.Status.PRESENT,
                        method=Attendance.Method.SHEET,
                    )
                )
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
        self.report.count("attendance records", len(rows))

    def _national_activities(self, offices: dict[str, RegionalOffice]) -> None:
        activities = [
            (
                "BN",
                NationalActivity.Kind.GUIDELINES,
                "COP Guidelines for Brunei",
                2014,
                "bangkok",
                "",
            ),
            (
                "VU",
                NationalActivity.Kind.GUIDELINES,
                "Guidelines on Child Online Protection for Vanuatu",
                2014,
                "bangkok",
                "Outcome of the Port Vila capacity-building workshop.",
            ),
        ]
        for country, office_slug in NATIONAL_STRATEGY_COUNTRIES:
            activities.append(
                (
                    country,
                    NationalActivity.Kind.NATIONAL_STRATEGY,
                    "Support to establish a national COP strategy and policies",
                    None,
                    office_slug,
                    "The seed lists the country among those assisted by 2016; no year given.",
                )
            )
        for country, kind, title, year, office_slug, note in activities:
            _, created = NationalActivity.objects.get_or_create(
                country=country,
                kind=kind,
                defaults={
                    "title": title,
                    "year": year,
                    "office": offices[office_slug],
                    "data_note": note,
                },
            )
            self.report.count("national activities", created)

    def _documents(self) -> None:
        """Outcome documents with small made-up PDFs (demo/demo_files/), added through the
        same checked upload as staff use."""

        for plan in DOCUMENT_PLANS:
            workshop = (
                Workshop.objects.filter(slug=plan.workshop).first() if plan.workshop else None
            )
            document = OutcomeDocument.objects.filter(workshop=workshop, title=plan.title).first()
            if document is None:
                document = services.document_create(
                    workshop=workshop,
                    title=plan.title,
                    kind=plan.kind,
                    year=plan.year,
                    description=plan.description,
                    country=plan.country,
                    is_published=True,
                )
                self.report.count("outcome documents", 1)
            have = set(document.files.values_list("language", flat=True))
            for language, filename, title in plan.files:
                if language in have:
                    continue
                with (DEMO_FILES / filename).open("rb") as stream:
                    services.document_file_add(
                        document=document, language=language, upload=File(stream), title=title
                    )
                self.report.count("document files", 1)
            for country in plan.national_work:
                for activity in NationalActivity.objects.filter(
                    country=country, kind=NationalActivity.Kind.GUIDELINES
                ):
                    activity.documents.add(document)

"""Demo data: the real workshops, partners and countries of the 2016 COP presentation (the seed),
a few made-up upcoming workshops, and made-up participants in four scripts.

Every object is found by a natural key before it is created, and the made-up people and their
attendance come from a fixed random seed, so loading twice changes nothing."""

import datetime as dt
import hashlib
import hmac
import random
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from attendance.models import Attendance
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

MADE_UP = "Made-up demo data, not from the seed."
DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
PLACEHOLDER_LOGO = "The logo shown here is a placeholder wordmark made for the demo."

OFFICES = [
    # slug, name, region, city, country, time zone
    ("bangkok", "Bangkok", "asia-pacific", "Bangkok", "TH", "Asia/Bangkok"),
    ("cairo", "Cairo", "arab-states", "Cairo", "EG", "Africa/Cairo"),
    ("addis-ababa", "Addis Ababa", "africa", "Addis Ababa", "ET", "Africa/Addis_Ababa"),
    ("brasilia", "Brasilia", "americas", "Brasilia", "BR", "America/Sao_Paulo"),
    ("moscow", "Moscow", "cis", "Moscow", "RU", "Europe/Moscow"),
    ("europe", "Europe (Geneva)", "europe", "Geneva", "CH", "Europe/Zurich"),
]

PARTNERS = [
    # slug, name, acronym, kind, country, website, description
    (
        "cto",
        "Commonwealth Telecommunications Organisation",
        "CTO",
        Partner.Kind.INTERGOVERNMENTAL,
        "GB",
        "https://cto.int/",
        "Partner of the Port Vila capacity-building workshop (2014).",
    ),
    (
        "impact",
        "International Multilateral Partnership Against Cyber Threats",
        "IMPACT",
        Partner.Kind.INTERGOVERNMENTAL,
        "MY",
        "",
        "Cybersecurity partner of the Port Vila capacity-building workshop (2014).",
    ),
    (
        "trr-vanuatu",
        "Telecommunications and Radiocommunications Regulator of Vanuatu",
        "TRR",
        Partner.Kind.REGULATOR,
        "VU",
        "",
        "The national regulator, host partner of the Port Vila workshop (2014).",
    ),
    (
        "ogcio-vanuatu",
        "Office of the Government Chief Information Officer, Vanuatu",
        "OGCIO",
        Partner.Kind.GOVERNMENT,
        "VU",
        "",
        "Government partner of the Port Vila workshop (2014).",
    ),
    (
        "iwf",
        "Internet Watch Foundation",
        "IWF",
        Partner.Kind.CIVIL_SOCIETY,
        "GB",
        "https://www.iwf.org.uk/",
        "Works with the programme to establish hotlines against online child sexual abuse content.",
    ),
    (
        "trend-micro",
        "Trend Micro",
        "Trend Micro",
        Partner.Kind.INDUSTRY,
        "JP",
        "https://www.trendmicro.com/",
        "Framework for collaboration towards a more secure and safer information society.",
    ),
    (
        "onat",
        "O.S. Popov Odessa National Academy of Telecommunications",
        "ONAT",
        Partner.Kind.ACADEMIA,
        "UA",
        "",
        "Sector member; launched a multimedia distance-learning course on the safe use of "
        "Internet resources (2015).",
    ),
]


@dataclass
class SessionPlan:
    title: str
    day: int  # 0 = the workshop's first day
    start: str  # local "HH:MM"
    end: str
    speakers: str = ""
    mandatory: bool = False


@dataclass
class WorkshopPlan:
    slug: str
    title: str
    office: str
    country: str
    city: str
    time_zone: str
    start: dt.date
    days: int
    status: str
    venue: str = ""
    summary: str = ""
    description: str = ""
    format: str = Workshop.Format.IN_PERSON
    join_url: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    capacity: int | None = None
    requires_approval: bool = False
    expected_participants: int | None = None
    pillars: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)
    sessions: list[SessionPlan] = field(default_factory=list)
    data_note: str = ""
    registrations: int = 0
    waitlisted: int = 0
    pending: int = 0
    with_attendance: bool = False
    minors: bool = False
    upcoming_in_days: int | None = None  # made-up future workshops move with the calendar


def _two_part_day(label: str, day: int) -> list[SessionPlan]:
    return [
        SessionPlan(f"{label}: morning", day, "09:00", "12:30"),
        SessionPlan(f"{label}: afternoon", day, "14:00", "17:00"),
    ]


def workshop_plans(today: dt.date) -> list[WorkshopPlan]:
    return [
        WorkshopPlan(
            slug="port-vila-2014",
            title="Capacity Building Child Online Protection Workshop",
            office="bangkok",
            country="VU",
            city="Port Vila",
            time_zone="Pacific/Efate",
            start=dt.date(2014, 9, 22),
            days=3,
            status=Workshop.Status.COMPLETED,
            summary="National capacity building on child online protection, with support "
            "from the Prime Minister.",
            description="Three days with government, the regulator, industry, educators and "
            "civil society of Vanuatu. 100 participants. Outcome: the Guidelines on Child "
            "Online Protection for Vanuatu.",
            expected_participants=100,
            pillars=["legal", "organizational", "capacity"],
            audiences=["policy-makers", "parents-educators", "industry"],
            partners=[
                ("trr-vanuatu", WorkshopPartner.Role.HOST),
                ("ogcio-vanuatu", WorkshopPartner.Role.CO_ORGANISER),
                ("cto", WorkshopPartner.Role.CO_ORGANISER),
                ("impact", WorkshopPartner.Role.SUPPORTER),
            ],
            sessions=[
                SessionPlan("Opening and the COP Initiative", 0, "09:00", "12:30", mandatory=True),
                SessionPlan("Online threats to children", 0, "14:00", "17:00"),
                SessionPlan("Legal measures and national frameworks", 1, "09:00", "12:30"),
                SessionPlan("Technical and procedural measures", 1, "14:00", "17:00"),
                SessionPlan("Drafting the national COP guidelines", 2, "09:00", "12:30"),
                SessionPlan("Way forward and closing", 2, "14:00", "16:00"),
            ],
            registrations=100,
            with_attendance=True,
        ),
        WorkshopPlan(
            slug="arab-region-cairo-2015",
            title="Regional Workshop on Child Online Protection for the Arab Region: "
            "Empowering the future digital citizens",
            office="cairo",
            country="EG",
            city="Cairo",
            time_zone="Africa/Cairo",
            start=dt.date(2015, 10, 27),
            days=2,
            status=Workshop.Status.COMPLETED,
            languages=["ar", "en"],
            pillars=["capacity", "cooperation"],
            audiences=["children", "parents-educators", "policy-makers"],
            sessions=_two_part_day("Day 1", 0) + _two_part_day("Day 2", 1),
            data_note="The seed says October 2015; the days (27-28 October) are assumed.",
            registrations=60,
            with_attendance=True,
        ),
        WorkshopPlan(
            slug="europe-region-istanbul-2016",
            title="Regional Workshop on Child Online Protection for the Europe Region: "
            "Empowering the future digital citizens",
            office="europe",
            country="TR",
            city="Istanbul",
            time_zone="Europe/Istanbul",
            start=dt.date(2016, 4, 5),
            days=2,
            status=Workshop.Status.COMPLETED,
            pillars=["capacity", "cooperation"],
            audiences=["children", "parents-educators"],
            partners=[("iwf", WorkshopPartner.Role.SUPPORTER)],
            sessions=_two_part_day("Day 1", 0) + _two_part_day("Day 2", 1),
            data_note="The seed says April 2016; the days (5-6 April) are assumed.",
            registrations=50,
            with_attendance=True,
        ),
        WorkshopPlan(
            slug="odessa-2016",
            title="ITU Initiatives on Child Online Protection: regional event in Odessa",
            office="moscow",
            country="UA",
            city="Odessa",
            venue="O.S. Popov Odessa National Academy of Telecommunications",
            time_zone="Europe/Kyiv",
            start=dt.date(2016, 6, 15),
            days=3,
            status=Workshop.Status.COMPLETED,
            languages=["en", "ru"],
            summary="The event where the COP programme presentation was given by the Bangkok "
            "regional office.",
            pillars=["capacity", "cooperation", "technical"],
            audiences=["industry", "policy-makers"],
            partners=[("onat", WorkshopPartner.Role.HOST)],
            sessions=[
                SessionPlan(
                    "ITU initiatives on Child Online Protection",
                    0,
                    "10:00",
                    "12:00",
                    speakers="Sameer Sharma, Senior Advisor, ITU Regional Office, Bangkok",
                ),
                SessionPlan("COP guidelines for industry", 1, "10:00", "12:00"),
                SessionPlan("Online platform of case studies", 2, "10:00", "12:00"),
            ],
            data_note="Dates and place from the seed; the event's title and venue are assumed.",
            registrations=40,
            with_attendance=True,
        ),
        WorkshopPlan(
            slug="youth-consultation-cyberbullying-2016",
            title="Online Youth Consultation on Cyberbullying",
            office="europe",
            country="CH",
            city="Geneva",
            time_zone="Europe/Zurich",
            start=dt.date(2016, 10, 10),
            days=1,
            status=Workshop.Status.COMPLETED,
            format=Workshop.Format.ONLINE,
            join_url="https://meet.example.org/cop-youth-2016",
            languages=["en", "fr", "es"],
            summary="One-day online consultation of young people ahead of the Council Working "
            "Group meeting.",
            pillars=["capacity"],
            audiences=["children"],
            sessions=[
                SessionPlan("What cyberbullying looks like to you", 0, "10:00", "12:00"),
                SessionPlan("What should adults and platforms do?", 0, "13:00", "15:00"),
            ],
            data_note="The seed says the consultation precedes the October 2016 meeting; the day "
            "is assumed.",
            registrations=24,
            with_attendance=True,
            minors=True,
        ),
        WorkshopPlan(
            slug="cwg-cop-october-2016",
            title="Council Working Group on Child Online Protection: meeting",
            office="europe",
            country="CH",
            city="Geneva",
            time_zone="Europe/Zurich",
            start=dt.date(2016, 10, 11),
            days=1,
            status=Workshop.Status.COMPLETED,
            format=Workshop.Format.HYBRID,
            join_url="https://meet.example.org/cwg-cop-2016",
            languages=["ar", "zh", "en", "fr", "ru", "es"],
            summary="Open to all stakeholders; all documentation publicly available.",
            pillars=["cooperation", "legal"],
            audiences=["policy-makers"],
            sessions=_two_part_day("Meeting", 0),
            data_note="The seed says October 2016; the day is assumed. Held at headquarters; "
            "filed under the Europe office for the demo.",
            registrations=30,
            with_attendance=True,
        ),
        WorkshopPlan(
            slug="cop-regional-workshop-online-2026",
            title="COP Regional Workshop (online)",
            office="cairo",
            country="EG",
            city="Cairo",
            time_zone="Africa/Cairo",
            start=dt.date(2026, 11, 20),
            days=2,
            status=Workshop.Status.PUBLISHED,
            format=Workshop.Format.ONLINE,
            join_url="https://meet.example.org/cop-regional-2026",
            languages=["ar", "en", "fr"],
            summary="Two online mornings; the Zoom and Teams reports in the sample files come "
            "from this workshop.",
            pillars=["capacity"],
            audiences=["policy-makers", "parents-educators"],
            sessions=[
                SessionPlan("Day 1", 0, "09:00", "12:30"),
                SessionPlan("Day 2", 1, "09:00", "12:30"),
            ],
            data_note=MADE_UP,
            registrations=12,
        ),
        WorkshopPlan(
            slug="asia-pacific-safer-online-learning",
            title="Regional COP Workshop for Asia-Pacific: Safer Online Learning",
            office="bangkok",
            country="TH",
            city="Bangkok",
            venue="ITU Regional Office for Asia and the Pacific",
            time_zone="Asia/Bangkok",
            start=today + dt.timedelta(days=24),
            days=2,
            status=Workshop.Status.PUBLISHED,
            languages=["en", "zh"],
            capacity=60,
            summary="Policy makers, regulators and educators of the region on keeping online "
            "learning safe.",
            pillars=["capacity", "technical"],
            audiences=["parents-educators", "policy-makers"],
            partners=[("trend-micro", WorkshopPartner.Role.SPONSOR)],
            sessions=[
                *_two_part_day("Day 1", 0),
                SessionPlan("Day 2: national action plans", 1, "09:00", "12:30", mandatory=True),
            ],
            data_note=MADE_UP,
            registrations=32,
            upcoming_in_days=24,
        ),
        WorkshopPlan(
            slug="online-cyberbullying-educators",
            title="COP Online Workshop: Preventing Cyberbullying, for Educators",
            office="cairo",
            country="EG",
            city="Cairo",
            time_zone="Africa/Cairo",
            start=today + dt.timedelta(days=10),
            days=1,
            status=Workshop.Status.PUBLISHED,
            format=Workshop.Format.ONLINE,
            join_url="https://meet.example.org/cop-educators",
            languages=["ar", "en"],
            capacity=30,
            summary="A half-day online workshop for teachers and school counsellors.",
            pillars=["capacity"],
            audiences=["parents-educators", "children"],
            sessions=[
                SessionPlan("Recognising and responding to cyberbullying", 0, "10:00", "13:00")
            ],
            data_note=MADE_UP,
            registrations=30,
            waitlisted=3,
            upcoming_in_days=10,
        ),
        WorkshopPlan(
            slug="national-cop-strategy-accra",
            title="National COP Strategy Workshop",
            office="addis-ababa",
            country="GH",
            city="Accra",
            time_zone="Africa/Accra",
            start=today + dt.timedelta(days=45),
            days=2,
            status=Workshop.Status.PUBLISHED,
            format=Workshop.Format.HYBRID,
            join_url="https://meet.example.org/cop-accra",
            languages=["en", "fr"],
            capacity=40,
            requires_approval=True,
            summary="Drafting the next steps of Ghana's national child online protection "
            "strategy; places confirmed by the office.",
            pillars=["legal", "organizational"],
            audiences=["policy-makers", "industry"],
            sessions=_two_part_day("Day 1", 0) + _two_part_day("Day 2", 1),
            data_note=MADE_UP,
            pending=5,
            upcoming_in_days=45,
        ),
        WorkshopPlan(
            slug="draft-pacific-islands-2027",
            title="Pacific Islands COP Workshop (in preparation)",
            office="bangkok",
            country="FJ",
            city="Suva",
            time_zone="Pacific/Fiji",
            start=today + dt.timedelta(days=120),
            days=2,
            status=Workshop.Status.DRAFT,
            data_note=MADE_UP,
            upcoming_in_days=120,
        ),
    ]


NATIONAL_STRATEGY_COUNTRIES = [
    ("BN", "bangkok"),
    ("CM", "addis-ababa"),
    ("GH", "addis-ababa"),
    ("MU", "addis-ababa"),
    ("SL", "addis-ababa"),
    ("GM", "addis-ababa"),
    ("OM", "cairo"),
    ("ZM", "addis-ababa"),
    ("BH", "cairo"),
    ("TD", "addis-ababa"),
    ("GA", "addis-ababa"),
]

# Made-up names in four scripts. Pairs are drawn with a fixed seed.
LATIN_GIVEN = [
    "Amina",
    "Jean-Baptiste",
    "María José",
    "Kwame",
    "Chloé",
    "Søren",
    "Leilani",
    "Sione",
    "José",
    "Ana",
    "Mateus",
    "Aroha",
    "Fatou",
    "Émile",
    "Zoë",
    "Łukasz",
    "Ngozi",
    "Tevita",
    "Mere",
    "Ioana",
    "Björn",
    "Thi Hương",
    "Ayşe",
    "Kofi",
    "Élodie",
    "Ñusta",
    "Rangi",
    "Priya",
]
LATIN_FAMILY = [
    "Haddad",
    "Kaltongga",
    "Núñez",
    "Mensah",
    "Dubois",
    "Ågård",
    "Kalsakau",
    "Taufa",
    "Martínez",
    "Silva",
    "Tabi",
    "Ngata",
    "Diallo",
    "Lefèvre",
    "Novák",
    "Wiśniewski",
    "Okafor",
    "Fifita",
    "Tamata",
    "Popescu",
    "Öberg",
    "Nguyễn",
    "Yılmaz",
    "Boateng",
    "Mercier",
    "Quispe",
    "Kumar",
]
ARABIC_GIVEN = ["محمد", "أحمد", "فاطمة", "ليلى", "عمر", "يوسف", "مريم", "خالد", "نور", "سارة"]
ARABIC_FAMILY = ["الأحمد", "حداد", "منصور", "السيد", "عبد الله", "الخطيب", "العلي", "الحسيني"]
CYRILLIC_GIVEN = ["Олена", "Андрій", "Марія", "Дмитро", "Наталія", "Сергій", "Ірина", "Ольга"]
CYRILLIC_FAMILY = ["Коваленко", "Шевченко", "Бондаренко", "Петренко", "Іваненко", "Смирнова"]
CHINESE_NAMES = [
    "王伟",
    "李娜",
    "张敏",
    "刘洋",
    "陈静",
    "杨磊",
    "赵丽",
    "黄强",
    "周杰",
    "吴芳",
    "徐明",
    "孙悦",
]
ORGANISATIONS = [
    ("Ministry of Education", Sector.GOVERNMENT),
    ("Ministry of ICT", Sector.GOVERNMENT),
    ("National Regulatory Authority", Sector.REGULATOR),
    ("Mobile operator", Sector.INDUSTRY),
    ("Internet service provider", Sector.INDUSTRY),
    ("Child helpline", Sector.CIVIL_SOCIETY),
    ("National University", Sector.ACADEMIA),
    ("UNICEF country office", Sector.INTERNATIONAL),
    ("Secondary school", Sector.YOUTH),
]
COUNTRIES_BY_SCRIPT = {
    "latin": ["VU", "FJ", "WS", "TO", "FR", "ES", "GH", "SN", "BR", "PL", "TR", "VN", "DK"],
    "arabic": ["EG", "OM", "BH", "JO", "TN", "MA"],
    "cyrillic": ["UA", "RU", "KZ", "BY"],
    "chinese": ["CN", "SG"],
}

# The people in shared/samples/: registered to the online workshop so their reports match.
SAMPLE_PEOPLE = [
    ("Amina Haddad", "amina.haddad@example.org", "MA"),
    ("Jean-Baptiste Kaltongga", "jb.kaltongga@example.vu", "VU"),
    ("Олена Коваленко", "olena.kovalenko@example.ua", "UA"),
    ("王伟", "wang.wei@example.cn", "CN"),
    ("محمد الأحمد", "m.alahmad@example.eg", "EG"),
    ("María José Núñez", "mj.nunez@example.es", "ES"),
    ("Chloé Dubois", "chloe.dubois@example.fr", "FR"),
    ("Kwame Mensah", "kwame.mensah@example.gh", "GH"),
    ("Leilani Kalsakau", "leilani.k@example.vu", "VU"),
]

DEMO_USERS = [
    # username, role, office slug
    ("admin", "superuser", None),
    ("hq", StaffMembership.Role.HEADQUARTERS, None),
    ("bangkok", StaffMembership.Role.OFFICE_STAFF, "bangkok"),
    ("bangkok-viewer", StaffMembership.Role.OFFICE_VIEWER, "bangkok"),
    ("cairo", StaffMembership.Role.OFFICE_STAFF, "cairo"),
]


def demo_password(username: str) -> str:
    """Derived from this installation's secret key: the same on every run, never in the repo."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{username}".encode(), hashlib.sha256)
    return "demo-" + digest.hexdigest()[:12]


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    office: str


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)

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
        people = self._people()
        for plan in workshop_plans(self.today):
            workshop = self._workshop(plan, offices, partners)
            self._registrations(plan, workshop, people)
        self._national_activities(offices)
        self._documents()
        return self.report

    def _offices(self) -> dict[str, RegionalOffice]:
        offices = {}
        for slug, name, region_slug, city, country, zone in OFFICES:
            office, created = RegionalOffice.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
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
                    is_staff=True,
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


@dataclass
class DocumentPlan:
    workshop: str  # slug, or "" for a document of national work only
    title: str
    kind: str
    year: int
    files: list[tuple[str, str, str]]  # language, file in demo_files/, title in that language
    description: str = ""
    country: str = ""
    national_work: list[str] = field(default_factory=list)  # countries whose guidelines it is


DOCUMENT_PLANS = [
    DocumentPlan(
        workshop="port-vila-2014",
        title="Guidelines on Child Online Protection for Vanuatu",
        kind=OutcomeDocument.Kind.GUIDELINES,
        year=2014,
        files=[
            ("en", "vanuatu-guidelines-en.pdf", ""),
            (
                "fr",
                "vanuatu-guidelines-fr.pdf",
                "Lignes directrices sur la protection en ligne des enfants pour Vanuatu",
            ),
        ],
        description="The outcome of the Port Vila workshop (from the seed). The files are "
        "made-up placeholders, not the real guidelines.",
        national_work=["VU"],
    ),
    DocumentPlan(
        workshop="",
        title="COP Guidelines for Brunei",
        kind=OutcomeDocument.Kind.GUIDELINES,
        year=2014,
        country="BN",
        files=[("en", "brunei-guidelines-en.pdf", "")],
        description="National COP guidelines (from the seed). The file is a made-up "
        "placeholder, not the real guidelines.",
        national_work=["BN"],
    ),
    DocumentPlan(
        workshop="arab-region-cairo-2015",
        title="Workshop report: COP for the Arab Region",
        kind=OutcomeDocument.Kind.REPORT,
        year=2015,
        files=[
            ("ar", "cairo-report-ar.pdf", "تقرير الورشة الإقليمية لحماية الأطفال على الإنترنت"),
            ("en", "cairo-report-en.pdf", ""),
        ],
        description=MADE_UP,
    ),
]

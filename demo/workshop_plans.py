"""What the demo holds: the workshops of the seed and a few made-up upcoming ones, as plans
of sessions, partners and registrations; the countries of national work; the outcome
documents and their placeholder files."""

import datetime as dt
from dataclasses import dataclass, field

from workshops.models import OutcomeDocument, Workshop, WorkshopPartner

MADE_UP = "Made-up demo data, not from the seed."


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
            ("ar", "cairo-report-ar.pdf", "تقرير حلقة العمل الإقليمية لحماية الأطفال على الإنترنت"),
            ("en", "cairo-report-en.pdf", ""),
        ],
        description=MADE_UP,
    ),
]

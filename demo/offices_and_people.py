"""Who the demo is about: the regional offices and partners of the 2016 COP presentation (the
seed), made-up participants' names in four scripts, the people of shared/samples/, and the
demo staff logins with their derived passwords."""

import hashlib
import hmac

from django.conf import settings

from offices.models import StaffMembership
from participants.models import Sector
from workshops.models import Partner

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


def demo_api_token(office_slug: str) -> str:
    """An office's demo API token, derived like the demo passwords: stable, never in the repo."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"demo-api-token:{office_slug}".encode(), hashlib.sha256
    )
    return "cop_demo_" + digest.hexdigest()[:40]

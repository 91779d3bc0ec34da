"""The demo's content in several languages (README "Content in six languages"): Port Vila in
English and French, Cairo in Arabic and English, Odessa in Russian and English, the Bangkok
workshop in English and Chinese, partner descriptions in two languages, office names, and one
workshop deliberately incomplete (Accra: French title only) so that the fallback and the
"missing" counts can be seen. The translations are the demo's own, made for it (marked in each
workshop's note on the data by the seed's English text)."""

from offices.models import RegionalOffice
from workshops.models import Partner, Session, Workshop

WORKSHOP_TEXTS = {
    "port-vila-2014": {
        "languages": ["en", "fr"],
        "title_fr": "Atelier de renforcement des capacités en protection en ligne des enfants",
        "summary_fr": "Renforcement des capacités nationales en protection en ligne des "
        "enfants, avec le soutien des partenaires régionaux.",
        "city_fr": "Port-Vila",
    },
    "arab-region-cairo-2015": {
        "title_ar": "ورشة العمل الإقليمية بشأن حماية الأطفال على الإنترنت للمنطقة العربية: "
        "تمكين المواطنين الرقميين في المستقبل",
        "summary_ar": "ورشة عمل إقليمية للدول العربية حول حماية الأطفال على الإنترنت.",
        "description_ar": "جمعت الورشة صانعي السياسات والهيئات التنظيمية والمربين من المنطقة "
        "العربية لتبادل الخبرات في مجال حماية الأطفال على الإنترنت.",
        "city_ar": "القاهرة",
    },
    "odessa-2016": {
        "title_ru": "Инициативы МСЭ по защите ребенка в онлайновой среде: региональное "
        "мероприятие в Одессе",
        "summary_ru": "Мероприятие, на котором была представлена программа защиты ребенка в "
        "онлайновой среде.",
        "city_ru": "Одесса",
        "venue_ru": "Одесская национальная академия связи им. А. С. Попова",
    },
    "asia-pacific-safer-online-learning": {
        "title_zh_hans": "亚太地区儿童在线保护讲习班：更安全的在线学习",
        "summary_zh_hans": "本地区的政策制定者、监管机构和教育工作者共同探讨如何保障在线学习的安全。",
        "city_zh_hans": "曼谷",
        "venue_zh_hans": "国际电联亚太区域代表处",
    },
    # Deliberately incomplete: French is a working language, but only the title is in French.
    "national-cop-strategy-accra": {
        "title_fr": "Atelier sur la stratégie nationale de protection en ligne des enfants",
    },
}

# The first sessions' titles (in agenda order) of some workshops: (column, titles).
SESSION_TRANSLATIONS = {
    "port-vila-2014": (
        "title_fr",
        ["Ouverture et contexte national", "Cadre juridique", "Coopération"],
    ),
    "arab-region-cairo-2015": ("title_ar", ["الافتتاح", "الإطار القانوني", "التعاون الإقليمي"]),
    "odessa-2016": (
        "title_ru",
        ["Открытие", "Программа защиты ребенка в онлайновой среде", "Обсуждение"],
    ),
    "asia-pacific-safer-online-learning": ("title_zh_hans", ["开幕", "在线学习的安全", "区域合作"]),
}

PARTNER_DESCRIPTIONS = {
    "cto": {
        "description_fr": "Partenaire de l'atelier de renforcement des capacités de Port-Vila "
        "(2014)."
    },
    "impact": {
        "description_fr": "Partenaire en cybersécurité de l'atelier de renforcement des "
        "capacités de Port-Vila (2014)."
    },
}

# The offices' names in the five other languages (English: demo/offices_and_people.py), as
# each language writes the city.
OFFICE_NAMES = {
    "bangkok": {
        "name_ar": "بانكوك",
        "name_zh_hans": "曼谷",
        "name_fr": "Bangkok",
        "name_ru": "Бангкок",
        "name_es": "Bangkok",
    },
    "cairo": {
        "name_ar": "القاهرة",
        "name_zh_hans": "开罗",
        "name_fr": "Le Caire",
        "name_ru": "Каир",
        "name_es": "El Cairo",
    },
    "addis-ababa": {
        "name_ar": "أديس أبابا",
        "name_zh_hans": "亚的斯亚贝巴",
        "name_fr": "Addis-Abeba",
        "name_ru": "Аддис-Абеба",
        "name_es": "Adís Abeba",
    },
    "brasilia": {
        "name_ar": "برازيليا",
        "name_zh_hans": "巴西利亚",
        "name_fr": "Brasilia",
        "name_ru": "Бразилиа",
        "name_es": "Brasilia",
    },
    "moscow": {
        "name_ar": "موسكو",
        "name_zh_hans": "莫斯科",
        "name_fr": "Moscou",
        "name_ru": "Москва",
        "name_es": "Moscú",
    },
    "europe": {
        "name_ar": "أوروبا (جنيف)",
        "name_zh_hans": "欧洲（日内瓦）",
        "name_fr": "Europe (Genève)",
        "name_ru": "Европа (Женева)",
        "name_es": "Europa (Ginebra)",
    },
}


def _set(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def seed_content_languages() -> int:
    """Sets the texts above where they differ; returns how many rows changed (0 on a rerun)."""
    changed = 0
    for slug, values in WORKSHOP_TEXTS.items():
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is not None and _set(workshop, values):
            workshop.save()
            changed += 1
    for slug, (column, titles) in SESSION_TRANSLATIONS.items():
        sessions = Session.objects.filter(workshop__slug=slug).order_by("starts_at", "pk")
        for session, title in zip(sessions, titles, strict=False):
            if _set(session, {column: title}):
                session.save()
                changed += 1
    for slug, values in OFFICE_NAMES.items():
        office = RegionalOffice.objects.filter(slug=slug).first()
        if office is not None and _set(office, values):
            office.save()
            changed += 1
    for slug, values in PARTNER_DESCRIPTIONS.items():
        partner = Partner.objects.filter(slug=slug).first()
        if partner is not None and _set(partner, values):
            partner.save()
            changed += 1
    return changed

"""The fixed texts printed on a certificate, in the six UN languages.

Each text is an English message id marked for the translation catalogues (so translators can
improve it there); until a catalogue translates it, the wording below is used. A certificate
is printed in its workshop's certificate language, not the visitor's, so every text is looked
up for an explicit language."""

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

# Django's locale for each certificate language code (Django knows Chinese as zh-hans).
DJANGO_LANGUAGE = {"zh": "zh-hans"}
RTL_LANGUAGES = {"ar"}
LIST_SEPARATOR = {"ar": "، ", "zh": "，"}

MESSAGE_IDS = {
    "programme": gettext_noop("Child Online Protection Programme"),
    "title": gettext_noop("Certificate of Attendance"),
    "awarded_to": gettext_noop("This certificate is awarded to"),
    "for_attending": gettext_noop("for attending the workshop"),
    "attendance": gettext_noop("Sessions attended: %(attended)s of %(held)s · %(hours)s hours"),
    "organised_by": gettext_noop("Organising office"),
    "office": gettext_noop("Regional office, %(office)s"),
    "partners": gettext_noop("In partnership with"),
    "code": gettext_noop("Verification code"),
    "verify_at": gettext_noop("Check this certificate at"),
    "issued_on": gettext_noop("Issued on %(date)s"),
}

BUILT_IN = {
    "fr": {
        "programme": "Programme de protection en ligne des enfants",
        "title": "Certificat de participation",
        "awarded_to": "Ce certificat est décerné à",
        "for_attending": "pour sa participation à l’atelier",
        "attendance": "Séances suivies : %(attended)s sur %(held)s · %(hours)s heures",
        "organised_by": "Bureau organisateur",
        "office": "Bureau régional, %(office)s",
        "partners": "En partenariat avec",
        "code": "Code de vérification",
        "verify_at": "Vérifier ce certificat sur",
        "issued_on": "Délivré le %(date)s",
    },
    "es": {
        "programme": "Programa de Protección de la Infancia en Línea",
        "title": "Certificado de asistencia",
        "awarded_to": "Se otorga el presente certificado a",
        "for_attending": "por su asistencia al taller",
        "attendance": "Sesiones a las que asistió: %(attended)s de %(held)s · %(hours)s horas",
        "organised_by": "Oficina organizadora",
        "office": "Oficina regional, %(office)s",
        "partners": "En colaboración con",
        "code": "Código de verificación",
        "verify_at": "Verifique este certificado en",
        "issued_on": "Expedido el %(date)s",
    },
    "ar": {
        "programme": "برنامج حماية الأطفال على الإنترنت",
        "title": "شهادة حضور",
        "awarded_to": "تُمنح هذه الشهادة إلى",
        "for_attending": "لحضور حلقة العمل",
        "attendance": "الجلسات المحضورة: %(attended)s من %(held)s · عدد الساعات: %(hours)s",
        "organised_by": "المكتب المنظِّم",
        "office": "المكتب الإقليمي، %(office)s",
        "partners": "بالشراكة مع",
        "code": "رمز التحقق",
        "verify_at": "للتحقق من هذه الشهادة",
        "issued_on": "تاريخ الإصدار: %(date)s",
    },
    "ru": {
        "programme": "Программа «Защита ребенка в онлайновой среде»",
        "title": "Сертификат об участии",
        "awarded_to": "Настоящий сертификат выдан",
        "for_attending": "за участие в семинаре-практикуме",
        "attendance": "Посещено заседаний: %(attended)s из %(held)s · часов: %(hours)s",
        "organised_by": "Отделение-организатор",
        "office": "Региональное отделение, %(office)s",
        "partners": "В партнерстве с",
        "code": "Код проверки",
        "verify_at": "Проверить сертификат:",
        "issued_on": "Дата выдачи: %(date)s",
    },
    "zh": {
        "programme": "儿童在线保护计划",
        "title": "出席证书",
        "awarded_to": "兹证明",
        "for_attending": "出席了以下讲习班",
        "attendance": "出席会议：%(attended)s / %(held)s · 学时：%(hours)s 小时",
        "organised_by": "主办代表处",
        "office": "区域代表处：%(office)s",
        "partners": "合作伙伴",
        "code": "验证码",
        "verify_at": "证书验证网址",
        "issued_on": "签发日期：%(date)s",
    },
}


def django_language(language: str) -> str:
    return DJANGO_LANGUAGE.get(language, language)


def certificate_texts(language: str) -> dict[str, str]:
    """The fixed texts in `language`: the catalogue's translation, else the built-in wording."""
    built_in = BUILT_IN.get(language, {})
    texts = {}
    with translation.override(django_language(language)):
        for key, message_id in MESSAGE_IDS.items():
            translated = translation.gettext(message_id)
            texts[key] = built_in.get(key, message_id) if translated == message_id else translated
    return texts


def certificate_date(day: dt.date, language: str) -> str:
    with translation.override(django_language(language)):
        # "E": the month as a date writes it (Russian "22 сентября 2014", not "Сентябрь").
        return date_format(day, "Y年n月j日" if language == "zh" else "j E Y")


def certificate_date_range(start: dt.date, end: dt.date, language: str) -> str:
    """Both days written in full in the certificate's language ("22 – 24 September 2014")."""
    if start == end:
        return certificate_date(start, language)
    return f"{certificate_date(start, language)} – {certificate_date(end, language)}"


def join_list(parts: list[str], language: str) -> str:
    return LIST_SEPARATOR.get(language, ", ").join(part for part in parts if part)

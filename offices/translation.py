"""Office names in the six languages (django-modeltranslation; README "Content in six
languages"). Region names are the translated labels of their codes, in the catalogues."""

from modeltranslation.translator import TranslationOptions, register

from offices.models import RegionalOffice


@register(RegionalOffice)
class RegionalOfficeTranslationOptions(TranslationOptions):
    fields = ("name",)

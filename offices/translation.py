"""Office names in the six languages (django-modeltranslation, by the content rule of
core/content_languages.py; README "Content in six languages"). Region names are the translated
labels of their codes, in the catalogues. The English name is the one every office must have."""

from core.content_languages import register_translated_fields
from offices.models import RegionalOffice

register_translated_fields(RegionalOffice, ("name",), required_languages=("en",))

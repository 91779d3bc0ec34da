"""Office and region names in the six languages (django-modeltranslation, by the content rule
of core/content_languages.py; README "Content in six languages"). The English name is the one
every office and region must have."""

from core.content_languages import register_translated_fields
from offices.models import Region, RegionalOffice

register_translated_fields(RegionalOffice, ("name",), required_languages=("en",))
register_translated_fields(Region, ("name",), required_languages=("en",))

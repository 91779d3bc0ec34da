"""The catalogue's texts in the six languages (django-modeltranslation, found by its
autodiscovery of each app's translation.py): one column per field and language.

Their attributes then read by the content rule (core/content_languages.py), not
modeltranslation's global fallback list; a workshop's working languages come before English
(workshops/content.py); the historical models of django-simple-history get the same columns, so
history keeps every language."""

from core.content_languages import register_translated_fields
from workshops.content import languages_of_its_workshop, workshop_languages
from workshops.models import (
    Audience,
    NationalActivity,
    OutcomeDocument,
    Partner,
    Pillar,
    Session,
    Workshop,
)

#: The translatable texts of each model (also what the staff forms, the translation workbook
#: and the "missing" counts go through).
TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    Workshop: ("title", "summary", "description", "city", "venue", "data_note"),
    Session: ("title", "room", "speakers", "description"),
    Partner: ("name", "description"),
    OutcomeDocument: ("title", "description"),
    NationalActivity: ("title", "description", "data_note"),
}

# A workshop's texts fall back to its working languages, a session's and a document's to their
# workshop's.
Workshop.content_working_languages = workshop_languages
Session.content_working_languages = languages_of_its_workshop
OutcomeDocument.content_working_languages = languages_of_its_workshop


for model, fields in TRANSLATED_FIELDS.items():
    register_translated_fields(model, fields)

# The names of the COP pillars and audiences: a fixed list of rows, not a workshop's content (so
# not in the translation workbook); English required, like an office's name.
for model in (Pillar, Audience):
    register_translated_fields(model, ("name",), required_languages=("en",))

"""The catalogue's texts in the six languages (django-modeltranslation, found by its
autodiscovery of each app's translation.py): one column per field and language.

Their attributes then read by the workshop's rule (workshops/content.py), not
modeltranslation's global fallback list; the historical models of django-simple-history get
the same columns, so history keeps every language."""

from modeltranslation.translator import TranslationOptions, translator

from workshops.content import ContentDescriptor
from workshops.models import NationalActivity, OutcomeDocument, Partner, Session, Workshop

#: The translatable texts of each model (also what the staff forms, the translation workbook
#: and the "missing" counts go through).
TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    Workshop: ("title", "summary", "description", "city", "venue", "data_note"),
    Session: ("title", "room", "speakers", "description"),
    Partner: ("name", "description"),
    OutcomeDocument: ("title", "description"),
    NationalActivity: ("title", "description", "data_note"),
}

# A session's and a document's texts fall back to their workshop's working languages.
Session._content_workshop_field = "workshop"
OutcomeDocument._content_workshop_field = "workshop"


for model, fields in TRANSLATED_FIELDS.items():
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": fields})
    translator.register(model, options)
    history = getattr(model, "history", None)
    if history is not None:
        translator.register(history.model, options)
    for name in fields:
        setattr(model, name, ContentDescriptor(model._meta.get_field(name)))

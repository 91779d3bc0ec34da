"""The subject and text of a mail rule in the six languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from reminders.models import MailRule


@register(MailRule)
class MailRuleTranslation(TranslationOptions):
    fields = ("subject", "body")

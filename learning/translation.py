"""Content fields in the six languages (django-modeltranslation): English is always there,
an empty language falls back to it."""

from modeltranslation.translator import TranslationOptions, register

from learning.models import Option, Question, QuestionSet


@register(QuestionSet)
class QuestionSetTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("text",)

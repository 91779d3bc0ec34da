from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin_site import ViewOnlyAdminMixin
from learning.models import (
    EvaluationReceipt,
    LearningSettings,
    Option,
    Question,
    QuestionSet,
    TestResponse,
)


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "points", "correct_true", "correct_number"]


@admin.register(QuestionSet)
class QuestionSetAdmin(TranslationAdmin):
    list_display = ["title", "office", "kind", "version", "is_current"]
    list_filter = ["kind", "office", "is_current"]
    inlines = [QuestionInline]


class OptionInline(TranslationTabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "question_set", "kind", "position"]
    list_filter = ["kind"]
    inlines = [OptionInline]


@admin.register(LearningSettings)
class LearningSettingsAdmin(admin.ModelAdmin):
    list_display = ["workshop", "knowledge_check", "pre_test", "post_test", "evaluation"]
    list_select_related = ["workshop", "knowledge_check", "evaluation"]


# Answers are the participants': shown, never typed in here. Anonymous evaluation answers
# are not listed at all (a list ordered by anything would invite matching them to receipts).
@admin.register(TestResponse)
class TestResponseAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "phase", "score", "max_score", "submitted_at"]
    list_filter = ["phase"]


@admin.register(EvaluationReceipt)
class EvaluationReceiptAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "answered_on"]

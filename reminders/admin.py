from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.admin_site import ViewOnlyAdminMixin
from reminders.models import MailRule, MailSendLog


@admin.register(MailRule)
class MailRuleAdmin(TranslationAdmin):
    list_display = ["kind", "office", "workshop", "days", "hours", "time_of_day", "is_active"]
    list_filter = ["kind", "office", "is_active"]


@admin.register(MailSendLog)
class MailSendLogAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "registration", "created_at"]
    list_filter = ["kind"]

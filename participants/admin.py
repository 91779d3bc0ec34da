from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from participants import services
from participants.models import Attendance, Participant, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["workshop", "status", "source", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["workshop"]
    show_change_link = True


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "sector", "country", "is_minor"]
    list_filter = ["sector", "is_minor", "gender"]
    search_fields = ["full_name", "email", "organisation", "code"]
    readonly_fields = ["code", "created_at", "updated_at", "consent_at", "anonymised_at"]
    inlines = [RegistrationInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["session", "status", "method", "minutes_online", "recorded_at", "recorded_by"]
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "workshop", "status", "source", "created_at"]
    list_filter = ["status", "source", "workshop__office"]
    search_fields = ["participant__full_name", "participant__email", "workshop__title"]
    autocomplete_fields = ["participant", "workshop"]
    readonly_fields = ["created_at", "updated_at", "confirmed_at", "cancelled_at"]
    list_select_related = ["participant", "workshop"]
    inlines = [AttendanceInline]
    actions = ["approve", "decline", "send_new_link"]

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[Registration],
        service: Callable[..., Registration],
    ) -> None:
        """Each registration through the service, so the rules and e-mails are the same as in
        the staff area; refusals are reported one by one."""
        done = 0
        for registration in queryset.select_related("participant"):
            try:
                service(registration=registration)
            except services.RegistrationError as error:
                self.message_user(
                    request, f"{registration.participant}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected pending registrations"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_approve)

    @admin.action(description=_("Decline the selected pending registrations"))
    def decline(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_decline)

    @admin.action(description=_("Send a new personal link (the old one stops working)"))
    def send_new_link(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_revoke_token)


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["registration", "session", "status", "method", "recorded_at"]
    list_filter = ["status", "method", "session__workshop"]
    search_fields = ["registration__participant__full_name", "session__title"]
    autocomplete_fields = ["registration"]
    list_select_related = ["registration__participant", "registration__workshop", "session"]

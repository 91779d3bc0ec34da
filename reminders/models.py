"""Scheduled mail: rules (an office's defaults, a workshop's own) and the send log.

A rule says which mail goes out when, relative to the workshop's dates; when it is due is
computed from the dates at each tick, so a workshop that moves moves its mail. The send log
holds one row per rule and registration, under a unique constraint: whoever inserts it sends,
and a second scheduler racing the first gets the constraint's refusal and sends nothing."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offices.models import RegionalOffice
from participants.models import Registration
from workshops.models import Workshop


class MailRule(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", _("reminder before the start")
        PRE_TEST = "pre_test", _("pre-test invitation")
        STARTS_TOMORROW = "starts_tomorrow", _("starts tomorrow (online: with the join link)")
        AFTER = "after", _("evaluation and post-test invitation")
        CHASER = "chaser", _("chaser for those who have not answered")
        CERTIFICATE = "certificate", _("your certificate is ready")

    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_rules",
        verbose_name=_("office (a default for its workshops)"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_rules",
        verbose_name=_("workshop"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(
        _("days"),
        default=1,
        validators=[MaxValueValidator(90)],
        help_text=_("Before the start for reminders, after the last session for the others."),
    )
    hours = models.PositiveSmallIntegerField(
        _("and hours"), default=0, validators=[MaxValueValidator(23)]
    )
    time_of_day = models.TimeField(
        _("at this time of day (the workshop's time zone)"),
        null=True,
        blank=True,
        help_text=_("Empty: exactly that long before or after."),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        max_length=5000,
        help_text=_("Empty: the standard text. Placeholders: {name}, {workshop}, {dates}, {link}."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mail rule")
        verbose_name_plural = _("mail rules")
        ordering = ["kind", "id"]
        constraints = [
            # A default of an office, or a workshop's own rule: one of the two.
            models.CheckConstraint(
                condition=Q(office__isnull=True, workshop__isnull=False)
                | Q(office__isnull=False, workshop__isnull=True),
                name="reminders_rule_office_or_workshop",
            ),
            models.UniqueConstraint(
                fields=["workshop", "kind"],
                condition=Q(workshop__isnull=False),
                name="reminders_one_rule_per_workshop_kind",
            ),
            models.UniqueConstraint(
                fields=["office", "kind"],
                condition=Q(office__isnull=False),
                name="reminders_one_default_per_office_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class MailSendLog(models.Model):
    """This kind of scheduled mail went (or is going) to this registration: at most once,
    ever, whichever rule sent it (a workshop's own rule replacing the office's default after
    the default has sent does not send again)."""

    rule = models.ForeignKey(MailRule, on_delete=models.SET_NULL, null=True, related_name="sends")
    kind = models.CharField(_("kind"), max_length=20, choices=MailRule.Kind.choices)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="scheduled_mail"
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled mail sent")
        verbose_name_plural = _("scheduled mail sent")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="reminders_send_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.registration_id}"

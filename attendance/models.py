"""Attendance: a registration's presence at each session of its workshop.

The tables keep the names they had when Attendance lived in the participants app: moving the
model changed its home in the code, not its rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.models import Registration
from workshops.models import Session, Workshop


class Attendance(models.Model):
    """A registration's presence at one session. No row means absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LATE = "late", _("late")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    ATTENDED_STATUSES = (Status.PRESENT, Status.LATE)

    class Method(models.TextChoices):
        DOOR = "door", _("checked in at the door")
        QR = "qr", _("QR code scanned")
        WALK_IN = "walk_in", _("walk-in")
        ONLINE_REPORT = "online_report", _("online meeting report")
        SHEET = "sheet", _("paper sign-in sheet")
        STAFF = "staff", _("set by staff")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PRESENT
    )
    method = models.CharField(_("recorded by way of"), max_length=15, choices=Method.choices)
    minutes_online = models.PositiveIntegerField(_("minutes online"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords(table_name="participants_historicalattendance")

    class Meta:
        db_table = "participants_attendance"
        ordering = ["session__starts_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="one_attendance_per_registration_and_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} / {self.session_id}: {self.status}"


class CheckinAction(models.Model):
    """One action a check-in device took (check in, undo, walk-in), logged under the id the
    device gave it, so that it applies once however often the device retries.

    The log is also what makes the result independent of the order batches arrive in: the state
    of a person at a session is settled again from every logged action on it (see
    attendance.services.apply_checkin_actions)."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("check in")
        UNDO = "undo", _("undo")
        WALK_IN = "walk_in", _("walk-in")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        LOST = "lost", _("lost to another action")
        REFUSED = "refused", _("refused")

    client_id = models.UUIDField(_("device's action id"), unique=True)
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="checkin_actions",
        verbose_name=_("workshop"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        related_name="checkin_actions",
        verbose_name=_("session"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkin_actions",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scanned = models.BooleanField(_("QR code scanned"), default=False)
    occurred_at = models.DateTimeField(_("happened on the device at"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    device_label = models.CharField(_("device"), max_length=80, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    message = models.CharField(_("message"), max_length=300, blank=True)

    class Meta:
        ordering = ["occurred_at", "client_id"]
        verbose_name = _("check-in action")
        verbose_name_plural = _("check-in actions")
        indexes = [models.Index(fields=["registration", "session", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.kind} ({self.outcome})"

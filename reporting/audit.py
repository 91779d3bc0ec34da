"""The audit trail as staff read it: who changed what and when, for one object and what hangs
under it (a workshop's sessions; a registration's attendance and certificates). The records
are django-simple-history's; consecutive records of one row are compared field by field."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from attendance.models import Attendance
from certificates.models import Certificate
from participants.models import Registration
from workshops.models import Session, Workshop

# Bookkeeping that changes with every save, and secrets, never shown.
HIDDEN_FIELDS = {"updated_at", "sequence", "search_text", "token", "recorded_at", "pdf"}


def _compared_fields(record) -> set[str]:
    """The fields history compares. A text kept in every language (`title_en`, `title_fr`:
    README "Content in six languages") is compared per language; its original column, which
    repeats one of them, is not."""
    fields = {f.name for f in record.tracked_fields if f.editable}
    model = type(record)
    if model in translator.get_registered_models():
        translated = translator.get_options_for_model(model).all_fields
        fields -= set(translated)
        fields |= {column.name for columns in translated.values() for column in columns}
    return fields


ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def _display(model: type[models.Model], name: str, value, users: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey) and model_field.related_model is get_user_model():
        return users.get(value, str(value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _user_names(records: list) -> dict[int, str]:
    """Usernames of every user a record points to (override by, recorded by...), one query."""
    ids = set()
    for record in records:
        for model_field in record.instance_type._meta.fields:
            if (
                isinstance(model_field, models.ForeignKey)
                and model_field.related_model is get_user_model()
            ):
                value = getattr(record, model_field.attname)
                if value:
                    ids.add(value)
    if not ids:
        return {}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def audit_trail(*groups: tuple[Iterable, object]) -> list[AuditEntry]:
    """Entries newest first from several history querysets; each group is (records, a function
    naming the subject of a record)."""
    collected = []
    for records, subject_of in groups:
        collected.extend((record, subject_of) for record in records.select_related("history_user"))
    users = _user_names([record for record, _subject in collected])
    by_row: dict[tuple[type, int], list] = defaultdict(list)
    for record, subject_of in collected:
        by_row[(type(record), record.id)].append((record, subject_of))
    entries = []
    for rows in by_row.values():
        rows.sort(key=lambda pair: (pair[0].history_date, pair[0].history_id))
        previous = None
        for record, subject_of in rows:
            model = record.instance_type
            entry = AuditEntry(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else str(_("system")),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=subject_of(record),
                reason=record.history_change_reason or "",
            )
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(
                    previous,
                    excluded_fields=HIDDEN_FIELDS,
                    included_fields=_compared_fields(record),
                )
                entry.changes = [
                    FieldChange(
                        field=str(model._meta.get_field(change.field).verbose_name),
                        old=_display(model, change.field, change.old, users),
                        new=_display(model, change.field, change.new, users),
                    )
                    for change in delta.changes
                    # A text column going from None to "" (no text either way) is no change.
                    if not (change.old in (None, "") and change.new in (None, ""))
                ]
            previous = record
            entries.append(entry)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def workshop_audit_trail(*, workshop) -> list[AuditEntry]:
    return audit_trail(
        (Workshop.history.filter(id=workshop.pk), lambda record: str(_("workshop"))),
        (
            Session.history.filter(workshop_id=workshop.pk),
            lambda record: f"{_('session')}: {record.title}",
        ),
    )


def registration_audit_trail(*, registration) -> list[AuditEntry]:
    session_titles = dict(
        Session.objects.filter(workshop_id=registration.workshop_id).values_list("pk", "title")
    )
    return audit_trail(
        (Registration.history.filter(id=registration.pk), lambda record: str(_("registration"))),
        (
            Attendance.history.filter(registration_id=registration.pk),
            lambda record: f"{_('attendance')}: {session_titles.get(record.session_id, '—')}",
        ),
        (
            Certificate.history.filter(registration_id=registration.pk),
            lambda record: f"{_('certificate')}: {record.code}",
        ),
    )

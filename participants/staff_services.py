"""Writes staff make about registrations and workshops: adding people whatever the
capacity (imports, walk-ins at the door), correcting a registered person's details and
cancelling a whole workshop.

The public side's rules (seats, waiting list, approval) are in participants/services.py."""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.events import publish_on_commit
from offices.permissions import StaffAccess, offices_manageable_by
from participants.emails import EmailKind
from participants.models import OutgoingEmail, Participant, Registration
from participants.outbox import outgoing_emails_make_due
from participants.selectors import email_is, find_participant_by_email
from participants.services import RegistrationError, participant_refresh_search_text
from participants.tasks import outgoing_email_enqueue, participant_email_enqueue
from workshops.models import Workshop
from workshops.services import WorkshopError, workshop_save


def workshop_cancel(*, workshop: Workshop, message: str = "") -> Workshop:
    """Cancel a workshop: calendars show it cancelled (SEQUENCE raised, `cancelled_at` set by
    workshop_save) and, once committed, everyone with a live registration is told by e-mail
    in the background, one e-mail each, with the staff's message. Registrations stay as they
    were, so the record shows who was affected."""
    if workshop.status == Workshop.Status.CANCELLED:
        raise WorkshopError(_("This workshop is already cancelled."))
    if workshop.status == Workshop.Status.COMPLETED:
        raise WorkshopError(_("A completed workshop cannot be cancelled."))
    with transaction.atomic():
        was_public = workshop.status != Workshop.Status.DRAFT
        workshop.status = Workshop.Status.CANCELLED
        workshop_save(workshop=workshop)
        if was_public:
            live = workshop.registrations.filter(
                status__in=Registration.LIVE_STATUSES, participant__anonymised_at__isnull=True
            ).values_list("pk", flat=True)
            for registration_id in live:
                participant_email_enqueue(
                    kind=EmailKind.WORKSHOP_CANCELLED.value,
                    registration_id=registration_id,
                    extra={"message": message},
                )
    return workshop


def participant_get_or_create(
    *, email: str, full_name: str, organisation: str = "", country: str = ""
) -> tuple[Participant, bool]:
    """The participant with this e-mail (any letter case), or a new one with these details.

    People belong to nobody: a known person is returned exactly as stored, whatever details
    staff typed (they may be another office's participant). The details are checked the same
    way either way, so the answer does not tell whether the address was known."""
    participant = Participant(
        full_name=full_name.strip(),
        email=email.strip(),
        organisation=organisation.strip(),
        country=country,
    )
    participant.full_clean(validate_unique=False, validate_constraints=False)
    existing = find_participant_by_email(email=participant.email)
    if existing is not None:
        return existing, False
    participant_refresh_search_text(participant)
    participant.full_clean()
    participant.save()
    return participant, True


def registration_confirm_for_staff(
    *, participant: Participant, workshop: Workshop, source: str
) -> tuple[Registration, bool]:
    """Make sure the person holds a confirmed registration, whatever the capacity.

    Staff adding someone (an import, a walk-in) decide over the seat count; the import preview
    warns when it goes past capacity. Returns the registration and whether anything changed."""
    registration = (
        Registration.objects.select_for_update()
        .filter(participant=participant, workshop=workshop, status__in=Registration.LIVE_STATUSES)
        .first()
    )
    if registration is None:
        registration = Registration.objects.create(
            participant=participant,
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
            source=source,
            language=participant.preferred_language,
            confirmed_at=timezone.now(),
        )
        publish_on_commit("registration.created", registration_id=registration.pk)
        return registration, True
    if registration.status == Registration.Status.CONFIRMED:
        return registration, False
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    publish_on_commit("registration.changed", registration_id=registration.pk)
    return registration, True


# What staff may correct about a person. The e-mail is the person's identity: changing it to an
# address another person holds is refused. Guardian details exist only for a minor, and a minor
# has no job title (least data).
CORRECTABLE_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "sector",
    "job_title",
    "country",
    "preferred_language",
    "guardian_name",
    "guardian_email",
)
ADULT_ONLY_FIELDS = ("job_title",)
MINOR_ONLY_FIELDS = ("guardian_name", "guardian_email")


def participant_correctable_fields(*, participant: Participant) -> tuple[str, ...]:
    hidden = ADULT_ONLY_FIELDS if participant.is_minor else MINOR_ONLY_FIELDS
    return tuple(name for name in CORRECTABLE_FIELDS if name not in hidden)


def _stored_value(participant: Participant, name: str) -> object:
    value = getattr(participant, name)
    return getattr(value, "code", value) or ""  # a CountryField holds a Country object


def participant_correct_details(
    *,
    registration: Registration,
    changes: Mapping[str, object],
    by: AbstractBaseUser | None,
) -> list[str]:
    """Staff correct the details of a person registered to their office's workshop, reached
    through that registration (an office sees people only through its registrations).

    In one transaction: the person is locked, the changed fields are written and checked
    together, and the registration's history records who corrected which fields, without
    the values (a history of names and addresses would outlive an erasure). An e-mail
    address another person already uses is refused and nothing changes. Returns the names
    of the fields that changed; nothing is written when none did."""
    allowed = participant_correctable_fields(participant=registration.participant)
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Fields staff cannot correct here: {sorted(unknown)}")
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=registration.participant_id)
        if participant.anonymised_at is not None:
            raise RegistrationError(
                str(_("This person's data was erased; there is nothing to correct.")),
                code="erased",
            )
        cleaned = {
            name: value.strip() if isinstance(value, str) else value
            for name, value in changes.items()
        }
        changed = [
            name for name, value in cleaned.items() if _stored_value(participant, name) != value
        ]
        if not changed:
            return []
        if "email" in changed and (
            Participant.objects.filter(email_is("email", cleaned["email"]))
            .exclude(pk=participant.pk)
            .exists()
        ):
            raise RegistrationError(
                str(_("Another person already uses this e-mail address: nothing was changed.")),
                code="email_taken",
            )
        for name in changed:
            setattr(participant, name, cleaned[name])
        participant_refresh_search_text(participant)
        try:
            participant.full_clean()
        except ValidationError as error:
            raise RegistrationError(" ".join(error.messages), code="invalid") from error
        participant.save(update_fields=[*changed, "search_text", "updated_at"])
        registration = Registration.objects.get(pk=registration.pk)
        registration._change_reason = str(
            _("Person's details corrected: %(fields)s")
            % {
                "fields": ", ".join(
                    str(Participant._meta.get_field(name).verbose_name) for name in changed
                )
            }
        )
        if by is not None:
            registration._history_user = by
        registration.save(update_fields=["updated_at"])
    return changed


def outgoing_emails_resend(*, access: StaffAccess, email_ids: list[int] | None = None) -> int:
    """Put the given unsent e-mails (all of them when None) of the offices this staff member
    manages back in the queue with fresh attempts, and try each once the change commits.
    Others' e-mails and sent ones are left alone. Returns how many were queued."""
    emails = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).filter(
        registration__workshop__office__in=offices_manageable_by(access)
    )
    if email_ids is not None:
        emails = emails.filter(pk__in=email_ids)
    with transaction.atomic():
        ids = list(emails.values_list("pk", flat=True))
        count = outgoing_emails_make_due(email_ids=ids)
        for email_id in ids:
            outgoing_email_enqueue(email_id=email_id)
    return count

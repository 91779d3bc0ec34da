"""Writes staff make about registrations and workshops: adding people whatever the
capacity (imports, walk-ins at the door) and cancelling a whole workshop.

The public side's rules (seats, waiting list, approval) are in participants/services.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.emails import EmailKind
from participants.models import Participant, Registration
from participants.selectors import find_participant_by_email
from participants.services import participant_refresh_search_text
from participants.tasks import participant_email_enqueue
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
        return registration, True
    if registration.status == Registration.Status.CONFIRMED:
        return registration, False
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    return registration, True

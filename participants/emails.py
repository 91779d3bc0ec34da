"""Every e-mail a participant receives, and the one way it is sent.

Kinds live in a plain dict, ``KINDS``: a kind's name maps to a frozen record naming its
templates and, optionally, functions adding context and attachments from the registration and
the ``extra`` the sender passed. Apps above this one register their own kinds at start-up
(certificates does so in its AppConfig.ready()).

One rule for all: the message is rendered in the registration's language, and a person whose
data was erased (``anonymised_at`` set) gets nothing, whenever the e-mail was queued."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase
from enum import StrEnum
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participants.models import Registration
from participants.qr import participant_qr_png
from participants.selectors import registration_waitlist_position
from workshops.calendar import workshop_ics

logger = logging.getLogger(__name__)

QR_CONTENT_ID = "participant-qr"


class EmailKind(StrEnum):
    """The kinds this app sends; other apps add theirs to KINDS under their own names."""

    RECEIVED = "received"  # just registered: confirmed, waitlisted or pending approval
    LINK_AGAIN = "link_again"  # someone registered this address again
    PROMOTED = "promoted"  # from the waiting list to a seat
    APPROVED = "approved"  # staff approved a pending registration
    DECLINED = "declined"
    CANCELLED = "cancelled"
    CANCELLED_BY_STAFF = "cancelled_by_staff"  # the organisers cancelled the registration
    NEW_LINK = "new_link"  # the personal link was replaced
    WORKSHOP_CANCELLED = "workshop_cancelled"  # staff cancelled the whole workshop


SUBJECTS = {
    EmailKind.RECEIVED: _("Your registration: %(workshop)s"),
    EmailKind.LINK_AGAIN: _("Your personal link: %(workshop)s"),
    EmailKind.PROMOTED: _("A seat is yours: %(workshop)s"),
    EmailKind.APPROVED: _("Your registration was approved: %(workshop)s"),
    EmailKind.DECLINED: _("Your registration was not accepted: %(workshop)s"),
    EmailKind.CANCELLED: _("Your registration is cancelled: %(workshop)s"),
    EmailKind.CANCELLED_BY_STAFF: _("Your registration is cancelled: %(workshop)s"),
    EmailKind.NEW_LINK: _("Your new personal link: %(workshop)s"),
}

OPENINGS = {
    EmailKind.RECEIVED: _("Thank you for registering."),
    EmailKind.LINK_AGAIN: _(
        "Someone, probably you, tried to register this address again. You are already "
        "registered; here is your personal link. If it was not you, you need not do anything."
    ),
    EmailKind.PROMOTED: _(
        "A place has become free and it is yours: you have moved up from the waiting list."
    ),
    EmailKind.APPROVED: _("The organisers have approved your registration."),
    EmailKind.DECLINED: _(
        "We are sorry: the organisers could not accept your registration for this workshop."
    ),
    EmailKind.CANCELLED: _("Your registration is cancelled, as you asked."),
    EmailKind.CANCELLED_BY_STAFF: _(
        "The organisers have cancelled your registration for this workshop. If you think this "
        "is a mistake, reply to this e-mail."
    ),
    EmailKind.NEW_LINK: _("Here is your new personal link. The previous link no longer works."),
}


@dataclass(frozen=True)
class EmailAttachment:
    filename: str
    content: bytes
    mimetype: str
    content_id: str = ""  # set when the HTML shows it inline as cid:<content_id>


ContextBuilder = Callable[[Registration, dict[str, Any]], dict[str, Any]]
AttachmentBuilder = Callable[[Registration, dict[str, Any]], list[EmailAttachment]]


@dataclass(frozen=True)
class ParticipantEmail:
    """One kind of e-mail. Templates are rendered with the registration, participant,
    workshop and site URL, plus what ``context`` adds. A builder raises ObjectDoesNotExist
    when a row it needs is gone; the e-mail is then dropped."""

    subject_template: str
    text_template: str
    html_template: str = ""
    context: ContextBuilder | None = None
    attachments: AttachmentBuilder | None = None
    # Registration news also reaches a minor's guardian, and replies go to the organisers.
    copy_guardian: bool = False
    reply_to_office: bool = False


def personal_path(registration: Registration) -> str:
    """The path of the person's own page (/me/<token>/): their personal key, never shared."""
    return reverse("me:page", kwargs={"token": registration.token})


def personal_url(registration: Registration) -> str:
    """The personal link of the e-mails, opening the page in the person's language (`?lang=`;
    README "Content in six languages"); the bare path follows the browser."""
    return f"{settings.SITE_URL}{personal_path(registration)}?lang={registration.language}"


def _carries_ticket(registration: Registration) -> bool:
    """Only a confirmed seat gets the QR code for the door and the calendar file."""
    return registration.status == Registration.Status.CONFIRMED


# What the QR code of a confirmed participant holds: their participant code, unless an app
# above registers a signed code here (attendance does, when it loads: see
# attendance/qr_signing.py). A plain dict: this app cannot import the ones above it.
TICKET_QR: dict[str, Callable[[Registration], str]] = {}


def ticket_qr_payload(registration: Registration) -> str:
    provider = TICKET_QR.get("payload")
    return provider(registration) if provider else registration.participant.code


def registration_email_attachments(
    registration: Registration, extra: dict[str, Any]
) -> list[EmailAttachment]:
    """What an e-mail to a confirmed participant carries: their QR code (shown inline) for check-in at the door, and the workshop as an .ics file with its
    sessions and, for the registered person, the online join link."""
    if not _carries_ticket(registration):
        return []
    code = registration.participant.code
    workshop = registration.workshop
    return [
        EmailAttachment(
            filename=f"cop-participant-{code}.png",
            content=participant_qr_png(ticket_qr_payload(registration)),
            mimetype="image/png",
            content_id=QR_CONTENT_ID,
        ),
        EmailAttachment(
            filename=f"{workshop.slug}.ics",
            content=workshop_ics(workshop, for_participant=True),
            mimetype="text/calendar",
        ),
    ]


def _registration_context(
    registration: Registration, extra: dict[str, Any], *, kind: EmailKind
) -> dict[str, Any]:
    workshop = registration.workshop
    ticket = _carries_ticket(registration)
    return {
        "kind": kind.value,
        "subject": str(SUBJECTS[kind]) % {"workshop": workshop.title},
        "opening": OPENINGS[kind],
        "sessions": list(workshop.sessions.filter(is_cancelled=False)),
        "waitlist_position": registration_waitlist_position(registration=registration),
        "personal_url": personal_url(registration),
        "workshop_url": settings.SITE_URL + workshop.get_absolute_url(),
        "qr_content_id": QR_CONTENT_ID if ticket else "",
        "has_calendar": ticket,
    }


def _workshop_cancelled_context(
    registration: Registration, extra: dict[str, Any]
) -> dict[str, Any]:
    return {"message": extra.get("message", "")}


def _registration_kind(kind: EmailKind) -> ParticipantEmail:
    return ParticipantEmail(
        subject_template="emails/registration_subject.txt",
        text_template="emails/registration.txt",
        html_template="emails/registration.html",
        context=partial(_registration_context, kind=kind),
        attachments=registration_email_attachments,
        copy_guardian=True,
        reply_to_office=True,
    )


KINDS: dict[str, ParticipantEmail] = {kind.value: _registration_kind(kind) for kind in SUBJECTS}
KINDS[EmailKind.WORKSHOP_CANCELLED.value] = ParticipantEmail(
    subject_template="emails/workshop_cancelled_subject.txt",
    text_template="emails/workshop_cancelled.txt",
    context=_workshop_cancelled_context,
)


def _inline_part(attachment: EmailAttachment) -> MIMEBase:
    """A part the HTML shows in place (cid:), which Django's attach() cannot label."""
    maintype, subtype = attachment.mimetype.split("/", 1)
    part = MIMEBase(maintype, subtype)
    part.set_payload(attachment.content)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "inline", filename=attachment.filename)
    part.add_header("Content-ID", f"<{attachment.content_id}>")
    return part


def participant_email_render(
    *, kind: str, registration: Registration, extra: dict[str, Any] | None = None
) -> EmailMultiAlternatives:
    """The message of this kind for this registration, in the registration's language.
    Pure: builds, never sends."""
    spec = KINDS[kind]
    extra = extra or {}
    participant = registration.participant
    workshop = registration.workshop
    attachments = spec.attachments(registration, extra) if spec.attachments else []
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "participant": participant,
            "workshop": workshop,
            "site_url": settings.SITE_URL,
        }
        if spec.context is not None:
            context.update(spec.context(registration, extra))
        subject = render_to_string(spec.subject_template, context).strip()
        text = render_to_string(spec.text_template, context)
        html = render_to_string(spec.html_template, context) if spec.html_template else ""
    copy_guardian = spec.copy_guardian and participant.is_minor and participant.guardian_email
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[participant.email],
        cc=[participant.guardian_email] if copy_guardian else [],
        reply_to=[workshop.office.email] if spec.reply_to_office and workshop.office.email else [],
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        if attachment.content_id:
            message.attach(_inline_part(attachment))
        else:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def participant_email_send(
    *, kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> bool:
    """Render and send one e-mail of this kind to the registration's participant. Returns
    whether it was sent: not when the registration (or a row the kind needs) is gone, nor
    when the person was erased after the e-mail was queued."""
    if kind not in KINDS:
        raise ValueError(f"Unknown participant e-mail kind: {kind!r}")
    registration = (
        Registration.objects.select_related("participant", "workshop__office")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        logger.info("E-mail %s not sent: registration %s is gone.", kind, registration_id)
        return False
    participant = registration.participant
    if participant.anonymised_at is not None or not participant.email:
        return False  # erased since the e-mail was queued: there is nobody left to write to
    try:
        message = participant_email_render(kind=kind, registration=registration, extra=extra)
    except ObjectDoesNotExist as gone:
        logger.info("E-mail %s to registration %s not sent: %s", kind, registration_id, gone)
        return False
    message.send()
    return True

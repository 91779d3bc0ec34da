"""The e-mails a registration sends: one template pair (plain text and HTML), rendered in the
registration's language; the reason for writing (EmailKind) picks the subject and the opening.

A pure function from a registration to a message; sending it is the service's job."""

from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participants.models import Registration
from participants.selectors import registration_waitlist_position


class EmailKind(StrEnum):
    RECEIVED = "received"  # just registered: confirmed, waitlisted or pending approval
    LINK_AGAIN = "link_again"  # someone registered this address again
    PROMOTED = "promoted"  # from the waiting list to a seat
    APPROVED = "approved"  # staff approved a pending registration
    DECLINED = "declined"
    CANCELLED = "cancelled"
    NEW_LINK = "new_link"  # the personal link was replaced


SUBJECTS = {
    EmailKind.RECEIVED: _("Your registration: %(workshop)s"),
    EmailKind.LINK_AGAIN: _("Your personal link: %(workshop)s"),
    EmailKind.PROMOTED: _("A seat is yours: %(workshop)s"),
    EmailKind.APPROVED: _("Your registration was approved: %(workshop)s"),
    EmailKind.DECLINED: _("Your registration was not accepted: %(workshop)s"),
    EmailKind.CANCELLED: _("Your registration is cancelled: %(workshop)s"),
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
    EmailKind.NEW_LINK: _("Here is your new personal link. The previous link no longer works."),
}


@dataclass(frozen=True)
class EmailAttachment:
    filename: str
    content: bytes
    mimetype: str
    content_id: str = ""  # set when the HTML shows it inline as cid:<content_id>


def personal_path(registration: Registration) -> str:
    """The path of the person's own page (/me/<token>/): their personal key, never shared."""
    return reverse("me:page", kwargs={"token": registration.token})


def personal_url(registration: Registration) -> str:
    return settings.SITE_URL + personal_path(registration)


def _inline_part(attachment: EmailAttachment) -> MIMEBase:
    """A part the HTML shows in place (cid:), which Django's attach() cannot label."""
    maintype, subtype = attachment.mimetype.split("/", 1)
    part = MIMEBase(maintype, subtype)
    part.set_payload(attachment.content)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "inline", filename=attachment.filename)
    part.add_header("Content-ID", f"<{attachment.content_id}>")
    return part


def render_registration_email(
    *, registration: Registration, kind: EmailKind, attachments: list[EmailAttachment]
) -> EmailMultiAlternatives:
    """The message for this registration and reason, in the registration's language; a
    minor's guardian gets a copy."""
    workshop = registration.workshop
    participant = registration.participant
    qr = next((a for a in attachments if a.content_id), None)
    with translation.override(registration.language):
        context = {
            "kind": kind.value,
            "opening": OPENINGS[kind],
            "registration": registration,
            "participant": participant,
            "workshop": workshop,
            "sessions": list(workshop.sessions.filter(is_cancelled=False)),
            "waitlist_position": registration_waitlist_position(registration=registration),
            "personal_url": personal_url(registration),
            "workshop_url": settings.SITE_URL + workshop.get_absolute_url(),
            "qr_content_id": qr.content_id if qr else "",
            "has_calendar": any(a.mimetype.startswith("text/calendar") for a in attachments),
        }
        subject = str(SUBJECTS[kind]) % {"workshop": workshop.title}
        text = render_to_string("emails/registration.txt", context)
        html = render_to_string("emails/registration.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[participant.email],
        cc=[participant.guardian_email]
        if participant.is_minor and participant.guardian_email
        else [],
        reply_to=[workshop.office.email] if workshop.office.email else [],
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        if attachment.content_id:
            message.attach(_inline_part(attachment))
        else:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message

"""Read-side queries about certificates: who qualifies and why not, what a certificate would
print, and what the public verification shows."""

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance.models import Attendance
from attendance.selectors import AttendanceSummary, attendance_summaries, sessions_held
from certificates.models import Certificate, CertificateBatch, RevokedCategory
from certificates.pdf import CertificateContent, PartnerMark
from core.content_languages import content_language, localized
from learning.selectors import certificate_conditions_unmet
from participants.models import Registration
from workshops.models import Session, Workshop

NOT_ISSUABLE_STATUSES = (Registration.Status.CANCELLED, Registration.Status.DECLINED)


def normalise_code(raw: str) -> str:
    """What people type from paper: any case, spaces and dashes between groups."""
    return re.sub(r"[\s\-‐-―_.]", "", raw or "").upper()


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificates:verify', args=[code])}"


def ineligibility_reasons(
    *, registration: Registration, summary: AttendanceSummary, conditions: list[str] = ()
) -> list[str]:
    """Why this registration gets no certificate; empty when it qualifies. `conditions` are
    the workshop's learning conditions it does not meet (learning.selectors); a staff override
    decides over them too."""
    if registration.status in NOT_ISSUABLE_STATUSES:
        return [
            _("The registration is %(status)s.") % {"status": registration.get_status_display()}
        ]
    if registration.participant.anonymised_at is not None:
        # Erased personal data: nobody left to name; the earlier certificates stay verifiable, nameless.
        return [_("The participant's personal data has been erased.")]
    if summary.override is False:
        return [_("Staff decided: %(reason)s") % {"reason": summary.override_reason}]
    if summary.override is True:
        return []
    if summary.eligible:
        return list(conditions)
    if not summary.sessions_held:
        return [_("No session has been held yet.")]
    reasons = []
    if summary.sessions_attended * 100 < summary.rule_percent * summary.sessions_held:
        reasons.append(
            _("Attended %(attended)s of %(held)s sessions (%(percent)s%%); the rule is %(rule)s%%.")
            % {
                "attended": summary.sessions_attended,
                "held": summary.sessions_held,
                "percent": summary.percent,
                "rule": summary.rule_percent,
            }
        )
    if summary.missed_mandatory:
        reasons.append(
            ngettext(
                "Missed the mandatory session %(titles)s.",
                "Missed the mandatory sessions %(titles)s.",
                len(summary.missed_mandatory),
            )
            % {"titles": ", ".join(f"“{title}”" for title in summary.missed_mandatory)}
        )
    return reasons + list(conditions)


def hours_attended(*, held: list[Session], registration_ids: list[int]) -> dict[int, Decimal]:
    """Hours of the `held` sessions (sessions_held) each registration attended, in one query.
    Each session's length is worked out once, not read again with each of its attendance rows
    (a 1,400-person workshop has some 4,000)."""
    hours_of = {
        session.id: Decimal((session.ends_at - session.starts_at).total_seconds()) / 3600
        for session in held
    }
    attended: dict[int, set[int]] = {registration_id: set() for registration_id in registration_ids}
    for registration_id, session_id in Attendance.objects.filter(
        registration_id__in=registration_ids,
        session_id__in=hours_of,
        status__in=Attendance.ATTENDED_STATUSES,
    ).values_list("registration_id", "session_id"):
        attended[registration_id].add(session_id)
    # Added up in the order of the sessions, as the attendance rows came before (their ordering).
    return {
        registration_id: sum(
            (hours_of[session.id] for session in held if session.id in sessions), Decimal(0)
        ).quantize(Decimal("0.1"))
        for registration_id, sessions in attended.items()
    }


def partner_marks(*, workshop: Workshop) -> tuple[PartnerMark, ...]:
    links = workshop.partner_roles.select_related("partner").order_by("id")
    return tuple(
        PartnerMark(name=link.partner.short_name, logo=link.partner.logo.name or "")
        for link in links
    )


@dataclass(frozen=True)
class EligibilityRow:
    """One registration of a workshop as the certificate pages show it."""

    registration: Registration
    summary: AttendanceSummary
    reasons: list[str]
    current: Certificate | None
    latest_revoked: Certificate | None
    content: CertificateContent | None  # set when the registration qualifies

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def up_to_date(self) -> bool:
        return bool(
            self.current and self.content and self.current.content_digest == self.content.digest()
        )

    @property
    def name_changed(self) -> bool:
        """The person's name is no longer the one on their current certificate (they renamed
        themselves, or someone corrected it): a re-issue under the new name waits for staff
        to confirm it."""
        return bool(
            self.current and self.content and self.current.holder_name != self.content.holder_name
        )


def workshop_eligibility(
    *, workshop: Workshop, registrations: QuerySet[Registration] | None = None
) -> list[EligibilityRow]:
    """Every registration (but withdrawn ones) with its standing, its current certificate and
    what a certificate would print, in a fixed number of queries."""
    if registrations is None:
        registrations = workshop.registrations.exclude(status__in=NOT_ISSUABLE_STATUSES)
    registrations = list(
        registrations.select_related("participant").order_by("participant__full_name", "id")
    )
    held = list(sessions_held(workshop=workshop))
    summaries = attendance_summaries(workshop=workshop, registrations=registrations, held=held)
    ids = [r.id for r in registrations]
    hours = hours_attended(held=held, registration_ids=ids)
    workshop_content = workshop_certificate_content(
        workshop=workshop, partners=partner_marks(workshop=workshop)
    )
    unmet = certificate_conditions_unmet(registrations=registrations)
    current: dict[int, Certificate] = {}
    revoked: dict[int, Certificate] = {}
    # Newest first: the first certificate seen per registration is its latest one.
    for certificate in Certificate.objects.filter(registration_id__in=ids).order_by(
        "-issued_at", "-id"
    ):
        if certificate.is_valid:
            current[certificate.registration_id] = certificate
        elif certificate.is_revoked and certificate.registration_id not in revoked:
            revoked[certificate.registration_id] = certificate
    rows = []
    for registration in registrations:
        summary = summaries[registration.id]
        reasons = ineligibility_reasons(
            registration=registration, summary=summary, conditions=unmet[registration.id]
        )
        content = None
        if not reasons:
            content = certificate_content(
                workshop_content=workshop_content,
                registration=registration,
                summary=summary,
                hours=hours[registration.id],
            )
        latest_revoked = revoked.get(registration.id)
        if latest_revoked and registration.id in current:
            latest_revoked = None  # revoked once, issued again since
        rows.append(
            EligibilityRow(
                registration=registration,
                summary=summary,
                reasons=reasons,
                current=current.get(registration.id),
                latest_revoked=latest_revoked,
                content=content,
            )
        )
    return rows


def workshop_certificate_content(
    *, workshop: Workshop, partners: tuple[PartnerMark, ...]
) -> CertificateContent:
    """What every certificate of the workshop prints alike, worked out once for all its people
    (certificate_content adds each one's name and attendance). The workshop's texts are in the
    certificate's language (else by the workshop's fallback rule, README "Content in six
    languages"), whatever language the issuing request speaks."""
    language = content_language(workshop.certificate_language)
    return CertificateContent(
        holder_name="",
        language=workshop.certificate_language,
        workshop_title=localized(workshop, "title", language).text,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        city=localized(workshop, "city", language).text,
        country=workshop.country.code or "",
        office_name=localized(workshop.office, "name", language).text,
        sessions_attended=0,
        sessions_held=0,
        hours_attended=Decimal(0),
        signatory_name=workshop.signatory_name,
        signatory_title=workshop.signatory_title,
        partners=partners,
    )


def certificate_content(
    *,
    workshop_content: CertificateContent,
    registration: Registration,
    summary: AttendanceSummary,
    hours: Decimal,
) -> CertificateContent:
    """One person's certificate: the workshop's part (workshop_certificate_content) with their
    name and attendance."""
    return replace(
        workshop_content,
        holder_name=registration.participant.full_name,
        sessions_attended=summary.sessions_attended,
        sessions_held=summary.sessions_held,
        hours_attended=hours,
    )


def registration_eligibility(*, registration: Registration) -> EligibilityRow:
    return workshop_eligibility(
        workshop=registration.workshop,
        registrations=Registration.objects.filter(pk=registration.pk),
    )[0]


def certificate_by_code(*, code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "registration__workshop__office", "superseded_by", "revoked_by"
        )
        .filter(code=code)
        .first()
    )


def certificate_current_version(*, certificate: Certificate) -> Certificate:
    """Follow the chain of corrections to the newest certificate (a handful of steps)."""
    latest = certificate
    while latest.superseded_by_id is not None:
        latest = Certificate.objects.select_related("superseded_by").get(pk=latest.superseded_by_id)
    return latest


def current_certificate_for_token(*, token: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("registration__workshop")
        .current()
        .filter(registration__token=token)
        .first()
    )


def current_certificates(*, workshop: Workshop) -> QuerySet[Certificate]:
    return (
        Certificate.objects.current()
        .filter(registration__workshop=workshop)
        .select_related("registration__participant")
        .order_by("holder_name", "id")
    )


def latest_batch(*, workshop: Workshop) -> CertificateBatch | None:
    return workshop.certificate_batches.order_by("-created_at", "-id").first()


def certificates_to_issue(*, workshops: list[Workshop]) -> dict[int, int]:
    """Per workshop id: confirmed registrations eligible for a certificate (the workshop's rule
    or a staff override) that hold no current certificate. Three queries for any number of
    workshops."""
    by_id = {w.pk: w for w in workshops}
    now = timezone.now()
    held: dict[int, list[Session]] = {pk: [] for pk in by_id}
    for session in Session.objects.filter(
        workshop_id__in=by_id, is_cancelled=False, starts_at__lte=now
    ):
        held[session.workshop_id].append(session)
    current = Certificate.objects.current().filter(registration=OuterRef("pk"))
    registrations = list(
        Registration.objects.filter(workshop_id__in=by_id, status=Registration.Status.CONFIRMED)
        .exclude(Exists(current))
        .only("id", "workshop_id", "eligibility_override", "eligibility_override_reason")
    )
    attended: dict[int, set[int]] = {r.id: set() for r in registrations}
    # By the held sessions (a few dozen ids, the session index), not by the registrations
    # (thousands of ids: on 300,000 registrations that plan took 50 ms of the dashboard's
    # 14 queries); rows of people who hold a certificate already are skipped here.
    held_ids = [session.id for sessions in held.values() for session in sessions]
    for registration_id, session_id in Attendance.objects.filter(
        session_id__in=held_ids, status__in=Attendance.ATTENDED_STATUSES
    ).values_list("registration_id", "session_id"):
        if registration_id in attended:
            attended[registration_id].add(session_id)
    counts = dict.fromkeys(by_id, 0)
    unmet = certificate_conditions_unmet(registrations=registrations)
    for registration in registrations:
        sessions = held[registration.workshop_id]
        mine = attended[registration.id]
        summary = AttendanceSummary(
            sessions_held=len(sessions),
            sessions_attended=len(mine),
            missed_mandatory=tuple(
                s.title for s in sessions if s.is_mandatory and s.id not in mine
            ),
            rule_percent=by_id[registration.workshop_id].min_attendance_percent,
            override=registration.eligibility_override,
            override_reason=registration.eligibility_override_reason,
        )
        if summary.eligible and (summary.override is True or not unmet[registration.id]):
            counts[registration.workshop_id] += 1
    return counts


@dataclass(frozen=True)
class CertificateOverview:
    """A workshop's certificates for its staff page: who qualifies and why not, each one's
    certificate, and the latest batch."""

    rows: list[EligibilityRow]
    batch: CertificateBatch | None

    @property
    def eligible_count(self) -> int:
        return sum(1 for row in self.rows if row.eligible)

    @property
    def current_count(self) -> int:
        return sum(1 for row in self.rows if row.current)

    @property
    def name_changed(self) -> list[EligibilityRow]:
        return [row for row in self.rows if row.eligible and row.name_changed]

    @property
    def revoked_categories(self) -> list[tuple[str, str]]:
        return RevokedCategory.choices


def workshop_certificate_overview(*, workshop: Workshop) -> CertificateOverview:
    return CertificateOverview(
        rows=workshop_eligibility(workshop=workshop), batch=latest_batch(workshop=workshop)
    )


def registration_current_certificate(*, registration: Registration) -> Certificate | None:
    return registration.certificates.current().first()


@dataclass(frozen=True)
class BatchPlan:
    """A workshop's qualifying registrations, sorted by what issuing would do to them."""

    to_issue: list[EligibilityRow]
    unchanged: list[EligibilityRow]
    revoked: list[EligibilityRow]  # left alone: revoking stays until staff issue one by one
    not_eligible: list[EligibilityRow]
    # Left alone: the name differs from the current certificate's; staff confirm one by one.
    name_changed: list[EligibilityRow]


def batch_plan(*, workshop: Workshop) -> BatchPlan:
    """What issuing the workshop's certificates would do, person by person (a read: the
    batch, the dry run of the command and the staff page all ask it)."""
    rows = workshop_eligibility(workshop=workshop)
    plan = BatchPlan(to_issue=[], unchanged=[], revoked=[], not_eligible=[], name_changed=[])
    for row in rows:
        if not row.eligible:
            plan.not_eligible.append(row)
        elif row.up_to_date:
            plan.unchanged.append(row)
        elif row.current is None and row.latest_revoked is not None:
            plan.revoked.append(row)
        elif row.name_changed:
            plan.name_changed.append(row)
        else:
            plan.to_issue.append(row)
    return plan


def certificates_by_codes(*, codes: list[str]) -> dict[str, Certificate]:
    """The certificates with these (normalised) codes, by code, in one query."""
    found = Certificate.objects.select_related(
        "registration__workshop__office", "superseded_by", "revoked_by"
    ).filter(code__in=codes)
    return {certificate.code: certificate for certificate in found}

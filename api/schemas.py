"""The shapes the API publishes. Every answer is built through one of these, so what the OpenAPI
description says is what clients get."""

import datetime as dt
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field


class Problem(BaseModel):
    type: str = Field(description="A stable URI naming the kind of problem.")
    title: str
    status: int
    instance: str
    detail: str | None = None
    errors: list[dict] | None = Field(
        default=None, description="For validation problems: each with the field's `loc`."
    )


class Choice(BaseModel):
    code: str
    name: str


class Office(BaseModel):
    slug: str
    name: str
    region: Choice


class PartnerRef(BaseModel):
    slug: str
    name: str
    acronym: str
    role: Choice


class WorkshopSummary(BaseModel):
    slug: str
    title: str
    summary: str
    status: Choice
    format: Choice
    country: Choice
    city: str
    start_date: dt.date
    end_date: dt.date
    time_zone: str
    languages: list[Choice]
    office: Office
    partners: list[PartnerRef]
    url: str = Field(description="The public page.")


class WorkshopPage(BaseModel):
    items: list[WorkshopSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class SessionOut(BaseModel):
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    speakers: str
    description: str
    is_mandatory: bool
    is_cancelled: bool


class DocumentFileOut(BaseModel):
    language: Choice
    title: str
    content_type: str
    size: int
    sha256: str
    download_url: str


class DocumentOut(BaseModel):
    id: int
    title: str
    kind: Choice
    description: str
    year: int | None
    country: Choice | None
    workshop: str | None = Field(description="The workshop's slug, if any.")
    files: list[DocumentFileOut]


class WorkshopDetail(WorkshopSummary):
    description: str
    venue: str
    sessions: list[SessionOut]
    documents: list[DocumentOut]


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    next_cursor: str | None


class PartnerWorkshop(BaseModel):
    workshop: str
    title: str
    role: Choice


class PartnerOut(BaseModel):
    slug: str
    name: str
    acronym: str
    kind: Choice
    country: Choice | None
    website: str
    description: str
    workshops: list[PartnerWorkshop]


class PartnerList(BaseModel):
    items: list[PartnerOut]


class CountryList(BaseModel):
    items: list[Choice]


class Verification(BaseModel):
    code: str
    status: str = Field(description="valid, superseded, revoked or unknown.")
    holder_name: str | None = None
    workshop: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    issuing_office: str | None = None
    issued_at: dt.datetime | None = None
    pdf_sha256: str | None = None
    revoked_category: str | None = None
    current_code: str | None = None


class VerifyRequest(BaseModel):
    model_config = {"extra": "forbid"}
    codes: list[str] = Field(min_length=1, max_length=100)


class VerificationList(BaseModel):
    items: list[Verification]


class TokenOut(BaseModel):
    name: str
    office: str | None = Field(description="The office's slug; null for a headquarters token.")
    scopes: list[str]
    expires_at: dt.datetime | None
    read_only: bool = Field(description="Headquarters tokens read every office, change nothing.")


class RegistrationOut(BaseModel):
    id: int
    status: Choice
    participant_id: int
    full_name: str
    email: str
    organisation: str
    country: str
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class RegistrationList(BaseModel):
    items: list[RegistrationOut]


class RegistrationAction(BaseModel):
    model_config = {"extra": "forbid"}
    action: str = Field(pattern="^(approve|decline|cancel|promote)$")


class AttendanceOut(BaseModel):
    registration_id: int
    session_id: int
    session_title: str
    status: Choice
    method: Choice
    recorded_at: dt.datetime


class AttendanceList(BaseModel):
    items: list[AttendanceOut]


class ParticipantRegistration(BaseModel):
    id: int
    workshop: str
    status: Choice


class ParticipantOut(BaseModel):
    id: int
    full_name: str
    email: str
    organisation: str
    sector: str
    job_title: str
    country: str
    preferred_language: str
    registrations: list[ParticipantRegistration] = Field(
        description="Only registrations at workshops this token's office may see."
    )


class CertificateBatchOut(BaseModel):
    id: int
    workshop: str = Field(description="The workshop's slug.")
    status: Choice = Field(description="queued, running, done or failed.")
    total: int = Field(description="Certificates the batch looks at (known once it runs).")
    done_count: int = Field(description="Issued by this batch.")
    unchanged_count: int = Field(description="Already issued and up to date.")
    failed_count: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class AttendanceActionIn(BaseModel):
    model_config = {"extra": "forbid"}
    id: UUID = Field(description="The client's own id for the action: sending it again is a no-op.")
    kind: str = Field(pattern="^(check_in|undo)$", description="check_in or undo.")
    session: int = Field(description="The session's id.")
    occurred_at: AwareDatetime = Field(
        description="When it happened, with its UTC offset; a time in the future counts as now."
    )
    registration: int = Field(description="The registration's id.")


class AttendanceBatchIn(BaseModel):
    model_config = {"extra": "forbid"}
    actions: list[AttendanceActionIn] = Field(min_length=1, max_length=500)


class AttendanceActionResult(BaseModel):
    id: str
    outcome: str = Field(description="applied, duplicate, lost or refused.")
    message: str = Field(description="Why, for lost and refused actions.")
    registration: int | None
    present: bool | None = Field(description="Whether the person now counts as present.")
    original: str | None = Field(default=None, description="For a duplicate: what it was then.")


class AttendanceBatchResult(BaseModel):
    results: list[AttendanceActionResult]

"""Workshop models, split by concept: the catalogue (partners, pillars, audiences,
workshops, sessions) and the documents they produced.

Everything is re-exported here so `from workshops.models import ...` and the
migrations' references (`workshops.models.outcome_document_upload_to`,
`workshops.models.validate_time_zone`) keep working."""

from core.validators import validate_time_zone
from workshops.models.catalogue import (
    Audience,
    Partner,
    Pillar,
    Session,
    UNLanguage,
    Workshop,
    WorkshopPartner,
)
from workshops.models.documents import (
    NationalActivity,
    OutcomeDocument,
    OutcomeDocumentFile,
    outcome_document_upload_to,
    unguessable_upload_path,
)

__all__ = [
    "Audience",
    "NationalActivity",
    "OutcomeDocument",
    "OutcomeDocumentFile",
    "Partner",
    "Pillar",
    "Session",
    "UNLanguage",
    "Workshop",
    "WorkshopPartner",
    "outcome_document_upload_to",
    "unguessable_upload_path",
    "validate_time_zone",
]

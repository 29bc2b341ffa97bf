"""All mapped classes; importing this module registers every table on ``Base.metadata``."""

from app.db.models import supervision as supervision  # registers the county-supervision tables
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.models.attachments import Attachment
from app.db.models.audit import AuditEvent
from app.db.models.calendar import CalendarYear
from app.db.models.cases import Case
from app.db.models.certificates import CertificateRange, IssuedCertificate
from app.db.models.divisions import Division
from app.db.models.households import Household, Person
from app.db.models.meta import StoreMeta
from app.db.models.outbox import OutboxEntry
from app.db.models.records import FormRecord, FormSignOff
from app.db.models.sync import ConflictMirror, DeviceIdentity, RefDataset, ServerShadow, SyncBlob, SyncState
from app.db.models.users import User
from app.db.models.workflow import (
    CaseAssessment,
    CaseDeadline,
    CaseDecision,
    CaseTask,
    MissingMaterialItem,
    NearRelativeFiling,
)

__all__ = [
    "Attachment",
    "AuditEvent",
    "CalendarYear",
    "Case",
    "CaseAssessment",
    "CaseAssignment",
    "CaseDeadline",
    "CaseDecision",
    "CaseTask",
    "CertificateRange",
    "ConflictMirror",
    "DeviceIdentity",
    "Division",
    "FormRecord",
    "FormSignOff",
    "Household",
    "IssuedCertificate",
    "MissingMaterialItem",
    "NearRelativeFiling",
    "OutboxEntry",
    "Person",
    "RefDataset",
    "ScheduledVisit",
    "ServerShadow",
    "StoreMeta",
    "SyncBlob",
    "SyncState",
    "User",
]

"""The decision guard of the county data check (DOMAIN §8.5): every anomaly of a 核对报告 must be explained or fed into
the assessment before the township decides.

``app.services.workflow.apply_action`` calls :func:`unexplained_anomalies` before APPROVE and DENY. This module imports
only the models, so the workflow service can import it without a cycle.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models.supervision import DataCheckAnomaly, DataCheckReport

RESOLUTION_OPEN = "OPEN"
RESOLUTION_EXPLAINED = "EXPLAINED"
RESOLUTION_IN_ASSESSMENT = "IN_ASSESSMENT"
RESOLUTION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        RESOLUTION_OPEN: "待说明",
        RESOLUTION_EXPLAINED: "已说明",
        RESOLUTION_IN_ASSESSMENT: "已计入评估",
    }
)


@dataclass(frozen=True, slots=True)
class OpenAnomaly:
    anomaly_id: str
    report_no: str
    item: str
    description: str


def unexplained_anomalies(session: Session, case_id: uuid.UUID | str) -> tuple[OpenAnomaly, ...]:
    """Anomalies of the case's data-check reports that are neither explained nor fed into the assessment."""
    key = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(case_id)
    rows = session.execute(
        select(DataCheckAnomaly, DataCheckReport.report_no)
        .join(DataCheckReport, DataCheckReport.id == DataCheckAnomaly.report_id)
        .where(DataCheckAnomaly.case_id == key, DataCheckAnomaly.resolution == RESOLUTION_OPEN)
        .order_by(DataCheckReport.issued_on, DataCheckAnomaly.ordinal)
    ).all()
    return tuple(OpenAnomaly(str(a.id), no, a.item, a.description) for a, no in rows)


def anomaly_requirement(found: Sequence[OpenAnomaly]) -> str:
    """What must come first, for ``InvalidTransition(required=…)``."""
    items = "、".join(dict.fromkeys(a.item for a in found))
    return f"对县级核对报告中的 {len(found)} 项异常（{items}）逐项作出说明或计入家庭经济状况评估"

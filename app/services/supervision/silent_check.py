"""静默核对 (seed 三(三)2; DOMAIN §10.1 [A]): a periodic back-office comparison over current recipients that raises a
warning only when something changed.

For every household with a current case (APPROVED or ACTIVE) the run takes the household's *checked data* in parts —
the members (ID numbers, co-residence), the latest assessment, the approval decision, the latest county data-check
report, plus any parts an external feed supplies (e.g. data the county pulled from the monitoring platform) — and
hashes each part. It compares the fingerprint with the household's last stored one:

* no earlier fingerprint → a baseline is stored, no warning;
* the same fingerprint → nothing is written;
* a different one → the new fingerprint is stored and a warning (origin SILENT_CHECK) names the parts that changed,
  unless an earlier silent-check warning of that household is still open.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.audit import canonical_json
from app.db.models import Case, CaseAssessment, CaseDecision, Person
from app.db.models.supervision import (
    DataCheckAnomaly,
    DataCheckReport,
    MonitoringWarning,
    SilentCheckPrint,
    SilentCheckRun,
)
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.roles import Permission
from app.services.supervision.common import Recorder, loads_list, row_fields
from app.services.supervision.warnings import ORIGIN_SILENT_CHECK, STATUS_OPEN, file_warning
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleReader
from app.workflow.states import CaseState

CURRENT_STATES = (CaseState.APPROVED.value, CaseState.ACTIVE.value)
SOURCE_DEPT = "民政核对"
WARNING_TYPE = "静默核对数据变化"
PART_LABELS: Mapping[str, str] = {
    "members": "家庭成员及身份信息",
    "assessment": "家庭经济状况评估",
    "decision": "保障决定",
    "data_check": "县级核对结果",
}
EXTERNAL_PREFIX = "ext."

# An external feed: household id → extra parts (name → any JSON-able value) compared like the store's own.
ExternalSource = Callable[[uuid.UUID], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class ChangedHousehold:
    household_id: str
    case_id: str
    township_code: str
    changed_parts: tuple[str, ...]  # part labels
    warning_id: str | None  # None when an earlier silent-check warning is still open


@dataclass(frozen=True, slots=True)
class SilentCheckReport:
    run_id: str
    checked: int
    baselined: int
    unchanged: int
    changed: tuple[ChangedHousehold, ...]

    @property
    def warnings_raised(self) -> int:
        return sum(1 for c in self.changed if c.warning_id is not None)


def part_label(name: str) -> str:
    if name.startswith(EXTERNAL_PREFIX):
        return f"外部数据：{name[len(EXTERNAL_PREFIX) :]}"
    return PART_LABELS.get(name, name)


def household_check_data(session: Session, case: Case) -> dict[str, Any]:
    """The parts of a household's checked data, as JSON-able values (what the fingerprint is taken over)."""
    members = sorted(
        [p.id_number, p.name, p.relation, p.coresident, p.exclusion_reason or ""]
        for p in session.scalars(select(Person).where(Person.household_id == case.household_id))
    )
    assessment = session.scalars(
        select(CaseAssessment)
        .where(CaseAssessment.case_id == case.id)
        .order_by(CaseAssessment.assessed_on.desc(), CaseAssessment.created_at.desc())
        .limit(1)
    ).first()
    decision = session.scalars(
        select(CaseDecision)
        .where(CaseDecision.case_id == case.id, CaseDecision.result == "APPROVED")
        .order_by(CaseDecision.decided_on.desc(), CaseDecision.created_at.desc())
        .limit(1)
    ).first()
    report = session.scalars(
        select(DataCheckReport)
        .where(DataCheckReport.case_id == case.id)
        .order_by(DataCheckReport.issued_on.desc(), DataCheckReport.created_at.desc())
        .limit(1)
    ).first()
    check: list[Any] | None = None
    if report is not None:
        anomalies = sorted(
            [a.item, a.value_text, a.description]
            for a in session.scalars(select(DataCheckAnomaly).where(DataCheckAnomaly.report_id == report.id))
        )
        check = [report.report_no, report.conclusion, loads_list(report.items_json), anomalies]
    return {
        "members": members,
        "assessment": None
        if assessment is None
        else [
            assessment.classification,
            assessment.household_size,
            assessment.covered_persons,
            assessment.per_capita_income_fen,
            assessment.amount_fen,
            assessment.standard_fen,
        ],
        "decision": None
        if decision is None
        else [decision.amount_fen, decision.covered_persons, decision.start_month, decision.end_month],
        "data_check": check,
    }


def part_hashes(parts: Mapping[str, Any]) -> dict[str, str]:
    return {
        k: hashlib.sha256(canonical_json(v).encode("utf-8")).hexdigest() for k, v in sorted(parts.items())
    }


def fingerprint_of(hashes: Mapping[str, str]) -> str:
    return hashlib.sha256(canonical_json(dict(hashes)).encode("utf-8")).hexdigest()


def _last_prints(session: Session) -> dict[uuid.UUID, SilentCheckPrint]:
    last: dict[uuid.UUID, SilentCheckPrint] = {}
    for p in session.scalars(
        select(SilentCheckPrint).order_by(SilentCheckPrint.taken_on, SilentCheckPrint.created_at)
    ):
        last[p.household_id] = p
    return last


def run_silent_check(
    session: Session,
    actor: Actor,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    township_code: str | None = None,
    external: ExternalSource | None = None,
) -> SilentCheckReport:
    """One run over current recipients (county reviewer)."""
    actor.require(Permission.COUNTY_REVIEW)
    today = clock.today()
    stmt = select(Case).where(Case.state.in_(CURRENT_STATES))
    if township_code:
        stmt = stmt.where(Case.township_code == township_code)
    current: dict[uuid.UUID, Case] = {}
    for case in session.scalars(stmt.order_by(Case.created_at)):
        current[case.household_id] = case  # the latest current case of a household
    last = _last_prints(session)
    open_silent = set(
        session.scalars(
            select(MonitoringWarning.household_id).where(
                MonitoringWarning.origin == ORIGIN_SILENT_CHECK, MonitoringWarning.status == STATUS_OPEN
            )
        )
    )
    planned: list[tuple[Case, dict[str, str], str, tuple[str, ...] | None]] = []
    unchanged = 0
    for household_id, case in sorted(current.items(), key=lambda kv: str(kv[0])):
        parts = household_check_data(session, case)
        if external is not None:
            parts.update({f"{EXTERNAL_PREFIX}{k}": v for k, v in external(household_id).items()})
        hashes = part_hashes(parts)
        fingerprint = fingerprint_of(hashes)
        previous = last.get(household_id)
        if previous is None:
            planned.append((case, hashes, fingerprint, None))
        elif previous.fingerprint == fingerprint:
            unchanged += 1
        else:
            old: dict[str, str] = json.loads(previous.parts_json or "{}")
            diff = tuple(sorted(k for k in set(old) | set(hashes) if old.get(k) != hashes.get(k)))
            planned.append((case, hashes, fingerprint, diff))

    rec = Recorder(session, actor, clock)
    baselined = sum(1 for p in planned if p[3] is None)
    run = SilentCheckRun(
        id=uuid.uuid4(),
        run_on=today,
        run_by=actor.user_id,
        checked=len(current),
        baselined=baselined,
        changed=len(planned) - baselined,
        warnings_raised=0,
    )
    rec.create(run, "silent_check.started", {"checked": len(current)})
    changed: list[ChangedHousehold] = []
    for case, hashes, fingerprint, diff in planned:
        rec.create(
            SilentCheckPrint(
                id=uuid.uuid4(),
                household_id=case.household_id,
                run_id=run.id,
                taken_on=today,
                fingerprint=fingerprint,
                parts_json=canonical_json(hashes),
            ),
            "silent_check.fingerprint",
            {"household_id": str(case.household_id), "baseline": diff is None},
        )
        if diff is None:
            continue
        labels = tuple(part_label(k) for k in diff)
        warning_id: str | None = None
        if case.household_id not in open_silent:
            head = session.scalars(
                select(Person)
                .where(Person.household_id == case.household_id)
                .order_by(Person.is_head.desc(), Person.ordinal)
                .limit(1)
            ).first()
            warning = file_warning(
                session,
                rec,
                origin=ORIGIN_SILENT_CHECK,
                external_no=f"JM{today:%Y%m%d}-{case.household_id.hex[:8].upper()}",
                source_dept=SOURCE_DEPT,
                warning_type=WARNING_TYPE,
                pushed_on=today,
                subject_name=head.name if head else "",
                calendar=calendar,
                rules=rules,
                detail=f"与上次静默核对相比，以下数据发生变化：{'、'.join(labels)}。请入户核实并作出处置。",
                subject_id_number=head.id_number if head else "",
                household_id=case.household_id,
                person_id=head.id if head else None,
                township_code=case.township_code,
            )
            warning_id = str(warning.id)
        changed.append(
            ChangedHousehold(str(case.household_id), str(case.id), case.township_code, labels, warning_id)
        )
    before = row_fields(run)
    run.warnings_raised = sum(1 for c in changed if c.warning_id is not None)
    rec.patch(
        run, before, "silent_check.finished", {"changed": len(changed), "warnings": run.warnings_raised}
    )
    session.flush()
    return SilentCheckReport(str(run.id), len(current), baselined, unchanged, tuple(changed))

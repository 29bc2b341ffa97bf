"""主动发现 (seed 三(二); DOMAIN §10.2): the nine must-visit groups and the four teams as editable reference data,
screening campaigns with a cycle, the visit log, and a visit's referral into an application or a warning.

Reference data ships in ``resources/reference/proactive_discovery.json`` and is imported into the store
(:func:`import_discovery_reference`); the county then edits it (labels, a visit interval per group, deactivation).
The 主动发现走访记录 *form* lives in ``forms/``; a visit row may name the form record it was captured with.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.db.models import Case, Division, Household, Person
from app.db.models.supervision import DiscoveryRefItem, DiscoveryVisit, ScreeningCampaign
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.idnumber import mask_id_number, normalize_id_text
from app.domain.roles import Permission
from app.services import cases
from app.services.supervision.common import (
    TOWNSHIP_STAFF,
    Recorder,
    clean,
    dumps,
    get_row,
    loads_list,
    require_any,
    require_same_township,
    require_township,
    row_fields,
    rule_int,
    township_scope,
)
from app.services.supervision.warnings import ORIGIN_VISIT, file_warning
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleReader, YearMonth, add_months
from app.workflow.states import PRE_DECISION, STATE_LABELS, CaseState

REFERENCE_FILE = Path(__file__).resolve().parents[3] / "resources" / "reference" / "proactive_discovery.json"
REFERENCE_FORMAT = "dibao-proactive-discovery/1"
KIND_GROUP = "GROUP"
KIND_TEAM = "TEAM"
CYCLE_RULE = "discovery.default_cycle_months"

REFERRAL_NONE = "NONE"
REFERRAL_APPLICATION = "APPLICATION"
REFERRAL_WARNING = "WARNING"
REFERRAL_LABELS: Mapping[str, str] = MappingProxyType(
    {REFERRAL_NONE: "未转介", REFERRAL_APPLICATION: "转入低保申请", REFERRAL_WARNING: "转为预警"}
)
VISIT_SOURCE_DEPT = "主动发现"
_OPEN_CASE_STATES = frozenset(s.value for s in PRE_DECISION) | {
    CaseState.APPROVED.value,
    CaseState.ACTIVE.value,
}


# --------------------------------------------------------------------------------------------------- reference


@dataclass(frozen=True, slots=True)
class RefItem:
    kind: str
    code: str
    ordinal: int
    label: str
    visit_interval_days: int | None
    active: bool


@dataclass(frozen=True, slots=True)
class DiscoveryReference:
    groups: tuple[RefItem, ...]
    teams: tuple[RefItem, ...]
    source: str = ""

    def group_label(self, code: str) -> str:
        return next((g.label for g in self.groups if g.code == code), code)

    def team_label(self, code: str) -> str:
        return next((t.label for t in self.teams if t.code == code), code)


@dataclass(frozen=True, slots=True)
class ReferenceImportReport:
    added: int
    changed: int
    deactivated: int
    unchanged: int


def parse_reference(text: str) -> DiscoveryReference:
    """The reference file: ``{"format", "source", "groups": [{code, label, visit_interval_days}], "teams": […]}``."""
    try:
        raw = cast(dict[str, Any], json.loads(text))
    except json.JSONDecodeError as exc:
        raise ValidationError(f"主动发现基础数据不是有效的 JSON（第{exc.lineno}行：{exc.msg}）") from None
    if raw.get("format") != REFERENCE_FORMAT:
        raise ValidationError(f"主动发现基础数据文件的格式标记应为 {REFERENCE_FORMAT}")
    out: dict[str, list[RefItem]] = {KIND_GROUP: [], KIND_TEAM: []}
    for kind, key in ((KIND_GROUP, "groups"), (KIND_TEAM, "teams")):
        entries = raw.get(key)
        if not isinstance(entries, list) or not entries:
            raise ValidationError(f"主动发现基础数据缺少 {key} 列表")
        seen: set[str] = set()
        for n, entry in enumerate(cast(list[Any], entries), start=1):
            if not isinstance(entry, dict):
                raise ValidationError(f"{key} 第 {n} 项应为对象")
            item = cast(dict[str, Any], entry)
            code, label = str(item.get("code", "")).strip(), str(item.get("label", "")).strip()
            if not code or not label or len(code) > 16:
                raise ValidationError(f"{key} 第 {n} 项缺少代码或名称（代码不超过16个字符）")
            if code in seen:
                raise ValidationError(f"{key} 中代码 {code} 重复")
            seen.add(code)
            interval = item.get("visit_interval_days")
            if interval is not None and (
                isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0
            ):
                raise ValidationError(f"{key} 中 {code} 的走访间隔天数应为正整数或 null")
            out[kind].append(RefItem(kind, code, n, label[:200], interval, True))
    return DiscoveryReference(tuple(out[KIND_GROUP]), tuple(out[KIND_TEAM]), str(raw.get("source", "")))


def bundled_reference_text() -> str:
    return REFERENCE_FILE.read_text(encoding="utf-8")


def import_discovery_reference(
    session: Session, actor: Actor, text: str, *, clock: Clock
) -> ReferenceImportReport:
    """Upsert the groups and teams of ``text``; items the file no longer lists are deactivated, never deleted
    (old visits keep their codes)."""
    require_any(actor, Permission.COUNTY_REVIEW, Permission.MANAGE_REFERENCE)
    parsed = parse_reference(text)
    source = parsed.source[:200]
    existing = {(r.kind, r.code): r for r in session.scalars(select(DiscoveryRefItem))}
    rec = Recorder(session, actor, clock)
    added = changed = unchanged = 0
    wanted: set[tuple[str, str]] = set()
    for item in (*parsed.groups, *parsed.teams):
        wanted.add((item.kind, item.code))
        row = existing.get((item.kind, item.code))
        if row is None:
            rec.create(
                DiscoveryRefItem(
                    id=uuid.uuid4(),
                    kind=item.kind,
                    code=item.code,
                    ordinal=item.ordinal,
                    label=item.label,
                    visit_interval_days=item.visit_interval_days,
                    active=True,
                    source=source,
                ),
                "discovery.reference_added",
                {"kind": item.kind, "code": item.code},
            )
            added += 1
            continue
        before = row_fields(row)
        row.ordinal, row.label, row.active, row.source = item.ordinal, item.label, True, source
        row.visit_interval_days = item.visit_interval_days
        if rec.patch(row, before, "discovery.reference_changed", {"kind": item.kind, "code": item.code}):
            changed += 1
        else:
            unchanged += 1
    deactivated = 0
    for key, row in existing.items():
        if key not in wanted and row.active:
            before = row_fields(row)
            row.active = False
            rec.patch(row, before, "discovery.reference_deactivated", {"kind": row.kind, "code": row.code})
            deactivated += 1
    session.flush()
    return ReferenceImportReport(added, changed, deactivated, unchanged)


def edit_reference_item(
    session: Session,
    actor: Actor,
    kind: str,
    code: str,
    *,
    clock: Clock,
    label: str | None = None,
    visit_interval_days: int | None = None,
    clear_interval: bool = False,
    active: bool | None = None,
) -> RefItem:
    """The county edits one group or team (label, visit interval, active)."""
    require_any(actor, Permission.COUNTY_REVIEW, Permission.MANAGE_REFERENCE)
    row = session.scalar(
        select(DiscoveryRefItem).where(DiscoveryRefItem.kind == kind, DiscoveryRefItem.code == code)
    )
    if row is None:
        raise ValidationError(f"没有代码为 {code} 的{'人群' if kind == KIND_GROUP else '队伍'}。")
    before = row_fields(row)
    if label is not None:
        if not label.strip():
            raise ValidationError("名称不能为空。")
        row.label = label.strip()[:200]
    if clear_interval:
        row.visit_interval_days = None
    elif visit_interval_days is not None:
        if visit_interval_days <= 0:
            raise ValidationError("走访间隔天数应为正整数。")
        row.visit_interval_days = visit_interval_days
    if active is not None:
        row.active = active
    Recorder(session, actor, clock).patch(
        row, before, "discovery.reference_changed", {"kind": kind, "code": code}
    )
    session.flush()
    return _ref_item(row)


def _ref_item(r: DiscoveryRefItem) -> RefItem:
    return RefItem(r.kind, r.code, r.ordinal, r.label, r.visit_interval_days, r.active)


def discovery_reference(session: Session, *, include_inactive: bool = False) -> DiscoveryReference:
    rows = [
        _ref_item(r)
        for r in session.scalars(
            select(DiscoveryRefItem).order_by(DiscoveryRefItem.kind, DiscoveryRefItem.ordinal)
        )
        if include_inactive or r.active
    ]
    return DiscoveryReference(
        tuple(r for r in rows if r.kind == KIND_GROUP), tuple(r for r in rows if r.kind == KIND_TEAM)
    )


# --------------------------------------------------------------------------------------------------- campaigns


@dataclass(frozen=True, slots=True)
class CampaignRow:
    id: str
    name: str
    township_code: str | None
    starts_on: date
    ends_on: date | None
    cycle_months: int
    group_codes: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class CampaignRound:
    number: int  # 1-based
    starts_on: date
    ends_on: date  # inclusive


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    campaign: CampaignRow
    round: CampaignRound | None  # None before the start or after the end
    visits: int
    households: int
    by_group: tuple[tuple[str, str, int], ...]  # (code, label, visits)
    by_team: tuple[tuple[str, str, int], ...]
    referrals: int


def campaign_round(
    starts_on: date, cycle_months: int, on: date, ends_on: date | None = None
) -> CampaignRound | None:
    """The screening round that contains ``on``: round k covers [start + k·cycle, start + (k+1)·cycle)."""
    if cycle_months <= 0:
        raise ValidationError("摸排周期（月）应为正整数。")
    if on < starts_on or (ends_on is not None and on > ends_on):
        return None
    k = max(0, YearMonth.of(starts_on).months_until(YearMonth.of(on)) // cycle_months)
    while add_months(starts_on, k * cycle_months) > on:
        k -= 1
    while add_months(starts_on, (k + 1) * cycle_months) <= on:
        k += 1
    first = add_months(starts_on, k * cycle_months)
    last = date.fromordinal(add_months(starts_on, (k + 1) * cycle_months).toordinal() - 1)
    if ends_on is not None:
        last = min(last, ends_on)
    return CampaignRound(k + 1, first, last)


def _campaign_row(c: ScreeningCampaign) -> CampaignRow:
    return CampaignRow(
        str(c.id),
        c.name,
        c.township_code,
        c.starts_on,
        c.ends_on,
        c.cycle_months,
        tuple(loads_list(c.group_codes_json)),
        c.note,
    )


def _check_codes(reference: DiscoveryReference, groups: Sequence[str]) -> tuple[str, ...]:
    active = {g.code for g in reference.groups}
    if not active:
        raise ValidationError("尚未导入主动发现基础数据，请先运行 dibao discovery import-reference。")
    chosen = tuple(dict.fromkeys(g.strip().upper() for g in groups if g.strip()))
    unknown = [g for g in chosen if g not in active]
    if unknown:
        raise ValidationError(
            f"人群代码 {'、'.join(unknown)} 不存在或已停用，可用：{'、'.join(sorted(active))}"
        )
    return chosen


def create_campaign(
    session: Session,
    actor: Actor,
    *,
    name: str,
    starts_on: date,
    clock: Clock,
    rules: RuleReader,
    cycle_months: int | None = None,
    group_codes: Sequence[str] = (),
    township_code: str | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> CampaignRow:
    """A county screening; the cycle defaults to the rule ``discovery.default_cycle_months``; no groups = all."""
    actor.require(Permission.COUNTY_REVIEW)
    if not name.strip():
        raise ValidationError("请填写摸排名称。")
    cycle = cycle_months if cycle_months is not None else rule_int(rules, CYCLE_RULE, starts_on, "MONTHS")[0]
    if cycle <= 0:
        raise ValidationError("摸排周期（月）应为正整数。")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("结束日期不能早于开始日期。")
    if township_code:
        require_township(session, township_code)
    reference = discovery_reference(session)
    codes = _check_codes(reference, group_codes) if group_codes else tuple(g.code for g in reference.groups)
    if not codes:
        raise ValidationError("尚未导入主动发现基础数据，请先运行 dibao discovery import-reference。")
    campaign = ScreeningCampaign(
        id=uuid.uuid4(),
        name=name.strip()[:100],
        township_code=township_code or None,
        starts_on=starts_on,
        ends_on=ends_on,
        cycle_months=cycle,
        group_codes_json=dumps(list(codes)),
        note=clean(note, 1000),
        created_by=actor.user_id,
    )
    Recorder(session, actor, clock).create(
        campaign, "discovery.campaign_created", {"name": campaign.name, "cycle_months": cycle}
    )
    session.flush()
    return _campaign_row(campaign)


def list_campaigns(session: Session, actor: Actor) -> tuple[CampaignRow, ...]:
    actor.require(Permission.VIEW_CASES)
    return tuple(
        _campaign_row(c)
        for c in session.scalars(select(ScreeningCampaign).order_by(ScreeningCampaign.starts_on))
    )


def campaign_progress(session: Session, actor: Actor, campaign_id: str, *, today: date) -> CampaignProgress:
    """Visits logged for the campaign in the round that contains ``today``, by group and by team."""
    actor.require(Permission.VIEW_CASES)
    campaign = get_row(session, ScreeningCampaign, campaign_id, "摸排")
    current = campaign_round(campaign.starts_on, campaign.cycle_months, today, campaign.ends_on)
    reference = discovery_reference(session, include_inactive=True)
    visits: list[DiscoveryVisit] = []
    if current is not None:
        stmt = select(DiscoveryVisit).where(
            DiscoveryVisit.campaign_id == campaign.id,
            DiscoveryVisit.visited_on >= current.starts_on,
            DiscoveryVisit.visited_on <= current.ends_on,
        )
        scope = township_scope(session, actor, None)
        if scope:
            stmt = stmt.where(DiscoveryVisit.township_code == scope)
        visits = list(session.scalars(stmt))
    groups: dict[str, int] = {}
    teams: dict[str, int] = {}
    for v in visits:
        for g in loads_list(v.group_codes_json):
            groups[g] = groups.get(g, 0) + 1
        teams[v.team_code] = teams.get(v.team_code, 0) + 1
    households = {v.household_id or v.household_label for v in visits}
    return CampaignProgress(
        campaign=_campaign_row(campaign),
        round=current,
        visits=len(visits),
        households=len(households),
        by_group=tuple((g, reference.group_label(g), n) for g, n in sorted(groups.items())),
        by_team=tuple((t, reference.team_label(t), n) for t, n in sorted(teams.items())),
        referrals=sum(1 for v in visits if v.referral != REFERRAL_NONE),
    )


# --------------------------------------------------------------------------------------------------- visits


@dataclass(frozen=True, slots=True)
class VisitInput:
    visited_on: date
    visitor_name: str
    team_code: str
    group_codes: tuple[str, ...]
    findings: str
    township_code: str
    household_id: str | None = None
    household_label: str = ""  # for a family not (yet) registered: name and village, no house number needed
    village_code: str | None = None
    visitor_user_id: str | None = None
    campaign_id: str | None = None
    form_record_id: str | None = None


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    visited_on: date
    visitor_name: str
    team_code: str
    team_label: str
    household_id: str | None
    household_label: str
    township_code: str
    village_code: str | None
    group_codes: tuple[str, ...]
    group_labels: tuple[str, ...]
    findings: str
    referral: str
    referral_label: str
    referral_case_id: str | None
    referral_warning_id: str | None
    campaign_id: str | None


def _visit_row(v: DiscoveryVisit, reference: DiscoveryReference) -> VisitRow:
    codes = tuple(loads_list(v.group_codes_json))
    return VisitRow(
        id=str(v.id),
        visited_on=v.visited_on,
        visitor_name=v.visitor_name,
        team_code=v.team_code,
        team_label=reference.team_label(v.team_code),
        household_id=str(v.household_id) if v.household_id else None,
        household_label=v.household_label,
        township_code=v.township_code,
        village_code=v.village_code,
        group_codes=codes,
        group_labels=tuple(reference.group_label(c) for c in codes),
        findings=v.findings,
        referral=v.referral,
        referral_label=REFERRAL_LABELS.get(v.referral, v.referral),
        referral_case_id=str(v.referral_case_id) if v.referral_case_id else None,
        referral_warning_id=str(v.referral_warning_id) if v.referral_warning_id else None,
        campaign_id=str(v.campaign_id) if v.campaign_id else None,
    )


def _household_label(session: Session, household_id: uuid.UUID) -> str:
    head = session.scalars(
        select(Person)
        .where(Person.household_id == household_id)
        .order_by(Person.is_head.desc(), Person.ordinal)
    ).first()
    return head.name if head else ""


def record_visit(session: Session, actor: Actor, data: VisitInput, *, clock: Clock) -> VisitRow:
    """Log one visit of the four teams (township staff record it, whoever of the teams made it)."""
    require_any(actor, *TOWNSHIP_STAFF)
    require_same_township(session, actor, data.township_code)
    problems: list[str] = []
    reference = discovery_reference(session)
    if data.visited_on > clock.today():
        problems.append("走访日期不能晚于今天")
    if not data.visitor_name.strip():
        problems.append("请填写走访人")
    if data.team_code not in {t.code for t in reference.teams}:
        allowed = "、".join(f"{t.code}={t.label}" for t in reference.teams) or "（尚未导入基础数据）"
        problems.append(f"队伍代码“{data.team_code}”无效，可用：{allowed}")
    codes: tuple[str, ...] = ()
    if not data.group_codes:
        problems.append("请至少选择一类走访人群")
    else:
        try:
            codes = _check_codes(reference, data.group_codes)
        except ValidationError as exc:
            problems.append(exc.message)
    if not data.findings.strip():
        problems.append("请填写走访发现的情况")
    household_id: uuid.UUID | None = None
    label = data.household_label.strip()
    if data.household_id:
        household = get_row(session, Household, data.household_id, "家庭")
        household_id = household.id
        label = label or _household_label(session, household.id)
    elif not label:
        problems.append("请选择已登记的家庭，或填写被走访家庭（户主姓名和村组）")
    town = session.get(Division, data.township_code)
    if town is None or town.level != "township":
        problems.append(f"乡镇/街道代码 {data.township_code} 不存在")
    if data.village_code:
        village = session.get(Division, data.village_code)
        if village is None or village.level != "village" or village.parent_code != data.township_code:
            problems.append(f"村/社区代码 {data.village_code} 不属于该乡镇（街道）")
    campaign_id: uuid.UUID | None = None
    if data.campaign_id:
        campaign = get_row(session, ScreeningCampaign, data.campaign_id, "摸排")
        campaign_id = campaign.id
        if campaign.township_code and campaign.township_code != data.township_code:
            problems.append("该摸排不在本乡镇（街道）开展")
    if problems:
        raise ValidationError("走访记录不能保存：\n" + "\n".join(problems))
    visit = DiscoveryVisit(
        id=uuid.uuid4(),
        visited_on=data.visited_on,
        visitor_name=data.visitor_name.strip()[:64],
        visitor_user_id=data.visitor_user_id,
        team_code=data.team_code,
        household_id=household_id,
        household_label=label[:200],
        township_code=data.township_code,
        village_code=data.village_code,
        group_codes_json=dumps(list(codes)),
        findings=clean(data.findings, 2000),
        referral=REFERRAL_NONE,
        campaign_id=campaign_id,
        form_record_id=data.form_record_id,
        recorded_by=actor.user_id,
    )
    Recorder(session, actor, clock).create(
        visit,
        "discovery.visit_logged",
        {"township_code": data.township_code, "team": data.team_code, "groups": list(codes)},
    )
    session.flush()
    return _visit_row(visit, reference)


def list_visits(
    session: Session,
    actor: Actor,
    *,
    township_code: str | None = None,
    since: date | None = None,
    until: date | None = None,
    campaign_id: str | None = None,
) -> tuple[VisitRow, ...]:
    actor.require(Permission.VIEW_CASES)
    scope = township_scope(session, actor, township_code)
    stmt = select(DiscoveryVisit)
    if scope:
        stmt = stmt.where(DiscoveryVisit.township_code == scope)
    if since:
        stmt = stmt.where(DiscoveryVisit.visited_on >= since)
    if until:
        stmt = stmt.where(DiscoveryVisit.visited_on <= until)
    if campaign_id:
        stmt = stmt.where(
            DiscoveryVisit.campaign_id == get_row(session, ScreeningCampaign, campaign_id, "摸排").id
        )
    reference = discovery_reference(session, include_inactive=True)
    return tuple(
        _visit_row(v, reference)
        for v in session.scalars(stmt.order_by(DiscoveryVisit.visited_on.desc(), DiscoveryVisit.created_at))
    )


def _referable(session: Session, actor: Actor, visit_id: str) -> DiscoveryVisit:
    visit = get_row(session, DiscoveryVisit, visit_id, "走访记录")
    require_same_township(session, actor, visit.township_code)
    if visit.referral != REFERRAL_NONE:
        raise ValidationError(f"该走访记录已经{REFERRAL_LABELS[visit.referral]}。")
    return visit


def refer_to_application(
    session: Session, actor: Actor, visit_id: str, *, clock: Clock, channel: str = "PROXY"
) -> VisitRow:
    """The visit found a family that may qualify: open a new application for the registered household
    (``cases.open_case``; 代为申请 by default, L1 Art. 5). The family still signs the application and authorisation."""
    actor.require(Permission.ACCEPT_APPLICATION)
    visit = _referable(session, actor, visit_id)
    if visit.household_id is None:
        raise ValidationError("被走访家庭尚未登记，请先登记家庭成员，再转入低保申请。")
    busy = session.scalar(
        select(Case.id)
        .where(Case.household_id == visit.household_id, Case.state.in_(_OPEN_CASE_STATES))
        .limit(1)
    )
    if busy is not None:
        raise ValidationError(f"该家庭已有在办或在保的案件（{busy}），不能重复申请。")
    ref = cases.open_case(
        session,
        actor,
        household_id=str(visit.household_id),
        township_code=visit.township_code,
        channel=channel,
        clock=clock,
    )
    before = row_fields(visit)
    visit.referral = REFERRAL_APPLICATION
    visit.referral_case_id = uuid.UUID(ref.id)
    Recorder(session, actor, clock).patch(
        visit, before, "discovery.referred", {"to": "application", "case_id": ref.id}
    )
    session.flush()
    return _visit_row(visit, discovery_reference(session, include_inactive=True))


def refer_to_warning(
    session: Session,
    actor: Actor,
    visit_id: str,
    *,
    warning_type: str,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    detail: str = "",
) -> VisitRow:
    """The visit found a risk for a household already helped (or to watch): file a warning for home verification."""
    require_any(actor, *TOWNSHIP_STAFF)
    visit = _referable(session, actor, visit_id)
    if not warning_type.strip():
        raise ValidationError("请填写预警类型（如 收入减少、重病、灾害）。")
    head = None
    if visit.household_id is not None:
        head = session.scalars(
            select(Person)
            .where(Person.household_id == visit.household_id)
            .order_by(Person.is_head.desc(), Person.ordinal)
        ).first()
    rec = Recorder(session, actor, clock)
    today = clock.today()
    warning = file_warning(
        session,
        rec,
        origin=ORIGIN_VISIT,
        external_no=f"FX{today:%Y%m%d}-{visit.id.hex[:8].upper()}",
        source_dept=VISIT_SOURCE_DEPT,
        warning_type=warning_type.strip(),
        pushed_on=today,
        subject_name=head.name if head else visit.household_label[:64],
        calendar=calendar,
        rules=rules,
        detail=clean(detail, 2000) or visit.findings,
        subject_id_number=head.id_number if head else "",
        household_id=visit.household_id,
        person_id=head.id if head else None,
        township_code=visit.township_code,
    )
    before = row_fields(visit)
    visit.referral = REFERRAL_WARNING
    visit.referral_warning_id = warning.id
    rec.patch(visit, before, "discovery.referred", {"to": "warning", "warning_id": str(warning.id)})
    session.flush()
    return _visit_row(visit, discovery_reference(session, include_inactive=True))


@dataclass(frozen=True, slots=True)
class HouseholdChoice:
    """A registered household a visit can name: its head, village and the case it has, if any."""

    household_id: str
    head_name: str
    head_id_masked: str
    township_code: str
    village_code: str
    village_name: str
    open_case_id: str | None  # a case still being handled or paid: no new application while it lasts
    latest_case_label: str  # the state of its most recent case, "" if it never applied


def find_households(
    session: Session, actor: Actor, text: str, *, limit: int = 20
) -> tuple[HouseholdChoice, ...]:
    """Registered households of the actor's township with a member named ``text`` (a prefix) or whose ID number is
    ``text`` or ends with it (the last 4 digits). Nothing typed finds nothing."""
    actor.require(Permission.VIEW_CASES)
    typed = text.strip()
    if not typed:
        return ()
    as_id = normalize_id_text(typed)
    if as_id and set(as_id) <= set("0123456789X"):
        if len(as_id) == 4:
            cond = Person.id_last4 == as_id
        elif len(as_id) >= 15:
            cond = Person.id_number == as_id
        else:
            cond = Person.id_number.endswith(as_id, autoescape=True)
    else:
        cond = and_(Person.name >= typed, Person.name < typed + "\U0010ffff")
    stmt = (
        select(Household.id, Division.code, Division.name, Division.parent_code)
        .join(Division, Division.code == Household.area_code)
        .where(Household.id.in_(select(Person.household_id).where(cond)))
    )
    scope = township_scope(session, actor, None)
    if scope:
        stmt = stmt.where(Division.parent_code == scope)
    found = list(session.execute(stmt.order_by(Household.created_at.desc()).limit(limit)))
    out: list[HouseholdChoice] = []
    for household_id, village_code, village_name, township_code in found:
        head = session.scalars(
            select(Person)
            .where(Person.household_id == household_id)
            .order_by(Person.is_head.desc(), Person.ordinal)
        ).first()
        states = list(
            session.execute(
                select(Case.id, Case.state)
                .where(Case.household_id == household_id)
                .order_by(Case.created_at.desc())
            )
        )
        open_case = next((str(cid) for cid, state in states if state in _OPEN_CASE_STATES), None)
        out.append(
            HouseholdChoice(
                household_id=str(household_id),
                head_name=head.name if head else "",
                head_id_masked=mask_id_number(head.id_number) if head and head.id_number else "",
                township_code=township_code or "",
                village_code=village_code,
                village_name=village_name,
                open_case_id=open_case,
                latest_case_label=STATE_LABELS[CaseState(states[0][1])] if states else "",
            )
        )
    return tuple(out)


def reference_labels(reference: DiscoveryReference) -> Mapping[str, str]:
    return MappingProxyType(
        {**{g.code: g.label for g in reference.groups}, **{t.code: t.label for t in reference.teams}}
    )

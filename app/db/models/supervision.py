"""County supervision as rows (Issue 8; DOMAIN §7, §8.5, §8.13–§8.14, §10): data-check requests and reports with
their anomalies, monitoring warnings (预警) and their import batches, silent-check fingerprints, proactive-discovery
reference data, screening campaigns and visits, spot-check draws and checks, and real-name reports.

Every table is a ``SyncedMixin`` table: rows are created and changed only through ``record_change`` so they travel to
the county like the case rows. Codes (statuses, dispositions, kinds) are stored as the strings of
``app.services.supervision``; JSON lists live in ``*_json`` text columns.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin

# --------------------------------------------------------------------------------------------------- data checks


class DataCheckRequest(SyncedMixin, Base):
    """信息核对申请: the township asks the (registration) county to cross-check; due within the rule's working days."""

    __tablename__ = "data_check_requests"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    # The county civil-affairs bureau that must do the check: the registration county for 人户分离 families.
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    renhu_fenli: Mapped[bool] = mapped_column(default=False)
    requested_on: Mapped[date] = mapped_column()
    requested_by: Mapped[str] = mapped_column(String(36))
    due_on: Mapped[date] = mapped_column()
    provisional: Mapped[bool] = mapped_column(default=False)
    rule_version: Mapped[str] = mapped_column(String(100))
    calendar_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="OPEN")  # OPEN | REPORTED
    reported_on: Mapped[date | None] = mapped_column(default=None)


class DataCheckReport(SyncedMixin, Base):
    """核对报告 (DOMAIN §8.5) as the county reviewer records it; the scan is an Attachment of the case."""

    __tablename__ = "data_check_reports"

    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("data_check_requests.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    report_no: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column()
    received_on: Mapped[date] = mapped_column()
    items_json: Mapped[str] = mapped_column(Text, default="[]")
    conclusion: Mapped[str] = mapped_column(String(16))  # PASS | FAIL | UNCLEAR
    conclusion_text: Mapped[str] = mapped_column(String(2000), default="")
    scan_attachment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("attachments.id"), default=None)
    recorded_by: Mapped[str] = mapped_column(String(36))


class DataCheckAnomaly(SyncedMixin, Base):
    """One 预警/异常 item of a report; it must be explained or fed into the assessment before the decision."""

    __tablename__ = "data_check_anomalies"

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("data_check_reports.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    ordinal: Mapped[int] = mapped_column()
    item: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(400))
    value_text: Mapped[str] = mapped_column(String(200), default="")
    resolution: Mapped[str] = mapped_column(String(16), default="OPEN")  # OPEN | EXPLAINED | IN_ASSESSMENT
    resolution_note: Mapped[str] = mapped_column(String(1000), default="")
    resolved_on: Mapped[date | None] = mapped_column(default=None)
    resolved_by: Mapped[str | None] = mapped_column(String(36), default=None)


# --------------------------------------------------------------------------------------------------- warnings


class MonitoringWarning(SyncedMixin, Base):
    """预警单 (DOMAIN §10.1, §8.14): pushed by the monitoring platform, raised by a silent check or by a visit."""

    __tablename__ = "monitoring_warnings"
    __table_args__ = (Index("ix_monitoring_warnings_status_due_on", "status", "due_on"),)

    external_no: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str] = mapped_column(String(16))  # IMPORT | SILENT_CHECK | VISIT
    batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("warning_import_batches.id"), default=None)
    source_dept: Mapped[str] = mapped_column(String(32))
    warning_type: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(2000), default="")
    pushed_on: Mapped[date] = mapped_column()
    subject_name: Mapped[str] = mapped_column(String(64))
    subject_id_number: Mapped[str] = mapped_column(String(24), default="")
    subject_id_last4: Mapped[str] = mapped_column(String(4), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("households.id"), default=None, index=True
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"), default=None)
    dedupe_key: Mapped[str] = mapped_column(String(64), index=True)
    township_code: Mapped[str | None] = mapped_column(String(12), default=None, index=True)
    assigned_to: Mapped[str | None] = mapped_column(String(36), default=None)
    assigned_to_name: Mapped[str] = mapped_column(String(64), default="")
    assigned_on: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date] = mapped_column()
    provisional: Mapped[bool] = mapped_column(default=False)
    rule_version: Mapped[str] = mapped_column(String(100))
    calendar_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="OPEN")  # OPEN | VERIFIED | CLOSED
    home_visited_on: Mapped[date | None] = mapped_column(default=None)
    verification_method: Mapped[str] = mapped_column(String(32), default="")
    findings: Mapped[str] = mapped_column(String(2000), default="")
    disposition: Mapped[str | None] = mapped_column(String(16), default=None)
    disposition_note: Mapped[str] = mapped_column(String(1000), default="")
    verified_by: Mapped[str | None] = mapped_column(String(36), default=None)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    closed_by: Mapped[str | None] = mapped_column(String(36), default=None)
    data_view_status: Mapped[str | None] = mapped_column(String(16), default=None)  # REQUESTED | ANSWERED
    data_view_requested_on: Mapped[date | None] = mapped_column(default=None)
    data_view_reason: Mapped[str] = mapped_column(String(1000), default="")
    data_view_answer: Mapped[str] = mapped_column(String(2000), default="")
    data_view_answered_on: Mapped[date | None] = mapped_column(default=None)


class WarningImportBatch(SyncedMixin, Base):
    """One imported export file: what came in, what was refused and why (row numbers, no full ID numbers)."""

    __tablename__ = "warning_import_batches"

    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_on: Mapped[date] = mapped_column()
    imported_by: Mapped[str] = mapped_column(String(36))
    rows_total: Mapped[int] = mapped_column()
    rows_imported: Mapped[int] = mapped_column()
    rows_rejected: Mapped[int] = mapped_column()
    unknown_columns_json: Mapped[str] = mapped_column(Text, default="[]")
    report_json: Mapped[str] = mapped_column(Text, default="[]")


class SilentCheckRun(SyncedMixin, Base):
    """One periodic 静默核对 run over current recipients."""

    __tablename__ = "silent_check_runs"

    run_on: Mapped[date] = mapped_column()
    run_by: Mapped[str] = mapped_column(String(36))
    checked: Mapped[int] = mapped_column()
    baselined: Mapped[int] = mapped_column()
    changed: Mapped[int] = mapped_column()
    warnings_raised: Mapped[int] = mapped_column()


class SilentCheckPrint(SyncedMixin, Base):
    """The fingerprint of a household's checked data when it was first seen or last changed."""

    __tablename__ = "silent_check_prints"

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("silent_check_runs.id"), index=True)
    taken_on: Mapped[date] = mapped_column()
    fingerprint: Mapped[str] = mapped_column(String(64))
    parts_json: Mapped[str] = mapped_column(Text, default="{}")  # part name → sha256 of that part


# --------------------------------------------------------------------------------------------------- discovery


class DiscoveryRefItem(SyncedMixin, Base):
    """Editable reference data: the nine must-visit groups (GROUP) and the four teams (TEAM), DOMAIN §10.2."""

    __tablename__ = "discovery_ref_items"
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_discovery_ref_items_kind_code"),)

    kind: Mapped[str] = mapped_column(String(8))  # GROUP | TEAM
    code: Mapped[str] = mapped_column(String(16))
    ordinal: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))
    visit_interval_days: Mapped[int | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(String(200), default="")


class ScreeningCampaign(SyncedMixin, Base):
    """常态化摸底排查: a county screening with a cycle; each cycle is one round of visits."""

    __tablename__ = "screening_campaigns"

    name: Mapped[str] = mapped_column(String(100))
    township_code: Mapped[str | None] = mapped_column(String(12), default=None)  # None: every township
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column(default=None)
    cycle_months: Mapped[int] = mapped_column()
    group_codes_json: Mapped[str] = mapped_column(String(400), default="[]")
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_by: Mapped[str] = mapped_column(String(36))


class DiscoveryVisit(SyncedMixin, Base):
    """主动发现走访记录 (DOMAIN §10.2): date, visitor, team, household, groups, findings, referral."""

    __tablename__ = "discovery_visits"

    visited_on: Mapped[date] = mapped_column(index=True)
    visitor_name: Mapped[str] = mapped_column(String(64))
    visitor_user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    team_code: Mapped[str] = mapped_column(String(16))
    household_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("households.id"), default=None, index=True
    )
    household_label: Mapped[str] = mapped_column(String(200), default="")
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    village_code: Mapped[str | None] = mapped_column(String(12), default=None)
    group_codes_json: Mapped[str] = mapped_column(String(400), default="[]")
    findings: Mapped[str] = mapped_column(String(2000))
    referral: Mapped[str] = mapped_column(String(16), default="NONE")  # NONE | APPLICATION | WARNING
    referral_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), default=None)
    referral_warning_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("monitoring_warnings.id"), default=None
    )
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("screening_campaigns.id"), default=None)
    form_record_id: Mapped[str | None] = mapped_column(String(36), default=None)
    recorded_by: Mapped[str] = mapped_column(String(36))


# --------------------------------------------------------------------------------------------------- spot checks


class SpotCheckDraw(SyncedMixin, Base):
    """One random draw for an approval cohort, reproducible from ``seed`` over the population it lists."""

    __tablename__ = "spot_check_draws"

    cohort: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM of the approval decisions
    # A township-code prefix (county or township); "" = everything in the store.
    scope_code: Mapped[str] = mapped_column(String(12), default="")
    seed: Mapped[int] = mapped_column(BigInteger)
    drawn_on: Mapped[date] = mapped_column()
    drawn_by: Mapped[str] = mapped_column(String(36))
    population: Mapped[int] = mapped_column()
    population_json: Mapped[str] = mapped_column(Text, default="[]")  # the sorted case ids drawn from
    sample_size: Mapped[int] = mapped_column()
    field_size: Mapped[int] = mapped_column()
    took_everything: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(String(400), default="")
    rule_versions_json: Mapped[str] = mapped_column(String(400), default="[]")


class SpotCheck(SyncedMixin, Base):
    """抽查记录 (DOMAIN §7.1, §8.13) of one sampled case."""

    __tablename__ = "spot_checks"

    draw_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spot_check_draws.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_decisions.id"))
    cohort: Mapped[str] = mapped_column(String(7), index=True)
    decided_on: Mapped[date] = mapped_column()
    window_ends_on: Mapped[date] = mapped_column()
    check_type: Mapped[str] = mapped_column(String(8))  # FIELD | DESK
    near_relative: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="PENDING")  # PENDING | DONE
    check_date: Mapped[date | None] = mapped_column(default=None)
    checkers: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str | None] = mapped_column(String(8), default=None)  # OK | PROBLEM
    problem_desc: Mapped[str] = mapped_column(String(2000), default="")
    rectification: Mapped[str] = mapped_column(String(2000), default="")
    closed_date: Mapped[date | None] = mapped_column(default=None)


class RealNameReport(SyncedMixin, Base):
    """实名举报: each is verified one by one and the result is fed back to the reporter (seed 三(四)1)."""

    __tablename__ = "real_name_reports"

    received_on: Mapped[date] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(16))
    reporter_name: Mapped[str] = mapped_column(String(64))
    reporter_contact: Mapped[str] = mapped_column(String(64), default="")
    township_code: Mapped[str | None] = mapped_column(String(12), default=None)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"), default=None)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), default=None)
    content: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(16), default="OPEN")  # OPEN | VERIFIED | REPLIED
    verified_on: Mapped[date | None] = mapped_column(default=None)
    verifier: Mapped[str] = mapped_column(String(64), default="")
    verification_result: Mapped[str] = mapped_column(String(2000), default="")
    reply_on: Mapped[date | None] = mapped_column(default=None)
    reply_method: Mapped[str] = mapped_column(String(16), default="")
    reply_text: Mapped[str] = mapped_column(String(2000), default="")
    recorded_by: Mapped[str] = mapped_column(String(36))

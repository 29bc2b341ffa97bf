"""Two-investigator sign-off, locking, corrections and recusal on field records (app.services.field_records)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.lockout import Lockout
from app.db.models import Attachment, FormRecord, FormSignOff, NearRelativeFiling, OutboxEntry
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.errors import PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import Role
from app.services import accounts
from app.services import field_records as fr
from app.services.field_records import (
    FormIncomplete,
    InvestigatorConfirmation,
    PadSignature,
    RecordLocked,
    SignOffInput,
    SignOffRefused,
)
from tests.forms.helpers import (
    PASSWORDS,
    CaseSetup,
    add_investigators,
    home_investigation_data,
    jpeg_bytes,
    make_case,
    png_signature,
    slots,
)

HOME = "HOME_INVESTIGATION"


@pytest.fixture
def setup(store: OpenStore, clock: FixedClock) -> CaseSetup:
    case = make_case(store, clock)
    return replace(case, investigators=add_investigators(store, clock))


def _confirm(*logins: str, wrong: str = "") -> tuple[InvestigatorConfirmation, ...]:
    return tuple(InvestigatorConfirmation(login, wrong or PASSWORDS[login]) for login in logins)


def _applicant(setup: CaseSetup) -> PadSignature:
    return PadSignature(setup.household.head.name, png_signature())


def _ready_draft(store: OpenStore, clock: FixedClock, setup: CaseSetup, actor: Actor) -> str:
    with store.unit_of_work() as session:
        ref = fr.start_record(session, actor, form_code=HOME, case_id=setup.case_id, clock=clock)
        fr.save_draft(
            session,
            actor,
            record_id=ref.id,
            data=home_investigation_data(setup.household, visit_date=clock.today()),
            clock=clock,
        )
        fr.attach_photo(
            session,
            actor,
            record_id=ref.id,
            field_key="photos",
            raw=jpeg_bytes(),
            category="EXTERIOR",
            caption="房屋外景",
            clock=clock,
        )
    return ref.id


def _counts(session: Session) -> dict[str, int]:
    return {
        "sign_offs": session.scalar(select(func.count()).select_from(FormSignOff)) or 0,
        "signatures": session.scalar(
            select(func.count()).select_from(Attachment).where(Attachment.kind == "SIGNATURE")
        )
        or 0,
        "outbox": session.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        "audit": audit.count_events(session),
        "final": session.scalar(
            select(func.count()).select_from(FormRecord).where(FormRecord.status == "final")
        )
        or 0,
    }


@pytest.fixture
def wang(setup: CaseSetup) -> Actor:
    return setup.investigators["inv_wang"]


def test_two_investigators_and_applicant_finalise_lock_and_audit(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    with store.unit_of_work() as session:
        view = fr.finalize(
            session,
            wang,
            record_id=record_id,
            sign_off=SignOffInput(_confirm("inv_wang", "inv_li"), applicant=_applicant(setup)),
            slots=slots(store),
            clock=clock,
        )
    assert view.is_locked and view.finalized_at == clock.now()
    with store.reading() as session:
        assert fr.signed_investigators(session, case_id=setup.case_id) == (
            wang.user_id,
            setup.investigators["inv_li"].user_id,
        )
    kinds = sorted((s.kind, s.signer_name) for s in view.sign_offs)
    assert kinds == sorted(
        [("investigator", "王调查"), ("investigator", "李调查"), ("applicant", setup.household.head.name)]
    )
    applicant = next(s for s in view.sign_offs if s.kind == "applicant")
    assert applicant.signature_attachment_id is not None and applicant.role == "被调查人（申请人）"
    with store.reading() as session:
        sig = session.get(Attachment, uuid.UUID(applicant.signature_attachment_id))
        assert sig is not None and sig.kind == "SIGNATURE" and sig.mime == "image/png"
        assert audit.count_events(session, "form_record.finalized") == 1
        assert audit.verify_chain(session).ok
        assert verify_outbox_sequence(session) == (True, "")
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == record_id)).one()
        assert entry.op == "create" and '"sign_offs"' in entry.fields_json
    # Locked: no more edits, photos or sign-off.
    with store.unit_of_work() as session, pytest.raises(RecordLocked):
        fr.save_draft(session, wang, record_id=record_id, data={"village": "改"}, clock=clock)
    with store.unit_of_work() as session, pytest.raises(RecordLocked):
        fr.attach_photo(
            session,
            wang,
            record_id=record_id,
            field_key="photos",
            raw=jpeg_bytes(),
            category="INTERIOR",
            caption="",
            clock=clock,
        )


@pytest.mark.parametrize(
    ("logins", "reason"),
    [
        (("inv_wang",), "需要 2 名不同的调查员"),
        (("inv_wang", "inv_wang"), "同一调查员（inv_wang）不能确认两次"),
    ],
    ids=["one-investigator-alone", "same-account-twice"],
)
def test_sign_off_refused_without_two_different_investigators_and_nothing_is_saved(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor, logins: tuple[str, ...], reason: str
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    with store.unit_of_work() as session:
        before = _counts(session)
        # Caught inside the transaction, which then commits: the refusal itself must not have written anything.
        with pytest.raises(SignOffRefused) as refused:
            fr.finalize(
                session,
                wang,
                record_id=record_id,
                sign_off=SignOffInput(_confirm(*logins), applicant=_applicant(setup)),
                slots=slots(store),
                clock=clock,
            )
        assert _counts(session) == before
    assert any(reason in r for r in refused.value.reasons), refused.value.reasons
    with store.reading() as session:
        assert fr.get_record(session, record_id).status == "draft"
        assert _counts(session) == before


def test_related_staff_member_cannot_sign(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    li = setup.investigators["inv_li"]
    with store.unit_of_work() as session:
        session.add(
            NearRelativeFiling(
                household_id=uuid.UUID(setup.household_id),
                case_id=uuid.UUID(setup.case_id),
                staff_user_id=li.user_id,
                staff_name="李调查",
                relation="兄弟姐妹",
                declared_on=clock.today(),
            )
        )
    with store.unit_of_work() as session:
        before = _counts(session)
        with pytest.raises(SignOffRefused) as refused:
            fr.finalize(
                session,
                wang,
                record_id=record_id,
                sign_off=SignOffInput(_confirm("inv_wang", "inv_li"), applicant=_applicant(setup)),
                slots=slots(store),
                clock=clock,
            )
        assert _counts(session) == before
    assert refused.value.reasons == ("调查员“李调查”与申请家庭有近亲属关系，须回避，不能签字",)
    # The related investigator may not work on the record at all.
    with store.unit_of_work() as session, pytest.raises(RecusalRequired):
        fr.save_draft(session, li, record_id=record_id, data={}, clock=clock)
    # With an unrelated second investigator the record can be finalised.
    with store.unit_of_work() as session:
        view = fr.finalize(
            session,
            wang,
            record_id=record_id,
            sign_off=SignOffInput(_confirm("inv_wang", "inv_zhao"), applicant=_applicant(setup)),
            slots=slots(store),
            clock=clock,
        )
    assert {s.signer_user_id for s in view.sign_offs if s.kind == "investigator"} == {
        wang.user_id,
        setup.investigators["inv_zhao"].user_id,
    }


def test_disabled_account_and_non_investigator_are_refused(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    with store.unit_of_work() as session:
        accounts.disable_user(store, session, login="inv_li", clock=clock)
    with store.unit_of_work() as session:
        before = _counts(session)
        with pytest.raises(SignOffRefused) as refused:
            fr.finalize(
                session,
                wang,
                record_id=record_id,
                sign_off=SignOffInput(
                    (*_confirm("inv_wang", "inv_li"), InvestigatorConfirmation("admin", "admin-pass-1")),
                    applicant=_applicant(setup),
                ),
                slots=slots(store),
                clock=clock,
            )
        assert _counts(session) == before
    assert "账号“inv_li”已停用，不能签字" in refused.value.reasons
    assert any("“admin”不是调查员" in r for r in refused.value.reasons)


def test_wrong_password_is_refused_and_counts_towards_the_backoff(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    lockout = Lockout(store.paths.lockout)
    with store.unit_of_work() as session:
        before = _counts(session)
        with pytest.raises(SignOffRefused) as refused:
            fr.finalize(
                session,
                wang,
                record_id=record_id,
                sign_off=SignOffInput(
                    (
                        InvestigatorConfirmation("inv_wang", PASSWORDS["inv_wang"]),
                        InvestigatorConfirmation("inv_li", "guess"),
                    ),
                    applicant=_applicant(setup),
                ),
                slots=slots(store),
                clock=clock,
                lockout=lockout,
            )
        assert _counts(session) == before
    assert refused.value.reasons == ("调查员“李调查”的密码不正确",)
    assert lockout.failures("inv_li").count == 1
    assert lockout.failures("inv_wang").count == 0


def test_missing_applicant_signature_is_refused(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    with store.unit_of_work() as session, pytest.raises(SignOffRefused) as refused:
        fr.finalize(
            session,
            wang,
            record_id=record_id,
            sign_off=SignOffInput(_confirm("inv_wang", "inv_li")),
            slots=slots(store),
            clock=clock,
        )
    assert refused.value.reasons == ("缺少被调查人（申请人）签名",)


def test_missing_required_fields_are_listed_together_in_form_order(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    with store.unit_of_work() as session:
        ref = fr.start_record(session, wang, form_code=HOME, case_id=setup.case_id, clock=clock)
        data: dict[str, Any] = home_investigation_data(setup.household, visit_date=clock.today())
        del data["village"], data["findings"]
        data["members"][1]["id_number"] = data["members"][1]["id_number"][:-1] + (
            "0" if data["members"][1]["id_number"][-1] != "0" else "1"
        )
        fr.save_draft(session, wang, record_id=ref.id, data=data, clock=clock)
    with store.unit_of_work() as session, pytest.raises(FormIncomplete) as incomplete:
        fr.finalize(session, wang, record_id=ref.id, sign_off=SignOffInput(), slots=slots(store), clock=clock)
    where = [(p.path, p.code.value) for p in incomplete.value.problems]
    assert where == [
        (("village",), "required"),
        (("members", 1, "id_number"), "bad_id_number"),
        (("findings",), "required"),
        (("photos",), "required"),
    ]


def test_correction_is_a_new_version_with_a_reason_and_both_are_kept(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    sign = SignOffInput(_confirm("inv_wang", "inv_li"), applicant=_applicant(setup))
    with store.unit_of_work() as session:
        fr.finalize(session, wang, record_id=record_id, sign_off=sign, slots=slots(store), clock=clock)
    with store.unit_of_work() as session, pytest.raises(ValidationError, match="写明原因"):
        fr.start_correction(session, wang, record_id=record_id, reason="  ", clock=clock)
    clock.advance(timedelta(days=1))
    with store.unit_of_work() as session:
        ref = fr.start_correction(session, wang, record_id=record_id, reason="住房面积记错", clock=clock)
        data = fr.get_record(session, ref.id).data
        data["housing_area"] = "58"
        fr.save_draft(session, wang, record_id=ref.id, data=data, clock=clock)
    with store.unit_of_work() as session, pytest.raises(ValidationError, match="未定稿的更正版本"):
        fr.start_correction(session, wang, record_id=record_id, reason="再改", clock=clock)
    with store.unit_of_work() as session:
        corrected = fr.finalize(
            session, wang, record_id=ref.id, sign_off=sign, slots=slots(store), clock=clock
        )
    with store.reading() as session:
        old = fr.get_record(session, record_id)
        assert old.is_locked and old.superseded_by == corrected.id and old.data["housing_area"] == "85"
        assert corrected.version == 2 and corrected.supersedes_id == record_id
        assert corrected.correction_reason == "住房面积记错" and corrected.data["housing_area"] == "58"
        assert [v.id for v in fr.list_records(session, case_id=setup.case_id, form_code=HOME)] == [
            corrected.id
        ]
        assert len(fr.list_records(session, case_id=setup.case_id, form_code=HOME, current_only=False)) == 2
        assert audit.count_events(session, "form_record.correction_started") == 1
        assert audit.count_events(session, "form_record.corrected") == 1
        ops = session.scalars(select(OutboxEntry.op).where(OutboxEntry.entity_type == "form_record")).all()
        assert sorted(ops) == ["correct", "create"]
    with store.unit_of_work() as session, pytest.raises(ValidationError, match="已被第 2 版更正"):
        fr.start_correction(session, wang, record_id=record_id, reason="再改", clock=clock)


def test_roles_without_investigate_cannot_fill_a_home_investigation(
    store: OpenStore, clock: FixedClock, setup: CaseSetup
) -> None:
    clerk = replace(store.actor, role=Role.WINDOW_CLERK)
    with store.unit_of_work() as session, pytest.raises(PermissionDenied):
        fr.start_record(session, clerk, form_code=HOME, case_id=setup.case_id, clock=clock)


def test_neighbour_interviews_need_two_per_case_and_allow_an_optional_interviewee_signature(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    def interview(n: int, signed: bool) -> None:
        with store.unit_of_work() as session:
            ref = fr.start_record(
                session,
                wang,
                form_code="NEIGHBOUR_INTERVIEW",
                case_id=setup.case_id,
                clock=clock,
                data={
                    "visit_date": clock.today().isoformat(),
                    "place": "桃源村3组",
                    "interviewee_name": f"邻居{n}",
                    "interviewee_relation": "邻居",
                    "topics": ["家庭成员", "就业和收入"],
                    "statement": "家里确实困难。",
                    "opinion": "情况属实。",
                },
            )
            fr.finalize(
                session,
                wang,
                record_id=ref.id,
                sign_off=SignOffInput(
                    _confirm("inv_wang", "inv_li"),
                    applicant=PadSignature(f"邻居{n}", png_signature()) if signed else None,
                ),
                slots=slots(store),
                clock=clock,
            )

    with store.reading() as session:
        assert [(s.form_code, s.final, s.minimum) for s in fr.shortfalls(session, case_id=setup.case_id)] == [
            ("APPLICATION", 0, 1),
            ("HOME_INVESTIGATION", 0, 1),
            ("NEIGHBOUR_INTERVIEW", 0, 2),
        ]
    interview(1, signed=True)
    interview(2, signed=False)  # some neighbours decline to sign; that is allowed
    with store.reading() as session:
        assert "NEIGHBOUR_INTERVIEW" not in {
            s.form_code for s in fr.shortfalls(session, case_id=setup.case_id)
        }


def test_discarding_a_draft_removes_its_photos(
    store: OpenStore, clock: FixedClock, setup: CaseSetup, wang: Actor
) -> None:
    record_id = _ready_draft(store, clock, setup, wang)
    with store.unit_of_work() as session:
        fr.discard_draft(session, wang, record_id=record_id, clock=clock)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0
        assert session.scalar(select(func.count()).select_from(FormRecord)) == 0
        assert fr.find_draft(session, case_id=setup.case_id, form_code=HOME) is None

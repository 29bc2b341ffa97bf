"""Read models built from the store (demo cases in every state), then rendered: the DB → PDF path end to end."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import Case, Person
from app.db.store import OpenStore
from app.domain.errors import ValidationError
from app.domain.idnumber import mask_id_number
from app.domain.roles import Role
from app.services import field_records
from app.services.documents import (
    DenialReasonCode,
    DocumentIncomplete,
    HearingRecord,
)
from app.services.printing import (
    PrintSettings,
    build_assessment_doc,
    build_change_notice_doc,
    build_denial_doc,
    build_investigation_doc,
    build_near_relative_doc,
    build_neighbour_doc,
    build_roster_doc,
    load_print_settings,
)
from app.services.supervision.publicity import UNRECORDED_PLACE_NAME, NoticeKind, build_notice_doc
from app.workflow.rules import YearMonth, default_rule_book
from reports.catalog import render_document
from tests.reports.demo_store import DEMO_CLOCK_AT, TOWNSHIP, as_role, case_in
from tests.reports.pdfcheck import flat, font_problems

SETTINGS = PrintSettings(township_phone="0798-2620000", county_hotline="0798-12345")
TODAY = date(2026, 9, 18)
RULES = default_rule_book()


def _members(store: OpenStore, case_id: str) -> list[Person]:
    with store.reading() as session:
        case = session.get(Case, __import__("uuid").UUID(case_id))
        assert case is not None
        people = list(session.scalars(select(Person).where(Person.household_id == case.household_id)))
        session.expunge_all()
    return people


def test_denial_notice_from_a_denied_case(demo: OpenStore) -> None:
    case_id = case_in(demo, "DENIED")
    with demo.reading() as session:
        doc = build_denial_doc(session, case_id, settings=SETTINGS, issued_on=TODAY)
    assert doc.reasons[0].code is DenialReasonCode.INCOME_ABOVE_STANDARD
    assert doc.reasons[0].per_capita_income is not None and doc.reasons[0].standard is not None
    assert doc.remedy.review_body == "浮梁县人民政府" and doc.remedy.court == "浮梁县人民法院"
    pdf = render_document(doc)
    text = flat(pdf)
    assert f"{doc.reasons[0].per_capita_income:,.2f}元" in text
    assert f"{doc.reasons[0].standard:,.2f}元" in text
    assert doc.applicant_name in text and "送达回证" in text
    head = next(p for p in _members(demo, case_id) if p.is_head)
    assert head.id_number not in text and head.id_number[-4:] in text
    assert font_problems(pdf) == []


def test_certificate_needs_an_approval(demo: OpenStore) -> None:
    from app.services.printing import build_certificate_doc

    with demo.reading() as session, pytest.raises(DocumentIncomplete, match="确认同意"):
        build_certificate_doc(session, case_in(demo, "DENIED"), settings=SETTINGS, issued_on=TODAY)


def test_publicity_lists_the_township_with_both_places_for_renhu_fenli(demo: OpenStore) -> None:
    clerk = as_role(demo, Role.WINDOW_CLERK)
    with demo.reading() as session:
        initial, initial_ids = build_notice_doc(
            session, clerk, township_code=TOWNSHIP, kind=NoticeKind.INITIAL, on=TODAY, settings=SETTINGS,
            rules=RULES,
        )  # fmt: skip
        result, result_ids = build_notice_doc(
            session, clerk, township_code=TOWNSHIP, kind=NoticeKind.APPROVED, on=TODAY, settings=SETTINGS,
            rules=RULES,
        )  # fmt: skip
    assert len(initial.rows) == 1 and initial.rows[0].posting_places[1] == UNRECORDED_PLACE_NAME
    assert len(initial_ids) == 1
    assert initial.period_end is not None and initial.period_end > initial.period_start
    assert len(initial.sheets()) == 2
    assert len(result.rows) == 3 and len(result_ids) == 3  # APPROVED and the two ACTIVE cases
    for doc in (initial, result):
        pdf = render_document(doc)
        assert all(r.head_name in flat(pdf) for r in doc.rows)


def test_publicity_without_hotlines_is_refused(demo: OpenStore) -> None:
    with demo.reading() as session:
        doc, _ = build_notice_doc(
            session, as_role(demo, Role.WINDOW_CLERK), township_code=TOWNSHIP, kind=NoticeKind.APPROVED, on=TODAY,
            settings=PrintSettings(), rules=RULES,
        )  # fmt: skip
    with pytest.raises(DocumentIncomplete, match="监督举报电话"):
        render_document(doc)


def _investigation_data(case_members: list[Person]) -> dict[str, Any]:
    return {
        "village": "青石村",
        "area_type": "RURAL",
        "visit_date": "2026-09-15",
        "visit_time": "10:30",
        "method": "实地入户",
        "interviewee_name": case_members[0].name,
        "interviewee_relation": "本人",
        "members": [
            {
                "name": p.name,
                "id_type": "resident" if p.id_number else "pending",
                "id_number": p.id_number,
                "relation": p.relation,
                "coresident": "是",
                "health": "慢性病",
                "disability_kind": "肢体",
                "disability_grade": "二级",
                "labour_capacity": "部分丧失劳动能力",
                "employment": "务农",
            }
            for p in case_members
        ],
        "incomes": [
            {
                "member_name": case_members[0].name,
                "subtype": "CASUAL_LABOUR",
                "amount": "1800.00",
                "unit": "PER_QUARTER",
            }
        ],
        "housing_type": "自建房",
        "housing_area": "86",
        "utilities": "80.00",
        "medical": "200.00",
        "hardship_causes": ["重病", "缺乏劳动力"],
        "findings": "与申报一致。",
        "conclusion": "符合",
    }


def test_investigation_and_neighbour_forms_from_captured_records(demo: OpenStore) -> None:
    case_id = case_in(demo, "INVESTIGATING")
    people = _members(demo, case_id)
    investigator = as_role(demo, Role.INVESTIGATOR)
    clock = demo.clock if hasattr(demo, "clock") else None
    from app.domain.clock import FixedClock

    clock = FixedClock(DEMO_CLOCK_AT)
    with demo.reading() as session, pytest.raises(DocumentIncomplete, match="入户调查记录"):
        build_investigation_doc(session, case_id)
    with demo.unit_of_work() as session:
        field_records.start_record(
            session,
            investigator,
            form_code="HOME_INVESTIGATION",
            case_id=case_id,
            clock=clock,
            data=_investigation_data(people),
        )
        for name in ("刘芳", "周明"):
            field_records.start_record(
                session,
                investigator,
                form_code="NEIGHBOUR_INTERVIEW",
                case_id=case_id,
                clock=clock,
                data={
                    "visit_date": "2026-09-15",
                    "place": "青石村",
                    "interviewee_name": name,
                    "interviewee_relation": "邻居",
                    "topics": ["家庭成员", "就业和收入"],
                    "statement": f"{name}：家里没有车。",
                    "opinion": "一致",
                },
            )
    with demo.reading() as session:
        inv = build_investigation_doc(session, case_id)
        nb = build_neighbour_doc(session, case_id)
    assert [m.name for m in inv.members] == [p.name for p in people]
    assert all(
        m.id_masked == (mask_id_number(p.id_number) if p.id_number else "")
        for m, p in zip(inv.members, people, strict=True)
    )
    assert inv.incomes[0].monthly is not None and f"{inv.incomes[0].monthly}" == "600.00"
    text = flat(render_document(inv))
    for p in people:
        assert p.name in text
        if p.id_number:
            assert p.id_number not in text
    assert "■重病" in text, text
    assert "2026年9月15日10时30分" in text
    assert "肢体" in text
    text = flat(render_document(nb))
    assert "刘芳：家里没有车。" in text and "第2次访问" in text and "■就业和收入" in text


def test_assessment_near_relative_roster_and_termination(demo: OpenStore) -> None:
    with demo.reading() as session:
        assessment = build_assessment_doc(session, case_in(demo, "ASSESSED"))
        near = build_near_relative_doc(session, case_in(demo, "INVESTIGATED"))
        roster, case_ids = build_roster_doc(
            session,
            as_role(demo, Role.WINDOW_CLERK),
            township_code=TOWNSHIP,
            month=YearMonth(2026, 9),
            settings=SETTINGS,
            rules=RULES,
        )
        unheard = build_change_notice_doc(
            session, case_in(demo, "TERMINATED"), settings=SETTINGS, issued_on=TODAY
        )
        heard = build_change_notice_doc(
            session,
            case_in(demo, "TERMINATED"),
            settings=SETTINGS,
            issued_on=TODAY,
            hearing=HearingRecord(date(2026, 9, 10), "当面", "无异议"),
        )
    assert assessment.rule_versions and "家庭经济状况评估表" in flat(render_document(assessment))
    assert near.staff and near.staff[0].relation == "兄弟姐妹"
    assert "*" in near.applicant_id_masked and near.applicant_id_masked in flat(render_document(near))
    assert roster.lines and len(case_ids) == len({*case_ids})
    assert f"合计{len(roster.lines)}户" in flat(render_document(roster))
    with pytest.raises(DocumentIncomplete, match="听取意见记录"):
        render_document(unheard)
    text = flat(render_document(heard))
    assert "终止最低生活保障" in text and "无异议" in text


def test_settings_file(tmp_path: Any) -> None:
    path = tmp_path / "print-settings.json"
    assert load_print_settings(path) == PrintSettings()
    path.write_text(
        '{"issuer": "浮梁县青岭镇人民政府", "county_hotline": "0798-12345", "legal_basis": ["《社会救助法》"],'
        ' "remedy": {"review_days": 60, "litigation_months": 6, "after_review_days": 15}, "serial_low_count": 5}',
        encoding="utf-8",
    )
    settings = load_print_settings(path)
    assert settings.issuer == "浮梁县青岭镇人民政府" and settings.legal_basis == ("《社会救助法》",)
    assert settings.serial_low_count == 5
    path.write_text('{"isuer": "typo"}', encoding="utf-8")
    with pytest.raises(ValidationError, match="isuer"):
        load_print_settings(path)

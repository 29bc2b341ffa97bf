"""主动发现: the nine groups and four teams as editable reference data, campaigns with a cycle, the visit log and its
referrals into an application or a warning."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from app.db.models import Case, Household, Person
from app.db.models.supervision import DiscoveryRefItem, MonitoringWarning
from app.domain.errors import PermissionDenied, ValidationError
from app.domain.roles import Role
from app.services.supervision import discovery
from app.services.supervision.discovery import CampaignRound, VisitInput, campaign_round
from app.workflow.rules import default_rule_book
from tests.services.workflow_support import World
from tests.supervision.support import TOWN_A, TOWN_B, VILLAGE_A, VILLAGE_B, new_case, outbox_count, staff


def _import(world: World, text: str | None = None) -> discovery.ReferenceImportReport:
    with world.work() as s:
        return discovery.import_discovery_reference(
            s, world.county, text or discovery.bundled_reference_text(), clock=world.clock
        )


def test_bundled_reference_has_the_seed_groups_and_teams(world: World) -> None:
    report = _import(world)
    assert (report.added, report.changed, report.deactivated) == (13, 0, 0)
    with world.work() as s:
        ref = discovery.discovery_reference(s)
        assert len(ref.groups) == 9 and len(ref.teams) == 4
        assert ref.groups[0].label == "家庭成员中有年老、残疾、生活不能自理、患有重大疾病的家庭"
        assert ref.groups[8].label == "县级民政部门规定的其他重点对象"
        assert [t.label for t in ref.teams] == [
            "基层社会救助工作队伍",
            "社会救助协理员队伍",
            "社会救助网格员队伍",
            "购买服务专业社工队伍",
        ]
        assert outbox_count(s, "discovery_ref_item") == 13
    again = _import(world)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 13)


def test_county_edits_the_reference_data(world: World) -> None:
    _import(world)
    edited = json.loads(discovery.bundled_reference_text())
    edited["groups"] = edited["groups"][:8]  # group 9 dropped by the county
    edited["groups"][0]["visit_interval_days"] = 30
    report = _import(world, json.dumps(edited, ensure_ascii=False))
    assert (report.changed, report.deactivated) == (1, 1)
    with world.work() as s:
        ref = discovery.discovery_reference(s)
        assert len(ref.groups) == 8 and ref.groups[0].visit_interval_days == 30
        assert len(discovery.discovery_reference(s, include_inactive=True).groups) == 9
        item = discovery.edit_reference_item(s, world.county, "GROUP", "G2", clock=world.clock,
                                             visit_interval_days=90)  # fmt: skip
        assert item.visit_interval_days == 90
        with pytest.raises(PermissionDenied):
            discovery.edit_reference_item(s, world.clerk, "GROUP", "G2", clock=world.clock, label="x")
        row = s.scalars(select(DiscoveryRefItem).where(DiscoveryRefItem.code == "G9")).one()
        assert not row.active
    bad = json.dumps({"format": "dibao-proactive-discovery/1", "groups": [{"code": "G1", "label": "x"},
                      {"code": "G1", "label": "y"}], "teams": [{"code": "T1", "label": "z"}]})  # fmt: skip
    with pytest.raises(ValidationError, match="重复"):
        _import(world, bad)


@pytest.mark.parametrize(
    ("start", "cycle", "on", "expected"),
    [
        (date(2026, 1, 1), 3, date(2026, 1, 1), CampaignRound(1, date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 1, 1), 3, date(2026, 4, 1), CampaignRound(2, date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 1, 31), 1, date(2026, 3, 1), CampaignRound(2, date(2026, 2, 28), date(2026, 3, 30))),
        (date(2026, 1, 1), 3, date(2025, 12, 31), None),
    ],
)
def test_campaign_rounds(start: date, cycle: int, on: date, expected: CampaignRound | None) -> None:
    assert campaign_round(start, cycle, on) == expected


def test_campaign_with_the_rule_cycle_and_visits_per_round(world: World) -> None:
    _import(world)
    with world.work() as s:
        campaign = discovery.create_campaign(s, world.county, name="2026年第三季度摸排", starts_on=date(2026, 7, 1),
                                             clock=world.clock, rules=world.rules)  # fmt: skip
        assert (
            campaign.cycle_months
            == default_rule_book().get("discovery.default_cycle_months", date(2026, 7, 1)).value
        )
        assert len(campaign.group_codes) == 9
        case_id = new_case(world, s)
        household = s.get(Case, uuid.UUID(case_id))
        assert household is not None
        inv = staff(world, s, "inv_a", Role.INVESTIGATOR, TOWN_A)
        for n, (day, team) in enumerate([(date(2026, 8, 1), "T2"), (date(2026, 9, 10), "T3")]):
            discovery.record_visit(
                s, inv,
                VisitInput(visited_on=day, visitor_name=f"协理员{n}", team_code=team, group_codes=("G1", "g2"),
                           findings="老人独居，行动不便", township_code=TOWN_A,
                           household_id=str(household.household_id), campaign_id=campaign.id),
                clock=world.clock,
            )  # fmt: skip
        progress = discovery.campaign_progress(s, world.county, campaign.id, today=world.clock.today())
        assert progress.round == CampaignRound(1, date(2026, 7, 1), date(2026, 9, 30))
        assert (progress.visits, progress.households) == (2, 1)
        assert dict((c, n) for c, _, n in progress.by_group) == {"G1": 2, "G2": 2}
        assert dict((c, n) for c, _, n in progress.by_team) == {"T2": 1, "T3": 1}
        with pytest.raises(PermissionDenied):
            discovery.record_visit(
                s, inv,
                VisitInput(visited_on=date(2026, 9, 1), visitor_name="x", team_code="T1", group_codes=("G1",),
                           findings="x", township_code=TOWN_B, household_label="某户（某村）"),
                clock=world.clock,
            )  # fmt: skip


def test_visit_validation_lists_every_problem(world: World) -> None:
    _import(world)
    with world.work() as s, pytest.raises(ValidationError) as refused:
        discovery.record_visit(
            s, world.investigator,
            VisitInput(visited_on=date(2026, 12, 1), visitor_name=" ", team_code="T9", group_codes=("G10",),
                       findings="", township_code=TOWN_A),
            clock=world.clock,
        )  # fmt: skip
    text = refused.value.message
    for part in ("晚于今天", "走访人", "队伍代码“T9”无效", "G10", "走访发现", "被走访家庭"):
        assert part in text


def test_visit_refers_into_an_application_or_a_warning(world: World) -> None:
    _import(world)
    with world.work() as s:
        from app.domain.synthetic import synthetic_households
        from app.services.households import HouseholdInput, MemberInput, register_household

        person = synthetic_households(9, 1, today=world.clock.today())[0].head
        household = register_household(
            s, world.clerk,
            HouseholdInput(area_code=VILLAGE_A, members=(MemberInput(person.name, person.id_number),)),
            clock=world.clock,
        )  # fmt: skip
        visit = discovery.record_visit(
            s, world.investigator,
            VisitInput(visited_on=date(2026, 9, 17), visitor_name="网格员甲", team_code="T3", group_codes=("G2",),
                       findings="无劳动能力，无固定收入", township_code=TOWN_A, household_id=household.id),
            clock=world.clock,
        )  # fmt: skip
        referred = discovery.refer_to_application(s, world.clerk, visit.id, clock=world.clock)
        assert referred.referral_label == "转入低保申请" and referred.referral_case_id is not None
        case = s.get(Case, uuid.UUID(referred.referral_case_id))
        assert case is not None and case.channel == "PROXY" and case.state == "DRAFT"
        with pytest.raises(ValidationError, match="已经转入低保申请"):
            discovery.refer_to_application(s, world.clerk, visit.id, clock=world.clock)
        # A second visit to the same household cannot open a second application while one is open.
        second = discovery.record_visit(
            s, world.investigator,
            VisitInput(visited_on=date(2026, 9, 18), visitor_name="网格员甲", team_code="T3", group_codes=("G1",),
                       findings="户主住院", township_code=TOWN_A, household_id=household.id),
            clock=world.clock,
        )  # fmt: skip
        with pytest.raises(ValidationError, match="在办或在保"):
            discovery.refer_to_application(s, world.clerk, second.id, clock=world.clock)
        warned = discovery.refer_to_warning(s, world.investigator, second.id, warning_type="重病住院",
                                            clock=world.clock, calendar=world.calendar(s), rules=world.rules)  # fmt: skip
        assert warned.referral_label == "转为预警" and warned.referral_warning_id is not None
        w = s.get(MonitoringWarning, uuid.UUID(warned.referral_warning_id))
        assert w is not None and w.origin == "VISIT" and w.source_dept == "主动发现"
        assert w.township_code == TOWN_A and w.due_on == date(2026, 10, 22) and w.detail == "户主住院"
        assert w.household_id == uuid.UUID(household.id)
        assert s.get(Household, uuid.UUID(household.id)) is not None
        rows = discovery.list_visits(s, world.county)
        assert [r.referral for r in rows] == ["WARNING", "APPLICATION"]


def test_unregistered_household_must_be_registered_before_an_application(world: World) -> None:
    _import(world)
    with world.work() as s:
        visit = discovery.record_visit(
            s, world.investigator,
            VisitInput(visited_on=date(2026, 9, 17), visitor_name="社工乙", team_code="T4", group_codes=("G4",),
                       findings="曾申请未获批，现失业", township_code=TOWN_A, household_label="王某（青石村）"),
            clock=world.clock,
        )  # fmt: skip
        with pytest.raises(ValidationError, match="尚未登记"):
            discovery.refer_to_application(s, world.clerk, visit.id, clock=world.clock)


def test_find_households_by_name_or_last_four_digits(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s)
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None
        head = s.scalars(select(Person).where(Person.household_id == case.household_id, Person.is_head)).one()
        other = new_case(world, s, village=VILLAGE_B)
        inv = staff(world, s, "inv_find", Role.INVESTIGATOR, TOWN_A)

        by_name = discovery.find_households(s, inv, head.name[:2])
        assert str(case.household_id) in [h.household_id for h in by_name]
        by_last4 = discovery.find_households(s, inv, head.id_number[-4:])
        chosen = next(h for h in by_last4 if h.household_id == str(case.household_id))
        assert chosen.head_name == head.name and chosen.head_id_masked.endswith(head.id_number[-4:])
        assert head.id_number not in chosen.head_id_masked
        assert (chosen.township_code, chosen.village_code) == (TOWN_A, VILLAGE_A)
        assert chosen.open_case_id == case_id and chosen.latest_case_label
        assert discovery.find_households(s, inv, "   ") == ()
        # The township's staff do not find another township's families; the county does.
        other_case = s.get(Case, uuid.UUID(other))
        assert other_case is not None
        other_head = s.scalars(
            select(Person).where(Person.household_id == other_case.household_id, Person.is_head)
        ).one()
        assert str(other_case.household_id) not in [
            h.household_id for h in discovery.find_households(s, inv, other_head.id_number)
        ]
        assert [h.household_id for h in discovery.find_households(s, world.county, other_head.id_number)] == [
            str(other_case.household_id)
        ]

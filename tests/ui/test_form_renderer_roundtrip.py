"""Every form definition round-trips: render → fill with generated valid data → validate → save → reload."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.roles import PERMISSIONS, Role
from app.services import field_records as fr
from forms.definitions import ALL_DEFINITIONS
from forms.model import FormDefinition
from forms.validation import validate
from tests.forms.helpers import CaseSetup, add_investigators, jpeg_bytes, make_case, png_signature
from tests.forms.strategies import Pools, valid_data
from ui.forms import FormRenderer


def _actor(store: OpenStore, definition: FormDefinition, investigator: Actor) -> Actor:
    if any(p in PERMISSIONS[Role.INVESTIGATOR] for p in definition.permissions):
        return investigator
    role = next(r for r in Role if any(p in PERMISSIONS[r] for p in definition.permissions))
    return replace(store.actor, role=role)


@pytest.fixture
def world(store: OpenStore, clock: FixedClock) -> tuple[CaseSetup, Pools]:
    case = make_case(store, clock)
    case = replace(case, investigators=add_investigators(store, clock, ("inv_wang",)))
    actor = case.investigators["inv_wang"]
    with store.unit_of_work() as session:
        # Real attachments for photo and signature fields to refer to, stored through the services.
        holder = fr.start_record(
            session, actor, form_code="HOME_INVESTIGATION", case_id=case.case_id, clock=clock
        )
        photos = [
            fr.attach_photo(
                session,
                actor,
                record_id=holder.id,
                field_key="photos",
                raw=jpeg_bytes((320, 240), seed=n),
                category="OTHER",
                caption="",
                clock=clock,
            )
            for n in range(3)
        ]
        assessment = fr.start_record(
            session,
            replace(actor, role=Role.INVESTIGATOR),
            form_code="ASSESSMENT",
            case_id=case.case_id,
            clock=clock,
        )
        signatures = [
            fr.sign_field(
                session,
                actor,
                record_id=assessment.id,
                field_key="assessor_signature",
                png=png_signature(),
                signer_name=name,
                clock=clock,
            )
            for name in ("王评估", "李复核")
        ]
    return case, Pools(today=clock.today(), photos=photos, signatures=signatures)


@pytest.mark.parametrize("definition", ALL_DEFINITIONS, ids=lambda d: d.ref)
def test_every_definition_round_trips_through_renderer_and_store(
    qtbot: QtBot,
    store: OpenStore,
    clock: FixedClock,
    world: tuple[CaseSetup, Pools],
    definition: FormDefinition,
) -> None:
    case, pools = world
    actor = _actor(store, definition, case.investigators["inv_wang"])

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def round_trip(data: st.DataObject) -> None:
        generated: dict[str, Any] = data.draw(valid_data(definition, pools))
        note(f"generated: {generated}")
        assert validate(definition, generated, today=clock.today()) == ()

        renderer = FormRenderer(definition, today=clock.today(), data=generated)
        qtbot.addWidget(renderer)
        filled = renderer.data()
        assert filled == generated
        assert renderer.validate() == ()

        with store.unit_of_work() as session:
            ref = fr.start_record(
                session, actor, form_code=definition.code, case_id=case.case_id, clock=clock, data=filled
            )
        with store.reading() as session:
            stored = fr.get_record(session, ref.id)
        assert (stored.form_code, stored.form_version, stored.status) == (
            definition.code,
            definition.version,
            "draft",
        )
        assert stored.data == filled

        reopened = FormRenderer(definition, today=clock.today(), data=stored.data)
        qtbot.addWidget(reopened)
        assert reopened.data() == filled
        renderer.deleteLater()
        reopened.deleteLater()

    round_trip()
    assert uuid.UUID(case.case_id)

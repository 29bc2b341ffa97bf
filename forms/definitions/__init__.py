"""The shipped official forms. Add a new version as a new definition; never edit a published one in place."""

from __future__ import annotations

from forms.definitions.application import APPLICATION
from forms.definitions.assessment import ASSESSMENT
from forms.definitions.democratic_review import DEMOCRATIC_REVIEW
from forms.definitions.evidence_letter import EVIDENCE_LETTER
from forms.definitions.home_investigation import HOME_INVESTIGATION
from forms.definitions.neighbour_interview import NEIGHBOUR_INTERVIEW
from forms.definitions.proactive_visit import PROACTIVE_VISIT
from forms.definitions.publicity import PUBLICITY
from forms.model import FormDefinition

ALL_DEFINITIONS: tuple[FormDefinition, ...] = (
    APPLICATION,
    HOME_INVESTIGATION,
    NEIGHBOUR_INTERVIEW,
    EVIDENCE_LETTER,
    ASSESSMENT,
    DEMOCRATIC_REVIEW,
    PUBLICITY,
    PROACTIVE_VISIT,
)

__all__ = [
    "ALL_DEFINITIONS",
    "APPLICATION",
    "ASSESSMENT",
    "DEMOCRATIC_REVIEW",
    "EVIDENCE_LETTER",
    "HOME_INVESTIGATION",
    "NEIGHBOUR_INTERVIEW",
    "PROACTIVE_VISIT",
    "PUBLICITY",
]

"""Fill a form from what the workflow computed, so the sheet shows the rules' own figures.

``assessment_data`` turns an ``app.workflow.benefit.BenefitDecision`` into data for the ASSESSMENT form. Display
figures come from the decision's exact values rounded once to the fen (``assessment.display``); nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from app.workflow.benefit import BenefitDecision
from forms.definitions.common import NO, YES


def _yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def assessment_data(
    decision: BenefitDecision, *, member_names: Mapping[str, str], assessed_on: date
) -> dict[str, Any]:
    """``member_names`` maps the decision's member ids to names (the sheet shows names, the decision keeps ids)."""

    def name(member_id: str) -> str:
        return member_names.get(member_id, member_id)

    income = decision.income
    return {
        "reference_date": decision.inputs.reference_date.isoformat(),
        "area_type": decision.area_type.value,
        "standard_used": _yuan(decision.standard_used),
        "standard_rule": decision.standard_rule,
        "household_size": str(decision.household_size),
        "income_window": f"{income.window_first}至{income.window_last}（{income.window_months}个月）",
        "income_lines": [
            {
                "member_name": name(line.item.member_id),
                "category": line.item.category.value,
                "subtype_label": line.subtype_label,
                "window_amount": _yuan(line.window_amount),
                "counted": YES if line.counted else NO,
                "not_counted_reason": line.not_counted_reason,
            }
            for line in income.lines
        ],
        "deductions": [
            {
                "member_name": name(d.member_id),
                "label": d.label,
                "monthly": _yuan(d.monthly),
                "rule_version": d.rule_version,
            }
            for d in decision.deductions
        ],
        "household_monthly_income": _yuan(decision.household_monthly_income),
        "per_capita_income": _yuan(decision.per_capita_income),
        "asset_tests": [
            {
                "test": r.test.value,
                "outcome": r.outcome.value,
                "measure": _number(r.measure),
                "limit": _number(r.limit),
                "reason": r.exemption_reason,
            }
            for r in decision.asset_results
        ],
        "supporter_tests": [
            {"name": r.name, "outcome": r.outcome.value, "details": "；".join(r.details)}
            for r in decision.supporter_results
        ],
        "classification": decision.classification.value,
        "reasons": [r.value for r in decision.reasons],
        "method": decision.method.value,
        "tier": decision.tier or "",
        "covered_persons": str(decision.covered_persons),
        "monthly_amount": _yuan(decision.monthly_amount),
        "rule_versions": "\n".join(decision.rule_versions),
        "assessed_on": assessed_on.isoformat(),
    }

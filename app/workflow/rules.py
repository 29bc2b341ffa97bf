"""Effective-dated rule tables: the one place numbers from DOMAIN.md live (as data, with their source).

A rule file is JSON: ``{"rules": [{"key", "value", "unit", "effective_from", "effective_to", "source", "note"}]}``.
``effective_to`` is inclusive and may be null (open-ended). Code asks ``book.get(key, on=date)``; a missing value is
an error (``RuleMissing``), never a silent fallback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.errors import RuleMissing


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: Any
    unit: str
    effective_from: date
    effective_to: date | None
    source: str
    note: str = ""

    def applies_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def version(self) -> str:
        """Identifies the exact row used, so a decision can be reproduced later."""
        return f"{self.key}@{self.effective_from.isoformat()}"


class RuleBook:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_key: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_key.setdefault(rule.key, []).append(rule)
        for versions in self._by_key.values():
            versions.sort(key=lambda r: r.effective_from)

    def get(self, key: str, on: date) -> Rule:
        for rule in reversed(self._by_key.get(key, [])):
            if rule.applies_on(on):
                return rule
        raise RuleMissing(rule=key, on=on.isoformat())

    def find(self, key: str, on: date) -> Rule | None:
        try:
            return self.get(key, on)
        except RuleMissing:
            return None

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def versions(self, key: str) -> list[Rule]:
        return list(self._by_key.get(key, []))

    @classmethod
    def from_json(cls, text: str) -> RuleBook:
        raw: dict[str, Any] = json.loads(text)
        return cls(_rule_from_dict(item) for item in raw["rules"])

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> RuleBook:
        rules: list[Rule] = []
        for path in paths:
            rules.extend(cls.from_json(path.read_text(encoding="utf-8")).all_rules())
        return cls(rules)

    def all_rules(self) -> list[Rule]:
        return [r for versions in self._by_key.values() for r in versions]


def _rule_from_dict(item: dict[str, Any]) -> Rule:
    to = item.get("effective_to")
    return Rule(
        key=str(item["key"]),
        value=item["value"],
        unit=str(item.get("unit", "")),
        effective_from=date.fromisoformat(item["effective_from"]),
        effective_to=date.fromisoformat(to) if to else None,
        source=str(item["source"]),
        note=str(item.get("note", "")),
    )

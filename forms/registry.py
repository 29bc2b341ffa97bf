"""Every published form version, by code and version. Versions are never removed: a saved record names the version
it was captured with, and that exact definition must still open and print it."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.errors import NotFound
from forms.checker import DefinitionError, require_valid
from forms.model import FormDefinition


class FormRegistry:
    def __init__(self, definitions: Iterable[FormDefinition]) -> None:
        self._by_ref: dict[tuple[str, int], FormDefinition] = {}
        for definition in definitions:
            require_valid(definition)
            ref = (definition.code, definition.version)
            if ref in self._by_ref:
                raise DefinitionError(definition.ref, ["同一表单代码和版本出现两次"])
            self._by_ref[ref] = definition

    def get(self, code: str, version: int) -> FormDefinition:
        try:
            return self._by_ref[(code, version)]
        except KeyError:
            raise NotFound(what=f"表单 {code} 第 {version} 版") from None

    def latest(self, code: str) -> FormDefinition:
        versions = [d for (c, _), d in self._by_ref.items() if c == code]
        if not versions:
            raise NotFound(what=f"表单 {code}")
        return max(versions, key=lambda d: d.version)

    def versions(self, code: str) -> list[int]:
        return sorted(v for (c, v) in self._by_ref if c == code)

    def codes(self) -> list[str]:
        return sorted({c for c, _ in self._by_ref})

    def all(self) -> list[FormDefinition]:
        return [self._by_ref[k] for k in sorted(self._by_ref)]

    def with_definitions(self, definitions: Iterable[FormDefinition]) -> FormRegistry:
        """A registry with extra versions (a county-issued revision, or a test's v2)."""
        return FormRegistry([*self.all(), *definitions])


_default: FormRegistry | None = None


def default_registry() -> FormRegistry:
    global _default
    if _default is None:
        from forms.definitions import ALL_DEFINITIONS

        _default = FormRegistry(ALL_DEFINITIONS)
    return _default

"""Bundled data: calendars, rule tables, reference lists, translations, styles."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource; works from a checkout, an installed wheel and a frozen build."""
    return _ROOT.joinpath(*parts)

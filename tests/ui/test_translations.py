"""Every tr() string in ui/ is in the .ts catalogue (run pyside6-lupdate when this fails; see its README)."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "translations" / "dibao_zh_CN.ts"


def _tr_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_catalogue_lists_every_tr_string() -> None:
    sources = {m.findtext("source") for m in ET.parse(CATALOGUE).getroot().iter("message")}
    missing = sorted(_tr_strings() - sources)
    assert missing == [], f"run pyside6-lupdate (resources/translations/README.md); missing: {missing[:10]}"

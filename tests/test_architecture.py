"""The layering in ARCHITECTURE.md is checked, not hoped for: import-linter contracts must hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def test_app_never_imports_qt_at_runtime() -> None:
    code = (
        "import sys, app.db.store, app.services.accounts, app.workflow.rules, app.domain.idnumber;"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported by app'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr

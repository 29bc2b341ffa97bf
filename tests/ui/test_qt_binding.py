"""Guard against a Qt binding that corrupts reference counts (PySide6 6.12.0 aborts the interpreter when a
C++ signal calls a Python slot many times, or a bool signal is emitted: "none_dealloc" / "bool_dealloc")."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton
app = QApplication([])
box = QCheckBox(); box.toggled.connect(lambda v: None)
button = QPushButton(); button.clicked.connect(lambda checked=False: None)
for i in range(20000):
    box.setChecked(i % 2 == 0)
    button.click()
class Flag(QObject):
    changed = Signal(bool)
flag = Flag()
for _ in range(100000):
    flag.changed.emit(True)
print("ok")
"""


def test_many_slot_calls_and_bool_signals_do_not_abort_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"

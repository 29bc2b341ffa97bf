"""One style sheet for the whole app: readable at 1366×768, larger hit targets for touch laptops."""

from __future__ import annotations

STYLE = """
QWidget { font-size: 10.5pt; }
QLineEdit, QComboBox, QDateEdit, QSpinBox { min-height: 26px; padding: 2px 6px; }
QPushButton { min-height: 28px; padding: 2px 14px; }
QPushButton[primary="true"] { background: #b3261e; color: white; border-radius: 4px; border: none; }
QPushButton[primary="true"]:disabled { background: #d9a19d; }
QLabel[role="error"] { color: #b3261e; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; }
QLabel[role="hint"] { color: #555555; }
"""

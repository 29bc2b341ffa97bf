"""The two things supervision does with Excel: read the first sheet of an .xlsx as rows, write sheets to .xlsx bytes.

openpyxl ships no type information; its untyped calls are confined to this module. Workbooks are built and read in
memory: nothing is written to disk here (an export is written by the caller, after it has been audited).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.errors import ValidationError

XLSX_MAGIC = b"PK\x03\x04"
_MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def read_first_sheet(data: bytes) -> list[list[object]]:
    """Cell values of the first worksheet, row by row (None for an empty cell; dates as ``datetime``)."""
    import openpyxl  # pyright: ignore[reportMissingTypeStubs]

    try:
        book: Any = openpyxl.load_workbook(  # pyright: ignore[reportUnknownMemberType]
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            f"Excel 文件无法读取（{type(exc).__name__}），请另存为 .xlsx 或 CSV 后再导入。"
        ) from None
    try:
        sheet: Any = book.worksheets[0]
        rows: list[list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return rows


def _cell(value: object) -> object:
    # Excel has no time zones: an aware datetime is written as its text.
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds") if value.tzinfo else value
    if value is None or isinstance(value, date | int | float | str):
        return value
    return str(value)


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx with one worksheet per ``Sheet``: bold header, frozen first row, column widths fitted to content.

    Written in openpyxl's write-only (streaming) mode: memory stays flat for a county-wide export.
    """
    import openpyxl  # pyright: ignore[reportMissingTypeStubs]
    from openpyxl.cell import WriteOnlyCell  # pyright: ignore[reportMissingTypeStubs]
    from openpyxl.styles import Font  # pyright: ignore[reportMissingTypeStubs]
    from openpyxl.utils import get_column_letter  # pyright: ignore[reportMissingTypeStubs]

    book: Any = openpyxl.Workbook(write_only=True)
    bold: Any = Font(bold=True)
    for spec in sheets:
        ws: Any = book.create_sheet(title=spec.title[:31])
        rows = [[_cell(v) for v in row] for row in spec.rows]
        widths = [len(h) * 2 + 2 for h in spec.header]
        for values in rows:
            for i, v in enumerate(values[: len(widths)]):
                if v is not None:
                    widths[i] = max(widths[i], min(_MAX_COLUMN_WIDTH, len(str(v)) * 2 + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        header: list[Any] = []
        for text in spec.header:
            cell: Any = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for values in rows:
            ws.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

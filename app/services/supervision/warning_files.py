"""Reading the monitoring platform's warning export (CSV or Excel) with a documented column mapping.

The mapping is data: ``resources/reference/warning_import_columns.json``. Summary (the file is authoritative):

==============  ===========  ========  ===========================================================================
field           label        required  accepted headers (spaces and full-/half-width brackets ignored)
==============  ===========  ========  ===========================================================================
external_no     预警单号      yes       预警单号, 预警编号, 预警单编号, 单据编号, 单据号
subject_name    姓名          yes       姓名, 预警对象, 预警对象姓名, 户主姓名
id_number       身份证号      yes       身份证号, 身份证号码, 公民身份号码, 证件号码 (GB 11643 check digit verified)
source_dept     预警来源      yes       预警来源, 来源部门, 数据来源, 推送部门, 预警来源部门 (value from source_depts)
warning_type    预警类型      yes       预警类型, 预警事项, 预警类别
pushed_on       推送日期      yes       推送日期, 预警日期, 下发日期, 推送时间, 返回日期 (YYYY-MM-DD, YYYY/M/D, 年月日, Excel date)
township_code   乡镇代码      no        乡镇代码, 乡镇（街道）代码, 所属乡镇代码, 乡镇街道代码
detail          预警内容      no        预警内容, 预警详情, 比对结果, 预警说明, 备注
==============  ===========  ========  ===========================================================================

The first row is the header. A header that matches no field is reported and ignored; a missing required column
refuses the whole file. CSV may be UTF-8 (with or without BOM) or GBK/GB18030 (Excel on Chinese Windows); Excel
files are read from their first sheet. Nothing here touches the database: the service validates each row further
(duplicates, townships) and imports it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from app.domain.errors import ValidationError
from app.services.supervision.excel import is_xlsx, read_first_sheet

COLUMNS_FILE = Path(__file__).resolve().parents[3] / "resources" / "reference" / "warning_import_columns.json"
COLUMNS_FORMAT = "dibao-warning-columns/1"
KINDS = frozenset({"text", "id_number", "dept", "date", "township"})

_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
_BRACKETS = str.maketrans({"（": "(", "）": ")", "\u3000": " "})


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    field: str
    label: str
    required: bool
    kind: str
    max_length: int | None
    headers: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    columns: tuple[ColumnSpec, ...]
    # Normalised alias → canonical department name.
    departments: Mapping[str, str]
    department_names: tuple[str, ...]

    def spec(self, field: str) -> ColumnSpec:
        return next(c for c in self.columns if c.field == field)

    def department(self, text: str) -> str | None:
        return self.departments.get(normalize_header(text))


def normalize_header(text: str) -> str:
    return "".join(str(text).translate(_BRACKETS).split()).lower()


def load_column_mapping(text: str | None = None) -> ColumnMapping:
    """The bundled mapping, or ``text`` (a JSON document of the same format)."""
    raw_text = text if text is not None else COLUMNS_FILE.read_text(encoding="utf-8")
    try:
        raw = cast(dict[str, Any], json.loads(raw_text))
        if raw.get("format") != COLUMNS_FORMAT:
            raise ValueError(f"format 应为 {COLUMNS_FORMAT}")
        columns: list[ColumnSpec] = []
        for item in cast(list[dict[str, Any]], raw["columns"]):
            kind = str(item["type"])
            if kind not in KINDS:
                raise ValueError(f"列 {item['field']} 的类型 {kind} 无效")
            max_length = item.get("max_length")
            columns.append(
                ColumnSpec(
                    field=str(item["field"]),
                    label=str(item["label"]),
                    required=bool(item["required"]),
                    kind=kind,
                    max_length=int(max_length) if max_length is not None else None,
                    headers=tuple(str(h) for h in cast(list[Any], item["headers"])),
                    description=str(item.get("description", "")),
                )
            )
        departments: dict[str, str] = {}
        for name, aliases in cast(dict[str, list[Any]], raw["source_depts"]).items():
            for alias in [name, *aliases]:
                departments[normalize_header(str(alias))] = name
        return ColumnMapping(
            tuple(columns), MappingProxyType(departments), tuple(cast(dict[str, Any], raw["source_depts"]))
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"预警导入列定义文件有误：{exc}") from None


@dataclass(frozen=True, slots=True)
class HeaderMap:
    by_index: Mapping[int, str]  # column index → field
    unknown: tuple[str, ...]  # header texts that match no field (ignored)
    missing: tuple[ColumnSpec, ...]  # required fields without a column (the file is refused)
    repeated: tuple[str, ...]  # header texts of a field that already had a column (ignored)


def map_header(cells: Sequence[object], mapping: ColumnMapping) -> HeaderMap:
    lookup = {normalize_header(h): c.field for c in mapping.columns for h in c.headers}
    by_index: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        if not text:
            continue
        field = lookup.get(normalize_header(text))
        if field is None:
            unknown.append(text)
        elif field in by_index.values():
            repeated.append(text)
        else:
            by_index[index] = field
    missing = tuple(c for c in mapping.columns if c.required and c.field not in by_index.values())
    return HeaderMap(MappingProxyType(by_index), tuple(unknown), missing, tuple(repeated))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date_cell(value: object) -> date | None:
    """A date from an Excel date cell or a typed text; None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(cell_text(value))
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValidationError("CSV 文件编码无法识别，请另存为 UTF-8 编码后再导入。") from None


def read_table(data: bytes, file_name: str) -> list[list[object]]:
    """All rows of the file (the header first). Excel (.xlsx) by content, otherwise CSV."""
    if is_xlsx(data):
        return read_first_sheet(data)
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿，请检查文件。")
    if file_name.lower().endswith(".xls"):
        raise ValidationError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入。")
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list[object](row) for row in csv.reader(io.StringIO(text), dialect)]


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int  # 1-based line number in the file, the header being line 1
    values: Mapping[str, object]  # field → cell value (absent: no column)


def file_rows(table: Sequence[Sequence[object]], header: HeaderMap) -> list[RawRow]:
    """Data rows by field; rows whose every cell is empty are skipped."""
    rows: list[RawRow] = []
    for offset, cells in enumerate(table[1:], start=2):
        if not any(cell_text(c) for c in cells):
            continue
        values = {field: cells[i] for i, field in header.by_index.items() if i < len(cells)}
        rows.append(RawRow(offset, MappingProxyType(values)))
    return rows

"""What every document shares: A4 pages, GB/T 9704-style typography, page numbers, watermark, form helpers.

Documents build a list of ReportLab flowables and hand it to :func:`build_pdf`. Text always goes through
:func:`para`, which escapes it, so a name containing ``<`` or ``&`` prints as typed. Paragraphs wrap CJK text
anywhere (``wordWrap="CJK"``) and tables split between rows (and inside a too-tall row), so long names, long
addresses and large households continue on the next page instead of running off it.

Output is reproducible: ReportLab's invariant mode fixes the creation date and the document ID, so the same
read model and the same fonts give the same bytes (golden-file tests rely on it).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import reportlab.lib.textsplit as _rl_textsplit
import reportlab.platypus.paragraph as _rl_paragraph
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.money import format_yuan
from app.services.documents import INTERNAL_WATERMARK
from reports.fonts import FontSet, resolve_fonts

# ReportLab's line-breaking (禁则) table knows Japanese marks but not Chinese full-width ones, so "，" could start
# a line; it now hangs at the end of the line before, as Chinese typesetting does.
_CN_NO_LINE_START = "，。、；：？！）》」』】〕”’"
for _module in (_rl_paragraph, _rl_textsplit):  # single-fragment paragraphs break in textsplit
    _cannot_start: str = getattr(_module, "ALL_CANNOT_START", "")
    setattr(  # noqa: B010  (the stub does not declare this module global)
        _module,
        "ALL_CANNOT_START",
        _cannot_start + "".join(c for c in _CN_NO_LINE_START if c not in _cannot_start),
    )

# Compressed streams are binary (flate) rather than flate + ASCII85: ASCII85 is pure Python in ReportLab and
# cost a quarter of a certificate batch for a text-safe PDF nobody needs.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
CREATOR = "低保入户通"

# Sizes in points by their Chinese names (号): 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9.
SIZE_2, SIZE_3, SIZE_4, SIZE_S4, SIZE_5, SIZE_S5 = 22.0, 16.0, 14.0, 12.0, 10.5, 9.0

GRID = colors.Color(0, 0, 0)
LABEL_FILL = colors.Color(0.93, 0.93, 0.93)
WATERMARK_GRAY = colors.Color(0.55, 0.55, 0.55, alpha=0.18)


@dataclass(frozen=True, slots=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


# GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm, type area 156 × 225 mm.
OFFICIAL_MARGINS = Margins(top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)
# Tables and forms need the width; the binding edge keeps its 25 mm.
FORM_MARGINS = Margins(top=22 * mm, bottom=22 * mm, left=25 * mm, right=18 * mm)


@dataclass(frozen=True, slots=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    doc_no: ParagraphStyle
    body: ParagraphStyle
    body_noindent: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    right: ParagraphStyle


def make_styles(fonts: FontSet, *, body_size: float = SIZE_4) -> Styles:
    def style(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.5)
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **kw)

    return Styles(
        title=style("title", fonts.title, SIZE_2, alignment=TA_CENTER, leading=SIZE_2 * 1.45, spaceAfter=6),
        subtitle=style("subtitle", fonts.body, SIZE_3, alignment=TA_CENTER, spaceAfter=4),
        doc_no=style("doc_no", fonts.body, SIZE_S4, alignment=TA_CENTER, spaceAfter=10),
        body=style(
            "body",
            fonts.body,
            body_size,
            alignment=TA_JUSTIFY,
            firstLineIndent=body_size * 2,
            leading=body_size * 1.75,
        ),
        body_noindent=style(
            "body_noindent", fonts.body, body_size, alignment=TA_LEFT, leading=body_size * 1.75
        ),
        heading=style("heading", fonts.title, SIZE_S4, spaceBefore=8, spaceAfter=4),
        cell=style("cell", fonts.body, SIZE_5, leading=SIZE_5 * 1.35),
        cell_center=style("cell_center", fonts.body, SIZE_5, leading=SIZE_5 * 1.35, alignment=TA_CENTER),
        cell_right=style("cell_right", fonts.body, SIZE_5, leading=SIZE_5 * 1.35, alignment=TA_RIGHT),
        label=style("label", fonts.title, SIZE_5, leading=SIZE_5 * 1.35, alignment=TA_CENTER),
        small=style("small", fonts.body, SIZE_S5, leading=SIZE_S5 * 1.5),
        right=style("right", fonts.body, body_size, alignment=TA_RIGHT, leading=body_size * 1.75),
    )


# --------------------------------------------------------------------------------------------------- text


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A wrapped paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def cn_date(value: date | datetime | None, *, blank: str = "　　年　　月　　日") -> str:
    if value is None:
        return blank
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    if value is None:
        return "　　年　　月　　日　　时　　分"
    return f"{cn_date(value)}{value.hour:02d}时{value.minute:02d}分"


def yuan(value: Decimal | None) -> str:
    return "" if value is None else format_yuan(value)


def boxes(options: Sequence[str], chosen: Iterable[str] = ()) -> str:
    """``■符合　□不符合　□待核``: filled for the chosen options, empty boxes for the pen."""
    picked = set(chosen)
    return "　".join(("■" if o in picked else "□") + o for o in options)


def line(width_chars: int = 8) -> str:
    return "_" * width_chars


# --------------------------------------------------------------------------------------------------- tables


def grid_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 0,
    label_cells: Iterable[tuple[int, int]] = (),
    spans: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
    min_row_height: float = 0,
) -> Table:
    """A ruled table; header rows repeat on every page and a too-tall row is split rather than overflowing."""
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), LABEL_FILL))
    for col, row in label_cells:
        cmds.append(("BACKGROUND", (col, row), (col, row), LABEL_FILL))
    for start, end in spans:
        cmds.append(("SPAN", start, end))
    table = Table(
        [[_cell(c) for c in r] for r in rows],
        colWidths=list(widths),
        repeatRows=header_rows,
        splitByRow=1,
        splitInRow=1,
        style=TableStyle(cmds),
        hAlign="CENTER",
        minRowHeights=[min_row_height] * len(rows) if min_row_height else None,
    )
    return table


def _cell(value: Any) -> Any:
    # A plain string cell would be drawn in the table's default font (Helvetica, not embedded): text goes
    # through para(); an empty cell becomes an empty flowable.
    if isinstance(value, str):
        if value:
            raise TypeError("table text must be a Paragraph (use para())")
        return Spacer(0, 0)
    return value


def kv_grid(
    pairs: Sequence[tuple[str, str]],
    st: Styles,
    width: float,
    *,
    columns: int = 2,
    label_ratio: float = 0.16,
) -> Table:
    """Label/value cells, ``columns`` pairs to a row; a pair whose value is long takes a whole row."""
    label_w = width * label_ratio
    value_w = (width - label_w * columns) / columns
    widths: list[float] = [w for _ in range(columns) for w in (label_w, value_w)]
    rows: list[list[Any]] = []
    labels: list[tuple[int, int]] = []
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        if not pending:
            return
        r = len(rows)
        row: list[Any] = []
        for i, (k, v) in enumerate(pending):
            labels.append((2 * i, r))
            row.extend([para(k, st.label), para(v, st.cell)])
        if len(pending) < columns:
            spans.append(((2 * len(pending) - 1, r), (2 * columns - 1, r)))
            row.extend([""] * (2 * (columns - len(pending))))
        rows.append(row)
        pending.clear()

    for key, value in pairs:
        if len(value) > 18 and columns > 1:
            flush()
            pending.append((key, value))
            flush()
            continue
        pending.append((key, value))
        if len(pending) == columns:
            flush()
    flush()
    return grid_table(rows, widths, label_cells=labels, spans=spans, min_row_height=20)


def section(title: str, st: Styles) -> list[Flowable]:
    return [CondPageBreak(40 * mm), para(title, st.heading)]


def text_block(title: str, text: str, st: Styles, *, blank_lines: int = 4) -> list[Flowable]:
    """A heading and free text that may run over pages; empty text leaves ruled lines for the pen."""
    out: list[Flowable] = [*section(title, st)]
    if text.strip():
        out.append(para(text, st.body_noindent))
    else:
        out.extend(para("_" * 60, st.body_noindent) for _ in range(blank_lines))
    return out


def signature_row(labels: Sequence[str], st: Styles, width: float, *, thumb: bool = False) -> Flowable:
    """ "调查人（签名）：______　日期：____年__月__日" cells; ``thumb`` adds a 按捺指印 box."""
    cells: list[Any] = []
    for label in labels:
        text = f"{label}（签名）：\n\n日期：{cn_date(None)}"
        if thumb:
            text += "\n（按捺指印）"
        cells.append(para(text, st.cell))
    per = width / max(1, len(labels))
    table = Table([cells], colWidths=[per] * len(cells), minRowHeights=[58 if not thumb else 72])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether([table])


def seal_block(issuer: str, on: date | None, st: Styles) -> Flowable:
    """Issuer and date at the right, with room for the seal (GB/T 9704 §7.3.5: 成文日期右空四字)."""
    return KeepTogether(
        [
            Spacer(1, 18 * mm),
            para(f"{issuer}（盖章）　　", st.right),
            para(f"{cn_date(on)}　　　　", st.right),
        ]
    )


class SectionStart(Flowable):
    """Zero-size marker: page numbers restart here ("第1页 共n页" per posted sheet or per document)."""

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        mark = getattr(self.canv, "mark_section", None)
        if callable(mark):
            mark(self.label)


# --------------------------------------------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class PageSpec:
    title: str  # PDF metadata and footer label
    doc_no: str = ""
    internal: bool = False  # watermark "仅限低保审核使用"
    margins: Margins = FORM_MARGINS
    footer_left: str = ""


def frame_width(spec: PageSpec) -> float:
    return PAGE_WIDTH - spec.margins.left - spec.margins.right


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so every footer can say "第x页 共y页" (per section)."""

    footer_font: str = ""
    footer_left: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._section_starts: list[int] = [0]

    def mark_section(self, label: str = "") -> None:
        index = len(self._pages)
        if index not in self._section_starts:
            self._section_starts.append(index)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # pyright: ignore[reportAttributeAccessIssue]  (ReportLab internal, no stub)

    def save(self) -> None:
        total = len(self._pages)
        starts = sorted(self._section_starts)
        for index, state in enumerate(self._pages):
            self.__dict__.update(state)
            first = max(s for s in starts if s <= index)
            nxt = [s for s in starts if s > first]
            count = (nxt[0] if nxt else total) - first
            self._draw_footer(index - first + 1, count)
            super().showPage()
        super().save()

    def _draw_footer(self, page: int, count: int) -> None:
        self.saveState()
        self.setFont(self.footer_font, SIZE_S5)
        self.setFillColor(colors.black)
        self.drawCentredString(PAGE_WIDTH / 2, 12 * mm, f"第{page}页 共{count}页")
        if self.footer_left:
            self.drawString(18 * mm, 12 * mm, self.footer_left)
        self.restoreState()


def _decorate(spec: PageSpec, fonts: FontSet) -> Callable[[Canvas, BaseDocTemplate], None]:
    def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        if not spec.internal:
            return
        canv.saveState()
        canv.setFont(fonts.body, SIZE_S5)
        canv.setFillColor(colors.black)
        canv.drawRightString(
            PAGE_WIDTH - spec.margins.right, PAGE_HEIGHT - 12 * mm, f"内部资料　{INTERNAL_WATERMARK}"
        )
        canv.setFillColor(WATERMARK_GRAY)
        canv.setFont(fonts.title, 34)
        for y in (0.28, 0.55, 0.82):
            canv.saveState()
            canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT * y)
            canv.rotate(32)
            canv.drawCentredString(0, 0, INTERNAL_WATERMARK)
            canv.restoreState()
        canv.restoreState()

    return on_page


def _table_fonts(flowables: Iterable[Any], font: str) -> None:
    """Tables select their cell font even for cells that hold only flowables; without this it is Helvetica,
    which would be referenced and not embedded."""
    for f in flowables:
        if isinstance(f, Table):
            f.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font)]))
            for row in f._cellvalues:  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownVariableType]
                _table_fonts((c for c in row if isinstance(c, Flowable)), font)  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        elif isinstance(f, KeepTogether):
            _table_fonts(f._content, font)  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownArgumentType]


def build_pdf(story: list[Flowable], spec: PageSpec, fonts: FontSet) -> bytes:
    _table_fonts(story, fonts.body)
    buf = io.BytesIO()
    m = spec.margins
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=m.left,
        rightMargin=m.right,
        topMargin=m.top,
        bottomMargin=m.bottom,
        title=spec.title,
        author=CREATOR,
        creator=CREATOR,
        producer=CREATOR,
        subject=spec.doc_no,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.body,
        initialFontSize=SIZE_S4,
    )
    frame = Frame(m.left, m.bottom, PAGE_WIDTH - m.left - m.right, PAGE_HEIGHT - m.top - m.bottom, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(spec, fonts))])

    footer_left = spec.footer_left

    class _Canvas(_NumberedCanvas):
        pass

    _Canvas.footer_font = fonts.body
    _Canvas.footer_left = footer_left
    doc.build(story, canvasmaker=_Canvas)
    return buf.getvalue()


def fonts_or_default(fonts: FontSet | None) -> FontSet:
    return fonts if fonts is not None else resolve_fonts()


__all__ = [
    "FORM_MARGINS",
    "OFFICIAL_MARGINS",
    "SIZE_3",
    "SIZE_4",
    "SIZE_5",
    "PageBreak",
    "PageSpec",
    "SectionStart",
    "Spacer",
    "Styles",
    "boxes",
    "build_pdf",
    "cn_date",
    "cn_datetime",
    "fonts_or_default",
    "frame_width",
    "grid_table",
    "kv_grid",
    "make_styles",
    "para",
    "seal_block",
    "section",
    "signature_row",
    "text_block",
    "yuan",
]

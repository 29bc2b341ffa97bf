"""《最低生活保障证》 (DOMAIN §8.10): drawn straight on the canvas, so a batch of a thousand stays fast.

The layout is computed first (wrapped lines, rows, pages) and drawn second, so each certificate knows its own
page count for "第x页 共y页". A household too large for one page continues on a "（续页）" page with the same
number; nothing is ever drawn past the border. The QR code carries the signed payload of
:func:`app.services.documents.sign_certificate_qr` and is drawn as one path (one PDF operator per dark run).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.domain.money import format_yuan, to_chinese_capital
from app.services.documents import CertificateDoc
from reports.fonts import FontSet
from reports.layout import CREATOR, cn_date, fonts_or_default

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
PAD = 7 * mm
LEFT = MARGIN + PAD
RIGHT = PAGE_W - MARGIN - PAD
TOP = PAGE_H - MARGIN - PAD
BOTTOM = MARGIN + PAD + 6 * mm  # the footer line sits below
WIDTH = RIGHT - LEFT

VALUE_SIZE = 12.0
LEADING = 17.0
LABEL_W = 27 * mm
CELL_PAD = 2.2 * mm
QR_SIZE = 30 * mm

REPRINT_RED = colors.Color(0.75, 0.05, 0.05)

NOTICES = (
    "家庭人口、收入、财产状况发生变化的，应当及时告知乡镇人民政府（街道办事处）（《中华人民共和国社会救助法》第四十六条）。",
    "以虚报、隐瞒、伪造等手段骗取最低生活保障金的，由民政部门责令退回，并依法给予处罚（《中华人民共和国社会救助法》第七十三条）。",
    "本证限本户使用，不得转借、涂改；遗失的，应及时向发证机关报告并申请补发。",
)


def render(doc: CertificateDoc, *, fonts: FontSet | None = None) -> bytes:
    return render_many([doc], fonts=fonts)


def render_many(docs: Sequence[CertificateDoc], *, fonts: FontSet | None = None) -> bytes:
    """One PDF with every certificate in ``docs``; every certificate is checked before the first is drawn."""
    for doc in docs:
        doc.require_complete()
    fonts = fonts_or_default(fonts)
    buf = io.BytesIO()
    canv = Canvas(
        buf,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.body,  # pyright: ignore[reportArgumentType]  (stub says float)
        initialFontSize=VALUE_SIZE,
    )
    canv.setTitle(CertificateDoc.TITLE)
    canv.setAuthor(CREATOR)
    canv.setCreator(CREATOR)
    canv.setProducer(CREATOR)
    painter = _Painter(canv, fonts)
    for doc in docs:
        painter.draw(doc)
    canv.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------- text fitting

_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’,.;:?!)]%")
_width_cache: dict[tuple[str, float], dict[str, float]] = {}


def _char_width(font: str, size: float, ch: str) -> float:
    table = _width_cache.setdefault((font, size), {})
    w = table.get(ch)
    if w is None:
        w = table[ch] = pdfmetrics.stringWidth(ch, font, size)
    return w


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; a closing mark never starts a line."""
    if "\n" not in text and pdfmetrics.stringWidth(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for ch in paragraph:
            w = _char_width(font, size, ch)
            if current and used + w > width and ch not in _NO_LINE_START:
                lines.append("".join(current))
                current, used = [], 0.0
            current.append(ch)
            used += w
        lines.append("".join(current))
    return lines


# --------------------------------------------------------------------------------------------------- layout


@dataclass(slots=True)
class _Row:
    """A grid row: one or two (label, value-lines) cells; values may be split across pages."""

    cells: list[tuple[str, list[str]]]

    @property
    def lines(self) -> int:
        return max(1, *(len(v) for _, v in self.cells))

    def height(self, lines: int | None = None) -> float:
        return (lines if lines is not None else self.lines) * LEADING + 2 * CELL_PAD


@dataclass(slots=True)
class _Page:
    rows: list[_Row] = field(default_factory=list[_Row])
    reviews: bool = False
    notices: bool = False
    closing: bool = False


class _Painter:
    def __init__(self, canv: Canvas, fonts: FontSet) -> None:
        self.c = canv
        self.fonts = fonts

    # -- layout -------------------------------------------------------------------------------------------

    def _rows(self, doc: CertificateDoc) -> list[_Row]:
        f = self.fonts.body
        half = WIDTH / 2 - LABEL_W - 2 * CELL_PAD
        full = WIDTH - LABEL_W - 2 * CELL_PAD

        def pair(a: tuple[str, str], b: tuple[str, str]) -> _Row:
            return _Row([(a[0], wrap(a[1], f, VALUE_SIZE, half)), (b[0], wrap(b[1], f, VALUE_SIZE, half))])

        def whole(label: str, value: str) -> _Row:
            return _Row([(label, wrap(value, f, VALUE_SIZE, full))])

        assert doc.monthly_amount is not None
        assert doc.start_month is not None
        amount = f"小写：￥{format_yuan(doc.monthly_amount)}元　　大写：人民币{to_chinese_capital(doc.monthly_amount)}"
        rows = [
            pair(("户主姓名", doc.head_name), ("家庭人口", f"{doc.household_size}人")),
            whole("家庭住址", doc.address),
            pair(("保障类别", doc.category), ("保障人数", f"{len(doc.covered_members)}人")),
            whole("保障成员", "、".join(doc.covered_members)),
            whole("月保障金额", amount),
            pair(
                ("起始年月", f"{doc.start_month.year}年{doc.start_month.month}月"),
                ("发放方式", doc.payment_method or "社会化发放"),
            ),
            whole("发证机关", doc.issuer),
            whole("发证日期", cn_date(doc.issued_on)),
        ]
        return rows

    def _paginate(self, doc: CertificateDoc) -> list[_Page]:
        header_h = self._header_height()
        review_h = self._review_height(doc)
        notices_h = self._notices_height()
        closing_h = QR_SIZE + 14 * mm
        pages = [_Page()]
        space = TOP - BOTTOM - header_h
        for row in self._rows(doc):
            while True:
                if row.height() <= space:
                    pages[-1].rows.append(row)
                    space -= row.height()
                    break
                fit = int((space - 2 * CELL_PAD) // LEADING)
                if fit >= 1:  # split the row: its first lines here, the rest continue overleaf
                    head = _Row([(k, v[:fit]) for k, v in row.cells])
                    row = _Row([(f"{k}（续）", v[fit:]) for k, v in row.cells])
                    pages[-1].rows.append(head)
                pages.append(_Page())
                space = TOP - BOTTOM - header_h
        for flag, h in (("reviews", review_h), ("notices", notices_h), ("closing", closing_h)):
            if h > space:
                pages.append(_Page())
                space = TOP - BOTTOM - header_h
            setattr(pages[-1], flag, True)
            space -= h
        return pages

    def _header_height(self) -> float:
        return 30 * mm

    def _review_height(self, doc: CertificateDoc) -> float:
        return 8 * mm + (max(3, len(doc.reviews)) + 1) * 7 * mm

    def _notice_lines(self) -> list[str]:
        out: list[str] = []
        for n, text in enumerate(NOTICES, start=1):
            out.extend(wrap(f"{n}．{text}", self.fonts.body, 9, WIDTH))
        return out

    def _notices_height(self) -> float:
        return 9 * mm + len(self._notice_lines()) * 13

    # -- drawing ------------------------------------------------------------------------------------------

    def draw(self, doc: CertificateDoc) -> None:
        pages = self._paginate(doc)
        for n, page in enumerate(pages, start=1):
            y = self._frame_and_header(doc, continued=n > 1)
            for row in page.rows:
                y = self._row(row, y)
            if page.reviews:
                y = self._reviews(doc, y - 4 * mm)
            if page.notices:
                y = self._notices(y - 3 * mm)
            if page.closing:
                self._closing(doc)
            self._footer(doc, n, len(pages))
            self.c.showPage()

    def _frame_and_header(self, doc: CertificateDoc, *, continued: bool) -> float:
        c = self.c
        c.setStrokeColor(colors.black)
        c.setLineWidth(1.6)
        c.rect(MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN)
        c.setLineWidth(0.5)
        inset = 1.6 * mm
        c.rect(MARGIN + inset, MARGIN + inset, PAGE_W - 2 * (MARGIN + inset), PAGE_H - 2 * (MARGIN + inset))

        title = doc.TITLE + ("（续页）" if continued else "")
        c.setFillColor(colors.black)
        c.setFont(self.fonts.title, 26 if not continued else 18)
        c.drawCentredString(PAGE_W / 2, TOP - 13 * mm, title)
        c.setFont(self.fonts.body, 11)
        c.drawString(LEFT, TOP - 24 * mm, f"证号：{doc.number}")
        if doc.reprint:
            label = f"补打件（第{doc.reprint}次补打）"
            c.setFont(self.fonts.title, 11)
            w = pdfmetrics.stringWidth(label, self.fonts.title, 11)
            c.setStrokeColor(REPRINT_RED)
            c.setFillColor(REPRINT_RED)
            c.setLineWidth(1)
            c.rect(RIGHT - w - 4 * mm, TOP - 26 * mm, w + 4 * mm, 7.5 * mm)
            c.drawString(RIGHT - w - 2 * mm, TOP - 24 * mm, label)
            c.setFillColor(colors.black)
            c.setStrokeColor(colors.black)
        return TOP - self._header_height()

    def _row(self, row: _Row, y: float) -> float:
        c = self.c
        h = row.height()
        per = WIDTH / len(row.cells)
        shaded = [(LEFT + i * per, y - h, LABEL_W, h) for i in range(len(row.cells))]
        plain = [(LEFT + i * per + LABEL_W, y - h, per - LABEL_W, h) for i in range(len(row.cells))]
        _boxes(c, shaded, plain)
        for i, (label, lines) in enumerate(row.cells):
            x = LEFT + i * per
            c.setFont(self.fonts.title, 10.5)
            c.drawCentredString(x + LABEL_W / 2, y - h / 2 - 3.5, label)
            c.setFont(self.fonts.body, VALUE_SIZE)
            ty = y - CELL_PAD - VALUE_SIZE + 1
            if len(lines) == 1:
                ty = y - h / 2 - VALUE_SIZE * 0.36
            for text in lines:
                c.drawString(x + LABEL_W + CELL_PAD, ty, text)
                ty -= LEADING
        return y - h

    def _reviews(self, doc: CertificateDoc, y: float) -> float:
        c = self.c
        c.setFont(self.fonts.title, 12)
        c.drawString(LEFT, y - 5 * mm, "复核记录")
        y -= 8 * mm
        cols = (("复核日期", 0.22), ("复核结果", 0.38), ("调整后金额（元/月）", 0.22), ("复核人", 0.18))
        rows: list[tuple[str, ...]] = [tuple(t for t, _ in cols)]
        for r in doc.reviews:
            amount = format_yuan(r.new_amount) if r.new_amount is not None else ""
            rows.append((cn_date(r.reviewed_on), r.result, amount, r.reviewer))
        while len(rows) < 4:
            rows.append(("", "", "", ""))
        rh = 7 * mm
        shaded: list[tuple[float, float, float, float]] = []
        plain: list[tuple[float, float, float, float]] = []
        texts: list[tuple[str, float, float, str]] = []
        for i, cells in enumerate(rows):
            x = LEFT
            for (_, frac), text in zip(cols, cells, strict=True):
                w = WIDTH * frac
                (shaded if i == 0 else plain).append((x, y - rh, w, rh))
                if text:
                    font = self.fonts.title if i == 0 else self.fonts.body
                    texts.append(
                        (font, x + w / 2, y - rh / 2 - 3.5, wrap(text, font, 10, w - 2 * CELL_PAD)[0])
                    )
                x += w
            y -= rh
        _boxes(c, shaded, plain)
        for font, cx, cy, text in texts:
            c.setFont(font, 10)
            c.drawCentredString(cx, cy, text)
        return y

    def _notices(self, y: float) -> float:
        c = self.c
        c.setFont(self.fonts.title, 12)
        c.drawString(LEFT, y - 5 * mm, "注意事项")
        y -= 9 * mm
        c.setFont(self.fonts.body, 9)
        for text in self._notice_lines():
            c.drawString(LEFT, y, text)
            y -= 13
        return y

    def _closing(self, doc: CertificateDoc) -> None:
        c = self.c
        base = BOTTOM + 2 * mm
        draw_qr(c, doc.qr_payload, LEFT, base + 5 * mm, QR_SIZE)
        c.setFont(self.fonts.body, 8)
        c.drawString(LEFT, base, "扫码核验（县级民政部门）")
        c.setFont(self.fonts.body, 12)
        c.drawRightString(RIGHT - 8 * mm, base + 20 * mm, f"{doc.issuer}（盖章）")
        c.drawRightString(RIGHT - 8 * mm, base + 12 * mm, cn_date(doc.issued_on))

    def _footer(self, doc: CertificateDoc, page: int, pages: int) -> None:
        c = self.c
        c.setFont(self.fonts.body, 9)
        c.drawCentredString(PAGE_W / 2, MARGIN + 3.5 * mm, f"第{page}页 共{pages}页")
        c.drawString(LEFT, MARGIN + 3.5 * mm, f"证号：{doc.number}")


def _boxes(
    canv: Canvas,
    shaded: list[tuple[float, float, float, float]],
    plain: list[tuple[float, float, float, float]],
) -> None:
    """Ruled cells, grey label cells filled: written as one block of operators (rect() formats every float)."""
    ops = ["q 0.6 w 0 G 0.93 g"]
    ops += [f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in shaded]
    if shaded:
        ops.append("B")
    ops += [f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in plain]
    if plain:
        ops.append("S")
    ops.append("Q")
    canv.addLiteral("\n".join(ops))


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (error correction M) for ``payload``; reportlab's encoder, mask chosen by the standard."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return [list(row) for row in code.modules]


def draw_qr(canv: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code with a 4-module quiet zone inside ``size``; dark runs of each row become one rectangle.

    Coordinates are in module units from the top-left module, so every number written is a small integer and
    the whole code is one fill operator (a thousand certificates would otherwise format a million floats).
    """
    modules = qr_matrix(payload)
    n = len(modules)
    unit = size / (n + 8)
    ops: list[str] = []
    for r, row in enumerate(modules):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{start} {r} {c - start} 1 re")
    canv.saveState()
    canv.translate(x + 4 * unit, y + size - 4 * unit)
    canv.scale(unit, -unit)
    canv.setFillColor(colors.black)
    canv.addLiteral("\n".join(ops) + "\nf")
    canv.restoreState()

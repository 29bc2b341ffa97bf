"""《最低生活保障金发放花名册》 for one township and month (DOMAIN §5.3); internal, accounts to the last 4."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.domain.money import to_chinese_capital
from app.services.documents import RosterDoc
from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    build_pdf,
    cn_date,
    fonts_or_default,
    frame_width,
    grid_table,
    make_styles,
    para,
    signature_row,
    yuan,
)

TITLE = RosterDoc.TITLE


def render(doc: RosterDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    month = f"{doc.month.year}年{doc.month.month}月"
    spec = PageSpec(
        title=TITLE,
        doc_no=str(doc.month),
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"{doc.township_name}　{month}",
    )
    width = frame_width(spec)
    out: list[Flowable] = [SectionStart(), para(TITLE, st.title)]
    out.append(para(f"{doc.township_name}　{month}　发放截止：{cn_date(doc.pay_by)}", st.subtitle))
    header = [
        "序号",
        "户主姓名",
        "村（居）",
        "保障\n人数",
        "金额（元）",
        "开户银行",
        "账号\n（后四位）",
        "备注",
    ]
    fractions = (0.07, 0.13, 0.2, 0.07, 0.13, 0.17, 0.1, 0.13)
    rows: list[list[Any]] = [[para(h, st.label) for h in header]]
    for n, ln in enumerate(doc.lines, start=1):
        rows.append(
            [
                para(str(n), st.cell_center),
                para(ln.head_name, st.cell),
                para(ln.village, st.cell),
                para(str(ln.covered_persons), st.cell_center),
                para(yuan(ln.amount), st.cell_right),
                para(ln.bank, st.cell),
                para(ln.account_masked[-4:] if ln.account_masked else "", st.cell_center),
                para(ln.note, st.cell),
            ]
        )
    rows.append(
        [
            para("合计", st.label),
            para(f"{len(doc.lines)}户", st.cell_center),
            "",
            para(str(doc.persons), st.cell_center),
            para(yuan(doc.total), st.cell_right),
            para(f"大写：人民币{to_chinese_capital(doc.total)}", st.cell),
            "",
            "",
        ]
    )
    last = len(rows) - 1
    table = grid_table(
        rows,
        [width * f for f in fractions],
        header_rows=1,
        spans=[((5, last), (7, last))],
        label_cells=[(0, last)],
    )
    out.append(table)
    out.append(Spacer(1, 12))
    labels = [
        f"制表人：{doc.prepared_by}" if doc.prepared_by else "制表人",
        f"审核人：{doc.reviewed_by}" if doc.reviewed_by else "审核人",
        f"{doc.issuer}负责人",
    ]
    out.append(signature_row(labels, st, width))
    return build_pdf(out, spec, fonts)

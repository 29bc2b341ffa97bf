"""公示 lists: the initial-opinion notice, the result notice and the leavers' notice (DOMAIN §8.8; 景民字〔2024〕40号 三(四)2).

One sheet per posting place: a 人户分离 household is listed on the sheet for its registered place and on the sheet
for where it lives. Columns are exactly those DOMAIN §8.8 allows, taken from :class:`PublicityRow`, which has no
field for anything private; an applicant under 18 is printed as "（未成年人）".
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from app.services.documents import PUBLICITY_TITLES, PublicityDoc, PublicityKind, PublicityRow
from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    Styles,
    build_pdf,
    cn_date,
    fonts_or_default,
    frame_width,
    grid_table,
    make_styles,
    para,
    seal_block,
    yuan,
)

MINOR_PLACEHOLDER = "（未成年人）"


def render(doc: PublicityDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    spec = PageSpec(title=PUBLICITY_TITLES[doc.kind], doc_no=doc.doc_no, margins=FORM_MARGINS)
    story: list[Flowable] = []
    for n, (place, rows) in enumerate(doc.sheets()):
        if n:
            story.append(PageBreak())
        story.append(SectionStart(place))
        story.extend(sheet(doc, place, rows, st, frame_width(spec)))
    return build_pdf(story, spec, fonts)


def sheet(
    doc: PublicityDoc, place: str, rows: tuple[PublicityRow, ...], st: Styles, width: float
) -> list[Flowable]:
    title = PUBLICITY_TITLES[doc.kind]
    out: list[Flowable] = [para(title, st.title), para(f"{doc.township_name}　{place}", st.subtitle)]
    if doc.doc_no:
        out.append(para(doc.doc_no, st.doc_no))
    if doc.kind is PublicityKind.INITIAL:
        assert doc.period_end is not None
        intro = (
            f"根据《中华人民共和国社会救助法》和《江西省最低生活保障操作规程》的规定，经入户调查、信息核对和"
            f"家庭经济状况评估，现将下列家庭的最低生活保障初审意见予以公示。公示期为{cn_date(doc.period_start)}"
            f"至{cn_date(doc.period_end)}。对公示内容有异议的，请在公示期内向下列电话反映，或提供书面意见。"
        )
        amount_header = "拟保障金额\n（元/月）"
    elif doc.kind is PublicityKind.LEAVER:
        intro = (
            "根据《中华人民共和国社会救助法》和《江西省最低生活保障操作规程》的规定，下列家庭经审核确认"
            "退出最低生活保障，予以公示。公示期限自确认退出之日起不少于半年。对公示内容有异议的，请向下列电话反映。"
        )
        amount_header = "原保障金额\n（元/月）"
    else:
        intro = (
            "根据《中华人民共和国社会救助法》和《江西省最低生活保障操作规程》的规定，下列家庭经审核确认"
            f"给予最低生活保障，予以公示。公示期限自{cn_date(doc.period_start)}起，至停止保障之日止。"
            "对公示内容有异议的，请向下列电话反映。"
        )
        amount_header = "保障金额\n（元/月）"
    out += [para(intro, st.body), Spacer(1, 6)]

    header = [
        "序号",
        "申请人\n（户主）",
        "村（居）/组",
        "家庭\n人口",
        "保障\n人数",
        "保障类别",
        amount_header,
    ]
    fractions = [0.06, 0.17, 0.24, 0.07, 0.07, 0.13, 0.13]
    if doc.kind is PublicityKind.INITIAL:
        header.append("初审意见")
        fractions.append(0.11)
    elif doc.kind is PublicityKind.LEAVER:
        header.append("退出日期")
        fractions.append(0.13)
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    data: list[list[Any]] = [[para(h, st.label) for h in header]]
    for n, row in enumerate(rows, start=1):
        cells: list[object] = [
            para(str(n), st.cell_center),
            para(MINOR_PLACEHOLDER if row.head_is_minor else row.head_name, st.cell),
            para(row.village, st.cell),
            para(str(row.household_size), st.cell_center),
            para(str(row.covered_persons), st.cell_center),
            para(row.category, st.cell_center),
            para(yuan(row.monthly_amount), st.cell_right),
        ]
        if doc.kind is PublicityKind.INITIAL:
            cells.append(para(row.opinion, st.cell_center))
        elif doc.kind is PublicityKind.LEAVER:
            cells.append(para(row.left_on.isoformat() if row.left_on else "", st.cell_center))
        data.append(cells)
    out.append(grid_table(data, widths, header_rows=1))
    out.append(Spacer(1, 8))
    out.append(para(f"乡镇（街道）监督电话：{doc.township_phone}", st.body_noindent))
    out.append(para(f"县级民政部门监督举报电话：{doc.county_hotline}", st.body_noindent))
    out.append(seal_block(doc.issuer, doc.posted_on, st))
    return out

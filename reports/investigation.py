"""《最低生活保障入户调查表》 (DOMAIN §8.2): filled from the captured visit for signing and the archive, or blank as
the paper backup when a laptop cannot go along. Internal: watermarked, identity numbers masked.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.services.documents import InvestigationDoc, MemberLine
from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    Styles,
    boxes,
    build_pdf,
    cn_datetime,
    fonts_or_default,
    frame_width,
    grid_table,
    kv_grid,
    make_styles,
    para,
    section,
    signature_row,
    text_block,
    yuan,
)

TITLE = InvestigationDoc.TITLE
METHODS = ("实地入户", "视频或电话（重大突发事件期间）")
CONCLUSIONS = ("符合", "不符合", "待核")
HARDSHIP_CAUSES = ("残疾", "重病", "孤寡", "单亲", "受灾", "失业", "缺乏劳动力", "其他")
BLANK_MEMBER_ROWS = 6
BLANK_INCOME_ROWS = 5


def render(doc: InvestigationDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    return _render(doc, fonts)


def render_blank(*, fonts: FontSet | None = None) -> bytes:
    """The paper version: same layout, empty cells and boxes."""
    return _render(None, fonts)


def _render(doc: InvestigationDoc | None, fonts: FontSet | None) -> bytes:
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    spec = PageSpec(
        title=TITLE,
        doc_no=doc.case_no if doc else "",
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"受理编号：{doc.case_no}" if doc else "受理编号：",
    )
    return build_pdf([SectionStart(), *story(doc, st, frame_width(spec))], spec, fonts)


def story(doc: InvestigationDoc | None, st: Styles, width: float) -> list[Flowable]:
    d = doc
    out: list[Flowable] = [para(TITLE, st.title)]
    out.append(
        kv_grid(
            [
                ("受理编号", d.case_no if d else ""),
                ("县（市、区）", d.county_name if d else ""),
                ("乡镇（街道）", d.township_name if d else ""),
                ("村（居）", d.village_name if d else ""),
                ("申请类别", boxes(("城市", "农村"), [d.area_label] if d else [])),
                ("调查时间", cn_datetime(d.investigated_at if d else None)),
                ("调查方式", boxes(METHODS, [d.method] if d else [])),
            ],
            st,
            width,
        )
    )

    out += section("一、家庭成员情况", st)
    header = [
        "姓名",
        "与申请人\n关系",
        "性别",
        "年龄",
        "身份证号",
        "健康状况",
        "残疾类别\n等级",
        "劳动能力",
        "就业/在校",
        "月收入\n（元）",
    ]
    fractions = [0.1, 0.08, 0.05, 0.05, 0.22, 0.09, 0.09, 0.07, 0.16, 0.09]
    widths = [width * f for f in fractions]
    members = list(d.members) if d else []
    rows: list[list[Any]] = [[para(h, st.label) for h in header]]
    rows += [_member_cells(m, st) for m in members]
    rows += [[""] * len(header) for _ in range(0 if members else BLANK_MEMBER_ROWS)]
    out.append(grid_table(rows, widths, header_rows=1, min_row_height=20))

    out += section("二、家庭收入情况", st)
    rows = [[para(h, st.label) for h in ("成员", "收入类别", "月收入（元）", "年收入（元）", "说明")]]
    incomes = list(d.incomes) if d else []
    rows += [
        [
            para(i.member, st.cell),
            para(i.category, st.cell),
            para(yuan(i.monthly), st.cell_right),
            para(yuan(i.annual), st.cell_right),
            para(i.note, st.cell),
        ]
        for i in incomes
    ]
    rows += [[""] * 5 for _ in range(0 if incomes else BLANK_INCOME_ROWS)]
    out.append(
        grid_table(rows, [width * f for f in (0.16, 0.22, 0.16, 0.16, 0.3)], header_rows=1, min_row_height=20)
    )

    out += section("三、住房、财产及生活支出", st)
    out.append(
        kv_grid(
            [
                ("住房类型", d.housing_type if d else "□商品房　□自建房　□安置房　□租住　□借住"),
                ("建筑面积（㎡）", d.housing_area if d else ""),
                ("装修程度", d.decoration if d else boxes(("无", "一般", "中等", "豪华"))),
                ("产权人", d.housing_owner if d else ""),
                ("耐用消费品及异常情况", d.durable_goods if d else ""),
                ("车辆、农机、牲畜", d.vehicles if d else ""),
                ("月生活支出（水电燃气、通讯、物业）", d.living_expenses if d else ""),
                ("刚性支出（医疗自付、教育）", d.rigid_expenses if d else ""),
                ("赡养（抚养、扶养）义务人情况", d.supporters if d else ""),
            ],
            st,
            width,
            columns=1,
            label_ratio=0.3,
        )
    )
    out += section("四、致困原因", st)
    causes = list(d.hardship_causes) if d else []
    extra = [c for c in causes if c not in HARDSHIP_CAUSES]
    text = boxes(HARDSHIP_CAUSES, causes) + (f"（{'、'.join(extra)}）" if extra else "")
    out.append(para(text, st.body_noindent))
    out += text_block("五、调查情况", d.findings if d else "", st, blank_lines=5)
    out += section("六、调查结论", st)
    out.append(para(boxes(CONCLUSIONS, [d.conclusion] if d and d.conclusion else []), st.body_noindent))
    out.append(Spacer(1, 8))

    signers = list(d.investigators) if d else []
    labels = [f"调查人：{s.name}（{s.unit}）" if s.unit else f"调查人：{s.name}" for s in signers if s.name]
    labels += ["调查人"] * (2 - len(labels))  # at least two boxes: the rest sign on paper
    out.append(signature_row(labels, st, width))
    out.append(Spacer(1, 6))
    interviewee = f"被调查人：{d.interviewee}" if d and d.interviewee else "被调查人"
    witness = f"村（居）见证人：{d.witness}" if d and d.witness else "村（居）见证人"
    out.append(signature_row([interviewee, witness], st, width, thumb=True))
    return out


def _member_cells(m: MemberLine, st: Styles) -> list[object]:
    return [
        para(m.name, st.cell),
        para(m.relation, st.cell_center),
        para(m.sex, st.cell_center),
        para("" if m.age is None else str(m.age), st.cell_center),
        para(m.id_masked, st.small),
        para(m.health, st.cell),
        para(m.disability, st.cell),
        para(m.labour, st.cell),
        para(m.occupation, st.cell),
        para(yuan(m.monthly_income), st.cell_right),
    ]

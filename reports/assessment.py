"""《家庭经济状况评估表》 (DOMAIN §8.6): every figure the benefit computation used, as it used it; internal."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.services.documents import AssessmentDoc, AssessmentTestLine
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
    kv_grid,
    make_styles,
    para,
    section,
    signature_row,
    yuan,
)

TITLE = AssessmentDoc.TITLE


def render(doc: AssessmentDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    spec = PageSpec(
        title=TITLE,
        doc_no=doc.case_no,
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"受理编号：{doc.case_no}",
    )
    width = frame_width(spec)
    out: list[Flowable] = [SectionStart(), para(TITLE, st.title)]
    out.append(
        kv_grid(
            [
                ("受理编号", doc.case_no),
                ("申请人", doc.applicant_name),
                ("乡镇（街道）", doc.township_name),
                ("村（居）", doc.village_name),
                ("评估基准日", cn_date(doc.computed_for)),
                ("收入计算期", doc.window),
            ],
            st,
            width,
        )
    )

    out += section("一、收入核算", st)
    rows: list[list[Any]] = [
        [
            para(h, st.label)
            for h in ("成员", "收入类别", "收入项目", "计算期金额（元）", "是否计入", "不计入原因")
        ]
    ]
    for ln in doc.income_lines:
        rows.append(
            [
                para(ln.member, st.cell),
                para(ln.category, st.cell),
                para(ln.subtype, st.cell),
                para(yuan(ln.window_amount), st.cell_right),
                para("计入" if ln.counted else "不计入", st.cell_center),
                para(ln.note, st.cell),
            ]
        )
    if not doc.income_lines:
        rows.append([para("无申报或核实的收入", st.cell), "", "", "", "", ""])
    out.append(grid_table(rows, [width * f for f in (0.13, 0.15, 0.2, 0.16, 0.1, 0.26)], header_rows=1))

    if doc.deductions:
        out += section("二、扣减项目", st)
        rows = [[para(h, st.label) for h in ("成员", "扣减项目", "月扣减额（元）")]]
        rows += [
            [para(d.member, st.cell), para(d.label, st.cell), para(yuan(d.monthly), st.cell_right)]
            for d in doc.deductions
        ]
        out.append(grid_table(rows, [width * f for f in (0.2, 0.55, 0.25)], header_rows=1))

    out += section("三、核算结果", st)
    out.append(
        kv_grid(
            [
                ("家庭月收入（元）", yuan(doc.household_monthly_income)),
                ("家庭人口", f"{doc.household_size}人"),
                ("月人均收入（元）", yuan(doc.per_capita_income)),
                (doc.standard_label, f"{yuan(doc.standard_used)}元/人·月"),
            ],
            st,
            width,
            label_ratio=0.2,
        )
    )

    out += section("四、财产状况", st)
    out.append(_tests(doc.asset_tests, ("财产项目", "结论", "核定值", "规定上限", "说明"), st, width))
    last = "五"
    if doc.supporter_tests:
        out += section("五、法定赡养（抚养、扶养）义务人", st)
        out.append(_tests(doc.supporter_tests, ("义务人", "结论", "", "", "说明"), st, width))
        last = "六"

    out += section(f"{last}、评估结论", st)
    pairs = [
        ("认定类别", doc.classification),
        ("保障方式", doc.method + (f"（{doc.tier}档）" if doc.tier else "")),
        ("保障人数", f"{doc.covered_persons}人"),
        ("拟保障金额", f"{yuan(doc.monthly_amount)}元/月"),
    ]
    if doc.reasons:
        pairs.append(("不符合原因", "；".join(doc.reasons)))
    out.append(kv_grid(pairs, st, width, label_ratio=0.2))
    if doc.rule_versions:
        out.append(Spacer(1, 4))
        out.append(para("所用规则版本：" + "；".join(doc.rule_versions), st.small))
    out.append(Spacer(1, 10))
    names = [s.name for s in doc.assessors]
    out.append(signature_row([f"评估人：{n}" for n in names] or ["评估人", "评估人", "审核人"], st, width))
    return build_pdf(out, spec, fonts)


def _tests(
    lines: tuple[AssessmentTestLine, ...], header: tuple[str, ...], st: Styles, width: float
) -> Flowable:
    rows: list[list[Any]] = [[para(h, st.label) for h in header]]
    for t in lines:
        rows.append(
            [
                para(t.label, st.cell),
                para(t.outcome, st.cell_center),
                para(t.measure, st.cell_right),
                para(t.limit, st.cell_right),
                para(t.note, st.cell),
            ]
        )
    if not lines:
        rows.append([para("未设置检验项目", st.cell), "", "", "", ""])
    return grid_table(rows, [width * f for f in (0.24, 0.14, 0.16, 0.16, 0.3)], header_rows=1)

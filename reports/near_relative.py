"""《最低生活保障经办人员近亲属备案表》 (DOMAIN §7.3, §8.12); internal, identity number masked."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.services.documents import NearRelativeDoc
from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    boxes,
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
)

TITLE = NearRelativeDoc.TITLE


def render(doc: NearRelativeDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    spec = PageSpec(
        title=TITLE,
        doc_no=doc.archive_no,
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"备案编号：{doc.archive_no}",
    )
    width = frame_width(spec)
    out: list[Flowable] = [SectionStart(), para(TITLE, st.title)]
    out.append(
        kv_grid(
            [
                ("备案编号", doc.archive_no),
                ("乡镇（街道）", doc.township_name),
                ("申请人", doc.applicant_name),
                ("身份证号", doc.applicant_id_masked),
                ("申报日期", cn_date(doc.declared_on)),
            ],
            st,
            width,
        )
    )
    out += section("一、有近亲属关系的经办人员", st)
    rows: list[list[Any]] = [
        [para(h, st.label) for h in ("姓名", "工作单位", "职务（岗位）", "与申请人关系")]
    ]
    rows += [
        [para(s.name, st.cell), para(s.unit, st.cell), para(s.post, st.cell), para(s.relation, st.cell)]
        for s in doc.staff
    ]
    out.append(
        grid_table(rows, [width * f for f in (0.2, 0.35, 0.25, 0.2)], header_rows=1, min_row_height=20)
    )
    out += section("二、回避情况", st)
    out.append(
        para(
            boxes(
                ["相关经办人员已回避本案的调查、审核和确认"],
                ["相关经办人员已回避本案的调查、审核和确认"] if doc.recusal_confirmed else [],
            ),
            st.body_noindent,
        )
    )
    out += section("三、县级民政部门核查情况", st)
    out.append(
        kv_grid(
            [
                ("核查日期", cn_date(doc.county_check_on)),
                ("核查人员", doc.county_checkers),
                ("核查结果", doc.county_check_result),
            ],
            st,
            width,
            columns=1,
            label_ratio=0.2,
        )
    )
    out.append(Spacer(1, 10))
    out.append(signature_row(["申请人", "经办人员", "乡镇（街道）负责人"], st, width))
    return build_pdf(out, spec, fonts)

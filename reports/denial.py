"""《最低生活保障不予同意告知书》 with its 送达回证 (DOMAIN §8.9; 社会救助法 第45条、第76条).

Reasons print as their enumerated label plus the specific facts and figures; remedies name the review body and
the court from configuration and the periods from :class:`~app.services.documents.RemedyPeriods`.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from app.services.documents import DENIAL_REASON_LABELS, DenialNoticeDoc, DenialReason, DenialReasonCode
from reports.fonts import FontSet
from reports.layout import (
    OFFICIAL_MARGINS,
    SIZE_3,
    PageSpec,
    SectionStart,
    Styles,
    boxes,
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

_CN_NUMS = "一二三四五六七八九十"
SERVICE_METHODS = ("直接送达", "留置送达", "邮寄送达", "委托村（居）送达")


def render(doc: DenialNoticeDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts, body_size=SIZE_3)
    spec = PageSpec(title=doc.TITLE, doc_no=doc.doc_no, margins=OFFICIAL_MARGINS)
    story: list[Flowable] = [SectionStart("notice"), *notice(doc, st)]
    story += [PageBreak(), SectionStart("service"), *service_receipt(doc, st, frame_width(spec))]
    return build_pdf(story, spec, fonts)


def notice(doc: DenialNoticeDoc, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [para(doc.TITLE, st.title), para(doc.doc_no, st.doc_no)]
    last4 = f"（公民身份号码后四位：{doc.applicant_id_last4[-4:]}）" if doc.applicant_id_last4 else ""
    out.append(para(f"{doc.applicant_name}{last4}：", st.body_noindent))
    applied = f"于{cn_date(doc.applied_on)}" if doc.applied_on else ""
    out.append(
        para(
            f"你（你家庭）{applied}提出的{doc.application_item}申请，本机关于{cn_date(doc.accepted_on)}受理。"
            f"经入户调查、邻里访问、信息核对和家庭经济状况评估，本机关于{cn_date(doc.decided_on)}作出决定："
            f"不予同意给予{doc.application_item}。现将有关事项告知如下：",
            st.body,
        )
    )
    out.append(para("一、不予同意的事实和理由", st.body))
    for n, reason in enumerate(doc.reasons):
        out.append(para(f"（{_CN_NUMS[n % 10]}）{reason_text(reason, doc.area_label)}", st.body))
    out.append(para("二、法律依据", st.body))
    out.append(para(f"依据{'、'.join(doc.legal_basis)}的有关规定。", st.body))
    out.append(para("三、救济途径", st.body))
    p = doc.remedy.periods
    out.append(
        para(
            f"如对本决定不服，可以自知道本决定之日起{p.review_days}日内向{doc.remedy.review_body}申请行政复议；"
            f"也可以自知道本决定之日起{p.litigation_months}个月内直接向{doc.remedy.court}提起行政诉讼。"
            f"申请行政复议后对复议决定不服的，可以自收到行政复议决定书之日起{p.after_review_days}日内"
            f"向人民法院提起行政诉讼。",
            st.body,
        )
    )
    out.append(para("四、其他事项", st.body))
    out.append(
        para(
            "你家庭经济状况发生变化、符合条件时，可以重新提出申请。生活确有困难的，可以申请临时救助，"
            "也可以咨询是否符合低保边缘家庭、刚性支出困难家庭等救助条件。",
            st.body,
        )
    )
    out.append(para("特此告知。", st.body))
    out.append(seal_block(doc.issuer, doc.issued_on, st))
    return out


def reason_text(reason: DenialReason, area_label: str) -> str:
    label = DENIAL_REASON_LABELS[reason.code]
    parts = [f"{label}。"]
    if reason.code is DenialReasonCode.INCOME_ABOVE_STANDARD:
        area = f"{area_label}" if area_label else ""
        parts.append(
            f"经核算，你家庭月人均收入为{yuan(reason.per_capita_income)}元，"
            f"当地{area}最低生活保障标准为每人每月{yuan(reason.standard)}元，月人均收入不低于保障标准。"
        )
    if reason.failed_tests:
        parts.append("具体情形：" + "；".join(reason.failed_tests) + "。")
    if reason.detail.strip():
        parts.append(reason.detail.strip())
    return "".join(parts)


def service_receipt(doc: DenialNoticeDoc, st: Styles, width: float) -> list[Flowable]:
    rows = [
        [para("送达文书", st.label), para(f"《{doc.TITLE}》{doc.doc_no}", st.cell)],
        [para("受送达人", st.label), para(doc.applicant_name, st.cell)],
        [para("送达机关", st.label), para(doc.issuer, st.cell)],
        [para("送达方式", st.label), para(boxes(SERVICE_METHODS), st.cell)],
        [para("送达地点", st.label), ""],
        [para("受送达人签名\n（按捺指印）", st.label), para("\n\n\n签收日期：" + cn_date(None), st.cell)],
        [para("代收人签名及\n与受送达人关系", st.label), ""],
        [para("送达人签名", st.label), para("\n\n送达日期：" + cn_date(None), st.cell)],
        [para("见证人签名\n（留置送达时）", st.label), ""],
        [para("备注", st.label), ""],
    ]
    table = grid_table(
        rows,
        [width * 0.24, width * 0.76],
        label_cells=[(0, r) for r in range(len(rows))],
        min_row_height=34,
    )
    return [para("送达回证", st.title), para(doc.doc_no, st.doc_no), Spacer(1, 4), table]

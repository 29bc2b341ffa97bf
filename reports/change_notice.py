"""《最低生活保障调整（终止）告知书》 (DOMAIN §8.11; 社会救助法 第48条) with its 送达回证.

A reduction or termination states that the family was heard first (听取意见记录) and gives the same remedies as a
denial notice.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from app.domain.money import to_chinese_capital
from app.services.documents import CHANGE_KIND_LABELS, CHANGE_REASON_LABELS, ChangeKind, ChangeNoticeDoc
from reports.denial import SERVICE_METHODS
from reports.fonts import FontSet
from reports.layout import (
    OFFICIAL_MARGINS,
    SIZE_3,
    PageSpec,
    SectionStart,
    Spacer,
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


def render(doc: ChangeNoticeDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts, body_size=SIZE_3)
    spec = PageSpec(title=doc.TITLE, doc_no=doc.doc_no, margins=OFFICIAL_MARGINS)
    story: list[Flowable] = [SectionStart("notice"), *notice(doc, st)]
    story += [PageBreak(), SectionStart("service"), *receipt(doc, st, frame_width(spec))]
    return build_pdf(story, spec, fonts)


def notice(doc: ChangeNoticeDoc, st: Styles) -> list[Flowable]:
    assert doc.old_amount is not None
    assert doc.effective_month is not None
    out: list[Flowable] = [para(doc.TITLE, st.title), para(doc.doc_no, st.doc_no)]
    last4 = f"（公民身份号码后四位：{doc.recipient_id_last4[-4:]}）" if doc.recipient_id_last4 else ""
    out.append(para(f"{doc.recipient_name}{last4}：", st.body_noindent))
    month = f"{doc.effective_month.year}年{doc.effective_month.month}月"
    old = f"{yuan(doc.old_amount)}元（{to_chinese_capital(doc.old_amount)}）"
    if doc.kind is ChangeKind.TERMINATE:
        decision = f"自{month}起停止发放你家庭的最低生活保障金（原每月{old}），终止最低生活保障。"
    else:
        assert doc.new_amount is not None
        new = f"{yuan(doc.new_amount)}元（{to_chinese_capital(doc.new_amount)}）"
        decision = f"自{month}起，你家庭的月保障金额由{old}调整为{new}（{CHANGE_KIND_LABELS[doc.kind]}）。"
    out.append(
        para(f"经审核，本机关于{cn_date(doc.issued_on)}作出决定：{decision}现将有关事项告知如下：", st.body)
    )
    out.append(para("一、调整（终止）的事实和理由", st.body))
    for n, reason in enumerate(doc.reasons):
        out.append(
            para(
                f"（{_CN_NUMS[n % 10]}）{CHANGE_REASON_LABELS[reason.code]}。{reason.facts.strip()}", st.body
            )
        )
    if doc.hearing is not None:
        h = doc.hearing
        out.append(para("二、听取意见情况", st.body))
        out.append(
            para(
                f"本机关于{cn_date(h.heard_on)}以{h.method}方式听取了你家庭的意见。你家庭的陈述：{h.statement}",
                st.body,
            )
        )
    out.append(para(("三" if doc.hearing else "二") + "、法律依据", st.body))
    out.append(para(f"依据{'、'.join(doc.legal_basis)}的有关规定。", st.body))
    p = doc.remedy.periods
    out.append(para(("四" if doc.hearing else "三") + "、救济途径", st.body))
    out.append(
        para(
            f"如对本决定不服，可以自知道本决定之日起{p.review_days}日内向{doc.remedy.review_body}申请行政复议；"
            f"也可以自知道本决定之日起{p.litigation_months}个月内直接向{doc.remedy.court}提起行政诉讼。"
            f"申请行政复议后对复议决定不服的，可以自收到行政复议决定书之日起{p.after_review_days}日内"
            f"向人民法院提起行政诉讼。",
            st.body,
        )
    )
    out.append(para("特此告知。", st.body))
    out.append(seal_block(doc.issuer, doc.issued_on, st))
    return out


def receipt(doc: ChangeNoticeDoc, st: Styles, width: float) -> list[Flowable]:
    rows = [
        [para("送达文书", st.label), para(f"《{doc.TITLE}》{doc.doc_no}", st.cell)],
        [para("受送达人", st.label), para(doc.recipient_name, st.cell)],
        [para("送达机关", st.label), para(doc.issuer, st.cell)],
        [para("送达方式", st.label), para(boxes(SERVICE_METHODS), st.cell)],
        [para("送达地点", st.label), ""],
        [para("受送达人签名\n（按捺指印）", st.label), para("\n\n\n签收日期：" + cn_date(None), st.cell)],
        [para("送达人签名", st.label), para("\n\n送达日期：" + cn_date(None), st.cell)],
        [para("见证人签名\n（留置送达时）", st.label), ""],
        [para("备注", st.label), ""],
    ]
    table = grid_table(
        rows, [width * 0.24, width * 0.76], label_cells=[(0, r) for r in range(len(rows))], min_row_height=34
    )
    return [para("送达回证", st.title), para(doc.doc_no, st.doc_no), Spacer(1, 4), table]

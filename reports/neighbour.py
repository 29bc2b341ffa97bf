"""《邻里访问记录》 (DOMAIN §8.3): one block per interview, filled or blank; internal, watermarked."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from app.services.documents import NEIGHBOUR_TOPICS, NeighbourInterview, NeighbourVisitDoc
from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    Styles,
    boxes,
    build_pdf,
    cn_date,
    fonts_or_default,
    frame_width,
    kv_grid,
    make_styles,
    para,
    signature_row,
    text_block,
)

TITLE = NeighbourVisitDoc.TITLE
RELATIONS = ("邻居", "村组干部", "同事", "其他")
BLANK_INTERVIEWS = 2


def render(doc: NeighbourVisitDoc, *, fonts: FontSet | None = None) -> bytes:
    doc.require_complete()
    return _render(doc, fonts)


def render_blank(*, fonts: FontSet | None = None) -> bytes:
    return _render(None, fonts)


def _render(doc: NeighbourVisitDoc | None, fonts: FontSet | None) -> bytes:
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    spec = PageSpec(
        title=TITLE,
        doc_no=doc.case_no if doc else "",
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"受理编号：{doc.case_no}" if doc else "受理编号：",
    )
    width = frame_width(spec)
    out: list[Flowable] = [SectionStart(), para(TITLE, st.title)]
    out.append(
        kv_grid(
            [
                ("受理编号", doc.case_no if doc else ""),
                ("申请人", doc.applicant_name if doc else ""),
                ("乡镇（街道）", doc.township_name if doc else ""),
                ("村（居）", doc.village_name if doc else ""),
            ],
            st,
            width,
        )
    )
    interviews: list[NeighbourInterview | None] = list(doc.interviews) if doc else [None] * BLANK_INTERVIEWS
    for n, iv in enumerate(interviews, start=1):
        out.extend(_interview(n, iv, st, width))
    out.append(Spacer(1, 8))
    labels = [f"访问人：{s.name}" for s in doc.investigators if s.name] if doc else []
    labels += ["访问人"] * (2 - len(labels))
    out.append(signature_row(labels, st, width))
    return build_pdf(out, spec, fonts)


def _interview(n: int, iv: NeighbourInterview | None, st: Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(70), para(f"第{n}次访问", st.heading)]
    relation = ""
    if iv is not None:
        relation = boxes(RELATIONS, [iv.relation]) if iv.relation in RELATIONS else iv.relation
    out.append(
        kv_grid(
            [
                ("访问日期", cn_date(iv.visited_on if iv else None)),
                ("访问地点", iv.place if iv else ""),
                ("被访问人", iv.interviewee_name if iv else ""),
                ("居住位置", iv.location if iv else ""),
                ("与申请家庭关系", relation or boxes(RELATIONS)),
                ("访问内容", boxes(NEIGHBOUR_TOPICS, iv.topics if iv else ())),
            ],
            st,
            width,
        )
    )
    out += text_block("被访问人陈述", iv.statement if iv else "", st, blank_lines=4)
    out += text_block("访问人意见", iv.opinion if iv else "", st, blank_lines=2)
    out.append(Spacer(1, 4))
    out.append(para("被访问人（签名，自愿）：________________　　日期：　　年　　月　　日", st.body_noindent))
    return out

"""Every document: required fields in the text, every font embedded, reproducible bytes, refusals, overflow."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from app.domain.money import to_chinese_capital
from app.services.documents import (
    INTERNAL_WATERMARK,
    ChangeKind,
    DenialReason,
    DenialReasonCode,
    DocumentIncomplete,
    MemberLine,
    PublicityKind,
    PublicityRow,
)
from reports import (
    assessment,
    certificate,
    change_notice,
    denial,
    investigation,
    near_relative,
    neighbour,
    publicity,
    roster,
)
from reports.catalog import render_blank, render_document
from reports.fonts import FontSet
from tests.reports import samples
from tests.reports.pdfcheck import all_chars, chars_outside, flat, font_problems, page_count, page_texts

Render = Callable[[FontSet], bytes]

DOCUMENTS: dict[str, Render] = {
    "certificate": lambda f: certificate.render(samples.certificate(), fonts=f),
    "denial": lambda f: denial.render(samples.denial(), fonts=f),
    "publicity-initial": lambda f: publicity.render(samples.publicity(), fonts=f),
    "publicity-result": lambda f: publicity.render(samples.publicity(PublicityKind.RESULT), fonts=f),
    "investigation": lambda f: investigation.render(samples.investigation(), fonts=f),
    "investigation-blank": lambda f: investigation.render_blank(fonts=f),
    "neighbour": lambda f: neighbour.render(samples.neighbour(), fonts=f),
    "neighbour-blank": lambda f: neighbour.render_blank(fonts=f),
    "assessment": lambda f: assessment.render(samples.assessment(), fonts=f),
    "near-relative": lambda f: near_relative.render(samples.near_relative(), fonts=f),
    "roster": lambda f: roster.render(samples.roster(), fonts=f),
    "change": lambda f: change_notice.render(samples.change_notice(), fonts=f),
}
INTERNAL = {
    "investigation",
    "investigation-blank",
    "neighbour",
    "neighbour-blank",
    "assessment",
    "near-relative",
    "roster",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_font_is_embedded_and_output_is_reproducible(name: str, fonts: FontSet) -> None:
    pdf = DOCUMENTS[name](fonts)
    assert pdf.startswith(b"%PDF-")
    assert font_problems(pdf) == []
    assert DOCUMENTS[name](fonts) == pdf, "same inputs must give the same bytes (invariant mode)"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_page_footer_and_watermark(name: str, fonts: FontSet) -> None:
    pdf = DOCUMENTS[name](fonts)
    pages = page_texts(pdf)
    assert "第1页 共" in pages[0]
    marked = INTERNAL_WATERMARK in all_chars(pdf) or INTERNAL_WATERMARK in "".join(pages)
    assert marked == (name in INTERNAL)


def test_certificate_fields(fonts: FontSet) -> None:
    doc = samples.certificate()
    t = flat(certificate.render(doc, fonts=fonts))
    assert doc.monthly_amount is not None
    for expected in (
        "最低生活保障证",
        f"证号：{doc.number}",
        doc.head_name,
        *doc.covered_members,
        "农村低保",
        "￥1,500.00元",
        "人民币" + to_chinese_capital(doc.monthly_amount),
        "壹仟伍佰元整",
        "2026年9月",
        doc.issuer,
        "2026年9月18日",
        "复核记录",
        "第四十六条",
    ):
        assert expected in t, expected
    assert "补打" not in t


def test_reprint_is_marked(fonts: FontSet) -> None:
    t = flat(certificate.render(samples.certificate(reprint=2), fonts=fonts))
    assert "补打件（第2次补打）" in t


def test_denial_fields(fonts: FontSet) -> None:
    doc = samples.denial()
    pages = page_texts(denial.render(doc, fonts=fonts))
    t = "".join("".join(pages).split())
    for expected in (
        "最低生活保障不予同意告知书",
        doc.doc_no,
        doc.applicant_name,
        f"公民身份号码后四位：{doc.applicant_id_last4}",
        "家庭月人均收入不低于当地最低生活保障标准",
        "950.00元",
        "900.00元",
        "人均金融资产：52,000.00元，规定上限45,000.00元",
        "《中华人民共和国社会救助法》",
        "60日内向浮梁县人民政府申请行政复议",
        "6个月内直接向浮梁县人民法院提起行政诉讼",
        "15日内",
        "特此告知",
    ):
        assert expected in t, expected
    # The 送达回证 is its own page with its own numbering.
    last = "".join(pages[-1].split())
    assert "送达回证" in last
    assert "第1页共1页" in last
    for method in ("直接送达", "留置送达", "邮寄送达", "委托村（居）送达"):
        assert method in last


def test_publicity_columns_and_one_sheet_per_place(fonts: FontSet) -> None:
    doc = samples.publicity()
    pages = page_texts(publicity.render(doc, fonts=fonts))
    # Row 2 is 人户分离: listed at its village and at 瓷都街道窑前社区, so there is one sheet more than villages.
    places = {p for r in doc.rows for p in r.posting_places}
    assert len(pages) == len(places) == 4
    for page in pages:
        t = "".join(page.split())
        # Two-line header cells interleave in extracted text, so each line is looked for on its own.
        for header in (
            "序号",
            "申请人",
            "（户主）",
            "村（居）/组",
            "人口",
            "人数",
            "保障类别",
            "拟保障金额",
            "初审意见",
        ):
            assert header in t, header
        assert "监督电话：0798-2620000" in t
        assert "监督举报电话：0798-12345" in t
        assert "公示期为2026年9月19日至2026年9月25日" in t
        assert "第1页共1页" in t
    both = doc.rows[1].head_name
    assert sum(both in p for p in pages) == 2


def test_result_publicity_runs_until_benefit_stops(fonts: FontSet) -> None:
    t = flat(publicity.render(samples.publicity(PublicityKind.RESULT), fonts=fonts))
    assert "最低生活保障对象公示" in t
    assert "至停止保障之日止" in t
    assert "初审意见" not in t


def test_minor_applicant_is_not_named_on_a_notice(fonts: FontSet) -> None:
    doc = samples.publicity()
    minor = dataclasses.replace(doc.rows[0], head_name="张小宝", head_is_minor=True)
    t = flat(publicity.render(dataclasses.replace(doc, rows=(minor, *doc.rows[1:])), fonts=fonts))
    assert "张小宝" not in t
    assert "（未成年人）" in t


def test_working_forms_fields(fonts: FontSet) -> None:
    inv = samples.investigation()
    t = flat(investigation.render(inv, fonts=fonts))
    for expected in (
        "最低生活保障入户调查表",
        inv.case_no,
        "浮梁县",
        "青岭镇",
        "桃源村",
        "■农村",
        "2026年9月21日09时30分",
    ):
        assert expected in t, expected
    for m in inv.members:
        assert m.name in t
        assert m.id_masked in t
    assert "■缺乏劳动力" in t and "■符合" in t
    assert "调查人：李娟（青岭镇民政办）" in t

    blank = flat(investigation.render_blank(fonts=fonts))
    assert "□城市□农村" in blank and "□符合□不符合□待核" in blank

    nb = samples.neighbour()
    t = flat(neighbour.render(nb, fonts=fonts))
    for iv in nb.interviews:
        assert iv.interviewee_name in t and iv.statement in t
    assert "■邻居" in t and "第2次访问" in t

    t = flat(assessment.render(samples.assessment(), fonts=fonts))
    for expected in (
        "家庭经济状况评估表",
        "月人均收入（元）310.00",
        "农村低保标准900.00元/人·月",
        "1,770.00元/月",
        "不计入",
    ):
        assert expected in t, expected

    nr = samples.near_relative()
    t = flat(near_relative.render(nr, fonts=fonts))
    assert nr.applicant_id_masked in t and "配偶的姐姐" in t and "■相关经办人员已回避" in t

    ro = samples.roster()
    t = flat(roster.render(ro, fonts=fonts))
    assert "最低生活保障金发放花名册" in t and "2026年9月" in t
    assert f"合计{len(ro.lines)}户" in t
    assert "人民币" + to_chinese_capital(ro.total) in t
    for ln in ro.lines:
        assert ln.head_name in t
        assert ln.account_masked not in t  # only the last 4 digits are printed
    ch = samples.change_notice()
    t = flat(change_notice.render(ch, fonts=fonts))
    for expected in (
        "1,500.00元（壹仟伍佰元整）",
        "900.00元（玖佰元整）",
        "（减发）",
        "当面方式听取",
        "2026年10月起",
        "送达回证",
    ):
        assert expected in t, expected
    t = flat(change_notice.render(samples.change_notice(ChangeKind.TERMINATE), fonts=fonts))
    assert "停止发放" in t and "终止最低生活保障" in t


@pytest.mark.parametrize(
    ("doc", "missing"),
    [
        (dataclasses.replace(samples.denial(), reasons=()), "不予同意的理由"),
        (
            dataclasses.replace(
                samples.denial(), reasons=(DenialReason(DenialReasonCode.INCOME_ABOVE_STANDARD),)
            ),
            "家庭月人均收入",
        ),
        (dataclasses.replace(samples.denial(), legal_basis=()), "法律依据"),
        (
            dataclasses.replace(samples.denial(), remedy=dataclasses.replace(samples.REMEDY, review_body="")),
            "行政复议机关",
        ),
        (dataclasses.replace(samples.certificate(), monthly_amount=None), "月保障金额"),
        (dataclasses.replace(samples.certificate(), covered_members=()), "保障成员"),
        (dataclasses.replace(samples.publicity(), county_hotline=""), "县级民政部门监督举报电话"),
        (dataclasses.replace(samples.investigation(), members=()), "家庭成员"),
        (dataclasses.replace(samples.neighbour(), interviews=()), "访问记录"),
        (dataclasses.replace(samples.change_notice(), hearing=None), "听取意见记录"),
        (dataclasses.replace(samples.roster(), lines=()), "发放家庭"),
    ],
)
def test_incomplete_documents_are_refused_listing_what_is_missing(
    doc: object, missing: str, fonts: FontSet
) -> None:
    with pytest.raises(DocumentIncomplete) as err:
        render_document(doc, fonts=fonts)  # type: ignore[arg-type]
    assert missing in str(err.value)
    assert str(err.value).startswith("无法生成《")


def test_refusal_lists_every_missing_item_at_once(fonts: FontSet) -> None:
    doc = dataclasses.replace(samples.denial(), reasons=(), legal_basis=(), accepted_on=None)
    with pytest.raises(DocumentIncomplete) as err:
        denial.render(doc, fonts=fonts)
    assert "受理日期、不予同意的理由、法律依据" in str(err.value)


def test_certificate_refuses_a_qr_signed_for_other_figures(fonts: FontSet) -> None:
    doc = dataclasses.replace(samples.certificate(), monthly_amount=Decimal("1800.00"))
    with pytest.raises(DocumentIncomplete, match="二维码"):
        certificate.render(doc, fonts=fonts)


LONG_NAME = "欧阳" * 30 + "长名字"
LONG_ADDRESS = "江西省景德镇市浮梁县青岭镇桃源村三组" * 8


def test_long_values_and_large_households_wrap_and_continue(fonts: FontSet) -> None:
    members = tuple(f"{LONG_NAME[:6]}{n}号" for n in range(160))
    cert = samples.signed(
        dataclasses.replace(
            samples.certificate(),
            head_name=LONG_NAME,
            address=LONG_ADDRESS,
            covered_members=members,
            household_size=160,
        )
    )
    pdf = certificate.render(cert, fonts=fonts)
    assert page_count(pdf) >= 2
    assert chars_outside(pdf, margin=20) == []
    t = flat(pdf)
    # Labels are vertically centred beside wrapped values, so extracted text has them between value lines.
    for label in ("户主姓名", "家庭人口", "160人", "家庭住址", "保障成员（续）", "保障成员"):
        t = t.replace(label, "")
    assert LONG_NAME in t and LONG_ADDRESS in t
    # A member name cut by a page break is split by that page's footer and the next page's header.
    pages = page_count(pdf)
    assert sum(m in t for m in members) >= len(members) - 2 * (pages - 1)
    assert "最低生活保障证（续页）" in t
    assert f"第1页共{page_count(pdf)}页" in t

    inv = samples.investigation()
    many = tuple(
        MemberLine(name=f"{LONG_NAME}{n}", relation="子女", id_masked="**************000" + str(n % 10))
        for n in range(60)
    )
    pdf = investigation.render(
        dataclasses.replace(inv, members=many, findings=LONG_ADDRESS * 20), fonts=fonts
    )
    assert page_count(pdf) >= 3
    assert chars_outside(pdf, margin=20) == []

    rows = tuple(
        PublicityRow(f"{LONG_NAME}{n}", LONG_ADDRESS, 3, 3, "农村低保", Decimal("900.00")) for n in range(80)
    )
    pub = dataclasses.replace(samples.publicity(), rows=rows)
    pdf = publicity.render(pub, fonts=fonts)
    assert page_count(pdf) >= 3
    assert chars_outside(pdf, margin=20) == []
    assert f"第1页共{page_count(pdf)}页" in flat(pdf)


def test_blank_forms_come_from_the_catalog(fonts: FontSet) -> None:
    from app.services.documents import DocumentKind

    assert "邻里访问记录" in flat(render_blank(DocumentKind.NEIGHBOUR, fonts=fonts))
    with pytest.raises(ValueError, match="no blank form"):
        render_blank(DocumentKind.CERTIFICATE, fonts=fonts)


def test_dates_print_in_chinese(fonts: FontSet) -> None:
    doc = dataclasses.replace(samples.denial(), decided_on=date(2026, 12, 31))
    assert "2026年12月31日作出决定" in flat(denial.render(doc, fonts=fonts))

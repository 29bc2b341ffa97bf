"""Certificate batch benchmark: 1,000 《最低生活保障证》 in one PDF, against bare ReportLab in the same run.

Scenario (scale 1.0): 1,000 certificates of seeded synthetic households (3–6 members), already issued (QR payloads
signed), rendered by ``reports.certificate.render_many`` into one PDF. Same run, same embedded font (the resolved
body/title faces), same strings:

* **bare strings**: a ReportLab canvas that draws exactly the strings our layout draws (wrapped lines, labels,
  notices, footers) with ``drawString``, one page per certificate, invariant mode, and nothing else;
* **bare strings + stock QR**: the same plus ReportLab's own ``QrCodeWidget`` for the same payload, drawn with
  ``renderPDF`` (what "bare ReportLab" does for a QR code);
* **ours without QR encoding**: ours with the QR module matrices computed beforehand, to show what the layout
  (grid, wrapping, pagination, boxes) costs on top of bare strings.

Time is the median of ``reps`` runs; peak memory is tracemalloc's peak for one run (Python allocations, the
fair part to compare: both sides hold the whole PDF in memory until ``save``). Signing 1,000 payloads (Ed25519,
done at issue time, not at print time) is timed on its own line.
"""

from __future__ import annotations

import dataclasses
import io
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.domain.synthetic import synthetic_households
from app.services.documents import CertificateDoc, certificate_claims, sign_certificate_qr
from app.workflow.rules import YearMonth
from bench.common import median_seconds, print_table, ratio, say, scaled, timed
from reports import certificate
from reports.certificate import NOTICES, _Painter  # pyright: ignore[reportPrivateUsage]
from reports.fonts import FontSet, resolve_fonts

CERTIFICATES = 1000
TARGET_RATIO = 1.5
TODAY = date(2026, 9, 18)
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def make_docs(count: int) -> list[CertificateDoc]:
    docs: list[CertificateDoc] = []
    for n, h in enumerate(synthetic_households(7, count, today=TODAY), start=1):
        doc = CertificateDoc(
            number=f"360222900-2026-{n:06d}",
            township_code="360222900",
            issuer="浮梁县青岭镇人民政府",
            head_name=h.head.name,
            address="浮梁县青岭镇桃源村三组",
            household_size=len(h.members),
            covered_members=tuple(p.name for p in h.members),
            category="农村低保",
            monthly_amount=Decimal(300 * len(h.members)).quantize(Decimal("0.01")),
            start_month=YearMonth(2026, 9),
            issued_on=TODAY,
            payment_method="中国农业银行　尾号" + h.bank_account[-4:],
        )
        docs.append(doc)
    return docs


def sign_all(docs: Sequence[CertificateDoc]) -> list[CertificateDoc]:
    public = KEY.public_key()
    return [
        dataclasses.replace(d, qr_payload=sign_certificate_qr(certificate_claims(d, public), KEY))
        for d in docs
    ]


def strings_of(doc: CertificateDoc, fonts: FontSet) -> list[str]:
    """Every string our layout draws for ``doc`` (one page)."""
    painter = _Painter(Canvas(io.BytesIO()), fonts)
    out = ["最低生活保障证", f"证号：{doc.number}"]
    for row in painter._rows(doc):  # pyright: ignore[reportPrivateUsage]
        for label, lines in row.cells:
            out.append(label)
            out.extend(lines)
    out += ["复核记录", "复核日期", "复核结果", "调整后金额（元/月）", "复核人", "注意事项"]
    out += painter._notice_lines()  # pyright: ignore[reportPrivateUsage]
    out += [
        "扫码核验（县级民政部门）",
        f"{doc.issuer}（盖章）",
        "2026年9月18日",
        "第1页 共1页",
        f"证号：{doc.number}",
    ]
    assert len(NOTICES) == 3
    return out


def bare(pages: Sequence[tuple[list[str], str]], fonts: FontSet, *, qr: bool) -> bytes:
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.body)  # pyright: ignore[reportArgumentType]
    for strings, payload in pages:
        y = 800.0
        canv.setFont(fonts.body, 12)
        for s in strings:
            canv.drawString(60, y, s)
            y -= 15
        if qr:
            widget = QrCodeWidget(payload)
            x0, y0, x1, y1 = widget.getBounds()
            size = 85.0
            drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
            drawing.add(widget)
            renderPDF.draw(drawing, canv, 60, 60)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def peak_mib(fn: Callable[[], bytes]) -> tuple[float, int]:
    """tracemalloc's peak for one call, and the size of the PDF it made."""
    tracemalloc.start()
    try:
        pdf = fn()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024), len(pdf)
    finally:
        tracemalloc.stop()


def main(scale: float = 1.0, reps: int = 3) -> dict[str, Any]:
    count = scaled(CERTIFICATES, scale, minimum=20)
    fonts = resolve_fonts()
    docs, sign_seconds = timed(lambda: sign_all(make_docs(count)))
    pages = [(strings_of(d, fonts), d.qr_payload) for d in docs]
    matrices = {d.qr_payload: certificate.qr_matrix(d.qr_payload) for d in docs}

    def ours() -> bytes:
        return certificate.render_many(docs, fonts=fonts)

    def ours_no_qr_encoding() -> bytes:
        original = certificate.qr_matrix
        certificate.qr_matrix = matrices.__getitem__  # type: ignore[assignment]
        try:
            return certificate.render_many(docs, fonts=fonts)
        finally:
            certificate.qr_matrix = original

    runs: dict[str, Callable[[], bytes]] = {
        "ours": ours,
        "ours, QR matrices precomputed": ours_no_qr_encoding,
        "bare strings": lambda: bare(pages, fonts, qr=False),
        "bare strings + stock QR widget": lambda: bare(pages, fonts, qr=True),
    }
    ours()  # warm-up: font subsetting tables, glyph widths
    seconds = {name: median_seconds(fn, reps) for name, fn in runs.items()}
    measured = {name: peak_mib(fn) for name, fn in runs.items()}
    memory = {name: m for name, (m, _) in measured.items()}
    sizes = {name: size for name, (_, size) in measured.items()}

    rows: list[list[object]] = []
    for name in runs:
        rows.append(
            [
                name,
                seconds[name],
                seconds[name] / count * 1000,
                ratio(seconds["ours"], seconds[name]) if name != "ours" else 1.0,
                memory[name],
                sizes[name] / 1024,
            ]
        )
    print_table(
        f"certificates: {count} in one PDF (median of {reps})",
        ["run", "seconds", "ms/cert", "ours ÷ this", "peak MiB (tracemalloc)", "PDF KiB"],
        rows,
    )
    vs_qr = ratio(seconds["ours"], seconds["bare strings + stock QR widget"])
    vs_strings = ratio(seconds["ours"], seconds["bare strings"])
    layout_only = ratio(seconds["ours, QR matrices precomputed"], seconds["bare strings"])
    say(f"\nsigning {count} QR payloads (Ed25519, at issue time): {sign_seconds:.2f} s")
    say(
        f"ours ÷ bare strings + stock QR: {vs_qr:.2f} (target ≤ {TARGET_RATIO}); "
        f"ours ÷ bare strings only: {vs_strings:.1f} (QR encoding dominates); "
        f"ours without QR encoding ÷ bare strings: {layout_only:.2f}"
    )
    return {
        "certificates": count,
        "seconds": seconds,
        "peak_mib": memory,
        "pdf_bytes": sizes,
        "sign_seconds": sign_seconds,
        "ratio_vs_bare_with_qr": vs_qr,
        "ratio_vs_bare_strings": vs_strings,
        "ratio_layout_only": layout_only,
        "target_ratio": TARGET_RATIO,
    }


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)

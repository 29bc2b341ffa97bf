"""Page images against committed goldens (pdftoppm, grey, 36 dpi). Regenerate with DIBAO_UPDATE_GOLDEN=1."""

from __future__ import annotations

import dataclasses

import pytest

from reports import certificate
from reports.fonts import FontSet
from tests.reports import samples
from tests.reports.pdfcheck import check_golden, difference, render_pages
from tests.reports.test_documents import DOCUMENTS

PAGES = {"denial": 2, "investigation": 2, "change": 2}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_pages_match_golden_images(name: str, fonts: FontSet) -> None:
    check_golden(name, DOCUMENTS[name](fonts), pages=PAGES.get(name, 1))


def test_a_changed_amount_is_outside_the_tolerance(fonts: FontSet) -> None:
    from decimal import Decimal

    from PIL import Image

    from tests.reports.pdfcheck import GOLDEN_DIR, PAGE_TOLERANCE, TILE_TOLERANCE

    doc = samples.signed(dataclasses.replace(samples.certificate(), monthly_amount=Decimal("1600.00")))
    (page,) = render_pages(certificate.render(doc, fonts=fonts), first=1, last=1)
    with Image.open(GOLDEN_DIR / "certificate-1.png") as im:
        whole, worst = difference(page, im.convert("L"))
    assert whole > PAGE_TOLERANCE or worst > TILE_TOLERANCE

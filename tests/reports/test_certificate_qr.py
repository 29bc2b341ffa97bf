"""The certificate's QR code: an Ed25519-signed payload a county tool verifies; drawn module for module."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.services.documents import (
    QR_SEPARATOR,
    CertificateQrInvalid,
    decode_certificate_qr,
    load_private_key,
    new_signing_key,
    verify_certificate_qr,
)
from reports import certificate
from reports.certificate import BOTTOM, LEFT, PAGE_H, QR_SIZE, qr_matrix
from reports.fonts import FontSet
from tests.reports import samples
from tests.reports.pdfcheck import render_pages

PUBLIC = samples.TEST_KEY.public_key()


def _with_field(payload: str, index: int, value: str) -> str:
    parts = payload.split(QR_SEPARATOR)
    parts[index] = value
    return QR_SEPARATOR.join(parts)


def test_payload_verifies_with_the_county_key_and_carries_no_personal_data() -> None:
    doc = samples.certificate()
    claims = verify_certificate_qr(doc.qr_payload, PUBLIC)
    assert claims.number == doc.number
    assert claims.monthly_amount == doc.monthly_amount
    assert claims.covered_persons == len(doc.covered_members)
    assert claims.start_month == "2026-09"
    assert doc.head_name not in doc.qr_payload
    # PEM and raw 32 bytes are accepted as well as key objects.
    assert verify_certificate_qr(
        doc.qr_payload, PUBLIC.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    assert verify_certificate_qr(doc.qr_payload, PUBLIC.public_bytes(Encoding.Raw, PublicFormat.Raw))


@pytest.mark.parametrize(
    ("index", "value"),
    [(3, "180000"), (3, "150001"), (1, "360222900-2026-000124"), (4, "4"), (5, "2026-08"), (6, "2026-09-19")],
)
def test_any_changed_field_fails(index: int, value: str) -> None:
    payload = samples.certificate().qr_payload
    forged = _with_field(payload, index, value)
    assert decode_certificate_qr(forged).fields()[index] == value
    with pytest.raises(CertificateQrInvalid, match="签名不符"):
        verify_certificate_qr(forged, PUBLIC)


def test_another_key_or_garbage_fails() -> None:
    payload = samples.certificate().qr_payload
    with pytest.raises(CertificateQrInvalid, match="签名密钥"):
        verify_certificate_qr(payload, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(CertificateQrInvalid):
        verify_certificate_qr("https://example.invalid/", PUBLIC)
    with pytest.raises(CertificateQrInvalid):
        verify_certificate_qr(payload[:-3], PUBLIC)


def test_county_key_pair_round_trip() -> None:
    private_pem, public_pem = new_signing_key()
    key = load_private_key(private_pem)
    doc = samples.signed(samples.certificate(), key)
    assert verify_certificate_qr(doc.qr_payload, public_pem).number == doc.number


def test_payload_stays_in_qr_alphanumeric_mode() -> None:
    payload = samples.certificate().qr_payload
    assert set(payload) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_printed_code_matches_the_payload_module_for_module(fonts: FontSet) -> None:
    doc = samples.certificate()
    dpi = 300
    (page,) = render_pages(certificate.render(doc, fonts=fonts), dpi=dpi)
    modules = qr_matrix(doc.qr_payload)
    n = len(modules)
    unit = QR_SIZE / (n + 8)
    x0, top = LEFT, BOTTOM + 2 * 72 / 25.4 + 5 * 72 / 25.4 + QR_SIZE  # see certificate._closing

    def pixel(r: int, c: int) -> int:
        x = x0 + (c + 4.5) * unit
        y = top - (r + 4.5) * unit
        return page.getpixel((round(x * dpi / 72), round((PAGE_H - y) * dpi / 72)))  # type: ignore[return-value]

    printed = [[pixel(r, c) < 128 for c in range(n)] for r in range(n)]
    assert printed == modules
    # A different payload gives a different code: the comparison can fail.
    other = qr_matrix(dataclasses.replace(doc, number="X").number + doc.qr_payload[4:])
    assert other != modules

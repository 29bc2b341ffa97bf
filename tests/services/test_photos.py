"""Photos into the encrypted store: decode in memory, strip GPS, keep capture time, downscale, refuse bad input."""

from __future__ import annotations

import hashlib
import io
import json
import os
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Attachment, OutboxEntry
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.services import field_records as fr
from app.services import photos
from app.services.photos import PhotoRejected, PhotoSettings, prepare_photo
from app.workflow.rules import Rule, RuleBook
from tests.forms.helpers import CaseSetup, add_investigators, jpeg_bytes, make_case, png_signature
from tests.support.scanner import scan


def _exif(data: bytes) -> tuple[dict[int, object], dict[int, object], dict[int, object]]:
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        return dict(exif), dict(exif.get_ifd(0x8769)), dict(exif.get_ifd(0x8825))


def test_photo_is_downscaled_gps_stripped_capture_time_kept_and_hashed() -> None:
    raw = jpeg_bytes((4000, 3000), marker="MARKER-CAMERA-MODEL")
    prepared = prepare_photo(raw, PhotoSettings())
    assert (prepared.width, prepared.height) == (1600, 1200)
    assert prepared.mime == "image/jpeg" and prepared.source_format == "JPEG"
    assert prepared.sha256 == hashlib.sha256(prepared.data).hexdigest()
    assert prepared.taken_at == "2026-09-18T10:30:00"
    ifd0, exif_ifd, gps = _exif(prepared.data)
    assert gps == {}
    assert ifd0.get(0x0132) == "2026:09:18 10:30:00" and exif_ifd.get(0x9003) == "2026:09:18 10:30:00"
    assert 0x010E not in ifd0 and b"MARKER-CAMERA-MODEL" not in prepared.data
    assert len(prepared.data) < len(raw)


def test_orientation_is_applied_so_the_stored_photo_is_upright() -> None:
    prepared = prepare_photo(jpeg_bytes((2000, 1000), orientation=6), PhotoSettings(max_long_edge=800))
    assert (prepared.width, prepared.height) == (400, 800)
    assert 0x0112 not in _exif(prepared.data)[0]


def test_long_edge_quality_and_gps_are_settings_and_rules_can_set_them() -> None:
    book = RuleBook(
        [
            Rule("photo.max_long_edge_px", 1024, "PX", date(2026, 1, 1), None, "县级设置 [A]"),
            Rule("photo.keep_gps", True, "FLAG", date(2026, 1, 1), None, "县级设置 [A]"),
        ]
    )
    settings = photos.photo_settings(book, date(2026, 9, 18))
    assert settings == replace(PhotoSettings(), max_long_edge=1024, keep_gps=True)
    assert photos.photo_settings(RuleBook([]), date(2026, 9, 18)) == PhotoSettings()
    prepared = prepare_photo(jpeg_bytes((3000, 2000)), settings)
    assert max(prepared.width, prepared.height) == 1024
    assert _exif(prepared.data)[2].get(1) == "N"
    small = prepare_photo(jpeg_bytes((800, 600)), PhotoSettings())
    assert (small.width, small.height) == (800, 600)  # never upscaled
    low = prepare_photo(jpeg_bytes((3000, 2000)), replace(PhotoSettings(), jpeg_quality=30))
    assert len(low.data) < len(prepare_photo(jpeg_bytes((3000, 2000)), PhotoSettings()).data)


def test_transparent_png_becomes_jpeg_on_white() -> None:
    prepared = prepare_photo(png_signature(), PhotoSettings())
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        assert im.getpixel((5, 5)) == (255, 255, 255)


def _truncated() -> bytes:
    raw = jpeg_bytes((1200, 900))
    return raw[: len(raw) // 3]


def _gif() -> bytes:
    buf = io.BytesIO()
    Image.new("P", (40, 40)).save(buf, "GIF")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("raw", "settings", "reason"),
    [
        (b"", PhotoSettings(), "文件是空的"),
        ("这不是图片".encode() * 50, PhotoSettings(), "不是图片文件"),
        (b"%PDF-1.7\n" + b"0" * 300, PhotoSettings(), "不是图片文件"),
        (_truncated(), PhotoSettings(), "图片已损坏"),
        (jpeg_bytes((1000, 800)), PhotoSettings(max_file_bytes=10_000), "超过上限"),
        (_gif(), PhotoSettings(), "不支持 GIF 格式"),
        (jpeg_bytes((3000, 3000)), PhotoSettings(max_pixels=4_000_000), "900 万像素，超过上限 400 万像素"),
    ],
    ids=["empty", "text", "pdf", "truncated-jpeg", "over-size-limit", "gif-not-allowed", "too-many-pixels"],
)
def test_bad_images_are_refused_with_a_chinese_reason(
    raw: bytes, settings: PhotoSettings, reason: str
) -> None:
    with pytest.raises(PhotoRejected) as refused:
        prepare_photo(raw, settings)
    assert reason in refused.value.message
    assert refused.value.message.startswith("图片未保存：")


@pytest.fixture
def case(store: OpenStore, clock: FixedClock) -> CaseSetup:
    setup = make_case(store, clock)
    return replace(setup, investigators=add_investigators(store, clock, ("inv_wang",)))


def _draft(store: OpenStore, clock: FixedClock, case: CaseSetup) -> tuple[Actor, str]:
    actor = case.investigators["inv_wang"]
    with store.unit_of_work() as session:
        ref = fr.start_record(
            session,
            actor,
            form_code="HOME_INVESTIGATION",
            case_id=case.case_id,
            clock=clock,
            data={"village": "桃源村"},
        )
    return actor, ref.id


def _state(session: Session, record_id: str) -> tuple[str, int, int, int]:
    return (
        fr.get_record(session, record_id).data_json,
        session.scalar(select(func.count()).select_from(Attachment)) or 0,
        session.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        audit.count_events(session),
    )


def test_photo_is_stored_in_the_same_transaction_as_the_record(
    store: OpenStore, clock: FixedClock, case: CaseSetup
) -> None:
    actor, record_id = _draft(store, clock, case)
    raw = jpeg_bytes((3000, 2000))
    with store.unit_of_work() as session:
        entry = fr.attach_photo(
            session,
            actor,
            record_id=record_id,
            field_key="photos",
            raw=raw,
            category="KITCHEN",
            caption="厨房",
            clock=clock,
        )
    with store.reading() as session:
        data = fr.get_record(session, record_id).data
        assert data["photos"] == [entry]
        stored = session.get(Attachment, uuid.UUID(entry["attachment_id"]))
        assert stored is not None and stored.kind == "PHOTO" and stored.category == "KITCHEN"
        assert str(stored.case_id) == case.case_id
        assert stored.sha256 == entry["sha256"] == hashlib.sha256(stored.data).hexdigest()
        assert photos.attachment_bytes(session, entry["attachment_id"]) == stored.data
        assert audit.count_events(session, "attachment.added") == 1

    # A failure later in the same unit of work rolls the photo back with everything else.
    def attach_then_fail() -> None:
        with store.unit_of_work() as session:
            fr.attach_photo(
                session,
                actor,
                record_id=record_id,
                field_key="photos",
                raw=raw,
                category="INTERIOR",
                caption="",
                clock=clock,
            )
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        attach_then_fail()
    with store.reading() as session:
        assert len(fr.get_record(session, record_id).data["photos"]) == 1
        assert session.scalar(select(func.count()).select_from(Attachment)) == 1


@pytest.mark.parametrize(
    ("raw", "category", "reason"),
    [
        (b"not an image at all" * 20, "EXTERIOR", "不是图片文件"),
        (_truncated(), "EXTERIOR", "图片已损坏"),
        (b"\xff\xd8\xff" + os.urandom(64), "EXTERIOR", "图片"),
        (jpeg_bytes((400, 300)), "SELFIE", "类别"),
    ],
    ids=["not-an-image", "truncated", "jpeg-magic-then-noise", "unknown-category"],
)
def test_a_refused_photo_leaves_the_record_untouched(
    store: OpenStore, clock: FixedClock, case: CaseSetup, raw: bytes, category: str, reason: str
) -> None:
    actor, record_id = _draft(store, clock, case)
    with store.unit_of_work() as session:
        before = _state(session, record_id)
        with pytest.raises(PhotoRejected, match=reason):
            fr.attach_photo(
                session,
                actor,
                record_id=record_id,
                field_key="photos",
                raw=raw,
                category=category,
                caption="x",
                clock=clock,
            )
        assert _state(session, record_id) == before
    with store.reading() as session:
        assert _state(session, record_id) == before
        assert json.loads(before[0]) == {"village": "桃源村"}


def test_over_size_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(jpeg_bytes((1000, 800)))
    with pytest.raises(PhotoRejected, match="超过上限"):
        photos.read_image_file(big, PhotoSettings(max_file_bytes=1000))
    with pytest.raises(PhotoRejected, match="无法读取文件"):
        photos.read_image_file(tmp_path / "missing.jpg", PhotoSettings())


def test_t19_no_plaintext_image_or_temporary_file_outside_the_store(
    store: OpenStore, clock: FixedClock, case: CaseSetup, tmp_path: Path
) -> None:
    actor, record_id = _draft(store, clock, case)
    tmpdir = Path(os.environ["TMPDIR"])
    before_tmp = sorted(tmpdir.rglob("*"))
    raw = jpeg_bytes((3000, 2000), marker="T19-MARKER-PHOTO")
    with store.unit_of_work() as session:
        entry = fr.attach_photo(
            session,
            actor,
            record_id=record_id,
            field_key="photos",
            raw=raw,
            category="INTERIOR",
            caption="室内",
            clock=clock,
        )
    with store.reading() as session:
        stored = photos.attachment_bytes(session, entry["attachment_id"])
    # Needles: slices of the stored JPEG and of the source; either in plaintext anywhere means a leak.
    needles = [stored[600:664], stored[-200:-136], raw[2000:2064], b"T19-MARKER-PHOTO", b"JFIF"]
    assert scan([store.paths.root, tmpdir], needles) == []
    assert sorted(tmpdir.rglob("*")) == before_tmp  # nothing new in TMPDIR at all

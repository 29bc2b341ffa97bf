"""Photos, scans and signatures into the encrypted store (decision 4; SECURITY T19).

An image is decoded in memory, checked (size, type, pixel count), turned upright, downscaled to a configurable long
edge and re-encoded; the new file keeps only the capture time from the EXIF data (GPS only when the setting keeps
it). Nothing is written outside the store: no temporary file, no thumbnail on disk (the UI makes thumbnails from the
stored bytes in memory). A refused image raises ``PhotoRejected`` before anything is written, so the record it was
meant for is untouched.

Camera capture is not offered here: PySide6-Essentials ships without QtMultimedia, so photos come from files.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import Attachment
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound, ValidationError
from app.domain.roles import Permission
from app.workflow.rules import RuleReader
from forms.definitions.common import PHOTO_CATEGORIES

KIND_PHOTO = "PHOTO"
KIND_SIGNATURE = "SIGNATURE"
KIND_SCAN = "SCAN"

JPEG_MIME = "image/jpeg"
PNG_MIME = "image/png"

_TAG_DATETIME = 0x0132
_TAG_ORIENTATION = 0x0112
_IFD_EXIF = 0x8769
_IFD_GPS = 0x8825
_TAG_DATETIME_ORIGINAL = 0x9003

_FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "BMP": "BMP", "TIFF": "TIFF", "GIF": "GIF"}


class PhotoRejected(ValidationError):
    code = "PHOTO_REJECTED"
    default_message = "图片未保存：{reason}"


@dataclass(frozen=True, slots=True)
class PhotoSettings:
    """Defaults; a county may override each through the rule table (``photo_settings``)."""

    max_long_edge: int = 1600
    jpeg_quality: int = 80
    max_file_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 64_000_000
    allowed_formats: frozenset[str] = frozenset({"JPEG", "PNG", "WEBP"})
    keep_gps: bool = False
    max_signature_bytes: int = 2 * 1024 * 1024


def photo_settings(rules: RuleReader, on: date, *, base: PhotoSettings | None = None) -> PhotoSettings:
    """Settings from the optional rule rows ``photo.*``; any row that is absent keeps the default."""
    settings = base or PhotoSettings()
    values: dict[str, Any] = {}
    for key, attr in (
        ("photo.max_long_edge_px", "max_long_edge"),
        ("photo.jpeg_quality", "jpeg_quality"),
        ("photo.max_file_bytes", "max_file_bytes"),
    ):
        rule = rules.find(key, on)
        if rule is not None:
            values[attr] = int(rule.value)
    rule = rules.find("photo.allowed_formats", on)
    if rule is not None:
        values["allowed_formats"] = frozenset(str(v).upper() for v in rule.value)
    rule = rules.find("photo.keep_gps", on)
    if rule is not None:
        values["keep_gps"] = bool(rule.value)
    return replace(settings, **values) if values else settings


@dataclass(frozen=True, slots=True)
class PreparedImage:
    data: bytes = field(repr=False)
    mime: str
    sha256: str
    width: int
    height: int
    # ISO date-time the camera recorded (EXIF DateTimeOriginal, else DateTime); None when absent.
    taken_at: str | None
    source_format: str


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    id: str
    kind: str
    mime: str
    sha256: str
    size: int
    category: str
    caption: str


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _open(raw: bytes, settings: PhotoSettings, allowed: Collection[str]) -> Image.Image:
    if not raw:
        raise PhotoRejected(reason="文件是空的")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise PhotoRejected(reason="不是图片文件，或图片格式无法识别") from None
        raise PhotoRejected(reason="图片像素过多，可能是损坏或恶意文件") from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoRejected(reason="图片已损坏，无法读取") from None
    fmt = (image.format or "").upper()
    if fmt not in allowed:
        image.close()
        names = "、".join(_FORMAT_LABELS.get(f, f) for f in sorted(allowed))
        raise PhotoRejected(reason=f"不支持 {_FORMAT_LABELS.get(fmt, fmt or '未知')} 格式，只接受 {names}")
    width, height = image.size
    if width * height > settings.max_pixels:
        image.close()
        raise PhotoRejected(
            reason=f"图片为 {width * height // 10_000} 万像素，超过上限 {settings.max_pixels // 10_000} 万像素"
        )
    return image


def _exif_time(exif: Image.Exif) -> str | None:
    raw = exif.get_ifd(_IFD_EXIF).get(_TAG_DATETIME_ORIGINAL) or exif.get(_TAG_DATETIME)
    if not isinstance(raw, str) or len(raw) < 19:
        return None
    text = raw.strip()[:19]
    return f"{text[:10].replace(':', '-')}T{text[11:19]}"


def prepare_photo(raw: bytes, settings: PhotoSettings) -> PreparedImage:
    """Decode, check, make upright, downscale, strip metadata, re-encode as JPEG. Pure: writes nothing anywhere."""
    if len(raw) > settings.max_file_bytes:
        raise PhotoRejected(reason=f"文件 {_mb(len(raw))} MB，超过上限 {_mb(settings.max_file_bytes)} MB")
    with _open(raw, settings, settings.allowed_formats) as image:
        source_format = (image.format or "").upper()
        try:
            exif = image.getexif()
            taken_at = _exif_time(exif)
            gps = dict(exif.get_ifd(_IFD_GPS)) if settings.keep_gps else {}
            orientation = exif.get(_TAG_ORIENTATION)
        except (OSError, ValueError, SyntaxError, KeyError, TypeError):
            taken_at, gps, orientation = (
                None,
                {},
                None,
            )  # unreadable metadata is dropped, not a reason to refuse
        edge = settings.max_long_edge
        try:
            # reducing_gap=1.0 lets the JPEG decoder scale by DCT first (4000 → 2000 px), so a 12 MP photo is never
            # decoded at full size; LANCZOS then takes it to the long edge. The default gap (2.0) asks the decoder
            # for ≥3200 px, which for a 4000 px photo means a full decode and a resize twice as slow (bench/forms).
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS, reducing_gap=1.0)
            image.load()
            upright = ImageOps.exif_transpose(image) if orientation not in (None, 1) else image
            picture = _to_rgb(upright)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise PhotoRejected(reason="图片已损坏，无法解码") from None
        out_exif = Image.Exif()
        if taken_at:
            stamp = taken_at.replace("-", ":").replace("T", " ")
            out_exif[_TAG_DATETIME] = stamp
            out_exif.get_ifd(_IFD_EXIF)[_TAG_DATETIME_ORIGINAL] = stamp
        if gps:
            out_exif.get_ifd(_IFD_GPS).update(gps)
        buffer = io.BytesIO()
        picture.save(
            buffer, "JPEG", quality=settings.jpeg_quality, exif=out_exif.tobytes() if len(out_exif) else b""
        )
        data = buffer.getvalue()
    return PreparedImage(
        data=data,
        mime=JPEG_MIME,
        sha256=hashlib.sha256(data).hexdigest(),
        width=picture.width,
        height=picture.height,
        taken_at=taken_at,
        source_format=source_format,
    )


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def prepare_signature(png: bytes, settings: PhotoSettings) -> PreparedImage:
    """A signature pad's PNG: must decode as PNG; re-encoded so no text chunk or other metadata survives."""
    if len(png) > settings.max_signature_bytes:
        raise PhotoRejected(
            reason=f"签名图片 {_mb(len(png))} MB，超过上限 {_mb(settings.max_signature_bytes)} MB"
        )
    with _open(png, settings, frozenset({"PNG"})) as image:
        try:
            image.load()
        except (OSError, ValueError, SyntaxError):
            raise PhotoRejected(reason="签名图片已损坏，无法解码") from None
        if image.mode in ("RGBA", "LA") and image.getbbox() is None:
            raise PhotoRejected(reason="签名是空白的")
        clean = image.convert("RGBA") if image.mode not in ("RGBA", "LA", "L", "1") else image.copy()
    buffer = io.BytesIO()
    clean.save(buffer, "PNG")
    data = buffer.getvalue()
    return PreparedImage(
        data, PNG_MIME, hashlib.sha256(data).hexdigest(), clean.width, clean.height, None, "PNG"
    )


def read_image_file(path: Path, settings: PhotoSettings) -> bytes:
    """Read a user-chosen file, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise PhotoRejected(reason=f"文件 {_mb(size)} MB，超过上限 {_mb(settings.max_file_bytes)} MB")
        return path.read_bytes()
    except PhotoRejected:
        raise
    except OSError as exc:
        raise PhotoRejected(reason=f"无法读取文件 {path.name}（{exc.strerror or exc}）") from None


def store_image(
    session: Session,
    actor: Actor,
    *,
    case_id: str | None,
    image: PreparedImage,
    kind: str,
    clock: Clock,
    category: str = "",
    caption: str = "",
) -> StoredAttachment:
    """Add the prepared bytes as an Attachment in the caller's transaction, audited and queued for sync."""
    attachment = Attachment(
        id=uuid.uuid4(),
        case_id=uuid.UUID(case_id) if case_id else None,
        kind=kind,
        category=category[:16],
        caption=caption[:200],
        mime=image.mime,
        sha256=image.sha256,
        size=len(image.data),
        data=image.data,
    )
    session.add(attachment)
    record_change(
        session,
        actor,
        at=clock.now(),
        entity_type="attachment",
        entity_id=str(attachment.id),
        op="create",
        fields={
            "case_id": case_id,
            "kind": kind,
            "category": attachment.category,
            "caption": attachment.caption,
            "mime": image.mime,
            "sha256": image.sha256,
            "size": attachment.size,
        },
        audit_action="attachment.added",
        audit_details={"kind": kind, "sha256": image.sha256, "size": attachment.size},
    )
    return StoredAttachment(
        str(attachment.id),
        kind,
        image.mime,
        image.sha256,
        attachment.size,
        attachment.category,
        attachment.caption,
    )


def attachment_bytes(session: Session, attachment_id: str) -> bytes:
    """The stored bytes, for an in-memory thumbnail or a print; never written to a file here."""
    attachment = session.get(Attachment, uuid.UUID(attachment_id))
    if attachment is None:
        raise NotFound(what=f"附件 {attachment_id}")
    return attachment.data


# --------------------------------------------------------------------------------------------------- case gallery


@dataclass(frozen=True, slots=True)
class CasePhoto:
    """One picture of a case for the case detail's 照片 tab (the bytes are read separately, a few at a time)."""

    id: str
    kind: str  # PHOTO | SCAN
    kind_label: str
    category_label: str
    caption: str
    taken_on: date


def case_photos(session: Session, actor: Actor, case_id: str) -> tuple[CasePhoto, ...]:
    """The photos and scanned documents filed with the case, oldest first. Signatures are not pictures of the
    household and are shown only on their form."""
    actor.require(Permission.VIEW_CASES)
    try:
        key = uuid.UUID(case_id)
    except ValueError:
        raise NotFound(what=f"案件 {case_id}") from None
    categories = {c.code: c.label for c in PHOTO_CATEGORIES}
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.case_id == key, Attachment.kind.in_(("PHOTO", "SCAN")))
        .order_by(Attachment.created_at, Attachment.id)
    )
    return tuple(
        CasePhoto(
            id=str(a.id),
            kind=a.kind,
            kind_label="照片" if a.kind == "PHOTO" else "扫描件",
            category_label=categories.get(a.category, a.category),
            caption=a.caption,
            taken_on=a.created_at.date(),
        )
        for a in rows
    )

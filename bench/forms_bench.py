"""Field capture (issue 4): rendering the home-investigation form, and storing a 12-megapixel photo.

Render: the 入户调查表 with a 10-member household and 20 stored photos (thumbnails read from the encrypted store and
made in memory), from construction to the first paint event, and the resident memory it adds, against an empty
QWidget shown the same way in the same run (the two take turns in every repetition).

Photo: one synthetic 4000×3000 camera JPEG with EXIF capture time and GPS, through ``field_records.attach_photo``
(decode in memory, strip GPS, downscale to 1600 px, re-encode at quality 80, SHA-256, write in one unit of work on
the encrypted store), against a full Pillow decode of the same file.

Run: ``python3 -m bench.forms_bench [--scale X]`` (``bench/run.py`` can dispatch it as ``forms``).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import current_rss_mib, peak_rss_mib, print_table, ratio, say, scaled

MEMBERS = 10
PHOTOS = 20


def _camera_jpeg(seed: int) -> bytes:
    """A 12 MP JPEG that compresses like a photo (noise, not flat colour), with capture time and GPS."""
    from PIL import Image, ImageDraw

    base = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    noise = Image.effect_noise((4000, 3000), 40 + seed % 7).convert("RGB")
    img = Image.blend(base, noise, 0.35)
    draw = ImageDraw.Draw(img)
    for n in range(12):
        x, y = (seed * 331 + n * 277) % 3500, (seed * 173 + n * 151) % 2600
        draw.rectangle((x, y, x + 400, y + 300), fill=((seed * 50 + n * 20) % 256, 120, 90))
    exif = Image.Exif()
    exif[0x0132] = "2026:09:18 10:30:00"
    exif.get_ifd(0x8769)[0x9003] = "2026:09:18 10:30:00"
    exif.get_ifd(0x8825).update({1: "N", 2: (29.0, 17.0, 30.5), 3: "E", 4: (117.0, 12.0, 1.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92, exif=exif.tobytes())
    return buf.getvalue()


def _setup(root: Path) -> tuple[Any, Any, Any, str]:
    from app.db.keyslots import KdfParams
    from app.db.store import create_store, unlock
    from app.domain.clock import FixedClock
    from app.domain.roles import Role
    from app.domain.synthetic import SyntheticGenerator
    from app.services import cases, reference
    from app.services.households import HouseholdInput, MemberInput, register_household

    clock = FixedClock(datetime(2026, 9, 18, 2, tzinfo=UTC))
    create_store(
        root,
        admin_login="admin",
        admin_password="bench-pass-1",
        admin_name="a",
        clock=clock,
        kdf=KdfParams(1, 1024, 1),
    )
    store = unlock(root, "admin", "bench-pass-1", clock=clock, verify=False)
    clerk = replace(store.actor, role=Role.WINDOW_CLERK)
    gen = SyntheticGenerator(3, today=clock.today())
    people = [gen.household().head for _ in range(MEMBERS)]
    with store.unit_of_work() as session:
        reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
        row = register_household(
            session,
            clerk,
            HouseholdInput(
                area_code="360222900001",
                members=tuple(
                    MemberInput(name=p.name, id_number=p.id_number, relation="本人" if n == 0 else "子女")
                    for n, p in enumerate(people)
                ),
            ),
            clock=clock,
        )
        case = cases.open_case(
            session, clerk, household_id=row.id, township_code="360222900", channel="WINDOW", clock=clock
        )
    return store, clock, people, case.id


def _members(people: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "id_type": "resident",
            "id_number": p.id_number,
            "relation": "本人" if n == 0 else "子女",
            "coresident": "是",
            "health": "健康",
            "disability_kind": "无",
            "labour_capacity": "有劳动能力",
            "employment": "务农",
            "special_status": ["其他"] if n % 3 == 0 else [],
        }
        for n, p in enumerate(people)
    ]


def _first_paint_seconds(make: Any) -> tuple[float, float, Any, float]:
    """Construct, show, spin the event loop until the window's first paint, then until every photo thumbnail is
    shown; (seconds to first paint, RSS MiB added, widget, seconds until the thumbnails are all in)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class _Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    gc.collect()
    rss_before = current_rss_mib()
    began = time.perf_counter()
    widget = make()
    painted = _Painted()
    widget.installEventFilter(painted)
    widget.resize(1000, 800)
    widget.show()
    while not painted.seen:
        QApplication.processEvents()
    elapsed = time.perf_counter() - began
    tiles = widget.editor("photos").tiles if hasattr(widget, "editor") else []
    while not all(t.has_image or t.no_preview for t in tiles):
        QApplication.processEvents()
    complete = time.perf_counter() - began
    return elapsed, current_rss_mib() - rss_before, widget, complete


def main(scale: float = 1.0) -> dict[str, Any]:
    from PIL import Image
    from PySide6.QtWidgets import QApplication, QWidget

    from app.domain.roles import Role
    from app.services import field_records as fr
    from app.services.photos import PhotoSettings, prepare_photo
    from forms.definitions import HOME_INVESTIGATION
    from ui.forms import FormRenderer, StoreFormBackend

    app = QApplication.instance() or QApplication([])
    reps = scaled(5, scale, 2)
    photo_count = scaled(10, scale, 2)
    with tempfile.TemporaryDirectory(prefix="dibao-forms-bench-") as tmp:
        store, clock, people, case_id = _setup(Path(tmp) / "store")
        actor = replace(store.actor, role=Role.INVESTIGATOR)
        try:
            # ---- photo path: the same bytes through the service and through a bare Pillow decode, in turns
            raws = [_camera_jpeg(n) for n in range(min(photo_count, 4))]
            with store.unit_of_work() as session:
                holder = fr.start_record(
                    session, actor, form_code="HOME_INVESTIGATION", case_id=case_id, clock=clock
                )
            store_s: list[float] = []
            decode_s: list[float] = []
            prepare_s: list[float] = []
            for n in range(photo_count):
                raw = raws[n % len(raws)]
                began = time.perf_counter()
                with Image.open(io.BytesIO(raw)) as im:
                    im.load()
                decode_s.append(time.perf_counter() - began)
                began = time.perf_counter()
                prepare_photo(raw, PhotoSettings())
                prepare_s.append(time.perf_counter() - began)
                began = time.perf_counter()
                with store.unit_of_work() as session:
                    fr.attach_photo(
                        session,
                        actor,
                        record_id=holder.id,
                        field_key="photos",
                        raw=raw,
                        category="EXTERIOR",
                        caption="",
                        clock=clock,
                    )
                store_s.append(time.perf_counter() - began)
            with store.reading() as session:
                stored = fr.get_record(session, holder.id).data["photos"]
            stored_size = statistics.median(len(r) for r in raws)

            # ---- a draft with 10 members and 20 photos (reusing the stored attachments)
            photos = [
                dict(stored[n % len(stored)], category="INTERIOR" if n % 2 else "EXTERIOR")
                for n in range(PHOTOS)
            ]
            data = {
                "village": "桃源村",
                "members": _members(people),
                "photos": photos,
                "findings": "调查情况" * 50,
            }
            backend = StoreFormBackend(
                store,
                actor,
                form_code="HOME_INVESTIGATION",
                case_id=case_id,
                clock=clock,
                record_id=holder.id,
            )

            form_s: list[float] = []
            base_s: list[float] = []
            form_mb: list[float] = []
            base_mb: list[float] = []
            thumbs_s: list[float] = []
            for _ in range(reps):
                seconds, mib, widget, _ = _first_paint_seconds(QWidget)
                base_s.append(seconds)
                base_mb.append(mib)
                widget.close()
                widget.deleteLater()
                app.processEvents()
                seconds, mib, widget, complete = _first_paint_seconds(
                    lambda: FormRenderer(
                        HOME_INVESTIGATION, today=clock.today(), data=data, backend=backend, read_only=True
                    )
                )
                form_s.append(seconds)
                form_mb.append(mib)
                thumbs_s.append(complete)
                widgets = len(widget.findChildren(QWidget))
                widget.close()
                widget.deleteLater()
                app.processEvents()
        finally:
            store.close()

    render = {
        "form_first_paint_ms": statistics.median(form_s) * 1000,
        "empty_first_paint_ms": statistics.median(base_s) * 1000,
        "ratio": ratio(statistics.median(form_s), statistics.median(base_s)),
        "thumbnails_ready_ms": statistics.median(thumbs_s) * 1000,
        "form_rss_added_mib": statistics.median(form_mb),
        "empty_rss_added_mib": statistics.median(base_mb),
        "widgets": widgets,
        "members": MEMBERS,
        "photos": PHOTOS,
        "reps": reps,
    }
    photo = {
        "store_ms": statistics.median(store_s) * 1000,
        "store_p90_ms": sorted(store_s)[int(0.9 * (len(store_s) - 1))] * 1000,
        "prepare_ms": statistics.median(prepare_s) * 1000,
        "pillow_decode_ms": statistics.median(decode_s) * 1000,
        "ratio": ratio(statistics.median(store_s), statistics.median(decode_s)),
        "source_kib": stored_size / 1024,
        "photos": photo_count,
    }
    print_table(
        f"入户调查表: {MEMBERS} members, {PHOTOS} photos, median of {reps} (vs an empty QWidget)",
        ["", "form", "empty QWidget", "ratio"],
        [
            [
                "first paint (ms)",
                render["form_first_paint_ms"],
                render["empty_first_paint_ms"],
                render["ratio"],
            ],
            ["all 20 thumbnails shown (ms)", render["thumbnails_ready_ms"], "", ""],
            ["RSS added (MiB)", render["form_rss_added_mib"], render["empty_rss_added_mib"], ""],
            ["widgets", widgets, 1, ""],
        ],
    )
    print_table(
        f"12 MP photo ({photo['source_kib']:.0f} KiB JPEG) stored, median of {photo_count}",
        ["", "ms"],
        [
            ["attach_photo (decode, strip, 1600 px, q80, hash, commit)", photo["store_ms"]],
            ["attach_photo p90", photo["store_p90_ms"]],
            ["prepare_photo alone (no store)", photo["prepare_ms"]],
            ["baseline: full Pillow decode", photo["pillow_decode_ms"]],
            ["ratio", photo["ratio"]],
        ],
    )
    say(f"peak RSS {peak_rss_mib():.0f} MiB")
    return {"render": render, "photo": photo, "peak_rss_mib": peak_rss_mib()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python3 -m bench.forms_bench")
    parser.add_argument("--scale", type=float, default=1.0)
    main(scale=parser.parse_args(sys.argv[1:]).scale)

"""Laptop side of USB bundles (SYNC.md §4.12): export what the county has not confirmed, import its return bundle.

The same change format and cursor rules as HTTPS: an upload bundle holds signed push batches; a return bundle holds
per-change results and pulled pages, applied page by page with the cursor in the same transaction. Importing a
bundle twice changes nothing; a bundle whose prerequisites are missing is refused with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter
from sqlalchemy import select

from app.db.models import Attachment, SyncBlob
from sync import local, signing
from sync.bundlefmt import FORMAT, BundleError, build, new_bundle_id, now_iso, open_bundle, verify
from sync.client import LocalStore, store_revocations
from sync.protocol import (
    MAX_BATCH_CHANGES,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    ChangeResult,
    PullResponse,
    PushBatch,
    RevocationList,
    batch_digest,
    batch_message,
)

__all__ = ["BundleError", "export_bundle", "import_bundle"]

_RESULTS = TypeAdapter(list[ChangeResult])
_PAGES = TypeAdapter(list[PullResponse])


def export_bundle(store: LocalStore, out: Path) -> str:
    if out.exists():
        raise BundleError(f"{out} 已存在，不会覆盖。")
    with store.reading() as s:
        ident = local.identity(s)
        if ident is None:
            raise BundleError("本设备还没有在县级登记，不能导出同步包。")
        first = local.first_unsettled(s) or local.device_seq_high(s) + 1
        high = local.device_seq_high(s)
        changes = local.changes_between(s, first, high) if high >= first else []
        cursors = local.all_cursors(s)
        epoch = local.get_state(s, "epoch")
        synced = set(s.scalars(select(SyncBlob.sha256).where(SyncBlob.state == "synced")))
        blobs = {
            sha: data
            for sha, data in s.execute(select(Attachment.sha256, Attachment.data))
            if sha not in synced
        }
        key = signing.sign_key_from(ident.sign_key)
        device_id, county_box, server_id, county_id, cert = (
            ident.device_id, ident.county_box_pubkey, ident.server_id, ident.county_id, ident.certificate_json,
        )  # fmt: skip
    bundle_id = new_bundle_id()
    session = f"bundle:{bundle_id}"
    files: dict[str, bytes] = {"cert.json": cert.encode()}
    for n, start in enumerate(range(0, len(changes), MAX_BATCH_CHANGES), start=1):
        part = changes[start : start + MAX_BATCH_CHANGES]
        digest = batch_digest(part)
        sig = signing.sign(
            key, batch_message(device_id, part[0].device_seq, part[-1].device_seq, digest, session)
        )
        batch = PushBatch(
            device_id=device_id, session=session, changes=part, batch_sha256=digest, batch_sig=sig
        )
        files[f"changes/{n:06d}.json"] = batch.model_dump_json().encode()
    for sha, data in blobs.items():
        files[f"blobs/{sha}"] = data
    township = json.loads(cert)["township_id"]
    fields = {
        "format": FORMAT, "protocol": PROTOCOL_VERSION, "bundle_id": bundle_id, "kind": "upload",
        "county_id": county_id, "township_id": township, "source": device_id, "target": server_id, "epoch": epoch,
        "created": now_iso(), "schema_version": SCHEMA_VERSION,
        "device_seq_range": [changes[0].device_seq, changes[-1].device_seq] if changes else [],
        "requires": cursors,
    }  # fmt: skip
    out.write_bytes(build(fields, files, key, county_box))
    return f"已导出同步包 {out}：记录 {len(changes)} 条，照片 {len(blobs)} 张。请交县级导入。"


def import_bundle(store: LocalStore, path: Path) -> str:
    with store.reading() as s:
        ident = local.identity(s)
        if ident is None:
            raise BundleError("本设备还没有在县级登记。")
        box = signing.box_key_from(ident.box_key)
        county_pub, device_id = ident.county_sign_pubkey, ident.device_id
        epoch = local.get_state(s, "epoch")
        cursors = local.all_cursors(s)
    manifest, sig, z = open_bundle(path.read_bytes(), box)
    if manifest.kind != "download" or manifest.target != device_id:
        raise BundleError("这个同步包不是县级发给本设备的回程包。")
    files = verify(manifest, sig, z, county_pub)
    if epoch is not None and manifest.epoch != epoch:
        raise BundleError(
            "同步包与本机记录的县级数据版本（纪元）不一致。请联网同步一次，或请县级重新生成回程包。"
        )
    missing = [s for s, need in manifest.requires.items() if cursors.get(s, 0) < need]
    if missing:
        raise BundleError(
            "缺少前一个回程同步包（" + "、".join(missing) + "）。请先导入更早的回程包，或联网同步。"
        )
    results = _RESULTS.validate_json(files["results.json"])
    blob_files = {p.removeprefix("blobs/"): d for p, d in files.items() if p.startswith("blobs/")}
    tally = local.PushTally()
    pulled = local.PullTally()
    with store.unit_of_work() as s:
        local.record_results(s, results, manifest.ack_through or 0, tally)
        store_revocations(s, RevocationList.model_validate_json(files["revocations.json"]), county_pub)
    for name in sorted(p for p in files if p.startswith("pages/")):
        for page in _PAGES.validate_json(files[name]):
            with store.unit_of_work() as s:
                current = local.cursor(s, page.stream)
                if page.next <= current:
                    continue
                items = [i for i in page.changes if i.server_seq > current]
                pending = local.pending_keys(s)

                def blob_source(sha: str, s=s) -> bytes | None:
                    return blob_files.get(sha) or local.local_blob(s, sha)

                _apply(s, page, items, pulled, pending, blob_source)
    with store.unit_of_work() as s:
        local.retry_unapplied(s, pending=local.pending_keys(s))
    return (
        f"已导入回程同步包：县级确认 {len(results)} 条（冲突 {tally.conflicts} 条，退回 {tally.rejected} 条），"
        f"收到县级数据 {pulled.received} 条。"
    )


def _apply(s, page, items, pulled, pending, blob_source) -> None:
    for item in items:
        local.apply_page(s, page.stream, [item], item.server_seq, pulled, pending=pending)
        if item.entity_type == "attachment" and item.data:
            from app.db.models import ServerShadow

            shadow = s.get(ServerShadow, (item.entity_type, item.entity_id))
            if (
                shadow is not None
                and not shadow.applied
                and (item.entity_type, item.entity_id) not in pending
            ):
                shadow.applied = local.apply_to_domain(
                    s, item.entity_type, item.entity_id, item.data, tombstone=item.tombstone, rev=item.rev,
                    blob_bytes=blob_source,
                )  # fmt: skip
    local.set_state(s, f"cursor:{page.stream}", str(page.next))

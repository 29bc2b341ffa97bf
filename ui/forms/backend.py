"""What the form widgets need from outside, as one small interface: save the draft, add or remove a photo, read a
photo's bytes for a thumbnail, sign a signature field, finalise — and ``run``, which says on which thread the slow ones
(photo saves, sign-off) go.

Widgets never touch SQLAlchemy (decision 11). ``StoreFormBackend`` is the simple synchronous implementation that runs
each call in its own unit of work on the calling thread (tests and benchmarks drive it directly). ``WorkerFormBackend``
is the one the app uses: the same calls, queued in order on the single database thread, results back by signal; a
result that arrives after the store was locked is dropped by the executor.

A photo or a signature is stored and written into the draft in one unit of work (``field_records.attach_photo`` /
``sign_field``), but the form on screen learns of it only when the result comes back. A draft save queued meanwhile
carries what was on screen, without it. So the backend remembers, on the thread that runs the calls, what it stored
(or removed) that the form has not yet sent back in a draft, and puts it into every draft it saves until the form
does: a draft never drops a stored photo or signature, even when the store is locked before the result arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from app.db import keyslots
from app.db.lockout import Lockout
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import AppError
from app.services import field_records, photos
from app.services.field_records import RecordView, SignOffInput
from app.services.photos import PhotoSettings

if TYPE_CHECKING:
    from ui.session import UserSession

T = TypeVar("T")

# run(work, on_done, on_error): ``work`` runs wherever the backend says; the callbacks run on the UI thread.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def run_now(
    work: Callable[[], T], on_done: Callable[[T], None], on_error: Callable[[BaseException], None]
) -> None:
    """The synchronous runner: the work and its callback before returning (tests, benchmarks, no store)."""
    try:
        result = work()
    except Exception as exc:  # the same contract as the executor: failures reach on_error, never the caller
        on_error(exc)
        return
    on_done(result)


class FormBackend(Protocol):
    def save_draft(self, data: dict[str, Any]) -> None: ...

    def add_photo(self, field_key: str, path: Path, category: str, caption: str) -> dict[str, Any]: ...

    def remove_photo(self, field_key: str, attachment_id: str) -> None: ...

    def photo_bytes(self, attachment_id: str) -> bytes: ...

    def sign_field(self, field_key: str, png: bytes, signer_name: str) -> dict[str, Any]: ...

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None: ...


class CallbackBackend:
    """The simplest backend: one synchronous ``save(data)`` callable, e.g. a test's list or the lead's DB-worker hop.

    Photo and signature fields need a store; with this backend they refuse with a message instead.
    """

    def __init__(self, save: Callable[[dict[str, Any]], None]) -> None:
        self._save = save
        self.run: Runner = run_now

    def save_draft(self, data: dict[str, Any]) -> None:
        self._save(data)

    def add_photo(self, field_key: str, path: Path, category: str, caption: str) -> dict[str, Any]:
        raise AppError("此处不能添加照片：表单未连接数据库。")

    def remove_photo(self, field_key: str, attachment_id: str) -> None:
        raise AppError("此处不能删除照片：表单未连接数据库。")

    def photo_bytes(self, attachment_id: str) -> bytes:
        raise AppError("此处不能读取照片：表单未连接数据库。")

    def sign_field(self, field_key: str, png: bytes, signer_name: str) -> dict[str, Any]:
        raise AppError("此处不能签名：表单未连接数据库。")


class StoreFormBackend:
    """One record of one form, kept in the encrypted store; the draft is created on the first save."""

    def __init__(
        self,
        store: OpenStore,
        actor: Actor,
        *,
        form_code: str,
        case_id: str | None,
        clock: Clock,
        record_id: str | None = None,
        settings: PhotoSettings | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.form_code = form_code
        self.case_id = case_id
        self.clock = clock
        self.record_id = record_id
        self.settings = settings or PhotoSettings()
        self.saves = 0
        self.run: Runner = run_now
        # Touched only by the calls themselves, i.e. on the one thread that runs them (the database worker):
        # per field, photo entries stored and signature entries signed that no draft of the form has shown yet, and
        # attachment ids removed that the form's drafts may still name.
        self._unseen_photos: dict[str, list[dict[str, Any]]] = {}
        self._removed_photos: dict[str, set[str]] = {}
        self._unseen_signatures: dict[str, dict[str, Any]] = {}

    def _ensure_record(self, data: dict[str, Any] | None = None) -> str:
        if self.record_id is None:
            with self.store.unit_of_work() as session:
                ref = field_records.start_record(
                    session,
                    self.actor,
                    form_code=self.form_code,
                    case_id=self.case_id,
                    clock=self.clock,
                    data=data,
                )
            self.record_id = ref.id
        return self.record_id

    def save_draft(self, data: dict[str, Any]) -> None:
        data = self._with_unseen(data)
        if self.record_id is None:
            self._ensure_record(data)
        else:
            with self.store.unit_of_work() as session:
                field_records.save_draft(
                    session, self.actor, record_id=self.record_id, data=data, clock=self.clock
                )
        self.saves += 1

    def _with_unseen(self, data: dict[str, Any]) -> dict[str, Any]:
        """The form's draft plus what was stored or removed since the form last heard (see the module docstring).

        A change the form's draft already shows is forgotten here: from then on the form decides."""
        merged = dict(data)
        for key, stored in list(self._unseen_photos.items()):
            entries = _photo_entries(data.get(key))
            shown = {str(e.get("attachment_id")) for e in entries}
            waiting = [e for e in stored if str(e.get("attachment_id")) not in shown]
            if waiting:
                self._unseen_photos[key] = waiting
                merged[key] = [*entries, *(dict(e) for e in waiting)]
            else:
                del self._unseen_photos[key]
        for key, removed in list(self._removed_photos.items()):
            entries = _photo_entries(merged.get(key))
            kept = [e for e in entries if str(e.get("attachment_id")) not in removed]
            if len(kept) != len(entries):
                merged[key] = kept
            else:
                del self._removed_photos[key]  # the form's drafts no longer name them
        for key, entry in list(self._unseen_signatures.items()):
            if _same_attachment(data.get(key), entry):
                del self._unseen_signatures[key]
            else:
                merged[key] = dict(entry)
        return merged

    def add_photo(self, field_key: str, path: Path, category: str, caption: str) -> dict[str, Any]:
        raw = photos.read_image_file(path, self.settings)
        record_id = self._ensure_record()
        with self.store.unit_of_work() as session:
            entry = field_records.attach_photo(
                session,
                self.actor,
                record_id=record_id,
                field_key=field_key,
                raw=raw,
                category=category,
                caption=caption,
                clock=self.clock,
                settings=self.settings,
            )
        # Committed: the stored draft names the photo, and every later draft must until the form shows it.
        self._unseen_photos.setdefault(field_key, []).append(dict(entry))
        return entry

    def remove_photo(self, field_key: str, attachment_id: str) -> None:
        with self.store.unit_of_work() as session:
            field_records.remove_photo(
                session,
                self.actor,
                record_id=self._ensure_record(),
                field_key=field_key,
                attachment_id=attachment_id,
                clock=self.clock,
            )
        unseen = [
            e for e in self._unseen_photos.get(field_key, []) if e.get("attachment_id") != attachment_id
        ]
        if unseen:
            self._unseen_photos[field_key] = unseen
        else:
            self._unseen_photos.pop(field_key, None)
        self._removed_photos.setdefault(field_key, set()).add(attachment_id)

    def photo_bytes(self, attachment_id: str) -> bytes:
        with self.store.reading() as session:
            return photos.attachment_bytes(session, attachment_id)

    def sign_field(self, field_key: str, png: bytes, signer_name: str) -> dict[str, Any]:
        record_id = self._ensure_record()
        with self.store.unit_of_work() as session:
            entry = field_records.sign_field(
                session,
                self.actor,
                record_id=record_id,
                field_key=field_key,
                png=png,
                signer_name=signer_name,
                clock=self.clock,
                settings=self.settings,
            )
        self._unseen_signatures[field_key] = dict(entry)
        return entry

    def finalize(self, sign_off: SignOffInput) -> RecordView:
        record_id = self._ensure_record()
        with self.store.unit_of_work() as session:
            return field_records.finalize(
                session,
                self.actor,
                record_id=record_id,
                sign_off=sign_off,
                slots=keyslots.load(self.store.paths.slots),
                clock=self.clock,
                lockout=Lockout(self.store.paths.lockout),
                settings=self.settings,
            )

    def load(self) -> RecordView | None:
        """The record this backend edits, or the newest draft of the form for the case (after a crash)."""
        with self.store.reading() as session:
            if self.record_id is not None:
                return field_records.get_record(session, self.record_id)
            view = field_records.find_draft(session, case_id=self.case_id, form_code=self.form_code)
        if view is not None:
            self.record_id = view.id
        return view


def _photo_entries(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [cast(dict[str, Any], e) for e in cast(list[Any], value) if isinstance(e, dict)]


def _same_attachment(value: object, entry: dict[str, Any]) -> bool:
    return (
        isinstance(value, dict) and cast(dict[str, Any], value).get("attachment_id") == entry["attachment_id"]
    )


class WorkerFormBackend(StoreFormBackend):
    """The store backend on the database worker: draft saves are queued (in order, never lost: the queue drains
    before a lock closes the store); photo saves, thumbnails, signature fields and the sign-off run there too through
    ``run``, in the same queue, so a draft saved just before the sign-off lands before the record is locked, and a
    draft queued behind a photo or a signature keeps it (``_with_unseen``)."""

    def __init__(self, user: UserSession, **kw: Any) -> None:
        super().__init__(user.store, user.actor, clock=user.clock, **kw)
        self._user = user
        self.run = self._on_worker

    def _on_worker(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._user.db.submit(work, on_done, on_error)

    def save_draft(self, data: dict[str, Any]) -> None:
        from ui.errors import show_error

        snapshot = dict(data)
        self._user.db.submit(
            lambda: StoreFormBackend.save_draft(self, snapshot), None, lambda exc: show_error(None, exc)
        )

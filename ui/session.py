"""What the panels of one logged-in user share: the store, the executors, the clock and the rule tables.

Panels ask it for data with a callback; the work runs on the database thread and the callback on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.services.calendar_admin import effective_calendar
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleBook, default_rule_book
from ui.tasks import Executor

T = TypeVar("T")


class UserSession:
    def __init__(
        self, store: OpenStore, *, db: Executor, clock: Clock, rules: RuleBook | None = None
    ) -> None:
        self.store = store
        self.db = db
        self.clock = clock
        self.rules = rules or default_rule_book()
        self._calendar: WorkCalendar | None = None

    @property
    def actor(self) -> Actor:
        return self.store.actor

    def calendar(self, session: Session) -> WorkCalendar:
        """The bundled calendar plus imported years; cached until a calendar import says otherwise."""
        if self._calendar is None:
            self._calendar = effective_calendar(session)
        return self._calendar

    def forget_calendar(self) -> None:
        self._calendar = None

    def read(
        self,
        work: Callable[[Session], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        store = self.store

        def job() -> T:
            with store.reading() as session:
                return work(session)

        self.db.submit(job, on_done, on_error)  # type: ignore[arg-type]

    def write(
        self,
        work: Callable[[Session], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        store = self.store

        def job() -> T:
            with store.unit_of_work() as session:
                return work(session)

        self.db.submit(job, on_done, on_error)  # type: ignore[arg-type]

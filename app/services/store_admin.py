"""Store health: what ``dibao store check`` and the admin workspace report."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.store import OpenStore


@dataclass(frozen=True, slots=True)
class CheckItem:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class StoreReport:
    items: list[CheckItem] = field(default_factory=list[CheckItem])

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)


def check_store(store: OpenStore) -> StoreReport:
    items: list[CheckItem] = [CheckItem("加密组件自检（SQLCipher 4 参数）", True, "打开时已通过")]
    problems = store.check_integrity()
    items.append(
        CheckItem(
            "页面校验（cipher_integrity_check）与结构检查（integrity_check）",
            not problems,
            "；".join(problems[:10]),
        )
    )
    if problems:
        return StoreReport(items)
    with store.reading() as session:
        fk = session.execute(text("PRAGMA foreign_key_check")).all()
        items.append(CheckItem("外键检查", not fk, f"{len(fk)} 处外键不一致" if fk else ""))
        chain = audit.verify_chain(session)
        items.append(CheckItem(f"审计链（{chain.events} 条）", chain.ok, chain.problem))
        ok, problem = verify_outbox_sequence(session)
        items.append(CheckItem("同步队列序号与哈希链", ok, problem))
    return StoreReport(items)

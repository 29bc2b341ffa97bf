"""打印设置 saved by the administrator: checked with every problem listed in Chinese, written atomically in the shape
``load_print_settings`` reads, and audited by field name only."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import select

from app.db import audit
from app.db.models import AuditEvent
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.errors import AppError, PermissionDenied, ValidationError
from app.domain.roles import Role
from app.services.documents import RemedyPeriods
from app.services.printing import (
    ACTION_SETTINGS_SAVED,
    SETTINGS_FILE,
    PrintSettings,
    SavedPrintSettings,
    load_print_settings,
    read_print_settings_file,
    save_print_settings,
)

GOOD = PrintSettings(
    issuer="浮梁县青岭镇人民政府",
    review_body="浮梁县人民政府",
    court="浮梁县人民法院",
    township_phone="0798-2620000",
    county_hotline="(0798) 1234567",
    payment_method="社会化发放",
    serial_low_count=5,
)


@pytest.fixture
def path(store: OpenStore) -> Path:
    return store.paths.root / SETTINGS_FILE


def _save(
    store: OpenStore, clock: FixedClock, path: Path, settings: PrintSettings, **kw: Any
) -> SavedPrintSettings:
    with store.unit_of_work() as session:
        return save_print_settings(session, store.actor, path, settings, clock=clock, **kw)


def _events(store: OpenStore) -> list[dict[str, Any]]:
    with store.reading() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == ACTION_SETTINGS_SAVED).order_by(AuditEvent.seq)
        )
        return [cast(dict[str, Any], json.loads(r.details_json)) | {"login": r.actor_login} for r in rows]


def _refusal(store: OpenStore, clock: FixedClock, path: Path, settings: PrintSettings) -> str:
    with pytest.raises(ValidationError) as caught:
        _save(store, clock, path, settings)
    return caught.value.message


# ------------------------------------------------------------------------------------------------ round trip


def test_saved_settings_read_back_equal_and_the_file_holds_only_known_keys(
    store: OpenStore, clock: FixedClock, path: Path, tmp_path: Path
) -> None:
    saved = _save(store, clock, path, GOOD)
    assert saved.written and not saved.replaced_malformed
    assert load_print_settings(path) == GOOD == saved.settings
    assert (
        set(json.loads(path.read_text(encoding="utf-8")))
        == {
            "issuer",
            "review_body",
            "court",
            "township_phone",
            "county_hotline",
            "payment_method",
            "font_dir",
            "serial_low_count",
        }
    )  # the built-in legal bases and appeal periods stay the program's, so a correction of them reaches this file
    custom = replace(
        GOOD,
        legal_basis=("《社会救助暂行办法》",),
        change_basis=("《江西省最低生活保障办法》", "《景德镇市实施细则》"),
        remedy=RemedyPeriods(review_days=60, litigation_months=6, after_review_days=20),
        font_dir=str(tmp_path),
        serial_low_count=0,
    )
    _save(store, clock, path, custom)
    assert load_print_settings(path) == custom
    assert (os.stat(path).st_mode & 0o777) == 0o600
    assert not list(path.parent.glob(f".{SETTINGS_FILE}*"))  # no temp file left behind


def test_texts_are_trimmed_before_they_are_written(store: OpenStore, clock: FixedClock, path: Path) -> None:
    saved = _save(
        store, clock, path, replace(GOOD, issuer="  浮梁县青岭镇人民政府 ", township_phone=" 0798-2620000 ")
    )
    assert saved.settings.issuer == "浮梁县青岭镇人民政府"
    assert load_print_settings(path).township_phone == "0798-2620000"


def test_empty_phone_numbers_may_be_saved_the_notice_is_refused_later(
    store: OpenStore, clock: FixedClock, path: Path
) -> None:
    _save(store, clock, path, replace(GOOD, township_phone="", county_hotline=""))
    assert load_print_settings(path).county_hotline == ""


# ------------------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": "县" * 61}, "发文机关不能超过 60 个字（现有 61 个字）"),
        ({"review_body": "县" * 61}, "行政复议机关不能超过 60 个字"),
        ({"court": "县" * 70}, "人民法院不能超过 60 个字（现有 70 个字）"),
        ({"issuer": "浮梁县\n人民政府"}, "发文机关只能写一行"),
        ({"payment_method": "银" * 41}, "发放方式不能超过 40 个字"),
        ({"font_dir": "/" + "f" * 260}, "字体目录不能超过 260 个字"),
        ({"font_dir": "/no/such/font/folder"}, "字体目录 /no/such/font/folder 不存在"),
        ({"township_phone": "0798-262000O"}, "乡镇（街道）监督电话只能由数字、短横线“-”、空格和括号组成"),
        (
            {"county_hotline": "0798-0000000（演示）"},
            "县级民政部门监督举报电话只能由数字、短横线“-”、空格和括号组成",
        ),
        ({"county_hotline": "-- () --"}, "县级民政部门监督举报电话只能由数字"),
        ({"township_phone": "12345"}, "乡镇（街道）监督电话应为 7–20 个字符（现有 5 个）"),
        (
            {"county_hotline": "0798-12345678-1234567"},
            "县级民政部门监督举报电话应为 7–20 个字符（现有 21 个）",
        ),
        ({"serial_low_count": -1}, "证号余量提醒应为 0–100000 之间的整数"),
        ({"serial_low_count": "5"}, "证号余量提醒应为 0–100000 之间的整数"),
        ({"legal_basis": ("《社会救助暂行办法》", " ")}, "法律依据不能有空行"),
        ({"change_basis": ()}, "变更依据不能有空行"),
        ({"legal_basis": ("法" * 201,)}, "法律依据第 1 条不能超过 200 个字"),
        ({"remedy": RemedyPeriods(0, 6, 15)}, "救济期限（复议天数、诉讼月数、复议后诉讼天数）都应至少为 1"),
    ],
)
def test_each_problem_is_explained_in_chinese_and_nothing_is_written(
    store: OpenStore, clock: FixedClock, path: Path, change: dict[str, Any], message: str
) -> None:
    message_text = _refusal(store, clock, path, replace(GOOD, **change))
    assert message_text.startswith("打印设置不能保存：")
    assert message in message_text
    assert not path.exists()
    assert _events(store) == []


def test_every_problem_is_listed_at_once(store: OpenStore, clock: FixedClock, path: Path) -> None:
    text = _refusal(
        store,
        clock,
        path,
        replace(GOOD, issuer="县" * 61, township_phone="abc", county_hotline="123", serial_low_count=-3),
    )
    lines = text.splitlines()[1:]
    assert len(lines) == 5, text  # the township phone has two problems: characters and length
    assert any(line.startswith("发文机关") for line in lines)
    assert sum(line.startswith("乡镇（街道）监督电话") for line in lines) == 2
    assert any(line.startswith("县级民政部门监督举报电话") for line in lines)
    assert any(line.startswith("证号余量提醒") for line in lines)


def test_only_the_administrator_saves_print_settings(store: OpenStore, clock: FixedClock, path: Path) -> None:
    clerk = Actor(user_id="u-clerk", login="clerk", role=Role.WINDOW_CLERK, device_id=store.actor.device_id)
    with pytest.raises(PermissionDenied), store.unit_of_work() as session:
        save_print_settings(session, clerk, path, GOOD, clock=clock)
    assert not path.exists()


# ------------------------------------------------------------------------------------------------ the file on disk


def test_a_failed_write_leaves_the_old_file_and_no_audit_event(
    store: OpenStore, clock: FixedClock, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(store, clock, path, GOOD)
    before = path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.db.atomic.os.fsync", full_disk)
    with pytest.raises(AppError, match=r"无法写入打印设置文件.*原来的文件没有改变"):
        _save(store, clock, path, replace(GOOD, issuer="浮梁县瑶里镇人民政府"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(path.parent.glob(f".{SETTINGS_FILE}*"))
    assert len(_events(store)) == 1  # the failed save's event was rolled back with its unit of work


def test_a_malformed_file_is_described_and_replaced_only_when_confirmed(
    store: OpenStore, clock: FixedClock, path: Path
) -> None:
    path.write_text('{"issuer": "浮梁县青岭镇人民政府", "serial_low_count": "很多"}', encoding="utf-8")
    found = read_print_settings_file(path)
    assert found.exists and "格式不对" in found.problem and found.settings == PrintSettings()
    path.write_text("{not json", encoding="utf-8")
    assert "无法读取" in read_print_settings_file(path).problem
    with pytest.raises(ValidationError, match="未保存。确认用新的打印设置替换这个文件后再保存"):
        _save(store, clock, path, GOOD)
    assert path.read_text(encoding="utf-8") == "{not json"
    saved = _save(store, clock, path, GOOD, replace_malformed=True)
    assert saved.replaced_malformed and load_print_settings(path) == GOOD
    assert _events(store)[-1]["replaced_malformed"] is True
    missing = read_print_settings_file(path.with_name("none.json"))
    assert not missing.exists and not missing.problem and missing.settings == PrintSettings()


# ------------------------------------------------------------------------------------------------ audit


def test_the_audit_names_the_fields_that_changed_never_their_values(
    store: OpenStore, clock: FixedClock, path: Path
) -> None:
    _save(store, clock, path, GOOD)
    _save(store, clock, path, replace(GOOD, county_hotline="0798-7654321", serial_low_count=9))
    unchanged = _save(store, clock, path, replace(GOOD, county_hotline="0798-7654321 ", serial_low_count=9))
    assert not unchanged.written and unchanged.changed == ()
    first, second = _events(store)  # nothing changed the third time: no event
    assert first["created"] is True and first["login"] == "admin"
    assert set(first["changed"]) == {
        "issuer",
        "review_body",
        "court",
        "township_phone",
        "county_hotline",
        "payment_method",
        "serial_low_count",
    }  # font_dir stayed at its default
    assert second == {
        "file": SETTINGS_FILE,
        "changed": ["county_hotline", "serial_low_count"],
        "created": False,
        "login": "admin",
    }
    with store.reading() as session:
        assert audit.verify_chain(session).ok
        details = " ".join(session.scalars(select(AuditEvent.details_json)))
    assert "0798" not in details and "青岭镇" not in details

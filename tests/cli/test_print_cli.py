"""dibao print / dibao certificates on a demo store: files written atomically and audited, refusals in Chinese."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent, Case, CaseDecision
from app.db.store import create_store, unlock
from app.domain.clock import SystemClock
from app.domain.roles import Role
from app.services import accounts
from app.services.demo import DEMO_TOWNSHIP, fill_demo
from app.services.documents import QR_SEPARATOR
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from tests.reports.pdfcheck import flat, font_problems, page_count
from ui.cli import common, main

CLERK_PASSWORD = "clerk-pass-1"
SETTINGS = {"township_phone": "0798-2620000", "county_hotline": "0798-12345", "serial_low_count": 1}


@dataclass(frozen=True)
class Demo:
    root: Path
    keys: Path

    def case(self, state: str) -> str:
        store = unlock(self.root, "admin", ADMIN_PASSWORD, clock=SystemClock())
        try:
            with store.reading() as session:
                found = session.scalars(
                    select(Case.id).where(Case.state == state).order_by(Case.created_at)
                ).first()
        finally:
            store.close()
        assert found is not None
        return found.hex

    def audit(self, action: str) -> list[dict[str, object]]:
        store = unlock(self.root, "admin", ADMIN_PASSWORD, clock=SystemClock())
        try:
            with store.reading() as session:
                rows = session.scalars(
                    select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
                )
                return [
                    {"entity": e.entity_id, "login": e.actor_login, **json.loads(e.details_json)}
                    for e in rows
                ]
        finally:
            store.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clock = SystemClock()
    root = tmp_path_factory.mktemp("print-cli") / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.unit_of_work() as session:
            fill_demo(session, store.actor, clock=clock, households=24)
            accounts.add_user(
                store,
                session,
                login="clerk",
                display_name="窗口受理员",
                role=Role.WINDOW_CLERK,
                password=CLERK_PASSWORD,
                clock=clock,
                kdf=CHEAP_KDF,
            )
    finally:
        store.close()
    (root / "print-settings.json").write_text(json.dumps(SETTINGS, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Demo:
    root = tmp_path / "store"
    shutil.copytree(demo_template, root)
    return Demo(root, tmp_path / "keys")


def dibao(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    password: str = CLERK_PASSWORD,
) -> tuple[int, str, str]:
    common._stdin_lines = None  # pyright: ignore[reportPrivateUsage]  (one stdin per call, as in a shell)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _as(user: str, demo: Demo) -> tuple[str, ...]:
    return ("--store", str(demo.root), "--user", user, "--password-stdin")


def _allocate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo: Demo, last: int
) -> Path:
    demo.keys.mkdir(exist_ok=True)
    private, public = demo.keys / "range.key", demo.keys / "range.pub"
    code, out, err = dibao(
        monkeypatch,
        capsys,
        "certificates",
        "keygen",
        "--private-out",
        str(private),
        "--public-out",
        str(public),
    )
    assert code == 0, err
    code, out, err = dibao(
        monkeypatch,
        capsys,
        "certificates",
        "range-add",
        "--township",
        DEMO_TOWNSHIP,
        "--prefix",
        "360222900-2026-",
        "--first",
        "1",
        "--last",
        str(last),
        "--key",
        str(private),
        *_as("admin", demo),
        password=ADMIN_PASSWORD,
    )
    assert code == 0, err
    assert f"1–{last}" in out
    return public


def test_certificate_issue_reprint_void_verify(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo: Demo, tmp_path: Path
) -> None:
    public = _allocate(monkeypatch, capsys, demo, 3)
    approved = demo.case("APPROVED")
    out = tmp_path / "证.pdf"
    code, stdout, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "certificate",
        "--case",
        approved[:8],
        "--out",
        str(out),
        *_as("clerk", demo),
    )
    assert code == 0, err
    pdf = out.read_bytes()
    text = flat(pdf)
    assert "最低生活保障证" in text and "证号：360222900-2026-1" in text and "补打" not in text
    assert font_problems(pdf) == []
    assert "已记入审计日志" in stdout
    assert demo.audit("document.exported")[-1] == {
        "entity": str(__import__("uuid").UUID(approved)),
        "login": "clerk",
        "kind": "certificate",
        "output": "pdf",
        "reprint": False,
    }

    again = tmp_path / "again.pdf"
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "certificate",
        "--case",
        approved,
        "--out",
        str(again),
        *_as("clerk", demo),
    )
    assert code == 1 and "已发证" in err and not again.exists()

    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "certificate",
        "--case",
        approved,
        "--reprint",
        "--out",
        str(again),
        *_as("clerk", demo),
    )
    assert code == 0, err
    assert "补打件（第1次补打）" in flat(again.read_bytes())
    assert demo.audit("document.exported")[-1]["reprint"] is True

    # The county verifies what the QR code says; a changed amount fails.
    store = unlock(demo.root, "admin", ADMIN_PASSWORD, clock=SystemClock())
    try:
        with store.reading() as session:
            from app.db.models import IssuedCertificate

            payload = session.scalars(select(IssuedCertificate.qr_payload)).one()
    finally:
        store.close()
    code, stdout, err = dibao(
        monkeypatch, capsys, "certificates", "verify", payload, "--public-key", str(public)
    )
    assert code == 0 and "验证通过" in stdout, err
    parts = payload.split(QR_SEPARATOR)
    parts[3] = str(int(parts[3]) + 10000)
    code, _, err = dibao(
        monkeypatch, capsys, "certificates", "verify", QR_SEPARATOR.join(parts), "--public-key", str(public)
    )
    assert code == 1 and "签名不符" in err

    code, _, err = dibao(
        monkeypatch,
        capsys,
        "certificates",
        "void",
        "360222900-2026-1",
        "--reason",
        "遗失",
        *_as("clerk", demo),
    )
    assert code == 0, err
    third = tmp_path / "third.pdf"
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "certificate",
        "--number",
        "360222900-2026-1",
        "--reprint",
        "--out",
        str(third),
        *_as("clerk", demo),
    )
    assert code == 1 and "作废" in err and not third.exists()
    code, stdout, err = dibao(
        monkeypatch, capsys, "certificates", "ranges", "--township", DEMO_TOWNSHIP, *_as("clerk", demo)
    )
    assert "剩余 2" in stdout


def test_batch_certificates_and_exhausted_range(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo: Demo, tmp_path: Path
) -> None:
    store = unlock(demo.root, "admin", ADMIN_PASSWORD, clock=SystemClock())
    try:
        with store.reading() as session:
            months = sorted(
                {
                    d.decided_on.strftime("%Y-%m")
                    for d in session.scalars(select(CaseDecision))
                    if d.result == "APPROVED"
                }
            )
    finally:
        store.close()
    out = tmp_path / "none.pdf"
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "certificate",
        "--township",
        DEMO_TOWNSHIP,
        "--month",
        months[-1],
        "--out",
        str(out),
        *_as("clerk", demo),
    )
    assert code == 1 and "号段已用完" in err and not out.exists()

    _allocate(monkeypatch, capsys, demo, 50)
    total = 0
    for month in months:
        out = tmp_path / f"batch-{month}.pdf"
        code, _stdout, err = dibao(
            monkeypatch,
            capsys,
            "print",
            "certificate",
            "--township",
            DEMO_TOWNSHIP,
            "--month",
            month,
            "--out",
            str(out),
            *_as("clerk", demo),
        )
        if code == 0:
            total += page_count(out.read_bytes())
    assert total >= 3  # the APPROVED case and the ACTIVE ones (one was approved months ago)


def test_township_documents_and_case_documents(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo: Demo, tmp_path: Path
) -> None:
    month = SystemClock().today().strftime("%Y-%m")
    for kind, extra in (
        ("publicity", ("--township", DEMO_TOWNSHIP)),
        ("publicity", ("--township", DEMO_TOWNSHIP, "--result")),
        ("publicity", ("--township", DEMO_TOWNSHIP, "--leaver")),
        ("roster", ("--township", DEMO_TOWNSHIP, "--month", month)),
        ("denial", ("--case", demo.case("DENIED"))),
        ("assessment", ("--case", demo.case("ASSESSED"))),
        ("near-relative", ("--case", demo.case("INVESTIGATED"))),
    ):
        out = tmp_path / f"{kind}.pdf"
        code, _, err = dibao(
            monkeypatch, capsys, "print", kind, *extra, "--out", str(out), *_as("clerk", demo)
        )
        assert code == 0, (kind, err)
        assert font_problems(out.read_bytes()) == []
    assert "浮梁县人民政府申请行政复议" in flat((tmp_path / "denial.pdf").read_bytes())
    assert "退出家庭公示" in flat((tmp_path / "publicity.pdf").read_bytes())  # the last one written: --leaver
    kinds = [e["kind"] for e in demo.audit("document.exported")]
    assert {"publicity", "roster", "denial", "assessment", "near-relative"} <= set(kinds)


def test_refusals_leave_no_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo: Demo, tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    # The administrator does not print case documents.
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "denial",
        "--case",
        demo.case("DENIED"),
        "--out",
        str(out),
        *_as("admin", demo),
        password=ADMIN_PASSWORD,
    )
    assert code == 1 and "无权" in err and not out.exists()
    # A terminated case without the family's hearing recorded: the notice lists what is missing.
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "change",
        "--case",
        demo.case("TERMINATED"),
        "--out",
        str(out),
        *_as("clerk", demo),
    )
    assert code == 1 and "听取意见记录" in err and not out.exists()
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "change",
        "--case",
        demo.case("TERMINATED"),
        "--heard-on",
        "2026-09-01",
        "--statement",
        "无异议",
        "--out",
        str(out),
        *_as("clerk", demo),
    )
    assert code == 0, err
    # No embeddable font: refused before the password is asked, naming the setting.
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    other = tmp_path / "y.pdf"
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "denial",
        "--case",
        "abcd",
        "--font-dir",
        str(empty),
        "--out",
        str(other),
        *_as("clerk", demo),
    )
    assert code == 1 and "DIBAO_FONT_DIR" in err and not other.exists()
    code, _, err = dibao(
        monkeypatch,
        capsys,
        "print",
        "roster",
        "--township",
        DEMO_TOWNSHIP,
        "--out",
        str(other),
        *_as("clerk", demo),
    )
    assert code == 1 and "--month" in err


def test_blank_forms_need_no_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "空白入户调查表.pdf"
    code, _stdout, err = dibao(monkeypatch, capsys, "print", "investigation", "--blank", "--out", str(out))
    assert code == 0, err
    assert "□城市□农村" in flat(out.read_bytes())
    code, _, err = dibao(monkeypatch, capsys, "print", "certificate", "--blank", "--out", str(out))
    assert code == 1 and "空白表" in err

"""The one-folder desktop build (build_spec/dibao.spec) is made and the frozen app passes its own smoke checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_pyinstaller_build_starts_offscreen_and_exits_cleanly(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    build = subprocess.run(
        [
            str(pyinstaller),
            str(ROOT / "build_spec" / "dibao.spec"),
            "--noconfirm",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    folders = list((tmp_path / "dist").iterdir())
    assert len(folders) == 1
    exe = folders[0] / ("dibao.exe" if os.name == "nt" else "dibao")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, env=env)
    assert version.returncode == 0
    assert "低保入户通" in version.stdout
    store = tmp_path / "store"
    selftest = subprocess.run(
        [str(exe), "--self-test", "--store", str(store)], capture_output=True, text=True, timeout=120, env=env
    )
    assert selftest.returncode == 0, selftest.stderr
    init = subprocess.run(
        [str(exe), "init", "--store", str(store), "--password-stdin"],
        input="frozen-pass-1\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert init.returncode == 0, init.stderr  # migrations ship inside the build
    check = subprocess.run(
        [str(exe), "store", "check", "--store", str(store), "--password-stdin"],
        input="frozen-pass-1\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert not (folders[0] / "_internal" / "sync" / "server").exists()
    assert not list(folders[0].rglob("fastapi"))

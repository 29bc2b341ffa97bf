#!/usr/bin/env python3
"""One entry for engineers: `python3 dev.py app` runs the desktop app, `python3 dev.py test` runs every test.

On first use (or when pyproject.toml changed) it makes `.venv` beside this file and installs the project with its
development tools into it. Only the Python standard library is used here, so a fresh clone needs nothing else.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dibao-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

USAGE = """用法 / usage:
  python3 dev.py app  [dibao 参数…]   启动桌面程序（默认数据目录；首次启动会出现初始设置）
  python3 dev.py test [pytest 参数…]  运行全部测试
  python3 dev.py bench [名称]          运行 bench/ 下的基准测试
"""


def ensure_env() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    if not PY.exists():
        sys.stderr.write("正在创建 .venv …" + "\n")
        venv.EnvBuilder(with_pip=True).create(VENV)
    sys.stderr.write("正在安装依赖（首次需要几分钟）…" + "\n")
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "bench"}:
        sys.stderr.write(USAGE + "\n")
        return 2
    ensure_env()
    command, rest = argv[0], argv[1:]
    if command == "app":
        return subprocess.call([str(BIN / "dibao"), *rest])
    if command == "bench":
        return subprocess.call([str(PY), str(ROOT / "bench" / "run.py"), *rest], cwd=ROOT)
    return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

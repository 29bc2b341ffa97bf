"""dibao calendar import|show, dibao workdays add."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    del sub  # filled in with the work calendar

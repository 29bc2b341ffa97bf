"""dibao demo: fill a store with a synthetic sample township (made-up people, checksum-valid fake IDs)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    del sub  # filled in with the demo service

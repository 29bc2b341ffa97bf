"""``python -m ui.cli``: the ``dibao`` command without the installed script (tests, frozen builds)."""

from ui.cli import main

raise SystemExit(main())

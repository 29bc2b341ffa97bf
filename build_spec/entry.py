"""Entry point of the frozen desktop app: the same ``dibao`` command line, Qt only when the window opens."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())

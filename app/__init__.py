"""Dibao Field (低保入户通): the Qt-free core."""

__version__ = "0.1.0"
APP_NAME = "低保入户通"

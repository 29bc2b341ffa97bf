"""Enums, value objects and pure rules. Standard library only."""

"""Scan planning helpers."""

__version__ = "0.3.0"

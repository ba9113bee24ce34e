"""Readings from a home weather station."""

import msgspec

__version__ = "2.3.0"


class Reading(msgspec.Struct):
    station: str
    celsius: float

"""Sanctions screening engine: watchlists, fuzzy name matching, effective-date rules."""

from screening.engine import Screener
from screening.records import ExportRecord, PaymentRecord
from screening.results import Decision, Hit, Reason, ScreeningResult

__all__ = [
    "Screener", "PaymentRecord", "ExportRecord", "Decision", "Hit", "Reason",
    "ScreeningResult",
]

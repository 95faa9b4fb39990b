"""Sanctions screening engine: watchlists, fuzzy name matching, effective-date rules."""

from importlib.metadata import PackageNotFoundError as _NotInstalled
from importlib.metadata import version as _version

from screening.engine import Screener
from screening.records import ExportRecord, PaymentRecord
from screening.results import Decision, Hit, NameSearchMatch, Reason, ScreeningResult

try:
    __version__ = _version("screening")
    """The installed distribution's version (from the package metadata)."""
except _NotInstalled:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    "Screener", "PaymentRecord", "ExportRecord", "Decision", "Hit", "Reason",
    "ScreeningResult", "NameSearchMatch",
]

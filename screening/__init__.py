"""Sanctions screening engine: watchlists, fuzzy name matching, effective-date rules."""

from screening.engine import Screener
from screening.records import ExportRecord, PaymentRecord
from screening.results import Decision, Hit, NameSearchMatch, Reason, ScreeningResult


def __getattr__(name: str) -> str:
    """`__version__`: the installed distribution's version (from the package metadata), read
    when first asked for (importlib.metadata is slow to import: not paid at start-up)."""
    if name != "__version__":
        raise AttributeError(f"module 'screening' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("screening")
    except PackageNotFoundError:  # run from a source tree that was never installed
        value = "0+unknown"
    globals()["__version__"] = value
    return value


__all__ = [
    "__version__",
    "Screener", "PaymentRecord", "ExportRecord", "Decision", "Hit", "Reason",
    "ScreeningResult", "NameSearchMatch",
]

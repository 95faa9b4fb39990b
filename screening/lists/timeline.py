"""Whether a measure applies on a given day (the simple rule used by list tests)."""

from __future__ import annotations

import datetime as dt

from screening.models import Measure


def in_force(measure: Measure, on_date: dt.date) -> bool:
    """True if `measure` applies on `on_date`.

    The start (`effective_from`) is inclusive; a missing start means listed since before
    anything we know, i.e. in force. The end (`Measure.end`: lapse or delisting) is exclusive.
    """
    if measure.effective_from is not None and on_date < measure.effective_from:
        return False
    end = measure.end
    return end is None or on_date < end

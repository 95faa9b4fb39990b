"""The compiled core of name scoring, when it was built (see `_core.c`), else None.

The C extension computes part similarities (`score.token_sim`), the greedy alignment of
`score.assign`, and the whole per-query search loop of `NameIndex` (`_core_search.c`): the
candidate look-up of `_candidates` with its cache of query-word look-ups, the ranking of `_best`,
the scoring of every candidate and the choice of each entity's best name, from flat tables made
once per index on its first search (`index._tables`, derived from the index's attributes, so a
loaded snapshot gets them too). Same arithmetic, operation for operation, same order and ties as
the Python code, which stays the reference: tests run both paths on the case sets and on
realistic and hostile queries and compare every score and hit. Python keeps normalisation, what
needs the name tables (the caps of `score.cap`, kana keys) and the explanations of the few
results. `pip install` builds it with the machine's C compiler (an optional extension: without
a compiler, the pure-Python path runs).

Set the environment variable SCREENING_PURE_PYTHON=1 to run the pure-Python path.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from screening.names import score
from screening.names.japanese import KANA_MARK


def _load() -> ModuleType | None:
    if os.environ.get("SCREENING_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from screening.names import _core  # type: ignore[attr-defined]
    except ImportError:
        return None
    if not hasattr(_core, "Tables"):  # a stale build from before the compiled search loop
        return None
    _core.configure(score.MIN_PAIR_SIM, score.SHORT_PAIR_SIM, score.INITIAL_SIM, score.FOLD_SIM,
                    score.ONE_EDIT_SIM, score.MISSING_MIDDLE, score.JOINED_FACTOR,
                    score.JOINED_MIN, score.SHORT_WORD, score.SYLLABLE, KANA_MARK)
    return _core


core: Any = _load()  # the module, or None for the pure-Python path


def available() -> bool:
    """The compiled core was built and is in use."""
    return core is not None


@contextmanager
def pure_python():
    """Run the pure-Python reference path inside the block (for tests and benchmarks)."""
    global core
    saved, core = core, None
    try:
        yield
    finally:
        core = saved

"""The compiled core of name scoring, when it was built (see `_core.c`), else None.

The C extension computes part similarities (`score.token_sim`), the greedy alignment of
`score.assign`, and the whole per-query search loop of `NameIndex` (`_core_*.c`): the
candidate look-up of `_candidates` with its cache of query-word look-ups, the ranking of `_best`,
the scoring of every candidate and the choice of each entity's best name, from flat tables made
once per index on its first search (`index._tables`, derived from the index's attributes, so a
loaded snapshot gets them too). Same arithmetic, operation for operation, same order and ties as
the Python code, which stays the reference: tests run both paths on the case sets and on
realistic and hostile queries and compare every score and hit. It also splits ASCII lines and
builds the readings of plain lines for `normalize_batch` (`_core_normalize.c`), and runs the
folding rules over ASCII words (`_core_fold.c`, from `fold_program`). Python keeps
the rest of normalisation, what needs the kana tables (kana keys) and the explanations of the
few results. `pip install` builds
it with the machine's C compiler (an optional extension: without a compiler, the pure-Python
path runs).

Set the environment variable SCREENING_PURE_PYTHON=1 to run the pure-Python path.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from screening.names import fold_program, score
from screening.names.japanese import KANA_MARK, KANA_SIM, dropped_article
from screening.names.normalize import _PATRONYMIC, is_patronymic

# the latest functions of each part
_NEWEST = ("configure_caps", "line_parts", "build_plain", "fold_words", "token_sim_bound",
           "table_neighbours")


def _load() -> ModuleType | None:
    if os.environ.get("SCREENING_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from screening.names import _core  # type: ignore[attr-defined]
    except ImportError:
        return None
    if not all(hasattr(_core, f) for f in _NEWEST):  # a stale build: the Python path runs
        return None
    _core.configure(score.MIN_PAIR_SIM, score.SHORT_PAIR_SIM, score.INITIAL_SIM, score.FOLD_SIM,
                    score.ONE_EDIT_SIM, score.MISSING_MIDDLE, score.JOINED_FACTOR,
                    score.JOINED_MIN, score.SHORT_WORD, score.SYLLABLE, KANA_MARK)
    _core.configure_caps(score.SINGLE_WORD_CAP, score.SHORT_WORD_CAP, score.KANA_SHORT_CAP,
                         KANA_SIM, score.LONG_WORD, score.SHORT_PART, patronymic_endings(),
                         is_patronymic, dropped_article)
    global folds
    rules = fold_program.program()
    _core.configure_folds(rules)
    folds = rules is not None
    return _core


def patronymic_endings() -> tuple[str, ...] | None:
    """The endings `normalize.is_patronymic` looks for, when its pattern is a plain list of
    endings (`(ovich|evna|...)$`), for the compiled core to compare itself; else None (the
    compiled core then calls `is_patronymic`)."""
    m = re.fullmatch(r"\(([a-z]+(?:\|[a-z]+)*)\)\$", _PATRONYMIC.pattern)
    return tuple(m.group(1).split("|")) if m and not _PATRONYMIC.flags & re.IGNORECASE else None


folds = False  # the compiled core runs the folding rules (`fold_program`)
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

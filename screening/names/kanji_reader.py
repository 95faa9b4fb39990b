"""Readers of kanji as Japanese: a run of kanji (mixed with kana) split into words, each with
its Hepburn reading.

Two optional readers from PyPI, tried in this order (the `japanese` extra installs the first):

- `cutlet` with `fugashi` (MeCab) and the `unidic-lite` dictionary: MIT / BSD-3-Clause, the
  dictionary installs offline with the package;
- `pykakasi`: GPL-3.0-or-later, used only when installed by the user.

`SCREENING_KANJI_READER=cutlet|pykakasi|none` picks one (for comparing them:
benchmarks/kanji_readers.py). Without a reader kanji are read by unidecode (as Chinese).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

Reader = Callable[[str], list[tuple[str, str]]]  # run -> [(word as written, Hepburn reading)]

_reader: Reader | None | bool = False  # False: not looked for yet


def _cutlet() -> Reader:
    import cutlet  # optional: the `japanese` extra (cutlet, fugashi, unidic-lite)

    katsu = cutlet.Cutlet()
    katsu.use_foreign_spelling = False  # katakana words are read by our own table
    lock = threading.Lock()  # one MeCab tagger: not to be used by two threads at once

    def read(run: str) -> list[tuple[str, str]]:
        with lock:
            return [(w.surface, katsu.romaji_word(w).lower()) for w in katsu.tagger(run)]

    read("日本")  # loads the dictionary now, not on a first query
    return read


def _pykakasi() -> Reader:
    import pykakasi  # GPL-3.0-or-later: only when the user installed it

    kakasi = pykakasi.kakasi()

    def read(run: str) -> list[tuple[str, str]]:
        return [(item["orig"], item["hepburn"]) for item in kakasi.convert(run)]

    return read


_READERS: dict[str, Callable[[], Reader]] = {"cutlet": _cutlet, "pykakasi": _pykakasi}


def reader() -> Reader | None:
    """The kanji reader in use (None: none installed), looked for once."""
    global _reader
    if _reader is False:
        wanted = os.environ.get("SCREENING_KANJI_READER", "").strip().lower()
        names = [wanted] if wanted else list(_READERS)
        _reader = None
        for name in names:
            if name not in _READERS:
                continue
            try:
                _reader = _READERS[name]()
                break
            except ImportError:
                continue
            except Exception as e:  # installed but broken (e.g. no dictionary): say so
                raise RuntimeError(f"kanji reader {name!r} is installed but cannot start: {e}; "
                                   "reinstall it, or set SCREENING_KANJI_READER") from e
    return _reader or None


def reader_name() -> str:
    """Which reader `reader()` uses: 'cutlet', 'pykakasi' or 'none'."""
    r = reader()
    if r is None:
        return "none"
    return "cutlet" if r.__qualname__.startswith("_cutlet") else "pykakasi"

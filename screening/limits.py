"""Limits on the work one input may cause. Past them the row (or record) is an ERROR naming
the limit: never a hang, never gigabytes of memory, never CLEAR."""

MAX_FIELD_CHARS = 4096
"""A field (a name, an id, any cell or record value) longer than this many characters makes
its row an ERROR."""
MAX_ROW_BYTES = 65536
"""A physical line, or a record over all its lines, longer than this many bytes is an ERROR
row; the rest of an over-long line is read and dropped, never held in memory."""
MAX_RECORD_LINES = 1000
"""A quoted field may span at most this many physical lines; beyond, the quote is broken."""

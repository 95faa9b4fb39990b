"""The folding rules (`knowledge().folds`, from transliteration.toml) as a program for the
compiled core's one-pass-per-rule folder (`_core_fold.c`), when every rule is of a form it runs
exactly as `re.sub` does; else None (the regexes run).

A rule is a list of alternatives, tried in order at each position of the text, left to right,
as a regex alternation is; after a match the scan goes on after it. An alternative is
- `behind`: a fixed-width lookbehind, one set of characters per position;
- `bol`, `eol`: `^`, `$` in multi-line mode (at a line's start, before a line break or the end);
- `body`: the characters matched, each a set with a repeat count (min, max); only the last may
  vary (greedy, and then nothing may follow it: no backtracking is ever needed); a set None is
  the character matched by the body's first item (a back-reference to group 1 capturing it);
- `ahead`: a fixed-width lookahead; `never`: fixed-width negative lookaheads;
- the replacement: ASCII text, or None for group 1 (the body's first character).

Sets are 128 bytes (1: the ASCII character is in the set): the core folds ASCII words only
(lower-case Latin, as lines are); others are folded by the regexes.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

from screening.names.knowledge import knowledge

Set = bytes
Item = tuple[Set | None, int, int]
Alt = tuple[tuple[Set, ...], bool, tuple[Item, ...], tuple[Set, ...],
            tuple[tuple[Set, ...], ...], bool, bytes | None]

_MAX = 1 << 30  # an unbounded repeat


class Unsupported(Exception):
    """A rule the compiled folder cannot run exactly."""


def _set(op, av) -> Set:
    """A 128-byte set of one sre item (LITERAL, NOT_LITERAL, IN, ANY)."""
    bits = bytearray(128)
    if op is C.LITERAL:
        if av < 128:
            bits[av] = 1
        return bytes(bits)
    if op is C.NOT_LITERAL:
        bits[:] = b"\x01" * 128
        if av < 128:
            bits[av] = 0
        return bytes(bits)
    if op is C.ANY:  # (no DOTALL: every character but a line break)
        bits[:] = b"\x01" * 128
        bits[10] = 0
        return bytes(bits)
    if op is not C.IN:
        raise Unsupported(op)
    negate = False
    for sop, sav in av:
        if sop is C.NEGATE:
            negate = True
        elif sop is C.LITERAL:
            if sav < 128:
                bits[sav] = 1
        elif sop is C.RANGE:
            for c in range(sav[0], min(sav[1], 127) + 1):
                bits[c] = 1
        else:
            raise Unsupported(sop)
    if negate:
        bits = bytearray(1 - b for b in bits)
    return bytes(bits)


def _fixed(items) -> tuple[Set, ...]:
    """A fixed-width sequence (of a lookaround) as one set per position."""
    out: list[Set] = []
    for op, av in items:
        if op is C.MAX_REPEAT and av[0] == av[1] and len(av[2]) == 1:
            out += [_set(*av[2][0])] * av[0]
        else:
            out.append(_set(op, av))
    return tuple(out)


def _sequences(items) -> list[list]:
    """The parsed pattern's alternatives as flat sequences (groups around alternations
    multiplied out)."""
    seqs: list[list] = [[]]
    for op, av in items:
        if op is C.BRANCH:
            alts = [s for branch in av[1] for s in _sequences(branch)]
            seqs = [s + a for s in seqs for a in alts]
        elif op is C.SUBPATTERN:
            if av[1] or av[2]:  # (inline flags)
                raise Unsupported(op)
            inner = _sequences(av[3])
            if len(inner) == 1 and av[0] is not None:
                seqs = [s + [("GROUP", (av[0], inner[0]))] for s in seqs]
            else:
                seqs = [s + [("GROUPS", (av[0], a))] for s in seqs for a in inner]
        else:
            seqs = [s + [(op, av)] for s in seqs]
    return seqs


def _alternative(seq: list, group_ref: bool, repl: bytes | None) -> Alt:
    behind: tuple[Set, ...] = ()
    bol = eol = False
    body: list[Item] = []
    ahead: tuple[Set, ...] = ()
    never: list[tuple[Set, ...]] = []
    group_at: int | None = None
    stage = 0  # 0: before the body, 1: in it, 2: after it
    for op, av in seq:
        if op == "GROUP" or op == "GROUPS":
            if av[0] == 1 and (group_ref or repl is None):
                # group 1, referred to: one character, the body's first
                if (op != "GROUP" or len(av[1]) != 1 or body or stage > 1
                        or av[1][0][0] not in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY)):
                    raise Unsupported("group 1")
                group_at = 0
            if any(o in (C.ASSERT, C.ASSERT_NOT, C.AT, C.GROUPREF, "GROUP", "GROUPS")
                   for o, _ in av[1]):
                raise Unsupported("group content")
            items = av[1]
        else:
            items = [(op, av)]
        for iop, iav in items:
            if iop is C.AT:
                if iav is C.AT_BEGINNING and stage == 0 and not behind and not bol:
                    bol = True
                elif iav is C.AT_END and not eol:
                    eol, stage = True, 2
                else:
                    raise Unsupported(iav)
            elif iop is C.ASSERT and iav[0] == -1 and stage == 0 and not behind:
                behind = _fixed(iav[1])
            elif iop in (C.ASSERT, C.ASSERT_NOT) and iav[0] == 1 and body and not eol:
                stage = 2
                if iop is C.ASSERT:
                    if ahead:
                        raise Unsupported("two lookaheads")
                    ahead = _fixed(iav[1])
                else:
                    never.append(_fixed(iav[1]))
            elif stage < 2 and iop is C.MAX_REPEAT and len(iav[2]) == 1:
                lo, hi, (sub,) = iav
                hi = _MAX if hi is C.MAXREPEAT else hi
                if sub[0] is C.GROUPREF:
                    if sub[1] != 1 or group_at != 0:
                        raise Unsupported("back-reference")
                    body.append((None, lo, hi))
                else:
                    body.append((_set(*sub), lo, hi))
                stage = 1
            elif stage < 2 and iop is C.GROUPREF:
                if iav != 1 or group_at != 0:
                    raise Unsupported("back-reference")
                body.append((None, 1, 1))
                stage = 1
            elif stage < 2:
                body.append((_set(iop, iav), 1, 1))
                stage = 1
            else:
                raise Unsupported(iop)
    if not body or sum(lo for _, lo, _ in body) < 1 or any(hi == 0 for _, _, hi in body):
        raise Unsupported("may match nothing, or an item never matches")
    if any(lo != hi for _, lo, hi in body[:-1]):
        raise Unsupported("a varying repeat before the end")
    if body[-1][1] != body[-1][2] and (ahead or never or eol):
        raise Unsupported("a varying repeat before a test")
    if repl is None and (group_at != 0 or body[0][1:] != (1, 1)):
        raise Unsupported("replacement group")
    if behind and bol:
        raise Unsupported("lookbehind and ^")
    return behind, bol, tuple(body), ahead, tuple(never), eol, repl


def _rule(pattern: re.Pattern[str] | str, repl) -> tuple[Alt, ...]:
    if type(pattern) is str:
        if not pattern or not pattern.isascii() or type(repl) is not str or not repl.isascii():
            raise Unsupported("literal")
        return (((), False, tuple((_set(C.LITERAL, ord(c)), 1, 1) for c in pattern), (), (),
                 False, repl.encode()),)
    if pattern.flags & ~(re.M | re.U) or not pattern.flags & re.M:
        raise Unsupported("flags")
    if type(repl) is str:
        if "\\" in repl or not repl.isascii():
            raise Unsupported("replacement")
        out: bytes | None = repl.encode()
    else:  # a function of the match (knowledge._replacement): it must give group 1
        m = re.match("(a)(b)(c)(d)(e)(f)(g)(h)(i)", "abcdefghi")
        if not callable(repl) or repl(m) != "a":
            raise Unsupported("replacement")
        out = None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    group_ref = any(op is C.GROUPREF for op, _ in _walk(parsed))
    return tuple(_alternative(s, group_ref, out) for s in _sequences(list(parsed)))


def _walk(items):
    for op, av in items:
        yield op, av
        if op is C.BRANCH:
            for b in av[1]:
                yield from _walk(b)
        elif op is C.SUBPATTERN:
            yield from _walk(av[3])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            yield from _walk(av[2])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _walk(av[1])


def compile_rules(rules) -> tuple[tuple[Alt, ...], ...] | None:
    """`rules` (pattern, replacement pairs as `knowledge().folds`) as a program, or None."""
    try:
        return tuple(_rule(p, r) for p, r in rules)
    except (Unsupported, TypeError, ValueError, AttributeError):
        return None


@cache
def program() -> tuple[tuple[Alt, ...], ...] | None:
    """The folding rules as a program for the compiled core, or None (see the docstring)."""
    return compile_rules(knowledge().folds)

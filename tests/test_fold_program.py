"""The compiled folder (`_core_fold.c`, run on the program `fold_program` makes of the rules of
transliteration.toml) folds every ASCII word as the regexes do (`normalize._fold_text`), and a
rule it cannot run exactly leaves the folding to the regexes."""

from __future__ import annotations

import random
import re

import pytest

from screening.names import fastcore, fold_program
from screening.names.knowledge import knowledge
from screening.names.normalize import _fold_text, fold_many

needs_core = pytest.mark.skipif(not fastcore.available(),
                                reason="the compiled core was not built")


def _words(rng: random.Random, n: int, alphabet: str) -> list[str]:
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def test_the_rules_compile() -> None:
    """Every rule of transliteration.toml is of a form the compiled folder runs (else all
    folding would take the slower regexes)."""
    assert fastcore.available() is False or fastcore.folds
    assert fold_program.program() is not None


@needs_core
def test_compiled_folds_equal_the_rules() -> None:
    rng = random.Random(5)
    # letters the rules look at, often, to meet every rule and its lookarounds
    words = _words(rng, 100_000, "aeiouyhcstzkxqwpdjn") + _words(rng, 30_000, "abcdefghijklmnopq"
                                                                  "rstuvwxyz0123456789")
    words += ["", "h", "ha", "hayyy", "haaaa", "hjklm", "ski", "sky", "skii", "skiy", "skij",
              "skiij", "enka", "henka", "tsch", "stch", "zch", "ch", "ck", "c", "q", "yy",
              "ayaya", "iii", "aaabbb", "x" * 5000, "ab" * 10_000, "a\nb", "\nhello\n", "ah\nah",
              "ski\nski", "\x00\x7f", "a b", "A-Z"]
    got = fastcore.core.fold_words(words)
    assert got == [_fold_text(w) for w in words]
    assert fastcore.core.fold_words(["é", "aé", "\ud800", "漢字"]) == [None] * 4
    # and the batch folder gives what the regexes give over the words joined by line breaks
    sample = sorted(set(words[:20_000]) - {""})
    assert list(fold_many(sample, remember=False).values()) != sample
    want = dict(zip(sample, _fold_text("\n".join(sample)).split("\n"), strict=True))
    assert fold_many(sample, remember=False) == want
    with fastcore.pure_python():
        assert fold_many(sample + ["é"], remember=False) == {**want, "é": "é"}
    assert fold_many(["é", "x"], remember=False) == {"é": "é", "x": "ks"}


# rules of the forms the compiled folder runs, and some it does not
SUPPORTED = [
    ("ab", "x"), ("a|b|ab", "ba"), ("(?<=[aeiou])y(?=[aeiou])", ""), ("^h(?=[aeiou][a-z]{3})", "g"),
    ("(ski|sky|skii)$", "ski"), ("([a-z])\\1+", None), ("ii+", "i"), ("c(?!h)(?!k)", "k"),
    ("(?<=[sz])ch|tch", "C"), ("[^aeiou]y$", "i"), ("a.c", "-"), ("x{2,3}", "y"),
    ("(?<=ab)c", "d"), ("(a|b)\\1", None), ("(?:ou|oo)", "u"), ("o[a-d]{2}", "o"), ("(a)\\1", None),
]
UNSUPPORTED = [("a*", "b"), ("\\bab", "x"), ("a+b", "c"), ("(?i)ab", "x"), ("a(?=b+)", "c"),
               ("ab", "\\n"), ("x+$", "y"), ("(ab|c)\\1", None), ("(?<![a-z])x", "y"),
               ("a|", "b"), ("ab", "é"), ("a{0}b", "c"), ("a?", "b")]


def _compiled(rules: list[tuple[str, str | None]]) -> list:
    def group1(m: re.Match[str]) -> str:
        return m.group(1)

    return [(re.compile(p, re.M), group1 if r is None else r) for p, r in rules]


@needs_core
def test_each_form_of_rule_folds_as_its_regex() -> None:
    rng = random.Random(9)
    words = _words(rng, 20_000, "abcdhikosuxyz") + ["", "a\nb", "ski\nsky", "\nhab\n"]
    try:
        for pattern, repl in _compiled(SUPPORTED):
            program = fold_program.compile_rules([(pattern, repl)])
            assert program is not None, pattern.pattern
            fastcore.core.configure_folds(program)
            want = [pattern.sub(repl, w) for w in words]
            assert fastcore.core.fold_words(words) == want, pattern.pattern
            assert want != words, pattern.pattern
        for rule in _compiled(UNSUPPORTED):
            assert fold_program.compile_rules([rule]) is None, rule[0].pattern
        assert fold_program.compile_rules([("é", "e")]) is None
        assert fold_program.compile_rules([("", "e")]) is None
        assert fold_program.compile_rules([(re.compile("ab"), "x")]) is None  # (not multi-line)
        for bad in ((("x",),), ((((), 0, (), (), (), 0, b"x"),),), "rules", ((),),
                    ((((), 0, ((bytes(128), 0, 0), (bytes(128), 1, 1)), (), (), 0, b"x"),),)):
            with pytest.raises(ValueError):
                fastcore.core.configure_folds(bad)
        with pytest.raises(RuntimeError):  # (nothing configured after a bad program)
            fastcore.core.fold_words(["a"])
        # growth is bounded: x -> 8 x's seven times over would be 8**7 times as long
        grow = fold_program.compile_rules([("x", "xxxxxxxx")] * 7)
        with pytest.raises(ValueError):
            fastcore.core.configure_folds(grow)
    finally:
        fastcore.core.configure_folds(fold_program.program())
    assert fastcore.core.fold_words(["philipp"]) == [_fold_text("philipp")]
    assert knowledge().folds

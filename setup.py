"""Packaging glue that pyproject.toml cannot say: the compiled core (an optional C extension),
and the top-level `lists/` and `rules/` folders
(the source of truth for the built-in lists and rules) ship inside the package as
`screening.builtin_lists` and `screening.builtin_rules`, found at run time with
`importlib.resources` in editable and wheel installs alike."""

from setuptools import Extension, find_packages, setup

BUILTIN = {"screening.builtin_lists": "lists", "screening.builtin_rules": "rules"}

setup(
    packages=find_packages(include=["screening", "screening.*"]) + list(BUILTIN),
    package_dir=BUILTIN,  # package data (the *.toml files) is declared in pyproject.toml
    # the compiled core of name scoring (screening/names/fastcore.py); optional: without a C
    # compiler the install goes on and the pure-Python path runs. -ffp-contract=off: no fused
    # multiply-add, so scores are bit-identical to the Python reference.
    ext_modules=[Extension("screening.names._core", ["screening/names/_core.c"], optional=True,
                           depends=[f"screening/names/_core_{part}.c"
                                    for part in ("tables", "rank", "candidates", "query", "best",
                                                 "normalize", "wordtab", "fold")],
                           extra_compile_args=["-O2", "-ffp-contract=off"])],
)

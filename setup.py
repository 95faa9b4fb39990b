"""Packaging glue that pyproject.toml cannot say: the top-level `lists/` and `rules/` folders
(the source of truth for the built-in lists and rules) ship inside the package as
`screening.builtin_lists` and `screening.builtin_rules`, found at run time with
`importlib.resources` in editable and wheel installs alike."""

from setuptools import find_packages, setup

BUILTIN = {"screening.builtin_lists": "lists", "screening.builtin_rules": "rules"}

setup(
    packages=find_packages(include=["screening", "screening.*"]) + list(BUILTIN),
    package_dir=BUILTIN,  # package data (the *.toml files) is declared in pyproject.toml
)

"""The built-in rule files (*.toml), shipped in the package as `screening.builtin_rules`
(see setup.py) and read with importlib.resources by `screening.rules`."""

"""The built-in watchlists (*.toml), shipped in the package as `screening.builtin_lists`
(see setup.py) and read with importlib.resources by `screening.lists.builtin`."""

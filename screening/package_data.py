"""Where data shipped inside the package lives (wheel and editable installs alike)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_dir(package: str) -> Path | None:
    """The folder of a data package such as `screening.builtin_lists`, found through
    importlib.resources; None when the package is missing (a broken install)."""
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return None

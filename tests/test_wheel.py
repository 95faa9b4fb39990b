"""A wheel install screens like the checkout: the wheel is built from a copy of the source tree,
installed into a fresh virtual environment, and `screen` run from a directory outside the
checkout must give the decisions examples/README.md lists (lists and rules come from the wheel).

The fresh environment gets the already installed dependencies through a .pth file (no network
and no second download of pydantic, numpy ...); the wheel itself is installed with --no-deps.
Runs in CI by default (marker `wheel`; deselect with -m "not wheel" while iterating)."""

from __future__ import annotations

import ast
import csv
import io
import os
import re
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", "venv", ".git", "__pycache__", "build", "dist",
                              "*.egg-info", ".pytest_cache", ".ruff_cache", "out")

pytestmark = pytest.mark.wheel


def expected() -> dict[str, str]:
    """Record id -> decision, as examples/README.md lists them (unlisted rows are CLEAR)."""
    readme = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([PE]\d{4}) \| [\d-]+ \| (CLEAR|REVIEW|BLOCK) \|", readme, re.M))


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
         ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode in ok, f"{cmd} exited {res.returncode}:\n{res.stdout}\n{res.stderr}"
    return res


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(bin directory of a fresh venv holding only the wheel, environment to run it in)."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=SKIP)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"),
          str(src)], cwd=base)
    wheels = list((base / "dist").glob("screening-*.whl"))
    assert len(wheels) == 1
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                         "['purelib'])"], cwd=base).stdout.strip())
    # the dependencies of this environment, after the fresh one's own site-packages
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "_deps_of_test_env.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q",
          "--no-index", str(wheels[0])], cwd=base)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env_dir / "bin", env


def test_the_wheel_holds_lists_rules_and_types(installed, tmp_path: Path) -> None:
    bindir, env = installed
    out = _run([str(bindir / "python"), "-c",
                "import screening, importlib.resources as r; print(screening.__file__); "
                "print(screening.__version__); "
                "print(sorted(p.name for p in r.files('screening.builtin_lists').iterdir()));"
                "print(sorted(p.name for p in r.files('screening.builtin_rules').iterdir()));"
                "print(r.files('screening').joinpath('py.typed').is_file())"],
               cwd=tmp_path, env=env).stdout.splitlines()
    assert not out[0].startswith(str(ROOT)) and str(bindir.parent) in out[0]
    assert out[1] != "0+unknown"
    assert "japan-2022.toml" in out[2]
    assert {"exports.toml", "fallback.toml", "payments.toml"} <= set(ast.literal_eval(out[3]))
    assert out[4] == "True"
    version = _run([str(bindir / "screen"), "-V"], cwd=tmp_path, env=env).stdout
    assert version.strip() == f"screen {out[1]}"


def test_the_wheel_holds_the_compiled_core(installed, tmp_path: Path) -> None:
    """Where the checkout's install built the compiled core of name scoring (a C compiler is
    there), the wheel built here holds it too, and uses it."""
    from screening.names import fastcore

    if not fastcore.available():
        pytest.skip("the compiled core was not built here (no C compiler at install)")
    bindir, env = installed
    out = _run([str(bindir / "python"), "-c", "from screening.names import fastcore; "
                "print(fastcore.available(), fastcore.core.__file__)"],
               cwd=tmp_path, env=env).stdout.split()
    assert out[0] == "True" and str(bindir.parent) in out[1]


@pytest.mark.parametrize("name", ["payments.csv", "exports.csv"])
def test_the_installed_command_screens_the_examples(installed, tmp_path: Path, name) -> None:
    bindir, env = installed
    data = tmp_path / name  # outside the checkout, next to nothing of it
    shutil.copy(ROOT / "examples" / name, data)
    res = _run([str(bindir / "screen"), name, "-q"], cwd=tmp_path, env=env, ok=(1,))
    got = {r["record_id"]: r["decision"] for r in csv.DictReader(io.StringIO(res.stdout))}
    want = expected()
    assert got == {rid: want.get(rid, "CLEAR") for rid in got}
    with open(data, encoding="utf-8", newline="") as f:
        assert len(got) == sum(1 for _ in csv.DictReader(f))
    assert {"BLOCK", "REVIEW", "CLEAR"} <= set(got.values())


def test_the_installed_command_refuses_without_its_package_data(installed, tmp_path: Path) -> None:
    """A broken install (the built-in list files gone) refuses with exit 2, never CLEAR."""
    bindir, env = installed
    where = _run([str(bindir / "python"), "-c", "import importlib.resources as r; "
                  "print(r.files('screening.builtin_lists'))"], cwd=tmp_path, env=env)
    lists_dir = Path(where.stdout.strip())
    moved = tmp_path / "moved"
    moved.mkdir()
    files = list(lists_dir.glob("*.toml"))
    assert files and all(str(bindir.parent) in str(f) for f in files)
    for f in files:
        shutil.move(f, moved / f.name)
    try:
        shutil.copy(ROOT / "examples" / "payments.csv", tmp_path / "payments.csv")
        res = _run([str(bindir / "screen"), "payments.csv"], cwd=tmp_path, env=env, ok=(2,))
        assert res.stdout == "" and "built-in lists are missing" in res.stderr
    finally:
        for f in files:
            shutil.move(moved / f.name, f)


def test_the_installed_command_writes_the_review_report(installed, tmp_path: Path) -> None:
    """The report's page parts (HTML, script, styles) are package data of the wheel."""
    bindir, env = installed
    shutil.copy(ROOT / "examples" / "payments.csv", tmp_path / "payments.csv")
    _run([str(bindir / "screen"), "payments.csv", "-q", "-o", "out.csv", "--report", "r.html"],
         cwd=tmp_path, env=env, ok=(1,))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="report-data"' in html and "function alertBox" in html and "li.alert" in html

"""The README's library example runs and prints what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_library_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README has no python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], "README.md", "exec"), {})  # noqa: S102
    lines = out.getvalue().splitlines()
    assert lines[0] == "BLOCK"
    assert lines[-1] == "1 P2 CLEAR"


def test_readme_commands_match_ci():
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in text
    assert "pip install -e . && screen examples/payments.csv" in text


# -- the usage section's console blocks: every command shown runs and prints what is shown -------

CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
_VOLATILE = [
    (re.compile(r"in \d+\.\d+ s, [\d,]+ rows/s"), "in _ s, _ rows/s"),
    (re.compile(r"\b[0-9a-f]{16}\b"), "<hash>"),  # list content hashes change with the lists
]


def _normal(text: str) -> str:
    for rx, sub in _VOLATILE:
        text = rx.sub(sub, text)
    return "\n".join(ln.rstrip() for ln in text.strip().splitlines())


def console_blocks(text: str) -> list[list[tuple[str, str]]]:
    """Each ```console block as (command, expected output) pairs; `$ ` starts a command."""
    blocks = []
    for body in CONSOLE.findall(text):
        pairs: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], []))
            elif pairs:
                pairs[-1][1].append(line)
        blocks.append([(cmd, "\n".join(out)) for cmd, out in pairs])
    return blocks


def run_console(cmd: str, cwd: Path) -> str:
    """Output (stdout, then stderr) and `[exit N]` for a non-zero exit, as the README shows."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               COLUMNS="100")
    proc = subprocess.run(["bash", "-c", cmd], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)
    out = proc.stdout + proc.stderr
    return out + (f"[exit {proc.returncode}]" if proc.returncode else "")


def test_readme_console_blocks_show_real_output(tmp_path):
    blocks = console_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 5, "the usage section shows its commands with their output"
    (tmp_path / "examples").symlink_to(README.parent / "examples")
    for block in blocks:
        for cmd, expected in block:
            got = run_console(cmd, tmp_path)
            assert _normal(got) == _normal(expected), f"README command: {cmd}"

"""Writing results (`-o`, stdout) without destroying anything: devices and FIFOs are written
into, not replaced; disk full, signals and broken pipes leave no partial file and never look like
a successful screen; the output file gets the umask's permissions (issues 10 and 17)."""

from __future__ import annotations

import errno
import io
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import screening.output as output_mod
from screening.cli import main

FIX = Path(__file__).parent / "fixtures" / "cli"
SCREEN = Path(sys.executable).parent / "screen"
needs_script = pytest.mark.skipif(not SCREEN.exists(), reason="console script not installed")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _made_up_name(i: int) -> str:
    """A different two-word name for each i (syllables by the digits of i in base 20)."""
    syllables = "ka ri to mu se na po le di su ga mo ve zu hi ro ba ne ti ko".split()
    word = ""
    while True:
        i, r = divmod(i, 20)
        word += syllables[r]
        if not i:
            return f"{word.capitalize()} {word[::-1].capitalize()}"


def big_file(tmp_path: Path, n: int, distinct: int = 0) -> Path:
    """n payment rows: the same 97 names over and over, or `distinct` different names."""
    p = tmp_path / "big.csv"
    with p.open("w") as f:
        f.write("id,date,beneficiary_name\n")
        for i in range(n):
            name = _made_up_name(1000 + i % distinct) if distinct else f"Hanako Ito {i % 97}"
            f.write(f"R{i},2022-04-05,{name}\n")
    return p


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# -- what -o may write to ------------------------------------------------------------------------

def test_fifo_is_written_into_not_replaced(tmp_path, capsys):
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, _ = run(capsys, FIX / "payments.csv", "-o", fifo, "-q")
    reader.join(timeout=30)
    assert code == 1
    assert got and got[0].decode().startswith("row,line,last_line,record_id")
    assert got[0].decode().count("\n") == 5  # header and the four rows
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a named pipe
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("make,what", [
    (lambda d: d / "sub", "a directory"),
    (lambda d: d / "sock", "a socket"),
])
def test_other_special_files_are_refused(tmp_path, capsys, make, what):
    target = make(tmp_path)
    if what == "a directory":
        target.mkdir()
    else:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(target))
        s.close()
    code, out, err = run(capsys, FIX / "payments.csv", "-o", target)
    assert code == 2 and f"is {what}" in err and "Traceback" not in err
    assert leftovers(tmp_path) == []


def test_new_file_gets_the_umask_permissions_and_an_existing_file_keeps_its_own(
        tmp_path, capsys):
    old = os.umask(0o027)
    try:
        run(capsys, FIX / "payments.csv", "-o", tmp_path / "new.csv", "-q")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.csv").st_mode) == 0o640
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o604)
    run(capsys, FIX / "payments.csv", "-o", kept, "-q")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o604 and kept.read_text() != "old"


def test_a_symlink_is_followed_not_replaced(tmp_path, capsys):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, _ = run(capsys, FIX / "payments.csv", "-o", link, "-q")
    assert code == 1 and link.is_symlink() and real.read_text().startswith("row,")


# -- failures while writing ----------------------------------------------------------------------

class _FullDisk(io.FileIO):
    """A file on a disk that fills after `room` bytes."""

    room = 3000

    def write(self, b):  # type: ignore[override]
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = super().write(bytes(b)[: self.room])
        self.room -= n
        return n


def test_disk_full_is_exit_2_and_leaves_no_partial_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(output_mod, "open",
                        lambda fd, mode: io.BufferedWriter(_FullDisk(fd, "w"), 1024),
                        raising=False)
    dest = tmp_path / "out.csv"
    dest.write_text("previous results\n")
    code, out, err = run(capsys, big_file(tmp_path, 2000), "-o", dest)
    assert code == 2
    assert "No space left on device" in err and "partial file was removed" in err
    assert "Traceback" not in err
    assert leftovers(tmp_path) == [] and dest.read_text() == "previous results\n"


@needs_script
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_standard_output_on_a_full_disk_is_exit_2(tmp_path):
    # stdout redirected to /dev/full (every write fails with ENOSPC); nothing is replaced
    with open("/dev/full", "wb") as full:
        done = subprocess.run([SCREEN, big_file(tmp_path, 2000)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert "standard output: cannot write (No space left on device)" in done.stderr
    assert "Traceback" not in done.stderr


@needs_script
def test_file_size_limit_in_a_real_process_is_exit_2_without_partial_file(tmp_path):
    # a real write failure (EFBIG under RLIMIT_FSIZE), end to end
    src = big_file(tmp_path, 5000)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    done = subprocess.run([SCREEN, src, "-o", tmp_path / "out.csv"], capture_output=True,
                          text=True, preexec_fn=limit, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "File too large" in done.stderr and "Traceback" not in done.stderr
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.csv").exists()


@needs_script
@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_removes_the_partial_file(tmp_path, sig, code):
    # distinct names keep the run busy for seconds: a signal must find it still running
    src = big_file(tmp_path, 300_000, distinct=30_000)
    # a run started from a background job inherits SIGINT ignored (and keeps ignoring it, as
    # Unix tools do): give the child the default disposition the test is about
    proc = subprocess.Popen([SCREEN, src, "-o", tmp_path / "out.csv", "-q"],
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for _ in range(600):  # the .part file appears once lists are loaded
            if leftovers(tmp_path) or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert leftovers(tmp_path), "the run ended before it could be interrupted"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.csv").exists()
    assert "Traceback" not in err


@needs_script
def test_broken_pipe_is_neither_0_nor_1(tmp_path):
    # `screen f.csv | head -1`: exit 1 would read as "hits found", 0 as "all clear"
    src = big_file(tmp_path, 20_000)
    proc = subprocess.Popen([SCREEN, src], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first.startswith(b"row,line")
    assert proc.returncode == 141
    assert "broken pipe" in err and "Traceback" not in err and "Exception ignored" not in err


# -- mapping files -------------------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("deep.json", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000),
])
def test_deeply_nested_mapping_file_is_exit_2_naming_it(tmp_path, capsys, name, text):
    mapping = tmp_path / name
    mapping.write_text(text)
    code, out, err = run(capsys, FIX / "payments.csv", "--mapping", mapping)
    assert code == 2 and f"mapping file {mapping}" in err and "nested too deeply" in err
    assert "Traceback" not in err and out == ""

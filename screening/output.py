"""Where batch results go: standard output, or the `-o` path, written safely.

- A regular file (or a path that does not exist yet) is written to a temporary `.part` file
  beside it and renamed over it when complete, so a reader never sees half a file. The new file
  gets the permissions of the file it replaces, or for a new file the umask's (0666 & ~umask).
  A symbolic link is followed: the file it points to is replaced, the link stays.
- A character device (`/dev/null`, a terminal) or a named pipe (FIFO) is written straight
  into: renaming over it would destroy it.
- Anything else (a directory, a block device, a socket) is refused.
- A write that fails (disk full, file too large) removes the `.part` file and raises
  `OutputError`; so do SIGTERM and SIGINT (as `Terminated` / KeyboardInterrupt).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import stat
import sys
import tempfile
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, TextIO

EXIT_BROKEN_PIPE = 141
"""Exit code when the reader of the output went away (128 + SIGPIPE, as a shell reports it)."""
EXIT_TERMINATED = 143
"""Exit code after SIGTERM (128 + 15); SIGINT gives 130."""



_HELD = {signal.SIGINT, signal.SIGTERM}


def _hold_signals() -> set[signal.Signals] | None:
    """Block SIGINT and SIGTERM in this thread; returns the previous mask (None: not blocked)."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, OSError, ValueError):  # no POSIX signal masks here
        return None


def _release_signals(previous: set[signal.Signals] | None) -> None:
    """Restore the mask `_hold_signals` replaced; a signal held meanwhile is delivered now."""
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

class OutputError(Exception):
    """The results could not be written (the message says where and why)."""

    def __init__(self, message: str, errno_: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno_
        self.removed = False  # a partial `.part` file was written and then removed

    @property
    def broken_pipe(self) -> bool:
        return self.errno == errno.EPIPE


class Terminated(BaseException):
    """SIGTERM arrived while results were being written (BaseException: nothing that catches
    Exception to fail a single row closed may swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum


class _Guarded(io.TextIOWrapper):
    """A text stream whose write failures become OutputError naming the target."""

    target = "standard output"

    def _fail(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.target}: cannot write ({exc.strerror or exc})", exc.errno)

    def write(self, s: str) -> int:
        try:
            return super().write(s)
        except OSError as exc:
            raise self._fail(exc) from exc

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise self._fail(exc) from exc


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file, device or pipe"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class Output:
    """Context manager giving the text stream results are written to (see the module doc).
    Leaving it with an exception (or a failed final write) removes the `.part` file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.tmp: str | None = None
        self.final: str | None = None
        self.stream: _Guarded | None = None
        self._old_term: Any = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            sys.stdout.flush()
            self.stream = _Guarded(sys.stdout.buffer, encoding="utf-8", newline="",
                                   write_through=False)
            return self.stream
        target = self.path
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(f"--output {target}: cannot use it ({exc.strerror})") from exc
        if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            try:  # a device or a named pipe: write straight into it, never replace it
                raw = open(target, "wb")  # noqa: SIM115 - closed in __exit__
            except OSError as exc:
                raise OutputError(f"--output {target}: cannot open it ({exc.strerror})") from exc
            self.stream = _Guarded(raw, encoding="utf-8", newline="")
            self.stream.target = f"--output {target}"
            return self.stream
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise OutputError(f"--output {target}: is {_kind(st.st_mode)}; give a file path")
        self.final = os.path.realpath(target)  # a symbolic link: replace what it points to
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        folder = os.path.dirname(self.final) or "."
        # the handler comes first: a SIGTERM right after the .part file exists must remove it
        self._catch_sigterm()
        # SIGINT/SIGTERM held until the .part file's name is kept: a signal landing between
        # its creation and the assignment would otherwise leave it behind
        held = _hold_signals()
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(self.final)}.",
                                            suffix=".part", dir=folder)
        except OSError as exc:
            _release_signals(held)
            self._restore_sigterm()
            raise OutputError(f"--output {target}: cannot write there ({exc.strerror})"
                              ) from exc
        try:
            _release_signals(held)  # a held signal is raised here, inside the clean-up
            os.fchmod(fd, mode)
            self.stream = _Guarded(open(fd, "wb"), encoding="utf-8", newline="")  # noqa: SIM115
            self.stream.target = f"--output {target}"
        except BaseException:  # Terminated included: __exit__ will not run
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self._restore_sigterm()
            raise
        return self.stream

    def _restore_sigterm(self) -> None:
        if self._old_term is not None:
            signal.signal(signal.SIGTERM, self._old_term)
            self._old_term = None

    def _catch_sigterm(self) -> None:
        owner = os.getpid()

        def handler(signum: int, frame: FrameType | None) -> None:
            if os.getpid() != owner:  # a forked worker: die as the default would
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            raise Terminated(signum)

        try:
            self._old_term = signal.signal(signal.SIGTERM, handler)
        except ValueError:  # not the main thread: no handler, the default applies
            self._old_term = None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.stream is not None
        self._restore_sigterm()
        if self.path is None:
            with contextlib.suppress(OutputError, ValueError):
                self.stream.flush()
            self.stream.detach()
            return
        if self.tmp is None:  # straight into a device or pipe
            try:
                self.stream.close()
            except OutputError:
                if exc_type is None:
                    raise
            return
        try:
            if exc_type is None:
                self.stream.flush()
                try:
                    os.fsync(self.stream.fileno())
                except OSError as err:
                    if err.errno not in (errno.EINVAL, errno.ENOTSUP):
                        raise self.stream._fail(err) from err
                self.stream.close()
                os.replace(self.tmp, self.final or "")
                self.tmp = None
        except OutputError as err:
            err.removed = True
            raise
        finally:
            if self.tmp is not None:  # failed or interrupted: leave nothing behind
                with contextlib.suppress(OSError, OutputError, ValueError):
                    self.stream.close()
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)
                if isinstance(exc, OutputError):
                    exc.removed = True

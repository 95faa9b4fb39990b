"""`screen FILES... --dask ADDRESS`: the command-line side of cluster screening."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from screening.batch import BatchOptions
from screening.mapping import InputError
from screening.screener_spec import ScreenerSpec

EXIT_USAGE = 2
EXIT_INTERNAL = 4


def run_dask_command(files: list[Path], address: str, spec: ScreenerSpec, opts: BatchOptions,
                     output: Path | None, quiet: bool, output_cm: Callable[[Path | None], Any],
                     fail: Callable[..., typer.Exit], build: Callable[[ScreenerSpec], Any],
                     report: Path | None = None) -> None:
    """Run the job and exit with the local run's exit codes (2 when the job could not run or
    a partition failed: then nothing is written). The lists are loaded here first, with the
    local run's checks and messages: their versions are the ones every worker must have.
    `report`: also write the HTML review page, from the alert rows the workers send back."""
    try:
        from screening.dask.run import ClusterError, run_on_cluster
    except ImportError as exc:
        raise fail(f"--dask needs the dask extra: pip install 'screening[dask]' ({exc})") from exc
    if opts.jobs != 1:
        raise fail("--jobs applies to local runs; on a cluster the workers do the work")
    inputs = [str(f) for f in files]
    from screening.dask.workers import versions_of

    screener = build(spec)
    expected = versions_of(screener)
    alerts = None
    if report is not None:
        from screening.report import AlertCollector

        if report.is_dir() or not report.resolve().parent.is_dir():
            raise fail(f"--report {report}: not a file in an existing directory")
        alerts = AlertCollector()
    common = {"kind": opts.kind, "overrides": opts.overrides, "as_of": opts.as_of,
              "encoding": opts.encoding, "delimiter": opts.delimiter,
              "ignore_columns": opts.ignore_columns, "expected": expected, "alerts": alerts}
    try:
        if opts.fmt == "parquet" or (output is not None and output.is_dir()):
            if output is None:
                raise fail("--format parquet needs -o DIRECTORY (one file per partition)")
            summary = run_on_cluster(inputs, spec, address, opts.fmt, out_dir=output, **common)
        else:
            with output_cm(output) as out:
                summary = run_on_cluster(inputs, spec, address, opts.fmt, out=out,
                                         parts_dir=parts_dir(output, address), **common)
    except InputError as exc:
        raise fail(str(exc)) from exc
    except ClusterError as exc:
        raise fail(str(exc)) from exc
    if report is not None:
        from screening.report import write_report

        try:
            write_report(report, alerts, summary, screener, opts.as_of)  # type: ignore[arg-type]
        except OSError as exc:
            raise fail(f"--report {report}: cannot write it ({exc.strerror})") from exc
    if not quiet:
        typer.echo(summary.text(), err=True)
    raise typer.Exit(summary.exit_code())


def parts_dir(output: Path | None, address: str) -> str | None:
    """Where the workers write the parts of one output file: next to it (on a real cluster,
    a shared file system), the system's temporary directory for standard output from a local
    cluster, else None (a remote cluster's results to standard output pass through the
    driver)."""
    if output is not None and (not output.exists() or output.is_file()):
        return str(output.resolve().parent)
    if address == "local" or address.startswith("local:"):
        return tempfile.gettempdir()
    return None

"""The working tree's `screen FILE` output compared, byte for byte, with the output of the code at
`--rev` (checked out in a temporary git worktree, its compiled core built), on messy files: the
examples and test fixtures, a generated payment file with list names, hits and listed BICs
(make_payments.py), and copies of it broken the ways real files break (stray and unbalanced
quotes, multi-line fields, undecodable bytes, NUL bytes, wrong column counts, blank lines,
CRLF, a BOM, formula-like and quoted ids), re-encoded (Windows-1251, Shift_JIS) and with
other delimiters; in CSV, JSON Lines and JSON, with --jobs 1 and 2, with and without
--echo-columns and --as-of. Exit codes are compared too. Prints each difference and a count;
exits 1 if any output differs.

    python benchmarks/output_ab.py --rev a6e6a25
    python benchmarks/output_ab.py --rev a6e6a25 --rows 3000 --quick
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import old_tree  # noqa: E402
from make_payments import OFAC, ROOT, generate  # noqa: E402

_BAD_BYTES = [b"\xff", b"\xc3", b"\x80\x80", b"\xed\xa0\x80"]


def messy(clean: Path, out: Path, seed: int, crlf: bool, bom: bool) -> None:
    """A copy of `clean` (a generated payments file) with about one line in ten broken."""
    rng = random.Random(seed)
    lines = clean.read_bytes().split(b"\n")
    if not lines[-1]:
        lines.pop()
    res = [lines[0]]
    for k, line in enumerate(lines[1:], start=2):
        r = rng.random()
        fields = line.split(b",")
        if r < 0.01:
            res.append(b"")  # a blank line
        elif r < 0.02:
            fields[4] = b'"' + fields[4]  # a quote that never closes
        elif r < 0.03:
            fields[7] = fields[7] + b'"'  # a stray closing quote
        elif r < 0.04:
            fields[4] = fields[4][:3] + rng.choice(_BAD_BYTES) + fields[4][3:]
        elif r < 0.05:
            fields[7] = fields[7][:2] + b"\x00" + fields[7][2:]
        elif r < 0.06:
            fields.append(b"extra")
        elif r < 0.07:
            fields.pop()
        elif r < 0.08:  # a legal multi-line field
            fields[11] = b'"first line\nsecond, line"'
        elif r < 0.09:
            fields[0] = rng.choice([b"=1+1", b'"A,1"', b"  P9  ", b"@x", b"-3", b""])
        elif r < 0.10:
            fields[1] = rng.choice([b"05.04.2022", b"2022/03/20", b"20220405", b"03/04/2022",
                                    b"2022-13-45", b""])
        elif r < 0.11:
            fields[2] = rng.choice([b"1,234", b'"1,234.50"', b"abc", b"-5", b""])
        elif r < 0.12:
            fields[rng.choice([5, 8])] = rng.choice([b"Russia", b"russia", b"Narnia", b"ru"])
        elif r < 0.13:
            fields[rng.choice([6, 9, 10])] = rng.choice([b"vtbr ru mm", b"NOTABIC",
                                                         b"smbc-jp-jt", b"SBERRUMM"])
        elif r < 0.14:
            fields[rng.choice([4, 7])] = b""
        elif r < 0.145 and k > 10:
            fields[4] = b'"' + fields[4]  # swallows later lines that read as rows
            res.append(b",".join(fields))
            res.append(b'continued text",more')
            continue
        res.append(b",".join(fields))
    data = (b"\r\n" if crlf else b"\n").join(res) + b"\n"
    out.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def reencoded(src: Path, out: Path, encoding: str, delimiter: str) -> bool:
    """`src` (a messy UTF-8 file) in another encoding and delimiter (every comma replaced,
    quoted ones too: more broken rows), the lines the encoding can write."""
    kept = []
    for line in src.read_bytes().decode("utf-8-sig", "replace").split("\n"):
        try:
            kept.append(line.replace(",", delimiter).encode(encoding))
        except UnicodeEncodeError:
            continue
    out.write_bytes(b"\n".join(kept))
    return len(kept) > 2


def run(code: Path, args: list[str], cache: Path) -> tuple[int, bytes]:
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache)}
    p = subprocess.run([sys.executable, "-c", "from screening.cli import main; main()",
                        *args], capture_output=True, env=env, cwd=tempfile.gettempdir())
    return p.returncode, p.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="base")
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--quick", action="store_true", help="fewer option combinations")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="screen-ab-"))
    cache = tmp / "cache"
    old = None
    try:
        old = old_tree(args.rev, tmp)
        if old is None:
            raise SystemExit("give --rev")
        gen = tmp / "gen.csv"
        generate(gen, args.rows, 0.3, hits=0.05, seed=11)
        files: list[tuple[Path, list[str]]] = []
        ofac = ["--list", str(OFAC)] if OFAC.exists() else []
        files.append((gen, ofac))
        for k, (crlf, bom) in enumerate([(False, False), (True, True), (False, True)]):
            p = tmp / f"messy{k}.csv"
            messy(gen, p, seed=k, crlf=crlf, bom=bom)
            files.append((p, ofac))
        for enc, delim in [("cp1251", ";"), ("cp932", "\t"), ("utf-8", "|")]:
            p = tmp / f"enc-{enc}.csv"
            if reencoded(tmp / "messy0.csv", p, enc, delim):
                files.append((p, []))
        files += [(ROOT / "examples" / "payments.csv", []),
                  (ROOT / "examples" / "exports.csv", []),
                  (ROOT / "examples" / "bank-export.csv",
                   ["--mapping", str(ROOT / "examples" / "bank-export.toml")])]
        files += [(p, []) for p in sorted((ROOT / "tests" / "fixtures" / "cli").glob("*.csv"))
                  if p.name != "exports-other-headers.csv"]
        variants = [["-f", "csv"], ["-f", "jsonl"], ["-f", "json"],
                    ["-f", "csv", "--echo-columns"], ["-f", "csv", "--as-of", "2022-04-05"],
                    ["-f", "jsonl", "--echo-columns", "--as-of", "2023-01-10"]]
        if args.quick:
            variants = variants[:2]
        same = differ = 0
        for path, extra in files:
            for v in variants:
                for jobs in ("1", "2"):
                    cmd = [str(path), "-q", "--jobs", jobs, *v, *extra]
                    a = run(old, cmd, cache)
                    b = run(ROOT, cmd, cache)
                    if a == b:
                        same += 1
                    else:
                        differ += 1
                        print(f"DIFFERS: {path.name} {' '.join(cmd[1:])}: exit {a[0]} / {b[0]}"
                              f", {len(a[1])} / {len(b[1])} bytes")
                        al, bl = a[1].splitlines(), b[1].splitlines()
                        for x, y in zip(al, bl, strict=False):
                            if x != y:
                                print(f"  old: {x[:300]!r}\n  new: {y[:300]!r}")
                                break
        print(f"{same} outputs identical, {differ} differ ({len(files)} files, "
              f"{len(variants)} option sets, --jobs 1 and 2; old = {args.rev})")
        if differ:
            raise SystemExit(1)
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

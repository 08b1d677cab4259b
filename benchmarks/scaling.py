"""How ``convflip check`` (or ``fix``) grows with the size of one file.

    python benchmarks/scaling.py                          # 50 KB .. 800 KB, check
    python benchmarks/scaling.py --sizes 50,500,5000      # sizes in KB
    python benchmarks/scaling.py --command fix --sizes 129 --shape list

Each size is a generated file that repeats the seed question's pattern (a window sum
printed next to the ``convolve2d`` it is checked against) in many small functions, so
every function carries a finding and every scope has comparisons and API calls.
``--shape list`` instead writes one module-level list literal of that size (the
"20,000-element list" case of ``fix``).  Every run is a fresh ``convflip`` process; the
script prints wall time, the child's CPU time (user + system: on a shared machine the
steadier figure) and peak resident memory, the findings count and the growth exponent
(the slope of log time against log size, least squares over the sizes; 1.0 is linear).
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = '''"""Generated: the seed question's check, repeated."""

import numpy as np
from scipy.signal import convolve2d

'''

FUNCTION = '''
def check_{i}(X, K):
    """Compare the hand-written window sum with convolve2d ({i})."""
    print((X[:3, :3] * K).sum())
    Y = convolve2d(X, K, "valid")
    print(Y[0, 0])
'''


def seed_functions(size: int) -> str:
    """A module of about ``size`` bytes made of seed-question functions."""
    parts = [HEADER]
    total, i = len(HEADER), 0
    while total < size:
        chunk = FUNCTION.format(i=i)
        parts.append(chunk)
        total += len(chunk)
        i += 1
    return "".join(parts)


def list_literal(size: int) -> str:
    """One module-level list literal of about ``size`` bytes, plus one seed finding."""
    count = max(1, size // 6)
    items = ", ".join(str(n % 1000) for n in range(count))
    return HEADER + f"TABLE = [{items}]\n" + FUNCTION.format(i=0)


MODULE_BLOCK = """
X = np.random.randint(5, size=(10, 10))
K = np.random.randint(5, size=(3, 3))
print((X[:3, :3] * K).sum())
Y = convolve2d(X, K, "valid")
print(Y[0, 0])
"""


def seed_module(size: int) -> str:
    """The seed question's script (module level, no functions) repeated to ``size``."""
    repeats = max(1, (size - len(HEADER)) // len(MODULE_BLOCK))
    return HEADER + MODULE_BLOCK * repeats


def three_line_functions(size: int) -> str:
    """Many three-line functions sharing module-level X and K (the 0.5 MB / 4,000 case)."""
    parts = [HEADER, MODULE_BLOCK]
    total, i = len(HEADER) + len(MODULE_BLOCK), 0
    while total < size:
        chunk = f"\n\ndef f{i}():\n    print((X[:3, :3] * K).sum())\n    return convolve2d(X, K)\n"
        parts.append(chunk)
        total += len(chunk)
        i += 1
    return "".join(parts)


SHAPES = {
    "functions": seed_functions,
    "module": seed_module,
    "small": three_line_functions,
    "list": list_literal,
}


# The child reports its own peak resident set (RUSAGE_CHILDREN would be the maximum
# over every child so far) on its last stderr line.
_CHILD = """
import resource, sys
from flake8_convflip.cli import main
try:
    code = main(sys.argv[1:])
finally:
    use = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write("\\npeak-kb %d cpu %.3f\\n" % (use.ru_maxrss, use.ru_utime + use.ru_stime))
sys.exit(code)
"""


def run_once(path: Path, command: str) -> tuple[float, float, float, int, int]:
    """(wall seconds, CPU seconds and peak MB of the child, findings printed, exit code)."""
    argv = [sys.executable, "-c", _CHILD, command, str(path)]
    if command == "fix":
        argv += ["--diff", "--unsafe-fixes"]
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = cpu = 0.0
    for line in done.stderr.splitlines():
        if line.startswith("peak-kb "):
            fields = line.split()
            peak, cpu = int(fields[1]) / 1024, float(fields[3])
    findings = sum(1 for line in done.stdout.splitlines() if " CNV" in line)
    return seconds, cpu, peak, findings, done.returncode


def exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den if den else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400,800", help="sizes in KB")
    parser.add_argument("--command", choices=("check", "fix"), default="check")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="functions")
    args = parser.parse_args()
    sizes = [int(float(s) * 1000) for s in args.sizes.split(",") if s]
    print(f"convflip {args.command}, shape={args.shape}, one fresh process per size")
    columns = ("size KB", "lines", "wall s", "CPU s", "peak MB", "findings", "rc")
    print(" ".join(f"{c:>{max(len(c), 3) if c == 'rc' else 8}}" for c in columns))
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            text = SHAPES[args.shape](size)
            path = Path(tmp) / f"generated_{size}.py"
            path.write_text(text)
            seconds, cpu, peak, findings, rc = run_once(path, args.command)
            walls.append((len(text), seconds))
            cpus.append((len(text), cpu))
            lines = text.count("\n")
            row = f"{len(text) / 1000:8.0f} {lines:8d} {seconds:8.2f} {cpu:8.2f} {peak:8.0f}"
            print(f"{row} {findings:9d} {rc:3d}", flush=True)
            os.unlink(path)
    if len(walls) > 1:
        slopes = f"wall {exponent(walls):.2f}, CPU {exponent(cpus):.2f}"
        print(f"growth exponent (log time / log size): {slopes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

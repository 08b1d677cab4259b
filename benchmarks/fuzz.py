"""A long fuzz run of the plugin and the fixer (tests/plugin/test_fuzz.py's properties).

    python benchmarks/fuzz.py                 # 2,000 generated programs
    python benchmarks/fuzz.py --examples 500

Runs the suite's fuzz test with more examples and prints hypothesis' statistics (how
many programs were generated, how many were skipped as not compiling) and the time.
Exits with pytest's status: 1 when a property failed (the falsifying program is shown).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args(argv)
    env = dict(os.environ, CONVFLIP_FUZZ_EXAMPLES=str(args.examples))
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--hypothesis-show-statistics", str(ROOT / "tests" / "plugin" / "test_fuzz.py"),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, check=False)
    print(f"{args.examples} examples asked for, {time.perf_counter() - start:.1f} s wall")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())

"""Running the command line in tests: in-process (fast) or as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from flake8_convflip.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed_question.py"

WINDOW_VS_CONVOLVE = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    library = convolve2d(plane, taps, "valid")
    print(by_hand, library[0, 0])
    return by_hand, library[0, 0]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``convflip ARGS`` in this process; (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m flake8_convflip.cli ARGS`` as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "flake8_convflip.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )

"""The runtime is a production dependency: it must never pull in the linter's stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"


def test_importing_and_using_convflip_loads_no_linter_module() -> None:
    code = (
        "import sys, numpy as np\n"
        "from convflip import conv2d, xcorr2d, conv2d_vjp, xcorr2d_vjp\n"
        "x = np.arange(20.0).reshape(4, 5); k = np.array([[1.0, 2.0], [3.0, 4.0]])\n"
        "conv2d(x, k, 'same'); xcorr2d(x, k); conv2d_vjp(x, k, conv2d(x, k, 'valid'), 'valid')\n"
        "linter = {'libcst', 'flake8', 'flake8_convflip'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in linter)\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_runtime_distribution_declares_only_numpy_and_scipy() -> None:
    text = (RUNTIME / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = {
        part.strip().strip('"').split(">")[0].split("=")[0] for part in dependencies.split(",")
    }
    assert names == {"numpy", "scipy"}

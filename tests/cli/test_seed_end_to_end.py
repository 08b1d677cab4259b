"""Issue 5's definition of done, end to end through real subprocesses."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .helpers import SEED, run


def _printed_pair(stdout: str) -> tuple[str, str]:
    """The hand-rolled sum and convolve2d's value, as the seed prints them."""
    lines = stdout.splitlines()
    by_hand = lines[lines.index("Sums to") + 1]
    library = lines[lines.index("However the top-left value of the convolve2d result") + 1]
    return by_hand, library


def test_seed_is_reported_fixed_and_stays_fixed(tmp_path) -> None:
    target = tmp_path / "seed_question.py"
    shutil.copy(SEED, target)

    checked = run("check", "seed_question.py", cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.startswith("seed_question.py:20:7: CNV101 ")
    assert "1 more with `convflip fix --unsafe-fixes`" in checked.stdout

    held = run("fix", "seed_question.py", cwd=tmp_path)
    assert held.returncode == 1
    assert "1 unsafe fix held back; run `convflip fix --unsafe-fixes`" in held.stdout
    assert target.read_bytes() == SEED.read_bytes()

    fixed = run("fix", "--unsafe-fixes", "seed_question.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Fixed 1 finding in 1 file" in fixed.stdout
    assert "0 findings remaining" in fixed.stdout
    for seed in range(5):  # the seed draws random arrays: run it a few times
        script = (
            f"import numpy as np; np.random.seed({seed}); exec(open('seed_question.py').read())"
        )
        ran = subprocess.run(
            [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
        )
        assert ran.returncode == 0, ran.stderr
        by_hand, library = _printed_pair(ran.stdout)
        assert by_hand == library

    after = target.read_bytes()
    again = run("fix", "--unsafe-fixes", "seed_question.py", cwd=tmp_path)
    assert again.returncode == 0
    assert "Nothing fixed." in again.stdout
    assert target.read_bytes() == after
    assert run("check", "seed_question.py", cwd=tmp_path).returncode == 0


def test_original_seed_prints_two_different_numbers(tmp_path) -> None:
    """The premise: before the fix the two numbers disagree (for a non-symmetric K)."""
    shutil.copy(SEED, tmp_path / "seed_question.py")
    script = "import numpy as np; np.random.seed(3); exec(open('seed_question.py').read())"
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    by_hand, library = _printed_pair(ran.stdout)
    assert by_hand != library

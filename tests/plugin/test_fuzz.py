"""Fuzzing the plugin and the fixer with generated programs (hypothesmith).

Programs come from Python's grammar (``hypothesmith.from_grammar``), spliced after a
convolution snippet so the rules have something to analyse.  Whatever the program:

* the analysis raises nothing and reports no internal error (CNV000 "internal error");
* every finding's position is inside the file;
* the fixer (every rule, unsafe fixes on) returns text that compiles, and fixing that
  text again changes nothing.

The suite runs a small sample; ``benchmarks/fuzz.py`` runs a long one
(``CONVFLIP_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os
import warnings

import hypothesmith
from hypothesis import HealthCheck, assume, given, settings

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import lint_source
from flake8_convflip.fix.apply import fix_source

EXAMPLES = int(os.environ.get("CONVFLIP_FUZZ_EXAMPLES", "20"))
SEED = """\
import numpy as np
from scipy.signal import convolve2d
X = np.random.rand(10, 10)
K = np.random.rand(3, 3)
top_left = (X[:3, :3] * K).sum()
print(top_left == convolve2d(X, K, "valid")[0, 0])
W = K[::-1][::-1]
"""


def _compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<fuzz>", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def check_program(program: str) -> None:
    """The properties above, for ``SEED`` followed by ``program``."""
    source = SEED + program
    assume(_compiles(source))
    findings = lint_source(source, ALL_CODES)
    internal = [f for f in findings if "internal error" in f.message]
    assert not internal, internal
    lines = source.count("\n") + 1
    for finding in findings:
        assert 1 <= finding.line <= lines, finding
        assert finding.col >= 0, finding
    result = fix_source(source, ALL_CODES, unsafe=True)
    assert result.error is None or result.error.startswith("file skipped"), result.error
    assert _compiles(result.source)
    again = fix_source(result.source, ALL_CODES, unsafe=True)
    assert again.source == result.source


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(hypothesmith.from_grammar())
def test_generated_programs(program: str) -> None:
    check_program(program)

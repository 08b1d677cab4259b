"""Fuzzing the plugin and the fixer (issue 11): the properties of tests/plugin/fuzzing.py.

Three kinds of programs: Python's grammar (``hypothesmith.from_grammar``) after a
convolution snippet, generated programs spliced between the top-level statements of the
examples and fixtures, and mutants of those files (lines deleted, duplicated, swapped or
re-indented, API names, modes and flips swapped, odd separators, nesting 50-1,300 deep,
a wrapping block, other line endings).  Whatever the program: no exception escapes the
plugin, no internal error is reported, every finding lies inside the file, and every
fix of a compiling program compiles, re-parses and is idempotent.

The suite runs a small sample; ``benchmarks/fuzz.py`` runs a long one.
"""

from __future__ import annotations

import os
import random

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzzing import corpus, examine, mutate, splice

EXAMPLES = int(os.environ.get("CONVFLIP_FUZZ_EXAMPLES", "20"))
SEED = """\
import numpy as np
from scipy.signal import convolve2d
X = np.random.rand(10, 10)
K = np.random.rand(3, 3)
top_left = (X[:3, :3] * K).sum()
ref = convolve2d(X, K, "valid")
print(top_left == ref[0, 0])
Y = convolve2d(X, K[::-1][::-1], "same")
"""  # CNV101 (its unsafe fix applies) and CNV301 (its fix makes a CNV501: rolled back)
CORPUS = corpus()
_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def _holds(source: str) -> None:
    problems = examine(source).problems
    assert not problems, problems[0]


@_SETTINGS
@given(hypothesmith.from_grammar())
def test_generated_programs(program: str) -> None:
    _holds(SEED + program)


@_SETTINGS
@given(hypothesmith.from_grammar(), st.sampled_from(CORPUS), st.integers(0, 2**32))
def test_generated_programs_spliced_into_the_examples(program, host, at) -> None:
    _holds(splice(host, program, random.Random(at)))


@pytest.mark.parametrize("seed", range(40))
def test_mutants_of_the_examples(seed: int) -> None:
    _holds(mutate(CORPUS, random.Random(seed)))


def test_the_mutants_mostly_compile_and_reach_the_rules() -> None:
    """The sample is worth running: half the mutants compile and some have findings."""
    tallies = [examine(mutate(CORPUS, random.Random(seed))) for seed in range(40)]
    assert sum(t.compiled for t in tallies) >= 15  # 21 when written
    assert sum(1 for t in tallies if t.findings) >= 5  # 8 when written

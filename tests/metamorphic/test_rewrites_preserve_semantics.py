"""Every rewrite keeps what the code does: run before and after, compare.

The subjects are the runnable programs of :mod:`metamorphic.programs` and every rule
example that runs as it is (most examples use free names and do not).  Both versions run
with the same seed; they must print the same things (numbers equal to 1e-9 relative),
raise the same exception type (or none), and leave the same module-level arrays and
numbers (under the renaming, for ``rename-*``; a wrapped script is run through its test
function and compared on its output only).  Comparison rewrites keep the claim, not
the tolerance; the programs compare values that are equal to rounding.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from contextlib import redirect_stdout
from functools import cache

import numpy as np
import pytest

from metamorphic.cases import subjects
from metamorphic.programs import PROGRAMS
from metamorphic.rewrites import REWRITES, apply

_TOKEN = re.compile(r"[\s\[\](),]+")


def run(source: str, entry: str | None = None) -> tuple[str, str | None, dict]:
    """Output, exception type name (or None) and namespace of one seeded run."""
    namespace: dict = {"__name__": "__metamorphic__"}
    out = io.StringIO()
    np.random.seed(0)
    error = None
    with redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<program>", "exec"), namespace)
            if entry is not None and "." in entry:
                cls, method = entry.split(".")
                getattr(namespace[cls](method), method)()
            elif entry is not None:
                namespace[entry]()
        except Exception as exc:  # the exception type is part of the behaviour
            error = type(exc).__name__
    return out.getvalue(), error, namespace


def _same_token(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        return False


def same_output(a: str, b: str) -> bool:
    ta, tb = _TOKEN.split(a.strip()), _TOKEN.split(b.strip())
    return len(ta) == len(tb) and all(map(_same_token, ta, tb))


def _values(namespace: dict) -> dict:
    return {
        k: v
        for k, v in namespace.items()
        if not k.startswith("__") and isinstance(v, (np.ndarray, np.generic, int, float, complex))
    }


def _same_value(a, b) -> bool:
    if np.shape(a) != np.shape(b):
        return False
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))


@cache
def baseline_run(source: str) -> tuple[str, str | None, dict]:
    return run(source)


def _computes(source: str) -> bool:
    """Whether a script does work at module level (not only defining functions)."""
    return any(word in source for word in ("print(", "\nassert ", "np.testing"))


@cache
def runnable() -> dict[str, str]:
    """The programs, plus every rule example that computes something and runs without
    error as written (examples that only define functions add no signal)."""
    out = dict(PROGRAMS)
    for subject in subjects():
        if subject.kind == "fixture" or not _computes(subject.source):
            continue
        if baseline_run(subject.source)[1] is None:
            out[subject.ident] = subject.source
    return out


def _cases():
    for name, source in runnable().items():
        for rewrite in REWRITES:
            if apply(rewrite, source) is not None:
                yield pytest.param(name, rewrite, id=f"{name}-{rewrite.name}")


@pytest.mark.parametrize(("name", "rewrite"), list(_cases()))
def test_rewrite_keeps_behaviour(name: str, rewrite) -> None:
    source = runnable()[name]
    result = apply(rewrite, source)
    assert result is not None
    before_out, before_error, before_ns = baseline_run(source)
    after_out, after_error, after_ns = run(result.source, result.entry)
    assert after_error == before_error, result.source
    assert same_output(before_out, after_out), f"{before_out!r} != {after_out!r}\n{result.source}"
    if result.entry is not None:
        return
    after = _values(after_ns)
    for key, value in _values(before_ns).items():
        new_key = result.renamed.get(key, key)
        assert new_key in after, f"{key} ({new_key}) missing after {rewrite.name}"
        assert _same_value(value, after[new_key]), f"{key} differs after {rewrite.name}"


def test_programs_run_cleanly() -> None:
    for name, source in PROGRAMS.items():
        output, error, _ = run(source)
        assert error is None, f"{name} raised {error}"
        assert output.strip(), f"{name} printed nothing"


def test_every_rewrite_family_is_executed() -> None:
    executed = {r.family for p in runnable().values() for r in REWRITES if apply(r, p)}
    assert executed == {r.family for r in REWRITES}

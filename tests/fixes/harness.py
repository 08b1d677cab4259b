"""Differential testing of fixes: run a snippet before and after fixing it, compare.

A :class:`FixCase` is a module that defines ``compute(plane, taps)``.  The harness
fixes it with one rule enabled (unsafe fixes allowed), checks the rule's fix was
applied with the declared safety, then executes both versions on random arrays of
several image and kernel shapes and dtypes:

* a **safe** fix must give the same result as the original on every input, and so
  must an unsafe fix that only rewrites the same computation (CNV102: unsafe for its
  rounding and overflow edge cases, tested on the documented domain, ``dtypes``);
* an **unsafe** fix must give the documented intended result: either ``intended``
  (a reference computed outside the snippet) or, with ``agree=True``, the pair the
  snippet compares must agree.  The original must miss that intent on some input, so
  the check can tell the two versions apart.
"""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from flake8_convflip.fix.apply import FixResult, fix_source

IMAGE_SHAPES = ((9, 11), (8, 8))
KERNEL_SHAPES = ((3, 3), (2, 2), (3, 4), (4, 3), (1, 5))
DTYPES = ("int", "float", "complex")


@dataclass(frozen=True)
class FixCase:
    code: str
    name: str
    source: str
    safe: bool
    intended: Callable[[np.ndarray, np.ndarray], object] | None = None
    agree: bool = False
    dtypes: tuple[str, ...] = DTYPES
    kernels: tuple[tuple[int, int], ...] = KERNEL_SHAPES
    fix_target: str = "convflip"
    stubs: dict[str, Callable[[], types.ModuleType]] = field(default_factory=dict)

    @property
    def preserves(self) -> bool:
        """Safe fixes, and unsafe ones whose intent is the original result on ``dtypes``."""
        return self.intended is None and not self.agree

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}-{self.fix_target}"


def random_array(rng: np.random.Generator, shape: tuple[int, int], dtype: str) -> np.ndarray:
    if dtype == "int":
        return rng.integers(-4, 5, size=shape)
    if dtype == "float":
        return rng.standard_normal(shape)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def inputs(case: FixCase, dtype: str, seed: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    for image in IMAGE_SHAPES:
        for kernel in case.kernels:
            for _ in range(2):
                yield random_array(rng, image, dtype), random_array(rng, kernel, dtype)


def apply_fix(case: FixCase) -> FixResult:
    """Fix the snippet with only the case's rule enabled; the fix must have applied."""
    source = textwrap.dedent(case.source)
    result = fix_source(source, [case.code], unsafe=True, fix_target=case.fix_target)
    assert result.error is None, result.error
    applied = [f for f in result.applied if f.code == case.code]
    assert applied, f"{case.code} applied no fix to {case.name}"
    assert all(f.fix.safe == case.safe for f in applied), "declared safety differs from the case"
    assert result.source != source
    return result


def load(source: str, case: FixCase) -> Callable:
    """Execute a snippet (with its stub modules installed) and return its ``compute``."""
    saved = {name: sys.modules.get(name) for name in case.stubs}
    try:
        for name, make in case.stubs.items():
            sys.modules[name] = make()
        namespace: dict = {"__name__": "fix_case"}
        exec(compile(source, f"<{case.id}>", "exec"), namespace)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return namespace["compute"]


def same(a: object, b: object) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "iub" and b.dtype.kind in "iub":
        return bool(np.array_equal(a, b))
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True))


def _outcome(compute: Callable, plane: np.ndarray, taps: np.ndarray) -> object:
    try:
        return compute(plane.copy(), taps.copy())
    except Exception as exc:  # an error is a behaviour too; compare it by type
        return ("raised", type(exc).__name__)


def _equal(a: object, b: object) -> bool:
    if isinstance(a, tuple) and a[:1] == ("raised",):
        return a == b
    if isinstance(b, tuple) and b[:1] == ("raised",):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return same(a, b)


def _meets_intent(case: FixCase, result: object, plane: np.ndarray, taps: np.ndarray) -> bool:
    if case.agree:
        return isinstance(result, tuple) and len(result) == 2 and same(*result)
    assert case.intended is not None
    return _equal(result, case.intended(plane, taps))


def check(case: FixCase, dtype: str) -> None:
    """Run the differential check of ``case`` on ``dtype`` inputs (assertions inside)."""
    fixed = apply_fix(case)
    before = load(textwrap.dedent(case.source), case)
    after = load(fixed.source, case)
    missed = 0
    for plane, taps in inputs(case, dtype):
        old, new = _outcome(before, plane, taps), _outcome(after, plane, taps)
        where = f"{case.id} {dtype} image {plane.shape} kernel {taps.shape}"
        if case.preserves:
            assert _equal(old, new), f"the fix changed the result: {where}"
            continue
        assert _meets_intent(case, new, plane, taps), f"unsafe fix misses its intent: {where}"
        missed += not _meets_intent(case, old, plane, taps)
    if not case.preserves:
        assert missed, f"{case.id}: the original already met the intent; the test proves nothing"

"""Every fix convflip calls safe, executed before and after on every kind of input.

Safe means the same behaviour on every input, exceptions included (ruff's definition),
so these tests do not stop at random float arrays: they run the original and the fixed
snippet on bool, integer, float and complex images, on images smaller than the kernel
(scipy swaps the operands in 'valid'), on 3-D, 1-D and empty images and on nested lists,
and compare the result (values, dtype and shape) or the exception's type.  A fix the
rule declares unsafe is not executed here; the tests at the end pin why the fixes that
were once declared safe are not.
"""

from __future__ import annotations

import itertools
import textwrap
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from flake8_convflip.engine import analyze
from flake8_convflip.fix.apply import fix_source

pytest.importorskip("scipy")

IMAGE_DTYPES = (
    "bool",
    "int8",
    "uint8",
    "int32",
    "int64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
)
# the kernels below are 3 x 5: (2, 4) and (1, 1) are smaller on every axis, (2, 7) on one
IMAGE_SHAPES = ((6, 7), (3, 5), (2, 4), (1, 1), (2, 7), (2, 6, 7), (7,), (0, 4))

KERNELS = {
    "float": "rng.random((3, 5))",
    "rand": "np.random.rand(3, 5)",
    "int": "rng.integers(-3, 4, size=(3, 5))",
    "uint8": "np.ones((3, 5), dtype=np.uint8) + np.eye(3, 5, dtype=np.uint8)",
    "nested-list": "[[1, 2, 0, 1, 2], [0, 1, 2, 0, 1], [2, 0, 1, 2, 0]]",
    "complex": "np.exp(1j * rng.random((3, 5)))",
}
SPELLINGS = ("{k}[::-1, ::-1]", "np.flip({k})", "np.rot90({k}, 2)", "{k}[::-1][:, ::-1]")
IMAGES = ("plane", "np.asarray(plane, dtype=np.float64)")
TAILS = ("", ', "symm"', ', "wrap"', ', "fill", 2')


def snippet(call: str, mode: str, kernel: str, spelling: str, image: str, tail: str) -> str:
    flipped = spelling.format(k="ker")
    return textwrap.dedent(
        f"""\
        import numpy as np
        from scipy.signal import {call}

        rng = np.random.default_rng(5)
        np.random.seed(5)
        ker = {kernel}


        def compute(plane):
            image = {image}
            return {call}(image, {flipped}, {mode!r}{tail})
        """
    )


def image_of(shape: tuple[int, ...], dtype: str, rng: np.random.Generator) -> np.ndarray:
    values = rng.standard_normal(shape) * 3
    if dtype == "bool":
        return values > 0
    kind = np.dtype(dtype).kind
    if kind == "c":
        return (values + 1j * rng.standard_normal(shape)).astype(dtype)
    if kind in "iu":
        return np.abs(values).astype(dtype)
    return values.astype(dtype)


def inputs() -> list[object]:
    rng = np.random.default_rng(11)
    arrays: list[object] = [
        image_of(shape, dtype, rng) for shape in IMAGE_SHAPES for dtype in IMAGE_DTYPES
    ]
    arrays.append([[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [0, 1, 0, 1, 0, 1]])  # a list
    return arrays


def run(compute: Callable, image: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return compute(image.copy() if isinstance(image, np.ndarray) else image)
        except Exception as exc:  # an exception is behaviour too: compare its type
            return ("raised", type(exc).__name__)


def identical(before: object, after: object) -> bool:
    """The same outcome: the same exception type, or arrays equal in dtype, shape, values."""
    if isinstance(before, tuple) or isinstance(after, tuple):
        return isinstance(before, tuple) and isinstance(after, tuple) and before == after
    a, b = np.asarray(before), np.asarray(after)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind in "fc":
        tol = 1e-12 if a.dtype.itemsize >= 8 * (2 if a.dtype.kind == "c" else 1) else 1e-3
        return bool(np.allclose(a, b, rtol=tol, atol=tol, equal_nan=True))
    return bool(np.array_equal(a, b))


def load(source: str) -> Callable:
    namespace: dict = {"__name__": "safe_fix_case"}
    exec(compile(source, "<safe-fix-case>", "exec"), namespace)
    return namespace["compute"]


def fixed_safely(source: str, code: str, fix_target: str) -> str | None:
    """The text after the safe fixes alone, or None when the rule offered no safe fix."""
    result = fix_source(source, [code], fix_target=fix_target)
    assert result.error is None, result.error
    return result.source if result.applied else None


def variants(call: str, mode: str) -> list[str]:
    out = []
    for kernel, spelling in zip(KERNELS.values(), itertools.cycle(SPELLINGS), strict=False):
        for image in IMAGES:
            out.append(snippet(call, mode, kernel, spelling, image, ""))
    for tail, spelling in zip(TAILS[1:], SPELLINGS, strict=False):
        out.append(snippet(call, mode, KERNELS["float"], spelling, IMAGES[1], tail))
    return out


@pytest.mark.parametrize("mode", ["full", "valid", "same"])
@pytest.mark.parametrize("call", ["convolve2d", "correlate2d"])
def test_cnv501_scipy_safe_fix_keeps_every_behaviour(call: str, mode: str) -> None:
    arrays = inputs()
    safe = 0
    for source in variants(call, mode):
        fixed = fixed_safely(source, "CNV501", "scipy")
        if fixed is None:
            continue
        safe += 1
        before, after = load(source), load(fixed)
        for image in arrays:
            if np.size(image) == 0 and ('"symm"' in source or '"wrap"' in source):
                continue  # scipy 1.17 dies of SIGFPE there, before and after alike
            old, new = run(before, image), run(after, image)
            where = f"{np.asarray(image).dtype} {np.shape(image)}\n{source}\n->\n{fixed}"
            assert identical(old, new), f"{old!r} != {new!r} on {where}"
    assert safe >= 3, "no safe fix was exercised; the test would prove nothing"


def _cnv501_fix(source: str, fix_target: str):
    findings = [f for f in analyze(source, ["CNV501"], fix_target) if f.code == "CNV501"]
    assert len(findings) == 1
    return findings[0].fix


@pytest.mark.parametrize("kernel", ["nested-list", "complex"])
def test_cnv501_kernels_it_cannot_prove_real_arrays_are_unsafe(kernel: str) -> None:
    source = snippet("convolve2d", "full", KERNELS[kernel], SPELLINGS[0], IMAGES[1], "")
    fix = _cnv501_fix(source, "scipy")
    assert fix is None or not fix.safe
    if kernel == "nested-list":  # why: the original raised where the fixed call would not
        before = run(load(source), np.ones((4, 4)))
        assert before == ("raised", "TypeError")


def test_cnv501_valid_needs_a_real_image_for_a_kernel_larger_than_it() -> None:
    """scipy swaps the operands of 'valid' and then conjugates the image (issue 11)."""
    from scipy.signal import convolve2d, correlate2d

    source = snippet("convolve2d", "valid", KERNELS["float"], SPELLINGS[0], IMAGES[0], "")
    assert not _cnv501_fix(source, "scipy").safe
    rng = np.random.default_rng(2)
    small = rng.standard_normal((2, 4)) + 1j * rng.standard_normal((2, 4))
    ker = rng.random((3, 5))
    assert not np.allclose(
        convolve2d(small, ker[::-1, ::-1], "valid"), correlate2d(small, ker, "valid")
    )


def test_cnv501_convflip_target_is_unsafe_and_why() -> None:
    """The runtime raises other exceptions than scipy and batches 3-D images."""
    from convflip import xcorr2d
    from scipy.signal import convolve2d

    source = snippet("convolve2d", "full", KERNELS["float"], SPELLINGS[0], IMAGES[1], "")
    assert not _cnv501_fix(source, "convflip").safe
    real = np.random.default_rng(1).random((3, 5))
    cases = [  # (image, kernel): bool, a 3-D batch, an empty image
        (np.ones((6, 7), dtype=bool), real > 0.5),
        (np.ones((2, 6, 7)), real),
        (np.ones((0, 4)), real),
    ]
    for image, ker in cases:
        scipy_outcome = run(lambda x, k=ker: convolve2d(x, k[::-1, ::-1]), image)
        convflip_outcome = run(lambda x, k=ker: xcorr2d(x, k), image)
        assert not identical(scipy_outcome, convflip_outcome), (image.shape, image.dtype)


USER_BINDS = {
    "def": "def {name}(a, b, *rest):\n    return 'mine'\n",
    "assign": "{name} = lambda a, b, *rest: 'mine'\n",
    "import": "from fractions import Fraction as {name}\n",
}


@pytest.mark.parametrize("how", sorted(USER_BINDS))
@pytest.mark.parametrize("fix_target", ["convflip", "scipy"])
def test_a_fix_never_shadows_a_name_the_file_binds(how: str, fix_target: str) -> None:
    """The fix's import name already bound: the user's binding keeps working."""
    pytest.importorskip("convflip")
    name = "xcorr2d" if fix_target == "convflip" else "correlate2d"
    source = textwrap.dedent(
        """\
        import numpy as np
        from scipy.signal import convolve2d

        np.random.seed(5)
        ker = np.random.rand(3, 5)
        """
    )
    source += USER_BINDS[how].format(name=name)
    source += textwrap.dedent(
        f"""\


        def compute(plane):
            return convolve2d(plane, ker[::-1, ::-1], "full"), {name}
        """
    )
    result = fix_source(source, ["CNV501"], unsafe=True, fix_target=fix_target)
    assert result.error is None
    before, after = load(source), load(result.source)
    plane = np.random.default_rng(0).random((6, 7))
    (old, own_before), (new, own_after) = before(plane), after(plane)
    assert own_after(1, 2) == own_before(1, 2)  # still the user's own
    assert np.allclose(old, new)
    assert result.applied  # reached through the module, never a second binding of `name`
    module = "convflip" if fix_target == "convflip" else "scipy.signal"
    assert f"{module}.{name}(plane, ker" in result.source


def test_cnv501_aliased_fix_when_the_name_is_taken() -> None:
    source = textwrap.dedent(
        """\
        from scipy.signal import convolve2d
        from mylib import xcorr2d

        out = convolve2d(img, ker[::-1, ::-1], "full")
        mine = xcorr2d(img, ker)
        """
    )
    result = fix_source(source, ["CNV501"], unsafe=True)
    assert "import convflip\n" in result.source
    assert 'out = convflip.xcorr2d(img, ker, "full")' in result.source
    assert "from mylib import xcorr2d" in result.source
    assert "mine = xcorr2d(img, ker)" in result.source


def test_no_fix_when_the_module_name_is_taken_too() -> None:
    source = textwrap.dedent(
        """\
        from scipy.signal import convolve2d
        from mylib import xcorr2d, convflip

        out = convolve2d(img, ker[::-1, ::-1], "full")
        """
    )
    result = fix_source(source, ["CNV501"], unsafe=True)
    assert result.source == source
    assert [f.code for f in result.remaining] == ["CNV501"]


def test_a_star_import_may_bind_the_name() -> None:
    source = "from scipy.signal import convolve2d\nfrom mylib import *\n\n"
    source += 'out = convolve2d(img, ker[::-1, ::-1], "full")\n'
    result = fix_source(source, ["CNV501"], unsafe=True)
    assert "from convflip import xcorr2d" not in result.source

"""identify recovers the transform, mode, anchor, boundary and conjugation of 2-D filters
written with scipy.signal, scipy.ndimage, cv2, torch (when installed), hand loops and einsum
windows; the equivalent call it prints computes the same thing."""

from __future__ import annotations

import zlib

import helpers_identify as impls
import numpy as np
import pytest
from convflip import conv2d, dihedral, identify, xcorr2d

TRANSFORMS = dihedral.NAMES
BOUNDARIES = ("zero", "wrap", "symmetric", "reflect", "nearest")
MODE_BOUNDARY = [("valid", "zero")] + [(m, b) for m in ("full", "same") for b in BOUNDARIES]
KINDS = {"real": (False, False), "complex": (True, False), "complex-conj": (True, True)}


def evaluate(expression: str, x, k):
    """Run an ``equivalent`` string the way a reader would paste it."""
    names = {"np": np, "xcorr2d": xcorr2d, "conv2d": conv2d, "x": x, "k": k}
    return eval(expression, names)  # the expression is identify's own output


def random_inputs(shape, kshape, complex_, seed=1):
    rng = np.random.default_rng(seed)
    x, k = rng.standard_normal(shape), rng.standard_normal(kshape)
    if complex_:
        x = x + 1j * rng.standard_normal(shape)
        k = k + 1j * rng.standard_normal(kshape)
    return x, k


def check(fn, t, mode, boundary, conj, kshape, complex_, offset, shape=(9, 9)):
    ident = identify(fn, shape, kshape, complex=complex_)
    where = f"{t} {mode} {boundary} {kshape} complex={complex_}: {ident}"
    assert ident.is_filter, where
    assert t == ident.transform or t in ident.aliases, where
    assert ident.mode == mode, where
    assert ident.offset == offset, where
    assert ident.conjugated == (conj if complex_ else None), where
    if mode == "valid":
        assert ident.boundary is None, where
    else:
        assert boundary in ident.boundaries, where
    assert ident.linear and ident.shift_invariant, where
    assert ident.equivalent is not None, where
    x, k = random_inputs(shape, kshape, complex_)
    np.testing.assert_allclose(evaluate(ident.equivalent, x, k), fn(x, k), atol=1e-10)
    assert 3 <= ident.calls <= 4, where
    return ident


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("kshape", [(3, 3), (4, 4)], ids=["odd", "even"])
@pytest.mark.parametrize(("mode", "boundary"), MODE_BOUNDARY)
def test_every_transform_mode_boundary_parity_and_dtype(mode, boundary, kshape, kind):
    complex_, conj = KINDS[kind]
    for t in TRANSFORMS:
        fn = impls.einsum_windows(t, mode, boundary, conj)
        offset = impls.expected_offset(impls.einsum_windows, t, mode, kshape)
        check(fn, t, mode, boundary, conj, kshape, complex_, offset)


LIBRARIES = [
    impls.hand_loop,
    impls.scipy_correlate2d,
    impls.scipy_convolve2d,
    impls.ndimage_correlate,
    impls.cv2_filter2d,
    impls.torch_conv2d,
]


def _library_cases():
    for builder in LIBRARIES:
        for mode, boundary in MODE_BOUNDARY:
            for kshape in ((3, 3), (4, 4), (2, 3)):
                for kind, (complex_, conj) in KINDS.items():
                    if complex_ and builder in (impls.cv2_filter2d, impls.torch_conv2d):
                        continue  # real data only
                    conj = conj or (builder is impls.scipy_correlate2d and complex_)
                    if kind == "complex-conj" and builder is impls.scipy_correlate2d:
                        continue
                    if builder(TRANSFORMS[0], mode, boundary, conj) is None:
                        continue
                    name = f"{builder.__name__}-{mode}-{boundary}-{kshape[0]}x{kshape[1]}-{kind}"
                    yield pytest.param(builder, mode, boundary, kshape, complex_, conj, id=name)


@pytest.mark.parametrize(
    ("builder", "mode", "boundary", "kshape", "complex_", "conj"), list(_library_cases())
)
def test_libraries(builder, mode, boundary, kshape, complex_, conj):
    # two transforms per case, spread so that every library meets all eight
    start = zlib.crc32(f"{builder.__name__}{mode}{boundary}{kshape}{complex_}".encode()) % 8
    for t in (TRANSFORMS[start], TRANSFORMS[(start + 4) % 8]):
        fn = builder(t, mode, boundary, conj)
        check(
            fn,
            t,
            mode,
            boundary,
            conj,
            kshape,
            complex_,
            impls.expected_offset(builder, t, mode, kshape),
        )


def test_torch_is_optional():
    if impls.torch is None:
        assert impls.torch_conv2d("identity", "valid", "zero", False) is None
    else:  # pragma: no cover - only where torch is installed
        fn = impls.torch_conv2d("identity", "valid", "zero", False)
        assert identify(fn).equivalent == "xcorr2d(x, k, 'valid')"


def test_every_library_meets_all_eight_transforms():
    met = {}
    for case in _library_cases():
        builder, mode, boundary, kshape, complex_, _ = case.values
        start = zlib.crc32(f"{builder.__name__}{mode}{boundary}{kshape}{complex_}".encode()) % 8
        met.setdefault(builder.__name__, set()).update({start, (start + 4) % 8})
    expected = {b.__name__ for b in LIBRARIES if b(TRANSFORMS[0], "same", "zero", False)}
    assert set(met) == expected
    assert all(len(indices) == 8 for indices in met.values()), met

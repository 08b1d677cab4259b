"""The eight rotations and reflections of a kernel (the dihedral group of the square).

Every orientation mistake in a convolution is one of these applied to the kernel: a true
convolution is a cross-correlation with the kernel rotated 180°, a half flip reverses one
axis, a transpose mirrors it over the diagonal. Each transform acts on the last two axes, so
it applies to a stack of kernels ``(F, C, kh, kw)`` as well.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Transform(NamedTuple):
    name: str
    spelling: str  # numpy expression applied to ``k``
    phrase: str  # what it does to the kernel, for messages


TRANSFORMS: dict[str, Transform] = {
    t.name: t
    for t in (
        Transform("identity", "k", "the kernel as written"),
        Transform("rot180", "k[::-1, ::-1]", "the kernel rotated 180°"),
        Transform("flipud", "k[::-1, :]", "the kernel flipped upside down (rows reversed only)"),
        Transform("fliplr", "k[:, ::-1]", "the kernel flipped left-right (columns reversed only)"),
        Transform("transpose", "k.T", "the kernel transposed"),
        Transform(
            "antitranspose", "k[::-1, ::-1].T", "the kernel mirrored over the anti-diagonal"
        ),
        Transform("rot90", "np.rot90(k)", "the kernel turned 90° counter-clockwise"),
        Transform("rot270", "np.rot90(k, -1)", "the kernel turned 90° clockwise"),
    )
}
NAMES: tuple[str, ...] = tuple(TRANSFORMS)


def apply(name: str, k: np.ndarray) -> np.ndarray:
    """``k`` transformed by the named transform over its last two axes."""
    if name == "identity":
        return k
    if name == "rot180":
        return k[..., ::-1, ::-1]
    if name == "flipud":
        return k[..., ::-1, :]
    if name == "fliplr":
        return k[..., :, ::-1]
    if name == "transpose":
        return np.swapaxes(k, -1, -2)
    if name == "antitranspose":
        return np.swapaxes(k[..., ::-1, ::-1], -1, -2)
    if name == "rot90":
        return np.rot90(k, 1, axes=(-2, -1))
    if name == "rot270":
        return np.rot90(k, -1, axes=(-2, -1))
    raise ValueError(f"transform must be one of {', '.join(NAMES)}, got {name!r}")


_PROBE = np.arange(9).reshape(3, 3)


def _name_of(result: np.ndarray) -> str:
    return next(n for n in NAMES if np.array_equal(apply(n, _PROBE), result))


def compose(outer: str, inner: str) -> str:
    """The transform ``outer ∘ inner`` (``inner`` first)."""
    return _name_of(apply(outer, apply(inner, _PROBE)))


def inverse(name: str) -> str:
    """The transform that undoes ``name``."""
    return next(n for n in NAMES if compose(n, name) == "identity")


def relative(actual: str, expected: str) -> str:
    """The transform ``r`` with ``actual == r ∘ expected``: what was done on top of the
    expected orientation."""
    return compose(actual, inverse(expected))


def matches(k: np.ndarray, target: np.ndarray) -> tuple[str, ...]:
    """Every transform ``t`` with ``t(k) == target`` exactly (several for degenerate shapes
    such as a 1 x n kernel, where flipud does nothing)."""
    return tuple(
        n
        for n in NAMES
        if apply(n, k).shape == target.shape and np.array_equal(apply(n, k), target)
    )

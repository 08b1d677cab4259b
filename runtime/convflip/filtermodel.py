"""The model ``identify`` fits: a window of a cross-correlation with a transformed kernel.

Every 2-D filter that scipy, ndimage, cv2, torch or a hand-written loop computes is, for some
dihedral transform ``D`` of the kernel, an optional conjugation, a boundary rule and an
offset ``o`` per axis::

    out[i] = sum_a ext(x)[i + a - c] * D(k)[a],   c = m - 1 - o

where ``ext`` extends the image by the boundary rule and ``o`` is where the output starts in
the 'full' correlation (0 for 'full', ``m - 1`` for 'valid', ``m // 2`` for xcorr2d's 'same',
``(m - 1) // 2`` for conv2d's). ``c`` is the tap (of ``D(k)``) that sits over ``x[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import dihedral
from .api import xcorr2d

BOUNDARIES = ("zero", "wrap", "symmetric", "reflect", "nearest")
NP_PAD_MODE = {
    "zero": "constant",
    "wrap": "wrap",
    "symmetric": "symmetric",
    "reflect": "reflect",
    "nearest": "edge",
}
CONVFLIP_BOUNDARY = {"zero": "fill", "wrap": "wrap", "symmetric": "symm"}


@dataclass(frozen=True)
class FilterModel:
    """One hypothesis about ``fn``: see the module docstring."""

    transform: str
    conjugated: bool
    offset: tuple[int, int]
    shape_delta: tuple[int, int]  # output shape minus image shape
    boundary: str = "zero"

    def taps(self, k: np.ndarray) -> np.ndarray:
        """``D(k)``, conjugated when the model says so."""
        t = dihedral.apply(self.transform, np.asarray(k))
        return np.conj(t) if self.conjugated and t.dtype.kind == "c" else t

    def tap_shape(self, kernel_shape: tuple[int, int]) -> tuple[int, int]:
        kh, kw = kernel_shape
        swapped = self.transform in ("transpose", "antitranspose", "rot90", "rot270")
        return (kw, kh) if swapped else (kh, kw)

    def out_shape(self, image_shape: tuple[int, int]) -> tuple[int, int]:
        return tuple(n + d for n, d in zip(image_shape, self.shape_delta, strict=True))

    def pads(
        self, image_shape: tuple[int, int], kernel_shape: tuple[int, int]
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """``(before, after)`` per axis: how far outside the image the output reads (negative:
        the output never reaches that edge)."""
        out = self.out_shape(image_shape)
        pads = []
        for n, m, o, r in zip(
            image_shape, self.tap_shape(kernel_shape), self.offset, out, strict=True
        ):
            c = m - 1 - o
            pads.append((c, r + m - 1 - c - n))
        return tuple(pads)

    def reads_outside(self, image_shape, kernel_shape) -> bool:
        return any(p > 0 for axis in self.pads(image_shape, kernel_shape) for p in axis)

    def extend(self, x: np.ndarray, kernel_shape: tuple[int, int]) -> np.ndarray:
        """The image extended (or cut) so that a 'valid' correlation gives the output."""
        pads = self.pads(x.shape[-2:], kernel_shape)
        grow = [(0, 0)] * (x.ndim - 2) + [(max(b, 0), max(a, 0)) for b, a in pads]
        ext = np.pad(x, grow, mode=NP_PAD_MODE[self.boundary])
        (b0, a0), (b1, a1) = pads
        rows = slice(max(-b0, 0), ext.shape[-2] - max(-a0, 0))
        cols = slice(max(-b1, 0), ext.shape[-1] - max(-a1, 0))
        return ext[..., rows, cols]

    def apply(self, x: np.ndarray, k: np.ndarray) -> np.ndarray:
        """What ``fn(x, k)`` returns if this model is right."""
        x, k = np.asarray(x), np.asarray(k)
        return xcorr2d(self.extend(x, k.shape[-2:]), self.taps(k), "valid", method="direct")

    def interior(self, image_shape, kernel_shape) -> tuple[slice, slice]:
        """The outputs whose window lies inside the image (independent of the boundary)."""
        out = self.out_shape(image_shape)
        (b0, _), (b1, _) = self.pads(image_shape, kernel_shape)
        spans = []
        for n, m, b, r in zip(
            image_shape, self.tap_shape(kernel_shape), (b0, b1), out, strict=True
        ):
            spans.append(slice(max(b, 0), max(min(r, n - m + 1 + b), 0)))
        return tuple(spans)

    def anchor(self, kernel_shape: tuple[int, int]) -> tuple[int, int]:
        """The element of the caller's ``k`` that multiplies ``x[i, j]`` in ``out[i, j]``."""
        index = np.arange(kernel_shape[0] * kernel_shape[1]).reshape(kernel_shape)
        taps = dihedral.apply(self.transform, index)
        m = taps.shape
        c = tuple(mi - 1 - o for mi, o in zip(m, self.offset, strict=True))
        if not all(0 <= ci < mi for ci, mi in zip(c, m, strict=True)):
            return c
        return tuple(int(v) for v in np.unravel_index(taps[c], kernel_shape))

    def with_boundary(self, boundary: str) -> FilterModel:
        return replace(self, boundary=boundary)

    def grown(self, mode: str, by: int = 2) -> FilterModel | None:
        """The same operation on a kernel ``by`` larger on each axis (None if the mode
        does not say where a larger kernel is anchored)."""
        if mode == "full":
            return replace(self, shape_delta=tuple(d + by for d in self.shape_delta))
        if mode == "valid":
            return replace(
                self,
                offset=tuple(o + by for o in self.offset),
                shape_delta=tuple(d - by for d in self.shape_delta),
            )
        if mode == "same" and by % 2 == 0:
            return replace(self, offset=tuple(o + by // 2 for o in self.offset))
        return None

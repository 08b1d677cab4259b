"""The candidates ``check_conv_gradients`` compares a gradient with: the exact one and
each named mistake, computed for an identified forward and a layout.

The forward is a 'valid' cross-correlation of the boundary-extended image with the
transformed kernel (see :mod:`convflip.filtermodel`), so ``dx`` is the adjoint of the
extension applied to ``conv2d(dy, taps, 'full')`` and ``dw`` the inverse transform of
``xcorr2d(ext, dy, 'valid')``. A mistake changes one ingredient: the kernel's orientation or
its filter/channel axes, the window (a shift), the extension (zero fill instead of the
forward's rule), or dy's orientation in dw.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from . import dihedral
from .api import conv2d, xcorr2d
from .filtermodel import FilterModel
from .vjp import xcorr2d_vjp


class Layout:
    def __init__(self, image_shape, kernel_shape):
        self.x_shape, self.w_shape = tuple(image_shape), tuple(kernel_shape)
        nx, nw = len(self.x_shape), len(self.w_shape)
        if (nx, nw) not in ((2, 2), (3, 4), (4, 4)):
            raise ValueError(
                "image_shape/kernel_shape must be (H, W)/(kh, kw), (C, H, W)/(F, C, kh, kw) or "
                f"(N, C, H, W)/(F, C, kh, kw), got {self.x_shape}/{self.w_shape}"
            )
        if nw == 4 and self.x_shape[-3] != self.w_shape[1]:
            raise ValueError(
                f"kernel_shape {self.w_shape} must have C={self.x_shape[-3]} input channels "
                f"like image_shape {self.x_shape}"
            )
        self.name = {2: "single", 3: "multi", 4: "batched"}[nx]

    def slice_fn(self, forward):
        """forward restricted to one image channel and one filter: a 2-D fn(x, k)."""
        if self.name == "single":
            return forward

        def one_slice(x2, k2):
            x = np.zeros(self.x_shape[:-2] + x2.shape, x2.dtype)
            w = np.zeros(self.w_shape[:-2] + k2.shape, k2.dtype)
            x[(0,) * (x.ndim - 2)] = x2
            w[0, 0] = k2
            y = np.asarray(forward(x, w))
            return y[(0,) * (y.ndim - 2)]

        one_slice.__name__ = getattr(forward, "__name__", "forward")
        return one_slice

    # The channel algebra: g has shape (..., F, C, h, w) after broadcasting.
    def spread_dy(self, dy):
        return dy if self.name == "single" else dy[..., :, None, :, :]

    def spread_x(self, x):
        return x if self.name == "single" else x[..., None, :, :, :]

    def sum_dx(self, g):
        return g if self.name == "single" else g.sum(axis=-4)

    def sum_dw(self, g):
        if self.name == "single":
            return g
        return g.sum(axis=0) if self.name == "batched" else g


def _pad_adjoint(model: FilterModel, g_ext: np.ndarray, shape, kshape) -> np.ndarray:
    """The adjoint of the boundary extension: scatter-add each extended pixel home."""
    h, w = shape
    index = model.extend((np.arange(h * w) + 1).reshape(h, w), kshape).ravel()
    flat = g_ext.reshape(-1, index.size)
    out = np.stack([np.bincount(index, weights=row, minlength=h * w + 1) for row in flat])
    return out[:, 1:].reshape((*g_ext.shape[:-2], h, w))


def _window(a: np.ndarray, start, size) -> np.ndarray:
    """a[..., start:start+size] on the last two axes, zero outside ``a``."""
    out = np.zeros(a.shape[:-2] + tuple(size), a.dtype)
    src, dst = [], []
    for s, n, length in zip(start, size, a.shape[-2:], strict=True):
        lo, hi = max(s, 0), min(s + n, length)
        if hi <= lo:
            return out
        src.append(slice(lo, hi))
        dst.append(slice(lo - s, hi - s))
    out[(..., *dst)] = a[(..., *src)]
    return out


_CHANNEL_OPS = {
    "as is": lambda w: w,
    "filters reversed": lambda w: w[::-1],
    "channels reversed": lambda w: w[:, ::-1],
    "filters and channels reversed": lambda w: w[::-1, ::-1],
    "filter and channel axes swapped": lambda w: np.swapaxes(w, 0, 1),
}


class Candidates:
    """The exact gradients and every named mistake, for an identified forward."""

    def __init__(self, layout, model, x, w, dy):
        self.layout, self.model, self.x, self.w, self.dy = layout, model, x, w, dy
        self.shape, self.kshape = x.shape[-2:], w.shape[-2:]
        self.taps = model.taps(w)
        self.ext = model.extend(x, self.kshape)

    def exact(self):
        """dx, dw from xcorr2d_vjp on the extended image (the forward is a 'valid'
        correlation of it with the transformed kernel)."""
        lay = self.layout
        ext = lay.spread_x(self.ext)
        batch = np.broadcast_shapes(ext.shape[:-2], self.taps.shape[:-2])
        g = np.broadcast_to(lay.spread_dy(self.dy), batch + self.dy.shape[-2:])
        g_ext, g_taps = xcorr2d_vjp(ext, self.taps, g, "valid")
        dx = _pad_adjoint(self.model, g_ext.reshape(self.ext.shape), self.shape, self.kshape)
        return dx, dihedral.apply(dihedral.inverse(self.model.transform), g_taps)

    def _channel_ops(self):
        return _CHANNEL_OPS if self.w.ndim == 4 else {"as is": _CHANNEL_OPS["as is"]}

    def dx_variants(self) -> list[_Variant]:
        """dx for each mistake: the kernel reoriented (channel axes, then the spatial
        transform on top of the right one), the window shifted, the boundary ignored."""
        lay, margin, out = self.layout, max(self.kshape), []
        (b0, _), (b1, _) = self.model.pads(self.shape, self.kshape)
        other = self.model.boundary != "zero"
        for chan, reorder in self._channel_ops().items():
            for r in dihedral.NAMES:
                v = dihedral.apply(r, reorder(self.taps))
                if v.shape != self.taps.shape:
                    continue
                g_ext = lay.sum_dx(conv2d(lay.spread_dy(self.dy), v, "full"))
                if other:
                    dx = _pad_adjoint(self.model, g_ext, self.shape, self.kshape)
                    out.append(_Variant(chan, r, (0, 0), False, dx))
                for shift in _shifts(margin):
                    dx = _window(g_ext, (b0 + shift[0], b1 + shift[1]), self.shape)
                    out.append(_Variant(chan, r, shift, other, dx))
        return sorted(out, key=_Variant.rank)

    def dw_variants(self) -> list[_Variant]:
        """dw for each mistake, as :meth:`dx_variants`."""
        lay, margin, out = self.layout, max(self.kshape), []
        inverse = dihedral.inverse(self.model.transform)
        wide = _widened(self.model.with_boundary("zero"), margin).extend(self.x, self.kshape)
        other = self.model.boundary != "zero"
        sources = [(False, self.ext, [(0, 0)], 0)] if other else []
        sources.append((other, wide, list(_shifts(margin)), margin))
        flips = (("as is", self.dy), ("dy rotated", self.dy[..., ::-1, ::-1]))
        for (ignored, ext, shifts, pad), (seen, dy) in itertools.product(sources, flips):
            g = lay.sum_dw(xcorr2d(lay.spread_x(ext), lay.spread_dy(dy), "valid"))
            for shift in shifts:
                taps = _window(g, (pad + shift[0], pad + shift[1]), self.taps.shape[-2:])
                dw = dihedral.apply(inverse, taps)
                for chan, reorder in self._channel_ops().items():
                    for r in dihedral.NAMES:
                        cand = dihedral.apply(r, reorder(dw))
                        if cand.shape == self.w.shape:
                            out.append(_Variant(chan, r, shift, ignored, cand, seen != "as is"))
        return sorted(out, key=_Variant.rank)


@dataclass(frozen=True)
class _Variant:
    chan: str
    transform: str
    shift: tuple[int, int]
    ignored_boundary: bool
    value: np.ndarray
    dy_rotated: bool = False

    def rank(self):
        return (
            self.dy_rotated,
            self.ignored_boundary,
            abs(self.shift[0]) + abs(self.shift[1]),
            self.shift,
            list(_CHANNEL_OPS).index(self.chan),
            dihedral.NAMES.index(self.transform),
        )


def _widened(model: FilterModel, margin: int) -> FilterModel:
    """The zero-fill model with ``margin`` more output on every side (for shift search)."""
    return replace(
        model,
        offset=tuple(o - margin for o in model.offset),
        shape_delta=tuple(d + 2 * margin for d in model.shape_delta),
    )


def _shifts(margin: int):
    yield (0, 0)
    for dr in range(-margin, margin + 1):
        for dc in range(-margin, margin + 1):
            if (dr, dc) != (0, 0):
                yield (dr, dc)

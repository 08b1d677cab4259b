"""check_conv_gradients: is a convolution layer's backward pass right, and if not, why?

Layouts (the shapes you pass say which):

* single channel: ``x (H, W)``, ``w (kh, kw)``, ``forward(x, w) -> y (H', W')``;
* multi-channel: ``x (C, H, W)``, ``w (F, C, kh, kw)``, ``y[f] = sum_c op(x[c], w[f, c])``;
* batched: ``x (N, C, H, W)``, same ``w``, ``y (N, F, H', W')``.

``backward(x, w, dy) -> (dx, dw)`` must return the gradients of ``sum(y * dy)``. The 2-D
``op`` is found with :func:`convflip.identify` (on one filter/channel slice); the exact
gradients then come from :func:`convflip.xcorr2d_vjp` of that operation (through the
boundary extension), cross-checked by finite differences. A wrong gradient is compared with
the usual mistakes, each one a candidate computed here: the kernel rotated 180° from the
right orientation (not flipped, or flipped twice), transposed instead of rotated, flipped on
one axis, a quarter turn, flipped over the filter/channel axes instead of the spatial ones,
the wrong mode or padding (a shifted window, the boundary ignored), or a wrong scale. Real
float64 probes; complex layers are not checked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from . import dihedral, gradmistakes
from .api import conv2d, xcorr2d
from .filtermodel import FilterModel
from .identify import Identification, identify
from .vjp import xcorr2d_vjp


@dataclass(frozen=True)
class GradientMistake:
    """One wrong gradient: ``grad`` is 'dx' or 'dw'; ``code`` a stable name such as
    'kernel-not-flipped'; ``message`` says what is wrong and what is right."""

    grad: str
    code: str
    message: str


@dataclass(frozen=True)
class GradientCheck:
    """The verdict of :func:`check_conv_gradients`; truthy when both gradients are right."""

    ok: bool
    layout: str
    forward: Identification | None
    dx_ok: bool
    dw_ok: bool
    dx_error: float
    dw_error: float
    mistakes: tuple[GradientMistake, ...]
    reference: str  # 'xcorr2d_vjp' or 'finite differences'
    note: str | None = None

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        what = "the forward"
        if self.forward is not None and self.forward.equivalent:
            what = "forward = " + re.sub(r"\bk\b", "w", self.forward.equivalent)
        if self.ok:
            return f"backward is right for {what}: dx and dw match {self.reference}"
        said = "; ".join(f"{m.grad}: {m.message}" for m in self.mistakes)
        tail = f" ({self.note})" if self.note else ""
        return f"backward is wrong for {what}: {said}{tail}"

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["forward"] = None if self.forward is None else self.forward.to_dict()
        out["mistakes"] = [m.__dict__.copy() for m in self.mistakes]
        return out


class _Layout:
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


def _close(got, want, rtol) -> bool:
    scale = max(float(np.abs(want).max(initial=0.0)), 1e-300)
    return got.shape == want.shape and float(np.abs(got - want).max(initial=0.0)) <= rtol * scale


def _error(got, want) -> float:
    if got.shape != want.shape:
        return float("inf")
    scale = max(float(np.abs(want).max(initial=0.0)), 1e-300)
    return float(np.abs(got - want).max(initial=0.0)) / scale


_CHANNEL_OPS = {
    "as is": lambda w: w,
    "filters reversed": lambda w: w[::-1],
    "channels reversed": lambda w: w[:, ::-1],
    "filters and channels reversed": lambda w: w[::-1, ::-1],
    "filter and channel axes swapped": lambda w: np.swapaxes(w, 0, 1),
}


class _Candidates:
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
    from dataclasses import replace

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


def _predict(layout: _Layout, model: FilterModel, x, w) -> np.ndarray:
    y = xcorr2d(layout.spread_x(model.extend(x, w.shape[-2:])), model.taps(w), "valid")
    return y if layout.name == "single" else y.sum(axis=-3)


def _directional(forward, x, w, dy, rng, count: int = 2):
    """Finite-difference derivatives of ``sum(forward(x, w) * dy)`` along random directions."""

    def loss(a, b):
        return float(np.sum(np.asarray(forward(a, b), dtype=float) * dy))

    out = []
    for which in ("dx", "dw"):
        for _ in range(count):
            u = rng.standard_normal(x.shape if which == "dx" else w.shape)
            eps = 1e-4
            if which == "dx":
                fd = (loss(x + eps * u, w) - loss(x - eps * u, w)) / (2 * eps)
            else:
                fd = (loss(x, w + eps * u) - loss(x, w - eps * u)) / (2 * eps)
            out.append((which, u, fd))
    return out


def _fd_agrees(grads: dict, probes, tol: float = 1e-5) -> dict[str, bool]:
    ok = {"dx": True, "dw": True}
    for which, u, fd in probes:
        g = grads[which]
        if g is None or g.shape != u.shape:
            ok[which] = False
            continue
        got = float(np.sum(g * u))
        if abs(got - fd) > tol * (abs(fd) + float(np.sqrt(np.sum(g * g) * np.sum(u * u)))):
            ok[which] = False
    return ok


def _as_grads(result, x, w):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(
            f"backward must return (dx, dw), got {type(result).__name__}"
            + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else "")
        )
    return tuple(np.asarray(g, dtype=float) for g in result)


def _scale(got, want) -> float | None:
    if got.shape != want.shape or not np.any(want):
        return None
    s = float(np.vdot(want, got) / np.vdot(want, want))
    return s if abs(s - 1) > 1e-6 and np.allclose(got, s * want, rtol=1e-6, atol=1e-9) else None


def _judge(grad, got, want, variants, forward, boundary, rtol):
    """None when right, else the mistake."""
    if got.shape == want.shape and _close(got, want, rtol):
        return None
    if got.shape != want.shape:
        return GradientMistake(grad, *gradmistakes.wrong_shape(grad, got.shape, want.shape))
    for variant in variants():
        if _close(got, variant.value, rtol):
            return GradientMistake(grad, *gradmistakes.name(grad, variant, forward, boundary))
    s = _scale(got, want)
    if s is not None:
        return GradientMistake(grad, "scaled", f"{grad} is {s:.4g} times the right gradient")
    return GradientMistake(
        grad,
        "unknown",
        f"{grad} matches neither the exact gradient nor a known mistake "
        f"(max relative error {_error(got, want):.2g})",
    )


def check_conv_gradients(
    forward: Callable,
    backward: Callable,
    image_shape: tuple[int, ...] = (9, 9),
    kernel_shape: tuple[int, ...] = (3, 3),
    *,
    strict: bool = False,
    seed: int = 0,
    rtol: float = 1e-6,
) -> GradientCheck:
    """Check ``backward(x, w, dy) -> (dx, dw)`` against the exact gradients of
    ``forward(x, w)`` (see the module docstring for the layouts) and name the mistake when
    they differ. Returns a :class:`GradientCheck` (truthy when right); ``strict=True``
    raises AssertionError with the same text instead of returning a failed check. The
    image must be at least ``2 * kernel + 1`` on each spatial axis."""
    layout = _Layout(image_shape, kernel_shape)
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(layout.x_shape), rng.standard_normal(layout.w_shape)
    y = np.asarray(forward(x, w), dtype=float)
    dy = rng.standard_normal(y.shape)
    dx, dw = _as_grads(backward(x, w, dy), x, w)
    fd = _directional(forward, x, w, dy, rng)
    ident = identify(layout.slice_fn(forward), layout.x_shape[-2:], layout.w_shape[-2:])
    model, note = ident.model, None
    if model is not None and not _close(y, _predict(layout, model, x, w), 1e-8):
        model, note = None, "forward does not compute y[f] = sum_c op(x[c], w[f, c])"
    if model is not None:
        candidates = _Candidates(layout, model, x, w, dy)
        dx_exact, dw_exact = candidates.exact()
        if not all(_fd_agrees({"dx": dx_exact, "dw": dw_exact}, fd).values()):
            model, note = None, "the identified forward disagrees with finite differences"
    if model is None:
        return _fd_only(layout, ident, dx, dw, fd, note or ident.reason, strict)
    mistakes = []
    for grad, got, want, variants in (
        ("dx", dx, dx_exact, candidates.dx_variants),
        ("dw", dw, dw_exact, candidates.dw_variants),
    ):
        found = _judge(grad, got, want, variants, model.transform, model.boundary, rtol)
        if found is not None:
            mistakes.append(found)
    wrong = {m.grad for m in mistakes}
    result = GradientCheck(
        ok=not mistakes,
        layout=layout.name,
        forward=ident,
        dx_ok="dx" not in wrong,
        dw_ok="dw" not in wrong,
        dx_error=_error(dx, dx_exact),
        dw_error=_error(dw, dw_exact),
        mistakes=tuple(mistakes),
        reference="xcorr2d_vjp",
    )
    if strict and not result.ok:
        raise AssertionError(str(result))
    return result


def _fd_only(layout, ident, dx, dw, fd, note, strict) -> GradientCheck:
    """The forward is not a 2-D filter of the known form: finite differences only."""
    ok = _fd_agrees({"dx": dx, "dw": dw}, fd)
    mistakes = tuple(
        GradientMistake(g, "unknown", f"{g} disagrees with finite differences of the forward")
        for g in ("dx", "dw")
        if not ok[g]
    )
    result = GradientCheck(
        ok=not mistakes,
        layout=layout.name,
        forward=ident,
        dx_ok=ok["dx"],
        dw_ok=ok["dw"],
        dx_error=float("nan"),
        dw_error=float("nan"),
        mistakes=mistakes,
        reference="finite differences",
        note=note,
    )
    if strict and not result.ok:
        raise AssertionError(str(result))
    return result

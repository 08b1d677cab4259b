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

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from . import gradmistakes
from .api import xcorr2d
from .filtermodel import FilterModel
from .gradvariants import Candidates, Layout
from .identify import Identification, identify


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


def _close(got, want, rtol) -> bool:
    scale = max(float(np.abs(want).max(initial=0.0)), 1e-300)
    return got.shape == want.shape and float(np.abs(got - want).max(initial=0.0)) <= rtol * scale


def _error(got, want) -> float:
    if got.shape != want.shape:
        return float("inf")
    scale = max(float(np.abs(want).max(initial=0.0)), 1e-300)
    return float(np.abs(got - want).max(initial=0.0)) / scale


def _predict(layout: Layout, model: FilterModel, x, w) -> np.ndarray:
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
    layout = Layout(image_shape, kernel_shape)
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
        candidates = Candidates(layout, model, x, w, dy)
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

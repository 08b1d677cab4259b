"""Names and messages for the mistakes ``check_conv_gradients`` recognises.

A mistake is the variant of the exact gradient that the wrong one equals: the kernel's
spatial transform on top of the right orientation, a reordering of the filter/channel axes,
a shifted window (mode or padding), or the forward's boundary rule ignored.
"""

from __future__ import annotations

from . import dihedral

CODES = (
    "kernel-not-flipped",
    "kernel-flipped-twice",
    "kernel-transposed",
    "kernel-half-flip",
    "kernel-quarter-turn",
    "wrong-axes",
    "wrong-mode",
    "dw-orientation",
    "scaled",
    "unknown",
)


def right_dx(transform: str) -> str:
    """The input gradient of a 'valid' forward with this kernel transform."""
    if transform == "identity":
        return "conv2d(dy, w, 'full')"
    if transform == "rot180":
        return "xcorr2d(dy, w, 'full')"
    return f"conv2d(dy, {dihedral.TRANSFORMS[transform].spelling.replace('k', 'w')}, 'full')"


def right_dw(transform: str) -> str:
    """The kernel gradient of a 'valid' forward with this kernel transform."""
    if transform == "identity":
        return "xcorr2d(x, dy, 'valid')"
    if transform == "rot180":
        return "xcorr2d(x, dy, 'valid')[::-1, ::-1]"
    inverse = dihedral.TRANSFORMS[dihedral.inverse(transform)].spelling
    return inverse.replace("k", "xcorr2d(x, dy, 'valid')")


def _orientation(grad: str, r: str, forward: str) -> tuple[str, str]:
    """Code and message for a kernel reoriented by ``r`` on top of the right one."""
    if grad == "dw":
        phrase = dihedral.TRANSFORMS[r].phrase.replace("the kernel ", "", 1)
        return "dw-orientation", (
            f"dw has the wrong orientation: it is the exact dw {phrase}; for this forward "
            f"dw = {right_dw(forward)} (x first: xcorr2d(dy, x) rotates it by 180°)"
        )
    right = right_dx(forward)
    if r == "rot180" and forward == "rot180":
        return "kernel-flipped-twice", (
            f"the kernel is flipped twice: the forward convolution already rotates it, so "
            f"dx = {right} uses the kernel as it is"
        )
    if r == "rot180":
        return "kernel-not-flipped", (
            f"the kernel is not flipped: the input gradient needs it rotated 180°, dx = {right}"
        )
    if r in ("transpose", "antitranspose"):
        return "kernel-transposed", (
            f"the kernel is transposed instead of rotated: a transpose is not a 180° "
            f"rotation; dx = {right}"
        )
    if r in ("flipud", "fliplr"):
        return "kernel-half-flip", (
            f"the kernel is flipped on one axis only; reverse both axes: dx = {right}"
        )
    return "kernel-quarter-turn", (
        f"the kernel is turned a quarter turn (np.rot90(w)) where a half turn or none "
        f"belongs; dx = {right}"
    )


def _axes(grad: str, chan: str) -> tuple[str, str]:
    if chan == "filter and channel axes swapped":
        return "wrong-axes", (
            f"{grad} mixes up the filter and channel axes of the (F, C, kh, kw) weights "
            "(a transpose of axes 0 and 1 where none belongs, or one missing)"
        )
    return "wrong-axes", (
        f"the kernel was rotated over the wrong axes ({chan}): flip the spatial axes "
        "(w[..., ::-1, ::-1], or np.rot90(w, 2, axes=(-2, -1))), not the filter/channel axes "
        "(np.rot90(w, 2) and w[::-1, ::-1] turn axes 0 and 1)"
    )


def name(grad: str, variant, forward: str, boundary: str) -> tuple[str, str]:
    """``(code, message)`` for the variant a wrong gradient equals."""
    parts = []
    code = None
    if variant.dy_rotated:
        code = "dw-orientation"
        parts.append(
            f"dw convolves x with dy (dy rotated 180°) where the kernel gradient correlates "
            f"them: dw = {right_dw(forward)}"
        )
    if variant.chan != "as is":
        code, text = _axes(grad, variant.chan)
        parts.append(text)
    if variant.transform != "identity":
        c, text = _orientation(grad, variant.transform, forward)
        code = code or c
        parts.append(text)
    if variant.ignored_boundary:
        code = code or "wrong-mode"
        parts.append(
            f"{grad} treats the edges as zero fill, but the forward uses the {boundary} "
            "boundary: add the gradient of every padded pixel back to the pixel it copies"
        )
    if variant.shift != (0, 0):
        code = code or "wrong-mode"
        parts.append(
            f"{grad} is the right gradient shifted by {variant.shift} pixels: wrong mode or "
            "padding in the backward (crop the 'full' gradient where the forward's output starts)"
        )
    return code or "unknown", "; ".join(parts)


def wrong_shape(grad: str, got, want) -> tuple[str, str]:
    what = "x" if grad == "dx" else "w"
    return "wrong-mode", (
        f"{grad} has shape {tuple(got)}, {what} has {tuple(want)}: the backward uses the wrong "
        "mode or padding (a 'valid' forward's input gradient is a 'full' correlation)"
    )

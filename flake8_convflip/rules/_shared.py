"""Small pieces several rules use (kept here so no rule copies another)."""

from __future__ import annotations

import re

import libcst as cst

from ..analysis.apis import GRADIENT_NAMES, FilterApi, Orientation
from ..analysis.exprs import call_arg, string_value
from ..analysis.model import ApiCall, FileFacts
from ..fix.build import replace_callee, rotate180
from ..semantic import Placed
from .base import Fix

FLIP_WORDS = re.compile(r"flip|rot(?:ate|ated|ation)?_?180|180|revers|mirror|invert|rot180")

# APIs whose positional arguments line up with convflip's (x, k, mode, boundary, fillvalue)
__all__ = ["FLIP_WORDS", "GRADIENT_NAMES", "orientation_swap_fix"]

_PORTABLE = {
    "scipy.signal.convolve2d",
    "scipy.signal.correlate2d",
    "convflip.conv2d",
    "convflip.xcorr2d",
}
_PORTABLE_ND = {
    "scipy.signal.convolve",
    "scipy.signal.correlate",
    "scipy.signal.fftconvolve",
    "scipy.signal.oaconvolve",
}


def target_function(orientation: Orientation, fix_target: str) -> str:
    """The function a fix calls to get ``orientation`` (runtime or scipy spelling)."""
    if fix_target == "scipy":
        if orientation is Orientation.CORRELATION:
            return "scipy.signal.correlate2d"
        return "scipy.signal.convolve2d"
    return "convflip.xcorr2d" if orientation is Orientation.CORRELATION else "convflip.conv2d"


def function_name(orientation: Orientation, fix_target: str) -> str:
    """The bare name of :func:`target_function` (``conv2d``, ``correlate2d``...), for messages."""
    return target_function(orientation, fix_target).rsplit(".", 1)[-1]


def counterpart_name(api: FilterApi | None, orientation: Orientation, fix_target: str) -> str:
    """The function to name in a message for ``orientation`` instead of ``api``: a 1-D
    call's 1-D counterpart (``np.correlate`` for ``np.convolve``), else the 2-D pair's."""
    if api is not None and api.ndim == 1:
        numpy = api.name.startswith("numpy.")
        if orientation is Orientation.CONVOLUTION:
            return "np.convolve" if numpy else "convolve1d"
        return "np.correlate" if numpy else "correlate1d"
    return function_name(orientation, fix_target)


def portable_args(call: ApiCall) -> list[cst.Arg] | None:
    """The call's arguments rewritten for the 2-D pair, or None when they do not map.

    None for a call of a ``partial`` alias too: its bound keywords are not in the call.
    """
    node = call.node
    if call.site.scope.bound_keywords(node.func):
        return None
    if call.api.name in _PORTABLE:
        allowed = {"in1", "in2", "mode", "boundary", "fillvalue", "x", "k"}
        if any(a.keyword is not None and a.keyword.value not in allowed for a in node.args):
            return None
        renamed = []
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in ("in1", "in2"):
                return None
            renamed.append(arg)
        return renamed
    if call.api.name in _PORTABLE_ND:
        if any(a.keyword is not None and a.keyword.value != "mode" for a in node.args):
            return None
        if any(a.star for a in node.args) or len(node.args) > 3:
            return None
        mode = call_arg(node, 2, "mode")
        if mode is not None and string_value(mode) not in ("full", "valid", "same"):
            return None
        return list(node.args)
    return None


def orientation_swap_fix(
    facts: FileFacts, call: ApiCall, fix_target: str, *, safe: bool, title: str
) -> Fix | None:
    """Call the other orientation's function with the same arguments (2-D inputs only)."""
    args = portable_args(call)
    if args is None:
        return None
    other = (
        Orientation.CORRELATION
        if call.api.orientation is Orientation.CONVOLUTION
        else Orientation.CONVOLUTION
    )
    if call.api.ndim != 2:
        return None
    exact_flip = call.mode in FLIP_EXACT_MODES
    if fix_target == "scipy" and other is Orientation.CORRELATION and exact_flip:
        args = _rotated_kernel_args(call, args)
        if args is None:
            return None
        target = target_function(Orientation.CONVOLUTION, fix_target)
    else:
        target = target_function(other, fix_target)
    return replace_callee(facts, call.node, target, safe=safe, title=title, args=args)


# xcorr2d(x, k, m) == convolve2d(x, k[::-1, ::-1], m) for every dtype in these modes
# (docs/semantics.md A8/F1 without conjugation); correlate2d would conjugate a complex k.
FLIP_EXACT_MODES = ("full", "valid")


def _rotated_kernel_args(call: ApiCall, args: list[cst.Arg]) -> list[cst.Arg] | None:
    """``args`` with the kernel argument replaced by its 180-degree rotation."""
    if call.kernel is None:
        return None
    out = []
    for arg in args:
        if arg.value is call.kernel:
            arg = arg.with_changes(value=rotate180(call.kernel))
        out.append(arg)
    return out


def through_callers(view: Placed) -> str:
    """``", in blur() through _apply()"``: where a filter judged at its caller is seen."""
    if not view.via:
        return ""
    path = ", ".join(f"{f.name}()" for f in view.via)
    return f", in {view.scope.name}() through {path}"

"""Words for what ``identify`` found: the one-sentence summary and the equivalent call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import dihedral
from .filtermodel import CONVFLIP_BOUNDARY, NP_PAD_MODE, FilterModel

if TYPE_CHECKING:
    from .identify import Identification

Shape = tuple[int, int]

# Where each function's 'same' output starts in the full correlation with its taps.
_SAME_OFFSET = {"xcorr2d": lambda m: m // 2, "conv2d": lambda m: (m - 1) // 2}


def kind(transform: str) -> str:
    """'a cross-correlation', 'a true convolution' or neither, for a transform vs xcorr2d."""
    return {"identity": "a cross-correlation", "rot180": "a true convolution"}.get(
        transform, "neither a cross-correlation nor a convolution"
    )


def transform_phrase(transform: str, reference: str = "xcorr2d") -> str:
    """What ``transform`` (relative to xcorr2d) does to the kernel, said relative to
    ``reference`` ('xcorr2d' or 'conv2d')."""
    if reference == "conv2d":
        transform = dihedral.relative(transform, "rot180")
    if transform == "identity":
        return f"the kernel is used as in {reference}"
    phrase = dihedral.TRANSFORMS[transform].phrase.replace("the kernel ", "", 1)
    return f"the kernel is {phrase} compared with {reference}"


def _kernel(transform: str, conjugated: bool, conj_kwarg: bool) -> tuple[str, str]:
    spelling = dihedral.TRANSFORMS[transform].spelling
    if conjugated and not conj_kwarg:
        return f"np.conj({spelling})", ""
    return spelling, (", conj=True" if conjugated else "")


def _offsets_match(model, mode, function, shape, kshape) -> bool:
    m = model.tap_shape(kshape)
    out = model.out_shape(shape)
    for n, mi, o, r in zip(shape, m, model.offset, out, strict=True):
        want = {
            "full": (n + mi - 1, 0),
            "valid": (n - mi + 1, mi - 1),
            "same": (n, _SAME_OFFSET[function](mi)),
        }[mode]
        if (r, o) != want:
            return False
    return True


def equivalent_call(
    model: FilterModel, mode: str, shape: Shape, kshape: Shape, rules: tuple[str, ...]
) -> str | None:
    """The ``convflip`` call that computes the same as ``fn``, written with ``x`` and ``k``;
    a window of the 'full' result or an ``np.pad`` extension when no mode matches."""
    families = [
        ("xcorr2d", model.transform),
        ("conv2d", dihedral.compose("rot180", model.transform)),
    ]
    families.sort(key=lambda family: family[1] != "identity")
    boundary = rules[0] if rules else None
    ambiguous = len(rules) > 1
    for function, transform in families:
        for candidate in ("full", "valid", "same"):
            if not _offsets_match(model, candidate, function, shape, kshape):
                continue
            extra = ""
            if boundary is not None and boundary != "zero":
                if boundary not in CONVFLIP_BOUNDARY or ambiguous:
                    continue
                extra = f", boundary={CONVFLIP_BOUNDARY[boundary]!r}"
            spelling, conj = _kernel(transform, model.conjugated, function == "xcorr2d")
            return f"{function}(x, {spelling}, {candidate!r}{extra}{conj})"
    spelling, conj = _kernel(model.transform, model.conjugated, True)
    out = model.out_shape(shape)
    if boundary is None or boundary == "zero":
        (o0, o1), (r0, r1) = model.offset, out
        return f"xcorr2d(x, {spelling}, 'full'{conj})[{o0}:{o0 + r0}, {o1}:{o1 + r1}]"
    pads = model.pads(shape, kshape)
    if ambiguous or any(p < 0 for axis in pads for p in axis):
        return None
    pad = f"np.pad(x, {pads}, {NP_PAD_MODE[boundary]!r})"
    return f"xcorr2d({pad}, {spelling}, 'valid'{conj})"


def _anchor_phrase(ident: Identification) -> str:
    kh, kw = ident.kernel_shape
    anchor = ident.anchor
    if anchor == ((kh - 1) // 2, (kw - 1) // 2) and anchor == (kh // 2, kw // 2):
        return f"anchored at the kernel centre {anchor}"
    if anchor == ((kh - 1) // 2, (kw - 1) // 2):
        return f"anchored at kernel element {anchor}, as convflip, scipy.signal and torch"
    if anchor == (kh // 2, kw // 2):
        return f"anchored at kernel element {anchor}, as scipy.ndimage and cv2"
    return f"anchored at kernel element {anchor}"


def _boundary_phrase(ident: Identification) -> str:
    if ident.boundary is None:
        return ""
    names = {"zero": "zero fill"}
    if len(ident.boundaries) > 1:
        listed = " or ".join(names.get(b, b) for b in ident.boundaries)
        return f"{listed} at the edges (the same for this kernel size)"
    return names.get(ident.boundary, f"{ident.boundary} boundary")


def details(ident: Identification) -> str:
    """Mode, anchor, boundary and conjugation, as a clause (may be empty)."""
    parts = []
    if ident.mode == "same":
        parts.append(f"'same'-size output {_anchor_phrase(ident)}")
    elif ident.mode == "cropped":
        parts.append(
            f"a {ident.out_shape} output starting at {ident.offset} of the 'full' correlation"
        )
    boundary = _boundary_phrase(ident)
    if boundary:
        parts.append(boundary)
    if ident.conjugated:
        parts.append("the kernel conjugated")
    if ident.aliases:
        parts.append(f"equally {', '.join(ident.aliases)} for a kernel of this shape")
    return ", ".join(parts)


def describe(ident: Identification) -> str:
    """The one-sentence summary ``str(identification)`` prints."""
    call = f"{ident.name}(x, k)"
    if not ident.is_filter:
        return f"{call} is not a 2-D filter: {ident.reason}"
    if ident.transform is None:
        return (
            f"{call} is linear and shift-invariant, but not xcorr2d with a rotated or "
            f"reflected kernel: {ident.reason}"
        )
    what = ident.equivalent or "a 2-D filter"
    sentence = (
        f"{call} computes {what}, {kind(ident.transform)}: {transform_phrase(ident.transform)}"
    )
    extra = details(ident)
    return f"{sentence}; {extra}" if extra else sentence

"""conv2d and xcorr2d: 2-D convolution and cross-correlation, orientation in the name.

``conv2d`` is true convolution (the kernel is flipped) and equals
``scipy.signal.convolve2d``. ``xcorr2d`` is cross-correlation without conjugation, the
operation deep-learning frameworks call "conv2d": ``xcorr2d(x, k, 'valid')[i, j]`` is
``(x[i:i+kh, j:j+kw] * k).sum()``.

'same' anchors. Both functions anchor kernel element ``((kh-1)//2, (kw-1)//2)``: conv2d like
``convolve2d`` (``full[(kh-1)//2:, (kw-1)//2:]``), xcorr2d like ``correlate2d`` and torch
``padding='same'`` (``full[kh//2:, kw//2:]``). This keeps the pair adjoint for every kernel
size, ``<conv2d(x,k,'same'), y> == <x, xcorr2d(y,k,'same',conj=True)>`` (``conj`` only
matters for complex ``k``). The price, which no anchor choice avoids (semantics.md F6): the
flip relation ``xcorr2d(x,k,m) == conv2d(x,k[::-1,::-1],m)`` holds for 'full' and 'valid'
always, for 'same' only when both kernel sides are odd. ``scipy.ndimage``, ``cv2.filter2D``,
``scipy.signal.correlate`` and ``np.correlate`` anchor ``kh//2`` instead: on an even axis
their 'same' result is ours shifted by one sample, i.e. ``origin=-1`` on even axes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from . import _core


def conv2d(
    x: ArrayLike,
    k: ArrayLike,
    mode: str = "full",
    boundary: str = "fill",
    fillvalue: complex = 0,
    *,
    method: str = "auto",
    dtype: DTypeLike = None,
) -> np.ndarray:
    """True 2-D convolution ``out[p, q] = sum_ab k[a, b] * x[p - a, q - b]``, equal to
    ``scipy.signal.convolve2d(x, k, mode, boundary, fillvalue)`` for every input scipy accepts
    (modes 'full'/'valid'/'same', boundaries 'fill'/'pad', 'wrap'/'circular',
    'symm'/'symmetric'; 'valid' with a kernel larger than the image swaps the operands as
    scipy does). The last two dimensions are the image and kernel planes; leading dimensions
    broadcast like a gufunc ``(h,w),(p,q)->(r,s)``. The result dtype is
    ``np.result_type(x, k)``, or ``dtype`` (which also sets the accumulation type). Integer
    results are exact and wrap on overflow exactly as scipy's (the exact value modulo
    ``2**bits``); float results agree with scipy to rounding. ``method`` is 'auto', 'direct'
    (NaN/inf stay local, exact zeros) or 'fft' (integers only through a provably exact limb
    split; otherwise ValueError)."""
    return _core.run(x, k, mode, boundary, fillvalue, method, dtype, conv=True)


def xcorr2d(
    x: ArrayLike,
    k: ArrayLike,
    mode: str = "full",
    boundary: str = "fill",
    fillvalue: complex = 0,
    *,
    conj: bool = False,
    method: str = "auto",
    dtype: DTypeLike = None,
) -> np.ndarray:
    """2-D cross-correlation ``out[i, j] = sum_ab x[i + a, j + b] * k[a, b]`` (for 'valid';
    'full' and 'same' pad ``x`` as ``scipy.signal.correlate2d`` does), with no conjugation by
    default: the same number as a hand-rolled window sum and as torch's ``conv2d``, also for
    complex input. ``conj=True`` uses ``conj(k)`` and then equals
    ``scipy.signal.correlate2d``, except for complex 'valid' with a kernel larger than the
    image, where correlate2d returns the conjugate of the correct value and xcorr2d returns
    the correct one (its 'full' window, as ``scipy.signal.correlate``). Arguments, dtypes,
    broadcasting, boundaries and methods are as in :func:`conv2d`; 'same' anchors like
    correlate2d and torch ``padding='same'``, so the pair is adjoint for every kernel size; the
    flip relation ``xcorr2d(x, k, m) == conv2d(x, k[::-1, ::-1], m)`` therefore holds for
    'full' and 'valid' always and for 'same' only when both kernel sides are odd."""
    if not isinstance(conj, (bool, np.bool_)):
        raise TypeError(f"conj must be True or False, got {conj!r}")
    return _core.run(x, k, mode, boundary, fillvalue, method, dtype, conv=False, conj=conj)

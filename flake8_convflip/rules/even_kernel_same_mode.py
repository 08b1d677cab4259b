"""CNV402 even-kernel-same-mode.

## What it does
Finds an even-sized kernel (its shape known from a literal or constructor arguments)
used in ``'same'`` mode where the alignment of the output matters:

* the result is compared with another implementation of the same operation whose
  ``'same'`` convention anchors the kernel one sample away (scipy's 2-D pair or torch
  ``padding='same'`` against ``ndimage``, ``cv2.filter2D``, ``signal.correlate`` or
  ``np.correlate``; torch ``padding=k//2``; a correlation against a convolution of the
  flipped kernel);
* a unit impulse placed at ``k // 2`` "as if centred" is expected to return the image
  unchanged.

Silent for ``'valid'`` and ``'full'``, for odd kernels, for even kernels used on their
own (scikit-image's 2x2 Euler-number convolution), and for pairs whose conventions
agree (``origin=-1`` on ndimage reproduces scipy's 2-D pair).

## Why is this bad?
An even kernel has no centre.  Every library picks one of the two middle elements as
the anchor, and they do not agree (docs/semantics.md section 0): the scipy 2-D pair, scipy's
n-d convolve, torch and ``np.convolve`` use ``(m - 1) // 2``; ``ndimage``, OpenCV,
``signal.correlate`` and ``np.correlate`` use ``m // 2``.  Two implementations that
"should" agree then differ by a one-pixel shift, which a test either flags as a
mysterious failure or hides with a loose tolerance.  No choice keeps both the flip
relation and adjointness for even kernels (F6).

## Example
```python
box = np.ones((2, 2)) / 4
assert np.allclose(ndimage.correlate(img, box, mode="constant"),
                   correlate2d(img, box, mode="same"))
```

## Use instead
```python
assert np.allclose(ndimage.correlate(img, box, mode="constant", origin=-1),
                   correlate2d(img, box, mode="same"))
```

## References
- docs/semantics.md section 0 (anchor table), A7, A8, B2, C1-C3, D1, D7, E4, F6
"""

from __future__ import annotations

from ..analysis.alignment import Alignment, delta_position, same_alignment, window_alignment
from ..analysis.arrays import ArrayRoot, array_root, same_across
from ..analysis.flow import Comparison, Source, compared_sources, comparisons
from ..analysis.model import ApiCall
from ..analysis.padding import shows_shift
from ..analysis.windows import Window
from .base import Rule


def _aligned(source: Source) -> Alignment | None:
    item = source.item
    if isinstance(item, ApiCall):
        return same_alignment(item)
    return window_alignment(item) if isinstance(item, Window) else None


def _label(source: Source) -> str:
    item = source.item
    return item.api.short if isinstance(item, ApiCall) else "the hand-rolled window"


def _roots(source: Source, alignment: Alignment) -> tuple[ArrayRoot, ArrayRoot] | None:
    """(kernel root, unpadded image root) of an aligned computation."""
    item = source.item
    if alignment.image is None:
        return None
    if isinstance(item, ApiCall) and item.kernel is not None:
        kernel = array_root(item.kernel, item.scope)
        return kernel, array_root(alignment.image, item.scope)
    if isinstance(item, Window):
        kernel = array_root(item.kernel.base, item.scope)
        return kernel, array_root(alignment.image, item.scope)
    return None


class EvenKernelSameMode(Rule):
    CODE = "CNV402"
    NAME = "even-kernel-same-mode"
    MESSAGE = (
        "CNV402 even-sized kernel in 'same' mode: {detail}; the outputs are shifted by "
        "one sample (pass origin/anchor explicitly or use an odd kernel)"
    )
    VALID = (
        # odd kernel: every 'same' convention agrees
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import correlate2d
        box = np.ones((3, 3)) / 9
        assert np.allclose(ndimage.correlate(img, box, mode="constant"),
                           correlate2d(img, box, mode="same"))
        """,
        # even kernel used standalone (scikit-image Euler number)
        """\
        import numpy as np
        from scipy import ndimage
        weights = np.array([[1, 2], [4, 8]])
        codes = ndimage.convolve(binary, weights, mode="constant", cval=0)
        hist = np.bincount(codes.ravel(), minlength=16)
        """,
        # ndimage with origin=-1 reproduces scipy's 2-D convention (C3)
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import correlate2d
        pair = np.ones((2, 2)) / 4
        assert np.allclose(ndimage.correlate(img, pair, mode="constant", origin=-1),
                           correlate2d(img, pair, mode="same"))
        """,
        # symmetric k//2 padding, compensated by dropping the first row and column
        """\
        import numpy as np
        from scipy.signal import correlate2d
        tile = np.random.rand(2, 2)
        padded = np.pad(pic, 1)
        mine = correlate2d(padded, tile, "valid")[1:, 1:]
        assert np.allclose(mine, correlate2d(pic, tile, "same"))
        """,
        # 'valid' has no anchor to disagree on
        """\
        import numpy as np
        from scipy.signal import correlate, correlate2d
        pair = np.random.rand(2, 4)
        assert np.allclose(correlate(img, pair, "valid"), correlate2d(img, pair, "valid"))
        """,
        # torch 'same' and correlate2d 'same' share the anchor for every size (D7)
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import correlate2d
        quad = np.random.rand(4, 4)
        out = F.conv2d(torch.from_numpy(img)[None, None], torch.from_numpy(quad)[None, None],
                       padding="same")
        assert np.allclose(out[0, 0].numpy(), correlate2d(img, quad, "same"))
        """,
    )
    INVALID = (
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import correlate2d
        pair = np.ones((2, 2)) / 4
        assert np.allclose(ndimage.correlate(img, pair, mode="constant"),
                           correlate2d(img, pair, mode="same"))
        """,
        # torch with symmetric k//2 padding against scipy's 'same'
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import correlate2d
        quad = np.random.rand(4, 4)
        ref = correlate2d(img, quad, "same")
        out = F.conv2d(torch.from_numpy(img)[None, None], torch.from_numpy(quad)[None, None],
                       padding=2)
        print(out[0, 0, :-1, :-1].numpy(), ref)
        """,
        # symmetric k//2 padding then 'valid' against scipy's 'same'
        """\
        import numpy as np
        from scipy.signal import correlate2d
        tile = np.random.rand(2, 2)
        padded = np.pad(pic, tile.shape[0] // 2)
        mine = correlate2d(padded, tile, "valid")[:-1, :-1]
        assert np.allclose(mine, correlate2d(pic, tile, "same"))
        """,
        # a hand-rolled 'same' loop over a k//2-padded image against scipy's 'same'
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def test_naive_same(pic):
            quad = np.random.rand(4, 4)
            padded = np.pad(pic, 2)
            mine = np.zeros(pic.shape)
            for r in range(pic.shape[0]):
                for c in range(pic.shape[1]):
                    mine[r, c] = np.sum(padded[r:r + 4, c:c + 4] * quad)
            assert np.allclose(mine, correlate2d(pic, quad, "same"))
        """,
        # the impulse placed "in the centre" at (kh // 2, kw // 2)
        """\
        import numpy as np
        from scipy.signal import correlate2d
        size = 4
        spike = np.zeros((size, size))
        spike[size // 2, size // 2] = 1
        assert np.allclose(correlate2d(img, spike, "same"), img)
        """,
        # a delta at k // 2 is not the identity of convolve2d for an even side (A7)
        """\
        import numpy as np
        from scipy.signal import convolve2d
        impulse = np.array([[0, 0], [0, 1]])
        np.testing.assert_array_equal(convolve2d(img, impulse, "same"), img)
        """,
    )

    def run(self) -> None:
        for scope in self.facts.scopes:
            for comparison in comparisons(scope) if scope.calls else ():
                if any(shows_shift(side, scope) for side in comparison.sides):
                    continue  # an explicit crop offset or roll compensates the anchor
                sides = compared_sources(comparison, self.facts)
                self._check_pairs(sides)
                self._check_identity(comparison, sides)

    def _check_pairs(self, sides: list[list[Source]]) -> None:
        for i, side in enumerate(sides):
            for j in range(i + 1, len(sides)):
                for first in side:
                    for second in sides[j]:
                        self._check_pair(first, second)

    def _check_pair(self, first: Source, second: Source) -> None:
        a, b = _aligned(first), _aligned(second)
        if a is None or b is None or not a.differs_on_even_axis(b):
            return
        roots_a, roots_b = _roots(first, a), _roots(second, b)
        if roots_a is None or roots_b is None:
            return
        same_kernel = same_across(first, roots_a[0], second, roots_b[0])
        same_image = same_across(first, roots_a[1], second, roots_b[1])
        if same_kernel and same_image:
            detail = (
                f"{_label(first)} anchors element {a.anchors} and {_label(second)} "
                f"anchors {b.anchors} of the {'x'.join(map(str, a.shape))} kernel"
            )
            self.report(second.item.node, self.MESSAGE.format(detail=detail))

    def _check_identity(self, comparison: Comparison, sides: list[list[Source]]) -> None:
        """A unit impulse compared with the unchanged image: it must sit on the anchor."""
        side_keys = [array_root(side, comparison.scope).key for side in comparison.sides]
        for i, side in enumerate(sides):
            for source in side:
                call = source.item
                if not isinstance(call, ApiCall) or call.image is None:
                    continue
                alignment = same_alignment(call)
                position = delta_position(call.kernel, call.scope)
                if alignment is None or position is None or len(position) != len(alignment.shape):
                    continue
                image = source.key(array_root(call.image, call.scope).key)
                others = [k for j, k in enumerate(side_keys) if j != i]
                if image is None or image not in others:
                    continue
                if any(
                    m % 2 == 0 and p != c
                    for m, p, c in zip(alignment.shape, position, alignment.anchors, strict=True)
                ):
                    detail = (
                        f"the impulse at {position} is not {call.api.short}'s anchor "
                        f"{alignment.anchors}, so the result is the image shifted"
                    )
                    self.report(call.node, self.MESSAGE.format(detail=detail))

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

from collections.abc import Iterator

from ..analysis.apis import Family
from ..analysis.model import Scope
from ..analysis.padding import shows_shift
from ..semantic import Arr, Claim, Filt, Kind, Model, same_operands
from ..semantic.anchors import (
    Alignment,
    alignment,
    impulse_position,
)
from .base import Rule


def _side_pairs(claim: Claim, count: int) -> Iterator[tuple[int, int]]:
    """The sides of a claim compared with each other (printed values: neighbours)."""
    for i in range(count):
        for j in range(i + 1, count):
            if claim.kind != "print" or j == i + 1:
                yield i, j


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
        # sizes from a loop, read world by world: (n - 1) // 2 is the anchor of each
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def centred_delta(n):
            d = np.zeros((n, n))
            d[(n - 1) // 2, (n - 1) // 2] = 1.0
            return d
        def check(img):
            for size in (4, 6):
                assert np.allclose(convolve2d(img, centred_delta(size), "same"), img)
        """,
        # back-ends from a table, the side from a config dict; origin=-1 aligns them
        """\
        import numpy as np
        from scipy import ndimage, signal
        CONFIG = {"side": 2, "backend": "signal"}
        def box(n):
            return np.ones((n, n)) / float(n * n)
        def with_signal(img, n):
            return signal.convolve2d(img, box(n), mode="same")
        def with_ndimage(img, n):
            return ndimage.convolve(img, box(n), mode="constant", origin=-1)
        BACKENDS = {"signal": with_signal, "ndimage": with_ndimage}
        def smooth(img, cfg=CONFIG):
            return BACKENDS[cfg["backend"]](img, cfg["side"])
        def test_backends_agree(img):
            a = smooth(img)
            b = smooth(img, {**CONFIG, "backend": "ndimage"})
            assert np.allclose(a, b)
        """,
        # a stack filtered at once (axes=) and frame by frame, anchors matched by origin
        """\
        import numpy as np
        from scipy import ndimage, signal
        def check_paths(frames):
            box = np.ones((2, 2)) / 4.0
            fast = signal.fftconvolve(frames, box[None], mode="same", axes=(1, 2))
            slow = np.stack([ndimage.convolve(f, box, mode="constant", origin=-1) for f in frames])
            return np.allclose(fast, slow)
        """,
        # a 1-D even FIR through numpy's 'same' and ndimage's 1-D filter, origin matched
        """\
        import numpy as np
        from scipy import ndimage
        TAPS = np.array([0.1, 0.4, 0.3, 0.2])
        def batch(sig):
            return np.convolve(sig, TAPS, mode="same")
        def device(sig):
            return ndimage.convolve1d(sig, TAPS, mode="constant", origin=-1)
        def consistent(sig):
            return np.allclose(batch(sig), device(sig))
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
        # the sizes come from a loop through a helper; n // 2 misses the 4x4 anchor
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def centred_delta(n):
            d = np.zeros((n, n))
            d[n // 2, n // 2] = 1.0
            return d
        def check(img):
            for size in (4, 6):
                assert np.allclose(convolve2d(img, centred_delta(size), "same"), img)
        """,
        # the box's side is a module constant, its weight a power of it
        """\
        import numpy as np
        from scipy import ndimage, signal
        SIDE = 2
        def test_fast_path(hits):
            box = np.ones((SIDE, SIDE)) / SIDE**2
            ref = signal.convolve2d(hits, box, mode="same")
            assert np.allclose(ndimage.convolve(hits, box, mode="constant"), ref)
        """,
        # back-ends from a table, the even side from a config dict
        """\
        import numpy as np
        from scipy import ndimage, signal
        CONFIG = {"side": 2, "backend": "signal"}
        def box(n):
            return np.ones((n, n)) / float(n * n)
        def with_signal(img, n):
            return signal.convolve2d(img, box(n), mode="same")
        def with_ndimage(img, n):
            return ndimage.convolve(img, box(n), mode="constant")
        BACKENDS = {"signal": with_signal, "ndimage": with_ndimage}
        def smooth(img, cfg=CONFIG):
            return BACKENDS[cfg["backend"]](img, cfg["side"])
        def test_backends_agree(img):
            a = smooth(img)
            b = smooth(img, {**CONFIG, "backend": "ndimage"})
            assert np.allclose(a, b)
        """,
        # a stack filtered at once (the kernel given a leading unit axis) and frame by frame
        """\
        import numpy as np
        from scipy import ndimage, signal
        def check_paths(frames):
            box = np.ones((2, 2)) / 4.0
            fast = signal.oaconvolve(frames, box[None], mode="same", axes=(1, 2))
            slow = np.stack([ndimage.convolve(f, box, mode="constant") for f in frames])
            return np.allclose(fast, slow)
        """,
        # the same with the stack's planes named by a loop index and only axes= batching
        """\
        import numpy as np
        from scipy import ndimage, signal
        def test_batched(vol):
            pair = np.array([[1.0, 2.0], [3.0, 4.0]])
            whole = signal.fftconvolve(vol, pair[np.newaxis], "same", axes=[1, 2])
            for z in range(vol.shape[0]):
                assert np.allclose(whole[z], ndimage.convolve(vol[z], pair, mode="constant"))
        """,
        # a 1-D even FIR through numpy's 'same' and ndimage's 1-D filter
        """\
        import numpy as np
        from scipy import ndimage
        TAPS = np.array([0.1, 0.4, 0.3, 0.2])
        def batch(sig):
            return np.convolve(sig, TAPS, mode="same")
        def device(sig):
            return ndimage.convolve1d(sig, TAPS, mode="constant")
        def consistent(sig):
            return np.allclose(batch(sig), device(sig))
        """,
        # sizes unpacked from a default shape; one kernel per phase of a mosaic
        """\
        import numpy as np
        from scipy.signal import convolve2d
        SHAPE = (4, 4)
        def identity_kernel(shape=SHAPE):
            kh, kw = shape
            ident = np.zeros((kh, kw))
            ident[kh // 2, kw // 2] = 1.0
            return ident
        def refine(plane, k):
            return convolve2d(plane, k, mode="same")
        bank = {ph: identity_kernel() for ph in ("R", "B")}
        raw = np.random.default_rng(0).random((16, 16))
        planes = {"R": raw[0::2, 0::2], "B": raw[1::2, 1::2]}
        same = all(np.allclose(refine(planes[ph], bank[ph]), planes[ph]) for ph in planes)
        """,
    )

    def run(self) -> None:
        model = self.facts.model()
        self.call_scopes = {
            id(site.node): scope for scope in self.facts.scopes for site in scope.calls
        }
        self.pairs_seen: set[frozenset[int]] = set()
        for claim in model.claims():
            if any(shows_shift(side, claim.scope) for side in claim.sides):
                continue  # an explicit crop offset or roll compensates the anchor
            sides = model.side_values(claim)
            for i, j in _side_pairs(claim, len(sides)):
                for first in sides[i]:
                    for second in sides[j]:
                        if isinstance(first, Filt) and isinstance(second, Filt):
                            self._check_pair(model, first, second)
            self._check_identity(model, sides)

    def _alignment(
        self, model: Model, filt: Filt, shape: tuple[int, ...] | None
    ) -> Alignment | None:
        call = model.evaluator.api_calls.get(id(filt.node))
        scope: Scope | None = self.call_scopes.get(id(filt.node))
        return alignment(
            filt, shape, call, scope, lambda node, where: self._shape(model, node, where)
        )

    @staticmethod
    def _shapes(model: Model, filt: Filt) -> list[tuple[int, ...]]:
        """The shapes the filter's kernel can have (one per world of its sizes)."""
        return model.shapes(filt.raw_kernel) if filt.raw_kernel is not None else []

    @staticmethod
    def _shape(model: Model, node, scope: Scope) -> tuple[int, ...] | None:
        """The shape the model knows for ``node`` (every candidate agreeing)."""
        shapes = {model.shape(v) for v in model.values(node, scope)}
        return shapes.pop() if len(shapes) == 1 else None

    def _check_pair(self, model: Model, first: Filt, second: Filt) -> None:
        if first.kind is not Kind.API and second.kind is not Kind.API:
            return  # two hand-rolled sums: each author's own convention
        pair = frozenset((first.ident, second.ident))
        if pair in self.pairs_seen:
            return  # the same two filters met again in the other order (alternatives)
        self.pairs_seen.add(pair)
        for shape in self._shapes(model, first) or self._shapes(model, second):
            a, b = self._alignment(model, first, shape), self._alignment(model, second, shape)
            if a is not None and b is not None and a.differs_on_even_axis(b):
                self._report_pair(first, second, a, b)
                return

    def _report_pair(self, first: Filt, second: Filt, a: Alignment, b: Alignment) -> None:
        framework = any(
            f.api is not None and f.api.family is Family.FRAMEWORK for f in (first, second)
        )
        if not same_operands(first, second, across_layouts=framework):
            return
        detail = (
            f"{a.label} anchors element {a.anchors} and {b.label} "
            f"anchors {b.anchors} of the {'x'.join(map(str, a.shape))} kernel"
        )
        self.report(second.node, self.MESSAGE.format(detail=detail))

    def _check_identity(self, model: Model, sides: list) -> None:
        """A unit impulse compared with the unchanged image: it must sit on the anchor."""
        arrays = [{v.origin for v in side if isinstance(v, Arr)} for side in sides]
        for i, side in enumerate(sides):
            for filt in side:
                if not isinstance(filt, Filt) or filt.kind is not Kind.API:
                    continue
                if not isinstance(filt.image, Arr) or filt.raw_kernel is None:
                    continue
                if not any(filt.image.origin in a for j, a in enumerate(arrays) if j != i):
                    continue
                for shape, position in self._impulses(model, filt):
                    found = self._alignment(model, filt, shape)
                    if found is None or len(position) != len(found.shape):
                        continue
                    if any(
                        m % 2 == 0 and p != c
                        for m, p, c in zip(found.shape, position, found.anchors, strict=True)
                    ):
                        detail = (
                            f"the impulse at {position} is not {found.label}'s anchor "
                            f"{found.anchors} of the {'x'.join(map(str, found.shape))} "
                            "kernel, so the result is the image shifted"
                        )
                        self.report(filt.node, self.MESSAGE.format(detail=detail))
                        break

    def _impulses(self, model: Model, filt: Filt) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """(kernel shape, position of its one 1) in each world the kernel is made in."""
        raw = filt.raw_kernel
        assert raw is not None
        found = impulse_position(raw)
        if found is not None:
            return [(shape, found) for shape in self._shapes(model, filt)]
        return model.impulses(raw)

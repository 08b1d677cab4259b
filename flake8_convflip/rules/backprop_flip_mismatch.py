"""CNV206 backprop-flip-mismatch.

## What it does
Pairs a layer's forward pass with its backward pass (``forward``/``backward`` methods,
``conv_forward``/``conv_backward`` functions, or any method that computes like a backward
pass: a ``'full'`` pass of what it receives with the forward's kernel, or a training step
that filters the cached input and updates the kernel) and checks every backward
``convolve2d``/``correlate2d``/``signal.convolve``/``convflip`` call that combines the
upstream gradient with the forward's kernel (input gradient) or the forward's input
(kernel gradient) against the forward's orientation.  It reports:

* a *missing flip*: ``correlate2d(dy, K, 'full')`` as the input gradient of a
  ``correlate2d`` forward;
* a *double flip*: ``convolve2d(dy, np.rot90(K, 2), 'full')``, the textbook "full
  convolution with the rotated kernel" applied to ``convolve2d``, which rotates again;
* a *swapped kernel-gradient convention*: ``convolve2d(x, dy, 'valid')`` as the kernel
  gradient of a ``correlate2d`` forward (the pre-2018 PyTorch extension tutorial).

## Why is this bad?
For ``y = xcorr2d(x, K, 'valid')`` the gradients are ``dx = conv2d(dy, K, 'full')`` and
``dK = xcorr2d(x, dy, 'valid')``; for ``y = conv2d(x, K, 'valid')`` the roles swap
(``dx = xcorr2d(dy, K, 'full')``, ``dK`` is the 180-degree rotation of
``xcorr2d(x, dy, 'valid')``).  A formula with one flip too many or too few gives the
gradient of the other operation: training still runs, the loss still falls for a while,
and a gradient check with a symmetric kernel still passes.

## Example
```python
class Conv:
    def forward(self, x):
        self.x = x
        return correlate2d(x, self.k, "valid")

    def backward(self, dy):
        return correlate2d(dy, self.k, "full")
```

## Use instead
```python
    def backward(self, dy):
        return conv2d(dy, self.k, "full")
```

## Fix safety
Unsafe, and offered only for input gradients and for a convolving kernel gradient of a
correlation layer: the fix calls the other orientation with the same arguments, which
changes the result to the intended gradient.  The identities it relies on
(docs/semantics.md F7, F1) are ``conv2d(dy, K, 'full') = xcorr2d(dy, rot180(K), 'full')`` for
real ``K``, so swapping the orientation both adds a missing flip and cancels a double
one.  Scatter-form gradients (``dx[i:i+kh, j:j+kw] += K * dy[i, j]``) and calls whose
flips are malformed (CNV301-CNV303 report those) are left alone.

## References
- scipy.signal.convolve2d, scipy.signal.correlate2d
- docs/semantics.md F4 (adjointness) and F7 (convnet gradients, checked against autograd)
"""

from __future__ import annotations

from ..analysis.apis import Orientation
from ..semantic import GradStep, Layer, Role
from ._shared import function_name, orientation_swap_fix
from .base import Fix, Invalid, Rule

_LAYER = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def forward(self, image):
        self.image = image
        return correlate2d(image, self.weights, "valid")

    def backward(self, upstream):
        self.dweights = correlate2d(self.image, upstream, "valid")
        return {input_grad}
"""

# an im2col forward of shifted blocks (rows counted by ``row += 1``): a correlation
_IM2COL_LAYER = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d
def shifted_rows(x, k):
    C, H, W = x.shape
    oh, ow = H - k + 1, W - k + 1
    cols = np.empty((C * k * k, oh * ow))
    row = 0
    for c in range(C):
        for m in range(k):
            for n in range(k):
                cols[row] = x[c, m : m + oh, n : n + ow].ravel()
                row += 1
    return cols
class Im2colConv:
    def __init__(self, w):
        self.w = w
    def forward(self, x):
        F, C, k, _ = self.w.shape
        self.shape = x.shape
        return self.w.reshape(F, -1) @ shifted_rows(x, k)
    def backward(self, dy):
        F, C, k, _ = self.w.shape
        dx = np.zeros(self.shape)
        for f in range(F):
            for c in range(C):
                dx[c] += {input_grad}(dy[f], self.w[f, c], "full")
        return dx
"""


_TRAINER = """\
import numpy as np
from scipy import signal
class Filter:
    def __init__(self, kernel):
        self.kernel = np.array(kernel, dtype=float)
    def __call__(self, x):
        self.inp = x
        self.out = signal.correlate2d(x, self.kernel, "valid")
        return self.out
class Trainer:
    def __init__(self, layer, lr=1e-3):
        self.layer = layer
        self.lr = lr
    def gradients(self, target):
        dy = self.layer.out - target
        d_in = signal.{input_grad}(dy, self.layer.kernel, "full")
        d_k = signal.correlate2d(self.layer.inp, dy, "valid")
        return d_in, d_k
layer = Filter(np.random.rand(3, 4))
trainer = Trainer(layer)
layer(np.random.rand(9, 8))
grads = trainer.gradients(np.zeros((7, 5)))
"""


_KERNEL_BANK = """\
import numpy as np
class Bank:
    def __init__(self, n, k, rng):
        self.taps = rng.normal(size=(n, k, k))
    def _match(self, a, t, pad=0):
        a = np.pad(a, pad)
        th, tw = t.shape
        res = np.empty((a.shape[0] - th + 1, a.shape[1] - tw + 1))
        for p in range(res.shape[0]):
            for q in range(res.shape[1]):
                res[p, q] = (a[p:p + th, q:q + tw] * t).sum()
        return res
    def run(self, a):
        self.a = a
        return np.array([self._match(a, t) for t in self.taps])
    def learn(self, ups):
        grads, d_a = [], np.zeros_like(self.a)
        for i in range(len(self.taps)):
            grads.append(self._match(self.a, {upstream}))
            d_a += self._match(ups[i], np.rot90(self.taps[i], 2), pad=2)
        return np.array(grads), d_a
"""


_RESTACKED = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d
def flip_kernel(k):
    return np.rot90(k, 2)
def forward(X, K):
    return sum(correlate2d(X, K[c], "valid") for c in range(K.shape[0]))
def backward(dY, X, K):
    K_flipped = np.array([flip_kernel(k) for k in K])
    dX = np.zeros(X.shape)
    for c in range(K.shape[0]):
        dX += {call}(dY, K_flipped[c], "full")
    return dX
"""


_RETURNED_CACHE = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d
def conv_forward(x, w):
    out = correlate2d(x, w, "valid")
    cache = (x, w)
    return out, cache
def conv_backward(dout, cache):
    x, w = cache
    dx = convolve2d(dout, {kernel}, "full")
    dw = correlate2d(x, dout, "valid")
    return dx, dw
"""


class BackpropFlipMismatch(Rule):
    CODE = "CNV206"
    NAME = "backprop-flip-mismatch"
    MESSAGE = (
        "CNV206 this backward formula does not match the forward operation's flips; "
        "prove it with convflip.testing.check_conv_gradients"
    )
    PROOF = "convflip.testing.check_conv_gradients"
    FIX_AVAILABILITY = "sometimes"
    YIELDS_TO = ("CNV301", "CNV302", "CNV303")  # a malformed flip on the line is the cause
    VALID = (
        # the canonical correct layer: correlate forward, convolve for the input gradient
        _LAYER.format(input_grad='convolve2d(upstream, self.weights, "full")'),
        # a network that convolves forward and correlates (via a flipped kernel) backward
        """\
        import numpy as np
        from scipy.signal import convolve2d
        class TrueConv:
            def forward(self, image):
                self.image = image
                return convolve2d(image, self.taps, mode="valid")
            def backward(self, delta):
                padded = np.pad(delta, 2)
                dtaps = convolve2d(self.image[::-1, ::-1], delta, mode="valid")
                return convolve2d(padded, self.taps[::-1, ::-1], mode="valid"), dtaps
        """,
        # loop variables over differently flipped stacks are different kernels even when
        # forward and backward happen to name them alike
        """\
        import numpy as np
        from scipy.signal import correlate2d
        class StackConv:
            def forward(self, image):
                self.image = image
                return [correlate2d(image, w, "valid") for w in self.bank]
            def backward(self, grads):
                spun = np.rot90(self.bank, k=2, axes=(1, 2))
                return sum(correlate2d(d, w, "full") for d, w in zip(grads, spun))
        """,
        # scatter-form gradients need no flip
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def conv_forward(image, weights):
            return correlate2d(image, weights, "valid")
        def conv_backward(dout, image, weights):
            dimage = np.zeros_like(image)
            for r in range(dout.shape[0]):
                for c in range(dout.shape[1]):
                    dimage[r:r + 3, c:c + 3] += weights * dout[r, c]
            return dimage
        """,
        # other methods that filter with the layer's kernel or its cached input are not
        # gradients: nothing in them has a gradient's shape or updates the kernel
        """\
        from scipy.signal import convolve2d, correlate2d
        class Feature:
            def forward(self, image):
                self.image = image
                return convolve2d(image, self.taps, mode="valid")
            def predict(self, batch):
                return [correlate2d(b, self.taps, mode="valid") for b in batch]
            def describe(self, other):
                return correlate2d(self.image, other, mode="valid")
            def upsample(self, small):
                return correlate2d(small, self.taps, mode="same")
        """,
        # a correct training step, whatever its name
        """\
        from scipy.signal import convolve2d, correlate2d
        class Conv:
            def forward(self, inp):
                self.inp = inp
                return correlate2d(inp, self.weights, mode="valid")
            def propagate(self, d_out, lr):
                d_w = correlate2d(self.inp, d_out, mode="valid")
                d_in = convolve2d(d_out, self.weights, mode="full")
                self.weights -= lr * d_w
                return d_in
        """,
        # kernel gradients written with the operands swapped, or with the output rotated
        """\
        from scipy.signal import convolve2d, correlate2d
        class Corr:
            def forward(self, x):
                self.x = x
                return correlate2d(x, self.k, "valid")
            def backward(self, dy):
                dk = correlate2d(dy, self.x, "valid")[::-1, ::-1]
                return convolve2d(dy, self.k, "full"), dk
        class Conv:
            def forward(self, x):
                self.x = x
                return convolve2d(x, self.k, "valid")
            def backward(self, dy):
                dk = correlate2d(dy, self.x, "valid")
                return correlate2d(dy, self.k, "full"), dk
        """,
        # a dot test pairs a model with its adjoint; this adjoint is right
        """\
        import numpy as np
        from scipy import ndimage
        def op(x, k):
            return ndimage.correlate(x, k, mode="constant")
        def op_t(y, k):
            return ndimage.convolve(y, k, mode="constant")
        a, b, k = np.random.rand(8, 8), np.random.rand(8, 8), np.random.rand(3, 3)
        assert np.isclose(np.sum(op(a, k) * b), np.sum(a * op_t(b, k)))
        """,
        # the same image and kernel again, in 'full' mode: a wider smoothing, not a gradient
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def smooth(img, k):
            return correlate2d(img, k, "valid")
        def smooth_wide(pad, img, k):
            return correlate2d(np.pad(img, pad), k, "full")
        """,
        # the 1-D layer with its exact gradients
        """\
        import numpy as np
        class Taps1D:
            def __init__(self, h):
                self.h = np.asarray(h, dtype=float)
            def run(self, sig):
                self.sig = sig
                return np.correlate(sig, self.h, mode="valid")
            def back(self, err):
                d_sig = np.convolve(err, self.h, mode="full")
                d_h = np.correlate(self.sig, err, mode="valid")
                return d_sig, d_h
        """,
        # a loss gradient that runs the convolution forward itself, rotating its kernel
        # gradient back
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        samples = []
        for _ in range(3):
            a = np.random.rand(9, 9)
            samples.append((a, convolve2d(a, np.random.rand(3, 3), "valid")))
        def model(img, k):
            return convolve2d(img, k, "valid")
        def loss_slope(k):
            total = np.zeros_like(k)
            for img, want in samples:
                resid = model(img, k) - want
                total += correlate2d(img, resid, "valid")[::-1, ::-1]
            return total
        """,
        # a training step that runs the correlation forward and updates the kernel
        """\
        import numpy as np
        from scipy.signal import correlate2d
        class KernelFit:
            def __init__(self, k):
                self.k = k
            def predict(self, x):
                self.seen = x
                return correlate2d(x, self.k, mode="valid")
            def step(self, x, target, lr=0.01):
                err = self.predict(x) - target
                self.k -= lr * correlate2d(self.seen, err, mode="valid")
        """,
        # image gradients computed by a helper the forward calls are part of the
        # forward, not its backward pass, whatever the helper is called
        """\
        import numpy as np
        from scipy import ndimage
        class Orientation:
            def gradients(self, img):
                k = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
                return ndimage.correlate(img, k), ndimage.correlate(img, k.T)
            def angle(self, img):
                gx, gy = self.gradients(img)
                return np.arctan2(gy, gx)
        """,
        # a record cache and a channel-last depthwise layer, both differentiated right
        """\
        from dataclasses import dataclass
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        @dataclass
        class Saved:
            x: np.ndarray
            k: np.ndarray
        def layer_forward(x, k):
            return correlate2d(x, k, "valid"), Saved(x=x, k=k)
        def layer_backward(dy, saved: Saved):
            return convolve2d(dy, saved.k, "full"), correlate2d(saved.x, dy, "valid")
        def probe(x, k, dy):
            return (layer_forward(x, k + 1e-6)[0] * dy).sum()
        y, saved = layer_forward(np.ones((6, 6)), np.eye(3))
        dx, dk = layer_backward(np.ones_like(y), saved)
        """,
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        class DepthwiseHWC:
            def __init__(self, w):
                self.w = w
            def forward(self, x):
                self.x = x
                planes = [correlate2d(x[:, :, c], self.w[:, :, c], "valid") for c in range(3)]
                return np.stack(planes, axis=-1)
            def backward(self, dy):
                dw = np.zeros_like(self.w)
                pairs = zip(np.moveaxis(self.x, -1, 0), np.moveaxis(dy, -1, 0))
                for c, (x_c, dy_c) in enumerate(pairs):
                    dw[:, :, c] = correlate2d(x_c, dy_c, "valid")
                return dw
        """,
        # an im2col forward of shifted blocks (a correlation) and its true gradient
        _IM2COL_LAYER.format(input_grad="convolve2d"),
        # a trainer object forms the gradients from the layer it was given
        _TRAINER.format(input_grad="convolve2d"),
        # one window helper serves the forward over a kernel bank and both gradients,
        # in a method not named as a backward pass
        _KERNEL_BANK.format(upstream="ups[i]"),
        # the kernels turned one by one by a helper and stacked again, then indexed
        _RESTACKED.format(call="correlate2d"),
        # free functions linked only by the cache the forward returns (cs231n style)
        _RETURNED_CACHE.format(kernel="w"),
    )
    INVALID = (
        # loop variables name items of the forward's kernel stack through zip()
        """\
        from scipy.signal import correlate2d
        class ZipConv:
            def forward(self, image):
                self.image = image
                return [correlate2d(image, w, "valid") for w in self.bank]
            def backward(self, grads):
                return sum(correlate2d(g, k, "full") for g, k in zip(grads, self.bank))
        """,
        Invalid(
            _LAYER.format(input_grad='correlate2d(upstream, self.weights, "full")'),
            fixed=_LAYER.format(input_grad='xcorr2d(upstream, self.weights, "full")')
            .replace(
                "from scipy.signal import convolve2d, correlate2d\n",
                "from scipy.signal import convolve2d, correlate2d\nfrom convflip import conv2d\n",
            )
            .replace("return xcorr2d(", "return conv2d("),
        ),
        Invalid(
            _LAYER.format(input_grad='convolve2d(upstream, np.rot90(self.weights, 2), "full")'),
            fixed=_LAYER.format(
                input_grad='xcorr2d(upstream, np.rot90(self.weights, 2), "full")'
            ).replace(
                "from scipy.signal import convolve2d, correlate2d\n",
                "from scipy.signal import correlate2d\nfrom convflip import xcorr2d\n",
            ),
        ),
        """\
        from scipy.signal import convolve2d, correlate2d
        class NumpyConv:
            def forward(ctx, image, kern):
                return correlate2d(image, kern, mode="valid")
            def backward(ctx, grad_out, image, kern):
                grad_kern = convolve2d(image, grad_out, mode="valid")
                return grad_kern
        """,
        # the backward is known by what it computes, not by its name: a 'full' pass of
        # what it receives with the forward's kernel (an item of the weight stack)
        """\
        import numpy as np
        from scipy import signal
        class Conv:
            def forward(self, inp):
                self.inp = inp
                out = [0.0] * len(self.weights)
                for i in range(len(self.weights)):
                    for j in range(inp.shape[0]):
                        out[i] += signal.correlate2d(inp[j], self.weights[i, j], "valid")
                return out
            def propagate(self, d_out):
                d_in = np.zeros_like(self.inp)
                for i in range(len(self.weights)):
                    for j in range(self.inp.shape[0]):
                        d_in[j] += signal.correlate2d(d_out[i], self.weights[i, j], "full")
                return d_in
        """,
        # a training step that updates the kernel with the gradient of the cached input
        """\
        from scipy.signal import convolve2d, correlate2d
        class Conv:
            def forward(self, inp):
                self.inp = inp
                return convolve2d(inp, self.weights, mode="valid")
            def learn(self, d_out, lr):
                d_w = correlate2d(self.inp, d_out, mode="valid")
                self.weights -= lr * d_w
        """,
        # a forward over 3-D windows of every channel and a backward over one channel's
        # plane of the same filter (w[f, ch] of w[f]) use one kernel
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def conv_forward(x, w):
            n_f, n_c, k, _ = w.shape
            y = np.zeros((n_f, x.shape[1] - k + 1, x.shape[2] - k + 1))
            for f in range(n_f):
                for r in range(y.shape[1]):
                    for c in range(y.shape[2]):
                        y[f, r, c] = np.sum(x[:, r:r + k, c:c + k] * w[f])
            return y
        def conv_backward(dy, x, w):
            dx = np.zeros_like(x)
            for f in range(w.shape[0]):
                for ch in range(w.shape[1]):
                    kern = w[f, ch]
                    dx[ch] += convolve2d(dy[f], np.rot90(kern, 2), mode="full")
            return dx
        """,
        # forward and backward share no names: the backward gets the cache the forward
        # returned, and that is what pairs them
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        def layer_apply(img, taps):
            return correlate2d(img, taps, mode="valid"), (img, taps)
        def layer_reverse(upstream, saved):
            img, taps = saved
            return convolve2d(upstream, np.flip(taps), mode="full")
        out, saved = layer_apply(np.ones((6, 6)), np.arange(9.0).reshape(3, 3))
        din = layer_reverse(np.ones_like(out), saved)
        """,
        # free functions that the script hands the same kernel
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def apply_filter(img, taps):
            return correlate2d(img, taps, mode="valid")
        def spread_back(err, w):
            return correlate2d(err, w, mode="full")
        rng = np.random.default_rng(0)
        k = rng.normal(size=(3, 3))
        y = apply_filter(rng.normal(size=(8, 8)), k)
        back = spread_back(np.ones_like(y), k)
        """,
        # a closure layer caching its input in a dict; the kernel gradient swaps operands
        """\
        from scipy import signal
        def conv_unit(w):
            memo = {"seen": None}
            def run(img):
                memo["seen"] = img
                return signal.correlate2d(img, w, mode="valid")
            def run_grad(upstream):
                grad_w = signal.correlate2d(upstream, memo["seen"], mode="valid")
                return grad_w
            return {"run": run, "grad": run_grad}
        """,
        # a rotation of the kernel gradient's output that cancels itself
        """\
        from scipy.signal import convolve2d, correlate2d
        class TrueConv:
            def forward(self, x):
                self.x = x
                return convolve2d(x, self.k, "valid")
            def backward(self, dy):
                dk = correlate2d(self.x, dy, "valid")[::-1][::-1]
                return correlate2d(dy, self.k, "full"), dk
        """,
        # a dot test says which function is the adjoint, whatever it is called
        """\
        import numpy as np
        from scipy import ndimage
        def op(x, k):
            return ndimage.correlate(x, k, mode="constant")
        def op_t(y, k):
            return ndimage.correlate(y, k, mode="constant")
        a, b, k = np.random.rand(8, 8), np.random.rand(8, 8), np.random.rand(3, 3)
        lhs = np.sum(op(a, k) * b)
        rhs = np.sum(a * op_t(b, k))
        assert np.isclose(lhs, rhs)
        """,
        # one correlating helper serves the forward and both gradients; the kernel
        # gradient hands it the upstream gradient turned by 180 degrees
        """\
        import numpy as np
        class Stage:
            def _match(self, a, t):
                th, tw = t.shape
                res = np.empty((a.shape[0] - th + 1, a.shape[1] - tw + 1))
                for p in range(res.shape[0]):
                    for q in range(res.shape[1]):
                        res[p, q] = (a[p : p + th, q : q + tw] * t).sum()
                return res
            def run(self, a):
                self.a = a
                return self._match(a, self.taps)
            def learn(self, up):
                d_taps = self._match(self.a, np.rot90(up, 2))
                d_a = self._match(np.pad(up, 1), np.rot90(self.taps, 2))
                self.taps -= 0.1 * d_taps
                return d_a
        """,
        # the upstream gradient is rotated instead of the kernel: the result is rotated
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def layer_fwd(x, w):
            return correlate2d(x, w, "valid"), (x, w)
        def layer_bwd(dy, cache):
            x, w = cache
            dx = correlate2d(np.flip(dy), w, "full")
            dw = correlate2d(x, dy, "valid")
            return dx, dw
        y, saved = layer_fwd(np.random.rand(9, 9), np.random.rand(3, 3))
        grads = layer_bwd(np.ones_like(y), saved)
        """,
        # the cache is a dict the backward reads by key; its kernel is rotated before a convolution
        """\
        import numpy as np
        from scipy import signal
        def conv_fwd(inp, params):
            w = params["w"]
            return signal.correlate2d(inp, w, "valid"), {"inp": inp, "w": w}
        def conv_bwd(g, saved):
            w_flip = np.flip(saved["w"])
            g_inp = signal.convolve2d(g, w_flip, "full")
            g_w = signal.correlate2d(saved["inp"], g, "valid")
            return g_inp, g_w
        out, saved = conv_fwd(np.random.rand(8, 8), {"w": np.random.rand(3, 3)})
        grads = conv_bwd(np.ones_like(out), saved)
        """,
        # a closure training step keeps the kernel in a shared dict and writes it back
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        def build(taps):
            mem = {"w": taps}
            def run(a):
                mem["a"] = a
                return convolve2d(a, mem["w"], "valid")
            def learn(err, rate):
                mem["w"] = mem["w"] - rate * correlate2d(mem["a"], err, "valid")
            return run, learn
        """,
        # the forward's parameters and an upstream gradient: a backward pass by its signature
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def layer(x, w):
            return correlate2d(x, w, "valid")
        def layer_input_side(g, x, w):
            return correlate2d(g, w, "full")
        """,
        # a 1-D layer: np.correlate's input gradient is np.convolve in 'full' mode
        """\
        import numpy as np
        class Taps1D:
            def __init__(self, h):
                self.h = np.asarray(h, dtype=float)
            def run(self, sig):
                self.sig = sig
                return np.correlate(sig, self.h, mode="valid")
            def back(self, err):
                d_sig = np.correlate(err, self.h, mode="full")
                d_h = np.correlate(self.sig, err, mode="valid")
                return d_sig, d_h
        """,
        # a loss gradient that runs the convolution forward itself: its kernel gradient
        # is the rotation of this correlation
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        samples = []
        for _ in range(3):
            a = np.random.rand(9, 9)
            samples.append((a, convolve2d(a, np.random.rand(3, 3), "valid")))
        def model(img, k):
            return convolve2d(img, k, "valid")
        def loss_slope(k):
            total = np.zeros_like(k)
            for img, want in samples:
                resid = model(img, k) - want
                total += correlate2d(img, resid, "valid")
            return total
        """,
        # a training step whose kernel gradient convolves the input it cached with the
        # residual of the forward it ran: that is the rotation of the gradient
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        class KernelFit:
            def __init__(self, k):
                self.k = k
            def predict(self, x):
                self.seen = x
                return correlate2d(x, self.k, mode="valid")
            def step(self, x, target, lr=0.01):
                err = self.predict(x) - target
                self.k -= lr * convolve2d(self.seen, err, mode="valid")
        """,
        # the backward pass comes from a mixin; the layer that inherits it convolves, and
        # the mixin's kernel gradient is the correlation's
        """\
        from scipy.signal import convolve2d, correlate2d
        class Grads:
            def backward(self, dy):
                return correlate2d(dy, self.w, "full"), correlate2d(self.inp, dy, "valid")
        class Weights:
            def __init__(self, w):
                self.w = w
        class TrueConv(Grads, Weights):
            def forward(self, x):
                self.inp = x
                return convolve2d(x, self.w, "valid")
        """,
        # a bank of kernels mapped over with a lambda; the kernel gradient is unrotated
        """\
        from scipy.signal import convolve2d, correlate2d
        class Bank:
            def __init__(self, ks):
                self.ks = ks
            def forward(self, x):
                self.x = x
                return list(map(lambda k: convolve2d(x, k, "valid"), self.ks))
            def backward(self, dys):
                return [correlate2d(self.x, dy, "valid") for dy in dys]
        """,
        # the forward returns a record of what it saw; the backward rotates the kernel
        # again, and a gradient check calls the forward with perturbed kernels
        """\
        from dataclasses import dataclass
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        @dataclass
        class Saved:
            x: np.ndarray
            k: np.ndarray
        def layer_forward(x, k):
            return correlate2d(x, k, "valid"), Saved(x=x, k=k)
        def layer_backward(dy, saved: Saved):
            return convolve2d(dy, saved.k[::-1, ::-1], "full")
        def probe(x, k, dy):
            return (layer_forward(x, k + 1e-6)[0] * dy).sum()
        y, saved = layer_forward(np.ones((6, 6)), np.eye(3))
        dx = layer_backward(np.ones_like(y), saved)
        """,
        # a channel-last depthwise layer whose per-channel kernel gradient convolves
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        class DepthwiseHWC:
            def __init__(self, w):
                self.w = w
            def forward(self, x):
                self.x = x
                planes = [correlate2d(x[:, :, c], self.w[:, :, c], "valid") for c in range(3)]
                return np.stack(planes, axis=-1)
            def backward(self, dy):
                dw = np.zeros_like(self.w)
                pairs = zip(np.moveaxis(self.x, -1, 0), np.moveaxis(dy, -1, 0))
                for c, (x_c, dy_c) in enumerate(pairs):
                    dw[:, :, c] = convolve2d(x_c, dy_c, "valid")
                return dw
        """,
        # an im2col forward of shifted blocks is a correlation: its input gradient is a
        # full convolution, not a correlation
        _IM2COL_LAYER.format(input_grad="correlate2d"),
        # a trainer object forms the gradients from the layer it was given: the input
        # gradient of a correlation is a full convolution
        _TRAINER.format(input_grad="correlate2d"),
        # the kernel gradient in a @staticmethod helper, the input cached in a dict
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        class Couche:
            def __init__(self, noyau):
                self.noyau = noyau
                self.memoire = {}
            def propager(self, x):
                self.memoire["entree"] = np.asarray(x, float)
                return correlate2d(self.memoire["entree"], self.noyau, mode="valid")
            def retropropager(self, grad_sortie):
                entree = self.memoire["entree"]
                self.grad_noyau = self._gradient_noyau(entree, grad_sortie)
                return convolve2d(grad_sortie, self.noyau, mode="full")
            @staticmethod
            def _gradient_noyau(entree, grad_sortie):
                return convolve2d(entree, grad_sortie, mode="valid")
        """,
        # one window helper serves the forward over a kernel bank and both gradients,
        # in a method not named as a backward pass: the upstream
        # gradient turned for the kernel gradient
        _KERNEL_BANK.format(upstream="np.rot90(ups[i], 2)"),
        # the kernels turned one by one by a helper and stacked again, then indexed:
        # the library call rotates them back
        _RESTACKED.format(call="convolve2d"),
        # free functions linked only by the cache the forward returns (cs231n style):
        # the textbook rotation on top of convolve2d's own
        _RETURNED_CACHE.format(kernel="np.rot90(w, 2)"),
    )

    def run(self) -> None:
        for layer in self.facts.model().gradients().layers():
            for step in layer.mismatched():
                self.report(step.node, self._message(layer, step), self._fix(layer, step))

    def _message(self, layer: Layer, step: GradStep) -> str:
        forward = layer.orientation
        kind = forward.value
        conv = function_name(Orientation.CONVOLUTION, self.fix_target)
        xcorr = function_name(Orientation.CORRELATION, self.fix_target)
        api = step.filt.api
        if api is not None and api.ndim == 1:
            conv, xcorr = "np.convolve", "np.correlate"  # a 1-D layer keeps to 1-D calls
        if step.role is Role.INPUT_GRAD:
            need = conv if forward is Orientation.CORRELATION else xcorr
            how = "a true convolution" if need == conv else "a cross-correlation"
            problem = ""
            if step.upstream_rotated:
                problem = "rotating the upstream gradient rotates the result; "
            elif step.kernel_rotated:
                problem = "the rotated kernel cancels the API's own flip; "
            return (
                f"CNV206 {problem}input gradient of a {kind} layer needs {how} with the "
                f"unrotated kernel; use {need}(dy, K, '{step.filt.mode or 'full'}')"
            )
        if forward is Orientation.CORRELATION:
            return (
                f"CNV206 kernel gradient of a correlation layer is {xcorr}(x, dy, 'valid'); "
                "this formula rotates it 180°"
            )
        return (
            "CNV206 kernel gradient of a convolution layer is the 180° rotation of "
            f"{xcorr}(x, dy, 'valid'); use {conv}(x[::-1, ::-1], dy, 'valid')"
        )

    def _fix(self, layer: Layer, step: GradStep) -> Fix | None:
        """Swap the orientation of a library call written in the backward function itself."""
        if not step.local:
            return None
        swap_works = step.role is Role.INPUT_GRAD or (
            layer.orientation is Orientation.CORRELATION and step.implied is None
        )
        call = self.facts.model().evaluator.api_calls.get(id(step.filt.node))
        if not swap_works or call is None:
            return None
        return orientation_swap_fix(
            self.facts,
            call,
            self.fix_target,
            safe=False,
            title="use the other orientation, the gradient of the forward op",
        )

"""CNV205 framework-conv-vs-true-convolution.

## What it does
Finds a true convolution from scipy or numpy (``convolve2d``, ``signal.convolve``,
``fftconvolve``, ``oaconvolve``, ``ndimage.convolve``, ``np.convolve``) that the code
checks against a deep-learning "convolution" (``torch.nn.functional.conv2d``,
``torch.conv2d``, ``tf.nn.conv2d`` and their 1-D ``conv1d`` versions) of the same image
and the same, unflipped kernel: asserted equal, passed to ``np.allclose``/``np.testing``,
subtracted and reduced, or printed side by side.  Tensors are followed through
``torch.from_numpy``, ``torch.tensor``, ``[None, None]``, ``.numpy()``, ``.detach()`` and
assignments back to the arrays they came from.

## Why is this bad?
PyTorch, TensorFlow and Keras implement cross-correlation and call it convolution: the
kernel is used as written.  scipy's and numpy's ``convolve`` functions rotate it by 180
degrees first.  For any kernel that is not symmetric under that rotation the two
results differ (the PyTorch forum thread "Functional Conv2d produces different results
vs scipy convolved2d"; the same question exists for Keras and ``tf.nn.conv1d``).  The
reference the framework is checked against is the wrong operation.

## Example
```python
expected = convolve2d(img, ker, "valid")
got = F.conv2d(torch.from_numpy(img)[None, None], torch.from_numpy(ker)[None, None])
assert np.allclose(got[0, 0].numpy(), expected)
```

## Use instead
```python
expected = xcorr2d(img, ker, "valid")  # or scipy.signal.correlate2d for real data
```

## Fix safety
Unsafe: the scipy call becomes the 2-D cross-correlation (``convflip.xcorr2d`` by
default, ``scipy.signal.correlate2d`` with ``--fix-target scipy``), which changes its
result to what the framework computes (docs/semantics.md D7: ``F.conv2d(x, k) ==
correlate2d(x, k, 'valid')``; ``padding='same'`` equals correlate2d's 'same' for every
kernel size).  Offered for ``convolve2d`` only, whose arguments map one to one.

## References
- torch.nn.functional.conv2d, tf.nn.conv2d ("cross-correlation"), scipy.signal.convolve2d
- docs/semantics.md D7, D9 (torch does not conjugate complex kernels)
"""

from __future__ import annotations

from ..analysis.apis import Family, Orientation
from ..analysis.model import ApiCall
from ..semantic import Filt, same_operands, symmetric_kernel
from ._shared import orientation_swap_fix
from .base import Invalid, Rule

_REFERENCE_FAMILIES = frozenset({Family.SCIPY_SIGNAL, Family.SCIPY_NDIMAGE, Family.NUMPY})

_SEED = """\
import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d

pic = np.random.rand(9, 9)
taps = np.random.rand(3, 3)
ref = convolve2d(pic, taps, "valid")
got = F.conv2d(torch.from_numpy(pic)[None, None], torch.from_numpy(taps)[None, None])
assert np.allclose(got[0, 0].numpy(), ref)
"""


# an exported Conv1d run by a numpy runtime and checked against torch (the parity test)
_EXPORT = """\
import numpy as np
import torch
import torch.nn.functional as F
class Runtime:
    def __init__(self, state):
        self.w = np.asarray(state["conv.weight"], dtype=np.float64).reshape(-1)
    def run(self, x):
        return np.convolve(x, self.w, mode="valid")
def reference(x, w):
    xt, wt = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
    return F.conv1d(xt, wt)[0, 0].numpy()
def test_parity(rt, state):
    x = np.random.default_rng(0).normal(size=64)
    w = np.asarray(state["conv.weight"], dtype=np.float64).reshape(-1)
    np.testing.assert_allclose(rt.run(x), reference(x, w))
"""


def _unflipped(filt: Filt) -> bool:
    return filt.raw_kernel is not None and not filt.raw_kernel.has_steps


def _framework_filter(value: object) -> bool:
    """A torch/TensorFlow conv call with its weights as given (a cross-correlation)."""
    return (
        isinstance(value, Filt)
        and value.api is not None
        and value.api.family is Family.FRAMEWORK
        and value.orientation is Orientation.CORRELATION
        and _unflipped(value)
    )


def _reference_filter(value: object) -> bool:
    """A scipy/numpy true convolution with the kernel as given."""
    return (
        isinstance(value, Filt)
        and value.api is not None
        and value.api.family in _REFERENCE_FAMILIES
        and value.api.orientation is Orientation.CONVOLUTION
        and _unflipped(value)
    )


class FrameworkVsConvolution(Rule):
    CODE = "CNV205"
    NAME = "framework-conv-vs-true-convolution"
    MESSAGE = (
        "CNV205 {fw} cross-correlates but is checked against {api}, which rotates the "
        "kernel 180°; compare with convflip.xcorr2d (or correlate2d) instead"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # the reference is a correlation (discuss.pytorch "output of a convolution layer")
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import correlate2d
        pic = np.random.rand(9, 9)
        taps = np.random.rand(3, 3)
        got = F.conv2d(torch.from_numpy(pic)[None, None], torch.from_numpy(taps)[None, None])
        assert np.allclose(got[0, 0].numpy(), correlate2d(pic, taps, "valid"))
        """,
        # the reference flips the filter (cgt's test after switching to im2col)
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import convolve2d
        pic = np.random.rand(9, 9)
        taps = np.random.rand(3, 3)
        ref = convolve2d(pic, taps[::-1, ::-1], "valid")
        got = F.conv2d(torch.tensor(pic)[None, None], torch.tensor(taps)[None, None])
        np.testing.assert_allclose(got.numpy()[0, 0], ref)
        """,
        # the framework side flips the weight
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import convolve2d
        pic = np.random.rand(9, 9)
        taps = np.random.rand(3, 3)
        wt = torch.flip(torch.from_numpy(taps), (0, 1))[None, None]
        got = F.conv2d(torch.from_numpy(pic)[None, None], wt)
        assert np.allclose(got[0, 0].numpy(), convolve2d(pic, taps, "valid"))
        """,
        # a 180°-symmetric kernel: orientation cannot matter
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import convolve2d
        lap = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
        got = F.conv2d(torch.tensor(pic)[None, None], torch.tensor(lap)[None, None])
        assert np.allclose(got[0, 0].numpy(), convolve2d(pic, lap, "valid"))
        """,
        # a module's layer checked against the cross-correlation it computes
        """\
        import numpy as np
        import torch
        from torch import nn
        from scipy.signal import correlate2d
        class Smoother(nn.Module):
            def __init__(self, taps):
                super().__init__()
                self.conv = nn.Conv2d(1, 1, 3, bias=False)
                self.conv.weight.data = torch.from_numpy(taps)[None, None]
            def forward(self, x):
                return self.conv(x)
        def test_smoother(pic, taps):
            out = Smoother(taps)(torch.from_numpy(pic)[None, None])[0, 0].detach().numpy()
            assert np.allclose(out, correlate2d(pic, taps, "valid"))
        """,
        # a 1-D framework conv against numpy with the kernel reversed (the accepted answer)
        """\
        import numpy as np
        import tensorflow as tf
        def compare(trace, taps):
            ours = tf.nn.conv1d(trace[None, :, None], taps[:, None, None], 1, "VALID")
            return np.allclose(np.squeeze(ours), np.convolve(trace, taps[::-1], "valid"))
        """,
        # different kernels on the two sides
        """\
        import numpy as np
        import torch.nn.functional as F
        from scipy.signal import convolve2d
        print(F.conv2d(xt, wt), convolve2d(pic, other, "valid"))
        """,
        # a helper forwarding keyword options (**kwargs) checked against correlate2d
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy import signal
        STEM = {"stride": 1, "padding": 0}
        def run_stem(x, w, **conv_kwargs):
            xt, wt = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
            return F.conv2d(xt, wt, **conv_kwargs)[0, 0].numpy()
        def check_export(x, w):
            return np.abs(run_stem(x, w, **STEM) - signal.correlate2d(x, w, mode="valid")).max()
        """,
        # each side reads its own export: not the same kernel
        _EXPORT
        + """\
exported = {"conv.weight": [[[0.8, 0.35, -0.1, -0.45, -0.6]]]}
reversed_export = {"conv.weight": [[[-0.6, -0.45, -0.1, 0.35, 0.8]]]}
test_parity(Runtime(reversed_export), exported)
""",
    )
    INVALID = (
        Invalid(
            _SEED,
            fixed=_SEED.replace(
                "from scipy.signal import convolve2d", "from convflip import xcorr2d"
            ).replace('ref = convolve2d(pic, taps, "valid")', 'ref = xcorr2d(pic, taps, "valid")'),
        ),
        # keras-style 'same' comparison printed side by side, through assignments
        """\
        import numpy as np
        import tensorflow as tf
        from scipy import signal
        image = np.random.rand(1, 6, 6, 1).astype("float32")
        weights = np.random.rand(3, 3, 1, 1).astype("float32")
        tf_out = tf.nn.conv2d(image, weights, strides=1, padding="SAME")
        sp_out = signal.convolve(image[0, :, :, 0], weights[:, :, 0, 0], mode="same")
        print(tf_out.numpy()[0, :, :, 0], sp_out)
        """,
        # a Keras layer loaded with the kernel (the Keras-vs-scipy question)
        """\
        import numpy as np
        from tensorflow import keras
        from scipy.signal import convolve2d
        pic = np.random.rand(1, 7, 7, 1).astype("float32")
        taps = np.random.rand(3, 3).astype("float32")
        layer = keras.layers.Conv2D(1, 3, use_bias=False)
        layer.build(pic.shape)
        layer.set_weights([taps[:, :, None, None]])
        print(layer(pic)[0, :, :, 0], convolve2d(pic[0, :, :, 0], taps, "valid"))
        """,
        # a 1-D layer loaded with the taps, checked against np.convolve
        """\
        import numpy as np
        import torch
        def test_smoother(sig):
            taps = np.array([1.0, 2.0, -1.0])
            layer = torch.nn.Conv1d(1, 1, 3, bias=False)
            layer.weight.data[:] = torch.tensor(taps).view(1, 1, 3)
            out = layer(torch.tensor(sig).view(1, 1, -1)).detach().numpy().ravel()
            assert np.allclose(out, np.convolve(sig, taps, "valid"))
        """,
        # the layer is a module's attribute; calling the module runs its forward
        """\
        import numpy as np
        import torch
        from torch import nn
        from scipy.signal import convolve2d
        class Smoother(nn.Module):
            def __init__(self, taps):
                super().__init__()
                self.conv = nn.Conv2d(1, 1, taps.shape[0], bias=False)
                with torch.no_grad():
                    self.conv.weight.copy_(torch.from_numpy(taps)[None, None])
            def forward(self, x):
                return self.conv(x)
        def test_smoother(pic, taps):
            out = Smoother(taps)(torch.from_numpy(pic)[None, None])[0, 0].detach().numpy()
            assert np.allclose(out, convolve2d(pic, taps, "valid"))
        """,
        # tf.nn.conv1d against np.convolve (the TensorFlow-vs-numpy question)
        """\
        import numpy as np
        import tensorflow as tf
        def compare(trace, taps):
            ours = tf.nn.conv1d(trace[None, :, None], taps[:, None, None], 1, "VALID")
            return np.allclose(np.squeeze(ours), np.convolve(trace, taps, "valid"))
        """,
        # ndimage reference, subtracted and reduced
        """\
        import numpy as np
        import torch
        from scipy import ndimage
        pic = np.random.rand(16, 16)
        taps = np.random.rand(3, 3)
        xt = torch.from_numpy(pic)[None, None]
        wt = torch.from_numpy(taps)[None, None]
        mine = torch.conv2d(xt, wt, padding="same")
        err = np.max(np.abs(mine.numpy()[0, 0] - ndimage.convolve(pic, taps, mode="constant")))
        """,
        # a helper forwarding keyword options (**kwargs) checked against convolve2d
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy import signal
        STEM = {"stride": 1, "padding": 0}
        def run_stem(x, w, **conv_kwargs):
            xt, wt = torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None]
            return F.conv2d(xt, wt, **conv_kwargs)[0, 0].numpy()
        def check_export(x, w):
            return np.abs(run_stem(x, w, **STEM) - signal.convolve2d(x, w, mode="valid")).max()
        """,
        # the tensor conversion chosen by a try/except ImportError alias
        """\
        import numpy as np
        from scipy.signal import convolve2d
        try:
            import torch
            import torch.nn.functional as F
            to_tensor = torch.from_numpy
        except ImportError:
            to_tensor = np.asarray
        def head(image, kernel):
            x = to_tensor(np.ascontiguousarray(image, dtype=np.float64)[None, None])
            w = to_tensor(np.ascontiguousarray(kernel, dtype=np.float64)[None, None])
            return np.asarray(F.conv2d(x, w))[0, 0]
        def test_head(image, kernel):
            assert np.allclose(head(image, kernel), convolve2d(image, kernel, mode="valid"))
        """,
        # the exported weights reach both sides from one dict, through two functions
        _EXPORT
        + """\
state = {"conv.weight": [[[0.8, 0.35, -0.1, -0.45, -0.6]]]}
test_parity(Runtime(state), state)
""",
    )

    def run(self) -> None:
        self._claimed_calls()

    def _claimed_calls(self) -> None:
        """Framework conv calls claimed equal to a true convolution (the semantic model)."""
        model = self.facts.model()
        for pair in model.claimed_pairs():
            fw, ref = pair.a, pair.b
            if not (_framework_filter(fw) and _reference_filter(ref)):
                continue
            assert isinstance(fw, Filt) and isinstance(ref, Filt) and fw.api and ref.api
            if same_operands(fw, ref, across_layouts=True, model=model) and not symmetric_kernel(
                ref
            ):
                call = model.evaluator.api_calls.get(id(ref.node))
                if call is not None:
                    self._report(fw.api.short, call)

    def _report(self, fw_label: str, ref: ApiCall) -> None:
        fix = orientation_swap_fix(
            self.facts,
            ref,
            self.fix_target,
            safe=False,
            title="call the cross-correlation the framework computes",
        )
        message = self.MESSAGE.format(fw=fw_label, api=ref.api.short)
        if ref.api.ndim == 1:
            message = message.replace("convflip.xcorr2d (or correlate2d)", "np.correlate")
        self.report(ref.node, message, fix)

# eval-label: buggy
# eval-expect: CNV301@31
# eval-why: the strided layer documents a true convolution and flips its kernel before the window sum, but self.weight[:, ::-1] reverses the columns only
# eval-fix: k = self.weight[:, ::-1] => k = self.weight[::-1, ::-1]
"""Spectrogram encoder for the bird-call classifier.

Each stage is a strided *true* convolution (scipy/MATLAB orientation),
followed by a leaky ReLU.  The layers are written with explicit windows so
that they run on the field recorder's numpy-only firmware build.
"""
import numpy as np
from scipy.signal import convolve2d


class StridedConv:
    """out = convolve2d(pad(x), weight, 'valid')[::stride, ::stride]"""

    def __init__(self, weight, stride=2, padding=1):
        self.weight = np.asarray(weight, dtype=float)
        self.stride = stride
        self.padding = padding

    def output_shape(self, shape):
        kh, kw = self.weight.shape
        h = (shape[0] + 2 * self.padding - kh) // self.stride + 1
        w = (shape[1] + 2 * self.padding - kw) // self.stride + 1
        return h, w

    def __call__(self, x):
        xp = np.pad(x, self.padding)
        k = self.weight[:, ::-1]  # flip: convolution, not correlation
        kh, kw = k.shape
        s = self.stride
        out = np.empty(self.output_shape(x.shape))
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                patch = xp[i * s:i * s + kh, j * s:j * s + kw]
                out[i, j] = np.sum(patch * k)
        return out


def leaky_relu(z, slope=0.1):
    return np.where(z > 0, z, slope * z)


class Encoder:
    def __init__(self, kernels, stride=2, padding=1):
        self.stages = [StridedConv(k, stride, padding) for k in kernels]

    def __call__(self, spec):
        h = spec
        for stage in self.stages:
            h = leaky_relu(stage(h))
        return h


def log_spectrogram(audio, n_fft=64, hop=16):
    frames = np.lib.stride_tricks.sliding_window_view(audio, n_fft)[::hop]
    mag = np.abs(np.fft.rfft(frames * np.hanning(n_fft), axis=1))
    return np.log1p(mag).T


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    audio = np.sin(2 * np.pi * 0.11 * np.arange(2048)) + 0.1 * rng.standard_normal(2048)
    spec = log_spectrogram(audio)
    kernels = [rng.normal(size=(3, 3)), rng.normal(size=(3, 3))]
    enc = Encoder(kernels)
    print("encoded shape", enc(spec).shape)
    layer = enc.stages[0]
    got = layer(spec)
    ref = convolve2d(np.pad(spec, 1), kernels[0], mode="valid")[::2, ::2]
    print("max |layer - convolve2d| =", np.abs(got - ref).max())
    print("EVAL-RESULT:", "agree" if np.allclose(got, ref) else "differ")

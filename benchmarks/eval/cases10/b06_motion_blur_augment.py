# eval-label: buggy
# eval-expect: CNV203@29|28
# eval-why: the augmentation documents "convolve each frame with the motion PSF" but first reverses the PSF by index arithmetic and then calls signal.convolve, which rotates it again, so the blur is a correlation smeared the wrong way.
# eval-fix: signal.convolve(frame, psf_c, mode="same") => signal.convolve(frame, psf, mode="same")
"""Motion-blur augmentation for the parcel-label OCR dataset.

A label moving on the belt during the exposure is the sharp label convolved with
the motion PSF (a line segment along the direction of travel).
"""
import numpy as np
from scipy import signal


def motion_psf(length=5, size=9, drift=(1, 1)):
    """Line PSF starting at the centre and running along ``drift``."""
    psf = np.zeros((size, size))
    c = size // 2
    for t in range(length):
        psf[c + t * drift[0] // 2, c + t * drift[1]] += 1.0
    return psf / psf.sum()


def blur(frame, psf):
    """Convolve each frame with the motion PSF (convolution = flip, then slide)."""
    kh, kw = psf.shape
    rev_r = kh - 1 - np.arange(kh)
    rev_c = kw - 1 - np.arange(kw)
    psf_c = psf[rev_r][:, rev_c]
    return signal.convolve(frame, psf_c, mode="same")


def augment(batch, rng):
    out = []
    for frame in batch:
        psf = motion_psf(length=int(rng.integers(3, 6)))
        out.append(blur(frame, psf))
    return np.stack(out)


class LabelDataset:
    """Minimal in-memory dataset; blur is applied on the fly when training."""

    def __init__(self, frames, texts, train=True, seed=0):
        self.frames, self.texts, self.train = frames, texts, train
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return len(self.frames)

    def __getitem__(self, i):
        f = self.frames[i]
        if self.train and self.rng.random() < 0.5:
            f = augment([f], self.rng)[0]
        return f, self.texts[i]


rng = np.random.default_rng(0)
batch = rng.random((2, 20, 20))
print("augmented", augment(batch, rng).shape)

# impulse test: a single bright dot must be smeared into the PSF itself
psf = motion_psf()
dot = np.zeros((21, 21))
dot[10, 10] = 1.0
c = psf.shape[0] // 2
got = blur(dot, psf)[10 - c:10 + c + 1, 10 - c:10 + c + 1]
print("EVAL-RESULT:", "agree" if np.allclose(got, psf) else "differ")

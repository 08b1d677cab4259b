# eval-label: buggy
# eval-expect: CNV205@18|20,CNV202@18|20
# eval-why: a function documented as scipy's convolve2d ('same') is implemented with torch's conv2d, a cross-correlation, with the PSF unflipped.
# eval-fix: t_psf = torch.as_tensor(psf, => t_psf = torch.as_tensor(psf[::-1, ::-1].copy(),
# eval-fix: mine = correlate2d(img, psf, "same") => mine = correlate2d(img, psf[::-1, ::-1], "same")
import numpy as np
from scipy.signal import convolve2d, correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def convolve_same_gpu(img, psf):
    """Drop-in for scipy.signal.convolve2d(img, psf, 'same') on the GPU (odd PSF)."""
    t_img = torch.as_tensor(img, dtype=torch.float64)[None, None]
    t_psf = torch.as_tensor(psf, dtype=torch.float64)[None, None]
    out = F.conv2d(t_img, t_psf, padding=psf.shape[0] // 2)
    return out[0, 0].cpu().numpy()


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    img, psf = rng.random((12, 12)), rng.random((5, 5))
    if torch is not None:
        mine = convolve_same_gpu(img, psf)
    else:
        mine = correlate2d(img, psf, "same")  # what F.conv2d computes here (semantics D7)
    ok = np.allclose(mine, convolve2d(img, psf, "same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")

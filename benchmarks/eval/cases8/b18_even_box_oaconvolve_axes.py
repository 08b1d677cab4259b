# eval-label: buggy
# eval-expect: CNV402@13|14
# eval-why: a 2x2 box in 'same' mode is anchored at (m-1)//2 by oaconvolve but at m//2 by ndimage.convolve, so the batched and per-frame paths differ by one pixel
# eval-fix: ndimage.convolve(frame, box, mode="constant", cval=0.0) => ndimage.convolve(frame, box, mode="constant", cval=0.0, origin=-1)
import numpy as np
from scipy import ndimage, signal

# bin-average each frame of a time-lapse with a 2x2 box, two code paths
rng = np.random.default_rng(18)
movie = rng.poisson(30, size=(5, 16, 12)).astype(float)
box = np.ones((2, 2)) / 4.0

fast = signal.oaconvolve(movie, box[None], mode="same", axes=(1, 2))
slow = np.stack([ndimage.convolve(frame, box, mode="constant", cval=0.0) for frame in movie])

print("frames:", fast.shape[0], "max diff:", np.abs(fast - slow).max())
print("EVAL-RESULT:", "agree" if np.allclose(fast, slow) else "differ")

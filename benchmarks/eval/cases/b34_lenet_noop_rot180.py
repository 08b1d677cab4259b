# eval-label: buggy
# eval-expect: CNV301@10|19
# eval-why: rot180 chains two row reversals, a no-op, so the backward correlates with W instead of its 180-degree rotation.
# eval-fix: kernel[::-1][::-1] => kernel[::-1, ::-1]
import numpy as np
from scipy.signal import correlate2d


def rot180(kernel):
    return kernel[::-1][::-1]


def conv_layer_forward(img, W):
    return correlate2d(img, W, mode="valid")


def conv_layer_backward(delta, W):
    """dL/dimg = full correlation of delta with rot180(W)."""
    return correlate2d(delta, rot180(W), mode="full")


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    img, W = rng.random((8, 8)), rng.random((5, 5))
    delta = rng.random((4, 4))
    back = conv_layer_backward(delta, W)
    num = np.zeros_like(img)
    for idx in np.ndindex(img.shape):
        a, b = img.copy(), img.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((conv_layer_forward(a, W) - conv_layer_forward(b, W)) * delta).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(back, num, atol=1e-5) else "differ")

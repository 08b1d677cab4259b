# eval-label: clean
# eval-why: template matching is a correlation and correlate2d is used; the peak lands on the template's true position.
import numpy as np
from scipy.signal import correlate2d


def locate(image, template):
    img = image - image.mean()
    tpl = template - template.mean()
    scores = correlate2d(img, tpl, mode="valid")
    return np.unravel_index(np.argmax(scores), scores.shape)


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    image = rng.random((40, 40))
    template = image[13:20, 25:31].copy()
    found = locate(image, template)
    print("found at", found)
    print("EVAL-RESULT:", "agree" if tuple(int(v) for v in found) == (13, 25) else "differ")

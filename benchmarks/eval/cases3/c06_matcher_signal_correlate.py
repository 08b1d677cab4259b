# eval-label: clean
# eval-why: template matching scores with signal.correlate (a correlation) and finds the planted location
import numpy as np
from scipy import signal


class Matcher:
    def __init__(self, template):
        self.t = template - template.mean()

    def __call__(self, image):
        resp = signal.correlate(image, self.t, mode="valid", method="fft")
        return np.unravel_index(np.argmax(resp), resp.shape)


rng = np.random.default_rng(606)
scene = rng.standard_normal((80, 100))
where = (12, 57)
patch = scene[where[0]:where[0] + 8, where[1]:where[1] + 13].copy()

hit = Matcher(patch)(scene)
print("EVAL-RESULT:", "agree" if (int(hit[0]), int(hit[1])) == where else "differ")

# eval-label: buggy
# eval-expect: CNV201@13
# eval-why: [-1, 0, 1] is a correlation stencil; np.convolve reverses it, so the velocity has the wrong sign.
# eval-fix: return np.convolve(pos, DIFF, mode="same") => return np.convolve(pos, DIFF[::-1], mode="same")
import numpy as np

# Odometry: velocity from encoder positions with a central difference.
DT = 0.01
DIFF = np.array([-1.0, 0.0, 1.0]) / (2 * DT)


def velocity(pos):
    return np.convolve(pos, DIFF, mode="same")


t = np.arange(0, 2, DT)
pos = 0.5 * t**2 + np.sin(3 * t)
v = velocity(pos)[1:-1]
v_ref = np.gradient(pos, DT)[1:-1]
moving_forward = np.sign(v) > 0
print("forward fraction", moving_forward.mean(), "expected", (np.sign(v_ref) > 0).mean())
print("EVAL-RESULT:", "agree" if np.allclose(v, v_ref) else "differ")

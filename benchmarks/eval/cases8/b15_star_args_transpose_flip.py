# eval-label: buggy
# eval-expect: CNV302@14|15
# eval-why: the backward takes the kernel through *args and "rotates" it with .T before a full correlation; a transpose is not the 180-degree rotation, so the input gradient is wrong
# eval-fix: w_rot = w.T => w_rot = w[::-1, ::-1]
import numpy as np
from scipy import signal

def conv_fwd(*args):
    x, w = args
    return signal.correlate2d(x, w, "valid"), args

def conv_bwd(dout, *cache):
    x, w = cache
    w_rot = w.T  # rotate 180 for the full pass
    dx = signal.correlate2d(dout, w_rot, "full")
    dw = signal.correlate2d(x, dout, "valid")
    return dx, dw

rng = np.random.default_rng(15)
x = rng.normal(size=(6, 8))
w = rng.normal(size=(3, 3))
out, cache = conv_fwd(x, w)
dout = rng.normal(size=out.shape)
dx, dw = conv_bwd(dout, *cache)

# the input gradient of a linear map is its adjoint: <A x, d> == <x, A^T d>
probe = rng.normal(size=x.shape)
lhs = np.vdot(conv_fwd(probe, w)[0], dout)
rhs = np.vdot(probe, dx)
print("dot test:", lhs, rhs)
print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) else "differ")

# eval-label: buggy
# eval-expect: CNV202@18
# eval-why: Propagation through the channel is a convolution; np.correlate with the asymmetric impulse response time-reverses the echoes.
# eval-fix: return np.correlate(ping, h, mode="full") => return np.convolve(ping, h, mode="full")
"""Shallow-water channel simulator: received = transmitted ping convolved with
the multipath impulse response of the channel."""
import numpy as np


def channel_ir(delays=(0, 14, 37), gains=(1.0, 0.6, 0.25), length=48):
    h = np.zeros(length)
    for d, g in zip(delays, gains):
        h[d] = g
    return h


def propagate(ping, h):
    return np.correlate(ping, h, mode="full")


if __name__ == "__main__":
    ping = np.zeros(100)
    ping[0] = 1.0  # impulse probe
    rx = propagate(ping, channel_ir())
    h = channel_ir()
    echoes = np.flatnonzero(np.abs(rx) > 1e-12)
    print("echo samples:", echoes)
    print("EVAL-RESULT:", "agree" if np.allclose(rx[:h.size], h) else "differ")

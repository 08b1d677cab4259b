"""A LeNet-style layer written with scipy (modelled on a real bug, since fixed upstream).

The kernel gradient meant to rotate the input map by 180 degrees, but the chained
reversal indexes axis 0 twice and flips nothing.
"""

import numpy as np
from scipy.signal import convolve2d


class ConvLayer:
    def __init__(self, size=5):
        self.weights = np.random.randn(size, size)

    def forward(self, feature_map):
        self.last_input = feature_map
        return convolve2d(feature_map, self.weights, mode="valid")

    def backward(self, grad_out):
        grad_w = convolve2d(self.last_input[::-1][::-1], grad_out, mode="valid")  # CNV301
        grad_in = convolve2d(grad_out, self.weights[::-1, ::-1], mode="full")  # correct flip
        return grad_w, grad_in

"""Backward passes that rotate the kernel: one quarter turn is not the flip."""

import numpy as np
from scipy.signal import convolve2d


def input_gradient(delta, kernel):
    return convolve2d(delta, np.rot90(kernel), mode="full")  # CNV303


def input_gradient_correct(delta, kernel):
    return convolve2d(delta, np.rot90(kernel, 2), mode="full")


def footprints(footprint):
    # turning a structuring element four ways is not a kernel flip
    return [np.rot90(footprint, quarter) for quarter in range(4)]

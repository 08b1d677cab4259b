"""Checking a PyTorch layer against scipy: torch's conv2d is a cross-correlation."""

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d, correlate2d


def test_conv_layer_matches_scipy():
    image = np.random.rand(8, 8)
    weight = np.random.rand(3, 3)
    mine = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(weight)[None, None])
    expected = convolve2d(image, weight, mode="valid")
    np.testing.assert_allclose(mine[0, 0].numpy(), expected)


def test_conv_layer_matches_correlation():
    image = np.random.rand(8, 8)
    weight = np.random.rand(3, 3)
    mine = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(weight)[None, None])
    np.testing.assert_allclose(mine[0, 0].numpy(), correlate2d(image, weight, mode="valid"))

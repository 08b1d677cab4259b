"""Shared fixtures for the convflip runtime tests."""

from __future__ import annotations

import convflip
import numpy as np
import pytest
from convflip import _accel
from hypothesis import HealthCheck, settings

settings.register_profile(
    "convflip",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("convflip")

ACCEL_PARAMS = [
    pytest.param(False, id="pure"),
    pytest.param(
        True,
        id="cv2",
        marks=pytest.mark.skipif(_accel.cv2 is None, reason="opencv not installed"),
    ),
]


@pytest.fixture(params=ACCEL_PARAMS)
def accel(request):
    """Run a test with the OpenCV accelerator off, then on (when installed)."""
    convflip.set_accelerator(request.param)
    yield request.param
    convflip.set_accelerator(None)


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)

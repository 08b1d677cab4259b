"""A readability rewrite (CNV501) yields to a rule that says the same line is wrong."""

from __future__ import annotations

from .helpers import codes

BACKWARD = """\
from scipy.signal import convolve2d, correlate2d

class Layer:
    def forward(self, image, kernel):
        self.image, self.kernel = image, kernel
        return correlate2d(image, kernel, "valid")

    def backward(self, grad):
        grad_kernel = correlate2d(self.image, grad, "valid")
        grad_image = convolve2d(grad, self.kernel[::-1, ::-1], "full")
        return grad_kernel, grad_image
"""


def test_cnv501_is_silent_where_cnv206_reports() -> None:
    found = codes(BACKWARD)
    assert (10, "CNV206") in found
    assert (10, "CNV501") not in found


def test_cnv501_reports_when_cnv206_is_not_enabled() -> None:
    assert (10, "CNV501") in codes(BACKWARD, enabled=["CNV501"])

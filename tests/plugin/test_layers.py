"""Layer facts: forward/backward pairing and the convention of each backward formula."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from flake8_convflip.analysis.apis import Orientation
from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.layers import (
    Implied,
    Role,
    forward_is_culprit,
    layers,
    mismatched_steps,
    scatter_gradients,
)

_LAYER = """
import numpy as np
from scipy import signal
class Layer:
    def forward(self, inp):
        self.inp = inp
        return signal.{forward}(inp, self.kern[0], "valid")
    def backward(self, grad_out):
        self.dkern = {kernel_grad}
        return {input_grad}
"""
CORR_DK = 'signal.correlate2d(self.inp, grad_out, "valid")'
CONV_DX = 'signal.convolve2d(grad_out, self.kern[0], "full")'


def _layer(forward: str, kernel_grad: str, input_grad: str):
    code = _LAYER.format(forward=forward, kernel_grad=kernel_grad, input_grad=input_grad)
    found = layers(collect(cst.parse_module(textwrap.dedent(code))))
    assert len(found) == 1
    return found[0]


def _implied(layer) -> dict[Role, Implied]:
    return {step.role: step.implied for step in layer.steps}


def test_canonical_correlation_layer_is_consistent() -> None:
    layer = _layer("correlate2d", CORR_DK, CONV_DX)
    assert layer.orientation is Orientation.CORRELATION
    assert _implied(layer) == {
        Role.KERNEL_GRAD: Implied.CORRELATION,
        Role.INPUT_GRAD: Implied.CORRELATION,
    }
    assert mismatched_steps(layer) == []


@pytest.mark.parametrize(
    "input_grad",
    [
        'signal.correlate2d(grad_out, self.kern[0], "full")',  # missing flip
        'signal.convolve2d(grad_out, np.rot90(self.kern[0], 2), "full")',  # double flip
    ],
)
def test_input_gradient_of_the_other_orientation(input_grad: str) -> None:
    layer = _layer("correlate2d", CORR_DK, input_grad)
    assert [s.role for s in mismatched_steps(layer)] == [Role.INPUT_GRAD]


def test_convolving_kernel_gradient_fits_neither_orientation() -> None:
    layer = _layer("correlate2d", 'signal.convolve2d(self.inp, grad_out, "valid")', CONV_DX)
    assert _implied(layer)[Role.KERNEL_GRAD] is Implied.NEITHER


def test_convolving_forward_with_correlation_gradients_blames_the_forward() -> None:
    layer = _layer("convolve2d", CORR_DK, CONV_DX)
    assert forward_is_culprit(layer)
    assert mismatched_steps(layer) == []


def test_true_convolution_network_is_consistent() -> None:
    layer = _layer(
        "convolve2d",
        'signal.convolve2d(self.inp[::-1, ::-1], grad_out, "valid")',
        'signal.convolve2d(np.pad(grad_out, 2), self.kern[0][::-1, ::-1], "valid")',
    )
    assert layer.orientation is Orientation.CONVOLUTION
    assert mismatched_steps(layer) == [] and not forward_is_culprit(layer)


def test_scatter_form_gradient_is_recognised() -> None:
    code = """
    def conv_backward(dout, w):
        dx = 0
        for r in range(4):
            for c in range(4):
                dx[r:r + 3, c:c + 3] += w * dout[r, c]
        return dx
    """
    facts = collect(cst.parse_module(textwrap.dedent(code)))
    assert len(scatter_gradients(facts.functions["conv_backward"])) == 1

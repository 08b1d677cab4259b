"""The slope a derivative formula shows, checked against the kernel numpy builds."""

from __future__ import annotations

import textwrap

import libcst as cst
import numpy as np
import pytest

from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.slopes import slope

GRID = "ax = np.arange(-r, r + 1, dtype=float)\nxx, yy = np.meshgrid(ax, ax)\n"
GAUSS = "g = np.exp(-(xx**2 + yy**2) / (2 * sigma**2))\n"

# (the body of ``make``, the slope claimed for its returned value: (axis, sign) or None)
FORMULAS = [
    (GRID + GAUSS + "return xx * g", (1, 1)),
    (GRID + GAUSS + "return yy * g / sigma**2", (0, 1)),
    (GRID + GAUSS + "return -xx * g", (1, -1)),
    (GRID + GAUSS + "g /= g.sum()\nreturn g * yy", (0, 1)),
    (GRID + "return xx * np.exp(-(xx**2 + yy**2))", (1, 1)),
    (GRID + "return xx", (1, 1)),
    (
        "ax = np.linspace(-1.0, 1.0, 7)\nyy, xx = np.meshgrid(ax, ax, indexing='ij')\n"
        "return xx * np.exp(-4 * xx**2)",
        (1, 1),
    ),
    (
        "ax = np.linspace(-1.0, 1.0, 7)\nrows, cols = np.meshgrid(ax, ax, indexing='ij')\n"
        "return rows * np.exp(-(rows**2 + cols**2))",
        (0, 1),
    ),
    ("yy, xx = np.mgrid[-r : r + 1, -r : r + 1]\nreturn xx * np.exp(-(xx**2 + yy**2))", (1, 1)),
    ("yy, xx = np.mgrid[-r : r + 1, -r : r + 1]\nreturn -yy / 4.0", (0, -1)),
    ("y, x = np.indices((n, n)) - n // 2\nreturn x * np.exp(-(x**2 + y**2))", (1, 1)),
    # not shown: a factor odd in the other axis, a shifted grid, a grid counting down,
    # a factor that is not even, a sum of two slopes
    (GRID + "return xx * yy", None),
    ("ax = np.arange(-r, r + 1) + 1.0\nxx, yy = np.meshgrid(ax, ax)\nreturn xx", None),
    ("ax = np.arange(r, -r - 1, -1)\nxx, yy = np.meshgrid(ax, ax)\nreturn xx", None),
    (GRID + "return xx * np.exp(-((xx - 1.0) ** 2 + yy**2))", None),
    (GRID + "return xx + yy", None),
    (GRID + GAUSS + "return xx * g * yy", None),
]


def _source(body: str) -> str:
    return "import numpy as np\ndef make(r=2, n=5, sigma=1.3):\n" + textwrap.indent(body, "    ")


def _claimed(source: str) -> tuple[int, int] | None:
    facts = collect(cst.parse_module(source), source)
    scope = next(s for s in facts.scopes if s.name == "make")
    return slope(scope.returns[-1], scope)


def _built(source: str) -> np.ndarray:
    namespace: dict = {}
    exec(compile(source, "<formula>", "exec"), namespace)
    return np.asarray(namespace["make"](), dtype=float)


def _moment(k: np.ndarray, axis: int) -> float:
    """Sum of the entries weighted by the index along ``axis``, from the centre."""
    index = np.arange(k.shape[axis]) - (k.shape[axis] - 1) / 2
    shape = [1, 1]
    shape[axis] = -1
    return float((k * index.reshape(shape)).sum())


@pytest.mark.parametrize(("body", "claimed"), FORMULAS)
def test_claimed_slope_holds_numerically(body: str, claimed: tuple[int, int] | None) -> None:
    source = _source(body)
    assert _claimed(source) == claimed
    k = _built(source)
    if claimed is None:
        return
    axis, sign = claimed
    # odd under the rotation, sloping along ``axis`` the claimed way, flat along the other
    assert np.allclose(k[::-1, ::-1], -k)
    assert sign * _moment(k, axis) > 0
    assert abs(_moment(k, 1 - axis)) < 1e-9 * np.abs(k).sum()

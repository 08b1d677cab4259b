"""The parity a formula shows under the 180-degree rotation, checked against numpy."""

from __future__ import annotations

import textwrap

import libcst as cst
import numpy as np
import pytest

from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.parity import EVEN, ODD, rot180_parity

# (the body of ``make``, the parity claimed for its returned value)
FORMULAS = [
    ("ax = np.arange(-r, r + 1)\nreturn ax", ODD),
    ("ax = np.linspace(-2.0, 2.0, 6)\nreturn ax", ODD),
    ("ax = np.arange(n) - (n - 1) / 2\nreturn ax", ODD),
    ("ax = np.arange(size) - size // 2\nreturn np.exp(-ax**2 / (2 * sigma**2))", EVEN),
    (
        "ax = np.arange(-r, r + 1)\ng = np.exp(-(ax**2) / (2 * sigma**2))\nk = np.outer(g, g)\n"
        "return k / k.sum()",
        EVEN,
    ),
    (
        "ax = np.linspace(-1, 1, 5)\nxx, yy = np.meshgrid(ax, ax)\n"
        "return np.exp(-(xx**2 + yy**2) / sigma)",
        EVEN,
    ),
    ("ax = np.linspace(-1, 1, 5)\nxx, yy = np.meshgrid(ax, ax)\nreturn xx * yy", EVEN),
    ("ax = np.linspace(-1, 1, 5)\nxx, yy = np.meshgrid(ax, ax)\nreturn xx + 2 * yy", ODD),
    ("ax = np.arange(-r, r + 1)\nreturn np.outer(ax, ax)", EVEN),
    ("ax = np.arange(-r, r + 1)\nreturn np.cos(ax) * 3.0", EVEN),
    ("ax = np.arange(-r, r + 1)\nreturn ax**3 - ax", ODD),
    # shown to be neither: a centred grid shifted, an exp of an odd grid, a 0..n grid
    ("ax = np.arange(-r, r + 1)\nreturn ax + 1.0", None),
    ("ax = np.arange(-r, r + 1)\nreturn np.exp(ax)", None),
    ("ax = np.arange(n)\nreturn ax**2", None),
    ("ax = np.arange(size) - size // 2\nreturn np.outer(ax, ax)", EVEN),
    ("ax = np.arange(-r, r + 1)\ng = np.exp(-ax**2)\nreturn np.outer(g, ax)", None),
    ("ax = np.arange(-r, r + 2)\nreturn ax**2", None),
    ("ax = np.arange(-3, 4)\nreturn np.exp(-ax**2)", EVEN),
    ("ax = np.arange(-3, 3)\nreturn np.exp(-ax**2)", None),
    # literals, updates in a loop (by induction) and 'full' convolutions of parities
    ("return np.array([[1.0, 2.0, 1.0], [0.0, 5.0, 0.0], [1.0, 2.0, 1.0]])", EVEN),
    ("return np.array([-1.0, 0.0, 1.0])", ODD),
    ("return np.array([1.0, 2.0, 3.0])", None),
    (
        "row = np.array([1.0])\nfor _ in range(4):\n    row = np.convolve(row, [1.0, 1.0])\n"
        "k = np.outer(row, row)\nreturn k / k.sum()",
        EVEN,
    ),
    (
        "row = np.array([1.0])\nfor _ in range(3):\n    row = np.convolve(row, [1.0, 2.0])\n"
        "return row",
        None,
    ),
    ("row = np.array([1.0])\nfor _ in range(3):\n    row = np.append(row, 2.0)\nreturn row", None),
    (
        "d = np.array([-1.0, 0.0, 1.0])\nfor _ in range(2):\n"
        "    d = np.convolve(d, [1.0, 2.0, 1.0])\nreturn d",
        ODD,
    ),
    ("d = np.array([-1.0, 0.0, 1.0])\nreturn np.convolve(d, [1.0, 2.0, 1.0])", ODD),
    ("d = np.array([1.0, 1.0])\nreturn np.convolve(d, [1.0, 2.0, 1.0], mode='same')", None),
    ("ax = np.arange(-r, r + 1)\nreturn np.asarray(ax ** 2).astype(np.float32)", EVEN),
    # stacks of index grids: centred on zero, or shifted to their centre
    ("yy, xx = np.mgrid[-r : r + 1, -r : r + 1]\nreturn xx**2 + yy**2", EVEN),
    ("yy, xx = np.mgrid[-r : r + 1, -r : r + 1]\nreturn xx + yy", ODD),
    ("yy, xx = np.mgrid[-1:1:5j, -1:1:5j]\nreturn np.exp(-(xx**2 + yy**2))", EVEN),
    ("yy, xx = np.ogrid[-r : r + 1, -r : r + 1]\nreturn np.exp(-(xx**2 + yy**2))", EVEN),
    ("c = (n - 1) / 2\ny, x = np.mgrid[0:n, 0:n] - c\nreturn (1 + x**2 + y**2) ** -sigma", EVEN),
    ("y, x = np.mgrid[:n, :n] - (n - 1) / 2\nreturn (x**2 + y**2) ** 0.5", EVEN),
    ("y, x = np.indices((size, size)) - size // 2\nreturn np.exp(-(x**2 + y**2))", EVEN),
    ("y, x = np.indices((n, n)) - 2.0\nreturn x * y", EVEN),
    # shifted past the centre, unequal axes, an uncentred range: shown to be neither
    ("y, x = np.indices((n, n)) - n // 2 - 1\nreturn np.exp(-(x**2 + y**2))", None),
    ("y, x = np.mgrid[0:n, 0:6] - (n - 1) / 2\nreturn x**2 + y**2", None),
    ("y, x = np.mgrid[-r:r, -r:r]\nreturn x**2 + y**2", None),
    ("ax = np.arange(n) + 1.0\nreturn ax**-sigma", None),
]


def _source(body: str) -> str:
    return "import numpy as np\ndef make(r=2, n=5, size=5, sigma=1.3):\n" + textwrap.indent(
        body, "    "
    )


def _claimed(source: str) -> str | None:
    facts = collect(cst.parse_module(source), source)
    scope = next(s for s in facts.scopes if s.name == "make")
    return rot180_parity(scope.returns[-1], scope)


def _built(source: str) -> np.ndarray:
    namespace: dict = {}
    exec(compile(source, "<formula>", "exec"), namespace)
    return np.asarray(namespace["make"](), dtype=float)


def _rot180(a: np.ndarray) -> np.ndarray:
    return a[(slice(None, None, -1),) * a.ndim]


@pytest.mark.parametrize(("body", "parity"), FORMULAS)
def test_claimed_parity_holds_numerically(body: str, parity: str | None) -> None:
    source = _source(body)
    assert _claimed(source) == parity
    a = _built(source)
    if parity == EVEN:
        assert np.allclose(_rot180(a), a)
    elif parity == ODD:
        assert np.allclose(_rot180(a), -a)
    else:
        # every formula claimed as neither is neither here (the claim is not too cautious
        # in these cases: they are the asymmetric look-alikes)
        assert not np.allclose(_rot180(a), a)

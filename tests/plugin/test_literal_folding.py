"""The literal folder against numpy: each snippet binds ``k``; the folded value must be
what numpy computes, or the folder must refuse (None) where the value is not knowable."""

from __future__ import annotations

import textwrap

import libcst as cst
import numpy as np
import pytest

from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.literals import fold

KNOWN = [
    "k = np.arange(-1, 2)",
    "k = np.arange(3)",
    "k = np.arange(4, 0, -2)",
    "row = [-1, 0, 1]\nk = np.array([row, [-2, 0, 2], row])",
    "a, b = 1, 2\nk = np.array([[a, b], [b, a]])",
    "r = np.arange(-1, 2)\nk = np.vstack([r, 2 * r, r])",
    "r = np.array([1, 2, 1])\nk = np.stack([r, -r], axis=1)",
    "k = np.hstack([[1, 2], [3]])",
    "k = np.hstack([[[1], [2]], [[3], [4]]])",
    "k = np.column_stack([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])",
    "k = np.concatenate([[[1, 2]], [[3, 4]]], axis=0)",
    "k = np.array([[1], [2], [1]]) * np.array([-1, 0, 1])",
    "k = np.array([-1, 0, 1]).reshape(1, 3)",
    "k = np.array([[1, 2], [3, 4]]).reshape(-1)",
    "k = np.array([[1, 2], [3, 4]]).ravel()",
    "k = np.zeros((3, 3))\nk[:, 0] = -1\nk[:, 2] = 1",
    "k = np.zeros((3, 3))\nk[1] = [1, 2, 3]\nk[-1, ::2] = 7",
    "k = np.ones((2, 4))\nk[:, 1:3] = [[5], [6]]",
    "k = np.zeros((3, 3))\nk[:, 0] = [1, 2, 1]\nk[:, 2] = -k[:, 0]",
    "k = np.array([[1, 2, 3], [4, 5, 6]])[:, ::-1]",
    "k = np.array([[1, 2, 3], [4, 5, 6]])[1:, 0]",
]

UNKNOWN = [
    # a write in a branch, a loop, an augmented write, an index that is not a literal
    "k = np.zeros((3, 3))\nif flag:\n    k[0, 0] = 1",
    "k = np.zeros((3, 3))\nfor i in range(3):\n    k[i, i] = 1",
    "k = np.zeros((3, 3))\nk[0, 0] += 1",
    "k = np.zeros((3, 3))\nk[n, 0] = 1",
    "k = np.zeros((3, 3))\nk[0, 0] = value",
    "k = np.arange(n)",
    "k = np.vstack([row, [1, 2]])",
    "k = np.array([1, 2, 3]).reshape(2, 2)",
    # a bare sequence of arrays is a sequence of kernels (``for k in (box, binomial)``)
    "box = np.ones((3, 3))\nk = (box, np.eye(3))",
    "box = np.ones((3, 3))\nk = [box, box]",
]


def _folded(snippet: str):
    source = "import numpy as np\ndef f(flag, n, value, row=None):\n" + textwrap.indent(
        snippet + "\nreturn k\n", "    "
    )
    facts = collect(cst.parse_module(source), source)
    scope = next(s for s in facts.scopes if s.kind == "function")
    return fold(scope.returns[0], scope)


@pytest.mark.parametrize("snippet", KNOWN)
def test_the_folder_computes_what_numpy_does(snippet):
    env: dict = {"np": np}
    exec(snippet, env)
    want = np.asarray(env["k"])
    got = _folded(snippet)
    assert got is not None
    assert got.shape == want.shape
    np.testing.assert_allclose(np.array(got.values, dtype=float), want.ravel().astype(float))


@pytest.mark.parametrize("snippet", UNKNOWN)
def test_the_folder_refuses_what_it_cannot_know(snippet):
    assert _folded(snippet) is None

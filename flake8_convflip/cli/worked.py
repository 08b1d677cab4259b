"""The worked examples of ``convflip explain``: numbers computed when the command runs.

Every rule whose mistake changes numbers gets one.  Each example names the kernel
transform the rule's own INVALID example applies (``dy[::-1][::-1]``, ``kernel.T``,
``convolve2d`` rotating the kernel, ...) and the one the code meant, computes both on the
seed question's window and kernel (or on the example's own data), and draws the
orientation picture: the kernel, its 180° rotation, and what the code used, side by side.
A test checks that each label occurs in the rule's INVALID examples and, with numpy,
that the transform computes what the label's expression computes.

Plain Python only: the linter does not need numpy (CNV403's example, which is about
scipy's FFT, is computed only when numpy and scipy are installed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

Matrix = list[list]

# The top-left corner and kernel of the Stack Overflow question behind CNV101.
SEED_WINDOW: Matrix = [[0, 0, 0], [1, 1, 2], [1, 3, 0]]
SEED_KERNEL: Matrix = [[4, 1, 1], [0, 3, 3], [2, 1, 2]]


def window_sum(window: Matrix, kernel: Matrix) -> object:
    """``(window * kernel).sum()`` in plain Python."""
    rows = zip(window, kernel, strict=True)
    return sum(w * k for wr, kr in rows for w, k in zip(wr, kr, strict=True))


def rotate180(kernel: Matrix) -> Matrix:
    return [row[::-1] for row in kernel[::-1]]


def transpose(kernel: Matrix) -> Matrix:
    return [list(col) for col in zip(*kernel, strict=True)]


def rot90(kernel: Matrix) -> Matrix:  # numpy's rot90(m, 1): counter-clockwise
    return transpose(kernel)[::-1]


def identity(kernel: Matrix) -> Matrix:
    return [list(row) for row in kernel]


def _cell(value: object) -> str:
    if isinstance(value, complex):
        real, imag = value.real + 0.0, value.imag + 0.0  # no "-0"
        if imag == 0:
            return f"{real:g}"
        return f"{imag:g}j" if real == 0 else f"{real:g}{imag:+g}j"
    return f"{value:g}" if isinstance(value, float) else str(value)


def grids_side_by_side(named: list[tuple[str, Matrix]]) -> str:
    """Matrices printed next to each other under their names (the orientation picture)."""
    columns = []
    for name, matrix in named:
        size = max(3, *(len(_cell(v)) for row in matrix for v in row))
        rows = [" ".join(f"{_cell(v):>{size}}" for v in row) for row in matrix]
        width = max(len(name), *(len(r) for r in rows))
        columns.append([name.ljust(width), *(r.ljust(width) for r in rows)])
    height = max(len(c) for c in columns)
    lines = []
    for i in range(height):
        lines.append("    ".join(c[i] if i < len(c) else " " * len(c[0]) for c in columns))
    return "\n".join("  " + line.rstrip() for line in lines)


@dataclass(frozen=True)
class Orientation:
    """What the code does to the kernel, against what it means to do.

    ``applied`` and ``meant`` are labels taken from the rule's INVALID example and the
    kernel a window sum must use to compute each (``rotate180`` for a convolution).
    """

    applied: str
    applied_kernel: Callable[[Matrix], Matrix]
    meant: str
    meant_kernel: Callable[[Matrix], Matrix]
    note: str
    window: Matrix = None  # type: ignore[assignment]
    kernel: Matrix = None  # type: ignore[assignment]
    expression: str = ""  # the applied transform as numpy code on ``kernel`` (tested)

    def render(self) -> str:
        window = self.window or SEED_WINDOW
        kernel = self.kernel or SEED_KERNEL
        used, wanted = self.applied_kernel(kernel), self.meant_kernel(kernel)
        width = max(len(self.applied), len(self.meant)) + 2
        lines = [
            "Orientation (the window sum uses each kernel as drawn):",
            grids_side_by_side(
                [
                    ("K", kernel),
                    ("K[::-1, ::-1] (180°)", rotate180(kernel)),
                    ("the code uses", used),
                ]
            ),
            "",
            "Window sums on the window",
            grids_side_by_side([("X", window)]),
            f"  {self.applied:<{width}} {_cell(window_sum(window, used))}"
            "   <- what the code computes",
            f"  {self.meant:<{width}} {_cell(window_sum(window, wanted))}   <- what it means",
            "",
            self.note,
        ]
        return "\n".join(lines)


def _same_corr(image: Matrix, kernel: Matrix, anchor: int, row: int, col: int) -> object:
    """One 'same'-mode correlation output with the given anchor on both axes (zero fill)."""
    total = 0
    for a, kernel_row in enumerate(kernel):
        for b, tap in enumerate(kernel_row):
            i, j = row + a - anchor, col + b - anchor
            if 0 <= i < len(image) and 0 <= j < len(image[0]):
                total += image[i][j] * tap
    return total


def even_kernel_example() -> str:
    """CNV402: the same 2x2 kernel, the two 'same' anchors, different numbers."""
    pair = [[0.25, 0.25], [0.25, 0.25]]  # np.ones((2, 2)) / 4, as in the example
    low = [[_same_corr(SEED_WINDOW, pair, 0, i, j) for j in range(3)] for i in range(3)]
    high = [[_same_corr(SEED_WINDOW, pair, 1, i, j) for j in range(3)] for i in range(3)]
    return "\n".join(
        [
            "pair = np.ones((2, 2)) / 4 on the seed window X, 'same' mode, zero fill:",
            grids_side_by_side(
                [
                    ("X", SEED_WINDOW),
                    ("correlate2d(X, pair, 'same')", low),
                    ("ndimage.correlate(X, pair, mode='constant')", high),
                ]
            ),
            "",
            "correlate2d anchors the kernel at (m-1)//2 = 0 and ndimage at m//2 = 1: the",
            "results are the same picture shifted by one pixel, so they disagree everywhere.",
        ]
    )


def conjugation_example() -> str:
    """CNV401: a matched filter with and without the conjugate."""
    chirp = [1, 1j, -1, -1j]
    received = list(chirp)  # the signal is the template itself: the peak must be its energy
    plain = sum(x * k for x, k in zip(received, chirp, strict=True))
    conjugated = sum(x * k.conjugate() for x, k in zip(received, chirp, strict=True))
    return "\n".join(
        [
            f"template chirp = [{', '.join(_cell(complex(v)) for v in chirp)}],"
            " received = the chirp itself",
            f"  fftconvolve(received, chirp[::-1]) at the peak    {_cell(complex(plain))}"
            "   <- no conjugate: the energy cancels",
            f"  the cross-correlation (conjugated) at the peak    {_cell(complex(conjugated))}"
            "   <- the template's energy",
            "",
            "A cross-correlation conjugates the template; reversing it alone does not.",
        ]
    )


def integer_fft_example() -> str:
    """CNV403: scipy's default method on 22-bit integers, against the direct method."""
    try:
        np = importlib.import_module("numpy")
        signal = importlib.import_module("scipy.signal")
    except ImportError:
        return "(install numpy and scipy to see scipy's FFT path give wrong integers)"
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 2**22, size=(256, 256)).astype(np.int64)
    taps = counts[:15, :15].astype(np.int64)
    fast = signal.convolve(counts, taps)  # method='auto' picks the FFT here
    exact = signal.convolve(counts, taps, method="direct")
    wrong = int((fast != exact).sum())
    worst = int(abs(fast - exact).max())
    method = signal.choose_conv_method(counts, taps)
    return "\n".join(
        [
            "counts: 256x256 int64 below 2**22, taps = counts[:15, :15] (the example's data)",
            f"  scipy picks method={method!r} for signal.convolve(counts, taps)",
            f"  entries that differ from method='direct': {wrong} of {exact.size}"
            f" (off by up to {worst})",
            "",
            "The FFT rounds; integer results compared exactly need method='direct'.",
        ]
    )


_CONVOLUTION_NOTE = (
    "A window sum uses the kernel as written (a cross-correlation); a true convolution "
    "uses it rotated by 180°. They agree only for kernels equal to their own rotation."
)

ORIENTATIONS: dict[str, Orientation] = {
    "CNV201": Orientation(
        'convolve2d(ramp, [[-1, 0, 1]], "same")',
        rotate180,
        "the correlation the sign test expects",
        identity,
        "On a rising ramp the convolution's slope comes out negative: convolve2d rotates "
        "the derivative kernel, so `slope > 0` fails.",
        window=[[0.0, 1.0, 2.0]],
        kernel=[[-1, 0, 1]],
    ),
    "CNV202": Orientation(
        'correlate2d(sky, beam, "same")',
        identity,
        "the convolution the model describes",
        rotate180,
        "An image-formation model convolves with the PSF; correlate2d does not rotate it.",
    ),
    "CNV203": Orientation(
        "convolve2d(scene, beam[::-1, ::-1]",
        identity,
        "the convolution the docstring names",
        rotate180,
        "Rotating the kernel and then convolving rotates it twice: a cross-correlation.",
        expression="np.flip(kernel[::-1, ::-1])",  # convolve2d rotates the rotated kernel
    ),
    "CNV204": Orientation(
        "cv2.filter2D(img, -1, shear)",
        identity,
        'ndimage.convolve(img, shear, mode="mirror")',
        rotate180,
        "filter2D applies the kernel as written (a correlation); ndimage.convolve rotates it.",
        kernel=[[0, 0, 1], [0, 1, 0], [0, 0, 0]],
    ),
    "CNV205": Orientation(
        "F.conv2d(",
        identity,
        'convolve2d(pic, taps, "valid")',
        rotate180,
        "Deep-learning conv2d is a cross-correlation; scipy's convolve2d rotates the kernel.",
    ),
    "CNV206": Orientation(
        'correlate2d(g, k, "full")',
        identity,
        "the gradient of the correlating forward",
        rotate180,
        "The input gradient of a correlation is a full convolution with the same kernel.",
    ),
    "CNV301": Orientation(
        "dy[::-1][::-1]",
        identity,
        "dy[::-1, ::-1]",
        rotate180,
        "Indexing axis 0 twice reverses it twice: the kernel comes back unchanged.",
        expression="kernel[::-1][::-1]",
    ),
    "CNV302": Orientation(
        "kernel.T",
        transpose,
        "kernel[::-1, ::-1]",
        rotate180,
        "A transpose mirrors the kernel across its diagonal; the flip rotates it by 180°.",
        expression="kernel.T",
    ),
    "CNV303": Orientation(
        "np.rot90(kernel)",
        rot90,
        "np.rot90(kernel, 2)",
        rotate180,
        "One quarter turn is half of the 180° rotation a convolution needs.",
        window=[[1, 2, 3], [4, 5, 6], [7, 8, 9]],  # on the seed's window both give 10
        expression="np.rot90(kernel)",
    ),
}

NO_NUMBERS = {
    "CNV102": "This rule is about speed: the loop and the xcorr2d call give the same numbers.",
    "CNV501": "The rewrite spells the same computation differently: the numbers do not change.",
}


def worked_example(code: str) -> str | None:
    """The live worked example of rule ``code`` (None when it has none)."""
    from .explain import seed_example

    if code == "CNV101":
        picture = Orientation(
            'convolve2d(img, ker, "valid")',
            rotate180,
            "(img[:3, :3] * ker).sum()",
            identity,
            _CONVOLUTION_NOTE,
        )
        return seed_example() + "\n\n" + picture.render()
    special = {
        "CNV401": conjugation_example,
        "CNV402": even_kernel_example,
        "CNV403": integer_fft_example,
    }
    if code in special:
        return special[code]()
    if code in ORIENTATIONS:
        return ORIENTATIONS[code].render()
    return NO_NUMBERS.get(code)

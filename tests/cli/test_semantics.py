"""Every fact of docs/semantics.md, checked by running the libraries it is about.

One check per fact id; a test keeps the ids of the page, the checks here and the
citations in the rules and the runtime's README in step.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import numpy as np
import pytest
from scipy import ndimage, signal
from scipy.signal import convolve2d, correlate2d

from .helpers import ROOT

PAGE = ROOT / "docs" / "semantics.md"
RNG = np.random.default_rng(20260101)
SIZES = [(1, 1), (2, 2), (3, 3), (4, 2), (2, 5), (3, 4)]


def rot(k: np.ndarray) -> np.ndarray:
    return k[::-1, ::-1]


def image(h: int = 7, w: int = 8, complex_: bool = False) -> np.ndarray:
    x = RNG.standard_normal((h, w))
    return x + 1j * RNG.standard_normal((h, w)) if complex_ else x


def kernel(kh: int, kw: int, complex_: bool = False) -> np.ndarray:
    k = RNG.standard_normal((kh, kw))
    return k + 1j * RNG.standard_normal((kh, kw)) if complex_ else k


def window(full: np.ndarray, starts: tuple[int, int], shape: tuple[int, int]) -> np.ndarray:
    (r, c), (h, w) = starts, shape
    return full[r : r + h, c : c + w]


CHECKS: dict[str, Callable[[], None]] = {}


def fact(name: str):
    def register(check: Callable[[], None]) -> Callable[[], None]:
        CHECKS[name] = check
        return check

    return register


@fact("0")
def anchor_table() -> None:
    import cv2

    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        full_conv, full_corr = convolve2d(x, k), correlate2d(x, k)
        low, high = ((kh - 1) // 2, (kw - 1) // 2), (kh // 2, kw // 2)
        assert np.allclose(convolve2d(x, k, "same"), window(full_conv, low, x.shape))
        assert np.allclose(correlate2d(x, k, "same"), window(full_corr, high, x.shape))
        assert np.allclose(signal.correlate(x, k, "same"), window(full_corr, low, x.shape))
        constant = {"mode": "constant"}
        assert np.allclose(ndimage.convolve(x, k, **constant), window(full_conv, high, x.shape))
        assert np.allclose(ndimage.correlate(x, k, **constant), window(full_corr, low, x.shape))
        filtered = cv2.filter2D(x, -1, k, borderType=cv2.BORDER_CONSTANT)
        assert np.allclose(filtered, window(full_corr, low, x.shape))
    a = RNG.standard_normal(9)
    for m in (1, 2, 3, 4):
        v = RNG.standard_normal(m)
        s = (m - 1) // 2
        assert np.allclose(np.convolve(a, v, "same"), np.convolve(a, v, "full")[s : s + 9])
        assert np.allclose(np.correlate(a, v, "same"), np.correlate(a, v, "full")[s : s + 9])


@fact("A1")
def textbook_convolution() -> None:
    x, k = image(5, 6), kernel(3, 2)
    h, w = x.shape[0] + 2, x.shape[1] + 1
    loop = np.zeros((h, w))
    for p in range(h):
        for q in range(w):
            for a in range(3):
                for b in range(2):
                    if 0 <= p - a < 5 and 0 <= q - b < 6:
                        loop[p, q] += k[a, b] * x[p - a, q - b]
    assert convolve2d(x, k).shape == (h, w)
    assert np.allclose(convolve2d(x, k), loop)


@fact("A2")
def correlation_is_turned_conjugated_convolution() -> None:
    for kh, kw in SIZES:
        x, k = image(complex_=True), kernel(kh, kw, complex_=True)
        assert np.allclose(correlate2d(x, k), convolve2d(x, np.conj(rot(k))))


@fact("A3")
def window_sum_is_a_correlation() -> None:
    x = np.array([[0, 0, 0], [1, 1, 2], [1, 3, 0]])
    k = np.array([[4, 1, 1], [0, 3, 3], [2, 1, 2]])
    by_hand = (x[:3, :3] * k).sum()
    assert by_hand == correlate2d(x, k, "valid")[0, 0] == convolve2d(x, rot(k), "valid")[0, 0]
    assert (by_hand, convolve2d(x, k, "valid")[0, 0]) == (14, 10)


@fact("A7")
def same_mode_identity_delta() -> None:
    x = image()
    for kh, kw in SIZES:
        delta = np.zeros((kh, kw))
        delta[(kh - 1) // 2, (kw - 1) // 2] = 1
        assert np.allclose(convolve2d(x, delta, "same"), x)
        assert np.allclose(correlate2d(x, delta, "same"), x)
        if kh % 2 == 0 or kw % 2 == 0:
            other = np.zeros((kh, kw))
            other[kh // 2, kw // 2] = 1
            assert not np.allclose(convolve2d(x, other, "same"), x)


@fact("A8")
def flip_relation_in_same_mode() -> None:
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        same = correlate2d(x, k, "same")
        odd = kh % 2 == 1 and kw % 2 == 1
        assert np.allclose(same, convolve2d(x, rot(k), "same")) == odd
        exact = window(convolve2d(x, rot(k), "full"), (kh // 2, kw // 2), x.shape)
        assert np.allclose(same, exact)
        for mode in ("full", "valid"):
            assert np.allclose(correlate2d(x, k, mode), convolve2d(x, rot(k), mode))


@fact("A12")
def complex_valid_swap_conjugates() -> None:
    import convflip

    x, k = image(3, 4, complex_=True), kernel(5, 6, complex_=True)
    # 'valid' with the larger kernel: the window of 'full' from min(H, kh) - 1 on each axis
    right = window(correlate2d(x, k), (2, 3), (3, 3))
    got = correlate2d(x, k, "valid")
    assert np.allclose(got, np.conj(right)) and not np.allclose(got, right)
    assert np.allclose(convflip.xcorr2d(x, k, "valid", conj=True), right)


@fact("A13")
def boundary_is_padding() -> None:
    x = image(5, 6)
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        for boundary, pad in (("fill", "constant"), ("wrap", "wrap"), ("symm", "symmetric")):
            widths = {
                (convolve2d, "full"): ((kh - 1, kh - 1), (kw - 1, kw - 1)),
                (correlate2d, "full"): ((kh - 1, kh - 1), (kw - 1, kw - 1)),
                (convolve2d, "same"): ((kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2)),
                (correlate2d, "same"): (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)),
            }
            for (function, mode), width in widths.items():
                extra = {"constant_values": 2.5} if pad == "constant" else {}
                padded = np.pad(x, width, pad, **extra)
                got = function(x, k, mode, boundary=boundary, fillvalue=2.5)
                assert np.allclose(got, function(padded, k, "valid")), (function, mode, boundary)


@fact("A17")
def who_conjugates() -> None:
    assert correlate2d([[1]], [[1j]])[0, 0] == -1j
    assert correlate2d([[1j]], [[1]])[0, 0] == 1j
    assert convolve2d([[1]], [[1j]])[0, 0] == 1j and convolve2d([[1j]], [[1]])[0, 0] == 1j


@fact("B2")
def nd_correlate_same() -> None:
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        low = window(correlate2d(x, k), ((kh - 1) // 2, (kw - 1) // 2), x.shape)
        assert np.allclose(signal.correlate(x, k, "same"), low)
        odd = kh % 2 == 1 and kw % 2 == 1
        assert np.allclose(signal.correlate(x, k, "same"), correlate2d(x, k, "same")) == odd
        for mode in ("full", "valid"):
            assert np.allclose(signal.correlate(x, k, mode), correlate2d(x, k, mode))


@fact("B4")
def fft_on_integers_rounds() -> None:
    x = RNG.integers(0, 50, size=(20, 20))
    k = RNG.integers(0, 50, size=(5, 5))
    got = signal.convolve(x, k, method="fft")
    assert got.dtype == np.result_type(x, k)
    assert np.array_equal(got, convolve2d(x, k))


@fact("B5")
def auto_is_not_integer_exact() -> None:
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 2**22, size=(256, 256)).astype(np.int64)
    taps = counts[:15, :15].astype(np.int64)
    bound = int(counts.max()) * int(taps.max()) * min(counts.size, taps.size)
    assert bound <= 2**52 - 1
    assert signal.choose_conv_method(counts, taps) == "fft"
    difference = signal.convolve(counts, taps) - signal.convolve(counts, taps, method="direct")
    assert np.abs(difference).max() == 1


@fact("B7")
def fft_error_is_absolute() -> None:
    x = np.zeros((32, 32))
    x[5:9, 5:9] = 1e8
    k = kernel(5, 5)
    direct = signal.convolve(x, k, method="direct")
    fft = signal.convolve(x, k, method="fft")
    zero = direct == 0
    assert zero.any() and np.all(direct[zero] == 0)
    assert np.count_nonzero(fft[zero]) > 0


@fact("C1")
def ndimage_correlate_origin() -> None:
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        for o in {0, -(kh // 2)}:
            start = ((kh - 1) // 2 - o, (kw - 1) // 2)
            got = ndimage.correlate(x, k, mode="constant", origin=(o, 0))
            assert np.allclose(got, window(correlate2d(x, k), start, x.shape))


@fact("C2")
def ndimage_convolve_origin() -> None:
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        for o in {0, -(kh // 2)}:
            start = (kh // 2 + o, kw // 2)
            got = ndimage.convolve(x, k, mode="constant", origin=(o, 0))
            assert np.allclose(got, window(convolve2d(x, k), start, x.shape))


@fact("C3")
def ndimage_and_the_2d_pair() -> None:
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        e = (-(1 - kh % 2), -(1 - kw % 2))
        assert np.allclose(
            convolve2d(x, k, "same"), ndimage.convolve(x, k, mode="constant", origin=e)
        )
        assert np.allclose(
            correlate2d(x, k, "same"), ndimage.correlate(x, k, mode="constant", origin=e)
        )
        assert np.allclose(
            ndimage.correlate(x, k, mode="constant"), signal.correlate(x, k, "same")
        )


@fact("C7")
def ndimage_conjugation() -> None:
    ones = np.ones((3, 3), dtype=complex)
    assert ndimage.correlate(ones, np.array([[1j]]))[0, 0] == -1j
    assert ndimage.convolve(ones, np.array([[1j]]))[0, 0] == 1j


@fact("D1")
def filter2d_is_a_correlation() -> None:
    import cv2

    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        got = cv2.filter2D(x, -1, k, borderType=cv2.BORDER_CONSTANT)
        assert np.allclose(got, ndimage.correlate(x, k, mode="constant"))
    k = kernel(2, 4)
    explicit = cv2.filter2D(x, -1, k, anchor=(4 // 2, 2 // 2), borderType=cv2.BORDER_CONSTANT)
    assert np.allclose(explicit, cv2.filter2D(x, -1, k, borderType=cv2.BORDER_CONSTANT))


@fact("D3")
def filter2d_recipes() -> None:
    import cv2

    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        turned = np.ascontiguousarray(rot(k))
        anchor = (kw - 1 - (kw - 1) // 2, kh - 1 - (kh - 1) // 2)
        conv = cv2.filter2D(x, -1, turned, anchor=anchor, borderType=cv2.BORDER_CONSTANT)
        assert np.allclose(conv, convolve2d(x, k, "same"))
        anchor = ((kw - 1) // 2, (kh - 1) // 2)
        corr = cv2.filter2D(x, -1, k, anchor=anchor, borderType=cv2.BORDER_CONSTANT)
        assert np.allclose(corr, correlate2d(x, k, "same"))


def _torch():
    return pytest.importorskip("torch")


@fact("D7")
def torch_conv2d_is_a_correlation() -> None:
    torch = _torch()
    functional = torch.nn.functional
    x = image()
    for kh, kw in SIZES:
        k = kernel(kh, kw)
        tx, tk = torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None]
        out = functional.conv2d(tx, tk)[0, 0].numpy()
        assert np.allclose(out, correlate2d(x, k, "valid"))
        full = functional.conv2d(tx, tk, padding=(kh - 1, kw - 1))[0, 0].numpy()
        assert np.allclose(full, correlate2d(x, k, "full"))
        same = functional.conv2d(tx, tk, padding="same")[0, 0].numpy()
        assert np.allclose(same, correlate2d(x, k, "same"))
        turned = torch.from_numpy(np.ascontiguousarray(rot(k)))[None, None]
        assert np.allclose(functional.conv2d(tx, turned)[0, 0].numpy(), convolve2d(x, k, "valid"))


@fact("D9")
def torch_does_not_conjugate() -> None:
    torch = _torch()
    x, k = image(complex_=True), kernel(3, 3, complex_=True)
    out = torch.nn.functional.conv2d(
        torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None]
    )
    assert np.allclose(out[0, 0].numpy(), correlate2d(x, np.conj(k), "valid"))


@fact("E1")
def numpy_correlate() -> None:
    a, v = RNG.standard_normal(9) + 1j, RNG.standard_normal(4) - 2j
    for mode in ("full", "valid"):
        assert np.allclose(np.correlate(a, v, mode), signal.correlate(a, v, mode))
    assert np.array_equal(np.correlate([1, 2, 3], [1j]), [-1j, -2j, -3j])


@fact("E4")
def numpy_same_anchors() -> None:
    a = RNG.standard_normal(11)
    for m in (2, 3, 4, 5):
        v = RNG.standard_normal(m)
        s = (m - 1) // 2
        assert np.allclose(np.convolve(a, v, "same"), np.convolve(a, v, "full")[s : s + 11])
        assert np.allclose(np.correlate(a, v, "same"), np.correlate(a, v, "full")[s : s + 11])
        assert np.allclose(np.correlate(a, v, "same"), signal.correlate(a, v, "same"))


@fact("F1")
def runtime_flip_relation() -> None:
    import convflip

    x = image(complex_=True)
    for kh, kw in SIZES:
        k = kernel(kh, kw, complex_=True)
        odd = kh % 2 == 1 and kw % 2 == 1
        for mode in ("full", "valid", "same"):
            plain = np.allclose(convflip.xcorr2d(x, k, mode), convflip.conv2d(x, rot(k), mode))
            conj = np.allclose(
                convflip.xcorr2d(x, k, mode, conj=True), convflip.conv2d(x, np.conj(rot(k)), mode)
            )
            expected = odd or mode != "same"
            assert plain == conj == expected, (kh, kw, mode)


@fact("F4")
def runtime_adjointness() -> None:
    import convflip

    for complex_ in (False, True):
        x, k = image(6, 7, complex_), kernel(3, 2, complex_)
        y = image(4, 6, complex_)
        assert np.isclose(
            np.vdot(convflip.conv2d(x, k, "valid"), y),
            np.vdot(x, convflip.xcorr2d(y, k, "full", conj=True)),
        )
        assert np.isclose(
            np.vdot(convflip.xcorr2d(x, k, "valid", conj=True), y),
            np.vdot(x, convflip.conv2d(y, k, "full")),
        )


@fact("F6")
def no_same_anchor_gives_both() -> None:
    x, y, k = image(), image(), kernel(4, 2)

    def adjoint(conv, corr) -> bool:
        return np.isclose(np.vdot(conv(x, k, "same"), y), np.vdot(x, corr(y, k, "same")))

    def flip(conv, corr) -> bool:
        return np.allclose(corr(x, k, "same"), conv(x, rot(k), "same"))

    pair_2d, pair_nd = (convolve2d, correlate2d), (signal.convolve, signal.correlate)
    assert adjoint(*pair_2d) and not flip(*pair_2d)
    assert flip(*pair_nd) and not adjoint(*pair_nd)


@fact("F7")
def convnet_gradients() -> None:
    import convflip

    x, k = image(6, 7), kernel(3, 2)
    g = image(4, 6)  # the upstream gradient, shaped like the 'valid' output
    # L = <out, g> is linear in x and in k: its gradients are found by the adjoints
    for forward, grad_x, grad_k in (
        (
            lambda x_, k_: convflip.xcorr2d(x_, k_, "valid"),
            convflip.conv2d(g, k, "full"),
            convflip.xcorr2d(x, g, "valid"),
        ),
        (
            lambda x_, k_: convflip.conv2d(x_, k_, "valid"),
            convflip.xcorr2d(g, k, "full"),
            rot(convflip.xcorr2d(x, g, "valid")),
        ),
    ):
        loss = np.vdot(forward(x, k), g)
        dx, dk = image(6, 7), kernel(3, 2)
        assert np.isclose(np.vdot(forward(dx, k), g), np.vdot(dx, grad_x))
        assert np.isclose(np.vdot(forward(x, dk), g), np.vdot(dk, grad_k))
        assert np.isclose(loss, np.vdot(x, grad_x))


@fact("F16")
def int64_direct_is_exact() -> None:
    x = RNG.integers(-(2**20), 2**20, size=(9, 9)).astype(np.int64)
    k = RNG.integers(-(2**20), 2**20, size=(4, 3)).astype(np.int64)
    xs, ks = x.tolist(), k.tolist()  # Python integers: exact, unbounded
    exact = [
        [
            sum(
                ks[a][b] * xs[p - a][q - b]
                for a in range(4)
                for b in range(3)
                if 0 <= p - a < 9 and 0 <= q - b < 9
            )
            for q in range(11)
        ]
        for p in range(12)
    ]
    assert convolve2d(x, k).tolist() == exact
    assert max(abs(v) for row in exact for v in row) > 2**40  # far beyond float32, exact


def page_ids() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    ids = re.findall(r"^- \*\*([A-F]\d+)\*\*", text, flags=re.MULTILINE)
    return (["0"] if "## 0." in text else []) + ids


def test_every_fact_on_the_page_has_a_check() -> None:
    assert page_ids() == list(CHECKS)


@pytest.mark.parametrize("fact_id", list(CHECKS))
def test_fact(fact_id: str) -> None:
    CHECKS[fact_id]()


_CITATION = re.compile(
    r"semantics(?:\.md)?,? (?:section 0|[A-F]\d+(?:[,/ -]+(?:and )?[A-F]?\d+)*)"
)


def _cited(text: str) -> set[str]:
    ids = set()
    for match in re.finditer(r"semantics\.md[^.\n]*", text):
        part = match.group(0)
        if "section 0" in part:
            ids.add("0")
        for first, last in re.findall(r"\b([A-F]\d+)(?:-[A-F]?(\d+))?\b", part):
            ids.add(first)
            if last:
                ids |= {f"{first[0]}{n}" for n in range(int(first[1:]), int(last) + 1)}
    return ids


def test_citations_point_at_facts_on_the_page() -> None:
    from flake8_convflip.rules import load_rules

    texts = [sys.modules[rule.__module__].__doc__ or "" for rule in load_rules().values()]
    texts.append((ROOT / "runtime" / "README.md").read_text(encoding="utf-8"))
    texts.append((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    cited = set().union(*(_cited(t) for t in texts))
    assert cited and cited <= set(page_ids()), sorted(cited - set(page_ids()))
    for text in texts:
        assert not re.search(r"(?<![/\w])semantics\.md", text), "cite docs/semantics.md"

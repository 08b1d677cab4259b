"""Time convflip's conv2d/xcorr2d (method='auto') against numpy/scipy peers and cv2.

Usage: ``python benchmarks/runtime_vs_peers.py [--quick] [--json PATH]``

For every cell (image size x kernel size x dtype x mode) all contenders are timed
*interleaved* in the same run: each sampling round calls every contender once (a call
shorter than 2 ms is repeated up to 50 times and averaged into one sample), in a shuffled
order, and the per-contender median over the rounds is reported (5 rounds, 15 for calls
shorter than 20 ms; peers slower
than ``--slow-seconds`` per call get a single sample, and peers estimated above 60 s per call
are skipped; both are printed). Each cell prints the ratio of convflip to the best
numpy/scipy peer and to cv2.filter2D, then the summary lines

    cells within 1.10x of the best peer: N/M
    cells within 1.10x of cv2.filter2D: N/M

Integer cells also check exactness: convflip's result must equal the exact result
(scipy.signal.convolve2d's direct loop, which wraps like convflip); the peers that return a
different value are listed. A separate section runs the magnitudes where scipy's 'auto' is not
exact (semantics.md B5) against Python-int arithmetic, and the last line is the speed-up over a
hand-rolled Python window loop on a small case.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path


def _threads_before_numpy(argv: list[str]) -> None:
    """``--threads N`` must reach the BLAS library before numpy loads it."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--threads=") else None
        if arg == "--threads" and i + 1 < len(argv):
            value = argv[i + 1]
        if value:
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[name] = value


_threads_before_numpy(sys.argv[1:])

import numpy as np  # noqa: E402
import scipy.ndimage as ndi  # noqa: E402
import scipy.signal as ss  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))

import convflip  # noqa: E402

try:
    import cv2
except ImportError:  # the accelerator extra is optional
    cv2 = None

SIZES = [64, 512, 2048]
KERNELS = [3, 7, 15, 31, 63]
DTYPES = ["float64", "float32", "int64", "uint8"]
MODES = ["valid", "same"]
QUICK = {"sizes": [64, 512], "kernels": [3, 15], "dtypes": ["float64", "uint8"], "modes": ["same"]}
SEPARABLE = {
    "sizes": [512, 2048],
    "kernels": [15, 31, 63],
    "dtypes": ["float64", "float32", "uint8"],
    "large_kinds": ("gaussian", "box"),
}
SEPARABLE_QUICK = {
    "sizes": [512],
    "kernels": [15, 31],
    "dtypes": ["float64", "uint8"],
    "large_kinds": (),
}
SAMPLES = 5
# calls shorter than SHORT_SECONDS get SHORT_SAMPLES samples: at 64² a call takes 20-200 us,
# and on a shared machine one disturbed sample in five moved a median by 20-60%
SHORT_SAMPLES, SHORT_SECONDS = 15, 20e-3
MIN_SAMPLE_SECONDS, MAX_REPS = 2e-3, 50
CLOCK = time.perf_counter  # --clock cpu: process CPU time (all threads; pessimistic for us)
SKIP_SECONDS = 60.0
# direct-loop throughput measured here, used only to skip hopeless peers up front
DIRECT_RATE = {"scipy.convolve2d": 0.5e9, "ndimage.convolve": 0.4e9}


def make_data(n: int, m: int, dtype: str, rng) -> tuple[np.ndarray, np.ndarray]:
    """Images and kernels: normal floats, int16-range images with int8-range kernels, bytes."""
    if dtype == "int64":
        return rng.integers(-(2**15), 2**15, (n, n)), rng.integers(-(2**7), 2**7, (m, m))
    if dtype == "uint8":
        return (
            rng.integers(0, 256, (n, n)).astype(np.uint8),
            rng.integers(0, 256, (m, m)).astype(np.uint8),
        )
    return rng.standard_normal((n, n)).astype(dtype), rng.standard_normal((m, m)).astype(dtype)


def crop_valid(full_size: np.ndarray, m: int) -> np.ndarray:
    return full_size[: full_size.shape[0] - m + 1, : full_size.shape[1] - m + 1]


def contenders(x, k, mode):
    """name -> zero-argument callable computing the cell's convolution."""
    m = k.shape[0]
    kf = np.ascontiguousarray(k[::-1, ::-1])

    def nd():
        out = ndi.convolve(x, k, mode="constant")
        return (
            out
            if mode == "same"
            else out[m // 2 : m // 2 + x.shape[0] - m + 1, m // 2 :][:, : x.shape[1] - m + 1]
        )

    def ours_pure():
        convflip.set_accelerator(False)
        try:
            return convflip.conv2d(x, k, mode)
        finally:
            convflip.set_accelerator(None)

    table = {
        "convflip.conv2d": lambda: convflip.conv2d(x, k, mode),
        "convflip.xcorr2d": lambda: convflip.xcorr2d(x, kf, mode),
        "convflip (no accel)": ours_pure,
        "scipy.convolve2d": lambda: ss.convolve2d(x, k, mode),
        "scipy.convolve(auto)": lambda: ss.convolve(x, k, mode),
        "scipy.convolve(fft)": lambda: ss.convolve(x, k, mode, method="fft"),
        "scipy.fftconvolve": lambda: ss.fftconvolve(x, k, mode),
        "scipy.oaconvolve": lambda: ss.oaconvolve(x, k, mode),
        "ndimage.convolve": nd,
    }
    if cv2 is not None and x.dtype != np.int64:
        anchor = (m - 1 - (m - 1) // 2, m - 1 - (m - 1) // 2)

        def cv():
            if mode == "same":
                return cv2.filter2D(x, -1, kf, anchor=anchor, borderType=cv2.BORDER_CONSTANT)
            out = cv2.filter2D(x, -1, kf, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
            return crop_valid(out, m)

        table["cv2.filter2D"] = cv
    return table


OURS = ("convflip.conv2d", "convflip.xcorr2d", "convflip (no accel)")
PEERS_EXCLUDED = ("cv2.filter2D", *OURS)


def time_cell(table, n, m, slow_seconds):
    """Interleaved medians; returns (medians, samples, skipped, outputs)."""
    skipped, outputs, times = [], {}, {}
    for name in list(table):
        rate = DIRECT_RATE.get(name)
        if rate and n * n * m * m / rate > SKIP_SECONDS:
            skipped.append(name)
            del table[name]
    reps = {}
    for name, fn in table.items():  # warm-up call, kept as a sample
        t0 = CLOCK()
        outputs[name] = fn()
        times[name] = [CLOCK() - t0]
        # a sample of a short call is the mean of several calls (clock and scheduler noise),
        # counted from a second call: the first pays one-time set-up (plans, probes), and a
        # sample of one cold call after the other contenders measures their cache traffic
        once = times[name][0]
        if once < MIN_SAMPLE_SECONDS:
            t0 = CLOCK()
            fn()
            once = CLOCK() - t0
        reps[name] = max(1, min(MAX_REPS, int(MIN_SAMPLE_SECONDS / max(once, 1e-7))))
    for round_ in range(SHORT_SAMPLES):
        order = list(table)
        random.shuffle(order)
        for name in order:
            if times[name][0] > slow_seconds:
                continue  # a single sample for very slow peers
            if round_ >= SAMPLES and times[name][0] > SHORT_SECONDS:
                continue  # more samples only where they are cheap
            t0 = CLOCK()
            for _ in range(reps[name]):
                table[name]()
            times[name].append((CLOCK() - t0) / reps[name])
    medians = {
        name: statistics.median(ts[1:] if len(ts) > 1 else ts) for name, ts in times.items()
    }
    samples = {name: max(1, len(ts) - 1) for name, ts in times.items()}
    return medians, samples, skipped, outputs


def exact_reference(x, k, mode, outputs):
    """The exact wrapped result: scipy.convolve2d's direct loop, else convflip 'direct'."""
    if "scipy.convolve2d" in outputs:
        return outputs["scipy.convolve2d"], "scipy.convolve2d"
    convflip.set_accelerator(False)
    try:
        return convflip.conv2d(x, k, mode, method="direct"), "convflip direct (int64 loop)"
    finally:
        convflip.set_accelerator(None)


def as_result(out, dtype):
    out = np.asarray(out)
    if out.dtype.kind == "f":
        out = np.rint(out).astype(np.int64)
    return out.astype(dtype)


def run_cells(cfg, slow_seconds, rng, only=None):
    rows = []
    for dtype in cfg["dtypes"]:
        for n in cfg["sizes"]:
            for m in cfg["kernels"]:
                x, k = make_data(n, m, dtype, rng)
                for mode in cfg["modes"]:
                    if only is None or f"{dtype}:{n}:{m}:{mode}" in only:
                        rows.append(run_cell(x, k, n, m, dtype, mode, slow_seconds))
    return rows


def run_cell(x, k, n, m, dtype, mode, slow_seconds):
    table = contenders(x, k, mode)
    medians, samples, skipped, outputs = time_cell(table, n, m, slow_seconds)
    peers = {p: t for p, t in medians.items() if p not in PEERS_EXCLUDED}
    best = min(peers, key=peers.get)
    ours = medians["convflip.conv2d"]
    row = {
        "dtype": dtype,
        "n": n,
        "m": m,
        "mode": mode,
        "ours": ours,
        "xcorr": medians["convflip.xcorr2d"],
        "pure": medians["convflip (no accel)"],
        "best_peer": best,
        "best": peers[best],
        "ratio": ours / peers[best],
        "pure_ratio": medians["convflip (no accel)"] / peers[best],
        "cv2": medians.get("cv2.filter2D"),
        "medians": medians,
        "samples": samples,
        "skipped": skipped,
    }
    if dtype in ("int64", "uint8"):
        ref, ref_name = exact_reference(x, k, mode, outputs)
        rdt = ref.dtype
        row["exact"] = all(
            np.array_equal(as_result(outputs[o], rdt), ref)
            for o in OURS
            if outputs[o].dtype == rdt
        )
        row["exact_ref"] = ref_name
        row["inexact_peers"] = [
            p
            for p, out in outputs.items()
            if p not in OURS
            and (np.shape(out) != ref.shape or not np.array_equal(as_result(out, rdt), ref))
        ]
    print_row(row)
    return row


def _same(out, ref) -> bool:
    return np.shape(out) == ref.shape and np.array_equal(as_result(out, ref.dtype), ref)


def print_row(r):
    cv = f"{r['cv2'] * 1e3:9.2f} {r['ours'] / r['cv2']:5.2f}x" if r["cv2"] else "      n/a   n/a "
    few = [p for p, s in r["samples"].items() if s < SAMPLES]
    note = []
    if few:
        note.append("1 sample: " + ", ".join(few))
    if r["skipped"]:
        note.append(f"skipped (>{SKIP_SECONDS:g} s/call): " + ", ".join(r["skipped"]))
    if "exact" in r:
        note.append("exact" if r["exact"] else "NOT EXACT")
        if r["inexact_peers"]:
            note.append("peers not exact: " + ", ".join(r["inexact_peers"]))
    print(
        f"{r['dtype']:>7} {r['n']:>4}² {r['m']:>2}² {r['mode']:>5}"
        f" | ours {r['ours'] * 1e3:9.2f} ms"
        f" | best {r['best_peer']:<20} {r['best'] * 1e3:9.2f} ms {r['ratio']:5.2f}x"
        f" | pure {r['pure_ratio']:5.2f}x | cv2 {cv} | {'; '.join(note)}",
        flush=True,
    )


def summary(rows):
    within = sum(r["ratio"] <= 1.10 for r in rows)
    print(f"\ncells within 1.10x of the best peer: {within}/{len(rows)}")
    pure = sum(r["pure_ratio"] <= 1.10 for r in rows)
    print(f"  (accelerator disabled: {pure}/{len(rows)})")
    with_cv = [r for r in rows if r["cv2"]]
    if with_cv:
        ok = sum(r["ours"] <= 1.10 * r["cv2"] for r in with_cv)
        print(f"cells within 1.10x of cv2.filter2D: {ok}/{len(with_cv)}")
    ints = [r for r in rows if "exact" in r]
    if ints:
        print(f"integer cells exact: {sum(r['exact'] for r in ints)}/{len(ints)}")
        big = [r for r in ints if r["m"] >= 15 and "scipy.convolve2d" in r["medians"]]
        fast = sum(r["medians"]["scipy.convolve2d"] / r["ours"] >= 10 for r in big)
        print(
            f"integer cells with k >= 15 at least 10x faster than scipy.convolve2d: "
            f"{fast}/{len(big)}"
        )
    misses = [r for r in rows if r["ratio"] > 1.10]
    for r in misses:
        print(
            f"  miss: {r['dtype']} {r['n']}² k={r['m']} {r['mode']}: {r['ratio']:.2f}x "
            f"of {r['best_peer']}"
        )


def separable_kernels(m: int, dtype: str, rng) -> dict[str, np.ndarray]:
    """Gaussian, box, Sobel-like and random rank-1 kernels of side ``m`` in ``dtype``."""
    t = np.arange(m) - (m - 1) / 2
    smooth = np.array([math.comb(m - 1, i) for i in range(m)], np.float64)  # binomial
    deriv = np.sign(t)  # Sobel-like: smoothing across, difference along
    if np.dtype(dtype).kind in "iu":
        rank1 = np.outer(rng.integers(1, 4, m), rng.integers(1, 4, m))
        sobel = np.outer(np.minimum(smooth, 3), deriv + 1 if dtype == "uint8" else deriv)
        return {
            "box": np.ones((m, m), dtype),
            "sobel-like": sobel.astype(dtype),
            "random rank-1": rank1.astype(dtype),
        }
    gauss = np.exp(-0.5 * (t / (m / 6)) ** 2)
    return {
        "gaussian": np.outer(gauss, gauss).astype(dtype),
        "box": np.full((m, m), 1.0 / (m * m), dtype),
        "sobel-like": np.outer(smooth / smooth.sum(), deriv).astype(dtype),
        "random rank-1": np.outer(rng.standard_normal(m), rng.standard_normal(m)).astype(dtype),
    }


def separable_block(cfg, slow_seconds, rng):
    """Rank-1 kernels: convflip (two 1-D passes) against every peer on the 2-D kernel, and
    cv2.sepFilter2D on the user-split kernel (shown, not counted: the user must split it)."""
    print("\nseparable kernels ('same'): speed-up = best peer time / convflip time")
    rows = []
    for n in cfg["sizes"]:
        for m in cfg["kernels"]:
            for dtype in cfg["dtypes"]:
                x, _ = make_data(n, 3, dtype, rng)
                for name, k in separable_kernels(m, dtype, rng).items():
                    if n >= 2048 and name not in cfg["large_kinds"]:
                        continue
                    table = contenders(x, k, "same")
                    for ours in ("convflip.xcorr2d",):
                        del table[ours]
                    if cv2 is not None and x.dtype.kind == "f":
                        u, v = _split_rank1(k)
                        table["cv2.sepFilter2D (split by hand)"] = lambda x=x, u=u, v=v: (
                            cv2.sepFilter2D(x, -1, v[::-1], u[::-1], borderType=0)
                        )
                    med, _, skipped, _ = time_cell(table, n, m, slow_seconds)
                    excluded = ("convflip.conv2d", "convflip (no accel)", "cv2.filter2D")
                    peers = {p: t for p, t in med.items() if p not in excluded and "sep" not in p}
                    best = min(peers, key=peers.get)
                    row = {
                        "n": n,
                        "m": m,
                        "dtype": dtype,
                        "kernel": name,
                        "ours": med["convflip.conv2d"],
                        "pure": med["convflip (no accel)"],
                        "best_peer": best,
                        "best": peers[best],
                        "cv2": med.get("cv2.filter2D"),
                        "sep": med.get("cv2.sepFilter2D (split by hand)"),
                        "skipped": skipped,
                    }
                    rows.append(row)
                    cv = (
                        f" | vs cv2.filter2D {row['cv2'] / row['ours']:5.2f}x"
                        if row["cv2"]
                        else ""
                    )
                    sep = (
                        f" | vs sepFilter2D {row['sep'] / row['ours']:5.2f}x" if row["sep"] else ""
                    )
                    print(
                        f"{dtype:>7} {n:>4}² {m:>2}² {name:<13} | ours {row['ours'] * 1e3:8.2f} ms"
                        f" | best {best:<20} {row['best'] * 1e3:8.2f} ms"
                        f" speed-up {row['best'] / row['ours']:5.2f}x"
                        f" (no accel {row['best'] / row['pure']:5.2f}x){cv}{sep}",
                        flush=True,
                    )
    for m in sorted({r["m"] for r in rows}):
        sub = [r for r in rows if r["m"] == m]
        ups = [r["best"] / r["ours"] for r in sub]
        vs_all = [min(r["best"], r["cv2"] or math.inf) / r["ours"] for r in sub]
        print(
            f"k={m}: speed-up over the best numpy/scipy peer: geometric mean "
            f"{statistics.geometric_mean(ups):.2f}x, min {min(ups):.2f}x; over every peer "
            f"incl. cv2.filter2D: min {min(vs_all):.2f}x; cells >= 2x ahead of every peer: "
            f"{sum(v >= 2 for v in vs_all)}/{len(sub)}"
        )
    return rows


def _split_rank1(k):
    kf = k.astype(np.float64)
    i, j = np.unravel_index(np.argmax(np.abs(kf)), kf.shape)
    return (kf[:, j]).astype(k.dtype), (kf[i, :] / kf[i, j]).astype(k.dtype)


def magnitudes_check():
    """B5: 22-bit values, 256² with 15²; exact Python-int arithmetic is the judge."""
    rng = np.random.default_rng(5)
    x = rng.integers(0, 2**22, (256, 256))
    k = rng.integers(0, 2**22, (15, 15))
    exact = np.zeros((270, 270), object)
    xo = x.astype(object)
    for a in range(15):
        for b in range(15):
            exact[a : a + 256, b : b + 256] += int(k[a, b]) * xo
    wrapped = exact.astype(np.int64)
    print("\ninteger magnitudes (B5: 22-bit values, 256² ⊛ 15², 'full'):")
    for name, fn in (
        ("convflip.conv2d(auto)", lambda: convflip.conv2d(x, k)),
        ("convflip.conv2d(fft)", lambda: convflip.conv2d(x, k, method="fft")),
        ("scipy.convolve(auto)", lambda: ss.convolve(x, k)),
        ("scipy.convolve2d", lambda: ss.convolve2d(x, k)),
    ):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        wrong = int(np.count_nonzero(out != wrapped))
        print(f"  {name:<24} {dt * 1e3:9.2f} ms  wrong entries: {wrong}")


def loop_speedup():
    rng = np.random.default_rng(1)
    x, k = rng.standard_normal((64, 64)), rng.standard_normal((7, 7))

    def loop():
        out = np.empty((58, 58))
        for i in range(58):
            for j in range(58):
                out[i, j] = (x[i : i + 7, j : j + 7] * k).sum()
        return out

    t_loop = min(_once(loop) for _ in range(5))
    t_ours = min(_once(lambda: convflip.xcorr2d(x, k, "valid")) for _ in range(50))
    assert np.allclose(loop(), convflip.xcorr2d(x, k, "valid"))
    print(
        f"\nhand-rolled Python window loop, 64² ⊛ 7² 'valid' float64: {t_loop * 1e3:.2f} ms; "
        f"convflip.xcorr2d {t_ours * 1e3:.3f} ms; speed-up {t_loop / t_ours:.0f}x"
    )


def _once(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small subset of the cells")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--slow-seconds", type=float, default=3.0)
    parser.add_argument(
        "--skip-seconds",
        type=float,
        default=60.0,
        help="skip direct-loop peers estimated slower than this per call (they cannot be best)",
    )
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument(
        "--threads",
        type=int,
        help="threads for convflip (set_workers) and cv2 (setNumThreads); 1 with --clock cpu "
        "compares the engines on equal terms on a shared machine",
    )
    parser.add_argument(
        "--cells", help="comma-separated dtype:size:kernel:mode cells to rerun (e.g. misses)"
    )
    parser.add_argument(
        "--block", choices=["all", "grid", "separable"], default="all", help="which part to run"
    )
    args = parser.parse_args(argv)
    global CLOCK, SKIP_SECONDS
    CLOCK = time.perf_counter if args.clock == "wall" else time.process_time
    SKIP_SECONDS = args.skip_seconds
    if args.threads:
        convflip.set_workers(args.threads)
        if cv2 is not None:
            cv2.setNumThreads(args.threads)
    cfg = (
        QUICK
        if args.quick
        else {"sizes": SIZES, "kernels": KERNELS, "dtypes": DTYPES, "modes": MODES}
    )
    print(
        f"numpy {np.__version__}, scipy {__import__('scipy').__version__}, "
        f"cv2 {cv2.__version__ if cv2 else 'not installed'}, cpus {os.cpu_count()}, "
        f"clock {args.clock}, threads {args.threads or 'default'}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    random.seed(0)
    only = set(args.cells.split(",")) if args.cells else None
    rows, sep_rows = [], []
    if args.block in ("all", "grid"):
        rows = run_cells(cfg, args.slow_seconds, np.random.default_rng(0), only)
        summary(rows)
    if args.block in ("all", "separable") and only is None:
        sep_cfg = SEPARABLE_QUICK if args.quick else SEPARABLE
        sep_rows = separable_block(sep_cfg, args.slow_seconds, np.random.default_rng(1))
    if args.block == "all":
        magnitudes_check()
        loop_speedup()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"grid": rows, "separable": sep_rows}
        args.json.write_text(json.dumps(payload, indent=1, default=str))


if __name__ == "__main__":
    main()

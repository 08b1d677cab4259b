"""What flake8-convflip costs a flake8 user: plain flake8 with the plugin loaded vs not.

    benchmarks/.venv-bench/bin/python benchmarks/lint_speed.py \\
        scipy=/tmp/corpora/scipy-git skimage=/tmp/corpora/scikit-image-git \\
        --pool cnn=/tmp/corpora/cnn-from-scratch --rounds 3

Every timed run is the same command, ``flake8 -j1 --isolated`` with the default
selection, through ``flake8_without.py``; the only difference between the two arms is
whether the ``CNV`` entry point is discovered (``--select`` cannot be the baseline:
flake8 runs every loaded plugin on every file).  Arms alternate within each round, the
order flips every round, and the ratio is the median of the per-round ratios.

File sets: each named tree whole; a *convolution-heavy* set (every file of the trees
and the ``--pool`` trees that has a candidate, i.e. passes the gate); and a
*candidate-free* set (files without a candidate).  One extra, untimed run per set
counts the files and lines that reach libcst, the libcst parses (which must equal
the files with a candidate), the libcst stage's seconds, and whether libcst was
imported at all (it must not be on the candidate-free set).  Exit status 1 when a
check fails.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from flake8_convflip import gate
from flake8_convflip.codes import DEFAULT_ENABLED

HERE = Path(__file__).resolve().parent
WRAPPER = HERE / "flake8_without.py"
FLAKE8_ARGS = ["-j1", "--isolated", "--exit-zero"]
CANDIDATE_FREE_LINES = 60_000  # enough lines that start-up is not the whole cost


@dataclass
class FileSet:
    """A named list of files (or one directory) to lint."""

    name: str
    targets: list[str]
    files: int
    lines: int
    cwd: str = "/"
    timings: dict[str, list[float]] = field(default_factory=lambda: {"off": [], "on": []})
    stats: dict = field(default_factory=dict)


@dataclass
class Scan:
    """The gate's verdict on every file of the trees (computed in-process)."""

    candidates: list[tuple[str, int]] = field(default_factory=list)
    candidate_free: list[tuple[str, int]] = field(default_factory=list)
    syntax_errors: list[str] = field(default_factory=list)


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def scan(roots: list[Path]) -> Scan:
    """Sort every ``*.py`` file into candidate / candidate-free / ast syntax error."""
    out = Scan()
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            source = _read(path)
            lines = source.count("\n")
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError):
                out.syntax_errors.append(str(path))
                continue
            if gate.needs_analysis(tree, source, DEFAULT_ENABLED):
                out.candidates.append((str(path), lines))
            else:
                out.candidate_free.append((str(path), lines))
    return out


def tree_set(name: str, root: Path) -> FileSet:
    files = sorted(root.rglob("*.py"))
    lines = sum(_read(p).count("\n") for p in files)
    return FileSet(name, ["."], len(files), lines, cwd=str(root))


def list_set(name: str, entries: list[tuple[str, int]]) -> FileSet:
    return FileSet(name, [p for p, _ in entries], len(entries), sum(n for _, n in entries))


def candidate_free_sample(entries: list[tuple[str, int]], budget: int) -> list[tuple[str, int]]:
    """Every k-th candidate-free file until ``budget`` lines (spread over the trees)."""
    step = max(1, len(entries) // 400)
    out, total = [], 0
    for entry in entries[::step]:
        if total >= budget:
            break
        out.append(entry)
        total += entry[1]
    return out


def _run(fileset: FileSet, loaded: bool, extra_env: dict[str, str] | None = None) -> float:
    env = dict(os.environ, FLAKE8_DROP="" if loaded else "CNV", **(extra_env or {}))
    command = [sys.executable, str(WRAPPER), *FLAKE8_ARGS, *fileset.targets]
    start = time.perf_counter()
    subprocess.run(command, cwd=fileset.cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def time_rounds(fileset: FileSet, rounds: int) -> None:
    """Alternate the two arms, flipping their order every round."""
    for i in range(rounds):
        order = ("off", "on") if i % 2 == 0 else ("on", "off")
        for arm in order:
            fileset.timings[arm].append(_run(fileset, loaded=arm == "on"))
        print(
            f"  {fileset.name} round {i + 1}: off {fileset.timings['off'][-1]:.2f}s "
            f"on {fileset.timings['on'][-1]:.2f}s",
            file=sys.stderr,
        )


def collect_stats(fileset: FileSet) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stats.json")
        _run(fileset, loaded=True, extra_env={"FLAKE8_CONVFLIP_STATS": path})
        with open(path) as handle:
            fileset.stats = json.load(handle)


def ratio(fileset: FileSet) -> float:
    pairs = zip(fileset.timings["on"], fileset.timings["off"], strict=True)
    return statistics.median(on / off for on, off in pairs)


def _share(part: float, whole: float) -> str:
    return f"{part / max(whole, 1):.1%}"


def row(fileset: FileSet) -> dict[str, object]:
    """The table row of one file set."""
    off = statistics.median(fileset.timings["off"])
    on = statistics.median(fileset.timings["on"])
    st = fileset.stats
    cands = st["candidate_files"]
    return {
        "set": fileset.name,
        "files": fileset.files,
        "lines": fileset.lines,
        "off s": f"{off:.2f}",
        "on s": f"{on:.2f}",
        "off lines/s": f"{fileset.lines / off:,.0f}",
        "on lines/s": f"{fileset.lines / on:,.0f}",
        "x off": f"{ratio(fileset):.3f}",
        "files to libcst": f"{cands} ({_share(cands, st['files'])})",
        "lines to libcst": _share(st["candidate_lines"], st["lines"]),
        "libcst s": f"{st['libcst_seconds']:.2f}",
        "libcst % of off": f"{st['libcst_seconds'] / off:.1%}",
        "gate s": f"{st['plugin_seconds'] - st['libcst_seconds']:.2f}",
        "parses": st["parse_count"],
        "libcst imported": "yes" if st["libcst_imported"] else "no",
    }


def markdown(rows: list[dict[str, object]]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r[h]) for h in head) + " |" for r in rows]
    return "\n".join(lines)


def checks(sets: list[FileSet]) -> list[str]:
    """The goals that can be checked mechanically; returns the failures."""
    failed = []
    for fileset in sets:
        st = fileset.stats
        if st["parse_count"] != st["candidate_files"]:
            failed.append(f"{fileset.name}: {st['parse_count']} parses != {st['candidate_files']}")
        if fileset.name == "candidate-free":
            if st["libcst_imported"]:
                failed.append("candidate-free: libcst was imported")
            if ratio(fileset) > 1.05:
                failed.append(f"candidate-free: {ratio(fileset):.3f}x > 1.05x")
        elif fileset.name != "conv-heavy" and ratio(fileset) > 1.15:
            failed.append(f"{fileset.name}: {ratio(fileset):.3f}x > 1.15x")
    return failed


def _named(specs: list[str]) -> list[tuple[str, Path]]:
    return [(s.partition("=")[0], Path(s.partition("=")[2]).resolve()) for s in specs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="NAME=PATH trees timed whole")
    parser.add_argument("--pool", nargs="*", default=[], help="NAME=PATH extra candidate trees")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="time only these set names")
    args = parser.parse_args(argv)
    trees, pool = _named(args.trees), _named(args.pool)
    found = scan([root for _, root in trees + pool])
    sets = [tree_set(name, root) for name, root in trees]
    sets.append(list_set("conv-heavy", found.candidates))
    sets.append(
        list_set(
            "candidate-free", candidate_free_sample(found.candidate_free, CANDIDATE_FREE_LINES)
        )
    )
    if args.only:
        sets = [s for s in sets if s.name in args.only]
    for fileset in sets:
        time_rounds(fileset, args.rounds)
        collect_stats(fileset)
    print(f"python {sys.version.split()[0]}, flake8 -j1 --isolated, {args.rounds} rounds\n")
    print(markdown([row(s) for s in sets]))
    print(
        f"\nfiles Python's ast rejects (flake8 E999, no plugin runs): {len(found.syntax_errors)}"
    )
    for path in found.syntax_errors:
        print(f"  {path}")
    failed = checks(sets)
    print("\nchecks: " + ("all passed" if not failed else "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

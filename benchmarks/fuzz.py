"""A long fuzz run of the plugin and the fixer (the properties of tests/plugin/fuzzing.py).

    nice -n 10 python benchmarks/fuzz.py --minutes 25
    python benchmarks/fuzz.py --minutes 3 --sources mutants --save fuzz-failures

The time is shared equally by three sources: programs from Python's grammar
(hypothesmith) after a convolution snippet, generated programs spliced between the
top-level statements of the examples, fixtures and rule examples, and mutants of those
texts.  Prints, per source, how many programs ran and compiled, their findings and
fixes, how many the analysis skipped visibly (over the budget, or libcst cannot read
them as Python does), and every distinct problem with its count (the first program
showing it is saved with ``--save``).
Exits 1 when a property failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import hypothesmith  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.plugin.fuzzing import Tally, corpus, examine, mutate, splice  # noqa: E402
from tests.plugin.test_fuzz import SEED  # noqa: E402

SOURCES = ("grammar", "spliced", "mutants")


def _hypothesis_batches(body: Callable[..., None], *strategies, until: float) -> None:
    """Run ``body`` on hypothesis examples in batches of 50 until the clock says stop."""
    batch = settings(
        max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )

    @batch
    @given(st.tuples(*strategies))
    def run(args: tuple) -> None:
        if time.monotonic() < until:
            try:
                body(*args)
            except Exception as exc:  # a driver bug must not stop the run or shrink
                failures.append(exc)

    failures: list[Exception] = []
    while time.monotonic() < until:
        run()
    for exc in failures[:3]:
        traceback.print_exception(exc)


def fuzz(source: str, seconds: float, seed: int) -> Tally:
    """One source's programs for ``seconds``."""
    tally = Tally()
    until = time.monotonic() + seconds
    texts = corpus()
    if source == "grammar":
        _hypothesis_batches(
            lambda program: tally.add(examine(SEED + program)),
            hypothesmith.from_grammar(),
            until=until,
        )
    elif source == "spliced":
        _hypothesis_batches(
            lambda program, host, at: tally.add(examine(splice(host, program, random.Random(at)))),
            hypothesmith.from_grammar(),
            st.sampled_from(texts),
            st.integers(0, 2**32),
            until=until,
        )
    else:
        rng = random.Random(seed)
        while time.monotonic() < until:
            tally.add(examine(mutate(texts, rng)))
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=25.0, help="total time (default 25)")
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated")
    parser.add_argument("--seed", type=int, default=0, help="the mutants' random seed")
    parser.add_argument("--save", type=Path, help="a folder for one program per problem")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # generated programs' SyntaxWarnings, hypothesis' reprs
    sources = [s for s in args.sources.split(",") if s]
    unknown = set(sources) - set(SOURCES)
    if unknown:
        parser.error(f"--sources: unknown {sorted(unknown)}; choose from {', '.join(SOURCES)}")
    seen: dict[str, str] = {}
    failed = False
    print(f"{'source':<8} {'programs':>8} {'compiled':>8} {'findings':>8} {'fix runs':>8} "
          f"{'fixes':>6} {'skipped':>7} {'problems':>8} {'seconds':>7}")  # fmt: skip
    for source in sources:
        start = time.perf_counter()
        tally = fuzz(source, 60 * args.minutes / len(sources), args.seed)
        took = time.perf_counter() - start
        print(f"{source:<8} {tally.programs:>8} {tally.compiled:>8} {tally.findings:>8} "
              f"{tally.fix_runs:>8} {tally.fixes:>6} {tally.skipped:>7} {len(tally.problems):>8} "
              f"{took:>7.0f}",
              flush=True)  # fmt: skip
        counts: dict[str, int] = {}
        for problem, program in tally.problems:
            failed = True
            key = problem.split(":")[0][:60]
            counts[key] = counts.get(key, 0) + 1
            if key not in seen:
                seen[key] = program
                print(f"  {source}: {problem}")
        for key, count in sorted(counts.items()):
            print(f"  {source}: {count} x {key}")
    if args.save and seen:
        args.save.mkdir(parents=True, exist_ok=True)
        index_lines = []
        for index, (key, program) in enumerate(sorted(seen.items())):
            name = f"problem_{index}.py"
            (args.save / name).write_bytes(program.encode("utf-8", "surrogatepass"))
            index_lines.append(f"{name}: {key}\n")
        (args.save / "problems.txt").write_text("".join(index_lines), "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

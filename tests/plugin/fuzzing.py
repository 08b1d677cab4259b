"""The fuzz properties and program sources shared by tests/plugin/test_fuzz.py and
benchmarks/fuzz.py (issue 11).

Whatever the program, :func:`examine` checks that

* the flake8 plugin (every rule enabled) raises nothing and reports no internal error;
* every finding's start and end lie inside the file (lines counted as Python counts them,
  columns within the line, plus one for a position just past its end);
* when the program compiles, the fixer (every rule, unsafe fixes on) reports no internal
  error and returns text that libcst parses and Python compiles, and fixing that text
  again changes nothing.

Programs come from three sources: Python's grammar (hypothesmith, in the callers),
generated programs spliced between the top-level statements of the examples and
fixtures (:func:`splice`), and mutants of those files (:func:`mutate`).
"""

from __future__ import annotations

import ast
import random
import re
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import lint_source, source_lines
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.plugin import ConvflipChecker
from flake8_convflip.rules import load_rules
from flake8_convflip.rules.base import Invalid

ROOT = Path(__file__).resolve().parents[2]


def corpus() -> list[str]:
    """The examples, the fixtures and every rule example, as texts."""
    texts = [
        path.read_text(encoding="utf-8")
        for folder in ("examples", "tests/fixtures")
        for path in sorted((ROOT / folder).rglob("*.py"))
    ]
    for rule in load_rules().values():
        for example in (*rule.VALID, *rule.INVALID):
            code = example.code if isinstance(example, Invalid) else example
            texts.append(textwrap.dedent(code))
    return texts


@dataclass
class Tally:
    """What a fuzz run saw: programs, findings, fixes and the problems found."""

    programs: int = 0
    compiled: int = 0
    findings: int = 0
    fix_runs: int = 0
    fixes: int = 0
    skipped: int = 0  # programs the analysis skipped visibly (CNV000 file skipped)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (problem, program)

    def add(self, other: Tally) -> None:
        self.programs += other.programs
        self.compiled += other.compiled
        self.findings += other.findings
        self.fix_runs += other.fix_runs
        self.fixes += other.fixes
        self.skipped += other.skipped
        self.problems += other.problems


def compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<fuzz>", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return False
    return True


def _tree(source: str) -> ast.AST | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source.removeprefix("\ufeff"))
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return None


def _plugin(source: str) -> list[tuple[int, int, str]]:
    """What flake8 would receive from the plugin (its ast, or lint_source without one)."""
    tree = _tree(source)
    if tree is None:
        return [(f.line, f.col - 1, f.message) for f in lint_source(source, ALL_CODES)]
    ConvflipChecker.enabled = frozenset(ALL_CODES)
    checker = ConvflipChecker(tree, source.splitlines(keepends=True), "fuzz.py")
    return [(line, col, message) for line, col, message, _ in checker.run()]


def _position_problems(source: str) -> list[str]:
    lines = source_lines(source.removeprefix("\ufeff"))
    problems = []
    for f in lint_source(source, ALL_CODES):
        end_line, end_col = f.end_line or f.line, f.end_col or f.col
        for what, line, col in (("start", f.line, f.col), ("end", end_line, end_col)):
            if not 1 <= line <= len(lines) or not 1 <= col <= len(lines[line - 1]) + 1:
                problems.append(f"{f.code} {what} {line}:{col} outside the file")
        if (end_line, end_col) < (f.line, f.col):
            problems.append(f"{f.code} ends before it starts")
    return problems


def examine(source: str) -> Tally:
    """One program through the properties above; problems are recorded, never raised."""
    tally = Tally(programs=1)
    problems: list[str] = []
    try:
        reported = _plugin(source)
        tally.findings += len(reported)
        problems += [m for _, _, m in reported if " internal error " in m]
        tally.skipped += any(" file skipped: " in m for _, _, m in reported)
        problems += _position_problems(source)
    except Exception as exc:  # an exception escaping the plugin is the defect itself
        problems.append(f"exception escaped the analysis: {type(exc).__name__}: {exc}")
    if compiles(source):
        tally.compiled += 1
        problems += _fix_problems(source, tally)
    tally.problems = [(p[:300], source) for p in problems]
    return tally


def _fix_problems(source: str, tally: Tally) -> list[str]:
    try:
        tally.fix_runs += 1
        result = fix_source(source, ALL_CODES, unsafe=True)
        tally.fixes += len(result.applied)
        if result.error is not None and not result.error.startswith("file skipped"):
            return [f"fix error: {result.error}"]
        if not result.changed(source):
            return []
        if not compiles(result.source):
            return ["the fixed text does not compile"]
        import libcst as cst

        try:
            cst.parse_module(result.source)
        except Exception as exc:
            return [f"libcst cannot parse the fixed text: {type(exc).__name__}"]
        tally.fix_runs += 1
        again = fix_source(result.source, ALL_CODES, unsafe=True)
        if again.source != result.source:
            return [f"fix is not idempotent ({[f.code for f in again.applied]} on the 2nd run)"]
    except Exception as exc:
        return [f"exception escaped the fixer: {type(exc).__name__}: {exc}"]
    return []


def _top_level_breaks(text: str) -> list[int]:
    """Offsets where a new top-level statement starts (a line at column 0, not a comment)."""
    offsets, at = [0], 0
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return [0, len(text)]
    starts = {
        min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        for node in tree.body
    }
    for number, line in enumerate(source_lines_keepends(text), 1):
        if number in starts:
            offsets.append(at)
        at += len(line)
    offsets.append(len(text))
    return sorted(set(offsets))


def source_lines_keepends(text: str) -> list[str]:
    """Lines as Python counts them, each with its line ending."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def splice(host: str, program: str, rng: random.Random) -> str:
    """``program`` placed between two top-level statements of ``host``."""
    at = rng.choice(_top_level_breaks(host))
    if program and not program.endswith(("\n", "\r")):
        program += "\n"
    return host[:at] + program + host[at:]


_SWAPS = [
    ("convolve2d", "correlate2d"),
    ("correlate2d", "convolve2d"),
    ("convolve2d", "signal.fftconvolve"),
    ('"valid"', '"same"'),
    ("'valid'", "'full'"),
    ('"same"', '"full"'),
    ("[::-1, ::-1]", "[::-1]"),
    ("[::-1]", "[::-1, ::-1]"),
    ("[::-1]", ".T"),
    (".T", "[::-1, ::-1]"),
    ("np.flipud(", "np.fliplr("),
    ("np.rot90(", "np.flip("),
    ("(3, 3)", "(4, 4)"),
    ("(3, 3)", "(2, 3)"),
    ("3", "2"),
    ("1", "-1"),
    ("==", "!="),
    ("float", "int"),
    ("x", "k"),
    ("def ", "async def "),
    ("return ", "yield "),
]
_ODD = ["\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\t", "\\\n", ";", "  # noqa", "  # noqa: CNV"]


def _lines_op(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True) or [""]
    i = rng.randrange(len(lines))
    op = rng.randrange(6)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2 and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif op == 3:
        lines[i] = "    " + lines[i]
    elif op == 4:
        lines[i] = lines[i][4:] if lines[i].startswith("    ") else lines[i]
    else:
        lines[i] = lines[i].rstrip("\r\n") + "  # noqa: CNV1\n"
    return "".join(lines)


def _swap(text: str, rng: random.Random) -> str:
    old, new = rng.choice(_SWAPS)
    count = text.count(old)
    if not count:
        return text
    start = -1
    for _ in range(rng.randrange(count) + 1):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


def _odd(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    if rng.random() < 0.5:  # at a line start, where indentation is read
        at = text.rfind("\n", 0, at) + 1
    return text[:at] + rng.choice(_ODD) + text[at:]


def _deepen(text: str, rng: random.Random) -> str:
    """A name wrapped in a sum, subscript or parentheses chain 50-1,300 deep."""
    names = [n for n in ("X", "K", "x", "k", "image", "kernel") if f" {n}" in text]
    if not names:
        return text
    name = rng.choice(names)
    depth = rng.choice([50, 400, 1000, 1300])
    deep = rng.choice(
        [
            "(" + " + ".join([name] * depth) + ")",
            name + "[0]" * depth,
            "(" * depth + name + ")" * depth,
            "-" * depth + name,
        ]
    )
    at = text.index(f" {name}") + 1
    return text[:at] + deep + text[at + len(name) :]


def _wrap(text: str, rng: random.Random) -> str:
    header = rng.choice(["def wrapper():\n", "class Holder:\n", "if True:\n", "try:\n"])
    body = textwrap.indent(text, "    ") or "    pass\n"
    tail = "except Exception:\n    pass\n" if header == "try:\n" else ""
    return header + body + tail


def _endings(text: str, rng: random.Random) -> str:
    return rng.choice(
        [
            text.replace("\n", "\r\n"),
            "\ufeff" + text,
            text.rstrip("\n"),
            text.replace("    ", "\t"),
        ]
    )


_MUTATIONS = [_lines_op, _lines_op, _swap, _swap, _swap, _odd, _deepen, _wrap, _endings]


def mutate(texts: list[str], rng: random.Random) -> str:
    """A corpus text with one to three mutations (sometimes two texts' halves joined)."""
    text = rng.choice(texts)
    if rng.random() < 0.1:
        other = rng.choice(texts)
        text = text[: len(text) // 2] + other[len(other) // 2 :]
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_MUTATIONS)(text, rng)
    return text

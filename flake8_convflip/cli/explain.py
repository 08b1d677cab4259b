"""``convflip explain RULE`` and ``convflip rules``: documentation from the rules themselves.

The worked examples are computed when the command runs.  The plain-Python numbers
need nothing; the library columns (scipy, convflip) appear when those packages are
importable and are skipped otherwise, because the linter must not require numpy.
"""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from typing import TextIO

from ..codes import DEFAULT_DISABLED
from ..rules import load_rules
from ..rules.base import Invalid, Rule
from .worked import SEED_KERNEL, SEED_WINDOW, Matrix, rotate180, window_sum, worked_example


def find_rule(key: str) -> type[Rule] | None:
    """The rule with this code or name (case-insensitive), if any."""
    wanted = key.strip().lower()
    for code, rule in load_rules().items():
        if wanted in (code.lower(), rule.NAME.lower()):
            return rule
    return None


def _grid(name: str, matrix: Matrix) -> str:
    rows = [" ".join(f"{v:3d}" for v in row) for row in matrix]
    return f"{name}:\n" + "\n".join("    " + row for row in rows)


def _optional(module: str):
    try:
        return importlib.import_module(module)
    except Exception:  # absent or broken: the column is skipped
        return None


def _library_values(window: Matrix, kernel: Matrix) -> list[tuple[str, object]]:
    """Top-left 'valid' values from whichever libraries are installed."""
    np = _optional("numpy")
    if np is None:
        return []
    x, k = np.array(window), np.array(kernel)
    functions = []
    signal = _optional("scipy.signal")
    if signal is not None:
        functions += [("scipy.signal.convolve2d", signal.convolve2d)]
        functions += [("scipy.signal.correlate2d", signal.correlate2d)]
    runtime = _optional("convflip")
    if runtime is not None and hasattr(runtime, "xcorr2d"):
        functions += [("convflip.conv2d", runtime.conv2d), ("convflip.xcorr2d", runtime.xcorr2d)]
    return [(f'{name}(X, K, "valid")[0, 0]', f(x, k, "valid")[0, 0]) for name, f in functions]


def _missing_note(values: list[tuple[str, object]]) -> str:
    if not values:
        return "(install numpy, scipy and convflip to see the library values too)"
    if not any(name.startswith("convflip") for name, _ in values):
        return "(convflip is not installed: `pip install convflip` adds its values)"
    return ""


def seed_example() -> str:
    """CNV101's worked example: the hand-rolled sum against the library values."""
    lines = [_grid("X[:3, :3]", SEED_WINDOW), _grid("K", SEED_KERNEL), ""]
    pairs: list[tuple[str, object]] = [
        ("hand-rolled (X[:3, :3] * K).sum()", window_sum(SEED_WINDOW, SEED_KERNEL)),
        ("with the rotated kernel K[::-1, ::-1]", window_sum(SEED_WINDOW, rotate180(SEED_KERNEL))),
    ]
    values = _library_values(SEED_WINDOW, SEED_KERNEL)
    width = max(len(name) for name, _ in pairs + values)
    lines += [f"  {name:<{width}}  {value}" for name, value in pairs + values]
    lines.append("")
    lines.append(
        "The window sum is a cross-correlation (it equals correlate2d/xcorr2d); convolve2d "
        "rotates K first."
    )
    note = _missing_note(values)
    return "\n".join(lines + ([note] if note else []))


def _fix_line(rule: type[Rule]) -> str:
    availability = {"none": "no fix", "always": "always fixable", "sometimes": "sometimes fixable"}
    default = "off by default" if rule.CODE in DEFAULT_DISABLED else "on by default"
    return f"{default}; {availability.get(rule.FIX_AVAILABILITY, rule.FIX_AVAILABILITY)}"


def _code(source: str, fenced: bool) -> str:
    text = textwrap.dedent(source).rstrip()
    return f"```python\n{text}\n```" if fenced else text


def _examples(rule: type[Rule], fenced: bool = False) -> list[str]:
    out = []
    for i, example in enumerate(rule.VALID, 1):
        out += [f"### Valid {i} (stays silent)", _code(example, fenced), ""]
    for i, example in enumerate(rule.INVALID, 1):
        source = example.code if isinstance(example, Invalid) else example
        out += [f"### Invalid {i} (reported)", _code(source, fenced), ""]
        if isinstance(example, Invalid) and example.fixed is not None:
            out += [f"### Invalid {i} after `convflip fix`", _code(example.fixed, fenced), ""]
    return out


def heading(rule: type[Rule]) -> str:
    """The rule's heading in its reference: code, name, default and fix availability."""
    return f"{rule.CODE} {rule.NAME} ({_fix_line(rule)})"


def rule_sections(rule: type[Rule]) -> dict[str, str]:
    """The ``## Section`` bodies of the rule's docstring, as plain text."""
    doc = sys.modules[rule.__module__].__doc__ or ""
    sections: dict[str, str] = {}
    for part in re.split(r"^## ", doc, flags=re.MULTILINE)[1:]:
        title, _, body = part.partition("\n")
        sections[title.strip()] = textwrap.dedent(body).strip()
    return sections


def rule_reference(rule: type[Rule], live: bool = True, fenced: bool = False) -> str:
    """One rule's documentation and examples as markdown (with the live example if asked)."""
    doc = sys.modules[rule.__module__].__doc__ or ""
    message = re.sub(r"\{(\w+)\}", r"<\1>", rule.MESSAGE)
    lines = [f"# {heading(rule)}", "", f"Message: {message}", ""]
    lines += [textwrap.dedent(doc.split("\n", 1)[1] if "\n" in doc else doc).strip(), ""]
    worked = worked_example(rule.CODE) if live else None
    if worked is not None:
        lines += ["## Worked example (computed now)", worked, ""]
    lines += ["## Examples from the rule (also its tests)", "", *_examples(rule, fenced)]
    return "\n".join(lines).rstrip()


def _demoted(markdown: str) -> str:
    """Every heading one level deeper, leaving fenced code alone."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        out.append("#" + line if not fenced and line.startswith("#") else line)
    return "\n".join(out)


def reference_markdown() -> str:
    """The whole rule reference (``docs/rules.md``), generated from the rules themselves."""
    header = (
        "<!-- generated by `python -m flake8_convflip.cli.explain > docs/rules.md` -->\n\n"
        "# flake8-convflip rule reference\n\n"
        "Run `convflip explain CODE` for one rule with a worked numeric example.\n\n"
    )
    rules = load_rules().values()
    body = [_demoted(rule_reference(rule, live=False, fenced=True)) for rule in rules]
    return header + "\n\n".join(body) + "\n"


def explain(key: str, out: TextIO = sys.stdout) -> int:
    """Print one rule's documentation, examples and live example; 2 if it is unknown."""
    rule = find_rule(key)
    if rule is None:
        known = ", ".join(load_rules())
        print(f"convflip: error: unknown rule {key!r} (known: {known})", file=sys.stderr)
        return 2
    print(rule_reference(rule), file=out)
    return 0


def list_rules(out: TextIO = sys.stdout) -> int:
    """Print a table of every rule: code, name, default, fix availability."""
    rules = load_rules()
    width = max((len(r.NAME) for r in rules.values()), default=4)
    print(f"{'code':<7} {'name':<{width}}  {'default':<7}  fix", file=out)
    for code, rule in rules.items():
        default = "off" if code in DEFAULT_DISABLED else "on"
        print(f"{code:<7} {rule.NAME:<{width}}  {default:<7}  {rule.FIX_AVAILABILITY}", file=out)
    return 0


if __name__ == "__main__":
    sys.stdout.write(reference_markdown())

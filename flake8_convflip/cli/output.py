"""How results are printed for people: the concise and full layouts, the summary line,
``--statistics``, and the report of ``convflip fix``.

Every file that could not be checked is an *entry* like a finding (code ``E902``
unreadable, ``E999`` unparsable, ``CNV000`` internal error), so it shows up in every
format, sorted with the findings, instead of only on stderr.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .runner import INTERNAL_ERROR, PARSE_ERROR, READ_ERROR, FileOutcome, Record

FORMATS = ("full", "concise", "json", "json-lines", "github", "gitlab", "sarif", "junit")
ALIASES = {"text": "concise"}  # the name of the concise layout before --output-format
ERROR_NAMES = {
    READ_ERROR: "io-error",
    PARSE_ERROR: "syntax-error",
    INTERNAL_ERROR: "internal-error",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``; ``many`` for irregular plurals (``fixes``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


@dataclass(frozen=True)
class Fixability:
    """Which fixes count as fixable: ``marked`` for ``[*]``, ``plain`` for plain ``fix``.

    ``marked`` follows this run's ``--unsafe-fixes``; ``plain`` follows only the config,
    because the summary tells what a plain ``convflip fix`` would apply.
    """

    marked: bool = False
    plain: bool = False


def is_error(record: Record) -> bool:
    """True for the entries that say a file could not be (fully) checked."""
    return record.code in ERROR_NAMES


def fixable_now(record: Record, unsafe: bool) -> bool:
    """True when ``convflip fix`` (with the given unsafe setting) would fix it."""
    return record.fix == "safe" or (record.fix == "unsafe" and unsafe)


def error_record(outcome: FileOutcome) -> Record | None:
    """The entry for a file that could not be checked (None when it was checked)."""
    if outcome.error is None:
        return None
    line, col, code = outcome.error_line, outcome.error_col, outcome.error_code
    return Record(line, col, line, col, code, outcome.error)


def entries(outcomes: Sequence[FileOutcome]) -> list[tuple[str, Record]]:
    """Every finding and error entry as (path, record), sorted by path and position."""
    out = []
    for outcome in outcomes:
        error = error_record(outcome)
        records = [*outcome.records, *outcome.notes, *([error] if error else [])]
        out += [(outcome.path, r) for r in records]
    return sorted(out, key=lambda item: (item[0], *_order(item[1])))


def _order(record: Record) -> tuple[int, int, int, str]:
    return record.cell or 0, record.line, record.col, record.code


def text_line(path: str, record: Record, unsafe: bool = False) -> str:
    """``path:line:col: CODE [*] message``: flake8's layout plus ruff's fixable marker."""
    message = record.message
    rest = message[len(record.code) :] if message.startswith(record.code) else " " + message
    marker = " [*]" if fixable_now(record, unsafe) else ""
    cell = f"cell {record.cell}:" if record.cell is not None else ""
    return f"{path}:{cell}{record.line}:{record.col}: {record.code}{marker}{rest}"


def _source_lines(path: str, cache: dict[str, list[str] | None]) -> list[str] | None:
    if path not in cache:
        try:
            cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[path] = None
    return cache[path]


def full_entry(path: str, record: Record, unsafe: bool, cache: dict) -> str:
    """The concise line, then the source line with the span underlined and the fix."""
    lines = [text_line(path, record, unsafe)]
    readable = record.code != READ_ERROR and record.cell is None  # cells: no context yet
    source = _source_lines(path, cache) if readable else None
    if source and 0 < record.line <= len(source):
        text = source[record.line - 1]
        gutter = str(record.line)
        end = record.end_col if record.end_line == record.line else len(text) + 1
        width = max(1, end - record.col)
        lines += [
            f"{' ' * len(gutter)} |",
            f"{gutter} | {text}",
            f"{' ' * len(gutter)} | {' ' * (record.col - 1)}{'^' * width}",
        ]
    if record.fix_title:
        lines.append(f"  help: {record.fix_title} ({record.fix} fix)")
    return "\n".join(lines) + "\n"


def check_summary(outcomes: Sequence[FileOutcome], fixability: Fixability) -> str:
    """One line: findings, how many plain ``convflip fix`` fixes, how many need the flag."""
    records = [r for o in outcomes for r in o.records]
    failed = sum(1 for o in outcomes if o.error is not None)
    cells = sum(len(o.notes) for o in outcomes)
    broken = " and ".join(
        ([plural(failed, "file")] if failed else [])
        + ([plural(cells, "notebook cell")] if cells else [])
    )
    broken += " could not be checked (see the errors above)."
    if not records:
        checked = sum(1 for o in outcomes if o.error is None)
        if failed and not checked:
            return broken[0].upper() + broken[1:]
        return f"No findings in {plural(checked, 'file')}" + (
            f"; {broken}" if failed or cells else "."
        )
    now = sum(fixable_now(r, fixability.plain) for r in records)
    more = 0 if fixability.plain else sum(r.fix == "unsafe" for r in records)
    text = f"Found {plural(len(records), 'finding')}: {now} fixable with `convflip fix`"
    if more:
        text += f", {more} more with `convflip fix --unsafe-fixes`"
    return text + "." + (f" {broken}" if failed or cells else "")


def _names() -> dict[str, str]:
    from ..rules import load_rules

    return {**{c: r.NAME for c, r in load_rules().items()}, **ERROR_NAMES}


def statistics(outcomes: Sequence[FileOutcome], unsafe: bool) -> list[str]:
    """ruff's ``--statistics`` table: count, code, ``[*]`` when all are fixable, name."""
    items = entries(outcomes)
    counts = Counter(r.code for _, r in items)
    fixable = {
        code for code in counts if all(fixable_now(r, unsafe) for _, r in items if r.code == code)
    }
    names = _names()
    count_width = max((len(str(n)) for n in counts.values()), default=1)
    code_width = max((len(c) for c in counts), default=1)
    out = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*] " if code in fixable else "    "
        out.append(f"{count:>{count_width}}\t{code:<{code_width}}\t{marker}{names.get(code, '')}")
    return out


def print_text(
    outcomes: Sequence[FileOutcome],
    fmt: str,
    fixability: Fixability,
    out: TextIO,
    *,
    quiet: bool = False,
    show_statistics: bool = False,
) -> None:
    """Print a check run in the ``concise`` or ``full`` layout (or as statistics)."""
    if show_statistics:
        for line in statistics(outcomes, fixability.marked):
            print(line, file=out)
    else:
        cache: dict = {}
        for path, record in entries(outcomes):
            if fmt == "full":
                print(full_entry(path, record, fixability.marked, cache), file=out)
            else:
                print(text_line(path, record, fixability.marked), file=out)
    if not quiet:
        print(check_summary(outcomes, fixability), file=out)


def print_errors(outcomes: Sequence[FileOutcome], stream: TextIO) -> None:
    """The error entries of a ``fix`` run, one line each."""
    for outcome in outcomes:
        record = error_record(outcome)
        if record is not None:
            print(text_line(outcome.path, record), file=stream)


def print_fix_report(
    outcomes: Sequence[FileOutcome], unsafe: bool, out: TextIO, *, diff: bool = False
) -> None:
    """What was (or, with ``--diff``, would be) fixed, what remains, what was held back."""
    fixed = [(o.path, r) for o in outcomes for r in o.fixed]
    files = sum(1 for o in outcomes if o.changed)
    verb = "Would fix" if diff else "Fixed"
    if fixed:
        print(f"{verb} {plural(len(fixed), 'finding')} in {plural(files, 'file')}:", file=out)
        for path, record in fixed:
            title = f" ({record.fix}: {record.fix_title})" if record.fix_title else ""
            cell = f"cell {record.cell}:" if record.cell is not None else ""
            print(f"  {path}:{cell}{record.line}: {record.code}{title}", file=out)
    else:
        print("Nothing to fix." if diff else "Nothing fixed.", file=out)
    remaining = [(o.path, r) for o in outcomes for r in o.records]
    left = "would remain" if diff else "remaining"
    print(f"{plural(len(remaining), 'finding')} {left}.", file=out)
    for path, record in remaining:
        print("  " + text_line(path, record, unsafe), file=out)
    refused = [(o.path, r) for o in outcomes for r in o.refused]
    if refused:
        print(f"{plural(len(refused), 'fix', 'fixes')} stopped by the fix rails:", file=out)
        for path, record in refused:
            cell = f"cell {record.cell}:" if record.cell is not None else ""
            print(f"  {path}:{cell}{record.line}: {record.code} ({record.fix_title})", file=out)
    held = sum(o.held_back for o in outcomes)
    if held and not unsafe:
        it = "it" if held == 1 else "them"
        print(
            f"{plural(held, 'unsafe fix', 'unsafe fixes')} held back; "
            f"run `convflip fix --unsafe-fixes` to apply {it} (review the diff first: "
            "`convflip fix --unsafe-fixes --diff`).",
            file=out,
        )

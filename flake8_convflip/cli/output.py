"""How results are printed: text (flake8's layout), JSON, and GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from .runner import FileOutcome, Record

FORMATS = ("text", "json", "github")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def fixable_now(record: Record, unsafe: bool) -> bool:
    """True when ``convflip fix`` (with the run's unsafe setting) would fix it."""
    return record.fix == "safe" or (record.fix == "unsafe" and unsafe)


def text_line(path: str, record: Record, unsafe: bool = False) -> str:
    """``path:line:col: CODE [*] message``: flake8's layout plus ruff's fixable marker."""
    message = record.message
    rest = message[len(record.code) :] if message.startswith(record.code) else " " + message
    marker = " [*]" if fixable_now(record, unsafe) else ""
    return f"{path}:{record.line}:{record.col}: {record.code}{marker}{rest}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(path: str, record: Record) -> str:
    """A GitHub Actions workflow command that annotates the finding in the PR diff."""
    props = (
        f"file={_escape_property(path)},line={record.line},col={record.col},"
        f"endLine={record.end_line},endColumn={record.end_col},"
        f"title={_escape_property(record.code)}"
    )
    return f"::warning {props}::{_escape_data(record.message)}"


def json_record(path: str, record: Record) -> dict:
    fix = None
    if record.fix is not None:
        fix = {"applicability": record.fix, "message": record.fix_title}
    return {
        "filename": path,
        "code": record.code,
        "message": record.message,
        "location": {"row": record.line, "column": record.col},
        "end_location": {"row": record.end_line, "column": record.end_col},
        "fix": fix,
    }


def check_summary(outcomes: Sequence[FileOutcome], unsafe: bool) -> str:
    """One line: findings, how many ``convflip fix`` fixes, how many more need the flag."""
    records = [r for o in outcomes for r in o.records]
    if not records:
        return f"No findings in {_plural(len(outcomes), 'file')}."
    now = sum(fixable_now(r, unsafe) for r in records)
    more = 0 if unsafe else sum(r.fix == "unsafe" for r in records)
    text = f"Found {_plural(len(records), 'finding')}: {now} fixable with `convflip fix`"
    if more:
        text += f", {more} more with `convflip fix --unsafe-fixes`"
    return text + "."


def print_errors(outcomes: Sequence[FileOutcome], stream: TextIO, fmt: str = "text") -> None:
    for outcome in outcomes:
        if outcome.error is None:
            continue
        if fmt == "github":
            path = _escape_property(outcome.path)
            print(
                f"::error file={path},title=convflip::{_escape_data(outcome.error)}", file=stream
            )
        else:
            print(f"{outcome.path}: {outcome.error}", file=stream)


def print_check(
    outcomes: Sequence[FileOutcome], fmt: str, unsafe: bool, out: TextIO, err: TextIO
) -> None:
    """Print the findings of a check run in ``fmt`` (errors go to ``err``)."""
    if fmt == "json":
        data = [json_record(o.path, r) for o in outcomes for r in o.records]
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        print_errors(outcomes, err)
        return
    for outcome in outcomes:
        for record in outcome.records:
            line = github_line(outcome.path, record) if fmt == "github" else None
            print(line or text_line(outcome.path, record, unsafe), file=out)
    print_errors(outcomes, out if fmt == "github" else err, fmt)
    if fmt == "text":
        print(check_summary(outcomes, unsafe), file=out)


def print_fix_report(outcomes: Sequence[FileOutcome], unsafe: bool, out: TextIO) -> None:
    """What was fixed, what remains, and how many unsafe fixes were held back."""
    fixed = [(o.path, r) for o in outcomes for r in o.fixed]
    files = sum(1 for o in outcomes if o.changed)
    if fixed:
        print(f"Fixed {_plural(len(fixed), 'finding')} in {_plural(files, 'file')}:", file=out)
        for path, record in fixed:
            title = f" ({record.fix}: {record.fix_title})" if record.fix_title else ""
            print(f"  {path}:{record.line}: {record.code}{title}", file=out)
    else:
        print("Nothing fixed.", file=out)
    remaining = [(o.path, r) for o in outcomes for r in o.records]
    print(f"{_plural(len(remaining), 'finding')} remaining.", file=out)
    for path, record in remaining:
        print("  " + text_line(path, record, unsafe), file=out)
    held = sum(o.held_back for o in outcomes)
    if held and not unsafe:
        it = "it" if held == 1 else "them"
        print(
            f"{_plural(held, 'unsafe fix')} held back; "
            f"run `convflip fix --unsafe-fixes` to apply {it} (review the diff first: "
            "`convflip fix --unsafe-fixes --diff`).",
            file=out,
        )

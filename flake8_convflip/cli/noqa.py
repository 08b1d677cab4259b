"""``# noqa`` as flake8 reads it, and ``convflip check --add-noqa``.

flake8 does not look for a ``noqa`` comment on the reported line alone: it joins the
physical lines between two line-ending tokens (a multi-line string, a backslash
continuation) and searches that text, so one comment after the closing quotes covers
every line of the string.  :func:`noqa_lines` computes the same mapping, so ``check``
silences exactly what flake8 silences, and ``--add-noqa`` puts its comment where both
will see it: at the end of that range, where a comment can never land inside a string
or after a backslash.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence

from ..engine import Finding

# Line ends as Python's tokenizer sees them (str.splitlines also splits on \f, \v, ...).
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# flake8's NOQA_INLINE_REGEXP (flake8/defaults.py), letter for letter.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_SEP = re.compile(r"[,\s]+")


def noqa_codes(text: str) -> frozenset[str] | None:
    """None without a noqa; an empty set for a bare one; else the codes it names."""
    match = _NOQA.search(text)
    if match is None:
        return None
    codes = match.group("codes") or ""
    return frozenset(c.upper() for c in _SEP.split(codes) if c)


def physical_lines(text: str) -> list[str]:
    """``text`` split into lines (with their endings) only at ``\\n``, ``\\r\\n``, ``\\r``."""
    return _LINES.findall(text)


def line_ranges(text: str) -> dict[int, tuple[int, int]]:
    """1-based line -> (first, last) line of the flake8 noqa range it belongs to.

    Lines not covered by a range (the tokenizer failed) map to themselves.
    """
    ranges: dict[int, tuple[int, int]] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return ranges
    first, last = None, -1
    for token in tokens:
        if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
            continue
        first = token.start[0] if first is None else min(first, token.start[0])
        last = max(last, token.end[0])
        if token.type in (tokenize.NL, tokenize.NEWLINE):
            for number in range(first, last + 1):
                ranges[number] = (first, last)
            first, last = None, -1
    return ranges


def noqa_lines(text: str) -> dict[int, str]:
    """1-based line -> the text flake8 searches for that line's ``noqa``."""
    lines = physical_lines(text.removeprefix("\ufeff"))
    ranges = line_ranges(text.removeprefix("\ufeff"))
    out = {}
    for number in range(1, len(lines) + 1):
        first, last = ranges.get(number, (number, number))
        out[number] = "".join(lines[first - 1 : last])
    return out


def unsuppressed(findings: Sequence[Finding], text: str) -> list[Finding]:
    """The findings no ``# noqa`` silences, by flake8's rule (bare, or a code prefix)."""
    if not findings or _NOQA.search(text) is None:
        return list(findings)  # no noqa anywhere (tokenizing a large file costs seconds)
    mapping = noqa_lines(text)
    kept = []
    for finding in findings:
        codes = noqa_codes(mapping.get(finding.line, ""))
        if codes is None or (codes and not any(finding.code.startswith(c) for c in codes)):
            kept.append(finding)
    return kept


def _with_codes(line: str, codes: Iterable[str]) -> str:
    """``line`` (no line ending) with its noqa extended by ``codes`` (or a new one)."""
    match = _NOQA.search(line)
    if match is None:
        body = line.rstrip()
        return f"{body}  # noqa: {', '.join(sorted(codes))}"
    if not match.group("codes"):
        return line  # a bare noqa already silences everything
    present = [c for c in _SEP.split(match.group("codes")) if c]
    wanted = list(dict.fromkeys([*present, *(c for c in sorted(codes) if c not in present)]))
    comment = f"# noqa: {', '.join(wanted)}"
    tail = line[match.end() :]
    return line[: match.start()] + comment + (" " + tail.lstrip() if tail.strip() else tail)


def add_noqa(text: str, findings: Sequence[Finding]) -> tuple[str, int]:
    """``text`` with a ``# noqa: CODE`` for every finding, and how many lines changed.

    Existing noqa codes are kept; running it again changes nothing.  The comment goes
    at the end of the finding's flake8 noqa range (after a multi-line string's closing
    quotes), never inside a string or after a line continuation.
    """
    body = text.removeprefix("\ufeff")
    bom = text[: len(text) - len(body)]
    lines = physical_lines(body)
    mapping = noqa_lines(body)
    ranges = line_ranges(body)
    wanted: dict[int, set[str]] = {}
    for finding in unsuppressed(findings, body):
        if not 0 < finding.line <= len(lines):
            continue
        last = ranges.get(finding.line, (finding.line, finding.line))[1]
        if noqa_codes(mapping[finding.line]) == frozenset():
            continue
        wanted.setdefault(last, set()).add(finding.code)
    changed = 0
    for number, codes in wanted.items():
        line = lines[number - 1]
        content = line.rstrip("\r\n")
        new = _with_codes(content, codes)
        if new != content:
            lines[number - 1] = new + line[len(content) :]
            changed += 1
    return bom + "".join(lines), changed

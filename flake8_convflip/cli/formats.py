"""Machine-readable output: JSON, JSON lines, GitHub annotations, GitLab code quality,
SARIF 2.1.0 and JUnit XML.

Each renders every entry of a run, findings and files that could not be checked alike
(see :func:`.output.entries`), so a CI job never mistakes a crash for a clean file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from typing import TextIO
from xml.etree import ElementTree as ET

from .output import ERROR_NAMES, entries, is_error
from .runner import FileOutcome, Record

RULES_DOC = "docs/rules.md"  # the generated rule reference, relative to the repository


def version() -> str:
    """The installed version of flake8-convflip."""
    try:
        return metadata.version("flake8-convflip")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return "0+unknown"


def _rules() -> dict:
    from ..rules import load_rules

    return load_rules()


def rule_anchor(code: str, name: str) -> str:
    """The GitHub-style anchor of ``## CODE name (...)`` in docs/rules.md."""
    from .explain import heading

    text = heading(_rules()[code]).lower() if code in _rules() else f"{code} {name}".lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def help_uri(code: str) -> str | None:
    """Where a rule is documented (a reference into docs/rules.md), None for error codes."""
    if code not in _rules():
        return None
    return f"{RULES_DOC}#{rule_anchor(code, _rules()[code].NAME)}"


def _name(code: str) -> str:
    rule = _rules().get(code)
    return rule.NAME if rule is not None else ERROR_NAMES.get(code, code)


def _severity(record: Record) -> str:
    return "error" if is_error(record) else "warning"


def json_record(path: str, record: Record) -> dict:
    """One entry in ruff's JSON shape (plus ``severity``); ``fix`` is null or its safety."""
    fix = None
    if record.fix is not None:
        fix = {"applicability": record.fix, "message": record.fix_title}
    return {
        "filename": path,
        "code": record.code,
        "name": _name(record.code),
        "message": record.message,
        "severity": _severity(record),
        "location": {"row": record.line, "column": record.col},
        "end_location": {"row": record.end_line, "column": record.end_col},
        "cell": record.cell,
        "fix": fix,
        "url": help_uri(record.code),
    }


def write_json(items: Sequence[tuple[str, Record]], out: TextIO) -> None:
    data = [json_record(path, r) for path, r in items]
    print(json.dumps(data, indent=2, ensure_ascii=False), file=out)


def write_json_lines(items: Sequence[tuple[str, Record]], out: TextIO) -> None:
    for path, record in items:
        print(json.dumps(json_record(path, record), ensure_ascii=False), file=out)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(path: str, record: Record) -> str:
    """A GitHub Actions workflow command that annotates the entry in the PR diff."""
    props = (
        f"file={_escape_property(path)},line={record.line},col={record.col},"
        f"endLine={record.end_line},endColumn={record.end_col},"
        f"title={_escape_property(record.code)}"
    )
    level = "error" if is_error(record) else "warning"
    return f"::{level} {props}::{_escape_data(record.message)}"


def write_github(items: Sequence[tuple[str, Record]], out: TextIO) -> None:
    for path, record in items:
        print(github_line(path, record), file=out)


def _fingerprints(items: Iterable[tuple[str, Record]]) -> list[str]:
    """Stable per-entry fingerprints (path, code, message, and the nth such entry)."""
    seen: dict[str, int] = {}
    out = []
    for path, record in items:
        base = f"{path}\0{record.code}\0{record.message}"
        nth = seen[base] = seen.get(base, -1) + 1
        out.append(hashlib.sha256(f"{base}\0{nth}".encode()).hexdigest()[:16])
    return out


def write_gitlab(items: Sequence[tuple[str, Record]], out: TextIO) -> None:
    """GitLab code quality report (``artifacts: reports: codequality``)."""
    data = []
    for (path, record), fingerprint in zip(items, _fingerprints(items), strict=True):
        message = record.message
        if not message.startswith(record.code):
            message = f"{record.code} {message}"
        data.append(
            {
                "check_name": record.code,
                "description": message,
                "severity": "critical" if is_error(record) else "major",
                "fingerprint": fingerprint,
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": record.line, "column": record.col},
                        "end": {"line": record.end_line, "column": record.end_col},
                    },
                },
            }
        )
    print(json.dumps(data, indent=2, ensure_ascii=False), file=out)


def _rule_descriptor(code: str) -> dict:
    rule = _rules().get(code)
    if rule is None:
        return {
            "id": code,
            "name": ERROR_NAMES.get(code, code),
            "shortDescription": {"text": f"{code}: the file could not be checked"},
            "defaultConfiguration": {"level": "error"},
        }
    from .explain import rule_sections

    sections = rule_sections(rule)
    what = sections.get("What it does", rule.MESSAGE)
    why = sections.get("Why is this bad?", "")
    return {
        "id": code,
        "name": rule.NAME,
        "shortDescription": {"text": re.sub(r"\{(\w+)\}", r"<\1>", rule.MESSAGE)},
        "fullDescription": {"text": what},
        "help": {"text": (what + "\n\n" + why).strip(), "markdown": (what + "\n\n" + why).strip()},
        "helpUri": help_uri(code),
        "defaultConfiguration": {"level": "warning"},
        "properties": {"fix": rule.FIX_AVAILABILITY},
    }


def sarif_log(items: Sequence[tuple[str, Record]], codes: Iterable[str] = ()) -> dict:
    """A SARIF 2.1.0 log: one run, the rules that ran (or appear), one result per entry."""
    rule_ids = sorted({*codes, *(r.code for _, r in items)})
    index = {code: i for i, code in enumerate(rule_ids)}
    results = []
    for path, record in items:
        result = {
            "ruleId": record.code,
            "ruleIndex": index[record.code],
            "level": "error" if is_error(record) else "warning",
            "message": {"text": record.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": max(record.line, 1),
                            "startColumn": max(record.col, 1),
                            "endLine": max(record.end_line, record.line, 1),
                            "endColumn": max(record.end_col, 1),
                        },
                    }
                }
            ],
        }
        if record.fix is not None:
            result["properties"] = {"fix": record.fix, "fixTitle": record.fix_title}
        results.append(result)
    driver = {
        "name": "convflip",
        "fullName": "flake8-convflip",
        "version": version(),
        "semanticVersion": version(),
        "informationUri": "https://pypi.org/project/flake8-convflip/",
        "rules": [_rule_descriptor(code) for code in rule_ids],
    }
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))


def write_sarif(items: Sequence[tuple[str, Record]], out: TextIO, codes: Iterable[str]) -> None:
    print(json.dumps(sarif_log(items, codes), indent=2, ensure_ascii=False), file=out)


def junit_xml(items: Sequence[tuple[str, Record]], paths: Sequence[str]) -> ET.Element:
    """JUnit XML: a test suite per file, a failing test case per entry (a passing one
    for a clean file), in the shape Jenkins and GitLab read."""
    by_path: dict[str, list[Record]] = {p: [] for p in paths}
    for path, record in items:
        by_path.setdefault(path, []).append(record)
    failures = sum(1 for _, r in items if not is_error(r))
    errors = len(items) - failures
    root = ET.Element(
        "testsuites",
        name="convflip",
        tests=str(sum(max(len(v), 1) for v in by_path.values())),
        failures=str(failures),
        errors=str(errors),
    )
    for path, records in sorted(by_path.items()):
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(max(len(records), 1)),
            failures=str(sum(1 for r in records if not is_error(r))),
            errors=str(sum(1 for r in records if is_error(r))),
            skipped="0",
        )
        if not records:
            ET.SubElement(suite, "testcase", name="convflip", classname=path)
        for record in records:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{record.code} {_name(record.code)}",
                classname=path,
                file=path,
                line=str(record.line),
            )
            kind = "error" if is_error(record) else "failure"
            element = ET.SubElement(case, kind, message=record.message, type=record.code)
            element.text = f"{path}:{record.line}:{record.col}: {record.message}"
    return root


def write_junit(items: Sequence[tuple[str, Record]], out: TextIO, paths: Sequence[str]) -> None:
    root = junit_xml(items, paths)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")


def print_machine(
    outcomes: Sequence[FileOutcome], fmt: str, out: TextIO = sys.stdout, codes: Iterable[str] = ()
) -> None:
    """Print a check run in one of the machine formats."""
    items = entries(outcomes)
    if fmt == "json":
        write_json(items, out)
    elif fmt == "json-lines":
        write_json_lines(items, out)
    elif fmt == "github":
        write_github(items, out)
    elif fmt == "gitlab":
        write_gitlab(items, out)
    elif fmt == "sarif":
        write_sarif(items, out, codes)
    elif fmt == "junit":
        write_junit(items, out, [o.path for o in outcomes])
    else:
        raise ValueError(f"fmt must be one of the machine formats, got {fmt!r}")

"""``convflip check | fix | explain | rules``: the command line.

Exit codes: 0 clean; 1 findings reported (``check``), findings left (``fix``), a diff
to apply (``fix --diff``) or a file that cannot be read or parsed (each such file is an
entry of the output); 2 usage error, bad configuration, or an internal error.
``--exit-zero`` turns 1 into 0, never 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..codes import ALL_CODES, enabled_codes
from ..config import FIX_TARGETS, Config, ConfigError, load_config
from .output import ALIASES, FORMATS, Fixability, print_errors, print_fix_report, print_text
from .paths import Selection, discover_all
from .runner import (
    INTERNAL_ERROR,
    READ_ERROR,
    FileOutcome,
    Options,
    Progress,
    check_file,
    default_jobs,
    fix_file,
    run_files,
)

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _codes_arg(text: str) -> list[str]:
    values = [part.strip().upper() for part in text.split(",") if part.strip()]
    for value in values:
        if value != "ALL" and not any(code.startswith(value) for code in ALL_CODES):
            raise argparse.ArgumentTypeError(
                f"{value!r} names no convflip code (codes are {ALL_CODES[0]}..{ALL_CODES[-1]}, "
                "or a prefix such as CNV3)"
            )
    return values


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="files or folders ('-': stdin)")
    group = parser.add_argument_group("rule selection (code prefixes, comma-separated)")
    group.add_argument("--select", type=_codes_arg, help="run only these (replaces the config)")
    group.add_argument("--extend-select", type=_codes_arg, default=[], help="also run these")
    group.add_argument("--ignore", type=_codes_arg, default=[], help="do not run these")
    files = parser.add_argument_group("files")
    files.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="skip matching paths"
    )
    files.add_argument(
        "--no-respect-gitignore", dest="gitignore", action="store_false", help="walk ignored files"
    )
    files.add_argument("--stdin-filename", help="the name of the file read from stdin")
    files.add_argument("--config", type=Path, help="pyproject.toml to read (default: search up)")
    files.add_argument("--jobs", "-j", type=int, help="worker processes (default: cores)")
    report = parser.add_argument_group("reporting")
    report.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings remain (not on errors)"
    )
    report.add_argument(
        "--quiet", "-q", action="store_true", help="print the entries only (no summary)"
    )


def _format_arg(text: str) -> str:
    value = ALIASES.get(text, text)
    if value not in FORMATS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(FORMATS)})"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convflip",
        description="Find and fix convolution vs cross-correlation mix-ups.",
    )
    parser.add_argument("--version", action="version", version=f"convflip {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="report findings (exit 1 when there are any)")
    _add_selection(check)
    check.add_argument(
        "--output-format",
        "--format",
        dest="format",
        type=_format_arg,
        default="concise",
        metavar="{" + ",".join(FORMATS) + "}",
        help="how to print the entries (default: concise; 'text' is an alias of concise)",
    )
    check.add_argument(
        "--unsafe-fixes", action="store_true", default=None, help="mark unsafe fixes fixable"
    )
    check.add_argument(
        "--statistics", action="store_true", help="count the entries per code instead"
    )
    check.add_argument(
        "--add-noqa", action="store_true", help="add `# noqa: CODE` to every line with a finding"
    )
    fix = sub.add_parser("fix", help="apply fixes (safe ones unless --unsafe-fixes)")
    _add_selection(fix)
    fix.add_argument("--diff", action="store_true", help="print a diff; write nothing")
    fix.add_argument(
        "--unsafe-fixes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also apply fixes that change behaviour to the intended one",
    )
    fix.add_argument("--fix-target", choices=FIX_TARGETS, help="runtime or scipy functions")
    explain = sub.add_parser("explain", help="a rule's documentation and a live example")
    explain.add_argument("rule", help="a code (CNV101) or a rule name (half-flip)")
    sub.add_parser("rules", help="list every rule")
    from .probe import add_parser as add_probe  # convflip probe MODULE:FUNCTION

    add_probe(sub)
    return parser


def _start_folder(paths: Sequence[str]) -> Path:
    """The common folder of ``paths`` (a file counts as its folder); a name is never
    resolved itself, so a symlink loop does not raise here."""
    folders = []
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw).absolute()
        folders.append(os.path.realpath(path if os.path.isdir(path) else path.parent))
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def _enabled(args: argparse.Namespace, config: Config) -> frozenset[str]:
    select = args.select or list(config.select)
    extend = list(args.extend_select) + ([] if args.select else list(config.extend_select))
    return enabled_codes(select, [*config.ignore, *args.ignore], extend)


def _options(args: argparse.Namespace, config: Config, **extra) -> Options:
    unsafe = args.unsafe_fixes if args.unsafe_fixes is not None else config.unsafe_fixes
    return Options(config, _enabled(args, config), unsafe=unsafe, **extra)


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _version() -> str:
    from .formats import version

    return version()


def _targets(args: argparse.Namespace, config: Config) -> tuple[list[str], list[FileOutcome]]:
    """The files to run on, and an error outcome for every path that cannot be read."""
    selection = Selection(config.root, (*config.exclude, *args.exclude), True, args.gitignore)
    found = discover_all(args.paths, selection)
    problems = [
        FileOutcome(_display(path), error=reason, error_code=READ_ERROR)
        for path, reason in found.problems
    ]
    return [_display(p) for p in found.files], problems


def _run(args: argparse.Namespace, work) -> tuple[list[FileOutcome], Options, bytes]:
    config = load_config(_start_folder(args.paths), args.config)
    extra = {"fix_target": getattr(args, "fix_target", None) or config.fix_target}
    if args.command == "fix":
        extra["diff"] = args.diff
    options = _options(args, config, **extra)
    if args.paths == ["-"]:
        name, data = args.stdin_filename or "-", sys.stdin.buffer.read()
        return [work(name, options, data)], options, data
    paths, problems = _targets(args, config)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    progress = Progress(len(paths), enabled=False if args.quiet else None)
    outcomes = run_files(work, paths, options, jobs, progress) + problems
    return sorted(outcomes, key=lambda o: o.path), options, b""


def _exit_code(outcomes: Sequence[FileOutcome], problem: bool, exit_zero: bool = False) -> int:
    """2 for an internal error (ours, or a ``CNV000 internal error`` entry), else 1 for
    findings or files that could not be checked, a file skipped over the analysis budget
    included (0 with ``--exit-zero``), else 0."""
    records = (r for o in outcomes for r in o.records)
    if any(o.internal for o in outcomes) or any(_internal_error(r) for r in records):
        return EXIT_ERROR
    if (problem or any(o.error or o.notes for o in outcomes)) and not exit_zero:
        return EXIT_FOUND
    return EXIT_CLEAN


def _internal_error(record) -> bool:
    """A ``CNV000 internal error`` entry (a bug of ours), not ``CNV000 file skipped``."""
    return record.code == INTERNAL_ERROR and " internal error " in f" {record.message} "


def cmd_check(args: argparse.Namespace) -> int:
    if args.add_noqa:
        from .adopt import cmd_add_noqa

        return cmd_add_noqa(args)
    outcomes, options, _ = _run(args, check_file)
    if args.format in ("full", "concise") or args.statistics:
        fixability = Fixability(marked=options.unsafe, plain=options.config.unsafe_fixes)
        print_text(
            outcomes,
            args.format,
            fixability,
            sys.stdout,
            quiet=args.quiet,
            show_statistics=args.statistics,
        )
    else:
        from .formats import print_machine

        print_machine(outcomes, args.format, sys.stdout, options.codes)
    return _exit_code(outcomes, any(o.records for o in outcomes), args.exit_zero)


def cmd_fix(args: argparse.Namespace) -> int:
    outcomes, options, data = _run(args, fix_file)
    stdin = args.paths == ["-"]
    if stdin and not args.diff:
        _echo_fixed(outcomes[0], data)
    elif args.diff:
        sys.stdout.write("".join(o.diff for o in outcomes))
    report = sys.stderr if (stdin or args.diff) else sys.stdout
    print_errors(outcomes, sys.stderr)
    if not args.quiet:
        print_fix_report(outcomes, options.unsafe, report, diff=args.diff)
    if args.diff:
        return _exit_code(outcomes, any(o.changed for o in outcomes), args.exit_zero)
    return _exit_code(outcomes, any(o.records for o in outcomes), args.exit_zero)


def _echo_fixed(outcome: FileOutcome, original: bytes) -> None:
    """Write stdin's fixed text, or the input unchanged when it could not be fixed."""
    sys.stdout.flush()
    if outcome.output_bytes is None or outcome.error is not None:
        sys.stdout.buffer.write(original)  # unchanged: byte for byte
    else:
        sys.stdout.buffer.write(outcome.output_bytes)
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``convflip`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # like ruff: the help on stderr, exit 2
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "probe":
            return args.handler(args)
        if args.command == "explain":
            from .explain import explain

            return explain(args.rule, sys.stdout)
        if args.command == "rules":
            from .explain import list_rules

            return list_rules(sys.stdout)
        return cmd_check(args) if args.command == "check" else cmd_fix(args)
    except (ConfigError, FileNotFoundError) as exc:
        print(f"convflip: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `convflip explain CNV101 | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130

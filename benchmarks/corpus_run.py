"""Run the engine over the real corpus (fetched public trees) and cross-check its entry points.

    python benchmarks/corpus_run.py                    # every tree under the corpus folder
    python benchmarks/corpus_run.py ROOT               # trees under ROOT
    python benchmarks/corpus_run.py --trees A+b C+d    # only these trees
    python benchmarks/corpus_run.py --json out.json    # also dump every result

The corpus folder holds one directory per repository, named ``owner+name`` (or
``owner+name@sha7`` for a second pinned commit), each the ``*.py`` / ``*.ipynb`` files
of the commit ``benchmarks/corpus/manifest.toml`` pins (``git archive <commit>`` of a
fetched snapshot).  It is given as the argument, or by ``$CONVFLIP_CORPUS``, or is
``corpus`` under the system temporary folder.  Nothing from those trees is committed.

Per file the script:

* runs :func:`engine.check_source` with the default codes and with every code, counting
  findings per code and crashes (an exception, or a rule failure the engine logged);
* **gate check**: on files that parse, compares the gated path
  (:func:`engine.lint_source`) with the ungated one (:func:`engine.analyze`) for both
  code sets; they must give the same findings;
* **check-vs-fix check**: runs the command line's ``check_file`` and ``fix_file``
  in-process (``fix_file`` writes nothing here) and compares the findings ``check``
  reports with the findings the fixer starts from (its first analysis, minus the ones a
  ``noqa`` silences); they must be the same set.

Notebooks are linted as the concatenation of their code cells (IPython ``%`` / ``!``
lines commented out).  The script prints one row per repository, then every finding and
every disagreement, and exits 1 when anything crashed or disagreed.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import logging
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flake8_convflip import engine
from flake8_convflip.cli import runner
from flake8_convflip.cli.documents import load_document
from flake8_convflip.codes import ALL_CODES, DEFAULT_ENABLED
from flake8_convflip.config import Config
from flake8_convflip.fix import apply as fix_apply

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "corpus" / "manifest.toml"
CORPUS_ENV = "CONVFLIP_CORPUS"
CODE_SETS: dict[str, frozenset[str]] = {
    "default": frozenset(DEFAULT_ENABLED),
    "all": frozenset(ALL_CODES),
}

Key = tuple[int, int, str, str]


def default_root() -> Path:
    """``$CONVFLIP_CORPUS``, else ``corpus`` under the system temporary folder."""
    configured = os.environ.get(CORPUS_ENV)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "corpus"


class _ErrorLog(logging.Handler):
    """Collects the engine's logged rule failures (it skips the rule and carries on)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_LOG = _ErrorLog()
logging.getLogger("flake8_convflip").addHandler(_LOG)


@dataclass
class FileResult:
    """Everything one file gave."""

    path: str
    lines: int
    parses: bool
    findings: dict[str, list[Key]] = field(default_factory=dict)  # code set -> findings
    crashes: list[str] = field(default_factory=list)
    gate_disagreements: list[str] = field(default_factory=list)
    check_fix_disagreements: list[str] = field(default_factory=list)
    fix_errors: list[str] = field(default_factory=list)


def notebook_source(raw: bytes) -> str:
    """The code cells of a notebook as one Python text (magics and shell lines commented)."""
    try:
        cells = json.loads(raw.decode("utf-8")).get("cells", [])
    except (ValueError, UnicodeDecodeError, AttributeError):
        return ""
    chunks = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        lines = [
            "# " + line if line.lstrip().startswith(("%", "!")) else line
            for line in text.splitlines()
        ]
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"


def read_text(path: Path) -> str:
    """The file's Python text (flake8 decodes as UTF-8; latin-1 keeps any byte)."""
    raw = path.read_bytes()
    if path.suffix == ".ipynb":
        return notebook_source(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _keys(findings: Iterable[object]) -> list[Key]:
    return sorted((f.line, f.col, f.code, f.message) for f in findings)  # type: ignore[attr-defined]


def _guarded(result: FileResult, label: str, work, *args):
    """Run ``work(*args)``, recording an exception or a logged rule failure as a crash."""
    logged = len(_LOG.messages)
    try:
        value = work(*args)
    except Exception as exc:  # the harness exists to find these
        result.crashes.append(f"{label}: {type(exc).__name__}: {exc}")
        return None
    if len(_LOG.messages) > logged:
        result.crashes.append(f"{label}: " + "; ".join(_LOG.messages[logged:]))
    return value


def _describe(only_a: set[Key], only_b: set[Key], a: str, b: str) -> str:
    parts = [f"only {a}: {k[2]} {k[0]}:{k[1]}" for k in sorted(only_a)]
    parts += [f"only {b}: {k[2]} {k[0]}:{k[1]}" for k in sorted(only_b)]
    return "; ".join(parts)


def gate_check(result: FileResult, source: str) -> None:
    """Gated (``lint_source``) and ungated (``analyze``) findings must be equal."""
    ungated_all: list[Key] | None = None
    for name in ("all", "default"):
        codes = CODE_SETS[name]
        gated = _guarded(result, f"lint_source[{name}]", engine.lint_source, source, codes)
        if name == "default" and ungated_all == []:
            ungated: list[Key] | None = []  # rules run independently: a subset finds nothing
        else:
            found = _guarded(result, f"analyze[{name}]", engine.analyze, source, codes)
            ungated = None if found is None else _keys(found)
        if name == "all":
            ungated_all = ungated
        if gated is None or ungated is None:
            continue
        a, b = set(_keys(gated)), set(ungated)
        if a != b:
            detail = _describe(a - b, b - a, "gated", "ungated")
            result.gate_disagreements.append(f"[{name}] {detail}")


class _FirstAnalysis:
    """Wraps the fixer's ``Engine`` to keep what the first pass's analysis saw."""

    def __init__(self) -> None:
        self.original = fix_apply.Engine
        self.first: engine.Analysis | None = None
        spy = self

        class _Engine(self.original):  # type: ignore[misc, valid-type]
            def analyze_module(self, *args, **kwargs):
                analysis = super().analyze_module(*args, **kwargs)
                if spy.first is None:
                    spy.first = analysis
                return analysis

        self.engine = _Engine


def _record_key(record: runner.Record) -> tuple:
    return (getattr(record, "cell", None), record.line, record.col, record.code, record.message)


def check_fix_check(result: FileResult, path: Path, stdin: bytes | None) -> None:
    """``convflip check`` findings must equal the findings ``convflip fix`` starts from.

    Both sides are compared as the command line reports them (a notebook's findings in
    cell coordinates): the fixer's first analysis is placed through the same document.
    """
    document = load_document(str(path), stdin)
    if not hasattr(document, "python"):
        return  # the command line reports the file as unreadable; nothing to compare
    lines = document.python.splitlines()
    for name, codes in CODE_SETS.items():
        options = runner.Options(Config(root=path.parent), codes, unsafe=True, write=False)
        checked = _guarded(
            result, f"check_file[{name}]", runner.check_file, str(path), options, stdin
        )
        spy = _FirstAnalysis()
        fix_apply.Engine = spy.engine
        try:
            fixed = _guarded(
                result, f"fix_file[{name}]", runner.fix_file, str(path), options, stdin
            )
        finally:
            fix_apply.Engine = spy.original
        if checked is None or fixed is None:
            continue
        for outcome, label in ((checked, "check"), (fixed, "fix")):
            if outcome.internal:
                result.crashes.append(f"{label}_file[{name}]: {outcome.error}")
        if fixed.error and not fixed.error.startswith("cannot parse"):
            result.fix_errors.append(f"[{name}] {fixed.error}")
        reported = {_record_key(r) for r in checked.records}
        start: set[tuple] = set()
        if spy.first is not None:
            kept = [f for f in spy.first.findings if not engine.suppressed(f, lines)]
            start = {_record_key(document.place(runner.Record.of(f))) for f in kept}
        if reported != start:
            only_check = sorted(reported - start, key=str)
            only_fix = sorted(start - reported, key=str)
            parts = [f"only check: {k[3]} {k[1]}:{k[2]}" for k in only_check]
            parts += [f"only fix: {k[3]} {k[1]}:{k[2]}" for k in only_fix]
            result.check_fix_disagreements.append(f"[{name}] " + "; ".join(parts))


def lint_file(path: Path, root: Path, cross_check: bool = True) -> FileResult:
    """Every measurement of one file (``root`` only shortens the reported path)."""
    source = read_text(path)
    try:
        ast.parse(source)
        parses = True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        parses = False
    result = FileResult(str(path.relative_to(root)), source.count("\n") + 1, parses)
    for name, codes in CODE_SETS.items():
        found = _guarded(result, f"check_source[{name}]", engine.check_source, source, codes)
        result.findings[name] = [] if found is None else _keys(found)
    if cross_check and parses:
        gate_check(result, source)
        check_fix_check(result, path, None)
    return result


def tree_files(tree: Path) -> list[Path]:
    """The tree's Python files and notebooks, in a stable order."""
    found = [p for p in tree.rglob("*") if p.suffix in (".py", ".ipynb") and p.is_file()]
    return sorted(found)


def load_manifest(path: Path = MANIFEST) -> dict[str, dict]:
    """Manifest entries by tree name (empty when there is no manifest or no TOML reader)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the manifest only labels the rows
        return {}
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {entry["tree"]: entry for entry in data.get("repo", [])}


def _git_dir(mirror: Path) -> Path:
    return mirror / ".git" if (mirror / ".git").is_dir() else mirror


def extract_trees(mirrors: Path, root: Path, manifest: dict[str, dict]) -> None:
    """Extract every manifest tree at its pinned commit from fetched snapshots.

    ``mirrors`` holds one folder per repository, ``owner+name/repo`` (a bare git dir or a
    checkout's ``.git``), as the fetch step leaves them.  Existing trees are kept.
    """
    for tree, entry in sorted(manifest.items()):
        dest = root / tree
        if dest.exists():
            continue
        git_dir = _git_dir(mirrors / entry["name"].replace("/", "+", 1) / "repo")
        if not git_dir.is_dir():
            print(f"no snapshot for {entry['name']} under {mirrors}", file=sys.stderr)
            continue
        dest.mkdir(parents=True)
        for patterns in (("*.py", "*.ipynb"), ("*.py",)):  # notebooks may be absent blobs
            archive = subprocess.run(
                ["git", "--git-dir", str(git_dir), "archive", entry["commit"], "--", *patterns],
                capture_output=True,
            )
            if archive.returncode == 0:
                break
        else:
            print(f"cannot archive {tree}: {archive.stderr.decode()[:200]}", file=sys.stderr)
            continue
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")


@dataclass
class TreeSummary:
    """One repository's row."""

    tree: str
    files: int
    lines: int
    unparsable: int
    default: Counter
    all: Counter
    crashes: int
    gate: int
    check_fix: int
    fix_errors: int


def summarize(tree: str, results: list[FileResult]) -> TreeSummary:
    return TreeSummary(
        tree,
        len(results),
        sum(r.lines for r in results),
        sum(not r.parses for r in results),
        Counter(k[2] for r in results for k in r.findings.get("default", [])),
        Counter(k[2] for r in results for k in r.findings.get("all", [])),
        sum(len(r.crashes) for r in results),
        sum(len(r.gate_disagreements) for r in results),
        sum(len(r.check_fix_disagreements) for r in results),
        sum(len(r.fix_errors) for r in results),
    )


def _counts(counter: Counter) -> str:
    return ", ".join(f"{code} {n}" for code, n in sorted(counter.items())) or "-"


def print_table(rows: list[TreeSummary], manifest: dict[str, dict]) -> None:
    print(
        "| tree | category | files | lines | E999 | default | all codes | crashes "
        "| gate≠ | check≠fix | fix errors |"
    )
    print("|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|")
    for row in rows:
        category = manifest.get(row.tree, {}).get("category", "?")
        print(
            f"| {row.tree} | {category} | {row.files} | {row.lines} | {row.unparsable} | "
            f"{_counts(row.default)} | {_counts(row.all)} | {row.crashes} | {row.gate} | "
            f"{row.check_fix} | {row.fix_errors} |"
        )
    total_default = sum((r.default for r in rows), Counter())
    total_all = sum((r.all for r in rows), Counter())
    print(
        f"| **total ({len(rows)} trees)** | | {sum(r.files for r in rows)} | "
        f"{sum(r.lines for r in rows)} | {sum(r.unparsable for r in rows)} | "
        f"{_counts(total_default)} ({sum(total_default.values())}) | "
        f"{_counts(total_all)} ({sum(total_all.values())}) | {sum(r.crashes for r in rows)} | "
        f"{sum(r.gate for r in rows)} | {sum(r.check_fix for r in rows)} | "
        f"{sum(r.fix_errors for r in rows)} |"
    )


def print_details(by_tree: dict[str, list[FileResult]]) -> None:
    for tree, results in by_tree.items():
        lines = []
        for r in results:
            default = set(r.findings.get("default", []))
            for key in r.findings.get("all", []):
                tag = "" if key in default else " [default-off]"
                lines.append(f"  {r.path}:{key[0]}:{key[1]}: {key[3]}{tag}")
            for label, items in (
                ("CRASH", r.crashes),
                ("GATE", r.gate_disagreements),
                ("CHECK/FIX", r.check_fix_disagreements),
                ("FIX ERROR", r.fix_errors),
            ):
                lines.extend(f"  {label} {r.path}: {item}" for item in items)
        if lines:
            print(f"\n## {tree}")
            print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, help="folder of trees (default: see doc)")
    parser.add_argument("--trees", nargs="*", help="only these tree names")
    parser.add_argument("--json", type=Path, help="write every file's result here")
    parser.add_argument(
        "--extract-from",
        type=Path,
        metavar="MIRRORS",
        help="first extract the manifest's trees at their commits from these snapshots",
    )
    parser.add_argument(
        "--no-cross-check", action="store_true", help="skip the gate and check-vs-fix checks"
    )
    args = parser.parse_args(argv)
    root = args.root or default_root()
    manifest = load_manifest()
    if args.extract_from:
        extract_trees(args.extract_from, root, manifest)
    if not root.is_dir():
        sys.exit(f"no corpus folder {root}: extract the manifest's trees there first")
    trees = sorted(p for p in root.iterdir() if p.is_dir())
    if args.trees:
        trees = [t for t in trees if t.name in set(args.trees)]
    missing = sorted(set(manifest) - {t.name for t in trees}) if not args.trees else []
    by_tree: dict[str, list[FileResult]] = {}
    for tree in trees:
        by_tree[tree.name] = [
            lint_file(p, tree, not args.no_cross_check) for p in tree_files(tree)
        ]
        print(f"linted {tree.name}: {len(by_tree[tree.name])} files", file=sys.stderr)
    rows = [summarize(name, results) for name, results in by_tree.items()]
    print_table(rows, manifest)
    print_details(by_tree)
    if missing:
        print(f"\nmanifest trees not found under the corpus folder: {', '.join(missing)}")
    if args.json:
        dump = {name: [asdict(r) for r in results] for name, results in by_tree.items()}
        args.json.write_text(json.dumps(dump, indent=1), encoding="utf-8")
    bad = sum(r.crashes + r.gate + r.check_fix + r.fix_errors for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

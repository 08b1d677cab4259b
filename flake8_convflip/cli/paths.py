"""Which files a run looks at: walk folders for ``*.py``, ``*.pyi`` and ``*.ipynb``,
skipping what should be skipped, and saying which paths cannot be read.

Folders are walked top-down and pruned by three things: the default excludes (virtual
environments, build output, caches, VCS folders), the ``exclude`` globs of the config
and ``--exclude``, and ``.gitignore`` files (those of the walked folders and of their
parents up to the repository root, plus ``.git/info/exclude``).  A file named on the
command line is always checked unless an ``exclude`` glob names it, as in ruff: that
keeps pre-commit, which passes file names, in line with the config.

A path that cannot be read (a symlink loop, a dangling link, a link to a folder, an
unreadable folder, a file that does not exist) is not skipped in silence: it comes back
with a one-line reason and becomes an error entry of the run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_EXCLUDES = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    "*.egg-info",
)


@dataclass(frozen=True)
class Pattern:
    """One gitignore line, compiled: matched against paths relative to ``base``."""

    base: Path
    full: re.Pattern[str]  # the path itself
    under: re.Pattern[str]  # one of its parent folders
    negated: bool
    dir_only: bool

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.under.match(relative):
            return True
        return (is_dir or not self.dir_only) and self.full.match(relative) is not None


def _translate(glob: str) -> str:
    """A gitignore glob as a regular expression over ``/``-separated relative paths."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            body = glob[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body[:1] == "!" else "[" + body + "]")
            i = end + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def compile_pattern(line: str, base: Path) -> Pattern | None:
    """Compile one gitignore line (None for blanks and comments)."""
    text = line.rstrip("\n").rstrip("\r")
    if not text.endswith("\\ "):
        text = text.rstrip(" ")
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    text = text[1:] if negated else text.removeprefix("\\")
    dir_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    body = _translate(text.lstrip("/"))
    prefix = "^" if anchored else "^(?:.*/)?"
    full, under = re.compile(prefix + body + "$"), re.compile(prefix + body + "/")
    return Pattern(base, full, under, negated, dir_only)


class IgnoreRules:
    """An ordered list of gitignore patterns; the last one that matches decides."""

    def __init__(self, patterns: Iterable[Pattern] = ()) -> None:
        self.patterns = list(patterns)

    @classmethod
    def from_lines(cls, lines: Iterable[str], base: Path) -> IgnoreRules:
        compiled = (compile_pattern(line, base) for line in lines)
        return cls(p for p in compiled if p is not None)

    def extended(self, path: Path, base: Path) -> IgnoreRules:
        """These rules followed by the patterns of the ignore file ``path`` (if it exists)."""
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        more = IgnoreRules.from_lines(lines, base).patterns
        return IgnoreRules([*self.patterns, *more]) if more else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict = False
        for pattern in self.patterns:
            try:
                relative = path.relative_to(pattern.base).as_posix()
            except ValueError:
                continue
            if relative != "." and pattern.matches(relative, is_dir):
                verdict = not pattern.negated
        return verdict


def git_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a ``.git`` entry."""
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def inherited_gitignores(folder: Path) -> IgnoreRules:
    """The ignore rules that apply to ``folder`` from its repository root down to it."""
    root = git_root(folder)
    if root is None:
        return IgnoreRules()
    rules = IgnoreRules().extended(root / ".git" / "info" / "exclude", root)
    chain = [folder, *folder.parents]
    for directory in reversed(chain[: chain.index(root) + 1]):
        rules = rules.extended(directory / ".gitignore", directory)
    return rules


@dataclass(frozen=True)
class Selection:
    """What to skip: default excludes, exclude globs (relative to ``root``), gitignore."""

    root: Path
    excludes: tuple[str, ...] = ()
    use_defaults: bool = True
    respect_gitignore: bool = True

    def exclude_rules(self) -> IgnoreRules:
        return IgnoreRules.from_lines(self.excludes, self.root.resolve())

    def default_rules(self, folder: Path) -> IgnoreRules:
        """The default excludes, below ``folder`` only (a project may live under build/)."""
        if not self.use_defaults:
            return IgnoreRules()
        return IgnoreRules.from_lines(DEFAULT_EXCLUDES, folder)


SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")  # what a folder walk picks up


@dataclass
class Found:
    """The files a run looks at, and the paths it could not look at (with the reason)."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def _os_reason(exc: OSError) -> str:
    from .documents import describe_os_error

    return describe_os_error(exc)


def _source_entry(entry: os.DirEntry, found: Found) -> None:
    """Take a ``*.py``-named entry of a walked folder, or say why it cannot be read."""
    path = Path(entry.path)
    try:
        if entry.is_file():  # follows a symlink to its target
            found.files.append(path)
            return
        os.stat(entry.path)  # raises for a symlink loop or a dangling link
    except OSError as exc:
        found.problems.append((path, f"cannot read: {_os_reason(exc)}"))
        return
    if entry.is_symlink() and os.path.isdir(entry.path):
        found.problems.append((path, "cannot read: a symlink to a folder, not a file"))


def _walk(folder: Path, selection: Selection, excludes: IgnoreRules, found: Found) -> None:
    skip = IgnoreRules([*selection.default_rules(folder).patterns, *excludes.patterns])
    base_rules = inherited_gitignores(folder) if selection.respect_gitignore else IgnoreRules()
    stack = [(folder, base_rules)]
    while stack:
        directory, rules = stack.pop()
        if selection.respect_gitignore and directory != folder:
            rules = rules.extended(directory / ".gitignore", directory)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.problems.append((directory, f"cannot read folder: {_os_reason(exc)}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            is_dir = entry.is_dir(follow_symlinks=False)  # no cycles through linked folders
            if skip.ignored(path, is_dir) or rules.ignored(path, is_dir):
                continue
            if is_dir:
                stack.append((path, rules))
            elif entry.name.endswith(SOURCE_SUFFIXES):
                _source_entry(entry, found)


def _absolute(raw: str) -> Path:
    """``raw`` made absolute, its folder resolved but not the name itself (a symlink
    loop must become an entry, not an exception)."""
    path = Path(os.path.abspath(raw))
    return Path(os.path.realpath(path.parent)) / path.name if path.name else path


def discover_all(paths: Iterable[str], selection: Selection) -> Found:
    """The files to look at for the command-line ``paths`` (sorted, without duplicates),
    and every path that cannot be read, each with a one-line reason."""
    excludes = selection.exclude_rules()
    found = Found()
    for raw in paths:
        path = _absolute(raw)
        if path.is_dir():
            _walk(path.resolve(), selection, excludes, found)
        elif excludes.ignored(path, False):
            continue
        elif path.is_file():
            found.files.append(path)
        else:
            try:
                os.stat(path)
                reason = "not a regular file"
            except OSError as exc:
                reason = _os_reason(exc)
                if not os.path.lexists(path):
                    reason = "no such file or folder"
            found.problems.append((path, f"cannot read: {reason}"))
    found.files = sorted(dict.fromkeys(found.files))
    found.problems = sorted(dict.fromkeys(found.problems))
    return found


def discover(paths: Iterable[str], selection: Selection) -> list[Path]:
    """The readable files among :func:`discover_all`'s (the problems are dropped)."""
    return discover_all(paths, selection).files

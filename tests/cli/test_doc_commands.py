"""The shell commands of README.md, docs/cli.md and runtime/README.md run as written.

Commands are taken from ```sh blocks (every line) and ```console blocks (lines after
``$ ``), and run in document order with bash in a scratch copy of the repository (the
fixes they demonstrate rewrite files). ``src/`` there is a copy of ``examples/`` and
``analysis.ipynb`` a notebook of the seed question, the placeholders the docs use.
Commands that need the network or are the test suite itself (``pip install``,
``pytest``) are listed, not run. Each must exit 0 or 1 (1 is "found something") without
a traceback or a usage error, and where a console block shows output, its first line
must be printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import ROOT

DOCS = ("README.md", "docs/cli.md", "runtime/README.md")
NOT_RUN = (
    re.compile(r"^(python -m )?pip install"),  # the network (and the CI's own install)
    re.compile(r"python -m pytest"),  # the test suite itself
    re.compile(r"^echo \$\?$"),  # shows the previous exit code, checked here directly
)
_BLOCK = re.compile(r"^```(sh|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Command:
    doc: str
    line: str
    expected: str  # the first output line a console block shows ("" when none)


def commands(doc: str) -> list[Command]:
    """The shell commands of one document, in order."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    out = []
    for kind, body in _BLOCK.findall(text):
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if kind == "sh" and line.strip() and not line.lstrip().startswith("#"):
                out.append(Command(doc, line.strip(), ""))
            elif kind == "console" and line.startswith("$ "):
                following = lines[i + 1] if i + 1 < len(lines) else ""
                shown = "" if following.startswith(("$", "...")) else following
                shown = shown.split("...")[0]  # "..." stands for text the docs leave out
                out.append(Command(doc, line[2:].strip(), shown.strip()))
    return out


def runnable(command: Command) -> bool:
    return not any(pattern.search(command.line) for pattern in NOT_RUN)


def _sandbox(tmp_path: Path) -> Path:
    """A copy of the repository's user-facing files, with the docs' placeholders."""
    root = tmp_path / "repo"
    for name in ("examples", "docs", "runtime"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", ".flake8", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "examples", root / "src")
    seed = (ROOT / "examples" / "seed_question.py").read_text(encoding="utf-8")
    lines = seed.splitlines(keepends=True)
    cells = [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": ["# Seed"]}]
    for number, part in enumerate((lines[:17], lines[17:])):
        cell = {"cell_type": "code", "execution_count": None, "id": f"c{number}"}
        cells.append(cell | {"metadata": {}, "outputs": [], "source": part})
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "analysis.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")
    (root / "mylayers.py").write_text(  # the function `convflip probe` is shown on
        "from scipy.signal import convolve2d\n\n\n"
        "def my_conv(x, k):\n    return convolve2d(x, k, 'valid')\n"
    )
    return root


def test_every_doc_has_commands_and_the_skips_are_few() -> None:
    found = {doc: commands(doc) for doc in DOCS}
    assert found["README.md"] and found["docs/cli.md"]
    skipped = [c.line for cs in found.values() for c in cs if not runnable(c)]
    assert all("pip install" in s or "pytest" in s or s == "echo $?" for s in skipped)


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS)
def test_doc_commands_run_as_written(doc, tmp_path) -> None:
    root = _sandbox(tmp_path)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("PRE_COMMIT", None)
    failures = []
    for command in filter(runnable, commands(doc)):
        tool = command.line.split()[0]
        if shutil.which(tool, path=env["PATH"]) is None:
            continue  # an optional tool the test extra does not install (nbqa pulls IPython)
        done = subprocess.run(
            ["bash", "-c", command.line],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        output = done.stdout + done.stderr
        broken = done.returncode not in (0, 1) or "Traceback" in output
        if command.expected and command.expected not in output:
            broken = True
        if broken:
            failures.append(f"{command.line!r} -> {done.returncode}\n{output[-2000:]}")
    assert not failures, "\n\n".join(failures)

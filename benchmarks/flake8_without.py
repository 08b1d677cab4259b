"""Run flake8 with some installed plugins kept out at discovery time.

    FLAKE8_DROP=CNV python benchmarks/flake8_without.py -j1 TREE   # plugin not loaded
    FLAKE8_DROP=    python benchmarks/flake8_without.py -j1 TREE   # plugin loaded

flake8 calls every loaded plugin on every file whatever ``--select`` says, so the only
fair baseline for a plugin's cost is the same command with the plugin never loaded.
``FLAKE8_DROP`` lists entry-point names (comma separated) to filter out of flake8's
plugin finder; both arms of a benchmark go through this same wrapper.

With ``FLAKE8_CONVFLIP_STATS=PATH`` the run also writes JSON about the plugin's work
(files linted, files and lines that reached libcst, seconds in the plugin and in the
libcst stage, whether libcst was imported); this instrumented run is never timed.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _drop_plugins(names: set[str]) -> None:
    from flake8.plugins import finder

    original = finder._find_importlib_plugins

    def filtered():
        for plugin in original():
            if plugin.entry_point.name not in names:
                yield plugin

    finder._find_importlib_plugins = filtered


class _Stats:
    """Counters wrapped around the plugin's entry and its libcst stage."""

    def __init__(self) -> None:
        self.files = self.lines = 0
        self.candidate_files = self.candidate_lines = 0
        self.plugin_seconds = self.libcst_seconds = 0.0
        self.parse_count = 0  # libcst parses, as the engines counted them

    def install(self) -> None:
        from flake8_convflip import engine, plugin

        lint, analyze = plugin.lint_source, engine.Engine.analyze_module

        def timed_lint(source, enabled, tree=None):
            start = time.perf_counter()
            try:
                return lint(source, enabled, tree)
            finally:
                self.files += 1
                self.lines += source.count("\n")
                self.plugin_seconds += time.perf_counter() - start

        def timed_analyze(linter, source, *args, **kwargs):
            start, parses = time.perf_counter(), linter.parses
            try:
                return analyze(linter, source, *args, **kwargs)
            finally:
                self.parse_count += linter.parses - parses
                self.candidate_files += 1
                self.candidate_lines += source.count("\n")
                self.libcst_seconds += time.perf_counter() - start

        plugin.lint_source = timed_lint
        engine.Engine.analyze_module = timed_analyze  # type: ignore[method-assign]

    def dump(self, path: str) -> None:
        data = dict(vars(self))
        data["libcst_imported"] = "libcst" in sys.modules
        with open(path, "w") as out:
            json.dump(data, out)


def main() -> int:
    """Run flake8's command line with the plugins named in FLAKE8_DROP kept out."""
    drop = {name.strip() for name in os.environ.get("FLAKE8_DROP", "").split(",") if name}
    if drop:
        _drop_plugins(drop)
    stats_path = os.environ.get("FLAKE8_CONVFLIP_STATS")
    stats = _Stats() if stats_path and "CNV" not in drop else None
    if stats is not None:
        stats.install()
    from flake8.main.cli import main as flake8_main

    try:
        return flake8_main(sys.argv[1:])
    finally:
        if stats is not None and stats_path:
            stats.dump(stats_path)


if __name__ == "__main__":
    sys.exit(main())

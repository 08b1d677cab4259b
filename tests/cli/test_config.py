"""``[tool.convflip]``: discovery, validation, and the flake8 plugin reading it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flake8_convflip.config import Config, ConfigError, find_pyproject, from_table, glob_matches

from .helpers import WINDOW_VS_CONVOLVE, write


def test_discovered_upwards_only_with_a_convflip_table(tmp_path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.convflip]\nignore = ['CNV3']\n")
    write(tmp_path, "sub/pyproject.toml", "[tool.other]\nx = 1\n")
    assert find_pyproject(tmp_path / "sub" / "deep") == tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"select": ["E501"]}, "names no convflip code: 'E501'"),
        ({"fix-target": "torch"}, "must be 'convflip' or 'scipy', got 'torch'"),
        ({"unsafe-fixes": "yes"}, "unsafe-fixes must be true or false"),
        ({"per-file-ignores": ["x"]}, "per-file-ignores must be a table"),
    ],
)
def test_invalid_tables_name_the_key_and_accepted_values(table, message) -> None:
    with pytest.raises(ConfigError, match=message):
        from_table(table, Path("/p/pyproject.toml"))


def test_per_file_ignores_and_restrict() -> None:
    config = from_table(
        {"ignore": ["CNV3"], "per-file-ignores": {"tests/**/*.py": ["CNV101"]}},
        Path("/p/pyproject.toml"),
    )
    assert "CNV301" not in config.enabled()
    assert "CNV101" not in config.codes_for("/p/tests/unit/test_x.py")
    assert "CNV101" in config.codes_for("/p/src/x.py")
    # narrowing flake8's choice keeps a default-off rule flake8 was asked to run
    assert config.restrict({"CNV102", "CNV301"}, "/p/src/x.py") == {"CNV102"}
    assert Config().restrict({"CNV102"}) == {"CNV102"}


def test_glob_matching() -> None:
    assert glob_matches("tests/*", "tests/a/b.py")  # flake8-style: * crosses folders
    assert glob_matches("test_*.py", "pkg/test_x.py")  # a bare name matches anywhere
    assert glob_matches("**/gen_*.py", "gen_a.py")
    assert not glob_matches("tests/*", "src/tests.py")


def test_flake8_plugin_reads_the_table(tmp_path) -> None:
    write(tmp_path, "pkg/a.py", WINDOW_VS_CONVOLVE)
    write(tmp_path, "tests/test_a.py", WINDOW_VS_CONVOLVE)

    def flake8() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-m", "flake8", "--select", "CNV", "--format=%(path)s", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        return {line.removeprefix("./") for line in done.stdout.split()}

    assert flake8() == {"pkg/a.py", "tests/test_a.py"}
    write(tmp_path, "pyproject.toml", "[tool.convflip.per-file-ignores]\n'tests/*' = ['CNV101']\n")
    assert flake8() == {"pkg/a.py"}
    write(tmp_path, "pyproject.toml", "[tool.convflip]\nignore = ['CNV1']\n")
    assert flake8() == set()

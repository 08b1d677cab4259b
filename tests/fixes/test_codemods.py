"""The libcst codemod commands apply exactly what ``convflip fix`` applies."""

from __future__ import annotations

import subprocess
import sys

import libcst as cst
from libcst.codemod import CodemodContext

from flake8_convflip.fix.codemods import ConvflipFix, ConvflipUnsafeFix

from .test_trust_rails import COMPARED


def _transform(command: ConvflipFix, text: str) -> str:
    return command.transform_module(cst.parse_module(text)).code


def test_safe_tier_holds_back_unsafe_fixes() -> None:
    assert _transform(ConvflipFix(CodemodContext()), COMPARED) == COMPARED


def test_unsafe_tier_and_flag_apply_them() -> None:
    by_class = _transform(ConvflipUnsafeFix(CodemodContext()), COMPARED)
    by_flag = _transform(ConvflipFix(CodemodContext(), unsafe_fixes=True), COMPARED)
    assert by_class == by_flag
    assert 'library = xcorr2d(plane, taps, "valid")' in by_class


def test_select_and_fix_target_arguments() -> None:
    ignored = ConvflipUnsafeFix(CodemodContext(), select="CNV3")
    assert _transform(ignored, COMPARED) == COMPARED
    scipy = ConvflipUnsafeFix(CodemodContext(), fix_target="scipy")
    # 'valid': scipy's exact spelling of the unconjugated correlation (A8)
    assert "convolve2d(plane, taps[::-1, ::-1]" in _transform(scipy, COMPARED)


def test_noqa_is_honoured() -> None:
    text = COMPARED.replace('"valid")\n', '"valid")  # noqa: CNV101\n')
    assert _transform(ConvflipUnsafeFix(CodemodContext()), text) == text


def test_runs_under_libcst_tool(tmp_path) -> None:
    path = tmp_path / "subject.py"
    path.write_text(COMPARED)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "-x",
            "flake8_convflip.fix.codemods.ConvflipFix",
            "--unsafe-fixes",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert 'library = xcorr2d(plane, taps, "valid")' in path.read_text()
    assert "from convflip import xcorr2d" in path.read_text()

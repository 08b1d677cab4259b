"""`convflip probe MODULE:FUNCTION`: the identification of a user's function."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .helpers import cli, write


@pytest.fixture(autouse=True)
def _isolated_imports(monkeypatch):
    """probe puts the current folder on sys.path and imports the user's module."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("layers", "bad_import")):
            del sys.modules[name]


LAYERS = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d


def my_conv(x, k):
    return convolve2d(x, k, "valid")


def relu_conv(x, k):
    return np.maximum(correlate2d(x, k, "same"), 0)


def broken(x, k):
    raise RuntimeError("weights not initialised")


class Layer:
    def forward(self, x, k):
        return correlate2d(x, k[::-1], "full")


layer = Layer()
NOT_CALLABLE = 3
"""


def test_probe_prints_the_sentence_and_the_call_count(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "layers.py", LAYERS)
    code, out, err = cli(capsys, "probe", "layers:my_conv")
    assert code == 0, err
    assert out.splitlines() == [
        "my_conv(x, k) computes conv2d(x, k, 'valid'), a true convolution: the kernel is "
        "rotated 180° compared with xcorr2d",
        "(3 calls of my_conv)",
    ]


def test_probe_shapes_dotted_names_files_and_json(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "pkg/layers_file.py", LAYERS)
    code, out, _ = cli(
        capsys,
        "probe",
        f"{path}:layer.forward",
        "--image-shape",
        "11x9",
        "--kernel-shape",
        "4x3",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["transform"] == "flipud" and data["kernel_shape"] == [4, 3]
    assert data["image_shape"] == [11, 9]
    assert data["equivalent"] == "xcorr2d(x, k[::-1, :], 'full')"


def test_probe_exit_1_for_what_is_not_a_filter(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "layers.py", LAYERS)
    code, out, _ = cli(capsys, "probe", "layers:relu_conv")
    assert code == 1 and "is not a 2-D filter: it is not linear in the image" in out
    code, out, _ = cli(capsys, "probe", "layers:broken")
    assert code == 1 and "raised RuntimeError: weights not initialised" in out


def test_probe_usage_errors_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "layers.py", LAYERS)
    write(tmp_path, "bad_import.py", "import no_such_module_here\n")
    for target, words in [
        ("layers", "target must be MODULE:FUNCTION"),
        ("layers:missing", "has no attribute 'missing'"),
        ("layers:NOT_CALLABLE", "is int, not a function"),
        ("bad_import:f", "cannot import 'bad_import': ModuleNotFoundError"),
        ("nowhere.py:f", "no such file: nowhere.py"),
    ]:
        code, _, err = cli(capsys, "probe", target)
        assert code == 2 and words in err, (target, err)
    code, _, err = cli(capsys, "probe", "layers:my_conv", "--image-shape", "5x5")
    assert code == 2 and "image_shape must be at least 7" in err


def test_probe_as_a_real_command(tmp_path):
    write(tmp_path, "layers.py", LAYERS)
    done = subprocess.run(
        [sys.executable, "-m", "flake8_convflip.cli", "probe", "layers:my_conv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "computes conv2d(x, k, 'valid')" in done.stdout


PROOFS = {
    "CNV101": "convflip.testing.assert_xcorr2d",
    "CNV201": "convflip.testing.assert_xcorr2d",
    "CNV206": "convflip.testing.check_conv_gradients",
}


def test_findings_name_the_check_that_proves_them(capsys):
    from .helpers import ROOT, SEED

    fixtures = sorted(
        str(p) for p in (ROOT / "tests" / "fixtures").glob("CNV*.py") if p.name[:6] in PROOFS
    )
    _, out, _ = cli(capsys, "check", "--output-format", "json", "-j", "1", str(SEED), *fixtures)
    found = [r for r in json.loads(out) if r["code"] in PROOFS]
    assert {r["code"] for r in found} == set(PROOFS)
    for record in found:
        proof = f"; prove it with {PROOFS[record['code']]}"
        assert record["message"].endswith(proof), record["message"]
        assert record["message"].count("prove it") == 1
    for rule, proof in PROOFS.items():
        _, text, _ = cli(capsys, "explain", rule)
        assert f"prove it with {proof}" in text.split("\n\n")[1]

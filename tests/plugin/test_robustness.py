"""Any Python file at all: the plugin never raises, and a syntax error yields no CNV finding.

Checked through ``lint_source`` (every rule enabled), through flake8 itself in a
subprocess (a plugin exception would surface as a traceback and exit status 1), and
by a generated fuzz over array / flip / convolution snippets.  Also the flake8
integration on the seed example and the promise that a process whose files have no
candidate never imports libcst.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import lint_source
from flake8_convflip.fix.apply import fix_source

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed_question.py"

# A file every rule could care about: API calls, flips, windows and loops.
_BUSY = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d

def backward(img, ker, grad):
    flipped = ker[::-1]
    out = convolve2d(img, flipped, "valid")
    acc = 0.0
    for r in range(3):
        for c in range(3):
            acc += img[r + 1][c + 1] * ker[r][c]
    return out, (img[:3, :3] * ker).sum(), correlate2d(grad, ker.T, "same"), acc
"""

ODD_FILES: dict[str, bytes] = {
    "empty": b"",
    "only-comments": b"# one\n# two: convolve2d(x, k[::-1])\n",
    "syntax-error": b"from scipy.signal import convolve2d\nout = convolve2d(x, k[::-1]\n",
    "pep695-alias": b"type Kernel = list[list[float]]\nk = [[1, 2]]\nk2 = k[::-1]\n",
    "pep695-generic": (
        b"import numpy as np\nfrom scipy.signal import convolve2d\n"
        b"def f[T](x: T, k: T) -> T:\n    return convolve2d(x, np.flipud(k), 'valid')\n"
    ),
    "latin-1-cookie": (
        b"# -*- coding: latin-1 -*-\nimport numpy as np\n"
        b"name = '\xe9t\xe9'\nk = np.flipud(np.ones((3, 3)))\n"
    ),
    "bom": b"\xef\xbb\xbf" + _BUSY.encode(),
    "crlf": _BUSY.replace("\n", "\r\n").encode(),
    "form-feed": _BUSY.replace("def backward", "\x0c\ndef backward").encode(),
    "tabs": _BUSY.replace("    ", "\t").encode(),
    "deep-parens": b"x = " + b"(" * 300 + b"k[::-1]" + b")" * 300 + b"\n",
    "deep-binop": b"import numpy as np\ny = np.sum(" + b" + ".join([b"k[::-1]"] * 3000) + b")\n",
    "deep-calls": b"import numpy as np\nz = " + b"np.flip(" * 150 + b"k" + b")" * 150 + b"\n",
    "null-byte": b"x = 1\x00\n",
    "lone-surrogate-escape": b"s = '\\ud800'\nk = k[::-1]\n",
}


def _decode(raw: bytes) -> str:
    """What flake8 hands a plugin: the text decoded by the file's coding cookie."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        return raw.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return raw.decode("latin-1")


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_lint_source_never_raises(name: str) -> None:
    findings = lint_source(_decode(ODD_FILES[name]), ALL_CODES)
    assert all(f.code in ALL_CODES and f.line >= 1 and f.col >= 1 for f in findings)


@pytest.mark.parametrize("name", ["syntax-error", "pep695-alias", "pep695-generic", "null-byte"])
def test_file_python_cannot_parse_has_no_cnv_finding(name: str) -> None:
    source = _decode(ODD_FILES[name])
    try:
        compile(source, name, "exec")
    except (SyntaxError, ValueError):
        assert lint_source(source, ALL_CODES) == []
    else:  # newer Python parses PEP 695: then the file is linted normally
        lint_source(source, ALL_CODES)


def test_the_busy_file_is_linted_in_every_spelling() -> None:
    """BOM, CRLF, form feeds and tabs do not change what is found."""
    plain = [(f.line, f.code) for f in lint_source(_BUSY, ALL_CODES)]
    assert plain, "the busy file must give findings, or this test proves nothing"
    for name in ("bom", "crlf", "form-feed", "tabs"):
        source = _decode(ODD_FILES[name])
        found = [f.code for f in lint_source(source, ALL_CODES)]
        assert sorted(found) == sorted(code for _, code in plain), name


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _python_recursion_limit(raw: bytes) -> bool:
    """flake8 itself dies (uncaught RecursionError in ``ast.parse``) on such a file."""
    import ast

    try:
        ast.parse(_decode(raw))
    except RecursionError:
        return True
    except (SyntaxError, ValueError):
        return False
    return False


def test_flake8_survives_every_odd_file(tmp_path: Path) -> None:
    for name, raw in ODD_FILES.items():
        if not _python_recursion_limit(raw):
            (tmp_path / f"{name.replace('-', '_')}.py").write_bytes(raw)
    ran = _flake8("-j1", "--select", "CNV,E999", "--extend-select", "CNV102", ".", cwd=tmp_path)
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.returncode in (0, 1), ran.stderr
    for line in ran.stdout.splitlines():
        path = line.split(":", 1)[0]
        raw = ODD_FILES[Path(path).stem.replace("_", "-")]
        try:
            compile(_decode(raw), path, "exec")
        except (SyntaxError, ValueError):
            assert " CNV" not in line, f"CNV finding on a file Python cannot parse: {line}"


@pytest.mark.slow
def test_huge_generated_file(tmp_path: Path) -> None:
    body = "".join(
        f"def block_{i}(img, ker):\n"
        f"    k{i} = ker[::-1, ::-1]\n"
        f"    return convolve2d(img, k{i}, 'valid') + np.sum(img[:3, :3] * ker)\n"
        for i in range(4000)
    )
    source = "import numpy as np\nfrom scipy.signal import convolve2d\n" + body
    findings = lint_source(source, ALL_CODES)
    assert all(1 <= f.line <= source.count("\n") for f in findings)
    (tmp_path / "huge.py").write_text(source)
    ran = _flake8("-j1", "--select", "CNV", "huge.py", cwd=tmp_path)
    assert "Traceback" not in ran.stderr
    assert len(ran.stdout.splitlines()) == len(findings)


# -- generated snippets -----------------------------------------------------------------
_ARRAYS = st.sampled_from(["img", "ker", "self.w", "grad", "x[0]", "np.ones((3, 3))"])


def _flips(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        inner,
        inner.map(lambda a: f"{a}[::-1]"),
        inner.map(lambda a: f"{a}[::-1, ::-1]"),
        inner.map(lambda a: f"{a}[:, ::-1]"),
        inner.map(lambda a: f"{a}.T"),
        inner.map(lambda a: f"np.flip({a})"),
        inner.map(lambda a: f"np.flipud({a})"),
        inner.map(lambda a: f"np.rot90({a}, 2)"),
        inner.map(lambda a: f"np.rot90({a})"),
        inner.map(lambda a: f"cv2.flip({a}, -1)"),
    )


_KERNELS = st.recursive(_ARRAYS, _flips, max_leaves=3)
_CALLS = st.sampled_from(
    [
        "convolve2d",
        "correlate2d",
        "signal.convolve",
        "ndimage.correlate",
        "cv2.filter2D",
        "xcorr2d",
    ],
)
_MODES = st.sampled_from(["", ', "valid"', ', "same"', ", mode='full'"])


@st.composite
def _statement(draw) -> str:
    kernel, image = draw(_KERNELS), draw(_KERNELS)
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return f"out = {draw(_CALLS)}({image}, {kernel}{draw(_MODES)})"
    if choice == 1:
        return f"val = np.sum({image}[r:r + 3, c:c + 3] * {kernel})"
    if choice == 2:
        return f"assert np.allclose(val, {draw(_CALLS)}({image}, {kernel}, 'valid')[0, 0])"
    if choice == 3:
        return f"acc += {image}[r + m][c + n] * {kernel}[m][n]"
    if choice == 4:
        return f"k2 = {kernel}"
    return f"print(({image}[:3, :3] * {kernel}).sum(), out[0, 0])"


@st.composite
def _snippet(draw) -> str:
    header = (
        "import numpy as np\nimport cv2\nfrom scipy import signal, ndimage\n"
        "from scipy.signal import convolve2d, correlate2d\nfrom convflip import xcorr2d\n"
    )
    body = draw(st.lists(_statement(), min_size=1, max_size=6))
    wrapper = draw(st.sampled_from(["module", "function", "loop", "backward"]))
    if wrapper == "module":
        return header + "\n".join(body) + "\n"
    indent = "        " if wrapper == "loop" else "    "
    name = "backward" if wrapper == "backward" else "check"
    lines = [f"def {name}(img, ker, grad, x):"]
    if wrapper == "loop":
        lines.append("    for r in range(4):")
    lines += [indent + line for line in body]
    return header + "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_snippet())
def test_generated_snippets_never_crash_and_fixes_reparse(source: str) -> None:
    findings = lint_source(source, ALL_CODES)
    line_count = source.count("\n")
    assert all(1 <= f.line <= line_count for f in findings)
    result = fix_source(source, ALL_CODES, unsafe=True)
    compile(result.source, "<fixed>", "exec")  # a fix never leaves unparseable code


# -- flake8 integration -----------------------------------------------------------------
def _seed_line() -> tuple[int, int]:
    for number, line in enumerate(SEED.read_text().splitlines(), 1):
        if ".sum()" in line:
            return number, line.index("(X[") + 1
    raise AssertionError("the seed lost its .sum() line")


def test_flake8_reports_the_seed_once(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.py")
    ran = _flake8("--select", "CNV", "seed.py", cwd=tmp_path)
    line, col = _seed_line()
    assert ran.stdout.splitlines() == [
        f"seed.py:{line}:{col}: {ran.stdout.split(': ', 1)[1].strip()}"
    ]
    assert ": CNV101 " in ran.stdout


def test_noqa_silences_the_seed(tmp_path: Path) -> None:
    line, _ = _seed_line()
    lines = SEED.read_text().splitlines()
    lines[line - 1] += "  # noqa: CNV101"
    (tmp_path / "seed.py").write_text("\n".join(lines) + "\n")
    ran = _flake8("--select", "CNV", "seed.py", cwd=tmp_path)
    assert ran.stdout == "" and ran.returncode == 0


_LOOP = """\
import numpy as np

def slide(pic, taps):
    res = np.zeros((6, 6))
    for a in range(6):
        for b in range(6):
            res[a, b] = np.sum(pic[a:a + 3, b:b + 3] * taps)
    return res
"""


def test_extend_select_turns_on_the_default_off_rule(tmp_path: Path) -> None:
    (tmp_path / "loop.py").write_text(_LOOP)
    off = _flake8("loop.py", cwd=tmp_path)
    on = _flake8("--extend-select", "CNV102", "loop.py", cwd=tmp_path)
    assert "CNV102" not in off.stdout
    found = [ln for ln in on.stdout.splitlines() if ": CNV" in ln]
    assert len(found) == 1 and found[0].startswith("loop.py:5:5: CNV102 ")


# -- libcst stays out of candidate-free processes ------------------------------------------
_NO_CANDIDATES = {
    "plain.py": "def add(a, b):\n    return a + b\n",
    "numeric.py": "import numpy as np\nx = np.arange(10)\ny = x.sum()\nz = np.dot(x, x)\n",
    "loops.py": "total = 0\nfor item in range(3):\n    total += item\n",
    "words.py": '"""convolve, correlate, flip: only words in a docstring."""\n',
}


_PROBE = textwrap.dedent(
    """
    import sys
    from flake8.api import legacy
    from flake8_convflip.engine import lint_source
    from flake8.main.options import JobsArgument
    style = legacy.get_style_guide(jobs=JobsArgument("1"), extend_select=["CNV102", "CNV501"])
    style.check_files(sys.argv[1:])
    after_flake8 = "libcst" in sys.modules
    found = sum(len(lint_source(open(p).read())) for p in sys.argv[1:])
    print(after_flake8, "libcst" in sys.modules, found)
    """
)


def _probe(paths: list[Path]) -> str:
    ran = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip().splitlines()[-1]  # flake8 printed its own report first


def test_candidate_free_files_never_import_libcst(tmp_path: Path) -> None:
    for name, text in _NO_CANDIDATES.items():
        (tmp_path / name).write_text(text)
    assert _probe([tmp_path / name for name in sorted(_NO_CANDIDATES)]) == "False False 0"
    # the probe does see libcst when a file has a candidate
    (tmp_path / "busy.py").write_text(_BUSY)
    after_flake8, after_lint, found = _probe([tmp_path / "busy.py"]).split()
    assert (after_flake8, after_lint) == ("True", "True") and int(found) > 0

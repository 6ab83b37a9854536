"""Output formats: text, json, github workflow commands, SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import quote

from . import __version__
from .findings import ERROR, WARNING, Finding
from .registry import Check

FORMATS = ("text", "json", "github", "sarif")
TOOL_NAME = "pbcheck"
UNDETECTABLE_CODE = "PB062"


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    text = f"Found {' and '.join(parts)} ({checked})." if parts else f"All checks passed ({checked})."
    undetectable = sum(f.code == UNDETECTABLE_CODE for f in findings)
    if undetectable:
        text += f" {undetectable} Incorrect example{'s' if undetectable != 1 else ''} marked undetectable."
    return text


def as_text(findings: list[Finding], files: int) -> str:
    lines = [f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" + (" [warning]" if f.severity == WARNING else "") for f in findings]
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = [
        f"::{'error' if f.severity == ERROR else 'warning'} file={_escape_property(f.path)},line={f.line},"
        f"col={f.col},title={_escape_property(f.code)}::{_escape_data(f.message)}"
        for f in findings
    ]
    return "".join(line + "\n" for line in lines)


def _artifact(path: str) -> dict[str, str]:
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def as_sarif(findings: list[Finding], checks: dict[str, Check]) -> str:
    codes = sorted({f.code for f in findings} | set(checks))
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        check = checks[code]
        rules.append({
            "id": code,
            "name": check.name,
            "shortDescription": {"text": check.what.strip()},
            "fullDescription": {"text": check.why.strip()},
            "help": {"text": check.what.strip(), "markdown": check.explain()},
            "defaultConfiguration": {"level": "error" if check.severity == ERROR else "warning"},
            "properties": {"category": check.category},
        })
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(f.path),
                    "region": {"startLine": max(f.line, 1), "startColumn": max(f.col, 1)},
                }
            }],
        }
        for f in findings
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"

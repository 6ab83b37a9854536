"""Structure checks for SKILL.md (Agent Skills frontmatter, body budget) and the rule index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bundle import Bundle, MarkdownFile
from .findings import ERROR, WARNING, Finding
from .registry import define

SPEC = ("Agent Skills specification", "https://agentskills.io/specification")
ALLOWED_KEYS = ("name", "description", "license", "compatibility", "metadata", "allowed-tools")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IMPACTS = ("CRITICAL", "HIGH", "MEDIUM-HIGH", "MEDIUM", "LOW-MEDIUM", "LOW")
RULE_KEYS = ("title", "category", "impact", "impactDescription", "tags", "checks")
CODE_RE = re.compile(r"^PB\d{3}$")
# Longest first, so MEDIUM-HIGH is not read as MEDIUM or HIGH.
IMPACT_RE = re.compile(r"(?<![A-Z-])(" + "|".join(sorted(IMPACTS, key=len, reverse=True)) + r")(?![A-Z-])")
NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
# A stated total: "12 rules in 4 categories", "twelve rule files across four categories".
COUNT_RE = re.compile(r"\b" + _NUM + r"\s+rules?(?:\s+files)?\s+(?:in|across)\s+" + _NUM + r"\s+categories\b", re.IGNORECASE)


@dataclass(frozen=True)
class Budget:
    max_lines: int = 500
    max_tokens: int = 5000  # the spec's recommendation for the SKILL.md body
    strict_name: bool = False


UNKNOWN_KEY = define(
    "PB010", "skill-frontmatter-unknown-key",
    "unknown SKILL.md frontmatter key {key!r}; allowed: " + ", ".join(ALLOWED_KEYS),
    what="Reports a SKILL.md frontmatter key the Agent Skills specification does not define.",
    why="Loaders ignore or reject unknown keys; data meant for them belongs under `metadata`.",
    example="---\nname: my-skill\ndescription: Does X. Use when Y.\nversion: 1.0\n---",
    use_instead="---\nname: my-skill\ndescription: Does X. Use when Y.\nmetadata:\n  version: \"1.0\"\n---",
    example_lang="markdown", references=(SPEC,),
)
NAME_INVALID = define(
    "PB011", "skill-name-invalid",
    "skill name {name!r} {problem}",
    what="Checks `name`: 1-64 characters of lower-case letters, digits and hyphens, with no leading, "
    "trailing or doubled hyphen.",
    why="The name is the skill's identifier; loaders reject names outside this alphabet.",
    example="---\nname: Python_Backend\ndescription: Does X. Use when Y.\n---",
    use_instead="---\nname: python-backend\ndescription: Does X. Use when Y.\n---",
    example_lang="markdown", references=(SPEC,),
)
NAME_DIRECTORY = define(
    "PB012", "skill-name-directory-mismatch",
    "skill name {name!r} differs from its directory name {directory!r}",
    what="Reports a skill whose `name` differs from the name of the folder holding SKILL.md. A warning by "
    "default, since a CI checkout may use another folder name; `--strict-name` makes it an error.",
    why="The specification requires the two to match; installed skills are looked up by folder.",
    example_lang="markdown", references=(SPEC,), severity=WARNING,
)
DESCRIPTION_INVALID = define(
    "PB013", "skill-description-invalid",
    "skill description {problem}",
    what="Checks `description`: a string of 1-1024 characters without `<` or `>`.",
    why="The description is all an agent sees before loading the skill; it decides whether the skill "
    "triggers. Angle brackets can be read as markup by loaders.",
    example_lang="markdown", references=(SPEC,),
)
COMPATIBILITY_TOO_LONG = define(
    "PB014", "skill-compatibility-invalid",
    "compatibility {problem}",
    what="Checks `compatibility`: a string of at most 500 characters.",
    why="The field is meant for a short statement of environment requirements.",
    example_lang="markdown", references=(SPEC,),
)
FIELD_TYPE = define(
    "PB015", "skill-field-invalid-type",
    "{key} {problem}",
    what="Checks the types of `license` and `allowed-tools` (strings) and `metadata` (a map of strings "
    "to strings).",
    why="Loaders read these fields with fixed types; a nested map or a number breaks them.",
    example="---\nname: my-skill\ndescription: Does X. Use when Y.\nmetadata:\n  version: 1.0\n---",
    use_instead="---\nname: my-skill\ndescription: Does X. Use when Y.\nmetadata:\n  version: \"1.0\"\n---",
    example_lang="markdown", references=(SPEC,),
)
BODY_TOO_LONG = define(
    "PB016", "skill-body-too-long",
    "SKILL.md body has {lines} lines; keep it under {limit} and move detail to rules/ or references/",
    what="Reports a SKILL.md whose body is longer than 500 lines (`--max-lines`).",
    why="SKILL.md is loaded whole every time the skill triggers; detail belongs in files loaded on demand.",
    example_lang="markdown", references=(SPEC,),
)
BODY_OVER_BUDGET = define(
    "PB017", "skill-body-over-budget",
    "SKILL.md body is about {tokens} tokens ({size} bytes); the budget is {limit} tokens",
    what="Estimates the SKILL.md body's tokens as bytes / 4 and reports a body over the budget "
    "(`--max-tokens`, default 5000, the specification's recommendation).",
    why="Every token of SKILL.md is paid on each activation, before any rule is read.",
    example_lang="markdown", references=(SPEC,),
)
RULE_FRONTMATTER = define(
    "PB020", "rule-frontmatter-invalid",
    "rule frontmatter: {problem}",
    what="Checks a rule file's frontmatter: `title`, `category`, `impact`, `impactDescription`, `tags` "
    "(a list of strings) and `checks` (a list of PBnnn codes the rule teaches).",
    why="The index, the impact table and the checker all read these keys; a missing one breaks them silently.",
    example="---\ntitle: Use TaskGroup\nimpact: HIGH\n---",
    use_instead="---\ntitle: Use TaskGroup\ncategory: asyncio\nimpact: HIGH\nimpactDescription: siblings "
    "cancelled on failure\ntags: [asyncio, taskgroup]\nchecks: [PB101]\n---",
    example_lang="markdown",
)
RULE_IMPACT = define(
    "PB021", "rule-impact-invalid",
    "impact {impact!r} is not one of " + ", ".join(IMPACTS),
    what="Checks that a rule's `impact` is one of CRITICAL, HIGH, MEDIUM-HIGH, MEDIUM, LOW-MEDIUM, LOW.",
    why="Agents prioritise rules by impact; free-form values cannot be compared.",
    example_lang="markdown",
)
RULE_FILENAME = define(
    "PB022", "rule-filename-category-mismatch",
    "rule file name {filename!r} must start with its category {category!r} followed by '-'",
    what="Checks that a rule file's name starts with its `category` and a hyphen.",
    why="The prefix groups rules on disk and in links; a mismatch means the file is filed under the wrong category.",
    example_lang="markdown",
)
RULE_CATEGORY = define(
    "PB023", "rule-category-undeclared",
    "category {category!r} is not declared in SKILL.md's category table",
    what="Checks that every rule's category appears in a SKILL.md table with a `Category` column.",
    why="The category table is how an agent decides which rules to load.",
    example_lang="markdown",
)
RULE_UNLINKED = define(
    "PB024", "rule-not-linked",
    "rule {rule!r} is not linked from SKILL.md",
    what="Reports a rule file that SKILL.md does not link to.",
    why="An agent only reaches rules through SKILL.md; an unlinked rule is never read.",
    example_lang="markdown",
)
INDEX_DISAGREES = define(
    "PB025", "rule-index-disagrees",
    "SKILL.md shows {field} {shown!r} for {rule!r}, but the rule says {actual!r}",
    what="Compares the impact and category SKILL.md shows next to a rule link (on the link's line, or "
    "in the table column / heading it sits under) with the rule's frontmatter.",
    why="A stale index makes an agent skip a critical rule or load the wrong one.",
    example_lang="markdown",
)
COUNT_MISMATCH = define(
    "PB026", "index-count-mismatch",
    "SKILL.md says {stated} {what}, but the bundle has {actual}",
    what="Checks the totals SKILL.md states (\"12 rules in 4 categories\", \"twelve rule files across four "
    "categories\") and the `Rules` column of its category table against the rule files.",
    why="Hard-coded counts drift when a rule is added or removed.",
    example_lang="markdown",
)


def check_skill_frontmatter(bundle: Bundle, budget: Budget) -> list[Finding]:
    skill = bundle.skill
    fm = skill.frontmatter
    if fm is None or fm.data is None:
        return []
    data, path = fm.data, skill.shown
    out: list[Finding] = []
    for key in data:
        if key not in ALLOWED_KEYS:
            out.append(UNKNOWN_KEY.finding(path, fm.line_of(str(key)), 1, key=key))
    name = data.get("name")
    if name is None:
        out.append(NAME_INVALID.finding(path, 1, 1, name="", problem="is missing"))
    elif not isinstance(name, str):
        out.append(NAME_INVALID.finding(path, fm.line_of("name"), 1, name=name, problem="must be a string"))
    else:
        problem = _name_problem(name)
        if problem:
            out.append(NAME_INVALID.finding(path, fm.line_of("name"), 1, name=name, problem=problem))
        elif name != bundle.root.resolve().name:
            check = NAME_DIRECTORY
            finding = check.finding(path, fm.line_of("name"), 1, name=name, directory=bundle.root.resolve().name)
            if budget.strict_name:
                finding = Finding(finding.path, finding.line, finding.col, finding.code, ERROR, finding.message)
            out.append(finding)
    desc = data.get("description")
    line = fm.line_of("description")
    if desc is None:
        out.append(DESCRIPTION_INVALID.finding(path, 1, 1, problem="is missing"))
    elif not isinstance(desc, str):
        out.append(DESCRIPTION_INVALID.finding(path, line, 1, problem="must be a string"))
    elif not desc.strip():
        out.append(DESCRIPTION_INVALID.finding(path, line, 1, problem="is empty"))
    elif len(desc) > 1024:
        out.append(DESCRIPTION_INVALID.finding(path, line, 1, problem=f"has {len(desc)} characters; the limit is 1024"))
    elif "<" in desc or ">" in desc:
        out.append(DESCRIPTION_INVALID.finding(path, line, 1, problem="must not contain '<' or '>'"))
    if "compatibility" in data:
        compat = data["compatibility"]
        line = fm.line_of("compatibility")
        if not isinstance(compat, str):
            out.append(COMPATIBILITY_TOO_LONG.finding(path, line, 1, problem="must be a string"))
        elif len(compat) > 500:
            out.append(COMPATIBILITY_TOO_LONG.finding(path, line, 1, problem=f"has {len(compat)} characters; the limit is 500"))
    for key in ("license", "allowed-tools"):
        if key in data and not isinstance(data[key], str):
            out.append(FIELD_TYPE.finding(path, fm.line_of(key), 1, key=key, problem="must be a string"))
    if "metadata" in data:
        meta = data["metadata"]
        line = fm.line_of("metadata")
        if not isinstance(meta, dict):
            out.append(FIELD_TYPE.finding(path, line, 1, key="metadata", problem="must be a map of strings to strings"))
        else:
            for k, v in meta.items():
                if not isinstance(k, str) or not isinstance(v, str):
                    out.append(FIELD_TYPE.finding(path, line, 1, key=f"metadata.{k}", problem=f"must be a string (got {type(v).__name__}); quote it"))
    return out


def _name_problem(name: str) -> str:
    if not 1 <= len(name) <= 64:
        return f"has {len(name)} characters; it must have 1-64"
    if name.startswith("-") or name.endswith("-"):
        return "must not start or end with a hyphen"
    if "--" in name:
        return "must not contain consecutive hyphens"
    if not NAME_RE.match(name):
        return "may contain only lower-case letters, digits and hyphens"
    return ""


def check_skill_body(skill: MarkdownFile, budget: Budget) -> list[Finding]:
    fm = skill.frontmatter
    if skill.text is None:
        return []
    body_start = fm.body_line if fm is not None and fm.data is not None else 1
    body_lines = skill.text.splitlines()[body_start - 1 :]
    out = []
    if len(body_lines) > budget.max_lines:
        out.append(BODY_TOO_LONG.finding(skill.shown, body_start + budget.max_lines, 1, lines=len(body_lines), limit=budget.max_lines))
    size = len("\n".join(body_lines).encode("utf-8"))
    tokens = size // 4
    if tokens > budget.max_tokens:
        out.append(BODY_OVER_BUDGET.finding(skill.shown, body_start, 1, tokens=tokens, size=size, limit=budget.max_tokens))
    return out


def check_rule_frontmatter(rule: MarkdownFile) -> list[Finding]:
    fm = rule.frontmatter
    if fm is None or fm.data is None:
        return []
    data, path = fm.data, rule.shown
    out: list[Finding] = []
    for key in RULE_KEYS:
        if key not in data:
            out.append(RULE_FRONTMATTER.finding(path, 1, 1, problem=f"missing key {key!r}"))
    for key in ("title", "category", "impactDescription"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            out.append(RULE_FRONTMATTER.finding(path, fm.line_of(key), 1, problem=f"{key!r} must be a non-empty string"))
    for key in ("tags", "checks"):
        value = data.get(key)
        if key in data and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            out.append(RULE_FRONTMATTER.finding(path, fm.line_of(key), 1, problem=f"{key!r} must be a list of strings"))
        elif key == "checks" and isinstance(value, list):
            for code in value:
                if not CODE_RE.match(code):
                    out.append(RULE_FRONTMATTER.finding(path, fm.line_of(key), 1, problem=f"{code!r} in 'checks' is not a PBnnn code"))
    impact = data.get("impact")
    if "impact" in data and impact not in IMPACTS:
        out.append(RULE_IMPACT.finding(path, fm.line_of("impact"), 1, impact=impact))
    category = data.get("category")
    if isinstance(category, str) and category and not rule.path.name.startswith(category + "-"):
        out.append(RULE_FILENAME.finding(path, fm.line_of("category"), 1, filename=rule.path.name, category=category))
    return out


def _cell_text(cell: str) -> str:
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)
    return cell.replace("`", "").replace("*", "").strip()


def _rule_meta(rule: MarkdownFile) -> dict:
    fm = rule.frontmatter
    return fm.data if fm is not None and fm.data is not None else {}


def check_index(bundle: Bundle) -> list[Finding]:
    """SKILL.md as an index: categories declared, rules linked, shown impact/category, counts."""
    from .links import resolve

    skill = bundle.skill
    doc = skill.doc
    path = skill.shown
    out: list[Finding] = []
    rules = bundle.rules
    meta = {r.rel: _rule_meta(r) for r in rules}

    declared: dict[str, int] = {}  # category -> stated rule count (-1 when not stated)
    row_category: dict[int, str] = {}  # SKILL.md line of a table row -> the category it names
    for table in doc.tables:
        header = [_cell_text(h).lower() for h in table.header]
        if "category" not in header:
            continue
        cat_col = header.index("category")
        rules_col = header.index("rules") if "rules" in header else None
        for line, cells in table.rows:
            if cat_col >= len(cells):
                continue
            # Categories are declared by name or by filename prefix ("asyncio-").
            name = _cell_text(cells[cat_col]).lower().rstrip("-")
            row_category[line] = name
            stated = -1
            if rules_col is not None and rules_col < len(cells):
                m = re.match(r"^\s*(\d+)\s*$", _cell_text(cells[rules_col]))
                stated = int(m.group(1)) if m else -1
            declared[name] = stated
            actual = sum(1 for r in rules if str(meta[r.rel].get("category", "")).lower() == name)
            if stated >= 0 and stated != actual and all(meta.values()):  # unreadable frontmatter: reported already
                out.append(COUNT_MISMATCH.finding(path, line, 1, stated=stated, what=f"rules in category {name!r}", actual=actual))

    for rule in rules:
        category = meta[rule.rel].get("category")
        if isinstance(category, str) and category and category.lower() not in declared:
            out.append(RULE_CATEGORY.finding(rule.shown, rule.frontmatter.line_of("category") if rule.frontmatter else 1, 1, category=category))

    # Which rule each SKILL.md link points at, and what it shows beside the link.
    linked: set[str] = set()
    headings = sorted(doc.headings, key=lambda h: h.line)
    source_lines = (skill.text or "").splitlines()
    for link in doc.links:
        target = resolve(bundle, skill, link.target)
        if target is None or target not in meta:
            continue
        linked.add(target)
        rule_meta = meta[target]
        line_text = source_lines[link.line - 1] if link.line - 1 < len(source_lines) else ""
        shown_impacts = IMPACT_RE.findall(line_text)
        actual_impact = rule_meta.get("impact")
        if len(set(shown_impacts)) == 1 and actual_impact in IMPACTS and shown_impacts[0] != actual_impact:
            out.append(INDEX_DISAGREES.finding(path, link.line, link.col, field="impact", shown=shown_impacts[0], rule=target, actual=actual_impact))
        shown_category = row_category.get(link.line)
        if shown_category is None:
            above = [h for h in headings if h.line <= link.line]
            for heading in reversed(above):
                text = _cell_text(heading.text).lower()
                match = next((c for c in declared if text == c or text.startswith(c + " ") or text.startswith(c + ":")), None)
                if match:
                    shown_category = match
                    break
                if heading.level <= 2:
                    break
        actual_category = str(rule_meta.get("category", "")).lower()
        if shown_category and actual_category and shown_category != actual_category:
            out.append(INDEX_DISAGREES.finding(path, link.line, link.col, field="category", shown=shown_category, rule=target, actual=actual_category))

    for rule in rules:
        if rule.rel not in linked:
            out.append(RULE_UNLINKED.finding(rule.shown, 1, 1, rule=rule.rel))

    categories = {str(meta[r.rel].get("category", "")).lower() for r in rules if meta[r.rel].get("category")}
    for line, text in doc.texts:
        for m in COUNT_RE.finditer(" ".join(text.split())):
            for raw, noun, actual in ((m.group(1), "rules", len(rules)), (m.group(2), "categories", len(categories))):
                stated = int(raw) if raw.isdigit() else NUMBER_WORDS[raw.lower()]
                if stated != actual and (noun == "rules" or all(meta.values())):
                    out.append(COUNT_MISMATCH.finding(path, line, 1, stated=stated, what=noun, actual=actual))
    return out

"""The documentation holds together: every relative link in README.md, CHANGELOG.md and docs/
leads to a file in the repository (and to a heading there, when it names one), external links
are well formed, the README stays a short front door, and every environment variable the
settings read is documented. Nothing here reaches the network or anything beside the clone."""
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
README_MAX_LINES = 150
CONFIGURATION_PAGE = ROOT / "docs" / "operations" / "configuration.md"

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target) and ![alt](target), with an optional "title" after the target.
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def documentation_files(root: Path = ROOT) -> list[Path]:
    """The Markdown files whose links are checked."""
    files = [root / "README.md", root / "CHANGELOG.md"]
    return [f for f in files if f.exists()] + sorted((root / "docs").rglob("*.md"))


def _prose_lines(text: str, *, drop_code: bool = True):
    """(line number, line) for every line outside fenced code blocks, inline code removed
    unless ``drop_code`` is false (a heading's anchor keeps the code's text)."""
    fenced = None
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if fence:
            if fenced is None:
                fenced = fence.group(1)
            elif fence.group(1) == fenced:
                fenced = None
            continue
        if fenced is None:
            yield number, INLINE_CODE.sub("", line) if drop_code else line


def links(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every link in a Markdown text, code left out. A link's text
    may wrap onto the next line, as prose does."""
    lines = dict(_prose_lines(text))
    found = []
    for number, line in lines.items():
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            found.append((number, definition.group(1)))
    # Code blocks become blank lines, so a match's offset still gives its line.
    prose = "\n".join(lines.get(n, "") for n in range(1, len(text.splitlines()) + 1))
    for pattern in (INLINE_LINK, AUTOLINK):
        found.extend((prose.count("\n", 0, m.start()) + 1, m.group(1)) for m in pattern.finditer(prose))
    return sorted(found, key=lambda found_link: found_link[0])


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: the text as rendered (code, links and emphasis
    marks dropped), lower case, punctuation other than hyphens and underscores removed, each
    space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a Markdown text; repeated headings get -1, -2, … as on GitHub."""
    seen: dict[str, int] = {}
    result = set()
    for _, line in _prose_lines(text, drop_code=False):
        heading = HEADING.match(line)
        if not heading:
            continue
        base = slug(heading.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """Every link in ``path`` that leads nowhere: a relative link to a file that is not in the
    repository under ``root`` or to a heading its target does not have, or an external link
    that is not a well-formed http(s) or mailto address."""
    problems = []
    text = path.read_text(encoding="utf-8")
    for number, target in links(text):
        where = f"{path.relative_to(root)}:{number}: {target}"
        parts = urlsplit(target)
        if parts.scheme in {"http", "https"}:
            if not parts.netloc or " " in target:
                problems.append(f"{where}: not a well-formed web address")
            continue
        if parts.scheme == "mailto":
            if "@" not in parts.path:
                problems.append(f"{where}: not a well-formed email address")
            continue
        if parts.scheme or parts.netloc:
            problems.append(f"{where}: only relative, http(s) and mailto links are allowed")
            continue
        file_part, anchor = unquote(parts.path), parts.fragment
        if not file_part:
            destination = path
        elif file_part.startswith("/"):
            destination = (root / file_part.lstrip("/")).resolve()
        else:
            destination = (path.parent / file_part).resolve()
        if not destination.is_relative_to(root.resolve()):
            problems.append(f"{where}: leads outside the repository")
            continue
        if not destination.exists():
            problems.append(f"{where}: no such file")
            continue
        if anchor:
            if destination.suffix != ".md" or destination.is_dir():
                problems.append(f"{where}: an anchor into a file that is not Markdown")
            elif anchor not in anchors(destination.read_text(encoding="utf-8")):
                problems.append(f"{where}: no heading #{anchor} in {destination.name}")
    return problems


def test_every_link_in_the_documentation_leads_somewhere():
    files = documentation_files()
    assert ROOT / "README.md" in files and ROOT / "CHANGELOG.md" in files
    assert len(files) > 10, "the docs/ tree is missing"
    problems = [problem for path in files for problem in broken_links(path)]
    assert not problems, "\n".join(problems)


def test_the_link_checker_reports_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        "# Guide\n\n## Getting started\n\n## Getting started\n\n### Under `make run`\n")
    page = tmp_path / "README.md"
    page.write_text(
        "[fine](docs/guide.md#getting-started) and [its twin](docs/guide.md#getting-started-1)"
        " and [code](docs/guide.md#under-make-run)\n"
        "[gone](docs/missing.md)\n"
        "[no such heading](docs/guide.md#installing)\n"
        "[out of the repository](../elsewhere.md)\n"
        "[here](#readme) [web](https://example.org/a) [bad web](https://) [wrapped\n"
        "text](docs/gone-too.md)\n"
        "```\n[in code](docs/also-missing.md)\n```\n"
        "`[inline code](docs/not-a-link.md)`\n"
    )
    problems = broken_links(page, root=tmp_path)
    assert problems == [
        "README.md:2: docs/missing.md: no such file",
        "README.md:3: docs/guide.md#installing: no heading #installing in guide.md",
        "README.md:4: ../elsewhere.md: leads outside the repository",
        "README.md:5: #readme: no heading #readme in README.md",
        "README.md:5: https://: not a well-formed web address",
        "README.md:5: docs/gone-too.md: no such file",
    ]


def test_headings_become_anchors_as_on_github():
    assert slug("Backup and restore") == "backup-and-restore"
    assert slug("`SITE_URL` and the worker's emails") == "site_url-and-the-workers-emails"
    assert slug("0001. QA visits: their own app") == "0001-qa-visits-their-own-app"
    assert slug("Roles and [demo](x.md) logins") == "roles-and-demo-logins"


def test_the_readme_is_a_short_front_door():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


SETTING_READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\(\s*|os\.environ\[\s*|env_bool\(\s*|env_list\(\s*)["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_environment_variable_the_settings_read_is_documented():
    read = {name for path in sorted((ROOT / "qaportal" / "settings").glob("*.py"))
            for name in SETTING_READS.findall(path.read_text(encoding="utf-8"))}
    assert {"SECRET_KEY", "SITE_URL", "EMAIL_HOST"} <= read  # the pattern still finds them
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", CONFIGURATION_PAGE.read_text(encoding="utf-8")))
    assert not read - documented, f"undocumented in {CONFIGURATION_PAGE.name}: {sorted(read - documented)}"

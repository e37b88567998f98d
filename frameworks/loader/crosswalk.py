"""Crosswalk data files (``fixtures/crosswalks/*.yaml``): which sections of a self-assessment
framework speak to which evaluative questions of a QA visit framework.

A file names both framework versions (which must be loaded first) and maps each section code
to a list of question codes::

    slug: integrated-to-leics-visit
    version: "1"
    name: IntegratED benchmarks and the Leicestershire QA visit questions
    framework: {slug: integrated-ap-benchmarks, version: "1"}
    visit_framework: {slug: leics-ap-visit, version: "1"}
    links:
      "8": ["2"]        # Quality of education: Learner Progress

Every problem is reported at once with its file and line, as for framework files. Loading is
idempotent: the same content again changes nothing; different content under a loaded
(slug, version) is refused.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from ..models import Crosswalk, CrosswalkLink, Framework
from .errors import DUPLICATE_ITEM, ITEM_WRONG_TYPE, NOT_A_MAPPING, WRONG_TYPE, FrameworkFileError
from .fields import FieldReader, describe, max_length_of
from .reading import Map, Seq, read_tree
from .validation import SLUG_RULE, VERSION_RULE

FIELDS = ("slug", "version", "name", "description", "framework", "visit_framework", "links")
NOT_LOADED = "framework '{slug}' version {version} is not loaded: load the framework files first"
NOT_A_VISIT = "'{slug}' is not a QA visit framework"
IS_A_VISIT = "'{slug}' is a QA visit framework: name a self-assessment framework here"
NO_SUCH_CODE = "'{framework}' has no {kind} '{code}' (its {kind}s: {known})"
NOT_A_MAPPING_OF = "'{key}' must map {what}, not {actual}"
CHANGED = ("crosswalk {slug} version {version} is already loaded with different content: a "
           "changed crosswalk is a new version, in a new file")


@dataclass(frozen=True)
class CrosswalkData:
    slug: str
    version: str
    name: str
    description: str
    framework: tuple[str, str]  # (slug, version)
    visit_framework: tuple[str, str]
    links: tuple[tuple[str, tuple[str, ...], int], ...]  # (section code, question codes, line)

    def digest(self) -> str:
        content = {k: v for k, v in self.__dict__.items()}
        content["links"] = [[code, list(questions)] for code, questions, _ in self.links]
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


class _Parser(FieldReader):
    def framework_ref(self, tree: Map, key: str) -> tuple[str, str]:
        value = tree.get(key)
        if not isinstance(value, Map):
            self.error(tree.line_of(key), "", WRONG_TYPE.format(
                key=key, expected="a mapping with slug and version", actual=describe(value)))
            return "", ""
        self.fields(value, ("slug", "version"), key)
        return (self.text(value, "slug", key, required=True, rule=SLUG_RULE),
                self.text(value, "version", key, required=True, rule=VERSION_RULE))

    def links(self, tree: Map) -> tuple:
        value = tree.get("links")
        if not isinstance(value, Map) or not value:
            self.error(tree.line_of("links"), "", NOT_A_MAPPING_OF.format(
                key="links", what="section codes to lists of question codes",
                actual=describe(value)))
            return ()
        found = []
        for code, questions in value.items():
            line = value.line_of(code)
            if not isinstance(questions, Seq) or not questions:
                self.error(line, f"links: '{code}'", WRONG_TYPE.format(
                    key=code, expected="a list of question codes", actual=describe(questions)))
                continue
            seen: dict[str, int] = {}
            for index, question in enumerate(questions, start=1):
                if not isinstance(question, str):
                    self.error(line, "links", ITEM_WRONG_TYPE.format(
                        index=index, key=code, expected="text (in quotes)",
                        actual=describe(question)))
                elif question in seen:
                    self.error(line, "links", DUPLICATE_ITEM.format(
                        key=code, value=question, first_line=seen[question]))
                else:
                    seen[question] = line
            found.append((str(code), tuple(seen), line))
        return tuple(found)


def parse_crosswalk(text: str, *, filename: str) -> tuple[CrosswalkData, Map]:
    """The file's content, checked for shape (not yet against the loaded frameworks), and its
    tree (for the lines of its fields)."""
    tree, errors = read_tree(text, filename)
    if errors:
        raise FrameworkFileError(errors)
    if not isinstance(tree, Map):
        raise FrameworkFileError([f"{filename}, line 1: "
                                  + NOT_A_MAPPING.format(actual=describe(tree))])
    parser = _Parser(filename)
    parser.fields(tree, FIELDS, "")
    data = CrosswalkData(
        slug=parser.text(tree, "slug", "", required=True, rule=SLUG_RULE,
                         max_length=max_length_of(Crosswalk, "slug")),
        version=parser.text(tree, "version", "", required=True, rule=VERSION_RULE,
                            max_length=max_length_of(Crosswalk, "version")),
        name=parser.text(tree, "name", "", required=True,
                         max_length=max_length_of(Crosswalk, "name")),
        description=parser.text(tree, "description", ""),
        framework=parser.framework_ref(tree, "framework"),
        visit_framework=parser.framework_ref(tree, "visit_framework"),
        links=parser.links(tree),
    )
    if parser.errors:
        raise FrameworkFileError(parser.errors)
    return data, tree


def _resolve(data: CrosswalkData, tree_lines: dict, filename: str):
    """The two frameworks and the (section, question) pairs, checked against what is loaded."""
    errors = []

    def at(line, message):
        errors.append(f"{filename}, line {line}: {message}")

    frameworks = {}
    for key, (slug, version) in (("framework", data.framework),
                                 ("visit_framework", data.visit_framework)):
        framework = Framework.objects.filter(slug=slug, version=version).first()
        if framework is None:
            at(tree_lines.get(key, 1), f"{key}: " + NOT_LOADED.format(slug=slug, version=version))
        elif (key == "visit_framework") != (framework.kind == Framework.Kind.QA_VISIT):
            at(tree_lines.get(key, 1), f"{key}: " + (NOT_A_VISIT if key == "visit_framework"
                                                     else IS_A_VISIT).format(slug=slug))
        frameworks[key] = framework
    if errors:
        raise FrameworkFileError(errors)
    sections = {s.code: s for s in frameworks["framework"].sections.all()}
    questions = {s.code: s for s in frameworks["visit_framework"].sections.all()}
    pairs = []
    for code, wanted, line in data.links:
        if code not in sections:
            at(line, "links: " + NO_SUCH_CODE.format(
                framework=data.framework[0], kind="section", code=code,
                known=", ".join(sorted(sections, key=_natural))))
            continue
        for question in wanted:
            if question not in questions:
                at(line, f"links: '{code}': " + NO_SUCH_CODE.format(
                    framework=data.visit_framework[0], kind="question", code=question,
                    known=", ".join(sorted(questions, key=_natural))))
            else:
                pairs.append((sections[code], questions[question]))
    if errors:
        raise FrameworkFileError(errors)
    return frameworks["framework"], frameworks["visit_framework"], pairs


def _natural(code: str):
    return (len(code), code)


def load_crosswalk(text: str, *, filename: str, dry_run: bool = False) -> str:
    """Check one crosswalk file and load it in one transaction; what it did, in words."""
    data, tree = parse_crosswalk(text, filename=filename)
    name = f"crosswalk {data.slug} {data.version}"
    if dry_run and not all(Framework.objects.filter(slug=slug, version=version).exists()
                           for slug, version in (data.framework, data.visit_framework)):
        # The frameworks it names would be created by this same run: the file's shape is
        # checked; its codes are checked when it is loaded after them.
        return f"would create {name} (its codes are checked once its frameworks are loaded)"
    framework, visit_framework, pairs = _resolve(data, tree.lines, filename)
    digest = data.digest()
    existing = Crosswalk.objects.filter(slug=data.slug, version=data.version).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise FrameworkFileError([f"{filename}, line {tree.line_of('version')}: "
                                      + CHANGED.format(slug=data.slug, version=data.version)])
        return f"unchanged {name}"
    if dry_run:
        return f"would create {name}: {len(pairs)} links"
    with transaction.atomic():
        crosswalk = Crosswalk.objects.create(
            slug=data.slug, version=data.version, name=data.name, description=data.description,
            framework=framework, visit_framework=visit_framework, content_hash=digest,
            source_file=filename)
        CrosswalkLink.objects.bulk_create(
            CrosswalkLink(crosswalk=crosswalk, section=section, question=question)
            for section, question in pairs)
    return f"created {name}: {len(pairs)} links"

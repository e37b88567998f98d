"""Due-diligence checklists as data: ``fixtures/checklists/*.yaml``, read and checked the way a
framework file is (``frameworks.loader``: every problem at once, each with its file and line),
and loaded by ``load_frameworks`` through ``frameworks.data_loaders``. A loaded version never
changes: the same content again is "unchanged", other content under a loaded version is
refused, and a changed checklist is a new version in a new file.

    slug: due-diligence             # lowercase letters, digits and hyphens
    version: "1"
    name: Due diligence before commissioning
    source: ...                     # where the checklist comes from
    groups:                         # at least one, in order
      - code: policies
        title: Policies in place
    items:                          # at least one, in order
      - code: safeguarding-policy   # unique in the file
        group: policies             # a group above
        text: A safeguarding policy ...
        source: 'Islington: "all the right policies in place"'   # where this item comes from
"""
import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from frameworks.loader import FrameworkFileError
from frameworks.loader.fields import FieldReader, max_length_of
from frameworks.loader.validation import SLUG_RULE, SLUGLIKE_RULE, VERSION_RULE, parse_with

from .models import Checklist, ChecklistItem

TOP_FIELDS = ("slug", "version", "name", "source", "groups", "items")
GROUP_FIELDS = ("code", "title")
ITEM_FIELDS = ("code", "group", "text", "source")
UNKNOWN_GROUP = "'group' names group '{code}', which is not defined under 'groups' ({defined})"
CHANGED = ("{slug} version {version} is already loaded with different content. A changed "
           "checklist is a new version, in a new file.")


def directory() -> Path:
    return settings.BASE_DIR / "fixtures" / "checklists"


@dataclass(frozen=True)
class ItemData:
    code: str
    group: str  # the group's title
    text: str
    source: str


@dataclass(frozen=True)
class ChecklistData:
    slug: str
    version: str
    name: str
    source: str
    items: tuple[ItemData, ...]

    def content_hash(self) -> str:
        canonical = json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Parser(FieldReader):
    def checklist(self, root) -> ChecklistData | None:
        if not isinstance(root, dict):
            self.error(getattr(root, "line", 1), "", "the file must hold a checklist's fields "
                                                     "(slug:, version:, name:, ...)")
            return None
        self.fields(root, TOP_FIELDS, "")
        slug = self.text(root, "slug", "", required=True,
                         max_length=max_length_of(Checklist, "slug"), rule=SLUG_RULE)
        version = self.text(root, "version", "", required=True,
                            max_length=max_length_of(Checklist, "version"), rule=VERSION_RULE)
        name = self.text(root, "name", "", required=True,
                         max_length=max_length_of(Checklist, "name"))
        source = self.text(root, "source", "", required=True)
        groups, seen = {}, {}
        for item, _line, index in self.items(root, "groups", "", minimum=1, noun="group"):
            code = self.code(item, f"group #{index}", SLUGLIKE_RULE, 60, seen, "group")
            where = f"group {code or f'#{index}'}"
            self.fields(item, GROUP_FIELDS, where)
            groups[code] = self.text(item, "title", where, required=True,
                                     max_length=max_length_of(ChecklistItem, "group"))
        items, seen = [], {}
        for item, _line, index in self.items(root, "items", "", minimum=1, noun="item"):
            code = self.code(item, f"item #{index}", SLUG_RULE,
                             max_length_of(ChecklistItem, "code"), seen, "item")
            where = f"item {code or f'#{index}'}"
            self.fields(item, ITEM_FIELDS, where)
            group = self.text(item, "group", where, required=True)
            if group and group not in groups:
                self.error(item.line_of("group"), where, UNKNOWN_GROUP.format(
                    code=group, defined=", ".join(groups) or "none"))
            items.append(ItemData(code=code, group=groups.get(group, ""),
                                  text=self.text(item, "text", where, required=True),
                                  source=self.text(item, "source", where, required=True)))
        return ChecklistData(slug=slug, version=version, name=name, source=source,
                             items=tuple(items))


def parse_checklist(text: str, *, filename: str) -> ChecklistData:
    """Parse and check one file's text; ``FrameworkFileError`` lists every problem, by line."""
    parser = _Parser(filename)
    return parse_with(parser, parser.checklist, text, filename)


def checklist_load(path: Path, *, dry_run: bool = False) -> str:
    """Load one checklist file (``frameworks.data_loaders`` contract): what it did, in words."""
    filename = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError):
        raise FrameworkFileError([f"{filename}: cannot be read as UTF-8 text."]) from None
    data = parse_checklist(text, filename=filename)
    digest = data.content_hash()
    said = f"checklist {data.slug} {data.version}: {len(data.items)} items"
    existing = Checklist.objects.filter(slug=data.slug, version=data.version).first()
    if existing is not None:
        if existing.content_hash == digest:
            return f"unchanged {said}"
        raise FrameworkFileError([f"{filename}: " + CHANGED.format(slug=data.slug,
                                                                   version=data.version)])
    if dry_run:
        return f"would create {said}"
    try:
        with transaction.atomic():
            checklist = Checklist.objects.create(
                slug=data.slug, version=data.version, name=data.name, source=data.source,
                content_hash=digest, source_file=filename[:300])
            ChecklistItem.objects.bulk_create(
                ChecklistItem(checklist=checklist, code=item.code, group=item.group,
                              text=item.text, source=item.source, order=order)
                for order, item in enumerate(data.items, start=1))
    except IntegrityError:
        raise FrameworkFileError([f"{filename}: {data.slug} version {data.version} was loaded "
                                  "by someone else meanwhile: load the file again."]) from None
    return f"created {said}"


def current_checklist() -> Checklist | None:
    """The checklist new checks are made against: the last loaded."""
    return Checklist.objects.order_by("-loaded_at", "-pk").first()

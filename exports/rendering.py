"""Rendering a bulk export: each report's PDF through the reports app, exactly as its single
download makes it for the person who asked, written one by one into a ZIP in a temporary
file, then the XLSX summary listing every item. One report that cannot be made is recorded
with its reason and the rest go on."""
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from reports.audience import copy_options, hidden_from
from reports.filenames import action_plan_filename, assessment_filename
from reports.renderers import render_action_plan_pdf, renderer_for
from reports.spreadsheets import Column, Table, to_xlsx

from .models import BulkExport
from .selectors import Item

logger = logging.getLogger(__name__)

SUMMARY_NAME = "summary.xlsx"
INCLUDED = "Included"
NOT_INCLUDED = "Not included"
FAILED = "Failed"
NOTHING = "Nothing for this year"
NOTHING_REASON = "No report of the chosen kinds for {period} that you may see."
RENDER_FAILED = "The PDF could not be made ({error}). Download it from its page, or try again."
NO_RENDERER = "There is no PDF report for this kind of record yet."


class ItemNotIncluded(Exception):
    """This report is not for the chosen copy (e.g. a visit not yet shared with the provider)."""


@dataclass
class Outcome:
    """What became of one item: its summary row, and whether it failed."""

    item: Item
    status: str
    filename: str = ""
    reason: str = ""

    @property
    def description(self) -> str:
        return f"{self.item.provider.name}: {self.item.label}"

    def failure(self) -> dict:
        return {"item": self.description, "status": self.status, "reason": self.reason}


def item_pdf(item: Item, *, audience: str, user) -> tuple[bytes, str]:
    """The PDF of one item for ``audience`` as ``user`` may have it, and its file name (the
    single download's). Raises ItemNotIncluded when the copy may not hold it."""
    obj = item.obj
    if item.report == BulkExport.Report.ACTION_PLANS:
        content = render_action_plan_pdf(obj, audience=audience, user=user)
        return content, action_plan_filename(obj.provider, obj.period, "pdf", audience=audience)
    reason = hidden_from(obj, audience)
    if reason:
        raise ItemNotIncluded(f"Not in the {audience} copy: {reason}.")
    renderer = renderer_for(obj)
    if renderer is None:
        raise ItemNotIncluded(NO_RENDERER)
    content = renderer(obj, audience=audience, **copy_options(user, obj))
    return content, assessment_filename(obj, "pdf", audience=audience)


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate)
    return candidate


def summary_table(export: BulkExport, outcomes: list[Outcome], providers=()) -> Table:
    """One row per item: provider, report, year, status, and the file name or the reason; and
    one for each of ``providers`` (those chosen) with no item, saying there is nothing for the
    year, so no chosen provider goes unmentioned. By provider name."""
    rows = [(o.item.provider, [o.item.provider.name, o.item.label, export.period, o.status,
                               o.filename or o.reason]) for o in outcomes]
    with_items = {o.item.provider.pk for o in outcomes}
    asked = ", ".join(export.report_labels)
    rows += [(p, [p.name, asked, export.period, NOTHING, NOTHING_REASON.format(period=export.period)])
             for p in providers if p.pk not in with_items]
    rows.sort(key=lambda row: (row[0].name, row[0].pk))  # stable: items keep their order
    return Table(
        title="Reports",
        columns=[Column("Provider", 32, True), Column("Report", 36, True),
                 Column("Academic year", 12), Column("Status", 22),
                 Column("File or reason", 70, True)],
        rows=[row for _, row in rows],
    )


def write_zip(out, export: BulkExport, items: list[Item], *, user,
              progress: Callable[[int, list[dict]], bool], providers=()) -> list[Outcome] | None:
    """Write every item's PDF and the summary into ``out`` (a binary file); the summary also
    lists each of ``providers`` that has no item. ``progress(done, failures)`` is called after
    each item; when it returns False (the export was taken from this worker) writing stops
    and None is returned."""
    outcomes: list[Outcome] = []
    failures: list[dict] = []
    taken: set[str] = {SUMMARY_NAME}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, item in enumerate(items, start=1):
            try:
                content, filename = item_pdf(item, audience=export.audience, user=user)
            except ItemNotIncluded as exc:
                outcome = Outcome(item, NOT_INCLUDED, reason=str(exc))
            except Exception as exc:  # one report's failure must not stop the others
                logger.exception("Bulk export %s: %s failed", export.pk, item.label)
                outcome = Outcome(item, FAILED,
                                  reason=RENDER_FAILED.format(error=type(exc).__name__))
            else:
                filename = _unique(filename, taken)
                archive.writestr(filename, content)
                outcome = Outcome(item, INCLUDED, filename=filename)
            outcomes.append(outcome)
            if outcome.status != INCLUDED:
                failures.append(outcome.failure())
            if not progress(done, failures):
                return None
        archive.writestr(SUMMARY_NAME, to_xlsx(summary_table(export, outcomes, providers)))
    return outcomes

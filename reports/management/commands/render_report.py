"""`manage.py render_report ID --out FILE.pdf [--audience provider|commissioner] [--visit]`."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.records import SELF_ASSESSMENTS
from reports.audience import AUDIENCES, PROVIDER
from reports.renderers import ReportNotAvailable, render_assessment_pdf
from visits.records import VISITS

NO_SUCH_ASSESSMENT = "No assessment with id {pk} (for a QA visit's id, add --visit)."
NO_SUCH_VISIT = "No QA visit with id {pk}."
NO_SUCH_FOLDER = "Cannot write {out}: the folder {folder} does not exist."


class Command(BaseCommand):
    help = ("Render one self-assessment's (with --visit: one QA visit's) PDF report to a file "
            "(the provider's copy unless --audience says).")

    def add_arguments(self, parser):
        parser.add_argument("record_id", type=int, metavar="ID",
                            help="The self-assessment's id, or with --visit the QA visit's.")
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument("--audience", choices=AUDIENCES, default=PROVIDER,
                            help="provider (default) or commissioner: the commissioner copy says "
                                 "so on every page.")
        # Self-assessments and QA visits number their records separately, so the same id may
        # name one of each.
        parser.add_argument("--visit", action="store_true",
                            help="ID is a QA visit's (as in its address, /visits/ID/).")

    def handle(self, *args, record_id, out, audience, visit, **options):
        type_, missing = (VISITS, NO_SUCH_VISIT) if visit else (SELF_ASSESSMENTS,
                                                                NO_SUCH_ASSESSMENT)
        record = (type_.records().select_related("framework", "provider")
                  .filter(pk=record_id).first())
        if record is None:
            raise CommandError(missing.format(pk=record_id))
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(NO_SUCH_FOLDER.format(out=out, folder=path.parent))
        try:
            pdf = render_assessment_pdf(record, audience=audience)
        except ReportNotAvailable as exc:
            raise CommandError(str(exc)) from exc
        path.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote the {audience} copy of “{record}” to {out} ({len(pdf):,} bytes)."))

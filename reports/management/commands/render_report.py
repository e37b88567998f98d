"""`manage.py render_report ASSESSMENT_ID --out FILE.pdf [--audience provider|commissioner]`."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reports.audience import AUDIENCES, PROVIDER
from reports.renderers import ReportNotAvailable, render_assessment_pdf

NO_SUCH_ASSESSMENT = "No assessment with id {pk}."
NO_SUCH_FOLDER = "Cannot write {out}: the folder {folder} does not exist."


class Command(BaseCommand):
    help = "Render one assessment's PDF report to a file (the provider's copy unless --audience says)."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument("--audience", choices=AUDIENCES, default=PROVIDER,
                            help="provider (default) or commissioner: the commissioner copy says "
                                 "so on every page.")

    def handle(self, *args, assessment_id, out, audience, **options):
        assessment = (Assessment.objects.select_related("framework", "provider", "submitted_by")
                      .filter(pk=assessment_id).first())
        if assessment is None:
            raise CommandError(NO_SUCH_ASSESSMENT.format(pk=assessment_id))
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(NO_SUCH_FOLDER.format(out=out, folder=path.parent))
        try:
            pdf = render_assessment_pdf(assessment, audience=audience)
        except ReportNotAvailable as exc:
            raise CommandError(str(exc)) from exc
        path.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote the {audience} copy of “{assessment}” to {out} ({len(pdf):,} bytes)."))
